"""A real uvicorn server on a loopback port, serving a migrated instance (see tests/servers.py)."""

from __future__ import annotations

from tests.servers import server, staff

__all__ = ["server", "staff"]
