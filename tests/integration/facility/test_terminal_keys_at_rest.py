"""Terminals' private keys are stored encrypted, and the migration encrypts the ones stored
in clear before it, all or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import LargeBinary, String, column, inspect, table

from mynumber.app import System
from mynumber.facility.api import MIGRATIONS

from .helpers import CLINIC, clinic_with_terminal

_TERMINALS = table("terminals", column("terminal_id", String), schema="facility")


def _holds_private_key(value: object, public_key: bytes) -> bool:
    """Return whether any 32-byte run of value is the private key behind public_key."""
    if not isinstance(value, bytes | memoryview):
        return False
    data = bytes(value)
    for start in range(len(data) - 31):
        candidate = Ed25519PrivateKey.from_private_bytes(data[start : start + 32])
        if candidate.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == public_key:
            return True
    return False


def test_no_column_holds_a_terminals_private_key_in_clear(system: System) -> None:
    terminal = clinic_with_terminal(system)

    with system.database.connection() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM facility.terminals").all()

    assert len(rows) == 1
    assert not any(_holds_private_key(value, terminal.public_key) for value in rows[0])
    signature = system.facilities.sign(terminal_id=terminal.terminal_id, payload=b"hello")
    Ed25519PublicKey.from_public_bytes(terminal.public_key).verify(signature, b"hello")


def _run(system: System, action: str, revision: str, keys: dict[str, bytes] | None) -> None:
    """Move the facility lineage to a revision, as upgrade_all does."""
    with system.database.engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS.script_location))
        config.attributes.update(connection=conn, schema=MIGRATIONS.schema, keys=keys)
        getattr(command, action)(config, revision)


@pytest.fixture
def at_revision_0001(system: System) -> Iterator[System]:
    """The facility schema as it was before 0002 (with the instance's keys to go back up)."""
    keys = system.settings.keys()
    _run(system, "downgrade", "0001", keys)
    try:
        yield system
    finally:
        _run(system, "upgrade", "head", keys)


def _columns(system: System) -> set[str]:
    with system.database.connection() as conn:
        return {c["name"] for c in inspect(conn).get_columns("terminals", schema="facility")}


def test_the_migration_encrypts_keys_stored_in_clear(at_revision_0001: System) -> None:
    system = at_revision_0001
    keys = [Ed25519PrivateKey.generate() for _ in range(3)]
    plain = table(
        "terminals",
        column("terminal_id", String),
        column("facility_code", String),
        column("public_key", LargeBinary),
        column("private_key", LargeBinary),
        column("created_at"),
        schema="facility",
    )
    publics = {
        f"{CLINIC.code}-T0{n + 1}": key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        for n, key in enumerate(keys)
    }
    with system.database.connection() as conn:
        conn.execute(
            plain.insert(),
            [
                {
                    "terminal_id": terminal_id,
                    "facility_code": CLINIC.code,
                    "public_key": public,
                    "private_key": key.private_bytes_raw(),
                    "created_at": dt.datetime(2026, 1, 1),
                }
                for (terminal_id, public), key in zip(publics.items(), keys, strict=True)
            ],
        )

    # Without the instance's keys the revision refuses, and changes nothing.
    with pytest.raises(RuntimeError, match="needs the instance's keys"):
        _run(system, "upgrade", "head", None)
    assert "private_key" in _columns(system) and "sealed_private_key" not in _columns(system)

    _run(system, "upgrade", "head", system.settings.keys())

    assert "private_key" not in _columns(system)
    with system.database.connection() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM facility.terminals").all()
    for row in rows:
        public = publics[row.terminal_id]
        assert not any(_holds_private_key(value, public) for value in row)
        signature = system.facilities.sign(terminal_id=row.terminal_id, payload=b"after")
        Ed25519PublicKey.from_public_bytes(public).verify(signature, b"after")
