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
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.bench.population import CLINIC
from mynumber.eligibility.data import ReaderMethod, ReaderResult
from mynumber.facility.api import TerminalAuth

__all__ = ["LoadPlan", "LoadResult", "Target", "Workload", "run_generators"]


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
    """One terminal sending checks over a shared connection pool, counting what comes back."""

    def __init__(self, plan: LoadPlan) -> None:
        self.plan, self.workload = plan, plan.workload
        self.rng = random.Random(plan.seed)
        self.key = Ed25519PrivateKey.from_private_bytes(plan.terminal_key)
        # Signs each request as a terminal does: its id, a fresh nonce and timestamp, its key.
        self.auth = TerminalAuth(plan.terminal_id, self.key.sign)
        self.requests = 0

    async def _post(self, client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
        self.requests += 1
        raw = json.dumps(body).encode()
        response = await client.post(
            path, content=raw, headers={"Content-Type": "application/json"}, auth=self.auth
        )
        if response.status_code != 200:
            raise CheckFailedError(f"HTTP {response.status_code} {response.json().get('error')}")
        return response.json()

    async def floor(self, client: httpx.AsyncClient) -> None:
        """The trivial request: signed like a check's, answered without the database."""
        self.requests += 1
        response = await client.get("/livez", auth=self.auth)
        if response.status_code != 200:
            raise CheckFailedError(f"HTTP {response.status_code}")

    async def by_number(self, client: httpx.AsyncClient) -> None:
        """Check one member by the numbers on their 資格確認書."""
        numbers = self.rng.choice(self.workload.numbers)
        body = {"facility_code": CLINIC, "visit_date": self.workload.visit_date, **numbers}
        _expect_valid(await self._post(client, "/api/eligibility/verify/number", body))

    async def by_card(self, client: httpx.AsyncClient) -> None:
        """Check one card as the face-recognition reader does: challenge, then the check."""
        certificate = self.rng.choice(self.workload.certificates)
        answer = await self._post(client, "/api/eligibility/challenges", {})
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
        _expect_valid(await self._post(client, "/api/eligibility/verify/card", body))


def _expect_valid(answer: dict[str, Any]) -> None:
    if answer.get("QualificationValidity") != "1":
        raise CheckFailedError(
            f"answer {answer.get('ErrorCode') or answer.get('QualificationValidity')}"
        )


async def _drive(plan: LoadPlan) -> LoadResult:
    """Run the plan's concurrent loops for its time; return what they saw."""
    driver = _Driver(plan)
    check = {Target.CARD: driver.by_card, Target.NUMBER: driver.by_number}.get(
        plan.path, driver.floor
    )
    limits = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=plan.clients)
    result = LoadResult()
    async with httpx.AsyncClient(base_url=plan.base, limits=limits, timeout=60) as client:
        await asyncio.sleep(max(0.0, plan.start_at - time.time()))  # all processes at once
        deadline = time.perf_counter() + plan.seconds

        async def loop() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    await check(client)
                except (CheckFailedError, httpx.HTTPError) as failed:
                    reason = str(failed) or type(failed).__name__
                    result.errors[reason] = result.errors.get(reason, 0) + 1
                    continue
                result.latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(plan.clients)))
        result.elapsed = time.perf_counter() - started
    result.requests = driver.requests
    return result


def _generate(plan: LoadPlan) -> LoadResult:
    """One generator process: drive the plan, then add the CPU this process used."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = asyncio.run(_drive(plan))
    after = resource.getrusage(resource.RUSAGE_SELF)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result.cpu_seconds = [spent]
    return result


def _ready(_: int) -> None:
    """Nothing: sent to the pool first so its processes exist before the clock starts."""
    time.sleep(0.05)


def run_generators(plan: LoadPlan, *, processes: int) -> LoadResult:
    """Split the plan's clients over `processes` generator processes; merge what they saw."""
    shares = [plan.clients // processes + (i < plan.clients % processes) for i in range(processes)]
    plans = [
        LoadPlan(**{**plan.__dict__, "clients": share, "seed": plan.seed + i})
        for i, share in enumerate(shares)
        if share
    ]
    context = multiprocessing.get_context("spawn")  # a clean interpreter, not a fork of ours
    with ProcessPoolExecutor(max_workers=len(plans), mp_context=context) as pool:
        list(pool.map(_ready, range(len(plans) * 4)))  # start every process, imports done
        start_at = time.time() + 1.0
        timed = [LoadPlan(**{**p.__dict__, "start_at": start_at}) for p in plans]
        parts = list(pool.map(_generate, timed))
    merged = LoadResult()
    for part in parts:
        merged.merge(part)
    return merged
