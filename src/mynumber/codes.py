"""符号取得 through J-LIS: the adapter every agency's links use to obtain its 符号.

A top-level module, like `app`, because it joins two organisations' public apis (the registry
as J-LIS, and the network's 取得番号) for the agencies the composition root builds.
"""

from __future__ import annotations

from collections.abc import Sequence

from mynumber.intermediate.data import CodeApplicant
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry
from mynumber.registry.data import CodeRequest

__all__ = ["CodesThroughJlis"]


class CodesThroughJlis:
    """符号取得 (番号法第21条の2), the one place an agency's 符号 for its own records comes from.

    The agency hands J-LIS the My Number with a one-time 取得番号 that nobody keeps; J-LIS turns
    the number into the resident code and asks the network, which alone derives 符号
    (`Registry.acquire_codes`).
    """

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def acquire_codes(self, *, agency: str, people: Sequence[CodeApplicant]) -> list[str]:
        """Return the agency's 符号 for each person, in order (one request for them all)."""
        requests = [
            CodeRequest(
                agency=agency,
                my_number=person.my_number,
                acquisition_number=new_acquisition_number(),
                actor=agency,
            )
            for person in people
        ]
        issued = self._registry.acquire_codes(requests=requests)
        for request, answer in zip(requests, issued, strict=True):
            if answer.acquisition_number != request.acquisition_number:
                raise RuntimeError("J-LIS answered another 取得番号")  # never: its own bug
        return [answer.code for answer in issued]
