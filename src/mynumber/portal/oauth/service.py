"""`LocalSelfInformationApi`: the 自己情報取得API in this process — the operator's client
register, the person's consent, the token endpoint and the reads, each outcome the person should
know of recorded in their やりとり履歴.

Refusals are recorded before they are raised (the record commits with the unit of work, then
the error leaves), so a forged, replayed or revoked request leaves its trace where the person
sees it. A refusal that names no one we can tell (an unknown token) is only answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.errors import OAuth2Error
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.portal import oauth_records as records
from mynumber.portal.data import PortalSession
from mynumber.portal.models import login_heads, login_records
from mynumber.portal.oauth.data import (
    PERIOD_DAYS,
    ApiScope,
    ClientRegistration,
    ConsentPage,
    ConsentSummary,
    RegisteredClient,
)
from mynumber.portal.oauth.models import (
    AuthorizationRequestRow,
    ClientRow,
    ConsentGrantRow,
)
from mynumber.portal.oauth.server import Consenter, OAuthServer, ParamsRequest, digest

__all__ = ["OAuthCore"]

SCREEN_LIFETIME = dt.timedelta(minutes=10)  # a consent screen answers within this ⚠
OAuthAnswer = tuple[int, dict[str, Any]]


class OAuthCore:
    """Clients, consents and tokens in the portal's schema (reads are in `reads`)."""

    def __init__(self, *, database: Database, clock: Clock, keys: Mapping[str, bytes]) -> None:
        self._db = database
        self._clock = clock
        self._log = HashChainedLog(login_records, login_heads, keys["access_log"])

    @contextmanager
    def _server(self) -> Iterator[OAuthServer]:
        with self._db.unit_of_work() as uow:
            yield OAuthServer(uow.session, self._clock.now())

    def _record(
        self, server: OAuthServer, resident_code: str, what: str, client: str, **d: str
    ) -> None:
        records.record(
            self._log, server.session, resident_code=resident_code, what=what,
            client=client, at=server.now, **d,
        )  # fmt: skip

    # The operator's register (利用申請を審査した事業者).

    def register_client(self, *, registration: ClientRegistration) -> RegisteredClient:
        with self._server() as server:
            row = ClientRow(
                client_id="mn_" + generate_token(24),
                name=registration.name,
                purpose=registration.purpose,
                redirect_uris="\n".join(registration.redirect_uris),
                scopes=" ".join(s.value for s in registration.scopes),
                registered_at=server.now,
            )
            server.session.add(row)
            return _client(row)

    def clients(self) -> list[RegisteredClient]:
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(select(ClientRow).order_by(ClientRow.registered_at))
            return [_client(row) for row in rows]

    def revoke_client(self, *, client_id: str) -> RegisteredClient:
        with self._server() as server:
            row = server.session.get(ClientRow, client_id)
            if row is None:
                raise NotFoundError(f"no client {client_id}", code="client_unknown")
            row.revoked_at = row.revoked_at or server.now
            return _client(row)

    # The person's consent screen.

    def begin_authorization(
        self, *, person: PortalSession, query: Mapping[str, str]
    ) -> ConsentPage:
        """Check a client's request (Authlib) and open a consent screen answerable once."""
        refusal: DomainError | None = None
        with self._server() as server:
            try:
                grant = server.get_consent_grant(ParamsRequest("GET", query, {}))
            except OAuth2Error as error:
                refusal = _refused(error)
                client = _client_name(server.session, query.get("client_id", ""))
                self._record(server, person.resident_code, "api_refused", client,
                             reason=refusal.reason, scope=query.get("scope", ""))  # fmt: skip
            else:
                request_id = generate_token(32)
                server.session.add(
                    AuthorizationRequestRow(
                        digest=digest(request_id),
                        resident_code=person.resident_code,
                        client_id=grant.client.get_client_id(),
                        query=urlencode(sorted(query.items())),
                        created_at=server.now,
                        expires_at=server.now + SCREEN_LIFETIME,
                    )
                )
                row = grant.client.row
                return ConsentPage(
                    request_id=request_id,
                    client_name=row.name,
                    purpose=row.purpose,
                    scopes=tuple(ApiScope(s) for s in grant.request.scope.split()),
                )
        assert refusal is not None
        raise refusal

    def decide(self, *, person: PortalSession, request_id: str, approve: bool, period: bool) -> str:
        """Answer a consent screen once; return where the browser goes back to the client."""
        with self._server() as server:
            screen = server.session.get(AuthorizationRequestRow, digest(request_id))
            refusal = _screen_refusal(screen, person, server.now)
            if refusal is None and screen is not None:
                screen.answered_at = server.now
                try:
                    return self._answer(server, person, screen, approve=approve, period=period)
                except OAuth2Error as error:  # the client was revoked since the screen
                    refusal = _refused(error)
            client = _client_name(server.session, screen.client_id if screen else "")
            self._record(server, person.resident_code, "api_refused", client,
                         reason=refusal.reason if refusal else "")  # fmt: skip
        assert refusal is not None
        raise refusal

    def _answer(
        self,
        server: OAuthServer,
        person: PortalSession,
        screen: AuthorizationRequestRow,
        *,
        approve: bool,
        period: bool,
    ) -> str:
        request = ParamsRequest("GET", dict(parse_qsl(screen.query)), {})
        grant = server.get_consent_grant(request)  # the client may have been revoked since
        client, scope = grant.client.row, grant.request.scope
        user: Consenter | None = None
        if approve:
            user = self._consent(server, person, client.client_id, scope, period)
            self._record(server, person.resident_code, "api_consent", client.name,
                         scope=scope, period="yes" if period else "no")  # fmt: skip
        else:
            self._record(server, person.resident_code, "api_refused", client.name,
                         scope=scope, reason="本人が同意しませんでした")  # fmt: skip
        _, _, headers = server.create_authorization_response(request, user, grant)
        return str(dict(headers)["Location"])

    def _consent(
        self, server: OAuthServer, person: PortalSession, client_id: str, scope: str, period: bool
    ) -> Consenter:
        lifetime = dt.timedelta(days=PERIOD_DAYS) if period else SCREEN_LIFETIME
        row = ConsentGrantRow(
            consent_id=generate_token(24),
            resident_code=person.resident_code,
            serial=person.serial,
            client_id=client_id,
            scopes=scope,
            period=period,
            granted_at=server.now,
            expires_at=server.now + lifetime,
        )
        server.session.add(row)
        return Consenter(row.consent_id, row.resident_code, row.serial, client_id, period)

    # The client's token endpoint (RFC 6749 §3.2) and revocation (RFC 7009).

    def token(self, *, form: Mapping[str, str]) -> OAuthAnswer:
        """Exchange a code (with its PKCE verifier) or a refresh token; record refusals."""
        with self._server() as server:
            request = ParamsRequest("POST", {}, form)
            status, body, _ = server.create_token_response(request)
            if status >= 400:
                self._record_token_refusal(server, request, body)
            return status, body

    def revoke_token(self, *, form: Mapping[str, str]) -> OAuthAnswer:
        with self._server() as server:
            status, body, _ = server.create_endpoint_response(
                "revocation", ParamsRequest("POST", {}, form)
            )
            return status, body

    def _record_token_refusal(
        self, server: OAuthServer, request: ParamsRequest, body: dict[str, Any]
    ) -> None:
        held = request.authorization_code or request.refresh_token
        consent_ids = [held.row.consent_id] if held is not None else list(server.reused)
        if server.reused:
            body["error_description"] = "the code was used already: its tokens are revoked"
        for consent_id in consent_ids:
            consent = server.session.get(ConsentGrantRow, consent_id)
            if consent is not None:
                reason = f"{body.get('error')}: {body.get('error_description', '')}"
                client = _client_name(server.session, consent.client_id)
                self._record(server, consent.resident_code, "api_refused", client, reason=reason)

    # The person's own list of consents.

    def consents(self, *, resident_code: str) -> list[ConsentSummary]:
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(ConsentGrantRow)
                .where(ConsentGrantRow.resident_code == resident_code)
                .order_by(ConsentGrantRow.granted_at)
            ).all()
            return [_summary(uow.session, row) for row in rows]

    def revoke_consent(self, *, resident_code: str, consent_id: str) -> ConsentSummary:
        """Withdraw a consent: every token under it stops at once."""
        with self._server() as server:
            row = server.session.get(ConsentGrantRow, consent_id)
            if row is None or row.resident_code != resident_code:
                raise NotFoundError("no such consent", code="consent_unknown")
            if row.revoked_at is None:
                row.revoked_at = server.now
                server.revoke_consent_tokens(consent_id)
                client = _client_name(server.session, row.client_id)
                self._record(server, resident_code, "api_revoked", client, scope=row.scopes)
            return _summary(server.session, row)


