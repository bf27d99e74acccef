"""The terminal's folder interface (フォルダ連携): request files in, answer files out.

Receipt computers write `OQSsiquc01req_*.xml` (単件照会) or `OQSmuquc01req_*.xml` (一括照会)
into `req`, and clinics' and pharmacies' systems write 電子処方箋 messages (`EPSsiPIR01req_*.xml`
処方箋登録, `EPSsiPRT01req_*.xml` 処方箋取得 ⚠, `EPSsiDRR01req_*.xml` 調剤結果登録 ⚠); every message
is an XmlMsg, so the message code the file's name starts with says which endpoint answers it
(`ENDPOINTS`). The watcher posts each to the server's XML endpoint, writes the answer to `res`
under the same name with `res` for `req`, and moves the request to `done` (or `error` when the
answer is an error). An unreachable server or refused call also yields an error answer file,
and so does an answer with a DTD (TRM004): answers are parsed by defusedxml, DTDs forbidden, and
such an answer is never handed on to the clinic software.
"""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_untrusted

from mynumber.eligibility.data import error_xml
from mynumber.facility.signing import Signer, TerminalAuth

__all__ = ["ENDPOINTS", "Handled", "WatchConfig", "answer_name", "process_once", "watch"]

# The message code a request file's name starts with → the server's endpoint answering it.
ENDPOINTS = {
    "OQSsiquc01req_": "/api/eligibility/xml/single",
    "OQSmuquc01req_": "/api/eligibility/xml/batch",
    "EPSsiPIR01req_": "/api/health/xml/prescriptions",
    "EPSsiPRT01req_": "/api/health/xml/retrievals",
    "EPSsiDRR01req_": "/api/health/xml/dispensings",
}
Echo = Callable[[str], None]
_SHOWN = {"PrescriptionId": "処方箋ID", "ExchangeNumber": "引換番号", "UseNumber": "調剤回"}


@dataclass(frozen=True)
class WatchConfig:
    """Where the folders are, which terminal this is (its id and key), and its server."""

    folder: Path
    terminal_id: str
    sign: Signer
    server: str = "http://127.0.0.1:8000"
    timeout: float = 30.0
    now: Callable[[], dt.datetime] | None = None  # the signing clock; the system's if None

    def client(self) -> httpx.Client:
        """Return an HTTP client that signs every request with the terminal's key."""
        return httpx.Client(
            base_url=self.server.rstrip("/"),
            auth=TerminalAuth(self.terminal_id, self.sign, now=self.now),
            timeout=self.timeout,
        )


@dataclass(frozen=True)
class Handled:
    """One request file handled: where its answer went and whether it was an error."""

    request: str
    answer: Path
    ok: bool
    message: str


def answer_name(request: str) -> str:
    """Return the answer file's name: `OQSsiquc01req_X.xml` → `OQSsiquc01res_X.xml`."""
    return request.replace("req_", "res_", 1)


def _endpoint(name: str) -> str | None:
    if not name.endswith(".xml"):
        return None
    return next((path for prefix, path in ENDPOINTS.items() if name.startswith(prefix)), None)


def _refusal(code: str, message: str) -> bytes:
    """Return the answer file the terminal writes when it has no answer from the server: the
    interface's error document (SegmentOfResult 9), as the server writes its own."""
    return error_xml(code, message, now=dt.datetime.now(dt.UTC))


def _summary(answer: bytes) -> tuple[bool, str]:
    """Return whether the answer is a success, and a line about it; raise on a DTD."""
    try:
        root = parse_untrusted(answer, forbid_dtd=True)
    except ET.ParseError:
        return False, "サーバーの応答が XML ではありません"
    if root.findtext("MessageHeader/SegmentOfResult") == "9":
        code = root.findtext("MessageHeader/ErrorCode") or ""
        return False, f"エラー {code}: {root.findtext('MessageHeader/ErrorMessage') or ''}"
    if root.findtext("MessageBody/ProcessingResultStatus") == "2":  # refused (電子処方箋)
        code = root.findtext("MessageBody/ProcessingResultCode") or ""
        return False, f"エラー {code}: {root.findtext('MessageBody/ProcessingResultMessage') or ''}"
    validity = root.findall(".//QualificationValidity")
    if validity or root.find("MessageBody/ProcessingResultStatus") is None:
        return True, "資格有効性 " + ",".join(v.text or "-" for v in validity)
    return True, _prescription_summary(root)


