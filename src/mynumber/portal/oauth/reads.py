"""The resource side of the 自己情報取得API: a client's bearer token read against the consent
behind it, the data fetched for the one read (the portal keeps no copy) and the read recorded in
the person's やりとり履歴 with the client's name.

Medical kinds come through eligibility's person-facing api; `income` (税・所得) is the
地方税関係情報 副本 of each municipality holding a 符号 for the person, through the network's
自己情報提供 under the portal's own 符号 (`own_copies`), recorded in the 情報提供等記録 too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from mynumber.eligibility.api import PersonSide
from mynumber.eligibility.data import ConsentScope
from mynumber.intermediate.api import AgencyPartition
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import DomainError, ForbiddenError, UnauthenticatedError
from mynumber.kernel.policy import Policy
from mynumber.network.api import CodeIssuance
from mynumber.portal.data import PortalSession
from mynumber.portal.eligibility_code import eligibility_code
from mynumber.portal.oauth.data import ApiScope, ConsentPage, ResourceRead
from mynumber.portal.oauth.models import ClientRow, ConsentGrantRow, TokenRow
from mynumber.portal.oauth.server import digest
from mynumber.portal.oauth.service import OAuthCore
from mynumber.portal.oauth.subjects import subject_for
from mynumber.portal.own_copies import OwnCopies, Purpose, SelfInfoNetwork

__all__ = ["LocalSelfInformationApi"]

ELIGIBILITY_SCOPES = {
    ApiScope.MEDICATION: (ConsentScope.MEDICATION, "medications"),
    ApiScope.CHECKUPS: (ConsentScope.CHECKUP, "checkups"),
    ApiScope.TREATMENTS: (ConsentScope.TREATMENT, "treatments"),
}


class LocalSelfInformationApi(OAuthCore):
    """The 自己情報取得API in this process: `OAuthCore` and the reads."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        policy: Policy,
        eligibility: PersonSide,
        codes: CodeIssuance,
        network: SelfInfoNetwork,
        intermediate: AgencyPartition,
        signing_keys: AgencyKeyStore,
    ) -> None:
        super().__init__(database=database, clock=clock, keys=keys)
        self._policy = policy
        self._subject_key = keys["portal_subjects"]
        self._eligibility = eligibility
        self._codes = codes
        self._copies = OwnCopies(network=network, codes=codes, intermediate=intermediate,
                                 signing_keys=signing_keys, clock=clock)  # fmt: skip

    def begin_authorization(
        self, *, person: PortalSession, query: Mapping[str, str]
    ) -> ConsentPage:
        """The consent screen, saying how the client will know the person (the policy)."""
        page = super().begin_authorization(person=person, query=query)
        flag = self._policy.api_subject_is_card_serial
        return page.model_copy(update={"subject_is_card_serial": flag})

    def read(self, *, access_token: str, scope: ApiScope) -> ResourceRead:
        """Return one kind of the person's data to the client holding the token."""
        with self._server() as server:
            token = server.session.get(TokenRow, digest(access_token))
            if token is None:
                raise UnauthenticatedError("the access token is not known", code="invalid_token")
            consent = server.session.get(ConsentGrantRow, token.consent_id)
            client = server.session.get(ClientRow, token.client_id)
            assert consent is not None and client is not None
            refusal = _refusal(token, consent, client, scope, server.now)
            if refusal is None:
                subject = subject_for(
                    self._policy,
                    self._subject_key,
                    client_id=client.client_id,
                    resident_code=consent.resident_code,
                    serial=consent.serial,
                )
                self._record(server, consent.resident_code, "api_read", client.name,
                             scope=scope.value, subject=subject)  # fmt: skip
            else:
                self._record(server, consent.resident_code, "api_refused", client.name,
                             scope=scope.value, reason=refusal.reason)  # fmt: skip
        if refusal is not None:
            raise refusal
        data = self._fetch(consent.resident_code, scope, reader=client.name)
        return ResourceRead(subject=subject, scope=scope, data=data)

    def _fetch(self, resident_code: str, scope: ApiScope, *, reader: str) -> dict[str, object]:
        """Ask eligibility, under its own 符号 for the person obtained for this one call; or,
        for income, the municipalities through the network's 自己情報提供."""
        if scope is ApiScope.INCOME:
            copies = self._copies.tax(resident_code, Purpose.API)
            return {"income": [c.model_dump(mode="json") for c in copies]}
        kind, field = ELIGIBILITY_SCOPES[scope]
        code = eligibility_code(self._codes, resident_code)
        view = self._eligibility.self_information(subject=code, scope=kind, reader=f"API: {reader}")
        return {field: view.model_dump(mode="json")[field]}


def _refusal(
    token: TokenRow,
    consent: ConsentGrantRow,
    client: ClientRow,
    scope: ApiScope,
    now: dt.datetime,
) -> DomainError | None:
    """Why this read may not happen: the client, then the consent, then the token."""
    stops = (
        (client.revoked_at is not None, "client_revoked", "この連携先の登録は取り消されています。"),
        (consent.revoked_at is not None, "consent_revoked", "本人が同意を取り消しました。"),
        (consent.expires_at <= now, "consent_expired", "同意の期間が終わりました。"),
        (token.revoked_at is not None, "token_revoked", "the access token was revoked"),
        (token.expires_at <= now, "token_expired", "the access token has expired"),
    )
    for stopped, code, reason in stops:
        if stopped:
            return UnauthenticatedError(reason, code=code)
    if scope.value not in token.scope.split():
        return ForbiddenError(
            f"the consent does not cover {scope.value}", code="insufficient_scope"
        )
    return None
