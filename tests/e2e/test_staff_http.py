"""Named staff over real HTTP: roles, organisations, sessions, CSRF, revocation, access records.

Each refusal is checked by its status and code, and by what it did not do (no read recorded,
nothing changed).
"""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.staffauth import StaffRole
from mynumber.registry.data import ChangeKind

from ..integration.facility.helpers import CLINIC, clinic_with_terminal
from ..integration.registry.helpers import SAPPORO, person
from ..servers import StaffLogins, log_in
from ..terminals import new_terminal
from .test_terminal_signatures import _post, _query
from .test_terminal_watch import CLINIC as SIGNING_CLINIC
from .test_terminal_watch import _enrolled

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
API = "/api/registry/residents"


def _error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("GET", API, StaffRole.JLIS_COUNTER),
        ("GET", API, StaffRole.AUDITOR),
        ("POST", "/api/jpki/cards", StaffRole.MUNICIPALITY_CLERK),
        ("GET", "/api/eligibility/facilities", StaffRole.INSURER_CLERK),
        ("POST", "/api/insurers/enrolments", StaffRole.ELIGIBILITY_OPERATOR),
        ("POST", "/api/eligibility/disasters", StaffRole.AUDITOR),
    ],
)
def test_the_wrong_role_is_refused_with_a_code(
    server: str, staff: StaffLogins, method: str, path: str, role: StaffRole
) -> None:
    orgs = {
        StaffRole.JLIS_COUNTER: "jlis:jlis",
        StaffRole.AUDITOR: "audit:ppc",
        StaffRole.MUNICIPALITY_CLERK: "municipality:131016",
        StaffRole.INSURER_CLERK: "insurer:01130012",
        StaffRole.ELIGIBILITY_OPERATOR: "eligibility:ssk",
    }
    response = httpx.request(
        method, f"{server}{path}", json={}, headers=staff.headers(role, orgs[role])
    )
    assert _error(response) == (403, "wrong_role")


def test_a_clerk_sees_and_changes_only_their_municipality(
    server: str, staff: StaffLogins, system: System
) -> None:
    chiyoda = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=dt.date(1980, 4, 1))
    sapporo = system.registry.register(
        new=person(given="次郎", given_kana="ジロウ", address=SAPPORO),
        kind=ChangeKind.BIRTH,
        on=dt.date(1980, 4, 1),
    )
    clerk = httpx.Client(base_url=server, headers=staff.clerk("131016"), timeout=30)
    foreign = f"{API}/{sapporo.resident_code}"
    refused = [
        clerk.get(foreign),
        clerk.get(f"{foreign}/history"),
        clerk.get(f"{foreign}/access-records"),
        clerk.post(f"{foreign}/death", json={"on": "2026-11-10"}),
        clerk.post(f"{foreign}/my-number-change", json={"on": "2026-11-10"}),
    ]
    assert [_error(r) for r in refused] == [(403, "other_municipality")] + [
        (403, "other_organisation")
    ] * 4
    # A birth registered in another municipality is refused too.
    birth = {
        "resident": person(given="三郎", given_kana="サブロウ", address=SAPPORO).model_dump(
            mode="json"
        ),
        "kind": "birth",
        "on": "2026-11-01",
    }
    assert _error(clerk.post(API, json=birth)) == (403, "other_organisation")
    # Listings and searches return only the clerk's own residents.
    listed = clerk.get(API).json()
    assert [r["resident_code"] for r in listed] == [chiyoda.resident_code]
    found = clerk.get(f"{API}/search", params={"kana": "タカハシ"}).json()
    assert [r["resident_code"] for r in found] == [chiyoda.resident_code]
    # Nothing of the Sapporo resident was read or changed.
    assert system.registry.access_records(resident_code=sapporo.resident_code) == []
    assert system.registry.get(resident_code=sapporo.resident_code, actor="t").status == "active"
    # Sapporo's own clerk reads them.
    theirs = httpx.get(f"{server}{foreign}", headers=staff.clerk("011002"))
    assert theirs.status_code == 200


