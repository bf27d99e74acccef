"""A route: which receiver's handler takes a sender's messages of one topic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mynumber.kernel.messaging.outbox import Message, Outbox

__all__ = ["Handler", "Route"]

Handler = Callable[[Message], None]


@dataclass(frozen=True)
class Route:
    """Messages of a topic from one sender, to one receiver's consumer."""

    topic: str
    sender: Outbox
    consumer: str
    handler: Handler
