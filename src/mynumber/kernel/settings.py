"""Settings from the environment, and the instance's secret keys kept in the data directory.

`keys.json` is only ever replaced whole: a new version is written to a temporary file in the
same directory (mode 0600 from its creation), flushed to disk and renamed over the old one, so
a crash or a full disk leaves the previous keys intact. Writers take turns (a lock on the
directory), so processes starting together agree on one set of keys. A key file that other
users may open is refused.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mynumber.kernel.errors import DomainError
from mynumber.kernel.policy import Policy, PolicyProfile

__all__ = ["KeysFileError", "Settings", "load_keys"]

_KEY_NAMES = (
    "my_number",  # J-LIS: resident code → My Number transform
    "resident_code",  # J-LIS: sequence → resident code permutation
    "network_code",  # the network: (agency, person) → 符号, and its person handles (符号管理)
    "access_log",  # MAC key of the hash-chained logs
    "card_seal",  # J-LIS: seals each virtual card's state (its keys never leave it in clear)
    "jpki_ca",  # J-LIS: encrypts the CA private keys at rest
    "terminal_keys",  # facilities: encrypts the terminals' private keys at rest
    "portal_subjects",  # the portal: pairwise subject identifiers per API client
)


DEFAULT_MAX_BODY_BYTES = 1 << 20  # 1 MiB: any single call
# 64 MiB: a batch of 100,000 rows (an OQSmuquc01req file of that size is about 45 MB).
DEFAULT_MAX_BATCH_BODY_BYTES = 64 << 20


@dataclass(frozen=True)
class Settings:
    """Where the instance keeps its data, which database it uses, and its request limits."""

    data_dir: Path
    database_url: str
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch_body_bytes: int = DEFAULT_MAX_BATCH_BODY_BYTES
    broker_url: str | None = None  # nats://… : messages between organisations go through NATS
    broker_stream: str = "MYNUMBER"  # the JetStream stream (and subject prefix) of the instance
    broker_ack_wait: float = 30.0  # seconds before a message a dead process held is redelivered
    policy: Policy = field(default_factory=lambda: Policy.of(PolicyProfile.REAL))

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        """Read MYNUMBER_DATA_DIR and MYNUMBER_DATABASE_URL (default: SQLite in the data dir),
        the body limits MYNUMBER_MAX_BODY_BYTES and MYNUMBER_MAX_BATCH_BODY_BYTES,
        MYNUMBER_BROKER_URL (default: in-process delivery), MYNUMBER_BROKER_STREAM and
        MYNUMBER_BROKER_ACK_WAIT, and MYNUMBER_POLICY (real or safeguarded; default real)."""
        directory = Path(data_dir or os.environ.get("MYNUMBER_DATA_DIR", "data")).resolve()
        url = os.environ.get("MYNUMBER_DATABASE_URL") or f"sqlite:///{directory / 'main.db'}"
        return cls(
            data_dir=directory,
            database_url=url,
            max_body_bytes=_bytes_setting("MYNUMBER_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            max_batch_body_bytes=_bytes_setting(
                "MYNUMBER_MAX_BATCH_BODY_BYTES", DEFAULT_MAX_BATCH_BODY_BYTES
            ),
            broker_url=os.environ.get("MYNUMBER_BROKER_URL") or None,
            broker_stream=os.environ.get("MYNUMBER_BROKER_STREAM") or "MYNUMBER",
            broker_ack_wait=float(os.environ.get("MYNUMBER_BROKER_ACK_WAIT") or 30.0),
            policy=Policy.from_env(),
        )

    def keys(self) -> dict[str, bytes]:
        """Return the instance's secret keys, creating them on first use."""
        return load_keys(self.data_dir / "keys.json")


class KeysFileError(DomainError):
    """The key file cannot be used safely: other users may open it, or it is not readable."""

    status = 500
    code = "keys_file_unsafe"


def load_keys(path: Path) -> dict[str, bytes]:
    """Return the secret keys stored at path, adding any missing ones (file mode 0600).

    Refuse (KeysFileError) a file that group or others may read or write, or that is not a
    key file.
    """
    stored = _read(path)
    if any(name not in stored for name in _KEY_NAMES):
        path.parent.mkdir(parents=True, exist_ok=True)
        with _turn(path.parent):
            stored = _read(path)  # another process may have written meanwhile
            for name in _KEY_NAMES:
                stored.setdefault(name, secrets.token_hex(32))
            _replace(path, json.dumps(stored, indent=2).encode())
    return {name: bytes.fromhex(value) for name, value in stored.items()}


def _read(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise KeysFileError(
                    f"{path} holds the instance's secret keys but other users may open it "
                    f"(mode {stat.filemode(mode)}); make it private: chmod 600 {path}",
                    code="keys_file_exposed",
                )
            stored = json.loads(handle.read())
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise KeysFileError(
            f"{path} is not a key file (JSON of hex keys): {exc}", code="keys_file_unreadable"
        ) from None
    if not isinstance(stored, dict) or not all(isinstance(v, str) for v in stored.values()):
        raise KeysFileError(
            f"{path} is not a key file (JSON of hex keys)", code="keys_file_unreadable"
        )
    return stored


@contextlib.contextmanager
def _turn(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the directory while the block runs."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _replace(path: Path, data: bytes) -> None:
    """Replace path's content with data atomically: temporary file, fsync, rename, fsync dir."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:  # mkstemp creates the file with mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)


def _bytes_setting(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive number of bytes, not {text!r}")
    return int(text)
