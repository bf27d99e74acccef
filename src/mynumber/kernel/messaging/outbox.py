"""The sender's side: a message is written to the sender's outbox in the sender's transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database, UnitOfWork

__all__ = ["Message", "Outbox"]


@dataclass(frozen=True)
class Message:
    """One message from one organisation to another: its id, topic and JSON body."""

    message_id: str
    topic: str
    body: dict[str, Any]

    def encode(self) -> bytes:
        """Return the message as UTF-8 JSON (the body as sent over a broker)."""
        return json.dumps(
            {"message_id": self.message_id, "topic": self.topic, "body": self.body},
            ensure_ascii=False,
        ).encode()

    @classmethod
    def decode(cls, data: bytes) -> Message:
        """Return the message encoded in data."""
        fields = json.loads(data)
        return cls(message_id=fields["message_id"], topic=fields["topic"], body=fields["body"])


class Outbox:
    """A subsystem's outbox: messages leave only if the transaction that wrote them commits."""

    def __init__(self, *, database: Database, table: Table, clock: Clock) -> None:
        self._db, self._table, self._clock = database, table, clock
        self._listeners: list[Callable[[], None]] = []
        self.name = table.fullname  # e.g. "registry.messages_out"

    def send(self, session: Session, *, topic: str, body: Mapping[str, Any]) -> str:
        """Write a message in the caller's transaction; return its id."""
        message_id = uuid.uuid4().hex
        session.execute(
            insert(self._table).values(
                message_id=message_id,
                topic=topic,
                body=json.dumps(body, ensure_ascii=False),
                created_at=self._clock.now(),
            )
        )
        uow = session.info.get("unit_of_work")
        waiting: set[str] = session.info.setdefault("outboxes_written", set())
        if isinstance(uow, UnitOfWork) and self.name not in waiting:
            waiting.add(self.name)
            uow.after_commit(self._committed)
        return message_id

    def listen(self, callback: Callable[[], None]) -> None:
        """Call callback after each commit that wrote to this outbox (the relay's wake-up)."""
        self._listeners.append(callback)

    def pending(self, *, limit: int = 100) -> list[Message]:
        """Return the oldest messages not yet delivered, in the order they were sent."""
        table = self._table
        columns = (table.c.message_id, table.c.topic, table.c.body)
        query = select(*columns).order_by(table.c.id).limit(limit)
        with self._db.unit_of_work() as uow:
            rows = uow.session.execute(query).all()
        return [Message(message_id=m, topic=t, body=json.loads(b)) for m, t, b in rows]

    def count_pending(self) -> int:
        """Return how many messages wait for delivery."""
        table = self._table
        query = select(func.count()).select_from(table)
        with self._db.unit_of_work() as uow:
            return int(uow.session.scalar(query) or 0)

    def drop(self, message_ids: Sequence[str]) -> None:
        """Drop these messages: delivered, or stored by the broker."""
        if not message_ids:
            return
        table = self._table
        with self._db.unit_of_work() as uow:
            uow.session.execute(delete(table).where(table.c.message_id.in_(list(message_ids))))

    def _committed(self) -> None:
        for listener in self._listeners:
            listener()
