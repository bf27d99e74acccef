"""Timing a call over and over: rate and latency percentiles, printed on one line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import typer

__all__ = ["measure"]


def measure(label: str, seconds: float, one: Callable[[], float]) -> None:
    """Run one() until time is up; one returns the seconds of the part being measured."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        latencies.append(one())
    busy = sum(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    typer.echo(
        f"{label:<34} {len(latencies) / busy:>8.0f}/s  p50 {cuts[49] * 1000:6.2f} ms"
        f"  p95 {cuts[94] * 1000:6.2f} ms  p99 {cuts[98] * 1000:6.2f} ms  n={len(latencies)}"
    )
