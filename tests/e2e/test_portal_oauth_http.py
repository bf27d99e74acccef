"""The 自己情報取得API over real HTTP: the sample life insurer's whole flow (card login, consent
page, code + PKCE, token, reads), each forged or replayed request refused with nothing shown,
the consent's revocation stopping the next read, the reads in the person's history, and
`mynumber portal sample-client` from another process."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.oauth.data import ApiScope
from mynumber.portal.oauth.sample_client import (
    INSURER,
    Insurer,
    consent,
    log_in_and_consent_page,
)

from ..integration.portal.oauth_helpers import insurer, patient
from .test_portal_login_cli import mynumber

SCOPES = (ApiScope.CHECKUPS, ApiScope.MEDICATION)


def _history(browser: httpx.Client) -> list[tuple[str, str]]:
    shown = browser.get("/portal/api/records").json()
    assert shown["verdict"] == "改ざんは検出されませんでした"
    return [(e["who"], e["what"]) for e in shown["entries"] if e["source"] == "portal"]


def test_the_insurer_reads_with_consent_until_the_person_revokes_it(
    system: System, clock: FixedClock, server: str
) -> None:
    holder = patient(system)
    party = Insurer(server, insurer(system), SCOPES)
    with httpx.Client(base_url=server) as browser:
        page = log_in_and_consent_page(browser, system.jpki, holder, party.authorize_url())
        assert page.status_code == 200 and INSURER.purpose in page.text
        answered = consent(browser, page, period=True)
        assert answered.status_code == 303
        code = party.code_from(answered.headers["location"])
        wrong = party.exchange(code, verifier="w" * 50)
        assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
        tokens = party.exchange(code).json()
        assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
        again = party.exchange(code)
        assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
        revoked_by_reuse = party.read(tokens["access_token"], ApiScope.CHECKUPS)
        assert revoked_by_reuse.json()["error"] == "token_revoked"
        # A new consent: the reads, then the person withdraws it.
        party = Insurer(server, party.client, SCOPES)
        answered = consent(browser, browser.get(party.authorize_url()), period=True)
        tokens = party.exchange(party.code_from(answered.headers["location"])).json()
        read = party.read(tokens["access_token"], ApiScope.CHECKUPS)
        assert read.status_code == 200 and read.json()["data"]["checkups"][0]["ldl_mg_dl"] == 118
        meds = party.read(tokens["access_token"], ApiScope.MEDICATION).json()
        assert meds["data"]["medications"][0][2]["code"] == "2171022F1020"
        [*_, latest] = browser.get("/portal/api/consents").json()
        assert (
            browser.post(f"/portal/api/consents/{latest['consent_id']}/revoke").status_code == 200
        )
        stopped = party.read(tokens["access_token"], ApiScope.CHECKUPS)
        assert (stopped.status_code, stopped.json()["error"]) == (401, "consent_revoked")
        refreshed = party.http.post(
            "/portal/oauth/token",
            data={"grant_type": "refresh_token", "client_id": party.client.client_id,
                  "refresh_token": tokens["refresh_token"]},
        )  # fmt: skip
        assert refreshed.status_code == 400
        history = _history(browser)
    assert (INSURER.name, "自己情報取得APIで特定健診情報を提供") in history
    assert (INSURER.name, "自己情報取得APIで薬剤情報を提供") in history
    assert ("本人", "自己情報取得APIの同意を取り消し") in history
    assert [w for _, w in history].count("自己情報取得APIの要求を拒否") >= 4


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"redirect_uri": "https://evil.example/cb"}, "oauth_invalid_request"),
        ({"scope": "checkups treatments"}, "oauth_invalid_scope"),
        ({"code_challenge_method": "plain"}, "oauth_invalid_request"),
    ],
)
def test_a_request_beyond_the_registration_shows_nothing_and_is_recorded(
    system: System, clock: FixedClock, server: str, override: dict[str, str], error: str
) -> None:
    holder = patient(system)
    party = Insurer(server, insurer(system), SCOPES)
    with httpx.Client(base_url=server) as browser:
        page = log_in_and_consent_page(
            browser, system.jpki, holder, party.authorize_url(**override)
        )
        assert page.status_code == 422 and error in page.text
        assert 'name="request_id"' not in page.text and "evil.example" not in page.headers.get(
            "location", ""
        )
        assert _history(browser)[-1] == (INSURER.name, "自己情報取得APIの要求を拒否")


def test_forged_and_replayed_answers_and_a_forged_state_are_refused(
    system: System, clock: FixedClock, server: str
) -> None:
    holder = patient(system)
    party = Insurer(server, insurer(system), SCOPES)
    with httpx.Client(base_url=server) as browser:
        page = log_in_and_consent_page(browser, system.jpki, holder, party.authorize_url())
        answered = consent(browser, page)
        replayed = consent(browser, page)
        assert replayed.status_code == 409 and "oauth_request_replayed" in replayed.text
        forged = browser.post(
            "/portal/oauth/authorize", data={"request_id": "forged", "decision": "allow"}
        )
        assert forged.status_code == 403 and "oauth_request_unknown" in forged.text
        location = answered.headers["location"].replace(party.state, "forged-state")
        with pytest.raises(PermissionError, match="state mismatch"):
            party.code_from(location)  # the insurer drops an answer it did not ask for
        assert [w for _, w in _history(browser)][-2:] == ["自己情報取得APIの要求を拒否"] * 2
    anonymous = httpx.get(f"{server}/portal/api/v1/checkups")
    assert (anonymous.status_code, anonymous.json()["error"]) == (401, "invalid_token")


def test_sample_client_command_runs_the_whole_flow(
    system: System, clock: FixedClock, server: str
) -> None:
    holder = patient(system)
    ran = mynumber(system, server, "portal", "sample-client", "--resident",
                   holder.resident_code, "--json")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["resident_code"] == holder.resident_code
    assert result["scopes"] == ["checkups", "medication"]
    assert len(result["obtained"]["checkups"]) == 1 and len(result["obtained"]["medications"]) == 1
    listed = mynumber(system, server, "portal", "clients", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == [INSURER.name]
    picked = mynumber(system, server, "portal", "sample-client")  # a card holder is picked
    assert picked.returncode == 0, picked.stderr
    assert holder.resident_code in picked.stdout
    timeline = json.loads(
        mynumber(system, server, "portal", "records", "--resident", holder.resident_code,
                 "--json").stdout
    )  # fmt: skip
    reads = [e for e in timeline["entries"] if e["what"].startswith("自己情報取得APIで")]
    assert len(reads) == 4 and {e["who"] for e in reads} == {INSURER.name}


def test_reads_per_second(system: System, clock: FixedClock, server: str) -> None:
    """Print the resource endpoint's reads per second (each read fetches and records)."""
    holder = patient(system)
    party = Insurer(server, insurer(system), SCOPES)
    with httpx.Client(base_url=server) as browser:
        page = log_in_and_consent_page(browser, system.jpki, holder, party.authorize_url())
        code = party.code_from(consent(browser, page).headers["location"])
    token = party.exchange(code).json()["access_token"]
    count, started = 50, time.perf_counter()
    for _ in range(count):
        assert party.read(token, ApiScope.CHECKUPS).status_code == 200
    rate = count / (time.perf_counter() - started)
    print(f"\n自己情報取得API GET /portal/api/v1/checkups: {rate:.1f} reads/s ({count} reads)")
