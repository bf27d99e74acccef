"""Settings from the environment, and the instance's secret keys kept in the data directory."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "load_keys"]

_KEY_NAMES = (
    "my_number",  # J-LIS: resident code → My Number transform
    "resident_code",  # J-LIS: sequence → resident code permutation
    "agency_code",  # the code service: (agency, person) → 機関別符号
    "access_log",  # MAC key of the hash-chained logs
    "staff_token",  # bearer token of registry staff for the demo instance
    "card_seal",  # J-LIS: seals each virtual card's state (its keys never leave it in clear)
    "jpki_ca",  # J-LIS: encrypts the CA private keys at rest
)


@dataclass(frozen=True)
class Settings:
    """Where the instance keeps its data and which database it uses."""

    data_dir: Path
    database_url: str
    broker_url: str | None = None  # nats://… : messages between organisations go through NATS
    broker_stream: str = "MYNUMBER"  # the JetStream stream (and subject prefix) of the instance
    broker_ack_wait: float = 30.0  # seconds before a message a dead process held is redelivered

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        """Read MYNUMBER_DATA_DIR and MYNUMBER_DATABASE_URL (default: SQLite in the data dir),
        MYNUMBER_BROKER_URL (default: in-process delivery), MYNUMBER_BROKER_STREAM and
        MYNUMBER_BROKER_ACK_WAIT."""
        directory = Path(data_dir or os.environ.get("MYNUMBER_DATA_DIR", "data")).resolve()
        url = os.environ.get("MYNUMBER_DATABASE_URL") or f"sqlite:///{directory / 'main.db'}"
        return cls(
            data_dir=directory,
            database_url=url,
            broker_url=os.environ.get("MYNUMBER_BROKER_URL") or None,
            broker_stream=os.environ.get("MYNUMBER_BROKER_STREAM") or "MYNUMBER",
            broker_ack_wait=float(os.environ.get("MYNUMBER_BROKER_ACK_WAIT") or 30.0),
        )

    def keys(self) -> dict[str, bytes]:
        """Return the instance's secret keys, creating them on first use."""
        return load_keys(self.data_dir / "keys.json")


def load_keys(path: Path) -> dict[str, bytes]:
    """Return the secret keys stored at path, adding any missing ones (file mode 0600)."""
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [name for name in _KEY_NAMES if name not in stored]
    if missing:
        for name in missing:
            stored[name] = secrets.token_hex(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(stored, handle, indent=2)
    return {name: bytes.fromhex(value) for name, value in stored.items()}