def _screen_refusal(
    screen: AuthorizationRequestRow | None, person: PortalSession, now: dt.datetime
) -> DomainError | None:
    if screen is None or screen.resident_code != person.resident_code:
        return ForbiddenError(
            "この連携の要求は確認できません（偽造された要求か、別の人の画面です）。",
            code="oauth_request_unknown",
        )
    if screen.answered_at is not None:
        return ConflictError(
            "この連携の要求には回答済みです（再送された要求）。", code="oauth_request_replayed"
        )
    if screen.expires_at <= now:
        return ConflictError("この連携の要求は期限切れです。", code="oauth_request_expired")
    return None


def _refused(error: OAuth2Error) -> DomainError:
    """Turn Authlib's refusal into the project's: 422 with `oauth_<error>`."""
    reason = error.description or error.error
    return InvalidInputError(
        f"連携の要求を受け付けられません: {reason}", code=f"oauth_{error.error}"
    )


def _client_name(session: Session, client_id: str) -> str:
    row = session.get(ClientRow, client_id) if client_id else None
    return row.name if row is not None else ""


def _client(row: ClientRow) -> RegisteredClient:
    return RegisteredClient(
        client_id=row.client_id,
        name=row.name,
        purpose=row.purpose,
        redirect_uris=tuple(row.redirect_uris.split()),
        scopes=tuple(ApiScope(s) for s in row.scopes.split()),
        registered_at=row.registered_at,
        revoked_at=row.revoked_at,
    )


def _summary(session: Session, row: ConsentGrantRow) -> ConsentSummary:
    return ConsentSummary(
        consent_id=row.consent_id,
        client_name=_client_name(session, row.client_id),
        scopes=tuple(ApiScope(s) for s in row.scopes.split()),
        period=row.period,
        granted_at=row.granted_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )
