"""The sample life insurer sends a person to マイナポータル in a real browser: the card login
(the app in another process) comes back to the consent page, the person consents, the insurer
exchanges the code with its PKCE verifier and reads; the read is in the person's やりとり履歴,
and once the person withdraws the consent the next read is refused."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.oauth.data import ApiScope
from mynumber.portal.oauth.sample_client import INSURER, REDIRECT_URI, Insurer
from tests.e2e.test_portal_login_cli import card
from tests.integration.portal.oauth_helpers import insurer, patient

from .conftest import screenshot_path

pytestmark = pytest.mark.browser


def test_consent_page_then_the_read_in_the_history(
    page: Page, system: System, clock: FixedClock, server: str
) -> None:
    holder = patient(system)
    party = Insurer(server, insurer(system), (ApiScope.CHECKUPS, ApiScope.MEDICATION))
    page.route(  # the insurer's callback: no such site, the browser's arrival is enough
        f"{REDIRECT_URI}**", lambda route: route.fulfill(status=200, body="received")
    )
    page.goto(urljoin(server, party.authorize_url()))
    page.wait_for_url("**/portal/login**")  # not logged in: the card first
    code = page.locator("#login-code").inner_text().strip()
    answered = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
    assert answered.returncode == 0, answered.stderr
    page.wait_for_url("**/portal/oauth/authorize?**", timeout=15_000)  # back to the request
    expect(page.locator("#consent-client-name")).to_have_text(INSURER.name)
    expect(page.locator("#consent-purpose")).to_have_text(INSURER.purpose)
    expect(page.locator("#consent-scopes li")).to_have_text(["特定健診情報", "薬剤情報"])
    expect(page.locator("#consent-subject")).to_contain_text("シリアル番号")  # the real policy
    shot = screenshot_path("test_portal_consent.consent_page")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    page.locator("#consent-period").check()
    with page.expect_request(f"{REDIRECT_URI}**") as arrived:
        page.locator("#consent-allow").click()
    # Let the browser arrive at the callback before it is sent anywhere else: the route that
    # answers for the insurer's site runs only while Playwright has the browser's attention.
    page.wait_for_url(f"{REDIRECT_URI}**")
    tokens = party.exchange(party.code_from(arrived.value.url)).json()
    assert party.read(tokens["access_token"], ApiScope.CHECKUPS).status_code == 200
    page.goto("/portal/records")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("自己情報取得APIで特定健診情報を提供")
    expect(timeline).to_contain_text(INSURER.name)
    consents = page.request.get("/portal/api/consents").json()
    revoked = page.request.post(f"/portal/api/consents/{consents[0]['consent_id']}/revoke")
    assert revoked.status == 200
    assert party.read(tokens["access_token"], ApiScope.CHECKUPS).status_code == 401
    page.reload()
    expect(timeline).to_contain_text("自己情報取得APIの同意を取り消し")
    expect(timeline).to_contain_text("本人が同意を取り消しました")
