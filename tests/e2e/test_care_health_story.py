"""Issue 13's story in one go over real HTTP on loopback.

A person turns 65 and is certified 要介護2; their care manager and a home-help office serving
them read the care data after checking the card, a clinic never asked for the 主治医意見書 is
refused and the doctor who wrote it is refused the 負担割合証. Clinic A prescribes a drug, clinic
B the same one: "重複あり", the details only once the patient consented at B's reader; the
pharmacy takes A's prescription by 引換番号 and dispenses it. The person sees it all on
マイナポータル, every view in the やりとり履歴. Clinic A uploads a 診療情報提供書 Bundle, an
invalid one (refused, each violation located, nothing stored) and a second under the same
identifier, which replaces the first.

The municipality's side (the 65th-birthday enrolment, the certification) and the registrations
(insurer, facilities, doctors' HPKI) go through the subsystems' api, as no HTTP interface
offers them; everything the person, the providers and the facilities do goes over HTTP.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from typing import Any

import httpx

from mynumber.app import System
from mynumber.care.data import Provider, ProviderKind
from mynumber.health.api import SampleKind

from ..integration.care.helpers import DOCTOR, HOME_HELP, MANAGER, Scene, certified_scene
from ..integration.health.bundles import bundle
from ..integration.health.helpers import (
    AMLODIPINE,
    OTHER_CLINIC,
    PHARMACY,
    TODAY,
    World,
    content,
    doctor,
    signed,
    world,
)
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..integration.portal.helpers import Holder
from ..servers import StaffLogins
from ..terminals import new_terminal
from .card_flows import care_card_body, portal_log_in, reader_card_auth

JST = dt.timezone(dt.timedelta(hours=9))
CARE = "/api/care/views/card"
BUNDLES = "/api/health/bundles"


def _view(
    system: System, server: str, headers: dict[str, str], scene: Scene, items: list[str], *,
    consent: bool = False,
) -> httpx.Response:  # fmt: skip
    """Have a provider's staff check the person's card and ask for the items."""
    with httpx.Client(base_url=server, headers=headers) as provider:
        return provider.post(
            CARE, json=care_card_body(system, provider, scene.card, items, consent=consent)
        )


def _care_views(system: System, server: str, staff: StaffLogins, scene: Scene) -> None:
    """The care manager sees everything (consent), the home-help office its share; clinic B,
    never asked for the 意見書, is refused; clinic A (asked) is refused the 負担割合証."""
    everything = ["insurance", "certification_docs", "care_plan", "burden"]
    seen = _view(system, server, staff.care_office(MANAGER), scene, everything, consent=True)
    assert seen.status_code == 200, seen.text
    manager = seen.json()
    assert manager["refused"] == [] and manager["via"] == "card"
    assert manager["insured"]["insured_number"] == scene.insured.insured_number
    assert manager["certification"]["level"] == "22" and manager["burden"]["ratio"] == 3
    assert manager["care_plan"]["care_manager"] == "田中 ケアマネ"
    helper = _view(system, server, staff.care_office(HOME_HELP), scene, ["insurance", "burden"])
    assert helper.status_code == 200, helper.text
    assert helper.json()["refused"] == [] and helper.json()["burden"]["ratio"] == 3
    stranger = _view(system, server, staff.facility(OTHER_CLINIC), scene, ["insurance"])
    assert (stranger.status_code, stranger.json()["error"]) == (403, "opinion_not_requested")
    asked = _view(system, server, staff.facility(DOCTOR), scene, ["certification_docs", "burden"])
    assert asked.status_code == 200, asked.text
    assert asked.json()["certification"]["opinion"] == "脳梗塞後遺症による右片麻痺"
    assert asked.json()["burden"] is None
    assert [r["code"] for r in asked.json()["refused"]] == ["not_for_medical_institution"]


def _prescribe(system: System, server: str, w: World) -> str:
    """Clinic A and clinic B prescribe the same drug; B sees "重複あり", its details only after
    the patient's consent at B's reader. Return clinic A's prescription id."""
    clinic_a = new_terminal(system, CLINIC).client(server)
    clinic_b = new_terminal(system, OTHER_CLINIC).client(server)
    doctor_a, doctor_b = doctor(system), doctor(system, given="二郎")
    mine = signed(system, doctor_a, content(w.patient, AMLODIPINE))
    issued = clinic_a.post("/api/health/prescriptions", json=mine.model_dump(mode="json"))
    assert issued.status_code == 200, issued.text
    assert issued.json()["check"]["message"] == "重複なし"
    same = signed(system, doctor_b, content(w.patient, AMLODIPINE, facility=OTHER_CLINIC))
    hidden = clinic_b.post("/api/health/prescriptions", json=same.model_dump(mode="json"))
    assert hidden.status_code == 200, hidden.text
    check = hidden.json()["check"]
    assert (check["found"], check["details_shown"], check["findings"]) == (True, False, [])
    assert "重複あり" in check["message"]
    _consent_at_reader(system, clinic_b, w)
    shorter = AMLODIPINE.model_copy(update={"days": 14})  # B's doctor writes it again, shorter
    rewritten = signed(system, doctor_b, content(w.patient, shorter, facility=OTHER_CLINIC))
    again = clinic_b.post("/api/health/prescriptions", json=rewritten.model_dump(mode="json"))
    assert again.status_code == 200, again.text
    shown = again.json()["check"]
    assert shown["details_shown"] is True
    assert {
        (f["kind"], f["other_drug"], f["other_facility"], f["other_date"])
        for f in shown["findings"]
    } >= {("duplicate", AMLODIPINE.yj_code, CLINIC, TODAY.isoformat())}  # fmt: skip
    _dispense(system, server, w, issued.json())
    return str(issued.json()["prescription_id"])


