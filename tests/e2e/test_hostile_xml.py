"""Hostile XML over real HTTP: refused with the XML error answer and nothing recorded; and a
folder watcher that never hands a DTD-bearing answer on to the clinic software."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring as parse_answer
from defusedxml.ElementTree import parse as parse_file
from sqlalchemy import func, select

from mynumber.app import System
from mynumber.eligibility.models import access_records
from mynumber.eligibility.transports.xml_codec import MAX_XML_BATCH_ROWS
from mynumber.facility.watcher import WatchConfig, process_once

from ..terminals import new_terminal
from .test_terminal_watch import CLINIC, _enrolled, _message, _search


def _access_records(system: System) -> int:
    with system.database.connection() as conn:
        return int(conn.execute(select(func.count()).select_from(access_records)).scalar_one())


def test_an_entity_bomb_is_refused_and_nothing_is_recorded(system: System, server: str) -> None:
    resident, membership = _enrolled(system)
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    row = _search(membership, resident.birth_date, "&l9;")
    text = _message(row, row).replace("?>\n", f'?>\n<!DOCTYPE XmlMsg [<!ENTITY l0 "lol">{laughs}]>')
    terminal = new_terminal(system, CLINIC)
    before = _access_records(system)

    with terminal.client(server) as client:
        reply = client.post("/api/eligibility/xml/batch", content=text.encode())
        plain = _message(_search(membership, resident.birth_date, "l9"))
        fine = client.post("/api/eligibility/xml/single", content=plain.encode())

    root = parse_answer(reply.content)
    assert reply.status_code == 200
    assert root.findtext("MessageHeader/ErrorCode") == "XML001"
    assert root.find("MessageBody/BulkConfirmUnit") is None
    # The same row without the DTD is answered, and only that read is recorded.
    assert parse_answer(fine.content).findtext("MessageBody/QualificationValidity") == "1"
    assert _access_records(system) == before + 1


def test_an_xml_batch_over_the_cap_is_refused_and_nothing_is_recorded(
    system: System, server: str
) -> None:
    resident, membership = _enrolled(system)
    row = _search(membership, resident.birth_date, "p")
    body = _message(*([row] * (MAX_XML_BATCH_ROWS + 1))).encode()
    terminal = new_terminal(system, CLINIC)
    before = _access_records(system)

    with terminal.client(server) as client:
        reply = client.post("/api/eligibility/xml/batch", content=body)

    root = parse_answer(reply.content)
    assert reply.status_code == 200
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == "XML006"
    assert root.find("MessageBody/BulkConfirmUnit") is None
    assert _access_records(system) == before


HOSTILE_ANSWER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE XmlMsg [<!ENTITY valid "1">]>\n'
    b"<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader>"
    b"<MessageBody><QualificationValidity>&valid;</QualificationValidity></MessageBody></XmlMsg>"
)


class _HostileServer(BaseHTTPRequestHandler):
    """A server (or anyone in the middle of plain HTTP) answering with a DTD and an entity."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(HOSTILE_ANSWER)))
        self.end_headers()
        self.wfile.write(HOSTILE_ANSWER)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def hostile_server() -> Iterator[str]:
    """Serve the hostile answer on a loopback port; return its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _HostileServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_watcher_refuses_an_answer_with_a_dtd(hostile_server: str, tmp_path: Path) -> None:
    (tmp_path / "req").mkdir()
    (tmp_path / "req" / "OQSsiquc01req_0300.xml").write_text(_message(), encoding="utf-8")
    config = WatchConfig(
        folder=tmp_path,
        terminal_id=f"{CLINIC}-T01",
        sign=lambda _payload: b"\0" * 64,
        server=hostile_server,
    )

    [handled] = process_once(config, echo=lambda _line: None)

    assert not handled.ok and "TRM004" in handled.message
    written = (tmp_path / "res" / "OQSsiquc01res_0300.xml").read_bytes()
    assert b"<!DOCTYPE" not in written and b"&valid;" not in written
    root = parse_file(tmp_path / "res" / "OQSsiquc01res_0300.xml").getroot()
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == "TRM004"
    assert (tmp_path / "error" / "OQSsiquc01req_0300.xml").exists()
