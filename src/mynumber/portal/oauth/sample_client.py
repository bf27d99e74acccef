"""The sample third party: a "life insurer" (生命保険会社) that asks, for underwriting, for the
person's check-ups and medication through the 自己情報取得API (SEEDS-MAP J5).

It runs the whole flow over HTTP against a running server, playing three parts: the insurer
(PKCE pair, state, token exchange, reads), the person's browser (the portal's consent page,
with the card login before it) and the smartphone app (the card signs the login challenge, as
`mynumber card login` does). Registration by the operator, and finding a demo card holder,
use the instance's own apis, as the operator's and the counter's tools would.
⚠ Demo PINs are shown once and not kept: without `--pin` the card's user-authentication PIN is
reset as at the counter (the person would know it).
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from mynumber.jpki.api import Jpki
from mynumber.jpki.data import CardStatus, PinKind
from mynumber.kernel.errors import NotFoundError
from mynumber.portal.oauth.data import ApiScope, ClientRegistration, RegisteredClient
from mynumber.registry.api import Registry

__all__ = ["INSURER", "CardHolder", "Insurer", "demo_holder", "insurer_client", "run"]

REDIRECT_URI = "https://life-insurer.example/callback"
INSURER = ClientRegistration(
    name="サンプル生命保険株式会社",
    purpose="保険の引受審査（健診結果と服薬の確認）",
    redirect_uris=(REDIRECT_URI,),
    scopes=(ApiScope.CHECKUPS, ApiScope.MEDICATION),
)
_REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')


@dataclass(frozen=True)
class CardHolder:
    """The person the sample acts for, with their card and its user-authentication PIN."""

    resident_code: str
    card_id: str
    pin: str


class RegistersClients(Protocol):
    """What the sample needs of the operator's register."""

    def clients(self) -> list[RegisteredClient]: ...
    def register_client(self, *, registration: ClientRegistration) -> RegisteredClient: ...


def insurer_client(register: RegistersClients) -> RegisteredClient:
    """Return the sample insurer's registration, registering it if needed."""
    for client in register.clients():
        if client.name == INSURER.name and client.revoked_at is None:
            return client
    return register.register_client(registration=INSURER)


def demo_holder(registry: Registry, jpki: Jpki, resident: str | None) -> CardHolder:
    """Return the given resident, or the first with an active card, with a usable PIN."""
    if resident is not None:
        return _with_pin(registry, jpki, resident)
    for offset in range(0, 5000, 200):
        for person in registry.listing(limit=200, offset=offset):
            if _active_card(jpki, person.resident_code):
                return _with_pin(registry, jpki, person.resident_code)
    raise NotFoundError("no resident has a card: run `mynumber demo` first", code="no_card_holder")


def _active_card(jpki: Jpki, resident_code: str) -> str | None:
    cards = jpki.cards_of(resident_code=resident_code)
    return next((c.card_id for c in cards if c.status is CardStatus.ACTIVE), None)


def _with_pin(registry: Registry, jpki: Jpki, resident_code: str) -> CardHolder:
    card_id = _active_card(jpki, resident_code)
    if card_id is None:
        raise NotFoundError(f"resident {resident_code} has no active card", code="no_card")
    person = registry.get(resident_code=resident_code, actor="J-LIS窓口（暗証番号の再設定）")
    pin = jpki.reset_pin(
        card_id=card_id,
        kind=PinKind.AUTH,
        resident_code=resident_code,
        birth_date=person.birth_date,
    )
    return CardHolder(resident_code, card_id, pin)


