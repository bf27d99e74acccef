"""JPKI login (ログイン) as the smartphone app does it: the page shows a one-time code; the app
fetches the portal's challenge for it, has the card sign it, and sends the certificate and the
signature; the page that showed the code then takes the session, once.

Refusals: an unknown code (404 `login_code_unknown`), a late one (409 `login_code_expired`), one
answered already (409 `login_code_used`), a page that is not the one that showed it (403
`login_code_not_yours`). The card's own refusals (PIN, revocation, signature, replayed challenge)
come from the card and from J-LIS.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mynumber.kernel.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnauthenticatedError,
)
from mynumber.portal.data import LoginChallenge, LoginStart, PortalSession
from mynumber.portal.models import LoginCodeRow, SessionRow

SESSION_LIFETIME = dt.timedelta(minutes=30)  # ⚠ the real portal's idle limit is not public
_FORGET_AFTER = dt.timedelta(hours=1)  # answered or expired codes are deleted after this


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(
    session: Session, *, challenge: bytes, expires_at: dt.datetime, now: dt.datetime
) -> LoginStart:
    """Keep a fresh one-time code with J-LIS's challenge; return it with the page's secret."""
    session.execute(delete(LoginCodeRow).where(LoginCodeRow.expires_at < now - _FORGET_AFTER))
    while True:
        code = f"{secrets.randbelow(10**8):08d}"
        if session.get(LoginCodeRow, code) is None:
            break
    waiter = secrets.token_urlsafe(32)
    session.add(
        LoginCodeRow(
            code=code,
            waiter_digest=_digest(waiter),
            challenge=base64.b64encode(challenge).decode(),
            created_at=now,
            expires_at=expires_at,
        )
    )
    return LoginStart(code=code, waiter=waiter, expires_at=expires_at)


def _open_code(session: Session, code: str, now: dt.datetime) -> LoginCodeRow:
    """Return a code that is waiting for the card; refuse an unknown, late or used one."""
    row = session.get(LoginCodeRow, code, with_for_update=True)
    if row is None:
        raise NotFoundError("このログイン用コードはありません。", code="login_code_unknown")
    if row.answered_at is not None:
        raise ConflictError("このログイン用コードは使用済みです。", code="login_code_used")
    if now >= row.expires_at:
        raise ConflictError("このログイン用コードは期限切れです。", code="login_code_expired")
    return row


def challenge(session: Session, *, code: str, now: dt.datetime) -> LoginChallenge:
    """Return the challenge of a waiting code, for the app to have the card sign."""
    row = _open_code(session, code, now)
    return LoginChallenge(code=code, challenge=row.challenge, expires_at=row.expires_at)


def challenge_bytes(session: Session, *, code: str, now: dt.datetime) -> bytes:
    """Return the raw challenge of a waiting code."""
    return base64.b64decode(_open_code(session, code, now).challenge)


def answer(
    session: Session, *, code: str, resident_code: str, serial: str, now: dt.datetime
) -> None:
    """Mark a waiting code answered by the card of the person J-LIS named."""
    row = _open_code(session, code, now)
    row.answered_at, row.resident_code, row.serial = now, resident_code, serial


def take(session: Session, *, code: str, waiter: str, now: dt.datetime) -> str | None:
    """Return a new session token for the page that showed an answered code (once), or None
    while the card has not answered."""
    row = session.get(LoginCodeRow, code, with_for_update=True)
    if row is None:
        raise NotFoundError("このログイン用コードはありません。", code="login_code_unknown")
    if not secrets.compare_digest(row.waiter_digest, _digest(waiter)):
        raise ForbiddenError(
            "このログイン用コードは別の画面のものです。", code="login_code_not_yours"
        )
    if row.taken_at is not None:
        raise ConflictError("このログイン用コードは使用済みです。", code="login_code_used")
    if row.answered_at is None or row.resident_code is None or row.serial is None:
        if now >= row.expires_at:
            raise ConflictError("このログイン用コードは期限切れです。", code="login_code_expired")
        return None
    row.taken_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        SessionRow(
            digest=_digest(token),
            resident_code=row.resident_code,
            serial=row.serial,
            started_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


def current(session: Session, *, token: str, now: dt.datetime) -> PortalSession:
    """Return the person a session token stands for, or refuse (401)."""
    row = session.scalar(select(SessionRow).where(SessionRow.digest == _digest(token)))
    if row is None or row.ended_at is not None or now >= row.expires_at:
        raise UnauthenticatedError(
            "マイナンバーカードでログインしてください。", code="not_logged_in"
        )
    return PortalSession(
        resident_code=row.resident_code,
        serial=row.serial,
        started_at=row.started_at,
        expires_at=row.expires_at,
    )


def end(session: Session, *, token: str, now: dt.datetime) -> None:
    """End a session (ログアウト); an unknown token ends nothing."""
    session.execute(
        update(SessionRow)
        .where(SessionRow.digest == _digest(token), SessionRow.ended_at.is_(None))
        .values(ended_at=now)
    )
