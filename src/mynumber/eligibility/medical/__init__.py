"""Consent and medical views, with disaster mode: the person's consent at a reader (`consent`),
the claims and check-ups filed under them (`claims`), the views a facility may be shown behind
that consent (`views`), and the operator's activation of disaster mode (`disaster`)."""
