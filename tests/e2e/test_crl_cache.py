"""CRLs are signed when their entries change or they age, not on every anonymous request."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from sqlalchemy import event

from mynumber.app import System
from mynumber.jpki.data import CertificateKind, RevocationReason
from mynumber.jpki.revocation import CRL_REFRESH
from mynumber.kernel.clock import FixedClock
from tests.integration.jpki.helpers import holder


@pytest.fixture
def clock() -> FixedClock:
    """Stand at the real time: openssl reads the CRL's dates against its own clock."""
    return FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))


@contextmanager
def writes(system: System) -> Iterator[list[str]]:
    """Collect every statement that changes the database while the block runs."""
    seen: list[str] = []

    def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(statement)

    event.listen(system.database.engine, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(system.database.engine, "before_cursor_execute", _record)


def _number(der: bytes) -> int:
    crl = x509.load_der_x509_crl(der)
    return crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number


def test_an_unchanged_crl_is_served_as_stored(system: System, server: str) -> None:
    holder(system)
    httpx.get(f"{server}/jpki/crl/auth.crl").raise_for_status()  # the first one is signed

    with writes(system) as changed:
        first = httpx.get(f"{server}/jpki/crl/auth.crl")
        second = httpx.get(f"{server}/jpki/crl/auth.crl")

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert changed == []


def test_a_revocation_gives_a_new_crl_number(
    system: System, server: str, clock: FixedClock, tmp_path: Path
) -> None:
    who = holder(system)
    before = httpx.get(f"{server}/jpki/crl/auth.crl").content

    system.jpki.revoke(
        card_id=who.card_id, reason=RevocationReason.KEY_COMPROMISE, kinds=(CertificateKind.AUTH,)
    )
    after = httpx.get(f"{server}/jpki/crl/auth.crl").content

    assert _number(after) == _number(before) + 1
    serial = next(c.serial for c in who.issued.card.certificates if c.kind is CertificateKind.AUTH)
    assert [e.serial_number for e in x509.load_der_x509_crl(after)] == [int(serial, 16)]
    assert httpx.get(f"{server}/jpki/crl/auth.crl").content == after
    if shutil.which("openssl"):
        (tmp_path / "auth.crl").write_bytes(after)
        text = subprocess.run(
            ["openssl", "crl", "-inform", "DER", "-in", str(tmp_path / "auth.crl"), "-noout",
             "-text"],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout  # fmt: skip
        assert f"Serial Number: {serial}" in text and "Key Compromise" in text
        assert f"X509v3 CRL Number: \n                {_number(after)}" in text


def test_an_ageing_crl_is_signed_anew_before_its_next_update(
    system: System, server: str, clock: FixedClock
) -> None:
    first = httpx.get(f"{server}/jpki/crl/sign.crl").content
    clock.advance(CRL_REFRESH - dt.timedelta(seconds=1))
    assert httpx.get(f"{server}/jpki/crl/sign.crl").content == first

    clock.advance(dt.timedelta(seconds=1))
    renewed = x509.load_der_x509_crl(httpx.get(f"{server}/jpki/crl/sign.crl").content)

    assert renewed.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == (
        _number(first) + 1
    )
    assert renewed.last_update_utc == clock.now()
    assert renewed.next_update_utc is not None
    assert renewed.next_update_utc > x509.load_der_x509_crl(first).next_update_utc  # type: ignore[operator]
