"""The OAuth 2.0 authorisation server on Authlib: the authorisation code grant with PKCE (S256
only), refresh (期間連携 only, rotated) and revocation (RFC 7009), for public clients.

Authlib does the protocol; this module gives it the portal's storage. One `OAuthServer` serves
one unit of work (its SQLAlchemy session); requests reach it as plain parameters
(`ParamsRequest`), so the HTTP layer and the tests speak to it alike.
⚠ The real API's endpoints and token lifetimes are not public: 10-minute access tokens and codes
are assumptions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749 import AuthorizationServer, ClientMixin, OAuth2Request, TokenMixin
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, RefreshTokenGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mynumber.portal.oauth.models import (
    AuthorizationCodeRow,
    ClientRow,
    ConsentGrantRow,
    TokenRow,
)

__all__ = ["ACCESS_LIFETIME", "Consenter", "OAuthServer", "ParamsRequest", "digest"]

ACCESS_LIFETIME = dt.timedelta(minutes=10)  # ⚠ assumed, as the code's
ISSUER_URI = "https://portal.mynumber.invalid/portal/oauth"  # Authlib insists on https


def digest(secret: str) -> str:
    """Return the SHA-256 under which a code or token is kept."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Consenter:
    """The person behind a code or token: their consent, as the grant reads it."""

    consent_id: str
    resident_code: str
    serial: str
    client_id: str
    period: bool

    def get_user_id(self) -> str:
        """Authlib's name for the user's id: the consent's."""
        return self.consent_id


class ParamsRequest(OAuth2Request):  # type: ignore[misc]
    """An OAuth request given as its query and form parameters (no framework request)."""

    def __init__(self, method: str, query: Mapping[str, str], form: Mapping[str, str]) -> None:
        super().__init__(method=method, uri=ISSUER_URI)
        self._query, self._form = dict(query), dict(form)
        self.payload = BasicOAuth2Payload({**self._query, **self._form})

    @property
    def args(self) -> dict[str, str]:
        return self._query

    @property
    def form(self) -> dict[str, str]:
        return self._form


class Client(ClientMixin):  # type: ignore[misc]
    """A registered third party as Authlib asks about it: a public client (PKCE, no secret)."""

    def __init__(self, row: ClientRow) -> None:
        self.row = row
        self.redirect_uris = row.redirect_uris.split()
        self.scopes = set(row.scopes.split())

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None  # the redirect URI must be named, and be one registered

    def get_allowed_scope(self, scope: str | None) -> str | None:
        asked = set((scope or "").split())
        if not asked or not asked <= self.scopes:
            return None  # nothing, or beyond the registration: invalid_scope
        return " ".join(sorted(asked))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


@dataclass
class IssuedCode:
    """A stored authorisation code as Authlib reads it."""

    row: AuthorizationCodeRow
    code_challenge_method: str = "S256"

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope


