"""The staff directory: accounts, passwords, page sessions and API tokens on the real database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import DomainError
from mynumber.kernel.staffauth import OrgKind, StaffRole
from mynumber.staff.models import AccountRow, ApiTokenRow, SessionRow

CLERK_ORG = "municipality:131016"


def _refused(call: object, code: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.code == code, caught.value.reason
    return caught.value


def test_an_account_logs_in_and_its_token_names_it(system: System) -> None:
    made = system.staff.add(name="tanaka", org=CLERK_ORG, role=StaffRole.MUNICIPALITY_CLERK)
    assert made.account.org_kind is OrgKind.MUNICIPALITY and made.account.org_id == "131016"
    principal = system.staff.authenticate_token(token=made.api_token)
    assert (principal.name, principal.role, principal.org_id) == (
        "tanaka",
        StaffRole.MUNICIPALITY_CLERK,
        "131016",
    )
    session_id, session = system.staff.log_in(name="tanaka", password=made.password)
    assert session.principal == principal and len(session.csrf_token) >= 32
    assert system.staff.authenticate_session(session_id=session_id) == session
    _refused(lambda: system.staff.log_in(name="tanaka", password="wrong"), "bad_login")
    _refused(lambda: system.staff.log_in(name="nobody", password=made.password), "bad_login")
    _refused(lambda: system.staff.authenticate_token(token="mst_x_y"), "unauthenticated")


def test_secrets_are_kept_only_as_hashes(system: System) -> None:
    made = system.staff.add(name="suzuki", org="jlis:jlis", role=StaffRole.JLIS_COUNTER)
    session_id, _ = system.staff.log_in(name="suzuki", password=made.password)
    with system.database.unit_of_work() as uow:
        account = uow.session.get(AccountRow, "suzuki")
        stored = [
            account.password_hash if account else "",
            *uow.session.scalars(select(ApiTokenRow.digest)),
            *uow.session.scalars(select(SessionRow.digest)),
        ]
    assert stored[0].startswith("$argon2id$")
    for secret in (made.password, made.api_token, session_id):
        assert all(secret not in value for value in stored)


def test_revoking_an_account_ends_its_sessions_and_tokens(system: System) -> None:
    made = system.staff.add(name="sato", org="insurer:01130012", role=StaffRole.INSURER_CLERK)
    session_id, _ = system.staff.log_in(name="sato", password=made.password)
    system.staff.revoke(name="sato")
    _refused(lambda: system.staff.authenticate_token(token=made.api_token), "token_revoked")
    _refused(lambda: system.staff.authenticate_session(session_id=session_id), "session_ended")
    _refused(lambda: system.staff.log_in(name="sato", password=made.password), "bad_login")
    _refused(lambda: system.staff.revoke(name="sato"), "account_revoked")
    assert [a.revoked_at is not None for a in system.staff.accounts()] == [True]


def test_one_token_is_revoked_alone(system: System) -> None:
    made = system.staff.add(name="ito", org="audit:ppc", role=StaffRole.AUDITOR)
    second = system.staff.issue_token(name="ito")
    first_id = system.staff.tokens(name="ito")[0].token_id
    system.staff.revoke_token(token_id=first_id)
    _refused(lambda: system.staff.authenticate_token(token=made.api_token), "token_revoked")
    assert system.staff.authenticate_token(token=second.token).name == "ito"


def test_a_session_expires(system: System, clock: FixedClock) -> None:
    made = system.staff.add(name="kato", org="facility:1311234566", role=StaffRole.RECEPTIONIST)
    session_id, _ = system.staff.log_in(name="kato", password=made.password)
    clock.advance(dt.timedelta(hours=7, minutes=59))
    assert system.staff.authenticate_session(session_id=session_id).principal.name == "kato"
    clock.advance(dt.timedelta(minutes=1))
    _refused(lambda: system.staff.authenticate_session(session_id=session_id), "session_expired")
    # A later login sweeps sessions expired for longer than a session lasts.
    clock.advance(dt.timedelta(hours=8, seconds=1))
    system.staff.log_in(name="kato", password=made.password)
    with system.database.unit_of_work() as uow:
        assert len(uow.session.scalars(select(SessionRow)).all()) == 1
    _refused(lambda: system.staff.authenticate_session(session_id=session_id), "unauthenticated")


def test_a_fresh_password_ends_the_sessions(system: System) -> None:
    made = system.staff.add(name="abe", org="eligibility:ssk", role=StaffRole.ELIGIBILITY_OPERATOR)
    session_id, _ = system.staff.log_in(name="abe", password=made.password)
    fresh = system.staff.reset_password(name="abe")
    _refused(lambda: system.staff.authenticate_session(session_id=session_id), "session_ended")
    _refused(lambda: system.staff.log_in(name="abe", password=made.password), "bad_login")
    assert system.staff.log_in(name="abe", password=fresh)[1].principal.name == "abe"


@pytest.mark.parametrize(
    ("org", "role", "code"),
    [
        ("municipality:131017", StaffRole.MUNICIPALITY_CLERK, "bad_org"),  # check digit
        ("town:131016", StaffRole.MUNICIPALITY_CLERK, "bad_org"),
        ("insurer:01130012", StaffRole.MUNICIPALITY_CLERK, "role_org_mismatch"),
        ("facility:1311234567", StaffRole.RECEPTIONIST, "bad_org"),
        ("jlis:", StaffRole.JLIS_COUNTER, "bad_org"),
    ],
)
def test_bad_organisations_are_refused(
    system: System, org: str, role: StaffRole, code: str
) -> None:
    _refused(lambda: system.staff.add(name="x-1", org=org, role=role), code)
    assert system.staff.accounts() == []


def test_names_are_unique_and_plain(system: System) -> None:
    system.staff.add(name="mori", org="audit:ppc", role=StaffRole.AUDITOR)
    _refused(
        lambda: system.staff.add(name="mori", org="audit:ppc", role=StaffRole.AUDITOR),
        "account_exists",
    )
    _refused(
        lambda: system.staff.add(name="森", org="audit:ppc", role=StaffRole.AUDITOR), "bad_name"
    )
