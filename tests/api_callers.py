"""Every kind of caller of the HTTP API, for tests that drive it from its OpenAPI (schemathesis).

An instance is seeded so that operations are reachable (residents with insurance, a card, a
registered facility with a terminal, a relying party), and `Callers` knows each caller's
credentials: the staff bearer token, the relying party's bearer token, and the terminal's key.
Which credential an operation takes is read from the security scheme its OpenAPI names.

Terminal requests are signed at the last moment, on the bytes `requests` sends, with
`facility.signing.signature_headers` (the function `TerminalAuth` uses): the auth provider marks
a request as one to sign, and the session's `TerminalSigner` signs it. A probe that removes or
replaces the signature header (schemathesis's `ignored_auth`) is therefore sent unsigned.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.facility.signing import signature_headers
from mynumber.insurers.data import InsurerKind, network_agency_id
from mynumber.intermediate.data import CopyRecord
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.staffauth import StaffRole
from mynumber.portal.data import LoginProof

from .servers import StaffLogins
from .terminals import new_terminal

__all__ = ["Callers", "TerminalSigner", "seed_instance", "staff_credentials"]

CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")
SIGN_ME = "sign-me"  # placeholder the session's signer replaces with the real signature
RELYING_PARTY = "portal"
NETWORK_REQUESTER = network_agency_id("39130018")  # a 広域連合 asking the city for tax data
NETWORK_PROVIDER = "municipality:131016"
PENSION_AGENCY = "pension:jpo"  # 日本年金機構's own clerks for /api/pension
EMPLOYMENT_AGENCY = "employment:mhlw"  # ハローワーク's own clerks for /api/employment
CARE_OFFICE = "care_office:1370100016"  # a 居宅介護支援事業所's staff for /api/care


def staff_credentials(system: System, *, municipality: str) -> dict[str, dict[str, str]]:
    """Return, per API path prefix, the headers of the staff role that works there.

    A municipality's clerk for the register and the municipality's own desks (the seeded
    residents' first municipality; others
    answer 403, which the OpenAPI documents), an auditor for access records, the J-LIS counter,
    the first insurer's clerk (a 広域連合's for its own flow 1 routes) and the eligibility
    operator. Longest prefix first.
    """
    logins = StaffLogins(system)
    insurer = system.insurers.list_insurers()[0].number
    kouki = next(
        (i.number for i in system.insurers.list_insurers() if i.kind is InsurerKind.KOKI), insurer
    )
    return {
        "/api/registry/residents/{resident_code}/access-records": logins.auditor(),
        "/api/registry": logins.clerk(municipality),
        "/api/municipality": logins.clerk(municipality),
        "/api/jpki": logins.jlis(),
        "/api/insurers/{insurer_number}": logins.insurer(kouki),  # a 広域連合's flow 1
        "/api/insurers": logins.insurer(insurer),
        "/api/eligibility": logins.operator(),
        "/api/network/queries": logins.agency(NETWORK_REQUESTER),
        "/api/network/codes": logins.jlis(),
        "/api/network": logins.network_operator(),
        "/portal/api/clients": logins.network_operator(),  # デジタル庁 registers API clients
        "/api/intermediate": logins.agency(NETWORK_REQUESTER),
        "/api/pension": logins.agency(PENSION_AGENCY),
        "/api/employment": logins.agency(EMPLOYMENT_AGENCY),
        "/api/care/people": logins.auditor(),  # a person's access log
        "/api/care": logins.headers(StaffRole.CARE_PROVIDER, CARE_OFFICE),
        "/api/health": logins.clerk(municipality),  # 予防接種 and PMH registrations
    }


@dataclass(frozen=True)
class Callers:
    """The credentials of each kind of caller of one seeded instance."""

    staff: dict[str, dict[str, str]]
    relying_party: dict[str, str]
    terminal_id: str
    terminal_key: Ed25519PrivateKey
    now: Callable[[], dt.datetime]
    facility_code: str
    residents: tuple[str, ...] = field(default=())
    person: dict[str, str] = field(default_factory=dict)

    def headers_for(self, security: list[dict[str, Any]] | None, path: str) -> dict[str, str]:
        """Return the credentials for an operation (its path, as the OpenAPI writes it) whose
        OpenAPI requires these schemes."""
        schemes = {name for requirement in security or () for name in requirement}
        if "terminalSignature" in schemes:
            return {"X-Terminal-Signature": SIGN_ME}
        if "relyingParty" in schemes:
            return dict(self.relying_party)
        if "staff" in schemes:
            return next(dict(h) for prefix, h in self.staff.items() if path.startswith(prefix))
        if "portalSession" in schemes:
            return dict(self.person)
        return {}

    def session(self) -> requests.Session:
        """Return an HTTP session that signs marked requests as the seeded terminal."""
        session = requests.Session()
        session.auth = TerminalSigner(self)
        return session


class TerminalSigner(requests.auth.AuthBase):
    """Sign a request marked with `SIGN_ME` exactly as the terminal's `TerminalAuth` does."""

    def __init__(self, callers: Callers) -> None:
        self.callers = callers

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Replace the marker with the four X-Terminal-* headers over the bytes sent."""
        if request.headers.get("X-Terminal-Signature") != SIGN_ME:
            return request
        body = request.body or b""
        request.headers.update(
            signature_headers(
                terminal_id=self.callers.terminal_id,
                sign=self.callers.terminal_key.sign,
                method=str(request.method),
                target=str(request.path_url),
                body=body.encode() if isinstance(body, str) else body,
                now=self.callers.now(),
            )
        )
        return request


def seed_instance(system: System, *, people: int = 40) -> Callers:
    """Fill an empty instance so that every operation can succeed, and return its callers."""
    today = today_in_japan(system.clock)
    system.synth.populate(seed=7, people=people, on=today - dt.timedelta(days=400))
    system.synth.create_insurers()
    system.synth.populate_lives(seed=7, on=today)
    system.synth.populate_municipal(seed=7, on=today)
    system.synth.populate_pension(seed=7, on=today)
    system.synth.populate_employment(seed=7, on=today)
    residents = tuple(r.resident_code for r in system.registry.listing(limit=people))
    adults = [
        r for r in system.registry.listing(limit=people) if (today - r.birth_date).days >= 20 * 366
    ]
    issued = [system.jpki.issue(resident_code=r.resident_code) for r in adults[:2]]
    system.synth.register_cards([(c.card.card_id, c.pins.auth) for c in issued], share=1.0)
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="さくら内科")
    )
    seed_network(system, residents[:3])
    terminal = new_terminal(system, CLINIC)
    # A party that resolves serials gets 符号 for the holders: it must be on the network.
    system.network.connect(
        agency_id=RELYING_PARTY,
        name="マイナポータル",
        public_key=system.agency_keys.public_key(RELYING_PARTY),
    )
    token = system.jpki.register_relying_party(party=RELYING_PARTY, may_resolve=True)
    person = portal_login(system, issued[0].card.card_id, issued[0].pins.auth) if issued else ""
    return Callers(
        staff=staff_credentials(
            system, municipality=adults[0].address.local_government_code if adults else "131016"
        ),
        relying_party={"Authorization": f"Bearer {token}"},
        terminal_id=terminal.terminal_id,
        terminal_key=terminal.key,
        now=system.clock.now,
        facility_code=CLINIC,
        residents=residents,
        person={"Authorization": f"Bearer {person}"},
    )


def portal_login(system: System, card_id: str, pin: str) -> str:
    """Log a card holder in to マイナポータル as its app would; return the session token."""
    started = system.portal.start_login()
    challenge = base64.b64decode(system.portal.login_challenge(code=started.code).challenge)
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    proof = LoginProof(
        certificate=base64.b64encode(certificate).decode(),
        signature=base64.b64encode(signature).decode(),
    )
    system.portal.answer_login(code=started.code, proof=proof)
    token = system.portal.take_session(code=started.code, waiter=started.waiter)
    assert token is not None
    return token


def seed_network(system: System, residents: tuple[str, ...]) -> None:
    """Connect a requester and a provider, give residents 符号 at both and the provider 副本."""
    system.network.connect(
        agency_id=NETWORK_REQUESTER,
        name="東京都後期高齢者医療広域連合",
        public_key=system.agency_keys.public_key(NETWORK_REQUESTER),
    )
    system.network.connect(
        agency_id=NETWORK_PROVIDER,
        name="千代田区",
        public_key=system.agency_keys.public_key(NETWORK_PROVIDER),
    )
    today = today_in_japan(system.clock)
    for n, resident in enumerate(residents, 1):
        for agency in (NETWORK_REQUESTER, NETWORK_PROVIDER):
            code = system.network.issue_code(
                agency=agency, acquisition_number=f"seed-{n:08d}", resident_code=resident
            ).code
            system.intermediate.link_code(agency=agency, address_number=f"{n:015d}", code=code)
        system.intermediate.register_copies(
            agency=NETWORK_PROVIDER,
            copies=[
                CopyRecord(address_number=f"{n:015d}", item_code="TM00000000000001", version=1,
                           published_from=today, values={"taxable_income": 1_000_000 * n})
            ],
        )  # fmt: skip


def valid_identifier(kind: IdentifierKind, rng: random.Random) -> str:
    """Return a random identifier of a kind with a correct check digit."""
    return CODECS[kind].generate(rng)
