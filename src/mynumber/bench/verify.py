"""`mynumber bench verify`: eligibility checks over loopback HTTP from concurrent terminals.

The server runs in its own processes (`mynumber serve --workers W`); one signed terminal drives
it from this process with C concurrent connections. A check by card is what a 顔認証付き
カードリーダー does: ask for a challenge, then send the card's certificate with the reader's
signed face-match result; both requests count in its latency. A check by number is one
request. Every check is answered with its access record written, as in production.

The population, memberships and cards are built once per database and remembered in a state
file next to it, so a second run on the same database starts at once.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.engine import make_url

from mynumber.app import System, build_system
from mynumber.bench.pgbench import print_pgbench
from mynumber.bench.population import CLINIC
from mynumber.bench.server import running_server
from mynumber.bench.verify_instance import build_instance
from mynumber.eligibility.data import ReaderMethod, ReaderResult, TerminalRegistration
from mynumber.facility.api import TerminalAuth
from mynumber.kernel.settings import Settings

__all__ = ["Mode", "run"]


class Mode(StrEnum):
    """What the terminals check with."""

    CARD = "card"
    NUMBER = "number"


@dataclass(frozen=True)
class Workload:
    """What the terminals send: insured numbers, and cards' certificates (DER)."""

    numbers: list[dict[str, str]]
    certificates: list[bytes]
    visit_date: str


@dataclass(frozen=True)
class BenchTerminal:
    """The bench's own terminal, registered with a fresh key for this run."""

    terminal_id: str
    key: Ed25519PrivateKey


# --- set-up -------------------------------------------------------------------------------


def _state_file(data_dir: Path, url: str) -> Path:
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    return data_dir / f"bench-verify-{digest}.json"


def _prepare(
    data_dir: Path, url: str, *, people: int, members: int, cards: int, seed: int
) -> tuple[Workload, BenchTerminal]:
    """Return the workload (building it on first use) and a newly registered terminal."""
    system = build_system(Settings(data_dir=data_dir, database_url=url))
    state = _state_file(data_dir, url)
    saved = json.loads(state.read_text()) if state.exists() else {}
    # Cards asked for, not made: fewer adults than cards in a small population is no reason to
    # build again.
    built_cards = saved.get("cards", len(saved.get("certificates", ())))
    if (saved.get("people"), saved.get("members")) != (people, members) or built_cards < cards:
        saved = _build(system, people=people, members=members, cards=cards, seed=seed)
        state.write_text(json.dumps(saved))
    key = Ed25519PrivateKey.generate()
    terminal_id = f"{CLINIC}-B{os.getpid() % 100_000:05d}{random.randrange(1000):03d}"
    system.eligibility.register_terminal(
        terminal=TerminalRegistration(
            terminal_id=terminal_id,
            facility_code=CLINIC,
            public_key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )
    )
    system.close()
    workload = Workload(
        numbers=saved["numbers"],
        certificates=[base64.b64decode(c) for c in saved["certificates"]],
        visit_date=saved["visit_date"],
    )
    return workload, BenchTerminal(terminal_id, key)


def _build(system: System, *, people: int, members: int, cards: int, seed: int) -> dict[str, Any]:
    return build_instance(system, people=people, members=members, cards=cards, seed=seed)


# --- the terminals ------------------------------------------------------------------------


