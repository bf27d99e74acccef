"""Issue 13's scenario on both backends: a person turns 65, is certified 要介護2, and providers
see what the 2025 working group allows them, by card with no 利用登録; every view is recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.care.data import CareLevel, InsuredCategory, Item, NumberView, ProviderKind, Viewer
from mynumber.kernel.errors import ConflictError, ForbiddenError, NotFoundError

from .helpers import (
    CODE,
    DOCTOR,
    HOME_HELP,
    MANAGER,
    OTHER_CLINIC,
    STRANGER_OFFICE,
    TODAY,
    card_view,
    certified_scene,
    register_elder,
)

ALL = tuple(Item)


def _as(number: str, kind: ProviderKind = ProviderKind.CARE_SERVICE) -> Viewer:
    return Viewer(number=number, kind=kind, operator="staff-1")


def test_a_person_turning_65_is_insured_as_first_category(system: System) -> None:
    scene = certified_scene(system)
    assert scene.insured.category is InsuredCategory.FIRST
    assert scene.insured.acquired_on == TODAY and len(scene.insured.insured_number) == 10
    again = system.care.enrol_turning_65(municipality=CODE, on=TODAY)
    assert (again.found, again.enrolled, again.already) == (1, 0, 1)
    # The platform's 符号 was obtained once, through J-LIS; the search read the register as it.
    reads = [
        r.payload
        for r in system.registry.access_records(resident_code=scene.resident.resident_code)
    ]
    acquired = [r for r in reads if "acquire_code" in str(r.get("what"))]
    assert sum(1 for r in acquired if "care:kokuhoren" in str(r)) == 1, reads
    assert any(r.get("actor") == "care:kokuhoren" and r.get("what") == "search" for r in reads)
    status = system.care.status(resident_code=scene.resident.resident_code, actor="test")
    assert status.certification is not None and status.certification.level is CareLevel.CARE_2
    # 新規, applied on the 22nd: to the end of the 6th month after (⚠ the standard length).
    assert (status.certification.valid_from, str(status.certification.valid_to)) == (
        TODAY, "2027-05-31",
    )  # fmt: skip
    # 給与所得 4,360,000 (6,000,000 in 2025): 合計所得 ≥ 220万 and ≥ 340万 → 3割.
    assert status.burden is not None and status.burden.ratio == 3
    assert status.care_plan is not None and status.care_plan.office_number == MANAGER


def test_nobody_reaching_65_tomorrow_is_enrolled_today(system: System) -> None:
    register_elder(system, born=TODAY.replace(year=1961, day=24))
    run = system.care.enrol_turning_65(municipality=CODE, on=TODAY)
    assert (run.found, run.enrolled) == (0, 0)


def test_providers_see_what_the_working_group_allows(system: System) -> None:
    scene = certified_scene(system)
    care, number = system.care, scene.insured.insured_number
    by_number = NumberView(insured_number=number, items=(Item.INSURANCE,))
    # A care office serving the person must check the card first.
    with pytest.raises(ForbiddenError) as refused:
        care.view_by_number(viewer=_as(HOME_HELP), request=by_number)
    assert refused.value.code == "identity_not_confirmed"
    # The care manager, by card, with the person's consent: everything.
    seen = care.view_by_card(
        viewer=_as(MANAGER), request=card_view(system, scene.card, ALL, consent=True)
    )
    assert seen.refused == () and seen.via == "card"
    assert (
        seen.certification is not None
        and seen.certification.opinion == "脳梗塞後遺症による右片麻痺"
    )
    assert seen.burden is not None and seen.burden.ratio == 3
    assert seen.claims is not None and seen.claims[0].person_paid == 6_000  # 20,000円 × 3割
    # The home-help office, by card, without consent: the insurance and the 負担割合証 only.
    shown = care.view_by_card(viewer=_as(HOME_HELP), request=card_view(system, scene.card, ALL))
    assert shown.insured is not None and shown.burden is not None
    assert shown.certification is not None and shown.certification.survey is None
    assert {r.item: r.code for r in shown.refused} == {
        Item.CERTIFICATION_DOCS: "not_care_manager",
        Item.CARE_PLAN: "consent_absent",
        Item.CLAIMS: "consent_absent",
    }
    assert all(r.message for r in shown.refused)
    # Once the card was checked, the relationship lets it look again by number.
    assert care.view_by_number(viewer=_as(HOME_HELP), request=by_number).insured is not None
    # A provider without a relationship, a clinic never asked for an opinion: refused.
    for viewer, code in (
        (_as(STRANGER_OFFICE), "no_service_relationship"),
        (_as(OTHER_CLINIC, ProviderKind.MEDICAL), "opinion_not_requested"),
    ):
        with pytest.raises(ForbiddenError) as refused:
            care.view_by_card(
                viewer=viewer, request=card_view(system, scene.card, (Item.INSURANCE,))
            )
        assert refused.value.code == code
    # The doctor asked for the 意見書 sees the documents but never the 負担割合証.
    doctor = care.view_by_card(
        viewer=_as(DOCTOR, ProviderKind.MEDICAL),
        request=card_view(system, scene.card, (Item.CERTIFICATION_DOCS, Item.BURDEN)),
    )
    assert doctor.certification is not None and doctor.certification.survey is not None
    assert doctor.burden is None
    assert [(r.item, r.code) for r in doctor.refused] == [
        (Item.BURDEN, "not_for_medical_institution")
    ]
    _every_view_is_recorded(system, number)


def _every_view_is_recorded(system: System, number: str) -> None:
    records = system.care.access_records(insured_number=number)
    outcomes = [(r.payload["viewer"], r.payload["item"], r.payload["outcome"]) for r in records]
    assert (HOME_HELP, "insurance", "refused:identity_not_confirmed") in outcomes
    assert (STRANGER_OFFICE, "insurance", "refused:no_service_relationship") in outcomes
    assert (OTHER_CLINIC, "insurance", "refused:opinion_not_requested") in outcomes
    assert (DOCTOR, "burden", "refused:not_for_medical_institution") in outcomes
    assert (DOCTOR, "certification_docs", "shown") in outcomes
    assert sum(1 for v, _, o in outcomes if v == MANAGER and o == "shown") == len(ALL)
    assert system.care.verify_access_log(insured_number=number) == []


def test_the_relationship_ends_and_with_it_the_views(system: System) -> None:
    scene = certified_scene(system)
    care, number = system.care, scene.insured.insured_number
    since = TODAY - dt.timedelta(days=10)
    care.start_service(office_number=STRANGER_OFFICE, insured_number=number, since=since)
    viewer, asked = _as(STRANGER_OFFICE), (Item.INSURANCE,)
    assert care.view_by_card(viewer=viewer, request=card_view(system, scene.card, asked)).insured
    with pytest.raises(ConflictError):
        care.end_service(
            office_number=STRANGER_OFFICE, insured_number=number, until=since.replace(day=1)
        )
    care.end_service(
        office_number=STRANGER_OFFICE, insured_number=number, until=TODAY - dt.timedelta(days=1)
    )
    with pytest.raises(ForbiddenError) as refused:
        care.view_by_number(viewer=viewer, request=NumberView(insured_number=number, items=asked))
    assert refused.value.code == "no_service_relationship"


def test_a_card_whose_holder_is_not_insured_shows_nothing(system: System) -> None:
    certified_scene(system)
    younger = register_elder(system, born=dt.date(1980, 5, 5), given="次郎")
    card = system.jpki.issue(resident_code=younger.resident_code)
    with pytest.raises(NotFoundError) as refused:
        system.care.view_by_card(
            viewer=_as(MANAGER), request=card_view(system, card, (Item.INSURANCE,))
        )
    assert refused.value.code == "card_holder_not_insured"


def test_staff_of_a_medical_institution_never_act_as_a_care_office(system: System) -> None:
    scene = certified_scene(system)
    request = NumberView(insured_number=scene.insured.insured_number, items=(Item.INSURANCE,))
    for viewer in (_as(MANAGER, ProviderKind.MEDICAL), _as(DOCTOR, ProviderKind.CARE_SERVICE)):
        with pytest.raises(ForbiddenError) as refused:
            system.care.view_by_number(viewer=viewer, request=request)
        assert refused.value.code == "provider_kind_mismatch"


def test_the_access_log_shows_tampering(system: System) -> None:
    scene = certified_scene(system)
    number = scene.insured.insured_number
    system.care.view_by_card(
        viewer=_as(MANAGER), request=card_view(system, scene.card, (Item.INSURANCE,))
    )
    with system.database.scoped("care").connection() as conn:
        conn.exec_driver_sql(
            "UPDATE care.access_records SET payload = replace(payload, 'shown', 'hidden')"
        )
    assert system.care.verify_access_log(insured_number=number) != []
