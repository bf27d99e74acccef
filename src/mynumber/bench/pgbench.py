"""PostgreSQL's own yardstick beside the bench's figures: `pgbench -S` against the same server."""

from __future__ import annotations

import shutil
import subprocess

import typer
from sqlalchemy.engine import make_url

__all__ = ["print_pgbench"]


def print_pgbench(url: str, *, clients: int, seconds: int) -> float | None:
    """Print pgbench's select-only TPS against the same server, in a database of its own;
    return it (None without pgbench)."""
    if shutil.which("pgbench") is None:
        typer.echo("pgbench -S: pgbench is not installed (Debian: postgresql-client)")
        return None
    parsed = make_url(url)
    target = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
    target += ["-U", parsed.username or "postgres"]
    database = "mynumber_pgbench"
    subprocess.run(
        [
            "psql",
            *target,
            "-d",
            parsed.database or "postgres",
            "-qc",
            f"CREATE DATABASE {database}",
        ],
        capture_output=True,
        check=False,
    )  # exists already on a second run
    subprocess.run(
        ["pgbench", *target, "-i", "-q", "-s", "10", database], capture_output=True, check=True
    )
    done = subprocess.run(
        ["pgbench", *target, "-S", "-c", str(clients), "-j", "2", "-T", str(seconds), database],
        capture_output=True,
        text=True,
        check=True,
    )
    tps = next((line for line in done.stdout.splitlines() if line.startswith("tps")), "")
    latency = next((line for line in done.stdout.splitlines() if "latency average" in line), "")
    typer.echo(
        f"pgbench -S -c {clients} -j 2 -T {seconds} (scale 10): {tps.strip()}; {latency.strip()}"
    )
    figure = tps.split("=")[1].split()[0] if "=" in tps else ""
    return float(figure) if figure else None
