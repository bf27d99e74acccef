"""Every page works with the network cut off: nothing is loaded from outside the instance.

A reception's browser may have no internet, and a page that pulls a script from a CDN is blank
there (and tells a third party who looked at what). The browser's every request is routed: one
to the instance goes through, any other is cut off and recorded, and the test fails on it.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Page, Request, Response, Route, expect

from mynumber.app import System
from mynumber.kernel.staffauth import StaffRole
from tests.browser.conftest import fill_login, log_in_as_staff
from tests.servers import StaffLogins

from ..e2e.test_reception_http import reception_patient
from ..integration.facility.helpers import CLINIC

pytestmark = pytest.mark.browser

# Every URL a page names in an attribute that makes the browser load it (favicons included,
# which Chromium fetches outside the request routing).
_LOADED_URLS = """() => [...document.querySelectorAll(
  'script[src], link[href], img[src], iframe[src], frame[src], source[src], video[src],'
  + ' audio[src], track[src], embed[src], object[data], image[href], use[href]')]
  .map(e => e.src || e.href?.baseVal || e.href || e.data)
  .filter(u => typeof u === 'string' && u && !u.startsWith('data:') && !u.startsWith('blob:'))
  .map(u => new URL(u, document.baseURI).href)"""


class CutOff:
    """The browser's network: the instance is reachable, everything else is cut off and noted."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.origin = _origin(base)
        self.outside: list[str] = []
        self.broken: list[str] = []
        page.context.route("**/*", self._route)
        page.on("response", self._response)

    def _route(self, route: Route, request: Request) -> None:
        if _origin(request.url) == self.origin:
            route.continue_()
        else:
            self.outside.append(f"{request.resource_type} {request.url} (from {request.frame.url})")
            route.abort("internetdisconnected")

    def _response(self, response: Response) -> None:
        """Note a part of a page (script, style, image, data) the instance failed to serve."""
        if response.request.resource_type != "document" and response.status >= 400:
            self.broken.append(f"{response.status} {response.url}")

    def visit(self, path: str) -> None:
        """Open a page, wait until it is quiet, and note any outside URL its elements name."""
        response = self.page.goto(path)
        assert response is not None, path
        self.page.wait_for_load_state("networkidle")
        self.check_elements()

    def check_elements(self) -> None:
        """Note the outside URLs the page's elements name (as loaded, with the network cut)."""
        for url in self.page.evaluate(_LOADED_URLS):
            if _origin(url) != self.origin:
                self.outside.append(f"element {url} (on {self.page.url})")

    def pages_linked_from(self, path: str) -> list[str]:
        """Return the instance's HTML pages linked from a page (API and file downloads left out)."""
        self.page.goto(path)
        found: list[str] = []
        for href in self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urldefrag(urljoin(self.page.url, href)).url
            if _origin(url) != self.origin or url in found:
                continue
            answer = self.page.request.get(url)
            if answer.headers.get("content-type", "").startswith("text/html"):
                found.append(url)
        return found

    def assert_nothing_from_outside(self) -> None:
        """Fail with every outside request and every part of a page the instance did not serve."""
        assert self.outside == [], "requests to outside the instance:\n" + "\n".join(self.outside)
        assert self.broken == [], "parts of pages not served:\n" + "\n".join(self.broken)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def test_every_page_works_with_the_network_cut_off(
    page: Page, system: System, server: str, staff: StaffLogins
) -> None:
    patient = reception_patient(system)
    network = CutOff(page, server)

    # Logged out: the landing page, everything it links to, the staff login forms.
    linked = network.pages_linked_from("/")
    assert {f"{server}/docs", f"{server}/registry/search", f"{server}/reception"} <= set(linked)
    for url in [f"{server}/", *linked]:
        network.visit(url)

    # The API documentation renders its operations from the instance's own Swagger UI.
    network.visit("/docs")
    network.assert_nothing_from_outside()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("mynumber")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    # Swagger UI renders only what is in view: the first tag's operations, then, at the end of
    # the page, the last tag's.
    expect(operations.nth(9)).to_be_attached()
    expect(page.locator(".opblock-tag", has_text="eligibility")).to_be_visible()
    page.mouse.wheel(0, 100_000)
    expect(page.locator(".opblock-tag", has_text="operations")).to_be_visible()
    page.mouse.wheel(0, -100_000)
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/")
    page.locator(".opblock-summary").first.click()  # an operation opens with its parameters
    expect(page.locator(".opblock-body").first).to_be_visible()
    network.check_elements()

    # Logged in as the patient's municipality's clerk: the same pages, a search with results.
    municipality = patient.resident.address.local_government_code
    log_in_as_staff(
        page, staff.account(StaffRole.MUNICIPALITY_CLERK, f"municipality:{municipality}")
    )
    for url in network.pages_linked_from("/"):
        network.visit(url)
    network.visit(f"/registry/search?birth_date={patient.resident.birth_date.isoformat()}")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(patient.resident.name.full)

    # The reception, as the clinic's receptionist: the terminal chooser, then a terminal's page,
    # which runs on htmx.
    page.context.clear_cookies()
    network.visit(f"/reception?facility={CLINIC.code}")
    fill_login(page, staff.receptionist(CLINIC.code))
    network.visit(f"/reception?facility={CLINIC.code}")
    expect(page.get_by_role("link", name=patient.terminal.terminal_id)).to_be_visible()
    network.visit(f"/reception?terminal={patient.terminal.terminal_id}")
    assert page.evaluate("typeof window.htmx") == "object"
    form = page.locator("#number-check")
    insured = patient.insured
    form.get_by_label("保険者番号").fill(insured.insurer_number)
    form.get_by_label("記号").fill(insured.symbol)
    form.get_by_label("番号", exact=True).fill(insured.number)
    form.get_by_label("枝番").fill(insured.branch)
    form.get_by_label("生年月日").fill(patient.resident.birth_date.isoformat())
    form.get_by_role("button", name="番号で確認").click()
    expect(page.locator("#answer #validity")).to_have_text("有効")  # swapped in by htmx
    network.check_elements()

    network.assert_nothing_from_outside()


def test_the_cut_off_catches_a_page_that_loads_from_outside(page: Page, server: str) -> None:
    """The check itself: a page naming a CDN script is caught, and the script never arrives."""
    network = CutOff(page, server)
    page.goto("/healthz")
    page.set_content(
        '<link rel="icon" href="https://cdn.example.org/favicon.png">'
        '<script src="https://cdn.example.org/lib.js"></script>'
    )
    network.check_elements()
    assert any("cdn.example.org/lib.js" in line for line in network.outside)
    assert any("element https://cdn.example.org/favicon.png" in line for line in network.outside)
    with pytest.raises(AssertionError, match="requests to outside the instance"):
        network.assert_nothing_from_outside()
