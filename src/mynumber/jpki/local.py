"""`LocalJpki`: the `Jpki` protocol running in this process, on the `jpki` schema. Each call is
one unit of work; a refused call leaves nothing behind. The registry is reached only through its
api, outside jpki's transactions, as separate organisations would.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynumber.jpki import card_store, holder, issuance, lifecycle, relying, revocation
from mynumber.jpki.authority import Hierarchy, create_hierarchy, load_hierarchy
from mynumber.jpki.bulk_local import BulkCardService
from mynumber.jpki.card import CardClient, VirtualCard
from mynumber.jpki.data import (
    AuthenticationResult,
    AuthorityName,
    CardCertificates,
    CardInfo,
    CertificateKind,
    CertificateLink,
    Challenge,
    IssuedCard,
    PinKind,
    RelyingParty,
    RevocationReason,
    SerialResolution,
    SerialSuccession,
)
from mynumber.jpki.expiry import JLIS, ExpiryNotices
from mynumber.jpki.identifier_export import IdentifierValues
from mynumber.jpki.models import messages_in, provision_heads, provision_records
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.hashlog import HashChainedLog, LogRecord
from mynumber.kernel.logaudit import VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Inbox, Message
from mynumber.network.api import CodeIssuance
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident, ResidentChange, is_agency_id

__all__ = ["JLIS", "LocalJpki"]


class LocalJpki(IdentifierValues, ExpiryNotices, BulkCardService, VerifiesLogs):
    """J-LIS's certification service in this process (its 有効期限通知 job: `ExpiryNotices`)."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        registry: Registry,
        codes: CodeIssuance,
        base_url: str = "http://127.0.0.1:8000",
    ) -> None:
        self._db, self._ca_key = database, keys["jpki_ca"]
        self._challenge_key = relying.challenge_key(keys["card_seal"])
        self._registry, self._codes = registry, codes
        self._hierarchy: Hierarchy | None = None
        self._lock = threading.Lock()
        # Relying parties never change once registered: read each once per process.
        self._parties: dict[str, RelyingParty] = {}
        self._log = HashChainedLog(provision_records, provision_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)
        self._ctx = card_store.Context(
            clock=clock,
            seal_key=keys["card_seal"],
            base_url=base_url.rstrip("/"),
            authorities=self._authorities,
        )

    def _authorities(self) -> Hierarchy:
        with self._lock:
            if self._hierarchy is None:
                self._hierarchy = self._load_or_create()
            return self._hierarchy

    def _load_or_create(self) -> Hierarchy:
        with self._db.unit_of_work() as uow:
            found = load_hierarchy(uow.session, ca_key=self._ca_key)
        if found is not None:
            return found
        try:
            with self._db.unit_of_work() as uow:
                return create_hierarchy(
                    uow.session,
                    ca_key=self._ca_key,
                    now=self._ctx.clock.now(),
                    base_url=self._ctx.base_url,
                )
        except IntegrityError:  # another process made it first
            with self._db.unit_of_work() as uow:
                made = load_hierarchy(uow.session, ca_key=self._ca_key)
            if made is None:  # pragma: no cover - the conflicting insert has committed
                raise
            return made

    def _resident(self, resident_code: str, actor: str | None = None) -> Resident:
        return self._registry.get(resident_code=resident_code, actor=actor or JLIS)

    def _holder_of(self, card_id: str, actor: str | None = None) -> Resident:
        with self._db.unit_of_work() as uow:
            code = card_store.get_card(uow.session, card_id).resident_code
        return self._resident(code, actor)

    def _record_staff(self, session: Session, card_id: str, actor: str | None, what: str) -> None:
        """Write a staff action on a card to its holder's provision records (they can see it)."""
        if actor is None:
            return
        card = card_store.get_card(session, card_id)
        payload = {"actor": actor, "what": what, "organisation": JLIS, "card_id": card_id}
        self._log.append(session, stream=card.jlis_code, payload=payload, at=self._ctx.clock.now())

    # The counter.

    def issue(self, *, resident_code: str, actor: str | None = None) -> IssuedCard:
        resident = self._resident(resident_code, actor)
        jlis_code = self._code_for(JLIS, resident_code)
        self._authorities()  # outside the transaction: making them takes its own
        with self._db.unit_of_work() as uow:
            issued = issuance.issue(uow.session, self._ctx, resident=resident, jlis_code=jlis_code)
            self._record_staff(uow.session, issued.card.card_id, actor, "card_issue")
            return issued

    def card(self, *, card_id: str) -> CardInfo:
        with self._db.unit_of_work() as uow:
            return card_store.card_info(
                uow.session, self._ctx, card_store.get_card(uow.session, card_id)
            )

    def cards_of(self, *, resident_code: str) -> list[CardInfo]:
        with self._db.unit_of_work() as uow:
            rows = card_store.cards_of(uow.session, resident_code)
            return [card_store.card_info(uow.session, self._ctx, row) for row in rows]

    def suspend(self, *, card_id: str, actor: str | None = None) -> CardInfo:
        with self._db.unit_of_work() as uow:
            row = lifecycle.suspend(uow.session, self._ctx, card_id=card_id)
            self._record_staff(uow.session, card_id, actor, "card_suspend")
            return card_store.card_info(uow.session, self._ctx, row)

    def resume(self, *, card_id: str, actor: str | None = None) -> CardInfo:
        with self._db.unit_of_work() as uow:
            row = lifecycle.resume(uow.session, self._ctx, card_id=card_id)
            self._record_staff(uow.session, card_id, actor, "card_resume")
            return card_store.card_info(uow.session, self._ctx, row)

    def revoke(
        self,
        *,
        card_id: str,
        reason: RevocationReason,
        kinds: tuple[CertificateKind, ...] = (CertificateKind.SIGN, CertificateKind.AUTH),
        actor: str | None = None,
    ) -> CardInfo:
        with self._db.unit_of_work() as uow:
            row = lifecycle.revoke(
                uow.session, self._ctx, card_id=card_id, reason=reason, kinds=kinds
            )
            self._record_staff(uow.session, card_id, actor, "card_revoke")
            return card_store.card_info(uow.session, self._ctx, row)

    def reissue(self, *, card_id: str, lost: bool = True, actor: str | None = None) -> IssuedCard:
        resident = self._holder_of(card_id, actor)
        self._authorities()  # outside the transaction: making them takes its own
        with self._db.unit_of_work() as uow:
            issued = lifecycle.reissue(
                uow.session, self._ctx, card_id=card_id, resident=resident, lost=lost
            )
            self._record_staff(uow.session, issued.card.card_id, actor, "card_reissue")
            return issued

    def renew(
        self, *, card_id: str, kinds: tuple[CertificateKind, ...], actor: str | None = None
    ) -> CardInfo:
        if not kinds:
            raise InvalidInputError("name the certificates to renew (sign, auth)")
        resident = self._holder_of(card_id, actor)
        self._authorities()  # outside the transaction: making them takes its own
        with self._db.unit_of_work() as uow:
            renewed = lifecycle.renew(
                uow.session, self._ctx, card_id=card_id, resident=resident, kinds=kinds
            )
            self._record_staff(uow.session, card_id, actor, "card_renew")
            return renewed

    def reset_pin(
        self,
        *,
        card_id: str,
        kind: PinKind,
        resident_code: str,
        birth_date: dt.date,
        new_pin: str | None = None,
        actor: str | None = None,
    ) -> str:
        self.card(card_id=card_id)  # an unknown card is not found before anyone is checked
        try:
            resident = self._resident(resident_code, actor)
        except NotFoundError:  # nobody with that code: the identity check fails
            raise ForbiddenError("identity check failed: the card is not this person's") from None
        with self._db.unit_of_work() as uow:
            self._record_staff(uow.session, card_id, actor, f"pin_reset:{kind.value}")
            return lifecycle.reset_pin(
                uow.session,
                self._ctx,
                card_id=card_id,
                kind=kind,
                resident=resident,
                birth_date=birth_date,
                new_pin=new_pin,
            )

    def on_resident_change(self, message: Message) -> None:
        change = ResidentChange.model_validate(message.body)

        def revoke(session: Session) -> None:
            if change.agency == JLIS:  # another agency's code would name nobody here
                lifecycle.on_resident_change(session, self._ctx, change=change)

        self._inbox.handle(message, consumer="jpki", work=revoke)

    # The holder's client software.

    @contextmanager
    def open_card(self, *, card_id: str) -> Iterator[holder.ReaderSession]:
        with self._db.unit_of_work() as uow:
            row = card_store.get_card(uow.session, card_id)
            chip, revision = card_store.open_chip(row, self._ctx), row.revision
        current = [revision]

        def store(used: VirtualCard) -> None:
            with self._db.unit_of_work() as uow:
                card_store.write_back(
                    uow.session, self._ctx, card_id=card_id, chip=used, revision=current[0]
                )
            current[0] += 1

        yield holder.ReaderSession(chip, store)

    def read_certificates(self, *, card_id: str, sign_pin: str | None = None) -> CardCertificates:
        with self.open_card(card_id=card_id) as reader:
            return holder.read_certificates(CardClient(reader.transmit), sign_pin=sign_pin)

    def sign_challenge(self, *, card_id: str, pin: str, challenge: bytes) -> bytes:
        with self.open_card(card_id=card_id) as reader, holder.card_errors():
            return CardClient(reader.transmit).authenticate(pin, challenge)

    def sign_document(self, *, card_id: str, sign_pin: str, content: bytes) -> bytes:
        with self._db.unit_of_work() as uow:  # refuse before the PIN is tried
            card_store.get_card(uow.session, card_id)
            current = card_store.newest(uow.session, card_id, CertificateKind.SIGN)
            if current is not None:
                relying.refuse_unless_good(current, self._ctx.clock.now())
        with self.open_card(card_id=card_id) as reader:
            client = CardClient(reader.transmit)
            with holder.card_errors():
                certificate = client.read_sign_certificate(sign_pin)
            return holder.sign_detached(
                client,
                sign_pin=sign_pin,
                certificate=certificate,
                content=content,
                now=self._ctx.clock.now(),
            )

    # The repository.

    def ca_certificate(self, *, authority: AuthorityName) -> bytes:
        return self._ctx.hierarchy.by_name(authority).der

    def crl(self, *, authority: AuthorityName) -> bytes:
        hierarchy = self._ctx.hierarchy
        with self._db.unit_of_work() as uow:
            return revocation.current_crl(
                uow.session, hierarchy=hierarchy, authority=authority, now=self._ctx.clock.now()
            )

    def ocsp(self, *, request: bytes) -> bytes:
        hierarchy = self._ctx.hierarchy
        with self._db.unit_of_work() as uow:
            return revocation.ocsp_response(
                uow.session, hierarchy=hierarchy, request_der=request, now=self._ctx.clock.now()
            )

    # Relying parties.

    def register_relying_party(self, *, party: str, may_resolve: bool) -> str:
        if not is_agency_id(party):
            raise InvalidInputError(f"{party!r} is not an agency id (e.g. 'eligibility')")
        with self._db.unit_of_work() as uow:
            return relying.register(
                uow.session, party=party, may_resolve=may_resolve, now=self._ctx.clock.now()
            )

    def revoke_relying_party(self, *, party: str) -> None:
        with self._db.unit_of_work() as uow:
            relying.revoke(uow.session, party=party, now=self._ctx.clock.now())
        # ⚠ This process forgets it at once; tokens are checked in the database every time.
        self._parties.pop(party, None)

    def relying_party(self, *, token: str) -> RelyingParty:
        with self._db.unit_of_work() as uow:
            return relying.party_for_token(uow.session, token=token)

    def _party(self, session: Session, party: str) -> RelyingParty:
        known = self._parties.get(party)
        if known is None:
            known = self._parties[party] = relying.get_party(session, party)
        return known

    def new_challenge(self, *, relying_party: str) -> Challenge:
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
        return relying.new_challenge(
            key=self._challenge_key, party=party, now=self._ctx.clock.now()
        )

    def verify_authentication(
        self, *, certificate: bytes, challenge: bytes, signature: bytes, relying_party: str
    ) -> AuthenticationResult:
        return self._verify(certificate, challenge, signature, relying_party)

    def verify_certificate(
        self, *, certificate: bytes, challenge: bytes, relying_party: str
    ) -> AuthenticationResult:
        return self._verify(certificate, challenge, None, relying_party)

    def _verify(
        self, certificate: bytes, challenge: bytes, signature: bytes | None, party: str
    ) -> AuthenticationResult:
        self._authorities()  # outside the transaction: making them takes its own
        with self._db.unit_of_work() as uow:
            return relying.verify_authentication(
                uow.session, self._ctx, self._log, certificate=certificate, challenge=challenge,
                signature=signature, party=party, challenge_key=self._challenge_key,
            )  # fmt: skip

    def resolve_serial(self, *, serial: str, relying_party: str) -> SerialResolution:
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
            code = relying.resolve(uow.session, self._ctx, self._log, serial=serial, party=party)
            # In the unit of work: a party the network does not know is refused, unrecorded.
            agency_code = self._code_for(party.party, code)
        return SerialResolution(
            serial=revocation.parse_serial(serial),
            relying_party=party.party,
            agency_code=agency_code,
        )

    def serial_history(self, *, serial: str, relying_party: str) -> list[SerialSuccession]:
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
            return relying.successors(uow.session, self._ctx, self._log, serial=serial, party=party)

    def linked_certificate(self, *, serial: str, relying_party: str) -> CertificateLink:
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
            return relying.linked(uow.session, self._ctx, self._log, serial=serial, party=party)

    def resolve_holder(self, *, serial: str, relying_party: str) -> str:
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
            return relying.holder(uow.session, self._ctx, self._log, serial=serial, party=party)

    def provision_records(self, *, resident_code: str) -> list[LogRecord]:
        stream = self._code_for(JLIS, resident_code)
        with self._db.unit_of_work() as uow:
            return self._log.read(uow.session, stream=stream)

    def verify_provision_records(self, *, resident_code: str) -> list[str]:
        stream = self._code_for(JLIS, resident_code)
        with self._db.unit_of_work() as uow:
            return self._log.verify(uow.session, stream=stream)

    def _code_for(self, agency: str, resident_code: str) -> str:
        """Return an agency's 符号 for a person J-LIS knows by resident code, from the network."""
        return self._codes.issue_code(
            agency=agency, acquisition_number=new_acquisition_number(), resident_code=resident_code
        ).code