def test_access_records_name_the_account(server: str, staff: StaffLogins, system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=dt.date(1980, 4, 1))
    clerk = staff.clerk("131016")
    code = resident.resident_code
    httpx.get(f"{server}{API}", headers=clerk)
    httpx.get(f"{server}{API}/search", params={"name": "髙橋"}, headers=clerk)
    httpx.get(f"{server}{API}/{code}", headers=clerk)
    # The auditor reads the records, and reading residents is not an auditor's role.
    log = httpx.get(f"{server}{API}/{code}/access-records", headers=staff.auditor()).json()
    assert [(r["payload"]["actor"], r["payload"]["what"]) for r in log["records"]] == [
        ("municipality-clerk-131016", "listing"),
        ("municipality-clerk-131016", "search"),
        ("municipality-clerk-131016", "resident"),
    ]
    assert log["problems"] == []


def test_card_actions_are_recorded_for_the_holder(
    server: str, staff: StaffLogins, system: System
) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=dt.date(1980, 4, 1))
    counter = httpx.Client(base_url=server, headers=staff.jlis(), timeout=60)
    card_id = counter.post(
        "/api/jpki/cards", json={"resident_code": resident.resident_code}
    ).json()["card"]["card_id"]
    assert counter.post(f"/api/jpki/cards/{card_id}/suspend").status_code == 200
    assert counter.post(f"/api/jpki/cards/{card_id}/resume").status_code == 200
    reset = counter.post(
        f"/api/jpki/cards/{card_id}/pin-reset",
        json={"kind": "auth", "resident_code": resident.resident_code, "birth_date": "1980-04-01"},
    )
    assert reset.status_code == 200, reset.text
    records = system.jpki.provision_records(resident_code=resident.resident_code)
    assert [(r.payload["actor"], r.payload["what"]) for r in records] == [
        ("jlis-counter-jlis", "card_issue"),
        ("jlis-counter-jlis", "card_suspend"),
        ("jlis-counter-jlis", "card_resume"),
        ("jlis-counter-jlis", "pin_reset:auth"),
    ]
    # The register's reads behind them name the account as well.
    reads = system.registry.access_records(resident_code=resident.resident_code)
    assert {r.payload["actor"] for r in reads} == {"jlis-counter-jlis"}


def test_revoked_tokens_and_accounts_are_refused(
    server: str, staff: StaffLogins, system: System
) -> None:
    made = staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016")
    header = {"Authorization": f"Bearer {made.api_token}"}
    assert httpx.get(f"{server}{API}", headers=header).status_code == 200
    token_id = system.staff.tokens(name=made.account.name)[0].token_id
    system.staff.revoke_token(token_id=token_id)
    assert _error(httpx.get(f"{server}{API}", headers=header)) == (401, "token_revoked")
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, made, "/registry/search")
        assert page.get("/registry/search").status_code == 200
        system.staff.revoke(name=made.account.name)
        assert page.get("/registry/search").status_code == 401
        assert _error(page.get(API)) == (401, "session_ended")


def test_a_session_expires_and_its_cookie_is_strict(
    server: str, staff: StaffLogins, clock: FixedClock
) -> None:
    made = staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016")
    with httpx.Client(base_url=server, timeout=30) as page:
        answer = log_in(page, made, "//elsewhere.example/")
        assert answer.status_code == 303 and answer.headers["location"] == "/"  # never off-site
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie
        assert page.get(API).status_code == 200
        clock.advance(dt.timedelta(hours=8))
        assert _error(page.get(API)) == (401, "session_expired")
        assert page.get("/registry/search").status_code == 401
    with httpx.Client(base_url=server, timeout=30) as page:
        wrong = page.post("/staff/login", data={"name": made.account.name, "password": "x"})
        assert wrong.status_code == 401 and "bad_login" in wrong.text
        assert "mynumber_staff" not in page.cookies


