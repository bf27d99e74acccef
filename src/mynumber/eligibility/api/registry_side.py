"""What the resident register tells the eligibility system: the DV 支援措置 of a person, by the
eligibility system's own 符号 (`registry.data.SupportMeasureNotice`), so that answers about them
carry no address."""

from __future__ import annotations

from typing import Protocol

from mynumber.kernel.messaging import Message

__all__ = ["RegistrySide"]


class RegistrySide(Protocol):
    """The register's side: support measures in."""

    def receive_support_measure(self, message: Message) -> None:
        """Handle the registry's notice of a support measure set or lifted, once."""
        ...
