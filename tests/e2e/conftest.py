"""A real uvicorn server on a loopback port, serving a migrated instance (see tests/servers.py)."""

from __future__ import annotations

import os

import pytest

from tests.e2e.demo_instance import small_demo, small_demo_template
from tests.servers import server, staff

__all__ = ["server", "small_demo", "small_demo_template", "staff"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the short API contract test on SQLite only: the contract is the server's, the same on
    either backend, and the long run (`-m fuzz`) covers PostgreSQL too. Set
    MYNUMBER_CONTRACT_BACKENDS=sqlite,postgresql to run the short one on both."""
    backends = os.environ.get("MYNUMBER_CONTRACT_BACKENDS", "sqlite").split(",")
    skipped = [
        item
        for item in items
        if item.nodeid.startswith("tests/e2e/test_api_contract.py::")
        and item.get_closest_marker("fuzz") is None
        and "[" in item.nodeid
        and item.nodeid.rsplit("[", 1)[1].rstrip("]") not in backends
    ]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if item not in skipped]
