"""`mynumber bench bundles`: JP-CLINS Bundles (3文書6情報) validated per second.

The Bundles are the samples of every kind, for as many made-up patients and facilities, as the
bytes a facility would send; each `validate_bundle` (JSON parsing, the FHIR R4 structure, the
profile's FHIRPath rules) is timed. One warm-up Bundle of each kind runs first, so the figures
leave out the first use of the models and the compilation of the rules. No instance and no
database: the check is a pure function.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from typing import Annotated

import typer

from mynumber.health.api import SampleKind, SampleSubject, sample_bundle, validate_bundle

__all__ = ["run"]


def _documents(count: int) -> list[tuple[SampleKind, bytes]]:
    """Return count Bundles as bytes, the kinds in turn, each for another patient and facility."""
    kinds = list(SampleKind)
    documents = []
    for n in range(count):
        subject = SampleSubject(
            institution=f"13{1 + n % 3}{n % 10_000_000:07d}", patient_id=f"{n:06d}", number=str(n)
        )
        bundle = sample_bundle(kinds[n % len(kinds)], subject, unique=f"B{n}")
        documents.append((kinds[n % len(kinds)], json.dumps(bundle, ensure_ascii=False).encode()))
    return documents


def run(
    count: Annotated[int, typer.Option(min=1, help="how many Bundles to validate")] = 2_000,
) -> None:
    """Validate sample Bundles of every kind and print how many are checked per second."""
    for kind in SampleKind:  # warm-up: models loaded, FHIRPath rules compiled
        validate_bundle(sample_bundle(kind))
    documents = _documents(count)
    size = sum(len(d) for _, d in documents) / len(documents)
    typer.echo(f"{count:,} Bundles of {len(SampleKind)} kinds, {size / 1024:.1f} KiB on average")
    latencies: dict[SampleKind, list[float]] = {kind: [] for kind in SampleKind}
    invalid: Counter[SampleKind] = Counter()
    cpu_started = time.process_time()
    for kind, document in documents:
        started = time.perf_counter()
        check = validate_bundle(document)
        latencies[kind].append(time.perf_counter() - started)
        invalid[kind] += not check.valid
    for kind, times in latencies.items():
        if times:
            _line(kind.value, times, invalid[kind])
    cpu = time.process_time() - cpu_started
    _line("all", [t for times in latencies.values() for t in times], sum(invalid.values()))
    typer.echo(f"{'all, CPU time':<22} {count / cpu:>7.0f} Bundles/s  (this process alone)")


def _line(label: str, times: list[float], invalid: int) -> None:
    median = statistics.median(times) * 1000
    typer.echo(
        f"{label:<22} {len(times) / sum(times):>7.0f} Bundles/s  p50 {median:6.2f} ms"
        f"  max {max(times) * 1000:7.2f} ms  n={len(times)}  invalid={invalid}"
    )