class IssuedToken(TokenMixin):  # type: ignore[misc]
    """A stored token as Authlib reads it."""

    def __init__(self, row: TokenRow, consent: ConsentGrantRow | None, now: dt.datetime) -> None:
        self.row, self.consent, self.now = row, consent, now

    def check_client(self, client: Client) -> bool:
        return self.row.client_id == client.get_client_id()

    def get_scope(self) -> str:
        return self.row.scope

    def get_expires_in(self) -> int:
        return int((self.row.expires_at - self.row.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return self.row.expires_at <= self.now

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None


class S256Challenge(CodeChallenge):  # type: ignore[misc]
    """PKCE, required, S256 only (plain would let an intercepted code be redeemed)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]  # noqa: RUF012 (Authlib's class attribute)
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError(
                "PKCE is required: code_challenge with code_challenge_method=S256"
            )
        super().validate_code_challenge(grant, redirect_uri)


class OAuthServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's server over one unit of work; `reused` names consents whose code came twice."""

    def __init__(self, session: Session, now: dt.datetime) -> None:
        super().__init__(scopes_supported=None)
        self.session, self.now = session, now
        self.reused: list[str] = []
        self.register_token_generator("default", self._tokens)
        self.register_grant(CodeGrant, [S256Challenge(required=True)])
        self.register_grant(RefreshGrant)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> Client | None:
        row = self.session.get(ClientRow, client_id)
        return Client(row) if row is not None and row.revoked_at is None else None

    def consent(self, consent_id: str) -> ConsentGrantRow | None:
        """Return a consent still in force (not revoked, not past its period)."""
        row = self.session.get(ConsentGrantRow, consent_id)
        if row is None or row.revoked_at is not None or row.expires_at <= self.now:
            return None
        return row

    def consenter(self, consent_id: str) -> Consenter | None:
        row = self.consent(consent_id)
        if row is None or self.query_client(row.client_id) is None:
            return None
        return Consenter(row.consent_id, row.resident_code, row.serial, row.client_id, row.period)

    def _tokens(self, **kw: Any) -> dict[str, Any]:
        user: Consenter = kw["user"]
        token = {
            "token_type": "Bearer",
            "access_token": generate_token(48),
            "expires_in": int(ACCESS_LIFETIME.total_seconds()),
            "scope": kw["scope"],
        }
        if user.period and kw["include_refresh_token"]:  # 期間連携 alone refreshes
            token["refresh_token"] = generate_token(48)
        return token

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        user: Consenter = request.user
        refresh = token.get("refresh_token")
        self.session.add(
            TokenRow(
                access_digest=digest(token["access_token"]),
                refresh_digest=digest(refresh) if refresh else None,
                consent_id=user.consent_id,
                client_id=user.client_id,
                scope=token["scope"],
                issued_at=self.now,
                expires_at=self.now + ACCESS_LIFETIME,
            )
        )

    def revoke_consent_tokens(self, consent_id: str) -> None:
        """Revoke every token issued under a consent."""
        self.session.execute(
            update(TokenRow)
            .where(TokenRow.consent_id == consent_id, TokenRow.revoked_at.is_(None))
            .values(revoked_at=self.now)
        )

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request  # already a ParamsRequest

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners: the portal records outcomes itself."""

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, headers


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    """The authorisation code grant, stored in `oauth_codes` (used once; a second use revokes
    the tokens the first gave, RFC 6749 §4.1.2)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012 (Authlib's class attribute)
    server: OAuthServer

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        user: Consenter = request.user
        data = request.payload.data
        self.server.session.add(
            AuthorizationCodeRow(
                digest=digest(code),
                consent_id=user.consent_id,
                client_id=user.client_id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                code_challenge=data["code_challenge"],
                created_at=self.server.now,
                expires_at=self.server.now + ACCESS_LIFETIME,
            )
        )

    def query_authorization_code(self, code: str, client: Client) -> IssuedCode | None:
        row = self.server.session.get(AuthorizationCodeRow, digest(code))
        if row is None or row.client_id != client.get_client_id():
            return None
        if row.used_at is not None:
            self.server.reused.append(row.consent_id)
            self.server.revoke_consent_tokens(row.consent_id)
            return None
        return IssuedCode(row) if row.expires_at > self.server.now else None

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        authorization_code.row.used_at = self.server.now

    def authenticate_user(self, authorization_code: IssuedCode) -> Consenter | None:
        return self.server.consenter(authorization_code.row.consent_id)


class RefreshGrant(RefreshTokenGrant):  # type: ignore[misc]
    """Refresh under a 期間連携 consent still in force; the old pair is revoked (rotation)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]  # noqa: RUF012 (Authlib's class attribute)
    INCLUDE_NEW_REFRESH_TOKEN = True
    server: OAuthServer

    def authenticate_refresh_token(self, refresh_token: str) -> IssuedToken | None:
        row = self.server.session.scalars(
            select(TokenRow).where(TokenRow.refresh_digest == digest(refresh_token))
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        consent = self.server.consent(row.consent_id)
        return IssuedToken(row, consent, self.server.now) if consent else None

    def authenticate_user(self, refresh_token: IssuedToken) -> Consenter | None:
        return self.server.consenter(refresh_token.row.consent_id)

    def revoke_old_credential(self, refresh_token: IssuedToken) -> None:
        refresh_token.row.revoked_at = self.server.now


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009: the client revokes an access or refresh token it holds."""

    CLIENT_AUTH_METHODS = ["none"]  # noqa: RUF012 (Authlib's class attribute)
    server: OAuthServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        found = digest(token_string)
        row = (
            self.server.session.get(TokenRow, found)
            or self.server.session.scalars(
                select(TokenRow).where(TokenRow.refresh_digest == found)
            ).first()
        )
        return IssuedToken(row, None, self.server.now) if row is not None else None

    def revoke_token(self, token: IssuedToken, request: OAuth2Request) -> None:
        token.row.revoked_at = self.server.now
