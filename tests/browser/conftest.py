"""Real-browser fixtures: Playwright driving the system Chromium (Debian's ``chromium``).

One browser per test session; each test gets a fresh ja-JP context on a fresh server, and a
full-page screenshot of where it ended is saved to
``test-artifacts/screenshots/<module>.<test>.png``
(``$MYNUMBER_TEST_ARTIFACTS/screenshots/`` when that is set). Playwright's own browser
downloads are never used: scripts/system-packages installs Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from mynumber.kernel.staffauth import StaffRole
from mynumber.staff.data import NewAccount
from tests.servers import StaffLogins, server, staff

__all__ = [
    "browser",
    "fill_login",
    "log_in_as_staff",
    "page",
    "playwright",
    "server",
    "staff",
    "staff_page",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MS = 10_000
# Quiet, offline Chromium: no GPU, no calls home (this network reaches only package registries).
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--disable-background-networking"]


def chromium_path() -> str:
    """Return the system Chromium's path ($MYNUMBER_CHROMIUM overrides), or fail the test."""
    path = os.environ.get("MYNUMBER_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("no chromium on PATH: run scripts/system-packages (Debian: chromium)")
    return path


def screenshot_path(test_name: str) -> Path:
    """Return where the screenshot of a test (``module.test[param]``) goes."""
    root = Path(os.environ.get("MYNUMBER_TEST_ARTIFACTS") or REPO_ROOT / "test-artifacts")
    safe = re.sub(r"[^\w.\[\]-]", "_", test_name)
    return root / "screenshots" / f"{safe}.png"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Start Playwright's driver once per session."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Launch the system Chromium headless, once per session."""
    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=args)
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """Open a page in a fresh Japanese context (ja-JP, Asia/Tokyo) on the test's server.

    Relative URLs go to the server. At the end a full-page screenshot is saved.
    """
    context = browser.new_context(
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        base_url=server,
        viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    target = screenshot_path(f"{request.path.stem}.{request.node.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        opened.screenshot(path=str(target), full_page=True)
    except PlaywrightError as exc:  # a crashed page still lets the test report its own failure
        warnings.warn(f"no screenshot for {request.node.name}: {exc}", stacklevel=1)
    context.close()


def fill_login(page: Page, account: NewAccount) -> None:
    """Fill the staff login form shown on the page (アカウント名, パスワード) and submit it."""
    page.get_by_label("アカウント名").fill(account.account.name)
    page.get_by_label("パスワード").fill(account.password)
    page.get_by_role("button", name="ログイン").click()


def log_in_as_staff(page: Page, account: NewAccount) -> None:
    """Log in as a municipality's clerk on the search page's form and land back on it."""
    page.goto("/registry/search")
    fill_login(page, account)
    page.wait_for_url("**/registry/search")


@pytest.fixture
def staff_page(page: Page, staff: StaffLogins) -> Page:
    """Return the page logged in as a clerk of 千代田区 (the session cookie set by the form)."""
    log_in_as_staff(page, staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016"))
    return page
