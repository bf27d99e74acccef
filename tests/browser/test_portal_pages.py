"""A person logs in to マイナポータル in a real browser: the page shows a one-time code, the
smartphone app (`mynumber card login`, another process) answers it with the card, the page logs
in by itself and shows the やりとり履歴 with every chain verified; then the own-data page with
every source, and an お知らせ read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import INTACT_MESSAGE
from tests.browser.conftest import screenshot_path
from tests.e2e.test_portal_login_cli import card
from tests.integration.portal.helpers import Holder, card_holder, every_kind_of_record
from tests.integration.portal.own_helpers import EMPLOYER, holder_with_own_data

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
    expect(chains).to_have_count(5)
    for text in chains.locator("td:nth-child(3)").all_inner_texts():
        assert text == INTACT_MESSAGE


def _log_in_on_page(page: Page, system: System, server: str, holder: Holder) -> None:
    """Open the login page and answer its code with the card from the app (another process)."""
    page.goto("/portal/login")
    code = page.locator("#login-code").inner_text().strip()
    answered = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
    assert answered.returncode == 0, answered.stderr
    page.wait_for_url("**/portal/records", timeout=15_000)


def test_own_data_page_shows_every_source_and_the_fetch_in_the_history(
    page: Page, system: System, server: str
) -> None:
    holder = holder_with_own_data(system)
    _log_in_on_page(page, system, server, holder)
    expect(page.locator("#unread-count")).to_have_text("（未読 1 件）")
    page.get_by_role("link", name="自己情報").click()
    page.wait_for_url("**/portal/me")
    expect(page.get_by_role("heading", name="自己情報", exact=True)).to_be_visible()
    expect(page.locator("#own-basic")).to_contain_text("髙橋")
    expect(page.locator("#own-insurance")).to_contain_text("01130012")
    expect(page.locator("#own-medical")).to_contain_text("アムロジピン錠5mg")
    expect(page.locator("#own-tax")).to_contain_text("2026年度")
    expect(page.locator("#own-pension")).to_contain_text("基礎年金番号")
    expect(page.locator("#own-employment")).to_contain_text(EMPLOYER)
    expect(page.locator("#registration-state")).to_contain_text("利用登録済み")
    expect(page.locator("main")).not_to_contain_text(holder.resident.my_number)
    page.goto("/portal/records")
    expect(page.locator("#timeline")).to_contain_text("マイナポータル 自己情報表示")
    page.goto("/portal/me")  # the screenshot: the own-data page


def test_a_notice_is_shown_unread_then_read(page: Page, system: System, server: str) -> None:
    holder = card_holder(system)  # enrolled before the card: a 資格確認書 was issued
    _log_in_on_page(page, system, server, holder)
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
