"""The operator's side in this process (`api.OperatorSide`): who may call, disaster mode, the
batch worker and the figures."""

from __future__ import annotations

from mynumber.eligibility.callers import facilities, terminals
from mynumber.eligibility.data import Disaster, FacilityRegistration, TerminalRegistration
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.medical import disaster as disaster_mode

__all__ = ["LocalOperatorSide"]


class LocalOperatorSide(LocalState):
    """What the operator (支払基金・国保中央会) does, in this process."""

    def facilities(self) -> list[FacilityRegistration]:
        with self._db.unit_of_work() as uow:
            return facilities.list_facilities(uow.session)

    def register_terminal(self, *, terminal: TerminalRegistration) -> None:
        with self._db.unit_of_work() as uow:
            terminals.register_terminal(uow.session, terminal, self._ctx.clock.now())

    def activate_disaster(self, *, disaster: Disaster) -> None:
        with self._db.unit_of_work() as uow:
            disaster_mode.activate(uow.session, disaster, self._ctx.clock.now())

    def access_record_count(self) -> int:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.count(uow.session)

    def run_batches(self, *, limit: int | None = None) -> int:
        return self._batches.run(limit=limit)

    def start_batch_worker(self) -> None:
        self._batches.start()

    def stop_batch_worker(self) -> None:
        self._batches.stop()
