"""予防接種, 電子カルテ情報 (3文書6情報) and PMH on the portal: the person sees their own records,
never another person's; every read lands in their やりとり履歴, the chain intact; a PMH
registration under the 不開示フラグ shows only that it exists, and the facility that checked it
is not named. Over real HTTP too: the JSON sections, `/portal/me` and a document's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx

from mynumber.app import System
from mynumber.health.api import (
    Clerk,
    ImmunizationRoute,
    PmhCheck,
    SampleKind,
    SampleSubject,
    SubsidyRegistration,
    VaccinationRecord,
    sample_bundle,
)
from mynumber.health.data import InsuredPatient
from mynumber.health.pmh.numbers import with_check
from mynumber.portal.data import Source, Timeline
from mynumber.portal.ehr_summary import EhrInfo
from mynumber.portal.own_data import Section
from mynumber.registry.data import Resident
from tests.servers import server

from ..health.bundles import bundle
from ..health.helpers import TODAY, World, world
from ..health.platform_helpers import clerk_of, holder, mr_vaccine
from ..insurers.test_enrol_and_verify import CLINIC, KYOKAI_TOKYO, _enrol
from .helpers import Holder, login_proof, second_holder

__all__ = ["server"]

HEALTH_SECTIONS = (Section.VACCINATIONS, Section.EHR, Section.PMH)
SELF = "本人（マイナポータル）"
NANBYO = with_check("5413001")  # 法別 54 特定医療費 (指定難病)
SHOUMAN = with_check("5213001")  # 法別 52 小児慢性特定疾病: registered under the 不開示フラグ


@dataclass(frozen=True)
class Others:
    """Another insured person with a vaccination, a subsidy and a Bundle of their own."""

    resident: Resident
    patient: InsuredPatient


def _subsidy(resident: Resident, insurer: str, *, hidden: bool = False) -> SubsidyRegistration:
    return SubsidyRegistration(
        my_number=resident.my_number, municipality_code=resident.address.local_government_code,
        insurer_number=insurer, recipient_number=with_check("123456"),
        certification_name="特定医療費（指定難病）受給者証", valid_from=dt.date(2026, 4, 1),
        valid_to=dt.date(2027, 3, 31), max_copayment_amount=10000, is_not_disclosed=hidden,
    )  # fmt: skip


def _recorded(system: System, *, hidden: bool = True) -> World:
    """The patient: two MR doses, a 難病 subsidy and a second one (under the flag unless not
    `hidden`), a 傷病名 Bundle, an 感染症 Bundle and a 診療情報提供書 from the clinic."""
    w = world(system)
    for dose, on in ((1, dt.date(2025, 6, 1)), (2, dt.date(2025, 12, 1))):
        system.health.vaccinations.record(clerk=clerk_of(w), record=mr_vaccine(w, dose=dose, on=on))
    pmh = system.health.pmh
    pmh.register_subsidy(clerk=clerk_of(w), registration=_subsidy(w.resident, NANBYO))
    pmh.register_subsidy(
        clerk=clerk_of(w), registration=_subsidy(w.resident, SHOUMAN, hidden=hidden)
    )
    for kind, unique in ((SampleKind.CONDITION, "C1"), (SampleKind.INFECTION, "I1"),
                         (SampleKind.REFERRAL, "R1")):  # fmt: skip
        system.health.upload_bundle(facility_code=CLINIC, document=bundle(w, CLINIC, kind, unique))
    return w


def _others(system: System) -> Others:
    """Another person, of Sapporo and insured, with an インフルエンザ vaccination, a subsidy and
    a lab Bundle (HbA1c) of their own."""
    resident = second_holder(system).resident
    numbers = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1)).insured
    patient = InsuredPatient(
        insurer_number=numbers.insurer_number, symbol=numbers.symbol, number=numbers.number,
        branch=numbers.branch, birth_date=resident.birth_date,
    )  # fmt: skip
    town = resident.address.local_government_code
    clerk = Clerk(municipality_code=town, name="予防接種係 佐藤")
    flu = VaccinationRecord(
        my_number=resident.my_number, municipality_code=town, vaccine_code="FLU",
        vaccine_name="インフルエンザHAワクチン", lot_number="F-77",
        occurred_on=dt.date(2025, 11, 1), dose_number=1, facility_code=CLINIC,
        route=ImmunizationRoute.SUBCUTANEOUS,
    )  # fmt: skip
    system.health.vaccinations.record(clerk=clerk, record=flu)
    system.health.pmh.register_subsidy(clerk=clerk, registration=_subsidy(resident, NANBYO))
    lab = sample_bundle(SampleKind.LAB_LIFESTYLE, _subject_of(patient), unique="L9")
    system.health.upload_bundle(facility_code=CLINIC, document=lab)
    return Others(resident, patient)


def _subject_of(patient: InsuredPatient) -> SampleSubject:
    return SampleSubject(
        institution=CLINIC, insurer=patient.insurer_number, symbol=patient.symbol,
        number=patient.number, branch=patient.branch, birth_date=patient.birth_date,
        family="佐藤", given="花子", family_kana="サトウ", given_kana="ハナコ",
    )  # fmt: skip


def _health(shown: Timeline) -> list[tuple[str, str, str]]:
    return [(e.who, e.what, e.detail) for e in shown.entries if e.source is Source.HEALTH]


def test_the_person_sees_their_own_vaccinations_documents_and_subsidies(system: System) -> None:
    w, others = _recorded(system), _others(system)
    shown = system.portal.own_data(resident_code=w.resident.resident_code, sections=HEALTH_SECTIONS)
    assert shown.sections == HEALTH_SECTIONS
    assert [(v.vaccine_code, v.dose_number) for v in shown.vaccinations] == [("MR", 1), ("MR", 2)]
    kinds = [d.kind for d in shown.ehr]
    assert kinds == ["傷病名", "検査・感染症", "診療情報提供書"]
    conditions, infections, referral = shown.ehr
    assert conditions.counts == {EhrInfo.CONDITION: 2} and conditions.facility_code == CLINIC
    assert [i.text for i in conditions.items] == ["本態性高血圧症", "2型糖尿病"]
    assert conditions.items[0].date == "2019-06-03"
    assert infections.counts == {EhrInfo.INFECTION: 3}
    first = infections.items[0]
    assert (first.text, first.info) == ("HBs抗原 陰性", EhrInfo.INFECTION)
    assert referral.issued_on == dt.date(2026, 4, 1) and sum(referral.counts.values()) >= 1
    assert all("HbA1c" not in i.text for d in shown.ehr for i in d.items)  # the other's lab
    assert shown.pmh is not None and not shown.pmh.checkups
    disclosed, hidden = sorted(shown.pmh.subsidies, key=lambda s: s.is_not_disclosed)
    assert (disclosed.insurer_number, disclosed.max_copayment_amount) == (NANBYO, 10000)
    assert hidden.is_not_disclosed and hidden.message
    assert (hidden.insurer_number, hidden.certification_name, hidden.valid_to) == (None,) * 3
    theirs = system.portal.own_data(
        resident_code=others.resident.resident_code, sections=HEALTH_SECTIONS
    )
    assert [v.vaccine_code for v in theirs.vaccinations] == ["FLU"]
    assert [d.counts for d in theirs.ehr] == [{EhrInfo.LAB: 3}]
    assert theirs.pmh is not None and len(theirs.pmh.subsidies) == 1


def test_every_read_is_in_the_history_and_a_not_disclosed_check_names_no_facility(
    system: System,
) -> None:
    w = _recorded(system)
    code = w.resident.resident_code
    system.portal.own_data(resident_code=code, sections=HEALTH_SECTIONS)
    check = PmhCheck(facility_code=CLINIC, visit_date=TODAY, holder=holder(system, w))
    system.health.pmh.check(query=check)
    history = system.portal.timeline(resident_code=code)
    health = _health(history)
    whats = {(who, what) for who, what, _ in health}
    town = clerk_of(w).municipality_code
    assert (f"市区町村 {town}", "予防接種を記録") in whats
    assert (f"市区町村 {town}", "公費負担医療の受給者として登録") in whats
    assert (f"医療機関・薬局 {CLINIC}", "電子カルテ情報を登録") in whats
    assert {(SELF, "予防接種記録を閲覧"), (SELF, "公費負担医療・自治体検診の登録を閲覧"),
            (SELF, "電子カルテ情報を閲覧")} <= whats  # fmt: skip
    [own_pmh] = [d for who, what, d in health if what.endswith("の登録を閲覧")]
    assert own_pmh.startswith("表示（不開示 1件）")
    [checked] = [(who, d) for who, what, d in health if what.endswith("資格を確認")]
    assert checked[0] == "医療機関・薬局（不開示の設定により表示しません）"
    assert CLINIC not in checked[0] + checked[1]
    chains = {c.source: c for c in history.chains}
    assert chains[Source.HEALTH].intact and chains[Source.HEALTH].records == len(health)
    assert w.resident.my_number not in history.model_dump_json()


def test_without_the_flag_the_checking_facility_is_named(system: System) -> None:
    w = _recorded(system, hidden=False)
    check = PmhCheck(facility_code=CLINIC, visit_date=TODAY, holder=holder(system, w))
    system.health.pmh.check(query=check)
    shown = system.portal.own_data(resident_code=w.resident.resident_code, sections=(Section.PMH,))
    assert shown.pmh is not None and not any(s.is_not_disclosed for s in shown.pmh.subsidies)
    health = _health(system.portal.timeline(resident_code=w.resident.resident_code))
    assert (f"医療機関・薬局 {CLINIC}", "公費負担医療・自治体検診の資格を確認") in {
        (who, what) for who, what, _ in health
    }


def test_a_person_the_platform_never_named_has_empty_sections(system: System) -> None:
    resident = second_holder(system).resident
    shown = system.portal.own_data(resident_code=resident.resident_code, sections=HEALTH_SECTIONS)
    assert (shown.vaccinations, shown.ehr) == ((), ())
    assert shown.pmh is not None and (shown.pmh.subsidies, shown.pmh.checkups) == ((), ())


def _log_in(system: System, client: httpx.Client, w: World) -> dict[str, str]:
    started = client.post("/portal/api/login").json()
    holder_ = Holder(w.resident, w.card_id, w.auth_pin)
    proof = login_proof(system, holder_, started["code"]).model_dump()
    assert client.post(f"/portal/api/login/{started['code']}", json=proof).status_code == 204
    taken = client.post(
        f"/portal/api/login/{started['code']}/session", json={"waiter": started["waiter"]}
    ).json()
    client.cookies.set("mynumber_portal", taken["token"])
    return {"Authorization": f"Bearer {taken['token']}"}


def test_the_sections_and_a_document_over_http(system: System, server: str) -> None:
    w = _recorded(system)
    with httpx.Client(base_url=server, timeout=30) as client:
        auth = _log_in(system, client, w)
        got = client.get("/portal/api/me/vaccinations", headers=auth)
        assert got.status_code == 200, got.text
        assert [v["dose_number"] for v in got.json()["vaccinations"]] == [1, 2]
        pmh = client.get("/portal/api/me/pmh", headers=auth).json()["pmh"]
        assert sorted(s["is_not_disclosed"] for s in pmh["subsidies"]) == [False, True]
        documents = client.get("/portal/api/me/ehr", headers=auth).json()["ehr"]
        assert documents[0]["counts"] == {"傷病名": 2}
        page = client.get("/portal/me").text
        for part in ('id="own-vaccinations"', "乾燥弱毒生麻しん風しん混合ワクチン", "第2回",
                     'id="ehr-documents"', "傷病名 2件", "診療情報提供書", 'id="pmh-subsidies"',
                     "不開示の設定がある登録です"):  # fmt: skip
            assert part in page, part
        first = documents[0]["identifier"]
        detail = client.get("/portal/me/ehr", params={"document": first})
        assert detail.status_code == 200 and "本態性高血圧症" in detail.text
        assert "2019-06-03" in detail.text
        missing = client.get("/portal/me/ehr", params={"document": "1311234567^2026^nothing"})
        assert missing.status_code == 404
        entries = client.get("/portal/api/records", headers=auth).json()["entries"]
        whats = [e["what"] for e in entries if e["source"] == "health"]
        assert whats.count("電子カルテ情報を閲覧") >= 3  # the API, the page, the detail
