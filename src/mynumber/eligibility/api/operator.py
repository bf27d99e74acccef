"""What the eligibility system's operator (支払基金・国保中央会) does with it: the list of
facilities, terminal keys registered by hand, disaster mode, the batch worker, and its figures."""

from __future__ import annotations

from typing import Protocol

from mynumber.eligibility.data import Disaster, FacilityRegistration, TerminalRegistration

__all__ = ["OperatorSide"]


class OperatorSide(Protocol):
    """The operator's side: administration of who may call, disaster mode, and the workers."""

    def facilities(self) -> list[FacilityRegistration]:
        """Return the registered facilities by code."""
        ...

    def register_terminal(self, *, terminal: TerminalRegistration) -> None:
        """Register a terminal's public key for a registered facility."""
        ...

    def activate_disaster(self, *, disaster: Disaster) -> None:
        """Allow card-less lookup in these prefectures for this period (災害時医療情報閲覧)."""
        ...

    def access_record_count(self) -> int:
        """Return how many reads of anyone's data are recorded; for the operator's figures."""
        ...

    def run_batches(self, *, limit: int | None = None) -> int:
        """Answer queued 一括照会 in the calling thread; return how many finished."""
        ...

    def start_batch_worker(self) -> None:
        """Start the background worker once (idempotent); it first re-queues inquiries a dead
        process left running."""
        ...

    def stop_batch_worker(self) -> None:
        """Stop the background worker; an inquiry it was answering goes back to the queue."""
        ...
