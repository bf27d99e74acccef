"""Weighted draws with cumulative weights built once, for speed at a million draws."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

__all__ = ["Weighted", "zipf_weights"]

T = TypeVar("T")


class Weighted(Generic[T]):
    """Items drawn in proportion to fixed weights."""

    __slots__ = ("_cum", "_items", "_last", "_total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("need one weight per item, and at least one item")
        self._items = tuple(items)
        self._cum = tuple(accumulate(weights))
        self._total = self._cum[-1]
        self._last = len(self._items) - 1

    @property
    def items(self) -> tuple[T, ...]:
        """Return the items in their given order."""
        return self._items

    def pick(self, rng: random.Random) -> T:
        """Return one item drawn in proportion to its weight."""
        # hi bounds the index: rounding can make random() * total land on the total itself.
        return self._items[bisect(self._cum, rng.random() * self._total, 0, self._last)]


def zipf_weights(count: int, *, exponent: float, offset: float) -> list[float]:
    """Return Zipf–Mandelbrot weights 1/(rank+offset)^exponent for ranks 1..count."""
    return [1.0 / (rank + offset) ** exponent for rank in range(1, count + 1)]