def test_state_changing_posts_of_a_session_need_its_csrf_token(
    server: str, staff: StaffLogins, system: System
) -> None:
    made = staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016")
    death = {"on": "2026-11-10"}
    code = system.registry.register(
        new=person(), kind=ChangeKind.BIRTH, on=dt.date(1980, 4, 1)
    ).resident_code
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, made, "/registry/search")
        token = CSRF.search(page.get("/registry/search").text)
        assert token is not None
        missing = page.post(f"{API}/{code}/death", json=death)
        wrong = page.post(f"{API}/{code}/death", json=death, headers={"X-CSRF-Token": "x" * 43})
        assert _error(missing) == _error(wrong) == (403, "csrf_failed")
        assert system.registry.get(resident_code=code, actor="t").status == "active"
        done = page.post(f"{API}/{code}/death", json=death, headers={"X-CSRF-Token": token[1]})
        assert done.status_code == 200 and done.json()["status"] == "deceased"
        # Logging out needs the token too; afterwards the cookie opens nothing.
        assert page.post("/staff/logout", data={"csrf_token": "nope"}).status_code == 403
        session_id = page.cookies["mynumber_staff"]
        assert page.post("/staff/logout", data={"csrf_token": token[1]}).status_code == 303
        assert "mynumber_staff" not in page.cookies
        # The old cookie, sent again, opens nothing: the session ended on the server.
        replayed = httpx.get(f"{server}{API}", cookies={"mynumber_staff": session_id})
        assert _error(replayed) == (401, "session_ended")


def test_the_reception_page_is_for_its_own_facility_receptionists(
    server: str, staff: StaffLogins, system: System
) -> None:
    terminal = clinic_with_terminal(system).terminal_id
    other = staff.receptionist("1311234574")  # another clinic's receptionist
    clerk = staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016")
    form = {"terminal": terminal, "card_id": "0", "method": "face"}
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, other, f"/reception?terminal={terminal}")
        refused = page.get("/reception", params={"terminal": terminal})
        assert refused.status_code == 403 and CLINIC.name not in refused.text
        token = CSRF.search(refused.text)
        assert token is not None
        fragment = page.post("/reception/card", data=form, headers={"X-CSRF-Token": token[1]})
        assert fragment.status_code == 403 and "other_organisation" in fragment.text
        chooser = page.get("/reception", params={"facility": CLINIC.code})
        assert f'href="/reception?terminal={terminal}"' not in chooser.text
        assert "ログインしている職員の医療機関・薬局のものではありません" in chooser.text
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, clerk, "/reception")
        assert page.get("/reception").status_code == 403
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, staff.receptionist(CLINIC.code), f"/reception?terminal={terminal}")
        opened = page.get("/reception", params={"terminal": terminal})
        assert opened.status_code == 200 and CLINIC.name in opened.text
        unsigned = page.post("/reception/card", data=form)
        assert unsigned.status_code == 403 and "csrf_failed" in unsigned.text


def test_a_revoked_terminal_is_refused(server: str, staff: StaffLogins, system: System) -> None:
    resident, membership = _enrolled(system)
    terminal = new_terminal(system, SIGNING_CLINIC)
    body = _query(membership, resident.birth_date)
    assert _post(server, terminal, body).status_code == 200
    revoked = httpx.post(
        f"{server}/api/eligibility/terminals/{terminal.terminal_id}/revoke",
        headers=staff.operator(),
    )
    assert revoked.status_code == 204
    assert _error(_post(server, terminal, body)) == (401, "terminal_revoked")


def test_a_revoked_relying_party_is_refused(server: str, staff: StaffLogins) -> None:
    counter = httpx.Client(base_url=server, headers=staff.jlis(), timeout=30)
    token = counter.post(
        "/api/jpki/relying-parties", json={"party": "pension", "may_resolve": False}
    ).json()["token"]
    party = {"Authorization": f"Bearer {token}"}
    assert httpx.post(f"{server}/api/jpki/challenges", headers=party).status_code == 201
    assert counter.post("/api/jpki/relying-parties/pension/revoke").status_code == 204
    refused = httpx.post(f"{server}/api/jpki/challenges", headers=party)
    assert _error(refused) == (403, "party_revoked")


def test_a_revoked_terminals_reception_page_is_closed(
    server: str, staff: StaffLogins, system: System
) -> None:
    terminal = clinic_with_terminal(system).terminal_id
    system.facilities.revoke_terminal(terminal_id=terminal)
    with httpx.Client(base_url=server, timeout=30) as page:
        log_in(page, staff.receptionist(CLINIC.code), f"/reception?terminal={terminal}")
        closed = page.get("/reception", params={"terminal": terminal})
        assert closed.status_code == 401 and "失効しています" in closed.text
        token = CSRF.search(closed.text)
        assert token is not None
        form = {"terminal": terminal, "insurer_number": "01130012", "number": "1", "branch": "1"}
        number = page.post("/reception/number", data=form, headers={"X-CSRF-Token": token[1]})
        assert number.status_code == 401 and "terminal_revoked" in number.text
