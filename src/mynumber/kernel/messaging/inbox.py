"""The receiver's side: handle a message and record it as handled in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.messaging.faults import fault_point
from mynumber.kernel.messaging.outbox import Message

__all__ = ["Inbox"]


class Inbox:
    """A subsystem's inbox: the ids of the messages each of its consumers has handled."""

    def __init__(self, *, database: Database, table: Table, clock: Clock) -> None:
        self._db, self._table, self._clock = database, table, clock

    def handle(self, message: Message, *, consumer: str, work: Callable[[Session], None]) -> bool:
        """Do work for message in one unit of work that also records it as handled by consumer.

        Return False, doing nothing, if consumer had handled it already: a message delivered
        twice takes effect once. An exception from work rolls everything back, so the message
        stays unhandled and is delivered again.
        """
        try:
            with self._db.unit_of_work() as uow:
                if self._seen(uow.session, message, consumer):
                    return False
                work(uow.session)
                uow.session.execute(
                    insert(self._table).values(
                        consumer=consumer,
                        message_id=message.message_id,
                        topic=message.topic,
                        handled_at=self._clock.now(),
                    )
                )
                fault_point(f"inbox.{consumer}.before_commit")
        except IntegrityError:
            # Another delivery of the same message committed first: its effect stands.
            if self.handled(message, consumer=consumer):
                return False
            raise
        return True

    def handled(self, message: Message, *, consumer: str) -> bool:
        """Return whether consumer has handled message."""
        with self._db.unit_of_work() as uow:
            return self._seen(uow.session, message, consumer)

    def _seen(self, session: Session, message: Message, consumer: str) -> bool:
        table = self._table
        found = session.execute(
            select(table.c.message_id).where(
                table.c.consumer == consumer, table.c.message_id == message.message_id
            )
        ).first()
        return found is not None
