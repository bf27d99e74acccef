"""The load generator of `mynumber bench verify`: terminals in processes of their own.

The generator runs apart from the server (its own process, or several), so the CPU it spends
signing and parsing is not counted as the server's, and it reports that CPU: a generator near
a whole core is itself the limit, and the figure says so. Each process drives C concurrent
connections for a fixed time and returns every latency, the errors by reason and its CPU time.

The same driver measures the HTTP floor: a request to the server's `GET /livez`, which touches
no database, signed and sent exactly as a check's requests are.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import multiprocessing
import random
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import uvloop
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.bench.population import CLINIC
from mynumber.bench.wire import WireConnection
from mynumber.eligibility.data import ReaderMethod, ReaderResult
from mynumber.facility.api import signature_headers

__all__ = ["Generators", "LoadPlan", "LoadResult", "Target", "Workload"]


class Target(StrEnum):
    """What a terminal's loop sends: a check by card or by number, or the floor request."""

    CARD = "card"
    NUMBER = "number"
    FLOOR = "floor"


@dataclass(frozen=True)
class Workload:
    """What the terminals send: insured numbers, and cards' certificates (DER)."""

    numbers: list[dict[str, str]]
    certificates: list[bytes]
    visit_date: str


@dataclass(frozen=True)
class LoadPlan:
    """One generator process's part of a run (the terminal's key as raw bytes: it is sent)."""

    base: str
    path: Target
    clients: int
    seconds: float
    terminal_id: str
    terminal_key: bytes
    workload: Workload
    seed: int
    start_at: float = 0.0  # wall-clock time (time.time()) at which every generator begins


@dataclass
class LoadResult:
    """What the generators saw: latencies (s), requests sent, errors by reason, their CPU."""

    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    elapsed: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    cpu_seconds: list[float] = field(default_factory=list)  # one per generator process

    def merge(self, other: LoadResult) -> None:
        """Add another process's share of the same run."""
        self.latencies += other.latencies
        self.requests += other.requests
        self.elapsed = max(self.elapsed, other.elapsed)
        for reason, count in other.errors.items():
            self.errors[reason] = self.errors.get(reason, 0) + count
        self.cpu_seconds += other.cpu_seconds


class CheckFailedError(Exception):
    """A check that was not answered "valid"."""


class _Driver:
    """One terminal's checks: each request signed with its key, sent on the caller's connection."""

    def __init__(self, plan: LoadPlan) -> None:
        self.plan, self.workload = plan, plan.workload
        self.rng = random.Random(plan.seed)
        self.key = Ed25519PrivateKey.from_private_bytes(plan.terminal_key)
        self.requests = 0

    async def _send(self, conn: WireConnection, method: str, target: str, body: bytes) -> bytes:
        """Sign the request as a terminal does (its id, a fresh nonce and timestamp), send it."""
        self.requests += 1
        headers = signature_headers(terminal_id=self.plan.terminal_id, sign=self.key.sign,
                                    method=method, target=target, body=body)  # fmt: skip
        headers["Content-Type"] = "application/json"
        status, answer = await conn.request(method, target, body, headers)
        if status != 200:
            raise CheckFailedError(f"HTTP {status} {_error_of(answer)}")
        return answer

    async def _post(self, conn: WireConnection, target: str, body: dict[str, Any]) -> Any:
        return json.loads(await self._send(conn, "POST", target, json.dumps(body).encode()))

    async def floor(self, conn: WireConnection) -> None:
        """The trivial request: signed like a check's, answered without the database."""
        await self._send(conn, "GET", "/livez", b"")

    async def by_number(self, conn: WireConnection) -> None:
        """Check one member by the numbers on their 資格確認書."""
        numbers = self.rng.choice(self.workload.numbers)
        body = {"facility_code": CLINIC, "visit_date": self.workload.visit_date, **numbers}
        _expect_valid(await self._post(conn, "/api/eligibility/verify/number", body))

    async def by_card(self, conn: WireConnection) -> None:
        """Check one card as the face-recognition reader does: challenge, then the check."""
        certificate = self.rng.choice(self.workload.certificates)
        answer = await self._post(conn, "/api/eligibility/challenges", {})
        reader = ReaderResult(
            terminal_id=self.plan.terminal_id,
            method=ReaderMethod.FACE,
            matched=True,
            certificate_digest=hashlib.sha256(certificate).hexdigest(),
            challenge=base64.b64decode(answer["challenge"]),
            signed_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            signature=b"",
        )
        reader = reader.model_copy(update={"signature": self.key.sign(reader.signed_bytes())})
        body = {
            "facility_code": CLINIC,
            "visit_date": self.workload.visit_date,
            "authentication": {
                "certificate": base64.b64encode(certificate).decode(),
                "challenge": answer["challenge"],
            },
            "reader": reader.model_dump(mode="json"),
        }
        _expect_valid(await self._post(conn, "/api/eligibility/verify/card", body))


def _error_of(answer: bytes) -> str:
    try:
        return str(json.loads(answer).get("error"))
    except (ValueError, AttributeError):
        return ""


def _expect_valid(answer: dict[str, Any]) -> None:
    if answer.get("QualificationValidity") != "1":
        raise CheckFailedError(
            f"answer {answer.get('ErrorCode') or answer.get('QualificationValidity')}"
        )


async def _drive(plan: LoadPlan) -> LoadResult:
    """Run the plan's concurrent terminals for its time, each on its own connection."""
    driver = _Driver(plan)
    check = {Target.CARD: driver.by_card, Target.NUMBER: driver.by_number}.get(
        plan.path, driver.floor
    )
    result = LoadResult()
    await asyncio.sleep(max(0.0, plan.start_at - time.time()))  # all processes at once
    deadline = time.perf_counter() + plan.seconds

    async def loop() -> None:
        conn = WireConnection(plan.base)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                await check(conn)
            except (CheckFailedError, OSError, asyncio.IncompleteReadError) as failed:
                reason = str(failed) or type(failed).__name__
                result.errors[reason] = result.errors.get(reason, 0) + 1
                continue
            result.latencies.append(time.perf_counter() - started)
        await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(plan.clients)))
    result.elapsed = time.perf_counter() - started
    result.requests = driver.requests
    return result


def _generate(plan: LoadPlan) -> LoadResult:
    """One generator process: drive the plan, then add the CPU this process used."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = uvloop.run(_drive(plan))  # the server's event loop: the generator's too
    after = resource.getrusage(resource.RUSAGE_SELF)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result.cpu_seconds = [spent]
    return result


def _ready(_: int) -> None:
    """Nothing: sent to the pool first so its processes exist before the clock starts."""
    time.sleep(0.05)


class Generators:
    """The load-generator processes of a run, started once for every path it measures."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        context = multiprocessing.get_context("spawn")  # a clean interpreter, not a fork of ours
        self._pool = ProcessPoolExecutor(max_workers=processes, mp_context=context)

    def __enter__(self) -> Generators:
        list(self._pool.map(_ready, range(self.processes * 4)))  # every process up, imports done
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown()

    def run(self, plan: LoadPlan) -> LoadResult:
        """Split the plan's clients over the processes, start them together; merge the parts."""
        count = self.processes
        shares = [plan.clients // count + (i < plan.clients % count) for i in range(count)]
        start_at = time.time() + 1.0
        plans = [
            replace(plan, clients=share, seed=plan.seed + i, start_at=start_at)
            for i, share in enumerate(shares)
            if share
        ]
        merged = LoadResult()
        for part in self._pool.map(_generate, plans):
            merged.merge(part)
        return merged
