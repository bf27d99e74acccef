"""PMH: a municipality registers a 公費負担医療 recipient and a 自治体検診 recipient by My Number;
a facility checks them with the card; the 不開示フラグ (asked, or the register's DV 支援措置)
withholds the details; numbers with a wrong 検証番号 are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.health.pmh.data import (
    WITHHELD,
    CheckupKind,
    CheckupRegistration,
    PmhCheck,
    SubsidyRegistration,
)
from mynumber.health.pmh.numbers import with_check
from mynumber.kernel.errors import ForbiddenError

from ..insurers.test_enrol_and_verify import CLINIC
from .helpers import TODAY, World, world
from .platform_helpers import clerk_of, holder

# 法別 54 (難病法 特定医療費), 東京都 13, 実施機関 001: 5413001 + 検証番号.
NANBYO = with_check("5413001")
SHOUMAN = with_check("5213001")  # 法別 52 小児慢性特定疾病


def _subsidy(w: World, insurer: str = NANBYO, **changes: object) -> SubsidyRegistration:
    fields: dict[str, object] = {
        "my_number": w.resident.my_number,
        "municipality_code": clerk_of(w).municipality_code,
        "insurer_number": insurer, "recipient_number": with_check("123456"),
        "certification_name": "特定医療費（指定難病）受給者証",
        "valid_from": dt.date(2026, 4, 1), "valid_to": dt.date(2027, 3, 31),
        "max_copayment_amount": 10000,
    }  # fmt: skip
    return SubsidyRegistration.model_validate(fields | changes)


def test_registered_and_checked_by_card_at_a_facility(system: System) -> None:
    w = world(system)
    stored = system.health.pmh.register_subsidy(clerk=clerk_of(w), registration=_subsidy(w))
    assert stored.law_number == "54" and not stored.is_not_disclosed
    system.health.pmh.register_checkup(
        clerk=clerk_of(w),
        registration=CheckupRegistration(
            my_number=w.resident.my_number, municipality_code=clerk_of(w).municipality_code,
            kind=CheckupKind.COLORECTAL, fiscal_year=2026,
        ),
    )  # fmt: skip
    answer = system.health.pmh.check(
        query=PmhCheck(facility_code=CLINIC, visit_date=TODAY, holder=holder(system, w))
    )
    (subsidy,) = answer.subsidies
    assert (subsidy.recipient_number, subsidy.max_copayment_amount) == (with_check("123456"), 10000)
    assert (subsidy.valid_from, subsidy.valid_to) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert [c.kind for c in answer.checkups] == [CheckupKind.COLORECTAL]
    # Not yet valid on an earlier day: not answered.
    early = system.health.pmh.check(
        query=PmhCheck(facility_code=CLINIC, visit_date=dt.date(2026, 3, 1),
                       holder=holder(system, w))
    )  # fmt: skip
    assert early.subsidies == ()
    log = system.health.vaccinations.access_records_of(holder=holder(system, w))
    assert [(r.facility, r.outcome) for r in log if r.action == "pmh check"] == [
        (CLINIC, "shown"), (CLINIC, "shown"),
    ]  # fmt: skip


def test_not_disclosed_withholds_the_details(system: System) -> None:
    w = world(system)
    clerk = clerk_of(w)
    system.health.pmh.register_subsidy(clerk=clerk, registration=_subsidy(w, is_not_disclosed=True))
    # The register's DV 支援措置 sets the flag on the next registration, unasked.
    system.registry.set_support_measure(
        resident_code=w.resident.resident_code, requested_on=TODAY, actor="clerk"
    )
    flagged = system.health.pmh.register_subsidy(
        clerk=clerk, registration=_subsidy(w, SHOUMAN, resident_code=w.resident.resident_code)
    )
    assert flagged.is_not_disclosed and flagged.recipient_number  # the clerk sees what it stored
    answer = system.health.pmh.check(
        query=PmhCheck(facility_code=CLINIC, visit_date=TODAY, holder=holder(system, w))
    )
    assert len(answer.subsidies) == 2
    for subsidy in answer.subsidies:
        assert subsidy.is_not_disclosed and subsidy.message == WITHHELD
        assert subsidy.recipient_number is None and subsidy.max_copayment_amount is None
        assert subsidy.insurer_number is None and subsidy.valid_to is None
    log = system.health.vaccinations.access_records_of(holder=holder(system, w))
    assert log[-1].outcome == "shown (2 withheld)"


def test_a_clerk_of_another_municipality_is_refused(system: System) -> None:
    w = world(system)
    with pytest.raises(ForbiddenError) as refused:
        system.health.pmh.register_subsidy(clerk=clerk_of(w, other=True), registration=_subsidy(w))
    assert refused.value.code == "wrong_clerk"


def test_a_certificate_without_the_cards_signature_proves_nobody(system: System) -> None:
    w = world(system)
    system.health.pmh.register_subsidy(clerk=clerk_of(w), registration=_subsidy(w))
    unsigned = holder(system, w).model_copy(update={"signature": None})
    with pytest.raises(ForbiddenError) as refused:
        system.health.pmh.check(
            query=PmhCheck(facility_code=CLINIC, visit_date=TODAY, holder=unsigned)
        )
    assert refused.value.code == "no_card_signature"
