"""One staff login per role for the demo instance, printed by `mynumber demo`."""

from __future__ import annotations

from dataclasses import dataclass

from mynumber.app import System
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.web import StaffRole

__all__ = ["DemoLogin", "demo_logins"]


@dataclass(frozen=True)
class DemoLogin:
    """A demo account, its organisation, and a password valid until the next demo run."""

    name: str
    role: StaffRole
    org: str
    password: str
    where: str


def demo_logins(system: System) -> list[DemoLogin]:
    """Make (or give fresh passwords to) one account per role on the demo's own data."""
    wanted: list[tuple[str, StaffRole, str, str]] = [
        ("demo-jlis", StaffRole.JLIS_COUNTER, "jlis:jlis", "/docs#/jpki 公的個人認証"),
        ("demo-operator", StaffRole.ELIGIBILITY_OPERATOR, "eligibility:ssk", "/docs"),
        ("demo-auditor", StaffRole.AUDITOR, "audit:ppc", "/docs"),
    ]
    if residents := system.registry.listing(limit=1):
        code = residents[0].address.local_government_code
        wanted.insert(
            0,
            (
                "demo-clerk",
                StaffRole.MUNICIPALITY_CLERK,
                f"municipality:{code}",
                "/registry/search",
            ),
        )
    if insurers := system.insurers.list_insurers():
        wanted.append(
            ("demo-insurer", StaffRole.INSURER_CLERK, f"insurer:{insurers[0].number}", "/docs")
        )
    for facility in system.facilities.list_facilities(prefecture_code="13"):
        if terminals := system.facilities.terminals(facility_code=facility.code):
            where = f"/reception?terminal={terminals[0].terminal_id}"
            wanted.append(
                ("demo-reception", StaffRole.RECEPTIONIST, f"facility:{facility.code}", where)
            )
            break
    known = {a.name: a for a in system.staff.accounts()}
    logins = []
    for name, role, org, where in wanted:
        account = known.get(name)
        if account is not None and account.revoked_at is None and account.org == org:
            password = system.staff.reset_password(name=name)
        elif account is None:
            password = system.staff.add(name=name, org=org, role=role).password
        else:  # revoked or now another organisation's: leave it as it is
            continue
        logins.append(DemoLogin(name=name, role=role, org=org, password=password, where=where))
    if not logins:
        raise NotFoundError("no demo staff accounts could be made", code="no_demo_staff")
    return logins
