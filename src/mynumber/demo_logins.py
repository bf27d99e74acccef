"""One staff login per role for the demo instance, printed by `mynumber demo`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mynumber.app import System
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.staffauth import StaffRole

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
    # The clerk works where most of the register's first residents live (the demo spreads
    # its population over the country).
    places = Counter(r.address.local_government_code for r in system.registry.listing(limit=500))
    if places:
        code = places.most_common(1)[0][0]
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
    for name, role, wanted_org, wanted_page in wanted:
        account = known.get(name)
        org, where = wanted_org, wanted_page
        if account is None:
            password = system.staff.add(name=name, org=org, role=role).password
        elif account.revoked_at is None:  # made by an earlier run: a fresh password
            password = system.staff.reset_password(name=name)
            if account.org != org:  # it keeps the organisation it was made for
                org, where = account.org, wanted_page.partition("?")[0]
        else:  # revoked by the operator: it stays revoked
            continue
        logins.append(DemoLogin(name=name, role=role, org=org, password=password, where=where))
    if not logins:
        raise NotFoundError("no demo staff accounts could be made", code="no_demo_staff")
    return logins
