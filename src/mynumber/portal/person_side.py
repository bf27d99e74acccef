"""The person's own side of the portal beyond the やりとり履歴: 自己情報表示 (`OwnDataView`),
お知らせ (`NoticeBox`) and 健康保険証利用登録 with the consents given at clinics
(`CardRegistration`); `PersonSideMixin` implements them for `LocalPortal`.

Every fetch of own data and every change of registration is written to the person's own log
at the portal (the stream the logins are in), so the やりとり履歴 shows it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any, Protocol

from cryptography import x509
from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import CardAuthentication, CardProof, ConsentRecord, Registration
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ForbiddenError, InvalidInputError
from mynumber.kernel.fields import JsonDateTime
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.messaging import Inbox, Message
from mynumber.portal import notices
from mynumber.portal.data import BASE64_PATTERN, NoticeMessage, PortalSession
from mynumber.portal.notices import Notice, Notices
from mynumber.portal.own_copies import SelfInfoNetwork
from mynumber.portal.own_data import OwnData, OwnDataSources, Section

__all__ = [
    "CardRegistration",
    "NoticeBox",
    "OwnDataView",
    "PersonSideMixin",
    "RegistrationChallenge",
    "RegistrationOverview",
    "RegistrationProof",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
CONSUMER = "portal"  # the portal's name in its inbox


class RegistrationChallenge(BaseModel):
    """A fresh challenge of the eligibility system, for the card to sign after its PIN."""

    model_config = _FROZEN
    challenge: str = Field(description="base64; once, 2 minutes")


class RegistrationProof(BaseModel):
    """The card's answer (base64): the certificate the person logged in with, the challenge
    and the card's signature over it."""

    model_config = _FROZEN
    certificate: str = Field(max_length=8000, pattern=BASE64_PATTERN)
    challenge: str = Field(max_length=200, pattern=BASE64_PATTERN)
    signature: str = Field(max_length=2000, pattern=BASE64_PATTERN)


class RegistrationOverview(BaseModel):
    """利用登録 and the consents given at clinics' readers, each with its expiry."""

    model_config = _FROZEN
    registration: Registration
    consents: tuple[ConsentRecord, ...]
    checked_at: JsonDateTime


class OwnDataView(Protocol):
    """自己情報表示: what each organisation holds about the person."""

    def own_data(self, *, resident_code: str, sections: Sequence[Section]) -> OwnData:
        """Fetch the sections asked for, for this request only: the register and eligibility
        through their apis, 税・年金・雇用保険 through the network's 自己情報提供; the fetch is
        recorded in the person's history (and each 自己情報提供 in their 情報提供等記録)."""
        ...


class NoticeBox(Protocol):
    """お知らせ from agencies, read or unread."""

    def receive_notice(self, message: Message) -> None:
        """Keep an agency's notice as addressed (once, however often it is delivered)."""
        ...

    def notices(self, *, resident_code: str) -> Notices:
        """Return the person's notices, newest first, with the unread count."""
        ...

    def read_notice(self, *, resident_code: str, notice_id: int) -> Notice:
        """Mark one of the person's notices read (404 `notice_not_found` for another's)."""
        ...


class CardRegistration(Protocol):
    """健康保険証利用登録 on the portal, and the consents given at clinics."""

    def registration_overview(self, *, resident_code: str) -> RegistrationOverview:
        """Return the registration state and every consent with its expiry."""
        ...

    def registration_challenge(self) -> RegistrationChallenge:
        """Return a fresh challenge for the card to sign."""
        ...

    def change_registration(
        self, *, person: PortalSession, proof: RegistrationProof, register: bool
    ) -> Registration:
        """Register (or cancel, 登録解除) the card the person logged in with; another card is
        refused (403 `not_your_card`)."""
        ...


class PersonSideMixin:
    """The person's side of `LocalPortal` (its attributes are set by `LocalPortal`)."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog
    _network: SelfInfoNetwork
    _eligibility: Eligibility
    _own: OwnDataSources
    _inbox: Inbox

    def _eligibility_subject(self, resident_code: str) -> str:
        raise NotImplementedError  # LocalPortal's

    def _log_own_act(self, resident_code: str, payload: dict[str, Any]) -> None:
        with self._db.unit_of_work() as uow:
            self._log.append(uow.session, stream=resident_code, payload=payload,
                             at=self._clock.now())  # fmt: skip

    def own_data(self, *, resident_code: str, sections: Sequence[Section]) -> OwnData:
        reads_eligibility = {
            Section.INSURANCE, Section.MEDICAL, Section.PRESCRIPTIONS, Section.EHR,
        } & set(sections)  # fmt: skip
        subject = self._eligibility_subject(resident_code) if reads_eligibility else ""
        shown = self._own.fetch(resident_code, subject, sections)
        self._log_own_act(
            resident_code, {"what": "own_data", "sections": [s.value for s in sections]}
        )
        return shown

    def receive_notice(self, message: Message) -> None:
        notice = NoticeMessage.model_validate(message.body)
        now = self._clock.now()
        self._inbox.handle(
            message, consumer=CONSUMER, work=lambda s: notices.store(s, notice, now=now)
        )

    def notices(self, *, resident_code: str) -> Notices:
        codes = self._network.codes_held(resident_code=resident_code)
        with self._db.unit_of_work() as uow:
            return notices.notices_of(uow.session, codes)

    def read_notice(self, *, resident_code: str, notice_id: int) -> Notice:
        codes = self._network.codes_held(resident_code=resident_code)
        with self._db.unit_of_work() as uow:
            return notices.mark_read(uow.session, codes, notice_id=notice_id, now=self._clock.now())

    def registration_overview(self, *, resident_code: str) -> RegistrationOverview:
        subject = self._eligibility_subject(resident_code)
        return RegistrationOverview(
            registration=self._eligibility.registration(subject=subject),
            consents=tuple(self._eligibility.consents(subject=subject)),
            checked_at=self._clock.now(),
        )

    def registration_challenge(self) -> RegistrationChallenge:
        challenge = self._eligibility.new_challenge()
        return RegistrationChallenge(challenge=base64.b64encode(challenge).decode())

    def change_registration(
        self, *, person: PortalSession, proof: RegistrationProof, register: bool
    ) -> Registration:
        certificate = _decoded(proof.certificate)
        if _serial(certificate) != person.serial:
            raise ForbiddenError(
                "ログインしたマイナンバーカードで手続してください。", code="not_your_card"
            )
        authentication = CardAuthentication(
            certificate=certificate,
            challenge=_decoded(proof.challenge),
            signature=_decoded(proof.signature),
        )
        card = CardProof(authentication=authentication)  # the holder's own PIN, no reader
        if register:
            state = self._eligibility.register_card(proof=card)
        else:
            state = self._eligibility.unregister_card(proof=card)
        what = "registration" if register else "unregistration"
        self._log_own_act(person.resident_code, {"what": what})
        return state


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError("certificate, challenge and signature must be base64") from None


def _serial(certificate: bytes) -> str:
    """Return a certificate's serial as J-LIS writes it (upper-case hex, whole bytes)."""
    try:
        number = x509.load_der_x509_certificate(certificate).serial_number
    except ValueError:
        raise InvalidInputError("the certificate is not DER", code="bad_certificate") from None
    text = f"{number:X}"
    return "0" + text if len(text) % 2 else text
