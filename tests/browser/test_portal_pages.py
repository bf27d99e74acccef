"""A person logs in to マイナポータル in a real browser: the page shows a one-time code, the
smartphone app (`mynumber card login`, another process) answers it with the card, the page logs
in by itself and shows the やりとり履歴 with every chain verified."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import INTACT_MESSAGE
from tests.e2e.test_portal_login_cli import card
from tests.integration.portal.helpers import every_kind_of_record

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