class Driver:
    """One terminal sending checks over a shared connection pool, counting what comes back."""

    def __init__(self, terminal: BenchTerminal, workload: Workload, seed: int) -> None:
        self.terminal, self.workload = terminal, workload
        self.rng = random.Random(seed)
        self.digests = [hashlib.sha256(c).hexdigest() for c in workload.certificates]
        self.errors: dict[str, int] = {}
        # Signs each request as a terminal does: its id, a fresh nonce and timestamp, its key.
        self.auth = TerminalAuth(terminal.terminal_id, terminal.key.sign)

    async def _post(self, client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
        raw = json.dumps(body).encode()
        response = await client.post(
            path, content=raw, headers={"Content-Type": "application/json"}, auth=self.auth
        )
        if response.status_code != 200:
            raise CheckFailedError(f"HTTP {response.status_code} {response.json().get('error')}")
        return response.json()

    async def by_number(self, client: httpx.AsyncClient) -> None:
        """Check one member by the numbers on their 資格確認書."""
        numbers = self.rng.choice(self.workload.numbers)
        body = {"facility_code": CLINIC, "visit_date": self.workload.visit_date, **numbers}
        _expect_valid(await self._post(client, "/api/eligibility/verify/number", body))

    async def by_card(self, client: httpx.AsyncClient) -> None:
        """Check one card as the face-recognition reader does: challenge, then the check."""
        index = self.rng.randrange(len(self.workload.certificates))
        answer = await self._post(client, "/api/eligibility/challenges", {})
        challenge = base64.b64decode(answer["challenge"])
        reader = ReaderResult(
            terminal_id=self.terminal.terminal_id,
            method=ReaderMethod.FACE,
            matched=True,
            certificate_digest=self.digests[index],
            challenge=challenge,
            signed_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            signature=b"",
        )
        reader = reader.model_copy(
            update={"signature": self.terminal.key.sign(reader.signed_bytes())}
        )
        body = {
            "facility_code": CLINIC,
            "visit_date": self.workload.visit_date,
            "authentication": {
                "certificate": base64.b64encode(self.workload.certificates[index]).decode(),
                "challenge": answer["challenge"],
            },
            "reader": reader.model_dump(mode="json"),
        }
        _expect_valid(await self._post(client, "/api/eligibility/verify/card", body))


class CheckFailedError(Exception):
    """A check that was not answered "valid"."""


def _expect_valid(answer: dict[str, Any]) -> None:
    if answer.get("QualificationValidity") != "1":
        raise CheckFailedError(
            f"answer {answer.get('ErrorCode') or answer.get('QualificationValidity')}"
        )


async def _drive(
    base: str, driver: Driver, mode: Mode, *, clients: int, seconds: float
) -> tuple[list[float], float]:
    """Run `clients` concurrent loops for `seconds`; return the latencies and elapsed time."""
    check = driver.by_card if mode is Mode.CARD else driver.by_number
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        deadline = time.perf_counter() + seconds

        async def loop() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    await check(client)
                except (CheckFailedError, httpx.HTTPError) as failed:
                    reason = str(failed) or type(failed).__name__
                    driver.errors[reason] = driver.errors.get(reason, 0) + 1
                    continue
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        return latencies, time.perf_counter() - started


def _report(label: str, latencies: list[float], elapsed: float, errors: dict[str, int]) -> None:
    if len(latencies) < 2:
        typer.echo(f"{label}: too few answers ({len(latencies)}); errors {errors}")
        return
    cuts = statistics.quantiles(latencies, n=100)
    typer.echo(
        f"{label:<28} {len(latencies) / elapsed:>8,.0f}/s  p50 {cuts[49] * 1000:6.1f} ms"
        f"  p95 {cuts[94] * 1000:6.1f} ms  p99 {cuts[98] * 1000:6.1f} ms"
        f"  n={len(latencies):,}  errors={sum(errors.values())}"
    )
    for reason, count in sorted(errors.items(), key=lambda item: -item[1])[:5]:
        typer.echo(f"    {count:>6} × {reason}")


# --- the command --------------------------------------------------------------------------


def run(
    mode: Annotated[
        Mode, typer.Option(help="card: reader + J-LIS; number: 資格確認書")
    ] = Mode.CARD,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    people: Annotated[int, typer.Option(min=100)] = 1_000_000,
    members: Annotated[
        int | None, typer.Option(min=100, help="residents given a membership; all if omitted")
    ] = None,
    seconds: Annotated[float, typer.Option(min=1)] = 20,
    clients: Annotated[int, typer.Option(min=1, max=512, help="concurrent connections")] = 32,
    workers: Annotated[
        int | None, typer.Option(min=1, max=16, help="server processes; SQLite: 1, else 2")
    ] = None,
    cards: Annotated[int, typer.Option(min=1)] = 100_000,
    data_dir: Annotated[
        Path | None, typer.Option(help="keys and the remembered set-up; temp dir if omitted")
    ] = None,
    pgbench: Annotated[bool, typer.Option(help="print pgbench -S beside it (PostgreSQL)")] = True,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Drive the server over loopback HTTP and print throughput and p50/p95/p99 latency."""
    with tempfile.TemporaryDirectory(prefix="mynumber-bench-") as tmp:
        folder = (data_dir or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        url = db or f"sqlite:///{folder / 'main.db'}"
        members = min(members or people, people)
        workload, terminal = _prepare(
            folder, url, people=people, members=members, cards=cards, seed=seed
        )
        backend = make_url(url).get_backend_name()
        # SQLite has one writer: processes would only queue for its lock.
        workers = workers or (1 if backend == "sqlite" else 2)
        typer.echo(
            f"{backend}, {people:,} people ({members:,} members), "
            f"{len(workload.certificates):,} cards, "
            f"{workers} server workers, {clients} clients, {seconds:.0f} s"
        )
        with running_server(folder, url, workers=workers) as base:
            driver = Driver(terminal, workload, seed)
            asyncio.run(_drive(base, driver, mode, clients=clients, seconds=2))  # warm up
            driver.errors.clear()
            latencies, elapsed = asyncio.run(
                _drive(base, driver, mode, clients=clients, seconds=seconds)
            )
        _report(f"verify by {mode.value} over HTTP", latencies, elapsed, driver.errors)
        if backend == "postgresql" and pgbench:
            print_pgbench(url, clients=clients, seconds=int(min(seconds, 30)))
