"""Server fixtures shared by the e2e and browser tests: a real uvicorn server on loopback.

Import the fixtures into a conftest (``from tests.servers import server, staff``) to use them.
``staff`` makes named role accounts on demand (``staff.clerk("131016")`` → an Authorization
header of that municipality's clerk) through the real staff directory.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from mynumber.app import System, create_app
from mynumber.kernel.staffauth import StaffRole
from mynumber.staff.data import NewAccount

__all__ = ["OPENAPI_TIMEOUT", "StaffLogins", "free_port", "log_in", "server", "staff"]

# The first /openapi.json a server answers builds the schema of every route: seconds on a
# loaded machine, more than httpx's default 5 s timeout.
OPENAPI_TIMEOUT = 60.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base: str, seconds: float = 30) -> None:
    # Starting uvicorn and the app's lifespan took over 10 s once on a loaded 2-core machine.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the test server at {base} did not answer /healthz in {seconds} s")


@pytest.fixture
def server(system: System) -> Iterator[str]:
    """Serve the instance over HTTP on 127.0.0.1 and return its base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(system), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait_healthy(base)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)


class StaffLogins:
    """Role accounts of one test's instance, made once each, as login secrets or headers."""

    def __init__(self, system: System) -> None:
        self._system = system
        self._made: dict[tuple[StaffRole, str], NewAccount] = {}

    def account(self, role: StaffRole, org: str) -> NewAccount:
        """Return the account of this role and organisation (KIND:ID), made on first use."""
        key = (role, org)
        if key not in self._made:
            # An agency's id is itself KIND:CODE; account names take no colon.
            name = f"{role.value.replace('_', '-')}-{org.partition(':')[2].replace(':', '-')}"
            self._made[key] = self._system.staff.add(name=name, org=org, role=role)
        return self._made[key]

    def headers(self, role: StaffRole, org: str) -> dict[str, str]:
        """Return the Authorization header of the account's API token."""
        return {"Authorization": f"Bearer {self.account(role, org).api_token}"}

    def clerk(self, municipality: str = "131016") -> dict[str, str]:
        """Return a header of a clerk of one municipality (default: 千代田区)."""
        return self.headers(StaffRole.MUNICIPALITY_CLERK, f"municipality:{municipality}")

    def jlis(self) -> dict[str, str]:
        """Return a header of the J-LIS counter."""
        return self.headers(StaffRole.JLIS_COUNTER, "jlis:jlis")

    def insurer(self, insurer_number: str) -> dict[str, str]:
        """Return a header of a clerk of one insurer."""
        return self.headers(StaffRole.INSURER_CLERK, f"insurer:{insurer_number}")

    def operator(self) -> dict[str, str]:
        """Return a header of the eligibility system's operator."""
        return self.headers(StaffRole.ELIGIBILITY_OPERATOR, "eligibility:ssk")

    def receptionist(self, facility_code: str) -> NewAccount:
        """Return the account of a receptionist of one facility (pages log in with it)."""
        return self.account(StaffRole.RECEPTIONIST, f"facility:{facility_code}")

    def agency(self, agency_id: str) -> dict[str, str]:
        """Return a header of a clerk of one agency on the network (agency id KIND:CODE)."""
        return self.headers(StaffRole.AGENCY_CLERK, f"agency:{agency_id}")

    def network_operator(self) -> dict[str, str]:
        """Return a header of the network's operator (デジタル庁)."""
        return self.headers(StaffRole.NETWORK_OPERATOR, "network:digital")

    def care_office(self, office_number: str) -> dict[str, str]:
        """Return a header of a member of staff of a 介護事業所 (介護保険事業所番号)."""
        return self.headers(StaffRole.CARE_PROVIDER, f"care_office:{office_number.lower()}")

    def facility(self, facility_code: str) -> dict[str, str]:
        """Return a header of a receptionist of a medical facility (医療機関コード)."""
        return self.headers(StaffRole.RECEPTIONIST, f"facility:{facility_code}")

    def auditor(self) -> dict[str, str]:
        """Return a header of an auditor."""
        return self.headers(StaffRole.AUDITOR, "audit:ppc")


def log_in(client: httpx.Client, account: NewAccount, next_url: str = "/") -> httpx.Response:
    """Log a client in through the staff login form; return the response."""
    return client.post(
        "/staff/login",
        data={"name": account.account.name, "password": account.password, "next": next_url},
    )


@pytest.fixture
def staff(system: System) -> StaffLogins:
    """Return the instance's role logins, made on demand."""
    return StaffLogins(system)
