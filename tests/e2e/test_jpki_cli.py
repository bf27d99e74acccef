"""`mynumber card …` as a user runs it, with openssl checking what it writes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli import run

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")


def _ok(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    done = run(*args, data_dir=data_dir)
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done


def test_issue_export_sign_and_revoke_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo = _ok("demo", "--people", "40", "--cards", "1", "--no-serve", data_dir=data)
    assert "マイナンバーカード 1 枚" in demo.stdout and "署名用" in demo.stdout
    residents = json.loads(_ok("registry", "list", "--limit", "40", "--json", data_dir=data).stdout)
    adult = [r for r in residents if r["birth_date"] < "1990-01-01"][-1]

    issued = json.loads(
        _ok("card", "issue", "--resident", adult["resident_code"], "--json", data_dir=data).stdout
    )
    card, pins = issued["card"]["card_id"], issued["pins"]
    assert {c["kind"] for c in issued["card"]["certificates"]} == {"sign", "auth"}

    out = tmp_path / "certs"
    exported = _ok(
        "card", "export-certs", card, "--out", str(out), "--sign-pin", pins["sign"].lower(),
        "--json", data_dir=data,
    )  # fmt: skip
    names = {Path(f).name for f in json.loads(exported.stdout)["files"]}
    assert names == {"auth.pem", "ca-auth.pem", "ca-sign.pem", "sign.pem", "ca-root.pem"}
    for leaf, ca in (("auth", "ca-auth"), ("sign", "ca-sign")):
        verified = subprocess.run(
            ["openssl", "verify", "-CAfile", out / "ca-root.pem", "-untrusted", out / f"{ca}.pem",
             out / f"{leaf}.pem"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert verified.stdout.strip().endswith(": OK"), verified.stdout + verified.stderr

    document, signature = tmp_path / "document.txt", tmp_path / "document.p7s"
    document.write_text(f"signed on {dt.date.today()}\n")
    _ok("card", "sign", card, str(document), "--sign-pin", pins["sign"], "--out", str(signature),
        data_dir=data)  # fmt: skip
    chain = tmp_path / "chain.pem"
    chain.write_text((out / "ca-root.pem").read_text() + (out / "ca-sign.pem").read_text())
    cms = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
         "-content", document, "-CAfile", chain, "-out", "/dev/null"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Verification successful" in cms.stderr, cms.stderr

    wrong = run("card", "sign", card, str(document), "--sign-pin", "WRONG1",
                "--out", str(tmp_path / "x.p7s"), data_dir=data)  # fmt: skip
    assert wrong.returncode == 1 and "4 tries left" in wrong.stderr

    revoked = json.loads(
        _ok("card", "revoke", card, "--reason", "keyCompromise", "--json", data_dir=data).stdout
    )
    assert {c["status"] for c in revoked["certificates"]} == {"revoked"}
    assert revoked["pin_tries_left"]["sign"] == 4  # the wrong try was written back to the card