class Insurer:
    """The third party's side: a PKCE pair and a state per request, the token, the reads."""

    def __init__(self, server: str, client: RegisteredClient, scopes: tuple[ApiScope, ...]):
        self.server, self.client, self.scopes = server.rstrip("/"), client, scopes
        self.verifier = secrets.token_urlsafe(48)
        self.state = secrets.token_urlsafe(16)
        self.http = httpx.Client(base_url=self.server, timeout=30)

    def authorize_url(self, **override: str) -> str:
        """The URL the insurer sends the person's browser to."""
        query = {
            "response_type": "code",
            "client_id": self.client.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": " ".join(s.value for s in self.scopes),
            "state": self.state,
            "code_challenge": create_s256_code_challenge(self.verifier),
            "code_challenge_method": "S256",
        } | override
        return f"/portal/oauth/authorize?{urlencode(query)}"

    def code_from(self, location: str) -> str:
        """Read the code off the redirect; refuse a state that is not ours (forged)."""
        answer = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        if answer.get("state") != self.state:
            raise PermissionError("state mismatch: the redirect is not an answer to our request")
        if "code" not in answer:
            raise PermissionError(f"refused: {answer.get('error')}")
        return answer["code"]

    def exchange(self, code: str, verifier: str | None = None) -> httpx.Response:
        """The token request: the code with the PKCE verifier."""
        form = {
            "grant_type": "authorization_code",
            "client_id": self.client.client_id,
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier or self.verifier,
        }
        return self.http.post("/portal/oauth/token", data=form)

    def read(self, token: str, scope: ApiScope) -> httpx.Response:
        """One resource read."""
        return self.http.get(
            f"/portal/api/v1/{scope.value}", headers={"Authorization": f"Bearer {token}"}
        )


def log_in_and_consent_page(
    browser: httpx.Client, jpki: Jpki, holder: CardHolder, url: str
) -> httpx.Response:
    """Open the authorisation URL: the portal sends the browser to log in with the card, the app
    answers the code, and the browser comes back to the consent page."""
    first = browser.get(url)
    if first.status_code != 303 or "/portal/login" not in first.headers["location"]:
        return first  # already logged in, or refused at once
    browser.get(first.headers["location"])
    code = (browser.cookies.get("mynumber_portal_login") or "").partition(".")[0]
    challenge = base64.b64decode(browser.get(f"/portal/api/login/{code}").json()["challenge"])
    signature = jpki.sign_challenge(card_id=holder.card_id, pin=holder.pin, challenge=challenge)
    certificate = jpki.read_certificates(card_id=holder.card_id).auth
    proof = {"certificate": base64.b64encode(certificate).decode(),
             "signature": base64.b64encode(signature).decode()}  # fmt: skip
    browser.post(f"/portal/api/login/{code}", json=proof).raise_for_status()
    back = browser.get("/portal/login/wait")
    return browser.get(back.headers["location"])


def consent(
    browser: httpx.Client, page: httpx.Response, *, approve: bool = True, period: bool = False
) -> httpx.Response:
    """Press a button on the consent page; the answer redirects to the insurer."""
    found = _REQUEST_ID.search(page.text)
    if found is None:
        raise PermissionError(f"no consent form ({page.status_code}): {page.text[:200]}")
    form = {"request_id": found.group(1), "decision": "allow" if approve else "deny"}
    if period:
        form["period"] = "yes"
    return browser.post("/portal/oauth/authorize", data=form)


def run(
    *, server: str, client: RegisteredClient, jpki: Jpki, holder: CardHolder, period: bool = False
) -> dict[str, Any]:
    """The whole flow; return what the insurer obtained."""
    insurer = Insurer(server, client, (ApiScope.CHECKUPS, ApiScope.MEDICATION))
    with httpx.Client(base_url=insurer.server, timeout=30) as browser:
        page = log_in_and_consent_page(browser, jpki, holder, insurer.authorize_url())
        answered = consent(browser, page, period=period)
    code = insurer.code_from(answered.headers["location"])
    token = insurer.exchange(code)
    token.raise_for_status()
    tokens = token.json()
    obtained: dict[str, Any] = {}
    subject = ""
    for scope in insurer.scopes:
        read = insurer.read(tokens["access_token"], scope)
        read.raise_for_status()
        subject = read.json()["subject"]
        obtained |= read.json()["data"]
    return {
        "resident_code": holder.resident_code,
        "client": client.name,
        "client_id": client.client_id,
        "subject": subject,
        "scopes": tokens["scope"].split(),
        "refresh_token_issued": "refresh_token" in tokens,
        "obtained": obtained,
    }
