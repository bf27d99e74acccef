"""Agencies' signing keys: kept one PEM per agency, private to the instance, renewed on demand."""

from __future__ import annotations

import stat
from pathlib import Path

from mynumber.kernel.agencykeys import (
    AgencyKeyStore,
    public_key_text,
    public_key_valid,
    sign_message,
    signature_valid,
)


def test_a_key_is_made_once_private_and_loaded_again(tmp_path: Path) -> None:
    store = AgencyKeyStore(tmp_path / "keys")
    public = store.public_key("municipality:131016")
    [pem] = (tmp_path / "keys").iterdir()
    assert pem.name == "municipality+131016.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in pem.read_bytes()
    assert AgencyKeyStore(tmp_path / "keys").public_key("municipality:131016") == public
    assert AgencyKeyStore(tmp_path / "keys").public_key("kouki:13") != public
    assert public_key_valid(public) and len(public) == 43


def test_renewal_replaces_the_key_for_every_later_reader(tmp_path: Path) -> None:
    store = AgencyKeyStore(tmp_path)
    old = store.public_key("jlis")
    new = store.renew("jlis")
    assert new != old and store.public_key("jlis") == new
    assert AgencyKeyStore(tmp_path).public_key("jlis") == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jlis.pem"]  # no temporary left


def test_signatures_check_the_message_and_the_key(tmp_path: Path) -> None:
    store = AgencyKeyStore(tmp_path)
    key = store.private_key("kouki:13")
    signature = sign_message(key, b"message")
    assert signature_valid(public_key_text(key), b"message", signature)
    assert not signature_valid(public_key_text(key), b"messagE", signature)
    assert not signature_valid(store.public_key("pension:jpo"), b"message", signature)
    assert not signature_valid(None, b"message", signature)
    assert not signature_valid(public_key_text(key), b"message", "")
    assert not signature_valid(public_key_text(key), b"message", "not base64!")
    assert not signature_valid("short", b"message", signature)
    assert not public_key_valid("A" * 42) and not public_key_valid("not a key")
