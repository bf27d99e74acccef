"""The DV 支援措置 over real HTTP: a municipality's clerk sets it at the register; the eligibility
answers by number and by card (JSON and XmlMsg) and the clinic's reception page then show no
address but the 不開示 flag; lifted, the address is back everywhere."""

from __future__ import annotations

import httpx
from defusedxml.ElementTree import fromstring as parse_xml

from mynumber.app import System
from mynumber.kernel.staffauth import StaffRole

from ..servers import StaffLogins, log_in
from ..terminals import new_terminal
from .card_flows import reader_card_auth
from .test_reception_http import Patient, _logged_in, _number_form, reception_patient

ADDRESS = "東京都千代田区千代田1番1号"


def _xml_search(patient: Patient) -> bytes:
    numbers = patient.membership.insured
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<XmlMsg><MessageHeader>'
        "<QualificationConfirmationDate>20261122</QualificationConfirmationDate>"
        f"<MedicalInstitutionCode>{patient.terminal.facility_code}</MedicalInstitutionCode>"
        "<ArbitraryFileIdentifier>DV-1</ArbitraryFileIdentifier></MessageHeader><MessageBody>"
        f"<QualificationConfirmSearchInfo><InsurerNumber>{numbers.insurer_number}</InsurerNumber>"
        f"<InsuredCardSymbol>{numbers.symbol}</InsuredCardSymbol>"
        f"<InsuredIdentificationNumber>{numbers.number}</InsuredIdentificationNumber>"
        f"<InsuredBranchNumber>{numbers.branch}</InsuredBranchNumber>"
        "<Birthdate>19800401</Birthdate><ArbitraryIdentifier>p</ArbitraryIdentifier>"
        "</QualificationConfirmSearchInfo></MessageBody></XmlMsg>"
    ).encode()


def _answers(system: System, server: str, patient: Patient) -> list[dict[str, str]]:
    """Return the person's result as a terminal gets it by number, by card and in XmlMsg."""
    terminal = new_terminal(system, patient.terminal.facility_code)
    visit = {"facility_code": patient.terminal.facility_code, "visit_date": "2026-11-22"}
    numbers = patient.membership.insured
    with terminal.client(server) as client:
        by_number = client.post("/api/eligibility/verify/number", json=visit | {
            "insurer_number": numbers.insurer_number, "symbol": numbers.symbol,
            "number": numbers.number, "branch": numbers.branch, "birth_date": "1980-04-01",
        })  # fmt: skip
        auth = reader_card_auth(client, system, patient.card_id, patient.pin)
        by_card = client.post("/api/eligibility/verify/card", json=visit | {"authentication": auth})
        xml = client.post("/api/eligibility/xml/single", content=_xml_search(patient))
    assert by_number.status_code == by_card.status_code == xml.status_code == 200, by_card.text
    result = parse_xml(xml.content).find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert result is not None
    from_xml = {name: result.findtext(name) or "" for name in ("Address", "AddressNotDisclosed")}
    return [by_number.json()["ResultList"][0], by_card.json()["ResultList"][0], from_xml]


def test_the_measure_hides_the_address_from_answers_and_the_reception_page(
    system: System, server: str, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    code = patient.resident.resident_code
    measure = f"/api/registry/residents/{code}/support-measure"
    with httpx.Client(base_url=server, timeout=30) as desk:
        assert desk.get(measure, headers=staff.clerk()).status_code == 404
        elsewhere = desk.put(
            measure, json={"requested_on": "2026-11-01"}, headers=staff.clerk("011002")
        )
        assert elsewhere.status_code == 403  # 札幌's clerk: not their resident
        set_ = desk.put(measure, json={"requested_on": "2026-11-01"}, headers=staff.clerk())
        assert set_.status_code == 200, set_.text
        assert set_.json()["in_force"] and set_.json()["valid_until"] == "2027-10-31"
    system.relay.drain()

    for answer in _answers(system, server, patient):
        assert answer["Address"] == "" and answer["AddressNotDisclosed"] == "1"
    with httpx.Client(base_url=server, timeout=30) as desk:  # the register's own desk
        log_in(desk, staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016"))
        found = desk.get("/registry/search", params={"kana": "タカハシ"})
        assert ADDRESS in found.text and "支援措置中" in found.text
    with _logged_in(server, staff, patient.terminal.terminal_id) as reception:
        page = reception.post("/reception/number", data=_number_form(patient, "1980-04-01"))
        assert '<span id="validity">有効</span>' in page.text
        assert "非開示（支援措置）" in page.text and "千代田1番1号" not in page.text

    with httpx.Client(base_url=server, timeout=30) as desk:
        lifted = desk.delete(measure, headers=staff.clerk())
        assert lifted.status_code == 200 and not lifted.json()["in_force"]
        again = desk.delete(measure, headers=staff.clerk())
        assert again.status_code == 404 and again.json()["error"] == "no_support_measure"
    system.relay.drain()

    for answer in _answers(system, server, patient):
        assert answer["Address"] == ADDRESS and answer["AddressNotDisclosed"] == "0"
    with _logged_in(server, staff, patient.terminal.terminal_id) as reception:
        page = reception.post("/reception/number", data=_number_form(patient, "1980-04-01"))
        assert f"〒1000001 {ADDRESS}" in page.text and "非開示" not in page.text
    whats = [r.payload["what"] for r in system.registry.access_records(resident_code=code)]
    changes = [w for w in whats if w.startswith("support_measure:")]
    assert changes == ["support_measure:set:2027-10-31", "support_measure:cleared"]
