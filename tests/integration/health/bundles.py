"""Sample Bundles about the prescription tests' patient, sent by their clinics, and the
patient's consent to show 診療情報 at a clinic's reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mynumber.app import System
from mynumber.eligibility.data import CardProof, CardQuery, ConsentScope
from mynumber.health.api import SampleKind, SampleSubject, sample_bundle

from ..eligibility.test_card_path import _authenticate
from .helpers import TODAY, World


def subject(w: World, facility: str) -> SampleSubject:
    """Return the sample subject of the world's patient at this facility."""
    p = w.patient
    return SampleSubject(
        institution=facility, insurer=p.insurer_number, symbol=p.symbol, number=p.number,
        branch=p.branch, birth_date=p.birth_date,
    )  # fmt: skip


def bundle(
    w: World, facility: str, kind: SampleKind, unique: str = "0001", *,
    issued: dt.datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Return a valid Bundle of this kind about the world's patient from this facility (written
    at `issued` if given, else at the samples' default time)."""
    when = {} if issued is None else {"issued": issued}
    return sample_bundle(kind, subject(w, facility), unique=unique, **when)


def consent_at(system: System, w: World, facility: str) -> None:
    """Register the patient's card, then consent to show 診療情報 at the facility's reader."""
    system.eligibility.register_card(
        proof=CardProof(authentication=_authenticate(system, w.card_id, w.auth_pin))
    )
    system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=facility, visit_date=TODAY,
            authentication=_authenticate(system, w.card_id, w.auth_pin),
            consent=(ConsentScope.TREATMENT,),
        )
    )  # fmt: skip
