"""Subject identifiers per client (利用者識別子): how a third party knows the person.

Under `api_subject_is_card_serial` (real) it is the user-authentication certificate's serial,
which every relying party receives and can follow across renewals (SEEDS-MAP K1, P4); under the
safeguarded policy a pairwise identifier, HMAC of client and person, that two clients cannot
join.
"""

from __future__ import annotations

import hashlib
import hmac

from mynumber.kernel.policy import Policy

__all__ = ["subject_for"]


def subject_for(
    policy: Policy, key: bytes, *, client_id: str, resident_code: str, serial: str
) -> str:
    """Return the identifier this client sees for the person."""
    if policy.api_subject_is_card_serial:
        return serial
    message = f"{client_id}\x00{resident_code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
