"""A real uvicorn server on a loopback port, serving a migrated instance."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from mynumber.app import System, create_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(system: System) -> Iterator[str]:
    """Serve the instance over HTTP on 127.0.0.1 and return its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(system), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def staff(system: System) -> dict[str, str]:
    """Return the staff authorization header."""
    return {"Authorization": f"Bearer {system.staff_token}"}
