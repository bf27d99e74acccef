"""The terminal's folder interface against the real server: request files in, answers out."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.facility.watcher import WatchConfig, process_once, watch
from mynumber.insurers.data import (
    Enrolment,
    IncomeCategory,
    Insurer,
    InsurerKind,
    Member,
    Membership,
)
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.data import ChangeKind, Resident

from ..integration.registry.helpers import person
from ..terminals import TestTerminal, new_terminal

INSURER = Insurer(
    number=CODECS[IdentifierKind.INSURER_NUMBER].complete("0113001"),
    kind=InsurerKind.KYOKAI,
    name="全国健康保険協会 東京支部",
    prefecture_code="13",
)
CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")


def _enrolled(system: System) -> tuple[Resident, Membership]:
    system.insurers.add_insurer(insurer=INSURER)
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="さくら内科")
    )
    resident = system.registry.register(
        new=person(), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1)
    )
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
        address=resident.address.text,
        postal_code=resident.address.postal_code,
    )
    membership = system.insurers.enrol(
        enrolment=Enrolment(
            insurer_number=INSURER.number,
            my_number=resident.my_number,
            member=member,
            valid_from=dt.date(2024, 4, 1),
            income=IncomeCategory.GENERAL,
        )
    )
    return resident, membership


def _search(m: Membership, born: dt.date, ident: str) -> str:
    return (
        "<QualificationConfirmSearchInfo>"
        f"<InsurerNumber>{m.insured.insurer_number}</InsurerNumber>"
        f"<InsuredCardSymbol>{m.insured.symbol}</InsuredCardSymbol>"
        f"<InsuredIdentificationNumber>{m.insured.number}</InsuredIdentificationNumber>"
        f"<InsuredBranchNumber>{m.insured.branch}</InsuredBranchNumber>"
        f"<Birthdate>{born:%Y%m%d}</Birthdate>"
        f"<ArbitraryIdentifier>{ident}</ArbitraryIdentifier>"
        "</QualificationConfirmSearchInfo>"
    )


def _message(*rows: str, encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<XmlMsg><MessageHeader>'
        "<QualificationConfirmationDate>20261122</QualificationConfirmationDate>"
        f"<MedicalInstitutionCode>{CLINIC}</MedicalInstitutionCode>"
        "<ArbitraryFileIdentifier>RC-1</ArbitraryFileIdentifier>"
        f"</MessageHeader><MessageBody>{''.join(rows)}</MessageBody></XmlMsg>"
    )


def test_the_watcher_answers_request_files(system: System, server: str, tmp_path: Path) -> None:
    resident, membership = _enrolled(system)
    req = tmp_path / "req"
    req.mkdir()
    single = _message(_search(membership, resident.birth_date, "患者1"), encoding="Shift_JIS")
    (req / "OQSsiquc01req_0001.xml").write_bytes(single.encode("cp932"))
    batch = _message(
        _search(membership, resident.birth_date, "a"),
        _search(membership, dt.date(1900, 1, 1), "b"),
        _search(membership, resident.birth_date, "c").replace("<Birthdate>", "<Birthdate>x"),
    )
    (req / "OQSmuquc01req_0002.xml").write_text(batch, encoding="utf-8")
    (req / "OQSsiquc01req_0003.xml").write_text("<XmlMsg><MessageHeader>", encoding="utf-8")
    (req / "notes.txt").write_text("not a request", encoding="utf-8")
    lines: list[str] = []

    config = _config(new_terminal(system, CLINIC), tmp_path, server)
    handled = process_once(config, echo=lines.append)

    assert [(h.request, h.ok) for h in handled] == [
        ("OQSmuquc01req_0002.xml", True),
        ("OQSsiquc01req_0001.xml", True),
        ("OQSsiquc01req_0003.xml", False),
    ]
    assert len(lines) == 3 and all("→ res/" in line for line in lines)
    answer = ET.parse(tmp_path / "res" / "OQSsiquc01res_0001.xml").getroot()
    assert answer.findtext("MessageHeader/SegmentOfResult") == "1"
    assert answer.findtext("MessageBody/QualificationValidity") == "1"
    assert answer.findtext("MessageBody/QualificationConfirmSearchInfo/ArbitraryIdentifier") == (
        "患者1"
    )
    result = answer.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert result is not None and result.findtext("Name") == resident.name.full
    units = ET.parse(tmp_path / "res" / "OQSmuquc01res_0002.xml").findall(
        "MessageBody/BulkConfirmUnit"
    )
    assert [u.findtext("QualificationValidity") for u in units] == ["1", "4", None]
    assert units[2].findtext("ProcessingResultStatus") == "2"
    broken = ET.parse(tmp_path / "res" / "OQSsiquc01res_0003.xml").getroot()
    assert broken.findtext("MessageHeader/SegmentOfResult") == "9"
    assert broken.findtext("MessageHeader/ErrorCode") == "XML001"
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == [
        "OQSmuquc01req_0002.xml",
        "OQSsiquc01req_0001.xml",
    ]
    assert [p.name for p in (tmp_path / "error").iterdir()] == ["OQSsiquc01req_0003.xml"]
    assert [p.name for p in req.iterdir()] == ["notes.txt"]


def _config(terminal: TestTerminal, folder: Path, server: str) -> WatchConfig:
    return WatchConfig(
        folder=folder,
        terminal_id=terminal.terminal_id,
        sign=terminal.key.sign,
        server=server,
        now=terminal.now,
    )


def test_the_xml_endpoint_needs_a_terminal_signature(
    system: System, server: str, tmp_path: Path
) -> None:
    response = httpx.post(f"{server}/api/eligibility/xml/single", content=b"<XmlMsg/>")
    assert response.status_code == 401
    assert response.json()["error"] == "terminal_signature_required"
    _enrolled(system)
    (tmp_path / "req").mkdir()
    (tmp_path / "req" / "OQSsiquc01req_0200.xml").write_text(_message(), encoding="utf-8")
    stranger = TestTerminal("9999999999-T01", new_terminal(system, CLINIC).key, system.clock.now)

    [handled] = process_once(_config(stranger, tmp_path, server), echo=lambda _line: None)

    assert not handled.ok and "terminal_unknown" in handled.message
    answer = ET.parse(tmp_path / "res" / "OQSsiquc01res_0200.xml").getroot()
    assert answer.findtext("MessageHeader/ErrorCode") == "TRM002"


def test_an_unreachable_server_gets_an_error_answer_from_the_cli(tmp_path: Path) -> None:
    req = tmp_path / "req"
    req.mkdir()
    (req / "OQSsiquc01req_0009.xml").write_text(_message(), encoding="utf-8")
    key_file = tmp_path / "terminal.key"
    key_file.write_text(Ed25519PrivateKey.generate().private_bytes_raw().hex())
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(tmp_path / "data"))
    env.pop("MYNUMBER_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mynumber",
            "terminal",
            "watch",
            str(tmp_path),
            "--facility",
            CLINIC,
            "--server",
            "http://127.0.0.1:9",
            "--terminal",
            f"{CLINIC}-T01",
            "--key-file",
            str(key_file),
            "--once",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "OQSsiquc01req_0009.xml" in done.stdout and "エラー応答" in done.stdout
    answer = ET.parse(tmp_path / "res" / "OQSsiquc01res_0009.xml").getroot()
    assert answer.findtext("MessageHeader/ErrorCode") == "TRM001"
    assert (tmp_path / "error" / "OQSsiquc01req_0009.xml").exists()


def test_the_polling_loop_takes_a_file_once_it_is_complete(
    system: System, server: str, tmp_path: Path
) -> None:
    resident, membership = _enrolled(system)
    (tmp_path / "req").mkdir()
    request = tmp_path / "req" / "OQSsiquc01req_0100.xml"
    request.write_text(_message(_search(membership, resident.birth_date, "x")), encoding="utf-8")
    answer = tmp_path / "res" / "OQSsiquc01res_0100.xml"
    deadline = time.monotonic() + 20
    lines: list[str] = []
    config = _config(new_terminal(system, CLINIC), tmp_path, server)

    watch(
        config,
        echo=lines.append,
        interval=0.05,
        stop=lambda: answer.exists() or time.monotonic() > deadline,
    )

    root = ET.parse(answer).getroot()
    assert root.findtext("MessageBody/QualificationValidity") == "1"
    assert (tmp_path / "done" / request.name).exists() and len(lines) == 1
