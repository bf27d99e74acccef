"""The care platform and the prescription service on the portal: the person's 介護保険 and 処方・
調剤 in the 自己情報表示, every view of them in the やりとり履歴, each chain checked."""

from __future__ import annotations

from sqlalchemy import update

from mynumber.app import System
from mynumber.care.data import CareLevel
from mynumber.health.data import PrescriptionStatus
from mynumber.health.models import access_records as health_reads
from mynumber.portal.data import INTACT_MESSAGE, SOURCE_NAMES, Source, Timeline
from mynumber.portal.own_data import Section

from ..health.helpers import PHARMACY
from ..insurers.test_enrol_and_verify import CLINIC
from .platform_helpers import care_viewed, prescribed_and_dispensed


def _entries(shown: Timeline, source: Source) -> list[tuple[str, str, str]]:
    return [(e.who, e.what, e.detail) for e in shown.entries if e.source is source]


def test_a_person_certified_care_2_sees_it_and_the_care_managers_view(system: System) -> None:
    scene = care_viewed(system)
    code = scene.holder.resident.resident_code
    shown = system.portal.own_data(resident_code=code, sections=(Section.CARE,))
    assert shown.care is not None and shown.care.insured.insured_number == scene.insured_number
    cert = shown.care.certification
    assert cert is not None and cert.level is CareLevel.CARE_2 and cert.valid_from is not None
    assert (cert.survey, cert.opinion) == (None, None)  # the documents: by 開示請求, not here
    assert shown.care.care_plan is not None and shown.care.care_plan.care_manager == "田中 ケアマネ"
    assert shown.care.burden is not None and shown.care.burden.ratio in (1, 2, 3)
    history = system.portal.timeline(resident_code=code)
    care = _entries(history, Source.CARE)
    manager = "居宅介護支援事業所（ケアマネジャー） 1370100016（田中）"
    by_card = "マイナンバーカードで本人確認"
    assert (manager, "被保険者証情報（要介護状態区分）を閲覧", by_card) in care
    assert (manager, "ケアプランを閲覧", by_card) in care
    refused = "被保険者証情報（要介護状態区分）の閲覧を拒否（利用関係なし）"
    assert ("介護サービス事業所 1370100032（鈴木）", refused, "被保険者番号で照会") in care
    own = ("本人（マイナポータル）", "介護保険の資格・認定・ケアプラン・負担割合を閲覧",
           "マイナポータル 自己情報表示")  # fmt: skip
    assert care[-1] == own
    chains = {c.source: c for c in history.chains}
    assert chains[Source.CARE].records == len(care) and chains[Source.CARE].intact
    assert history.intact and history.verdict == INTACT_MESSAGE
    assert scene.holder.resident.my_number not in history.model_dump_json()


def test_a_prescription_written_and_dispensed_is_seen_with_its_views(system: System) -> None:
    scene = prescribed_and_dispensed(system)
    code = scene.holder.resident.resident_code
    shown = system.portal.own_data(resident_code=code, sections=(Section.PRESCRIPTIONS,))
    [insured] = shown.prescriptions
    assert (insured.insurer_number, insured.number) == (
        scene.world.patient.insurer_number,
        scene.world.patient.number,
    )
    [prescription] = insured.prescriptions
    assert prescription.prescription_id == scene.issued.prescription_id
    assert prescription.status is PrescriptionStatus.DISPENSED and prescription.prescriber
    [dispensing] = insured.dispensings
    assert dispensing.facility_code == PHARMACY and dispensing.drugs[0].name == "アムロジピン錠5mg"
    history = system.portal.timeline(resident_code=code)
    health = _entries(history, Source.HEALTH)
    ident = scene.issued.prescription_id
    assert [(who, what) for who, what, _ in health] == [
        (f"医療機関・薬局 {CLINIC}", "処方箋を登録"),
        (f"医療機関・薬局 {PHARMACY}", "処方箋を取得（引換番号）"),
        (f"医療機関・薬局 {PHARMACY}", "調剤結果を登録"),
        ("本人（マイナポータル）", "処方・調剤情報を閲覧"),
    ]
    assert health[0][2].startswith(f"登録 処方箋ID {ident}")
    assert health[2][2].startswith(f"記録 処方箋ID {ident}（1回目）")
    chains = {c.source: c for c in history.chains}
    assert chains[Source.HEALTH].records == 4 and history.intact


def test_a_tampered_care_row_is_reported_broken(system: System) -> None:
    scene = care_viewed(system)
    with system.database.scoped("care").connection() as conn:
        conn.exec_driver_sql(
            "UPDATE care.access_records SET payload = replace(payload, 'refused', 'shown')"
        )
    history = system.portal.timeline(resident_code=scene.holder.resident.resident_code)
    chains = {c.source: c for c in history.chains}
    assert not chains[Source.CARE].intact and chains[Source.HEALTH].intact
    assert not history.intact and SOURCE_NAMES[Source.CARE] in history.verdict


def test_a_tampered_prescription_row_is_reported_broken(system: System) -> None:
    scene = prescribed_and_dispensed(system)
    with system.database.scoped("health").connection() as conn:
        conn.execute(
            update(health_reads).values(payload='{"facility":"x","action":"y","outcome":"z"}')
        )
    history = system.portal.timeline(resident_code=scene.holder.resident.resident_code)
    chains = {c.source: c for c in history.chains}
    assert not chains[Source.HEALTH].intact and chains[Source.CARE].intact
    assert chains[Source.HEALTH].problems[0].startswith("被保険者番号 ")
    assert SOURCE_NAMES[Source.HEALTH] in history.verdict
