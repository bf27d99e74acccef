"""健康保険証利用登録 and its cancellation from the portal's page (`CardRegistrationByCode`).

The page cannot read the card. As at login, it shows a one-time code; the smartphone app
(`mynumber card registration`) fetches the eligibility system's challenge for it, has the card
sign it after its user-authentication PIN, and sends the certificate and the signature. The
portal then registers (or cancels) with that proof, as the JSON API does (`change_registration`:
only the card the person logged in with, 403 `not_your_card`), and the page, refreshing, shows
the result. A code lasts two minutes ⚠ (the challenge's own lifetime, as the eligibility API
says) and is answered once; the page that shows it must be the same person's.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import Registration
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database, UtcDateTime
from mynumber.kernel.errors import ConflictError, DomainError, NotFoundError
from mynumber.portal.data import LoginProof, PortalSession
from mynumber.portal.models import Base
from mynumber.portal.person_side import RegistrationProof

__all__ = [
    "CODE_LIFETIME",
    "CardRegistrationByCode",
    "RegistrationAction",
    "RegistrationCode",
    "RegistrationCodeChallenge",
    "RegistrationCodeRow",
    "RegistrationCodeState",
    "RegistrationCodesMixin",
]

CODE_LIFETIME = dt.timedelta(minutes=2)  # ⚠ the eligibility system's challenge: "once, 2 minutes"
_FORGET_AFTER = dt.timedelta(hours=1)
_FROZEN = ConfigDict(frozen=True, extra="forbid")
CodeState = Literal["waiting", "done", "refused", "expired"]


class RegistrationAction(StrEnum):
    """What the person asked for on the page."""

    REGISTER = "register"  # 利用登録
    CANCEL = "cancel"  # 登録解除


DONE = {
    RegistrationAction.REGISTER: "健康保険証利用登録が完了しました。"
    "医療機関・薬局でマイナンバーカードを健康保険証として利用できます。",
    RegistrationAction.CANCEL: "健康保険証利用登録を解除しました。"
    "加入している医療保険者から資格確認書が交付されます。",
}
WAITING = "カードの読み取りを待っています…（この画面は自動で切り替わります）"
EXPIRED = "コードの有効期限が切れました。もう一度手続をやり直してください。"


class RegistrationCodeRow(Base):
    """A one-time code the page showed for a registration change, and how it ended."""

    __tablename__ = "registration_codes"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    resident_code: Mapped[str] = mapped_column(String(11))
    serial: Mapped[str] = mapped_column(String(40))
    challenge: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(8), nullable=True)  # done, refused
    message: Mapped[str | None] = mapped_column(String(300), nullable=True)


class RegistrationCode(BaseModel):
    """A code for the app, shown on the page."""

    model_config = _FROZEN
    code: str
    action: RegistrationAction
    expires_at: dt.datetime


class RegistrationCodeChallenge(BaseModel):
    """What the app has the card sign for a code (base64), and what it is for."""

    model_config = _FROZEN
    code: str
    action: RegistrationAction
    challenge: str
    expires_at: dt.datetime


class RegistrationCodeState(BaseModel):
    """Where a code stands, as the page tells the person."""

    model_config = _FROZEN
    code: str
    action: RegistrationAction
    state: CodeState
    message: str = Field(description="in Japanese, for the person")


class CardRegistrationByCode(Protocol):
    """利用登録 and 登録解除 from the page, the card read by the app through a one-time code."""

    def start_registration_code(
        self, *, person: PortalSession, action: RegistrationAction
    ) -> RegistrationCode:
        """Return a fresh code for the logged-in person's change, with a challenge behind it."""
        ...

    def registration_code_challenge(self, *, code: str) -> RegistrationCodeChallenge:
        """Return a waiting code's challenge (404 unknown, 409 used or expired)."""
        ...

    def answer_registration_code(self, *, code: str, proof: LoginProof) -> Registration:
        """Register or cancel with the card's answer to a code; the outcome is kept for the
        page (a refusal too, then raised)."""
        ...

    def registration_code_state(self, *, code: str, person: PortalSession) -> RegistrationCodeState:
        """Return where the person's own code stands (another's is not found)."""
        ...