def _consent_at_reader(system: System, terminal: httpx.Client, w: World) -> None:
    """The patient registers the card for health insurance at clinic B's reader, then
    consents there to show their 薬剤情報 and 診療情報."""
    card = {"authentication": reader_card_auth(terminal, system, w.card_id, w.auth_pin)}
    registered = terminal.post("/api/eligibility/registrations", json=card)
    assert registered.status_code == 200 and registered.json()["registered"], registered.text
    visit = {
        "facility_code": OTHER_CLINIC, "visit_date": TODAY.isoformat(),
        "authentication": reader_card_auth(terminal, system, w.card_id, w.auth_pin),
        "consent": ["medication", "treatment"],
    }  # fmt: skip
    verified = terminal.post("/api/eligibility/verify/card", json=visit)
    assert verified.status_code == 200, verified.text
    assert verified.json()["QualificationValidity"] == "1"
    assert verified.json()["PharmacistsInfoConsFlg"] == "1"


def _dispense(system: System, server: str, w: World, issued: dict[str, Any]) -> None:
    """The pharmacy takes clinic A's prescription by 引換番号 and insured number, dispenses."""
    pharmacy = new_terminal(system, PHARMACY).client(server)
    retrieval = {
        "facility_code": PHARMACY, "exchange_number": issued["exchange_number"],
        "patient": w.patient.model_dump(mode="json"), "visit_date": TODAY.isoformat(),
    }  # fmt: skip
    taken = pharmacy.post("/api/health/retrievals", json=retrieval)
    assert taken.status_code == 200, taken.text
    assert [p["prescription_id"] for p in taken.json()] == [issued["prescription_id"]]
    dispensing = {
        "facility_code": PHARMACY, "prescription_id": issued["prescription_id"],
        "dispensed_on": TODAY.isoformat(), "drugs": [AMLODIPINE.model_dump(mode="json")],
    }  # fmt: skip
    done = pharmacy.post("/api/health/dispensings", json=dispensing)
    assert done.status_code == 200, done.text
    assert done.json()["use"] == 1


def _portal(system: System, server: str, holder: Holder, scene: Scene, prescribed: str) -> None:
    """The person logs in with the card and sees their care, their prescription dispensed, and
    every view of the providers and the facilities in the やりとり履歴."""
    with httpx.Client(base_url=server) as client:
        auth = portal_log_in(system, client, holder)
        care = client.get("/portal/api/me/care", headers=auth)
        assert care.status_code == 200, care.text
        insured, certified = care.json()["care"]["insured"], care.json()["care"]["certification"]
        assert insured["insured_number"] == scene.insured.insured_number
        assert (insured["category"], insured["acquired_on"]) == ("1", TODAY.isoformat())
        assert (certified["level"], certified["valid_from"], certified["valid_to"]) == (
            "22", TODAY.isoformat(), "2027-05-31",
        )  # fmt: skip
        medication = client.get("/portal/api/me/prescriptions", headers=auth)
        assert medication.status_code == 200, medication.text
        [held] = medication.json()["prescriptions"]
        statuses = {p["prescription_id"]: p["status"] for p in held["prescriptions"]}
        assert statuses[prescribed] == "dispensed" and len(statuses) == 3
        assert [d["prescription_id"] for d in held["dispensings"]] == [prescribed]
        history = client.get("/portal/api/records", headers=auth).json()
    _history_shows_every_view(history)


