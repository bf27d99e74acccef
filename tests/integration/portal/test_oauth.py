"""The 自己情報取得API's grant logic: consent, code + PKCE, tokens, reads recorded in the
person's やりとり履歴, refresh and revocation, and each forged or replayed request refused and
recorded where the person sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    UnauthenticatedError,
)
from mynumber.kernel.policy import PolicyProfile
from mynumber.portal.data import INTACT_MESSAGE, PortalSession, Source
from mynumber.portal.oauth.data import ApiScope, ClientRegistration, RegisteredClient
from mynumber.portal.oauth.sample_client import INSURER, REDIRECT_URI, CardHolder

from .oauth_helpers import code_of, insurer, logged_in, patient, request, token_form


def _portal_entries(system: System, resident_code: str) -> list[tuple[str, str]]:
    shown = system.portal.timeline(resident_code=resident_code)
    assert shown.verdict == INTACT_MESSAGE
    return [(e.who, e.what) for e in shown.entries if e.source is Source.PORTAL][1:]


def _consented(
    system: System, period: bool = False
) -> tuple[CardHolder, PortalSession, RegisteredClient, dict[str, Any]]:
    holder = patient(system)
    person = logged_in(system, holder)
    client = insurer(system)
    page = system.portal_oauth.begin_authorization(person=person, query=request(client))
    location = system.portal_oauth.decide(
        person=person, request_id=page.request_id, approve=True, period=period
    )
    return holder, person, client, code_of(location)


def test_consent_code_token_and_reads_land_in_the_history(
    system: System, clock: FixedClock
) -> None:
    holder = patient(system)
    person = logged_in(system, holder)
    client = insurer(system)
    page = system.portal_oauth.begin_authorization(person=person, query=request(client))
    assert (page.client_name, page.purpose) == (INSURER.name, INSURER.purpose)
    assert page.scopes == (ApiScope.CHECKUPS, ApiScope.MEDICATION)
    location = system.portal_oauth.decide(
        person=person, request_id=page.request_id, approve=True, period=False
    )
    assert location.startswith(REDIRECT_URI)
    answer = code_of(location)
    assert answer["state"] == "state-1"
    status, tokens = system.portal_oauth.token(form=token_form(client, answer["code"]))
    assert status == 200 and "refresh_token" not in tokens  # a one-time consent
    checkups = system.portal_oauth.read(
        access_token=tokens["access_token"], scope=ApiScope.CHECKUPS
    )
    medication = system.portal_oauth.read(
        access_token=tokens["access_token"], scope=ApiScope.MEDICATION
    )
    assert checkups.data["checkups"][0]["systolic_mmhg"] == 128
    assert medication.data["medications"][0][2]["name"] == "アムロジピン錠5mg"
    assert checkups.subject == person.serial  # the real policy: the card's serial
    with pytest.raises(ForbiddenError) as beyond:
        system.portal_oauth.read(access_token=tokens["access_token"], scope=ApiScope.TREATMENTS)
    assert beyond.value.code == "insufficient_scope"
    entries = _portal_entries(system, holder.resident_code)
    assert entries[:3] == [
        (INSURER.name, "自己情報取得APIの連携に同意"),
        (INSURER.name, "自己情報取得APIで特定健診情報を提供"),
        (INSURER.name, "自己情報取得APIで薬剤情報を提供"),
    ]
    assert entries[3] == (INSURER.name, "自己情報取得APIの要求を拒否")
    shown = system.portal.timeline(resident_code=holder.resident_code)
    assert any(
        e.source is Source.ELIGIBILITY and INSURER.name in e.detail + e.who for e in shown.entries
    )


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"redirect_uri": "https://evil.example/cb"}, "oauth_invalid_request"),
        ({"scope": "checkups income"}, "oauth_invalid_scope"),
        ({"scope": "checkups treatments"}, "oauth_invalid_scope"),  # beyond the registration
        ({"code_challenge_method": "plain"}, "oauth_invalid_request"),
        ({"code_challenge": "", "code_challenge_method": ""}, "oauth_invalid_request"),
        ({"client_id": "mn_unknown"}, "oauth_invalid_client"),
    ],
)
def test_a_request_beyond_the_registration_is_refused_and_recorded(
    system: System, override: dict[str, str], code: str
) -> None:
    holder = patient(system)
    person = logged_in(system, holder)
    client = insurer(system)
    with pytest.raises(InvalidInputError) as refused:
        system.portal_oauth.begin_authorization(person=person, query=request(client, **override))
    assert refused.value.code == code
    [(who, what)] = _portal_entries(system, holder.resident_code)
    assert what == "自己情報取得APIの要求を拒否"
    assert who == (INSURER.name if override.get("client_id") is None else "（登録のない連携先）")


def test_a_replayed_or_forged_consent_answer_is_refused_and_recorded(system: System) -> None:
    holder = patient(system)
    person = logged_in(system, holder)
    client = insurer(system)
    page = system.portal_oauth.begin_authorization(person=person, query=request(client))
    system.portal_oauth.decide(
        person=person, request_id=page.request_id, approve=True, period=False
    )
    with pytest.raises(ConflictError) as replayed:
        system.portal_oauth.decide(
            person=person, request_id=page.request_id, approve=True, period=False
        )
    assert replayed.value.code == "oauth_request_replayed"
    with pytest.raises(ForbiddenError) as forged:
        system.portal_oauth.decide(person=person, request_id="forged", approve=True, period=True)
    assert forged.value.code == "oauth_request_unknown"
    whats = [what for _, what in _portal_entries(system, holder.resident_code)]
    assert whats == ["自己情報取得APIの連携に同意", *["自己情報取得APIの要求を拒否"] * 2]


def test_a_denied_consent_sends_access_denied_and_no_code(system: System) -> None:
    holder = patient(system)
    person = logged_in(system, holder)
    client = insurer(system)
    page = system.portal_oauth.begin_authorization(person=person, query=request(client))
    answer = code_of(
        system.portal_oauth.decide(
            person=person, request_id=page.request_id, approve=False, period=False
        )
    )
    assert (answer["error"], answer["state"], "code" in answer) == (
        "access_denied",
        "state-1",
        False,
    )


def test_a_wrong_verifier_and_a_code_used_twice_are_refused(system: System) -> None:
    holder, _, client, answer = _consented(system)
    status, body = system.portal_oauth.token(form=token_form(client, answer["code"], "w" * 50))
    assert (status, body["error"]) == (400, "invalid_grant")
    status, tokens = system.portal_oauth.token(form=token_form(client, answer["code"]))
    assert status == 200
    status, body = system.portal_oauth.token(form=token_form(client, answer["code"]))
    assert (status, body["error"]) == (400, "invalid_grant")
    with pytest.raises(UnauthenticatedError) as revoked:  # the reuse revoked what it gave
        system.portal_oauth.read(access_token=tokens["access_token"], scope=ApiScope.CHECKUPS)
    assert revoked.value.code == "token_revoked"
    whats = [what for _, what in _portal_entries(system, holder.resident_code)]
    assert whats.count("自己情報取得APIの要求を拒否") == 3


def test_period_consent_refreshes_until_the_person_revokes_it(
    system: System, clock: FixedClock
) -> None:
    holder, _person, client, answer = _consented(system, period=True)
    status, tokens = system.portal_oauth.token(form=token_form(client, answer["code"]))
    assert status == 200 and tokens["refresh_token"]
    clock.advance(dt.timedelta(days=30))
    with pytest.raises(UnauthenticatedError):  # access tokens last minutes
        system.portal_oauth.read(access_token=tokens["access_token"], scope=ApiScope.CHECKUPS)
    refresh = {"grant_type": "refresh_token", "client_id": client.client_id,
               "refresh_token": tokens["refresh_token"]}  # fmt: skip
    status, fresh = system.portal_oauth.token(form=refresh)
    assert status == 200 and fresh["refresh_token"] != tokens["refresh_token"]
    assert system.portal_oauth.token(form=refresh)[0] == 400  # rotated: the old one is spent
    system.portal_oauth.read(access_token=fresh["access_token"], scope=ApiScope.MEDICATION)
    [consent] = system.portal_oauth.consents(resident_code=holder.resident_code)
    assert consent.period and consent.client_name == INSURER.name
    system.portal_oauth.revoke_consent(
        resident_code=holder.resident_code, consent_id=consent.consent_id
    )
    with pytest.raises(UnauthenticatedError) as stopped:
        system.portal_oauth.read(access_token=fresh["access_token"], scope=ApiScope.MEDICATION)
    assert stopped.value.code in ("consent_revoked", "token_revoked")
    assert (
        system.portal_oauth.token(form=refresh | {"refresh_token": fresh["refresh_token"]})[0]
        == 400
    )
    whats = [what for _, what in _portal_entries(system, holder.resident_code)]
    assert "自己情報取得APIの同意を取り消し" in whats
    assert whats[-1] == "自己情報取得APIの要求を拒否"


def test_rfc7009_revocation_and_a_revoked_client_stop_reads(system: System) -> None:
    _holder, person, client, answer = _consented(system)
    _, tokens = system.portal_oauth.token(form=token_form(client, answer["code"]))
    status, _ = system.portal_oauth.revoke_token(
        form={"token": tokens["access_token"], "client_id": client.client_id}
    )
    assert status == 200
    with pytest.raises(UnauthenticatedError):
        system.portal_oauth.read(access_token=tokens["access_token"], scope=ApiScope.CHECKUPS)
    system.portal_oauth.revoke_client(client_id=client.client_id)
    with pytest.raises(InvalidInputError) as refused:
        system.portal_oauth.begin_authorization(person=person, query=request(client))
    assert refused.value.code == "oauth_invalid_client"
    assert [c.revoked_at is not None for c in system.portal_oauth.clients()] == [True]


@pytest.mark.parametrize("profile", [PolicyProfile.REAL, PolicyProfile.SAFEGUARDED])
def test_subject_is_the_serial_or_pairwise_by_policy(
    system: System, profile: PolicyProfile
) -> None:
    holder = patient(system)
    person = logged_in(system, holder)
    subjects = []
    for name in ("生命保険A", "健康アプリB"):
        client = system.portal_oauth.register_client(
            registration=ClientRegistration(
                name=name,
                purpose="test",
                redirect_uris=(REDIRECT_URI,),
                scopes=(ApiScope.CHECKUPS,),
            )
        )
        page = system.portal_oauth.begin_authorization(
            person=person, query=request(client, scope="checkups")
        )
        answer = code_of(
            system.portal_oauth.decide(
                person=person, request_id=page.request_id, approve=True, period=False
            )
        )
        _, tokens = system.portal_oauth.token(form=token_form(client, answer["code"]))
        read = system.portal_oauth.read(
            access_token=tokens["access_token"], scope=ApiScope.CHECKUPS
        )
        subjects.append(read.subject)
    if profile is PolicyProfile.REAL:
        assert subjects == [person.serial, person.serial]  # two firms can join on it
    else:
        assert len(set(subjects)) == 2 and person.serial not in subjects
