"""The synth subsystem's public surface: the `Synth` protocol and its in-process implementation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from mynumber.insurers.api import Insurers
from mynumber.registry.api import Registry
from mynumber.synth import service
from mynumber.synth.data import SynthReport
from mynumber.synth.insurers import insurer_catalogue

__all__ = ["LocalSynth", "Synth"]


class Synth(Protocol):
    """Generate a synthetic population, deterministic from a seed, and register it."""

    def populate(
        self,
        *,
        seed: int,
        people: int,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> SynthReport:
        """Register `people` synthetic residents as moved in on `on`; return what was made.

        The same seed, count and date give the same people. progress, if given, is called
        with the number of people registered so far after each batch.
        """
        ...

    def create_insurers(self) -> int:
        """Add the synthetic insurer catalogue (those not yet present); return how many."""
        ...


class LocalSynth:
    """The synth running in this process, registering through a `Registry`."""

    def __init__(self, *, registry: Registry, insurers: Insurers) -> None:
        self._registry = registry
        self._insurers = insurers

    def create_insurers(self) -> int:
        existing = {i.number for i in self._insurers.list_insurers()}
        added = [i for i in insurer_catalogue() if i.number not in existing]
        for insurer in added:
            self._insurers.add_insurer(insurer=insurer)
        return len(added)

    def populate(
        self,
        *,
        seed: int,
        people: int,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> SynthReport:
        return service.populate(
            registry=self._registry, seed=seed, people=people, on=on, progress=progress
        )