def _open(session: Session, code: str, now: dt.datetime) -> RegistrationCodeRow:
    row = session.get(RegistrationCodeRow, code, with_for_update=True)
    if row is None:
        raise NotFoundError("この手続用コードはありません。", code="registration_code_unknown")
    if row.answered_at is not None:
        raise ConflictError("この手続用コードは使用済みです。", code="registration_code_used")
    if now >= row.expires_at:
        raise ConflictError("この手続用コードは期限切れです。", code="registration_code_expired")
    return row


def _new_code(session: Session) -> str:
    while True:
        code = f"{secrets.randbelow(10**8):08d}"
        if session.get(RegistrationCodeRow, code) is None:
            return code


class RegistrationCodesMixin:
    """`CardRegistrationByCode` for `LocalPortal` (its attributes are set by `LocalPortal`)."""

    _db: Database
    _clock: Clock
    _eligibility: Eligibility

    def change_registration(
        self, *, person: PortalSession, proof: RegistrationProof, register: bool
    ) -> Registration:
        raise NotImplementedError  # PersonSideMixin's

    def start_registration_code(
        self, *, person: PortalSession, action: RegistrationAction
    ) -> RegistrationCode:
        challenge = self._eligibility.new_challenge()  # outside the portal's transaction
        now = self._clock.now()
        with self._db.unit_of_work() as uow:
            forget = RegistrationCodeRow.expires_at < now - _FORGET_AFTER
            uow.session.execute(delete(RegistrationCodeRow).where(forget))
            row = RegistrationCodeRow(
                code=_new_code(uow.session),
                action=action.value,
                resident_code=person.resident_code,
                serial=person.serial,
                challenge=base64.b64encode(challenge).decode(),
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
            uow.session.add(row)
            return RegistrationCode(code=row.code, action=action, expires_at=row.expires_at)

    def registration_code_challenge(self, *, code: str) -> RegistrationCodeChallenge:
        with self._db.unit_of_work() as uow:
            row = _open(uow.session, code, self._clock.now())
            return RegistrationCodeChallenge(
                code=code,
                action=RegistrationAction(row.action),
                challenge=row.challenge,
                expires_at=row.expires_at,
            )

    def answer_registration_code(self, *, code: str, proof: LoginProof) -> Registration:
        with self._db.unit_of_work() as uow:
            row = _open(uow.session, code, self._clock.now())
            person = PortalSession(
                resident_code=row.resident_code,
                serial=row.serial,
                started_at=row.created_at,
                expires_at=row.expires_at,
            )
            action, challenge = RegistrationAction(row.action), row.challenge
        signed = RegistrationProof(
            certificate=proof.certificate, challenge=challenge, signature=proof.signature
        )
        try:
            state = self.change_registration(
                person=person, proof=signed, register=action is RegistrationAction.REGISTER
            )
        except DomainError as refused:
            self._close(code, "refused", f"手続できませんでした：{refused.reason}")
            raise
        self._close(code, "done", DONE[action])
        return state

    def registration_code_state(self, *, code: str, person: PortalSession) -> RegistrationCodeState:
        with self._db.unit_of_work() as uow:
            row = uow.session.get(RegistrationCodeRow, code)
            if row is None or row.resident_code != person.resident_code:
                raise NotFoundError(
                    "この手続用コードはありません。", code="registration_code_unknown"
                )
            state, message = _state(row, self._clock.now())
            return RegistrationCodeState(
                code=code, action=RegistrationAction(row.action), state=state, message=message
            )

    def _close(self, code: str, outcome: str, message: str) -> None:
        with self._db.unit_of_work() as uow:
            row = uow.session.get_one(RegistrationCodeRow, code)
            row.answered_at, row.outcome, row.message = self._clock.now(), outcome, message[:300]


def _state(row: RegistrationCodeRow, now: dt.datetime) -> tuple[CodeState, str]:
    if row.outcome == "done":
        return "done", row.message or ""
    if row.outcome == "refused":
        return "refused", row.message or ""
    return ("expired", EXPIRED) if now >= row.expires_at else ("waiting", WAITING)