def _prescription_summary(root: ET.Element) -> str:
    shown = [f"{label} {root.findtext(f'MessageBody/{name}')}" for name, label in _SHOWN.items()
             if root.find(f"MessageBody/{name}") is not None]  # fmt: skip
    listed = root.findall("MessageBody/PrescriptionList/Prescription")
    return " ".join(shown) if shown else f"処方箋 {len(listed)} 件"


def _ask(path: Path, endpoint: str, client: httpx.Client) -> bytes:
    try:
        body = path.read_bytes()
    except OSError as exc:
        return _refusal("TRM003", f"要求ファイルを読めません: {exc}")
    try:
        response = client.post(
            endpoint,
            content=body,
            headers={"Content-Type": "application/xml"},
        )
    except httpx.HTTPError as exc:
        return _refusal("TRM001", f"サーバーに接続できません: {exc}")
    if response.status_code != 200:
        return _refusal(
            "TRM002", f"サーバーが拒否しました: HTTP {response.status_code}{_reason(response)}"
        )
    return response.content


def _reason(response: httpx.Response) -> str:
    try:
        refusal = response.json()
    except ValueError:
        return ""
    return (
        f" {refusal.get('error', '')}: {refusal.get('reason', '')}"
        if isinstance(refusal, dict)
        else ""
    )


def _write(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)  # the clinic software never sees half a file


def handle(path: Path, config: WatchConfig, client: httpx.Client) -> Handled:
    """Answer one request file and move it to done or error."""
    answer = _ask(path, _endpoint(path.name) or ENDPOINTS["OQSsiquc01req_"], client)
    try:
        ok, message = _summary(answer)
    except DefusedXmlException:
        message = "サーバーの応答に DTD・実体宣言があるため読みません"
        answer, ok, message = _refusal("TRM004", message), False, f"エラー TRM004: {message}"
    target = config.folder / "res" / answer_name(path.name)
    _write(target, answer)
    path.replace(config.folder / ("done" if ok else "error") / path.name)
    return Handled(request=path.name, answer=target, ok=ok, message=message)


def _prepare(folder: Path) -> None:
    for name in ("req", "res", "done", "error"):
        (folder / name).mkdir(parents=True, exist_ok=True)


def _pending(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "req").iterdir() if p.is_file() and _endpoint(p.name))


def _report(done: Handled, echo: Echo) -> None:
    mark = "応答" if done.ok else "エラー応答"
    echo(f"{done.request} → res/{done.answer.name}（{mark}: {done.message}）")


def _handle_all(
    paths: list[Path], config: WatchConfig, client: httpx.Client, echo: Echo
) -> list[Handled]:
    handled = []
    for path in paths:
        try:
            done = handle(path, config, client)
        except OSError as exc:  # a file vanished or a folder is read-only: go on with the rest
            echo(f"{path.name} を処理できませんでした: {exc}")
            continue
        _report(done, echo)
        handled.append(done)
    return handled


def process_once(config: WatchConfig, *, echo: Echo = print) -> list[Handled]:
    """Answer every request file now in req, then return what was handled."""
    _prepare(config.folder)
    with config.client() as client:
        return _handle_all(_pending(config.folder), config, client, echo)


def watch(
    config: WatchConfig,
    *,
    echo: Echo = print,
    interval: float = 0.5,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Poll req every interval seconds until stop() is true; a file is taken once its size
    stayed the same over two polls (so half-written files are left alone)."""
    _prepare(config.folder)
    sizes: dict[Path, int] = {}
    with config.client() as client:
        while not stop():
            try:
                ready, sizes = _stable(_pending(config.folder), sizes)
                _handle_all(ready, config, client, echo)
            except OSError as exc:
                echo(f"フォルダを読めません: {exc}")
            time.sleep(interval)


def _stable(paths: list[Path], before: dict[Path, int]) -> tuple[list[Path], dict[Path, int]]:
    now = {}
    for path in paths:
        try:
            now[path] = path.stat().st_size
        except OSError:
            continue
    ready = [p for p, size in now.items() if before.get(p) == size]
    return ready, {p: s for p, s in now.items() if p not in ready}
