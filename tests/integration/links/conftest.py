"""The instance under each policy profile (the insurers' fixture), for the link tests."""

from __future__ import annotations

from ..insurers.conftest import profiled

__all__ = ["profiled"]
