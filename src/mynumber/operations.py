"""The server's own operational endpoints: readiness with the database, liveness without.

`GET /healthz` answers once the database answers (a load balancer's readiness probe); `GET
/livez` answers as soon as the process serves HTTP and touches nothing else, which also makes it
the HTTP floor `mynumber bench verify` measures the checks against.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from mynumber import __version__
from mynumber.kernel.db import Database

__all__ = ["install_liveness", "install_operations"]


def install_liveness(app: FastAPI) -> None:
    """Add /livez, before every other route: FastAPI tries routes in order, and the HTTP floor
    should measure HTTP, not route matching. Left out of /docs, which lists the APIs by
    organisation (`/healthz` is there, under operations)."""

    @app.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        """Report that the process serves HTTP (nothing else is touched: no database)."""
        return {"status": "ok"}


def install_operations(app: FastAPI, database: Database) -> None:
    """Add /healthz to the application."""

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, Any]:
        """Report that the server is up and its database answers."""
        with database.connection() as conn:
            conn.exec_driver_sql("SELECT 1")
        return {"status": "ok", "version": __version__, "database": database.url.get_backend_name()}
