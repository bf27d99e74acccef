"""An in-process publish/subscribe bus: the composition root wires subscribers to publishers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

__all__ = ["EventBus"]

Handler = Callable[[Any], None]


class EventBus:
    """Deliver events, by type, to the handlers subscribed to that type."""

    def __init__(self) -> None:
        self._handlers: defaultdict[type[Any], list[Handler]] = defaultdict(list)

    def subscribe(self, event_type: type[Any], handler: Handler) -> None:
        """Call handler with every later event of this type."""
        self._handlers[event_type].append(handler)

    def publish(self, event: Any) -> None:
        """Deliver event to its type's handlers, in subscription order."""
        for handler in self._handlers[type(event)]:
            handler(event)
