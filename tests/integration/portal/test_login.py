"""JPKI login with a one-time code: the card signs the portal's challenge; the page that showed
the code takes the session once. Refusals: wrong PIN, revoked card, used or late code."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from mynumber.app import System, create_app
from mynumber.jpki.data import CertificateRefusedError, PinError, RevocationReason
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ConflictError, ForbiddenError, UnauthenticatedError
from mynumber.portal.data import INTACT_MESSAGE, Source
from mynumber.registry.data import ChangeKind
from tests.servers import StaffLogins

from ..registry.helpers import person
from .helpers import card_holder, every_kind_of_record, login_proof


def test_login_names_the_person_j_lis_names_and_is_in_their_history(
    system: System, clock: FixedClock
) -> None:
    holder = card_holder(system)
    started = system.portal.start_login()
    assert system.portal.take_session(code=started.code, waiter=started.waiter) is None
    system.portal.answer_login(code=started.code, proof=login_proof(system, holder, started.code))
    token = system.portal.take_session(code=started.code, waiter=started.waiter)
    assert token is not None
    person = system.portal.session(token=token)
    assert person.resident_code == holder.resident.resident_code
    assert holder.resident.my_number not in token
    with pytest.raises(ConflictError, match="使用済み"):  # the session is given once
        system.portal.take_session(code=started.code, waiter=started.waiter)
    shown = system.portal.timeline(resident_code=person.resident_code)
    [own] = [e for e in shown.entries if e.source is Source.PORTAL]
    assert own.what == "マイナポータルにログイン"
    assert any(e.source is Source.JPKI and e.who == "マイナポータル" for e in shown.entries)
    system.portal.logout(token=token)
    with pytest.raises(UnauthenticatedError):
        system.portal.session(token=token)


def test_wrong_pin_revoked_card_used_late_and_foreign_codes_are_refused(
    system: System, clock: FixedClock
) -> None:
    holder = card_holder(system)
    started = system.portal.start_login()
    wrong = "0000" if holder.pin != "0000" else "1111"
    with pytest.raises(PinError):
        login_proof(system, holder, started.code, pin=wrong)
    proof = login_proof(system, holder, started.code)
    system.portal.answer_login(code=started.code, proof=proof)
    with pytest.raises(ConflictError) as used:  # the same answer again: a replay
        system.portal.answer_login(code=started.code, proof=proof)
    assert used.value.code == "login_code_used"
    other = system.portal.start_login()
    with pytest.raises(ForbiddenError) as foreign:  # another page's secret
        system.portal.take_session(code=started.code, waiter=other.waiter)
    assert foreign.value.code == "login_code_not_yours"
    with pytest.raises(Exception) as replayed:  # an old signature on a new code's challenge
        system.portal.answer_login(code=other.code, proof=proof)
    assert getattr(replayed.value, "code", "") in ("signature_invalid", "challenge_refused")
    late = system.portal.start_login()
    clock.advance(dt.timedelta(minutes=3))
    with pytest.raises(ConflictError) as expired:
        system.portal.login_challenge(code=late.code)
    assert expired.value.code == "login_code_expired"
    system.jpki.revoke(card_id=holder.card_id, reason=RevocationReason.KEY_COMPROMISE)
    after = system.portal.start_login()
    with pytest.raises(CertificateRefusedError):
        system.portal.answer_login(code=after.code, proof=login_proof(system, holder, after.code))
    assert system.portal.take_session(code=after.code, waiter=after.waiter) is None


def test_the_records_api_and_page_need_the_card_login(system: System, clock: FixedClock) -> None:
    holder = every_kind_of_record(system, clock)
    client = TestClient(create_app(system))
    refused = client.get("/portal/api/records")
    assert refused.status_code == 401 and refused.json()["error"] == "not_logged_in"
    auditor = client.get("/portal/api/records", headers=StaffLogins(system).auditor())
    assert auditor.status_code == 401  # staff never see through the portal
    assert client.get("/portal/records", follow_redirects=False).status_code == 303
    started = client.post("/portal/api/login").json()
    challenge = client.get(f"/portal/api/login/{started['code']}")
    assert challenge.status_code == 200
    proof = login_proof(system, holder, started["code"])
    answered = client.post(f"/portal/api/login/{started['code']}", json=proof.model_dump())
    assert answered.status_code == 204, answered.text
    session = client.post(
        f"/portal/api/login/{started['code']}/session", json={"waiter": started["waiter"]}
    ).json()
    assert session["state"] == "done"
    headers = {"Authorization": f"Bearer {session['token']}"}
    shown = client.get("/portal/api/records", headers=headers)
    assert shown.status_code == 200
    body = shown.json()
    assert body["verdict"] == INTACT_MESSAGE and body["withheld"] == 1
    assert {e["source"] for e in body["entries"]} >= {"network", "eligibility", "jpki", "registry"}


def test_a_person_with_nothing_recorded_sees_an_empty_verified_history(system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=dt.date(2026, 1, 1))
    shown = system.portal.timeline(resident_code=resident.resident_code)
    assert shown.entries == () and shown.withheld == 0
    assert shown.intact and shown.verdict == INTACT_MESSAGE
    assert {chain.records for chain in shown.chains} == {0}
