"""A person logs in to マイナポータル in a real browser: the page shows a one-time code, the
smartphone app (`mynumber card login`, another process) answers it with the card, the page logs
in by itself and shows the やりとり履歴 with every chain verified; then the own-data page with
every source, and an お知らせ read. Another walk registers a 公金受取口座 (another person's refused
first) and adds and removes a 代理人; another cancels 健康保険証利用登録 from the page and registers
again, each confirmed and then answered with the card through the app."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import INTACT_MESSAGE, Source
from tests.browser.conftest import screenshot_path
from tests.e2e.test_portal_login_cli import card
from tests.integration.portal.helpers import (
    Holder,
    card_holder,
    every_kind_of_record,
    second_holder,
)
from tests.integration.portal.own_helpers import holder_with_own_data
from tests.integration.portal.test_registration import consent_at_clinic

pytestmark = pytest.mark.browser


def test_login_with_the_code_then_the_verified_history(
    page: Page, system: System, clock: FixedClock, server: str
) -> None:
    holder = every_kind_of_record(system, clock)
    page.goto("/portal/records")
    page.wait_for_url("**/portal/login")  # nobody is logged in yet
    expect(page.get_by_role("heading", name="マイナポータルにログイン")).to_be_visible()
    code = page.locator("#login-code").inner_text().strip()
    assert len(code) == 8 and code.isdigit()
    expect(page.locator("#login-qr svg")).to_be_visible()  # the app may read it instead
    answered = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
    assert answered.returncode == 0, answered.stderr
    page.wait_for_url("**/portal/records", timeout=15_000)  # the waiting page logs in
    expect(page.get_by_role("heading", name="やりとり履歴")).to_be_visible()
    expect(page.locator("#verdict")).to_have_text(INTACT_MESSAGE)
    expect(page.locator("#withheld")).to_contain_text("不開示の記録が 1 件")
    rows = page.locator("#timeline tbody tr")
    sources = rows.evaluate_all("rows => rows.map(r => r.dataset.source)")
    assert {"network", "eligibility", "jpki", "registry", "portal"} <= set(sources)
    expect(page.locator("#timeline")).to_contain_text("東京都後期高齢者医療広域連合")
    expect(page.locator("#timeline")).to_contain_text("マイナポータルにログイン")
    expect(page.locator("#timeline")).not_to_contain_text(holder.resident.my_number)
    chains = page.locator("#chains tbody tr")
    expect(chains).to_have_count(len(Source))  # one chain per source, each checked
    for text in chains.locator("td:nth-child(3)").all_inner_texts():
        assert text == INTACT_MESSAGE


def _shot(page: Page, name: str) -> None:
    """Keep a named full-page screenshot of a key step beside the test's own."""
    target = screenshot_path(f"test_portal_pages.{name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)


def _log_in(page: Page, system: System, server: str, holder: Holder) -> None:
    page.goto("/portal/login")
    code = page.locator("#login-code").inner_text().strip()
    answered = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
    assert answered.returncode == 0, answered.stderr
    page.wait_for_url("**/portal/records", timeout=15_000)


def test_own_data_page_shows_every_source_and_the_fetch_in_the_history(
    page: Page, system: System, server: str
) -> None:
    holder = holder_with_own_data(system)
    _log_in(page, system, server, holder)
    expect(page.locator("#unread-count")).to_have_text("（未読 1 件）")
    page.get_by_role("link", name="自己情報").click()
    page.wait_for_url("**/portal/me")
    expect(page.get_by_role("heading", name="自己情報", exact=True)).to_be_visible()
    expect(page.locator("#own-basic")).to_contain_text("髙橋")
    expect(page.locator("#household")).to_contain_text("（本人）")
    expect(page.locator("#own-insurance")).to_contain_text("01130012")
    expect(page.locator("#own-medical")).to_contain_text("アムロジピン錠5mg")
    expect(page.locator("#own-tax")).to_contain_text("2026年度")
    expect(page.locator("#own-tax")).to_contain_text("東京都千代田区の地方税関係情報")
    expect(page.locator("#own-pension")).to_contain_text("提供できる副本がありません")
    expect(page.locator("#own-employment")).to_contain_text("基本手当")
    expect(page.locator("#own-care")).to_contain_text("介護保険の被保険者としての記録はありません")
    expect(page.locator("#prescriptions-1")).to_contain_text("01130012")  # no prescription yet
    expect(page.locator("#own-vaccinations")).to_contain_text("予防接種の記録はありません")
    expect(page.locator("#own-ehr")).to_contain_text("電子カルテ情報の記録はありません")
    expect(page.locator("#own-pmh")).to_contain_text("公費負担医療・自治体検診の登録はありません")
    expect(page.locator("#registration-state")).to_contain_text("利用登録済み")
    expect(page.locator("main")).not_to_contain_text(holder.resident.my_number)
    page.goto("/portal/records")
    expect(page.locator("#timeline")).to_contain_text("マイナポータル 自己情報表示")
    expect(page.locator("#timeline")).to_contain_text(
        "自己情報表示: 本人の情報を自己情報提供で取得"
    )
    page.goto("/portal/me")  # the screenshot: the own-data page


def test_a_notice_is_shown_unread_then_read(page: Page, system: System, server: str) -> None:
    holder = card_holder(system)  # enrolled before the card: a 資格確認書 was issued
    _log_in(page, system, server, holder)
    page.get_by_role("link", name="お知らせ").click()
    page.wait_for_url("**/portal/notices")
    row = page.locator("#notices tbody tr").first
    expect(row).to_have_attribute("data-unread", "yes")
    expect(row).to_contain_text("資格確認書を交付しました")
    expect(row).to_contain_text("全国健康保険協会")
    expect(page.locator("#unread-count")).to_have_text("（未読 1 件）")
    page.screenshot(path=screenshot_path("test_portal_pages.notice_unread"), full_page=True)
    row.get_by_role("button", name="既読にする").click()
    page.wait_for_url("**/portal/notices")
    expect(page.locator("#notices tbody tr").first).to_have_attribute("data-unread", "no")
    expect(page.locator("#unread-count")).to_have_count(0)


def test_an_account_in_another_name_is_refused_then_a_proxy_added_and_removed(
    page: Page, system: System, server: str
) -> None:
    holder, proxy = card_holder(system), second_holder(system)
    _log_in(page, system, server, holder)
    page.get_by_role("link", name="公金受取口座").click()
    expect(page.locator("#account-none")).to_be_visible()
    form = page.locator("#account-form")
    for name, value in (("bank_code", "0005"), ("branch_code", "123"), ("number", "7654321")):
        form.locator(f"input[name={name}]").fill(value)
    form.locator("input[name=holder_kana]").fill("ｻﾄｳ ﾊﾅｺ")  # the previous person's account
    page.locator("#account-submit").click()
    expect(page.locator("#account-error")).to_contain_text("holder_mismatch")
    expect(page.locator("#account-none")).to_be_visible()  # nothing stored
    _shot(page, "account_mismatch_refused")
    for name, value in (("bank_code", "0005"), ("branch_code", "123"), ("number", "7654321")):
        form.locator(f"input[name={name}]").fill(value)
    form.locator("input[name=holder_kana]").fill("ﾀｶﾊｼ ﾀﾛｳ")
    page.locator("#account-submit").click()
    expect(page.locator("#account-done")).to_have_text("口座を登録しました。")
    expect(page.locator("#account-state")).to_have_text("登録済み")
    _shot(page, "account_registered")
    page.get_by_role("link", name="代理人").click()
    proxy_form = page.locator("#proxy-form")
    proxy_form.locator("input[name=proxy_resident_code]").fill(proxy.resident.resident_code)
    proxy_form.locator("input[name=valid_from]").fill("2026-01-01")
    proxy_form.locator("input[name=valid_until]").fill("2027-12-31")
    page.locator("#proxy-submit").click()
    expect(page.locator("#proxy-done")).to_have_text("代理人を登録しました。")
    row = page.locator(f"#proxies tr[data-proxy='{proxy.resident.resident_code}']")
    expect(row).to_contain_text("任意代理人")
    _shot(page, "proxy_added")
    row.locator("button.proxy-remove").click()
    expect(page.locator("#proxy-done")).to_have_text("代理人を解除しました。")
    expect(row).to_contain_text("解除済み")
    _shot(page, "proxy_removed")
    page.get_by_role("link", name="やりとり履歴").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("公金受取口座の登録を拒否")
    expect(timeline).to_contain_text("代理人を解除")
    expect(page.locator("#verdict")).to_have_text(INTACT_MESSAGE)


def _confirm_with_the_card(page: Page, system: System, server: str, holder: Holder) -> str:
    """Accept the page's confirmation, answer its code with the app; return the confirmation."""
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.locator("#registration-form button").click()
    page.wait_for_url("**/portal/registration/*")
    expect(page.locator("#registration-status")).to_contain_text("待っています")
    code = page.locator("#registration-code").inner_text().strip()
    answered = card(
        system, server, "registration", holder.card_id, "--pin", holder.pin, "--code", code
    )
    assert answered.returncode == 0, answered.stderr
    return asked[0]


def test_registration_cancelled_and_registered_again_from_the_page(
    page: Page, system: System, server: str
) -> None:
    holder = card_holder(system)
    consent_at_clinic(system, holder)
    _log_in(page, system, server, holder)
    page.goto("/portal/me")
    expect(page.locator("#registration-state")).to_contain_text("利用登録済み")
    consent = page.locator("#consents tbody tr").first
    expect(consent.locator("td:nth-child(2)")).to_have_text("特定健診情報・薬剤情報")
    expect(consent.locator("td:nth-child(4)")).to_have_text("2026-11-23 12:00:00")  # 有効期限
    expect(consent.locator("td:nth-child(5)")).to_have_text("有効")
    page.locator("#own-registration").scroll_into_view_if_needed()
    _shot(page, "registration_before")
    asked = _confirm_with_the_card(page, system, server, holder)
    assert "解除しますか" in asked and "資格確認書" in asked
    result = page.locator("#registration-result")
    expect(result).to_contain_text("健康保険証利用登録を解除しました。", timeout=15_000)
    _shot(page, "registration_cancelled")
    page.get_by_role("link", name="自己情報に戻る").click()
    expect(page.locator("#registration-state")).to_contain_text("利用登録は解除されています")
    asked = _confirm_with_the_card(page, system, server, holder)
    assert "利用登録しますか" in asked
    expect(result).to_contain_text("健康保険証利用登録が完了しました。", timeout=15_000)
    _shot(page, "registration_registered")
    page.goto("/portal/me")
    expect(page.locator("#registration-state")).to_contain_text("利用登録済み")
    page.goto("/portal/records")
    expect(page.locator("#timeline")).to_contain_text("マイナポータルで健康保険証利用登録を解除")
