"""The portal's public surface: a Protocol per audience, composed into `Portal`, and
`LocalPortal`, which gathers each person's records through the other organisations' apis and
keeps its logins in its own schema.

Audiences: the person (`PersonRecords`: the やりとり履歴; `OwnDataView`, `NoticeBox` and
`CardRegistration` in `person_side`; `PublicFundsAccount`: the 公金受取口座; `Proxies`: the 代理人),
benefit-paying agencies (`AgencyAccounts`), and the login desk (`PortalLogin`), which the page and
the smartphone app (`mynumber card login`) speak to.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from mynumber.care.api import Care
from mynumber.eligibility.api import Eligibility
from mynumber.employment.api import Employment
from mynumber.health.api import Health
from mynumber.intermediate.api import AgencyPartition
from mynumber.jpki.api import Jpki
from mynumber.jpki.data import PORTAL
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.linkexport import LinkExportable
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Inbox
from mynumber.kernel.migrate import Lineage
from mynumber.kernel.policy import Policy, PolicyProfile
from mynumber.municipality.api import Municipality
from mynumber.network.api import CodeIssuance
from mynumber.pension.api import Pension
from mynumber.portal import login, timeline
from mynumber.portal.account_copies import AccountCopies
from mynumber.portal.account_links import AGENCY as ACCOUNT_LINK_AGENCY
from mynumber.portal.account_links import KIND as ACCOUNT_LINK_KIND
from mynumber.portal.account_links import AccountLinks, AccountLoad, LoadedAccount
from mynumber.portal.accounts import AccountDesk, AccountInput, AccountKind, AccountView
from mynumber.portal.agency_reads import AgencyReads
from mynumber.portal.data import (
    LoginChallenge,
    LoginProof,
    LoginStart,
    PortalSession,
    Source,
    Timeline,
)
from mynumber.portal.eligibility_code import eligibility_code
from mynumber.portal.identifier_export import IdentifierValues
from mynumber.portal.models import SCHEMA, login_heads, login_records, messages_in
from mynumber.portal.notices import Notice, Notices
from mynumber.portal.own_copies import OwnCopies, SelfInfoNetwork
from mynumber.portal.own_data import OwnData, OwnDataSources, Section
from mynumber.portal.person_side import (
    CardRegistration,
    NoticeBox,
    OwnDataView,
    PersonSideMixin,
    RegistrationChallenge,
    RegistrationOverview,
    RegistrationProof,
)
from mynumber.portal.platform_data import PlatformData
from mynumber.portal.platform_health import HealthRecords
from mynumber.portal.platform_reads import PlatformReads
from mynumber.portal.proxies import NewProxy, PrincipalView, ProxyDesk, ProxyScope, ProxyView
from mynumber.portal.registration_codes import CardRegistrationByCode, RegistrationCodesMixin
from mynumber.registry.api import Registry

__all__ = [
    "ACCOUNT_LINK_AGENCY",
    "ACCOUNT_LINK_KIND",
    "MIGRATIONS",
    "PORTAL",
    "SCHEMA",
    "AccountInput",
    "AccountKind",
    "AgencyAccounts",
    "CardRegistration",
    "LoadedAccount",
    "LocalPortal",
    "Notice",
    "NoticeBox",
    "Notices",
    "OwnData",
    "OwnDataView",
    "PersonRecords",
    "Portal",
    "PortalLogin",
    "Proxies",
    "PublicFundsAccount",
    "RegistrationChallenge",
    "RegistrationOverview",
    "RegistrationProof",
    "Section",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class PersonRecords(Protocol):
    """What the person sees: the やりとり履歴."""

    def timeline(self, *, resident_code: str) -> Timeline:
        """Return every exchange about the person, oldest first, each source's chain checked
        as it is shown; the network's 不開示 records counted, not shown."""
        ...


class PortalLogin(Protocol):
    """Login with the card's user-authentication certificate, through a one-time code."""

    def start_login(self) -> LoginStart:
        """Begin a login: a one-time code for the page, with J-LIS's challenge behind it."""
        ...

    def login_challenge(self, *, code: str) -> LoginChallenge:
        """Return the challenge of a waiting code, for the app to have the card sign."""
        ...

    def answer_login(self, *, code: str, proof: LoginProof) -> None:
        """Check the certificate and signature through J-LIS; mark the code answered by the
        person J-LIS names, and record the login in their history."""
        ...

    def take_session(self, *, code: str, waiter: str) -> str | None:
        """Return a session token to the page that showed an answered code (once), or None
        while the card has not answered."""
        ...

    def session(self, *, token: str) -> PortalSession:
        """Return the person a session token stands for, or refuse (401 `not_logged_in`)."""
        ...

    def logout(self, *, token: str) -> None:
        """End a session."""
        ...


