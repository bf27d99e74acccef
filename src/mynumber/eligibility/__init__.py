"""The online eligibility verification system (オンライン資格確認等システム),
run for the insurers by 支払基金 and 国保中央会.

Owns each person's memberships keyed by its own agency code (機関別符号), so it holds the lifetime
history of a person's coverage across insurers and numbers; answers verification by insured
number (and, with JPKI, by card); records every read in the person's hash-chained access log.
Other subsystems use `mynumber.eligibility.api` (one protocol per audience, composed into
`Eligibility`) and `mynumber.eligibility.data` (the DTOs) only.

Inside, one package per concern: `callers` (who may call), `verification`, `registration`,
`medical` (consent, medical views, disaster mode), `memberships`, `batch` (一括照会) and
`transports` (HTTP: JSON, CSV, XML), with `local` composing them into `LocalEligibility`.
"""
