"""`mynumber bench verify`: eligibility checks over loopback HTTP from concurrent terminals.

The server runs in its own processes (`mynumber serve --workers W`); one signed terminal drives
it from load-generator processes of their own (`load`) with C concurrent connections. A check
by card is what a 顔認証付きカードリーダー does: ask for a challenge, then send the card's
certificate with the reader's signed face-match result; both requests count in its latency. A
check by number is one request. Every check is answered with its access record written, as in
production.

In the same run it measures the floors the figures are read against: the same driver against
the server's `GET /livez` (the HTTP floor), and `pgbench -S` on the same PostgreSQL; and it
says where the cores went (generator, server workers, PostgreSQL) and each worker's memory.

The population, memberships and cards are built once per database and remembered in a state
file next to it, so a second run on the same database starts at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import statistics
import tempfile
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import make_url

from mynumber.app import build_system
from mynumber.bench.load import Generators, LoadPlan, LoadResult, Target, Workload
from mynumber.bench.pgbench import print_pgbench
from mynumber.bench.procstat import (
    Memory,
    cpu_seconds,
    cpu_spent,
    descendants,
    memory,
    postgres_pids,
)
from mynumber.bench.server import running_server
from mynumber.bench.verify_instance import build_instance, new_terminal
from mynumber.kernel.settings import Settings

__all__ = ["Mode", "run"]


class Mode(StrEnum):
    """What the terminals check with."""

    CARD = "card"
    NUMBER = "number"


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
        saved = build_instance(system, people=people, members=members, cards=cards, seed=seed)
        state.write_text(json.dumps(saved))
    terminal_id, key = new_terminal(system, "B")
    system.close()
    workload = Workload(
        numbers=saved["numbers"],
        certificates=[base64.b64decode(c) for c in saved["certificates"]],
        visit_date=saved["visit_date"],
    )
    return workload, BenchTerminal(terminal_id, key)


# --- the measurement ----------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One path's figures and what the machine spent on them."""

    label: str
    result: LoadResult
    per_check: int  # requests per check: 2 by card (challenge, check), 1 otherwise
    server_cpu: float
    database_cpu: float

    def figures(self) -> dict[str, Any]:
        """Return the figures as a flat mapping (printed, and written by --json)."""
        latencies, elapsed = self.result.latencies, self.result.elapsed or 1.0
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        return {
            "path": self.label,
            "per_second": len(latencies) / elapsed,
            "requests_per_second": self.result.requests / elapsed,
            "p50_ms": cuts[49] * 1000,
            "p95_ms": cuts[94] * 1000,
            "p99_ms": cuts[98] * 1000,
            "answered": len(latencies),
            "errors": sum(self.result.errors.values()),
            "generator_cpu_s": sum(self.result.cpu_seconds),
            "server_cpu_s": self.server_cpu,
            "database_cpu_s": self.database_cpu,
            "seconds": elapsed,
        }


def _measure(
    label: str, plan: LoadPlan, *, generators: Generators, server: list[int], per_check: int
) -> Measured:
    before = cpu_seconds(server), cpu_seconds(postgres_pids())
    result = generators.run(plan)
    after = cpu_seconds(server), cpu_seconds(postgres_pids())
    return Measured(
        label, result, per_check, cpu_spent(before[0], after[0]), cpu_spent(before[1], after[1])
    )


def _print(measured: Measured) -> None:
    f = measured.figures()
    typer.echo(
        f"{f['path']:<30} {f['per_second']:>8,.0f}/s ({f['requests_per_second']:,.0f} requests/s)"
        f"  p50 {f['p50_ms']:6.1f} ms  p95 {f['p95_ms']:6.1f} ms  p99 {f['p99_ms']:6.1f} ms"
        f"  n={f['answered']:,}  errors={f['errors']}"
    )
    cores = f["seconds"]
    typer.echo(
        f"{'':<30} CPU (cores): generator {f['generator_cpu_s'] / cores:.2f}, server"
        f" {f['server_cpu_s'] / cores:.2f}, PostgreSQL {f['database_cpu_s'] / cores:.2f}"
    )
    for reason, count in sorted(measured.result.errors.items(), key=lambda item: -item[1])[:5]:
        typer.echo(f"    {count:>6} × {reason}")


