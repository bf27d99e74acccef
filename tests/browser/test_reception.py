"""A receptionist at a clinic's 資格確認端末 checks patients on the reception page (受付画面)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect

from mynumber.app import System
from tests.browser.conftest import fill_login, screenshot_path
from tests.servers import StaffLogins

from ..e2e.test_reception_http import Patient, reception_patient
from ..integration.facility.helpers import CLINIC

pytestmark = pytest.mark.browser


def _shot(page: Page, name: str) -> None:
    """Keep a named full-page screenshot of a key step beside the test's own."""
    target = screenshot_path(f"test_reception.{name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)


def _open_terminal(page: Page, staff: StaffLogins, patient: Patient) -> None:
    """From the landing page: log in as the clinic's receptionist, find its terminal, open it."""
    page.goto("/")
    page.get_by_role("link", name="受付画面").click()
    expect(page.get_by_text("職員の認証が必要です")).to_be_visible()
    fill_login(page, staff.receptionist(CLINIC.code))
    page.get_by_label("医療機関コードから探す").fill(CLINIC.code)
    page.get_by_role("button", name="端末を表示").click()
    page.get_by_role("link", name=patient.terminal.terminal_id).click()
    expect(page).to_have_title(f"受付画面 — {CLINIC.name}")
    expect(page.locator("#terminal-id")).to_have_text(patient.terminal.terminal_id)


def _card_check(page: Page, patient: Patient, method: str, *consent: str) -> Locator:
    form = page.locator("#card-check")
    form.get_by_label("カードID").fill(patient.card_id)
    form.get_by_label(method, exact=True).check()
    reader = form.get_by_role("group", name="カードリーダーの画面")
    for scope in consent:
        reader.get_by_label(scope).check()
    form.get_by_role("button", name="カードで確認").click()
    return page.locator("#answer")


def _number_check(page: Page, patient: Patient, birth_date: str) -> Locator:
    form = page.locator("#number-check")
    insured = patient.insured
    form.get_by_label("保険者番号").fill(insured.insurer_number)
    form.get_by_label("記号").fill(insured.symbol)
    form.get_by_label("番号", exact=True).fill(insured.number)
    form.get_by_label("枝番").fill(insured.branch)
    form.get_by_label("生年月日").fill(birth_date)
    form.get_by_role("button", name="番号で確認").click()
    return page.locator("#answer")


def test_receptionist_checks_patients_by_card_and_by_number(
    page: Page, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    _open_terminal(page, staff, patient)
    expect(page.get_by_role("heading", name="カードで確認（マイナ保険証）")).to_be_visible()
    _shot(page, "01_reception_page")

    # The patient puts the card on the reader, the face matches, and they tick two scopes.
    answer = _card_check(page, patient, "顔認証", "薬剤情報", "特定健診等情報")
    expect(answer.locator("#validity")).to_have_text("有効")
    expect(answer).to_contain_text("マイナ保険証で確認")
    expect(answer).to_contain_text("髙橋　花子")
    expect(answer).to_contain_text("タカハシ　ハナコ")
    expect(answer.locator("#insurer")).to_contain_text("全国健康保険協会 東京支部")  # 保険者名称
    expect(answer.locator("#ratio")).to_have_text("3割")
    expect(answer.locator("#limit")).to_have_text("区分ウ（年収約370万～約770万円）")
    consents = answer.locator("#consents")
    expect(consents.locator("tr", has_text="薬剤情報")).to_contain_text(
        "同意あり（2026年11月23日 12:00 まで）"
    )
    expect(consents.locator("tr", has_text="診療情報")).to_contain_text("同意なし")

    answer.get_by_role("button", name="薬剤情報を表示").click()
    medications = answer.locator("#medications")
    expect(medications).to_contain_text("アムロジピン錠5mg")
    expect(medications).to_contain_text("28日分")
    _shot(page, "02_card_face_with_consent_and_medication")
    answer.get_by_role("button", name="特定健診情報を表示").click()
    expect(answer.locator("#checkups")).to_contain_text("118/76 mmHg")
    answer.get_by_role("button", name="診療情報を表示").click()
    expect(answer.locator("#medical .refusal")).to_contain_text(
        "患者の同意がないため表示できません"
    )

    # The same patient with their 資格確認書: by the printed numbers.
    answer = _number_check(page, patient, "1980-04-01")
    expect(answer.locator("#validity")).to_have_text("有効")
    expect(answer).to_contain_text("資格確認書・保険証で確認")
    expect(answer).to_contain_text(patient.insured.number)
    _shot(page, "03_number_check_valid")

    # A wrong birth date answers like an unknown number, and reveals no one.
    answer = _number_check(page, patient, "1980-04-02")
    expect(answer.locator("#validity")).to_have_text("該当資格なし")
    expect(answer.get_by_role("alert")).to_contain_text("一致する資格がありません")
    expect(answer).not_to_contain_text("花子")
    _shot(page, "04_number_check_wrong_birth_date")

    # The face does not match and staff did not confirm by eye: no answer.
    answer = _card_check(page, patient, "顔認証できず")
    expect(answer.get_by_role("alert")).to_contain_text("本人確認ができませんでした")
    expect(answer).to_contain_text("holder_not_confirmed")
    expect(answer).not_to_contain_text("花子")
    _shot(page, "05_face_failed_without_staff_check")

    # Staff compare the face with the card's photo (目視確認): answered.
    page.locator("#card-check").get_by_label("職員が目視で本人確認した").check()
    answer = _card_check(page, patient, "顔認証できず")
    expect(answer.locator("#validity")).to_have_text("有効")


def test_receptionist_uploads_tomorrows_patients(
    page: Page, system: System, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    _open_terminal(page, staff, patient)
    insured = patient.insured
    csv = (
        "保険者番号,記号,番号,枝番,生年月日,患者ID\n"
        f"{insured.insurer_number},{insured.symbol},{insured.number},{insured.branch},"
        "1980-04-01,P-0001\n"
        f"{insured.insurer_number},{insured.symbol},{insured.number},{insured.branch},"
        "1980-13-45,P-0002\n"
    ).encode()
    batch = page.locator("#batch")
    expect(batch.get_by_label("受診予定日")).to_have_value("2026-11-23")
    upload: FilePayload = {"name": "patients.csv", "mimeType": "text/csv", "buffer": csv}
    batch.get_by_label("CSVファイル").set_input_files(files=upload)
    batch.get_by_role("button", name="一括照会を送信").click()
    expect(batch.locator("#reception-number")).to_have_text(re.compile(r"^B261122\d{8}$"))
    expect(batch.locator("#batch-state")).to_have_text("完了")  # polled every second
    rows = batch.locator("#batch-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("P-0001")
    expect(rows.nth(0).locator("td.outcome")).to_have_text("有効")
    expect(rows.nth(0)).to_contain_text("髙橋　花子")
    expect(rows.nth(0)).to_contain_text("3割")
    expect(rows.nth(1)).to_contain_text("P-0002")
    expect(rows.nth(1).locator("td.outcome")).to_contain_text(
        "入力に誤りがあります: 生年月日が日付ではありません"
    )
    expect(batch).to_contain_text("回答 1件・エラー 1件")
    _shot(page, "06_batch_results")
