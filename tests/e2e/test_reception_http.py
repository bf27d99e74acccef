"""The reception page (受付画面) over real HTTP, without a browser: who may use it, which
terminal it serves, and the fragments its forms get back."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from mynumber.app import System
from mynumber.eligibility.api import AGENCY
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    CheckupResult,
    Claim,
    InsuredRef,
    Medication,
)
from mynumber.facility.data import Terminal
from mynumber.insurers.data import Membership
from mynumber.registry.data import ChangeKind, Resident, Sex

from ..agency_codes import code_for
from ..integration.facility.helpers import CLINIC, clinic_with_terminal
from ..integration.insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol
from ..integration.registry.helpers import person
from ..servers import StaffLogins, log_in

AMLODIPINE = Medication(
    code="2171022F1020", name="アムロジピン錠5mg", quantity=1, unit="錠", days=28
)


@dataclass(frozen=True)
class Patient:
    """A clinic's terminal and an insured patient whose card is registered (利用登録)."""

    terminal: Terminal
    resident: Resident
    membership: Membership
    card_id: str
    pin: str

    @property
    def insured(self) -> InsuredRef:
        """Return the numbers printed on the patient's 資格確認書."""
        numbers = self.membership.insured
        return InsuredRef(
            insurer_number=numbers.insurer_number,
            symbol=numbers.symbol,
            number=numbers.number,
            branch=numbers.branch,
        )


def reception_patient(system: System) -> Patient:
    """Set up the clinic with a terminal, and a patient with a card, a claim and a check-up."""
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    terminal = clinic_with_terminal(system)
    resident = system.registry.register(
        new=person(given="花子", given_kana="ハナコ", sex=Sex.FEMALE),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )
    issued = system.jpki.issue(resident_code=resident.resident_code)
    card_id, pin = issued.card.card_id, issued.pins.auth
    # Enrolled before the card is registered: the insurer sends a 資格確認書 with the numbers.
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    challenge = system.eligibility.new_challenge()
    system.eligibility.register_card(
        proof=CardProof(
            authentication=CardAuthentication(
                certificate=system.jpki.read_certificates(card_id=card_id).auth,
                challenge=challenge,
                signature=system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge),
            )
        )
    )
    patient = Patient(terminal, resident, membership, card_id, pin)
    claim = Claim(
        insured=patient.insured,
        facility_code=CLINIC.code,
        service_date=dt.date(2026, 10, 1),
        medications=(AMLODIPINE,),
    )
    checkup = CheckupResult(
        insured=patient.insured,
        examined_on=dt.date(2026, 6, 1),
        height_cm=160.0,
        weight_kg=55.0,
        waist_cm=78.0,
        systolic_mmhg=118,
        diastolic_mmhg=76,
        hba1c_percent=5.4,
        ldl_mg_dl=110,
        hdl_mg_dl=64,
        triglycerides_mg_dl=90,
    )
    assert system.eligibility.record_claims(claims=[claim]).stored == 1
    assert system.eligibility.record_checkups(results=[checkup]).stored == 1
    return patient


def _number_form(patient: Patient, birth_date: str) -> dict[str, str]:
    insured = patient.insured
    return {
        "terminal": patient.terminal.terminal_id,
        "insurer_number": insured.insurer_number,
        "symbol": insured.symbol,
        "number": insured.number,
        "branch": insured.branch,
        "birth_date": birth_date,
        "visit_date": "2026-11-22",
    }


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def _logged_in(server: str, staff: StaffLogins, terminal: str) -> Iterator[httpx.Client]:
    """Yield a client logged in as the clinic's receptionist through the login form (the
    session cookie), sending the page's CSRF token with every post as htmx does."""
    with httpx.Client(base_url=server, timeout=10) as client:
        target = f"/reception?terminal={terminal}"
        answer = log_in(client, staff.receptionist(CLINIC.code), target)
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == target
        found = CSRF_FIELD.search(client.get("/reception").text)
        assert found, "the logged-in page carries its CSRF token"
        client.headers["X-CSRF-Token"] = found.group(1)
        yield client