def _workers_memory(server: list[int]) -> list[Memory]:
    readings = [memory(pid) for pid in server]
    return [m for m in readings if m is not None]


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
    generators: Annotated[
        int, typer.Option(min=1, max=8, help="load-generator processes sharing the clients")
    ] = 1,
    cards: Annotated[int, typer.Option(min=1)] = 100_000,
    data_dir: Annotated[
        Path | None, typer.Option(help="keys and the remembered set-up; temp dir if omitted")
    ] = None,
    pgbench: Annotated[bool, typer.Option(help="print pgbench -S beside it (PostgreSQL)")] = True,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="also write the figures to this file")
    ] = None,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Drive the server over loopback HTTP from separate processes; print throughput, latency,
    the HTTP floor and pgbench -S of the same run, their ratios, CPU and worker memory."""
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
        setup = {"backend": backend, "people": people, "members": members,
                 "cards": len(workload.certificates), "workers": workers, "clients": clients,
                 "generators": generators}  # fmt: skip
        typer.echo(
            f"{backend}, {people:,} people ({members:,} members), "
            f"{len(workload.certificates):,} cards, {workers} server workers, "
            f"{clients} clients in {generators} generator process(es), {seconds:.0f} s each"
        )
        key = terminal.key.private_bytes_raw()
        plan = LoadPlan(base="", path=Target(mode.value), clients=clients, seconds=seconds,
                        terminal_id=terminal.terminal_id, terminal_key=key,
                        workload=workload, seed=seed)  # fmt: skip
        with (
            running_server(folder, url, workers=workers) as (base, server_pid),
            Generators(generators) as load,
        ):
            server = descendants(server_pid)
            load.run(replace(plan, base=base, seconds=2))  # warm up
            floor = _measure("HTTP floor (GET /livez)", replace(plan, base=base, path=Target.FLOOR),
                             generators=load, server=server, per_check=1)  # fmt: skip
            checks = _measure(f"verify by {mode.value}", replace(plan, base=base),
                              generators=load, server=server,
                              per_check=2 if mode is Mode.CARD else 1)  # fmt: skip
            held = _workers_memory(server)
        _print(floor)
        _print(checks)
        tps = None
        if backend == "postgresql" and pgbench:
            tps = print_pgbench(url, clients=clients, seconds=int(min(seconds, 30)))
        figures = _ratios(floor, checks, tps, held)
        if json_out is not None:
            document = setup | {"floor": floor.figures(), "checks": checks.figures()} | figures
            json_out.write_text(json.dumps(document, indent=2))


def _ratios(
    floor: Measured, checks: Measured, tps: float | None, held: list[Memory]
) -> dict[str, Any]:
    """Print and return the ratios of the checks to the floors, and the workers' memory."""
    ceiling = floor.figures()["requests_per_second"] or 1.0
    done = checks.figures()
    ratios = {
        "checks_to_floor": done["per_second"] / ceiling,
        "requests_to_floor": done["requests_per_second"] / ceiling,
        "checks_to_pgbench": done["per_second"] / tps if tps else None,
        "pgbench_tps": tps,
        "worker_rss_mib": [round(m.rss_mib) for m in held],
        "worker_peak_mib": [round(m.peak_mib) for m in held],
    }
    typer.echo(
        f"ratios: checks/s ÷ floor requests/s {ratios['checks_to_floor']:.1%}; the checks'"
        f" requests/s ÷ floor {ratios['requests_to_floor']:.1%}"
        + (f"; checks/s ÷ pgbench -S {ratios['checks_to_pgbench']:.2%}" if tps else "")
    )
    typer.echo(
        "server memory (RSS now / peak, MiB, per process): "
        + ", ".join(f"{m.rss_mib:,.0f} / {m.peak_mib:,.0f}" for m in held)
    )
    return ratios