def _number(who: str) -> str:
    """Return the 事業所番号 or 医療機関等コード an entry's `who` names."""
    found = re.search(r"\d{10}", who)
    return found.group() if found else who


def _history_shows_every_view(history: dict[str, Any]) -> None:
    """Every view and refusal is in the person's やりとり履歴, named by the provider's number."""
    seen = {(e["source"], _number(e["who"]), e["what"]) for e in history["entries"]}
    assert {
        ("care", MANAGER, "ケアプランを閲覧"),
        ("care", MANAGER, "認定調査票・主治医意見書を閲覧"),
        ("care", HOME_HELP, "負担割合証を閲覧"),
        ("care", OTHER_CLINIC,
         "被保険者証情報（要介護状態区分）の閲覧を拒否（意見書の作成依頼なし）"),
        ("care", DOCTOR, "負担割合証の閲覧を拒否（医療機関には提供されない情報）"),
        ("health", CLINIC, "処方箋を登録"),
        ("health", OTHER_CLINIC, "処方箋を登録"),
        ("health", PHARMACY, "処方箋を取得（引換番号）"),
        ("health", PHARMACY, "調剤結果を登録"),
    } <= seen  # fmt: skip
    chains = {c["source"]: c for c in history["chains"]}
    assert chains["care"]["intact"] and chains["health"]["intact"]


def _bundles(system: System, server: str, w: World) -> None:
    """Clinic A uploads a 診療情報提供書; an invalid one under the same identifier is refused,
    each violation located, and stores nothing; a second valid one replaces the first. Clinic
    B, where the patient consented, finds one Bundle: the second."""
    clinic_a = new_terminal(system, CLINIC).client(server)
    first = bundle(w, CLINIC, SampleKind.REFERRAL)
    accepted = clinic_a.post(BUNDLES, json=first)
    assert accepted.status_code == 200, accepted.text
    identifier = accepted.json()["identifier"]
    assert identifier == first["identifier"]["value"] and accepted.json()["version"] == 1
    broken = dict(first, type="collection", timestamp="2026-04-01")
    refused = clinic_a.post(BUNDLES, json=broken)
    assert (refused.status_code, refused.json()["error"]) == (422, "bundle_invalid")
    violations = refused.json()["violations"]
    located = {v["location"] for v in violations}
    assert {"Bundle.timestamp", "Bundle.meta.profile", "Bundle.entry[0].resource"} <= located
    assert all(v["location"].startswith("Bundle") and v["message"] for v in violations)
    later = dt.datetime(2026, 11, 22, 10, 0, tzinfo=JST)
    second = bundle(w, CLINIC, SampleKind.REFERRAL, issued=later)
    assert second["identifier"] == first["identifier"] and second != first
    replaced = clinic_a.post(BUNDLES, json=second)
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["version"], replaced.json()["replaced"]) == (2, True)
    clinic_b = new_terminal(system, OTHER_CLINIC).client(server)
    query = {"facility_code": OTHER_CLINIC, "patient": w.patient.model_dump(mode="json")}
    found = clinic_b.post(f"{BUNDLES}/search", json=query)
    assert found.status_code == 200, found.text
    [stored] = found.json()["bundles"]
    assert (stored["identifier"], stored["version"], stored["versions"]) == (identifier, 2, 2)
    assert stored["bundle"] == second
    read = clinic_b.get(f"{BUNDLES}/{urllib.parse.quote(identifier, safe='')}")
    assert read.status_code == 200 and read.json()["bundle"]["timestamp"] == second["timestamp"]


def test_a_person_turning_65_through_care_prescriptions_portal_and_bundles(
    system: System, server: str, staff: StaffLogins
) -> None:
    scene = certified_scene(system)  # 65 today: 第1号, certified 要介護2, served, with a card
    assert scene.insured.category.value == "1" and len(scene.insured.insured_number) == 10
    w = world(system, resident=scene.resident, card=scene.card)  # covered by 協会けんぽ
    clinic_b = Provider(number=OTHER_CLINIC, kind=ProviderKind.MEDICAL, name="みどり整形外科")
    system.care.register_provider(provider=clinic_b)
    _care_views(system, server, staff, scene)
    prescribed = _prescribe(system, server, w)
    holder = Holder(scene.resident, scene.card.card.card_id, scene.card.pins.auth)
    _portal(system, server, holder, scene, prescribed)
    _bundles(system, server, w)