def test_the_page_and_its_forms_refuse_without_staff_login(server: str, system: System) -> None:
    terminal = clinic_with_terminal(system)
    with httpx.Client(base_url=server, timeout=10) as anonymous:
        page = anonymous.get("/reception", params={"terminal": terminal.terminal_id})
        assert page.status_code == 401
        assert "職員の認証が必要です" in page.text and 'name="password"' in page.text
        assert CLINIC.name not in page.text
        for path in ("/reception/card", "/reception/number"):
            fragment = anonymous.post(path, data={"terminal": terminal.terminal_id})
            assert fragment.status_code == 401
            assert "職員の認証が必要です" in fragment.text
        anonymous.cookies.set("mynumber_staff", "not-the-token")
        assert anonymous.get("/reception").status_code == 401


def test_an_unknown_terminal_is_named_clearly(
    server: str, system: System, staff: StaffLogins
) -> None:
    terminal = clinic_with_terminal(system)
    with _logged_in(server, staff, "1311234566-T99") as client:
        page = client.get("/reception", params={"terminal": "1311234566-T99"})
        assert page.status_code == 404
        assert "この資格確認端末は登録されていません" in page.text
        assert 'name="terminal"' in page.text  # the form to enter another one
        other = client.get("/reception", params={"terminal": "nonsense"})
        assert other.status_code == 404
        fragment = client.post("/reception/card", data={"terminal": "1311234566-T99"})
        assert fragment.status_code == 404
        assert "この資格確認端末は登録されていません" in fragment.text
        chooser = client.get("/reception", params={"facility": CLINIC.code})
        assert f'href="/reception?terminal={terminal.terminal_id}"' in chooser.text
        opened = client.get("/reception", params={"terminal": terminal.terminal_id})
        assert opened.status_code == 200
        assert CLINIC.name in opened.text and terminal.terminal_id in opened.text


def test_htmx_is_served_by_the_instance_itself(
    server: str, system: System, staff: StaffLogins
) -> None:
    terminal = clinic_with_terminal(system)
    with _logged_in(server, staff, terminal.terminal_id) as client:
        page = client.get("/reception", params={"terminal": terminal.terminal_id})
        sources = re.findall(r'<script[^>]*src="([^"]+)"', page.text)
        assert sources == ["/reception/static/htmx.min.js"]  # nothing from elsewhere
        script = client.get(sources[0])
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        assert 'version:"2.0.11"' in script.text