class PublicFundsAccount(Protocol):
    """The person's 公金受取口座 (see `portal.accounts`)."""

    def account(self, *, resident_code: str) -> AccountView | None: ...

    def register_account(self, *, resident_code: str, account: AccountInput) -> AccountView:
        """Register or change the account; refused `holder_mismatch` when the holder's kana
        is not the person's, recorded; held for check when someone else has the same one."""
        ...

    def delete_account(self, *, resident_code: str) -> None: ...

    def answer_agency_registration(
        self, *, resident_code: str, accept: bool
    ) -> AccountView | None: ...


class AgencyAccounts(Protocol):
    """Benefit-paying agencies: the 特例 registration and the account to pay into."""

    def register_account_by_agency(
        self, *, agency: str, resident_code: str, account: AccountInput
    ) -> AccountView: ...

    def account_for_agency(
        self, *, agency: str, resident_code: str, purpose: str
    ) -> AccountInput: ...


class Proxies(Protocol):
    """代理人, the principal's address withheld under the register's DV 支援措置 (see
    `portal.proxies`)."""

    def add_proxy(self, *, principal: str, new: NewProxy) -> ProxyView: ...

    def proxies(self, *, resident_code: str) -> list[ProxyView]: ...

    def remove_proxy(self, *, principal: str, proxy_id: str) -> ProxyView: ...

    def principal_view(self, *, proxy: str, principal: str) -> PrincipalView: ...

    def principal_timeline(self, *, proxy: str, principal: str) -> Timeline:
        """The principal's やりとり履歴 for a proxy with the `records` scope."""
        ...


class Portal(
    PersonRecords, OwnDataView, NoticeBox, CardRegistration, CardRegistrationByCode,
    PublicFundsAccount, AgencyAccounts, AccountLoad, LinkExportable, Proxies, PortalLogin,
    LogsVerifiable, Protocol,
):  # fmt: skip
    """マイナポータル."""


