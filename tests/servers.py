"""Server fixtures shared by the e2e and browser tests: a real uvicorn server on loopback.

Import the fixtures into a conftest (``from tests.servers import server, staff``) to use them.
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

__all__ = ["free_port", "server", "staff"]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base: str, seconds: float = 10) -> None:
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


@pytest.fixture
def staff(system: System) -> dict[str, str]:
    """Return the staff authorization header."""
    return {"Authorization": f"Bearer {system.staff_token}"}