def test_a_number_check_answers_in_japanese(
    server: str, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    with _logged_in(server, staff, patient.terminal.terminal_id) as client:
        valid = client.post("/reception/number", data=_number_form(patient, "1980-04-01"))
        assert valid.status_code == 200, valid.text
        assert '<span id="validity">有効</span>' in valid.text
        assert "花子" in valid.text and "3割" in valid.text
        assert f"{KYOKAI_TOKYO.name}（{KYOKAI_TOKYO.number}）" in valid.text  # 保険者名称
        wrong = client.post("/reception/number", data=_number_form(patient, "1980-04-02"))
        assert '<span id="validity">該当資格なし</span>' in wrong.text
        assert "一致する資格がありません" in wrong.text and "花子" not in wrong.text
        bad_branch = {**_number_form(patient, "1980-04-01"), "branch": "1x"}
        refused = client.post("/reception/number", data=bad_branch)
        assert refused.status_code == 422
        assert "枝番は2桁の数字で入力してください" in refused.text
        # Full-width digits, as a Japanese keyboard may type them, are read as digits.
        wide = {**_number_form(patient, "１９８０年４月１日")}
        assert '<span id="validity">有効</span>' in client.post("/reception/number", data=wide).text


def _csv(patient: Patient, *birth_dates: str) -> bytes:
    insured = patient.insured
    numbers = f"{insured.insurer_number},{insured.symbol},{insured.number},{insured.branch}"
    rows = [f"{numbers},{born},P-{i}" for i, born in enumerate(birth_dates, start=1)]
    return "\n".join(["保険者番号,記号,番号,枝番,生年月日,患者ID", *rows]).encode("cp932")


def test_a_batch_is_answered_in_the_background_and_polled(
    server: str, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    terminal = patient.terminal.terminal_id
    with _logged_in(server, staff, terminal) as client:
        submitted = client.post(
            "/reception/batch",
            data={"terminal": terminal, "visit_date": "2026-11-23"},
            files={"csv_file": ("patients.csv", _csv(patient, "19800401", "1980-04-02", ""))},
        )
        assert submitted.status_code == 200, submitted.text
        number = re.search(r'id="reception-number">(B\d{14})<', submitted.text)
        assert number, submitted.text
        progress = submitted.text
        for _ in range(50):  # the worker answers within a second or two
            if "完了" in progress:
                break
            assert 'hx-trigger="every 1s"' in progress  # the page keeps asking
            time.sleep(0.2)
            progress = client.get(
                "/reception/batch", params={"terminal": terminal, "reception_number": number[1]}
            ).text
        assert "完了" in progress and 'hx-trigger="every 1s"' not in progress
        outcomes = re.findall(r'<td class="wrap outcome">([^<]*)', progress)
        assert [o.strip() for o in outcomes] == [
            "有効",
            "該当資格なし",
            "入力に誤りがあります: 生年月日がありません",
        ]


def test_a_batch_is_refused_clearly(server: str, system: System, staff: StaffLogins) -> None:
    patient = reception_patient(system)
    terminal = patient.terminal.terminal_id
    with httpx.Client(base_url=server, timeout=10) as anonymous:
        polled = anonymous.get(
            "/reception/batch", params={"terminal": terminal, "reception_number": "B1"}
        )
        assert polled.status_code == 401 and "職員の認証が必要です" in polled.text
    with _logged_in(server, staff, terminal) as client:
        wrong_header = client.post(
            "/reception/batch",
            data={"terminal": terminal},
            files={"csv_file": ("x.csv", "氏名,番号\n山田,1\n".encode())},
        )
        assert wrong_header.status_code == 422
        assert "CSVの1行目（見出し）は 保険者番号,記号,番号,枝番,生年月日,患者ID です" in (
            wrong_header.text
        )
        empty = client.post(
            "/reception/batch", data={"terminal": terminal}, files={"csv_file": ("x.csv", b"")}
        )
        assert "CSVファイルを選んでください" in empty.text
        unknown = client.get(
            "/reception/batch", params={"terminal": terminal, "reception_number": "B26112200000000"}
        )
        assert unknown.status_code == 404
        assert "受付番号 B26112200000000 の一括照会はありません" in unknown.text


def test_a_card_check_by_pin_and_a_wrong_pin(
    server: str, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    terminal = patient.terminal.terminal_id
    card = {"terminal": terminal, "card_id": patient.card_id, "method": "pin"}
    wrong_pin = "1111" if patient.pin != "1111" else "2222"
    with _logged_in(server, staff, terminal) as client:
        refused = client.post("/reception/card", data={**card, "pin": wrong_pin})
        assert refused.status_code == 200
        assert re.search(r"暗証番号が違います。（残り \d 回）", refused.text), refused.text
        assert "花子" not in refused.text
        valid = client.post("/reception/card", data={**card, "pin": patient.pin})
        assert '<span id="validity">有効</span>' in valid.text
        assert "マイナ保険証で確認" in valid.text
        assert 'id="consents"' in valid.text and "同意なし" in valid.text  # nothing ticked


def test_the_patients_records_name_the_receptionist_at_the_terminal(
    server: str, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    terminal = patient.terminal.terminal_id
    card = {"terminal": terminal, "card_id": patient.card_id, "method": "pin", "pin": patient.pin}
    with _logged_in(server, staff, terminal) as client:
        by_card = client.post("/reception/card", data=card)
        assert '<span id="validity">有効</span>' in by_card.text
        by_number = client.post("/reception/number", data=_number_form(patient, "1980-04-01"))
        assert '<span id="validity">有効</span>' in by_number.text
    subject = code_for(system, agency=AGENCY, resident_code=patient.resident.resident_code)
    reads = system.eligibility.access_records(subject=subject)[-2:]
    receptionist = staff.receptionist(CLINIC.code).account.name
    assert [(r.terminal, r.operator) for r in reads] == [
        (terminal, receptionist),  # by card: the reader's terminal and who worked it
        ("", receptionist),  # by number: typed at the page
    ]
