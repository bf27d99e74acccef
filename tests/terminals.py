"""A facility terminal for tests: its own Ed25519 key, registered with the eligibility system,
and an HTTP client that signs every request with it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mynumber.app import System
from mynumber.eligibility.data import TerminalRegistration
from mynumber.facility.signing import TerminalAuth

__all__ = ["TestTerminal", "new_terminal"]

_numbers = itertools.count(1)


class TestTerminal:
    """A registered terminal of one facility, holding its private key."""

    __test__ = False  # not a test class, despite its name

    def __init__(
        self, terminal_id: str, key: Ed25519PrivateKey, now: Callable[[], dt.datetime]
    ) -> None:
        self.terminal_id, self.key, self.now = terminal_id, key, now

    def client(self, server: str) -> httpx.Client:
        """Return a client that signs its requests as this terminal, on the instance's clock."""
        auth = TerminalAuth(self.terminal_id, self.key.sign, now=self.now)
        return httpx.Client(base_url=server, auth=auth, timeout=30)


def new_terminal(system: System, facility_code: str) -> TestTerminal:
    """Register a new terminal with a fresh key for a registered facility."""
    key = Ed25519PrivateKey.generate()
    terminal_id = f"{facility_code}-X{next(_numbers):02d}"
    system.eligibility.register_terminal(
        terminal=TerminalRegistration(
            terminal_id=terminal_id,
            facility_code=facility_code,
            public_key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )
    )
    return TestTerminal(terminal_id, key, system.clock.now)
