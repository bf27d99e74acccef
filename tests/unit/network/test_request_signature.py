"""What a request's signature covers: every field but the signature, whatever the time zone."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.kernel.agencykeys import public_key_text
from mynumber.network.data import ExchangeRequest, canonical_bytes, sign, signed_by

REQUEST = ExchangeRequest(
    requester="kouki:13",
    code="A" * 32,
    procedure="J0001",
    items=("TM00000000000001",),
    provider="municipality:131016",
    request_id="r-1",
    requested_at=dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC),
)
CHANGES = {
    "requester": "kouki:14",
    "code": "B" * 32,
    "procedure": "J0015",
    "items": ("TM00000000000001", "TM00000000000002"),
    "provider": "municipality:271004",
    "request_id": "r-2",
    "requested_at": dt.datetime(2026, 11, 22, 3, 0, 1, tzinfo=dt.UTC),
}


def test_every_field_but_the_signature_is_covered() -> None:
    assert set(CHANGES) | {"signature"} == set(ExchangeRequest.model_fields)
    for field, value in CHANGES.items():
        assert canonical_bytes(REQUEST.model_copy(update={field: value})) != canonical_bytes(
            REQUEST
        ), field
    in_tokyo = REQUEST.requested_at.astimezone(dt.timezone(dt.timedelta(hours=9)))
    same_moment = REQUEST.model_copy(update={"requested_at": in_tokyo, "signature": "x"})
    assert canonical_bytes(same_moment) == canonical_bytes(REQUEST)


def test_a_signed_request_survives_json_and_nothing_else() -> None:
    key = Ed25519PrivateKey.generate()
    signed = sign(REQUEST, key)
    assert len(signed.signature) == 86 and signed_by(signed, public_key_text(key))
    again = ExchangeRequest.model_validate_json(signed.model_dump_json())
    assert signed_by(again, public_key_text(key))
    other = public_key_text(Ed25519PrivateKey.generate())
    assert not signed_by(signed, other)
    assert not signed_by(signed.model_copy(update={"request_id": "r-2"}), public_key_text(key))