class LocalPortal(
    IdentifierValues,
    PersonSideMixin,
    RegistrationCodesMixin,
    AccountDesk,
    AccountLinks,
    ProxyDesk,
    VerifiesLogs,
):
    """The portal in this process: logins in the `portal` schema, records from the sources."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        network: SelfInfoNetwork,
        codes: CodeIssuance,
        signing_keys: AgencyKeyStore,
        eligibility: Eligibility,
        jpki: Jpki,
        registry: Registry,
        intermediate: AgencyPartition,
        policy: Policy | None = None,
        municipality: Municipality | None = None,
        pension: Pension | None = None,
        employment: Employment | None = None,
        care: Care | None = None,
        health: Health | None = None,
    ) -> None:
        self._db = database
        self._policy = policy or Policy.of(PolicyProfile.REAL)
        self._copies = AccountCopies(
            database=database, clock=clock, codes=codes, intermediate=intermediate
        )
        self._clock = clock
        self._network = network
        self._codes = codes
        self._eligibility = eligibility
        self._jpki = jpki
        self._registry = registry
        self._log = HashChainedLog(login_records, login_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self._relying_party_ready = False
        # 税・年金・雇用保険 come through the network's 自己情報提供, not these agencies' apis.
        self._municipality, self._pension, self._employment = municipality, pension, employment
        copies = OwnCopies(network=network, codes=codes, intermediate=intermediate,
                           signing_keys=signing_keys, clock=clock)  # fmt: skip
        records = HealthRecords(network=network, health=health)
        self._own = OwnDataSources(clock=clock, registry=registry, eligibility=eligibility,
                                   copies=copies, platforms=PlatformData(care, health),
                                   records=records)  # fmt: skip
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)
        self._agency_reads = AgencyReads(network=network, municipality=municipality,
                                         pension=pension, employment=employment)  # fmt: skip
        self._platform_reads = PlatformReads(care=care, health=health, records=records)

    def timeline(self, *, resident_code: str) -> Timeline:
        exchanges = self._network.records_for(resident_code=resident_code)
        subject = self._eligibility_subject(resident_code)
        clinics = self._eligibility.access_records(subject=subject)
        provisions = self._jpki.provision_records(resident_code=resident_code)
        reads = self._registry.access_records(resident_code=resident_code)
        with self._db.unit_of_work() as uow:
            logins = self._log.read(uow.session, stream=resident_code)
            own_problems = self._log.verify(uow.session, stream=resident_code)
        chains = [
            timeline.check(
                Source.NETWORK,
                len(exchanges),
                self._network.verify_records(resident_code=resident_code),
            ),
            timeline.check(
                Source.ELIGIBILITY,
                len(clinics),
                self._eligibility.verify_access_log(subject=subject),
            ),
            timeline.check(
                Source.JPKI,
                len(provisions),
                self._jpki.verify_provision_records(resident_code=resident_code),
            ),
            timeline.check(
                Source.REGISTRY,
                len(reads),
                self._registry.verify_access_log(resident_code=resident_code),
            ),
            timeline.check(Source.PORTAL, len(logins), own_problems),
        ]
        agency_entries, agency_chains = self._agency_reads.gather(resident_code=resident_code)
        platform_entries, platform_chains = self._platform_reads.gather(
            resident_code=resident_code, memberships=self._eligibility.history(subject=subject)
        )
        entries = [
            *timeline.network_entries(exchanges),
            *timeline.eligibility_entries(clinics),
            *timeline.jpki_entries(provisions),
            *timeline.registry_entries(reads),
            *timeline.portal_entries(logins),
            *agency_entries,
            *platform_entries,
        ]
        withheld = sum(1 for r in exchanges if r.undisclosed)
        chains += agency_chains + platform_chains
        return timeline.assemble(entries, chains, withheld=withheld, now=self._clock.now())

    def principal_timeline(self, *, proxy: str, principal: str) -> Timeline:
        self.act_for(proxy=proxy, principal=principal, scope=ProxyScope.RECORDS)
        return self.timeline(resident_code=principal)

    def _eligibility_subject(self, resident_code: str) -> str:
        return eligibility_code(self._codes, resident_code)

    def _ensure_relying_party(self) -> None:
        if self._relying_party_ready:
            return
        with contextlib.suppress(ConflictError):  # registered by an earlier process
            self._jpki.register_relying_party(party=PORTAL, may_resolve=True)
        self._relying_party_ready = True

    def start_login(self) -> LoginStart:
        self._ensure_relying_party()
        challenge = self._jpki.new_challenge(relying_party=PORTAL)
        with self._db.unit_of_work() as uow:
            return login.start(
                uow.session,
                challenge=challenge.value,
                expires_at=challenge.expires_at,
                now=self._clock.now(),
            )

    def login_challenge(self, *, code: str) -> LoginChallenge:
        with self._db.unit_of_work() as uow:
            return login.challenge(uow.session, code=code, now=self._clock.now())

    def answer_login(self, *, code: str, proof: LoginProof) -> None:
        with self._db.unit_of_work() as uow:  # an unknown, used or late code first
            challenge = login.challenge_bytes(uow.session, code=code, now=self._clock.now())
        certificate, signature = _decoded(proof.certificate), _decoded(proof.signature)
        result = self._jpki.verify_authentication(
            certificate=certificate, challenge=challenge, signature=signature, relying_party=PORTAL
        )
        resident_code = self._jpki.resolve_holder(serial=result.serial, relying_party=PORTAL)
        now = self._clock.now()
        with self._db.unit_of_work() as uow:
            login.answer(
                uow.session, code=code, resident_code=resident_code, serial=result.serial, now=now
            )
            payload = {"what": "login", "serial": result.serial}
            self._log.append(uow.session, stream=resident_code, payload=payload, at=now)

    def take_session(self, *, code: str, waiter: str) -> str | None:
        with self._db.unit_of_work() as uow:
            return login.take(uow.session, code=code, waiter=waiter, now=self._clock.now())

    def session(self, *, token: str) -> PortalSession:
        with self._db.unit_of_work() as uow:
            return login.current(uow.session, token=token, now=self._clock.now())

    def logout(self, *, token: str) -> None:
        with self._db.unit_of_work() as uow:
            login.end(uow.session, token=token, now=self._clock.now())


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError("certificate and signature must be base64") from None
