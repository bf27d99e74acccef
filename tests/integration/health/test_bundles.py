"""電子カルテ情報共有サービス: a facility uploads JP-CLINS Bundles; an invalid one is refused with
every violation located and nothing stored; re-sending replaces; another facility sees them only
with the patient's consent; the insurer sees the 健診結果報告書; the access log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mynumber.app import System
from mynumber.health.api import BundleQuery, BundleReceipt, BundleRejectedError, SampleKind
from mynumber.health.models import EhrBundleRow, EhrBundleVersionRow
from mynumber.kernel.errors import ConflictError, DomainError, ForbiddenError

from ...races import at_once
from ..insurers.test_enrol_and_verify import CLINIC
from .bundles import bundle, consent_at
from .helpers import OTHER_CLINIC, world


def _count(system: System, table: type[EhrBundleRow] | type[EhrBundleVersionRow]) -> int:
    with system.database.scoped("health").unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_a_bundle_is_stored_and_sent_again_replaces_it(system: System) -> None:
    w = world(system)
    first = bundle(w, CLINIC, SampleKind.CONDITION)
    receipt = system.health.upload_bundle(facility_code=CLINIC, document=first)
    assert receipt.identifier == first["identifier"]["value"]
    assert (receipt.version, receipt.replaced, receipt.category) == (1, False, "Condition")

    second = bundle(w, CLINIC, SampleKind.CONDITION)
    second["entry"] = second["entry"][:2]  # one of the two conditions withdrawn
    again = system.health.upload_bundle(facility_code=CLINIC, document=second)
    assert (again.identifier, again.version, again.replaced) == (receipt.identifier, 2, True)

    seen = system.health.bundles_for(query=BundleQuery(facility_code=CLINIC, patient=w.patient))
    (latest,) = seen.bundles
    assert (latest.version, latest.versions, len(latest.bundle["entry"])) == (2, 2, 2)
    older = system.health.bundle(identifier=receipt.identifier, facility_code=CLINIC, version=1)
    assert len(older.bundle["entry"]) == 3
    assert (_count(system, EhrBundleRow), _count(system, EhrBundleVersionRow)) == (1, 2)


def test_documents_are_stored_as_document_bundles(system: System) -> None:
    w = world(system)
    for kind, unique in ((SampleKind.REFERRAL, "R1"), (SampleKind.DISCHARGE_SUMMARY, "D1")):
        receipt = system.health.upload_bundle(
            facility_code=CLINIC, document=bundle(w, CLINIC, kind, unique)
        )
        assert receipt.bundle_type == "document"
    shown = system.health.bundles_for(query=BundleQuery(facility_code=CLINIC, patient=w.patient))
    assert [b.category for b in shown.bundles] == ["57133-1", "18842-5"]


def test_an_invalid_bundle_is_refused_with_every_violation_located(system: System) -> None:
    w = world(system)
    broken = bundle(w, CLINIC, SampleKind.CONDITION)
    broken["type"] = "transaction"
    del broken["entry"][1]["resource"]["onsetDateTime"]
    with pytest.raises(BundleRejectedError) as refused:
        system.health.upload_bundle(facility_code=CLINIC, document=broken)
    assert (refused.value.status, refused.value.code) == (422, "bundle_invalid")
    locations = {v.location for v in refused.value.check.errors}
    assert "Bundle.type" in locations
    assert any(loc.startswith("Bundle.entry[1].resource") for loc in locations), locations
    with pytest.raises(BundleRejectedError):
        system.health.upload_bundle(facility_code=CLINIC, document=b"{not json")
    assert (_count(system, EhrBundleRow), _count(system, EhrBundleVersionRow)) == (0, 0)


def test_only_the_facility_named_in_the_identifier_and_a_covered_patient(system: System) -> None:
    w = world(system)
    with pytest.raises(ForbiddenError) as other:
        system.health.upload_bundle(
            facility_code=OTHER_CLINIC, document=bundle(w, CLINIC, SampleKind.ALLERGY)
        )
    assert other.value.code == "bundle_not_yours"
    stranger = bundle(w, CLINIC, SampleKind.ALLERGY)
    stranger["entry"][0]["resource"]["birthDate"] = "1901-01-01"
    with pytest.raises(DomainError) as uncovered:
        system.health.upload_bundle(facility_code=CLINIC, document=stranger)
    assert uncovered.value.code == "patient_not_eligible"
    assert _count(system, EhrBundleRow) == 0


def test_another_facility_needs_the_patients_consent(system: System) -> None:
    w = world(system)
    receipt = system.health.upload_bundle(
        facility_code=CLINIC, document=bundle(w, CLINIC, SampleKind.LAB_EMERGENCY)
    )
    query = BundleQuery(facility_code=OTHER_CLINIC, patient=w.patient)
    refused = system.health.bundles_for(query=query)
    assert not refused.consented and refused.bundles == ()
    with pytest.raises(ForbiddenError) as single:
        system.health.bundle(identifier=receipt.identifier, facility_code=OTHER_CLINIC)
    assert single.value.code == "consent_required"

    consent_at(system, w, OTHER_CLINIC)
    allowed = system.health.bundles_for(query=query)
    assert allowed.consented and [b.identifier for b in allowed.bundles] == [receipt.identifier]
    one = system.health.bundle(identifier=receipt.identifier, facility_code=OTHER_CLINIC)
    assert one.facility_code == CLINIC

    log = system.health.access_records(patient=w.patient)
    assert [(r.facility, r.action, r.outcome.split(":")[0]) for r in log] == [
        (CLINIC, "upload bundle", "stored"),
        (OTHER_CLINIC, "view bundles", "shown"),
        (OTHER_CLINIC, "view bundle", "refused"),
        (OTHER_CLINIC, "view bundles", "shown"),
        (OTHER_CLINIC, "view bundle", "shown"),
    ]
    assert log[1].outcome == "shown:own only (no consent):0"
    assert system.health.verify_access_log(patient=w.patient) == []


def test_the_insurer_sees_the_checkup_reports_of_its_insured(system: System) -> None:
    w = world(system)
    system.health.upload_bundle(
        facility_code=CLINIC, document=bundle(w, CLINIC, SampleKind.CHECKUP_REPORT, "K1")
    )
    system.health.upload_bundle(
        facility_code=CLINIC, document=bundle(w, CLINIC, SampleKind.ALLERGY)
    )
    reports = system.health.checkup_reports(insurer_number=w.patient.insurer_number)
    assert [r.category for r in reports] == ["53576-5"]
    assert system.health.checkup_reports(insurer_number="06139993") == []
    assert system.health.access_records(patient=w.patient)[-1].action == "view checkup report"


def test_uploads_racing_on_one_identifier_make_versions_or_ask_to_send_again(
    system: System,
) -> None:
    w = world(system)
    sent = bundle(w, CLINIC, SampleKind.ALLERGY, unique="NEW")
    outcomes = at_once(
        [lambda: system.health.upload_bundle(facility_code=CLINIC, document=sent)] * 4
    )
    stored = sorted(o.version for o in outcomes if isinstance(o, BundleReceipt))
    busy = [o for o in outcomes if not isinstance(o, BundleReceipt)]
    assert all(isinstance(o, ConflictError) and o.code == "bundle_busy" for o in busy), busy
    assert stored == list(range(1, 1 + len(stored))) and stored
    assert _count(system, EhrBundleVersionRow) == len(stored)
