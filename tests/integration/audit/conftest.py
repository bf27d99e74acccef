"""The audit's pages are read over real HTTP: a uvicorn server on loopback (tests/servers.py)."""

from __future__ import annotations

from tests.servers import server, staff

__all__ = ["server", "staff"]
