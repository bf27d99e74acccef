"""The delivery worker: carries messages from the senders' outboxes to their receivers.

In process (the default), the relay hands each pending message to every handler routed to its
topic, then drops it from the outbox. With a broker URL (`nats://…`) it publishes pending
messages to NATS JetStream and feeds each route from its own durable consumer, acknowledging
after the receiver's commit. Either way a message may arrive twice (a crash between the
receiver's commit and the drop or the acknowledgement); the receiver's inbox makes the second
arrival a no-op. Messages of one outbox are delivered in the order they were sent: a failing one
holds back those after it until it succeeds.
"""

from __future__ import annotations

import logging
import threading

from mynumber.kernel.messaging.faults import fault_point
from mynumber.kernel.messaging.outbox import Outbox
from mynumber.kernel.messaging.route import Handler, Route

__all__ = ["Handler", "Relay", "Route"]

BATCH = 100
log = logging.getLogger("mynumber.relay")


class Relay:
    """Deliver messages from outboxes to handlers, in process or through NATS JetStream."""

    def __init__(
        self,
        *,
        broker_url: str | None = None,
        stream: str = "MYNUMBER",
        ack_wait: float = 30.0,
        poll_seconds: float = 1.0,
        eager: bool = True,
    ) -> None:
        self.routes: list[Route] = []
        self._outboxes: dict[str, Outbox] = {}
        self._lock = threading.RLock()
        self._busy: set[int] = set()  # threads delivering now: their own sends wait for the loop
        self._eager, self._poll = eager, poll_seconds
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._broker = None
        if broker_url:
            from mynumber.kernel.messaging.jetstream import JetStreamBroker  # noqa: PLC0415

            self._broker = JetStreamBroker(
                broker_url, stream=stream, ack_wait=ack_wait, busy=self._busy
            )

    @property
    def transport(self) -> str:
        """Return how messages travel: "nats" or "in-process"."""
        return "nats" if self._broker else "in-process"

    def route(self, *, topic: str, sender: Outbox, consumer: str, handler: Handler) -> None:
        """Deliver sender's messages of topic to handler, as the receiver's consumer."""
        self.routes.append(Route(topic=topic, sender=sender, consumer=consumer, handler=handler))
        if sender.name not in self._outboxes:
            self._outboxes[sender.name] = sender
            sender.listen(self.wake)

    def wake(self) -> None:
        """Deliver now (after a sender's commit) unless this thread is delivering already."""
        if not self._eager or threading.get_ident() in self._busy:
            return
        try:
            self.drain()
        except Exception:  # the sender's change stands; the worker or `relay` retries
            log.exception("delivery failed; the messages wait in their outboxes")

    def drain(self, *, wait_for_held: bool = False) -> int:
        """Deliver until nothing is pending or only failing messages are; return how many.

        wait_for_held: over NATS, also wait (up to the ack wait) for messages a dead process
        had taken and not acknowledged, so they are delivered again now (`relay --once`).
        """
        me = threading.get_ident()
        with self._lock:
            self._busy.add(me)
            try:
                total = 0
                while delivered := self._round(wait_for_held):
                    total += delivered
                return total
            finally:
                self._busy.discard(me)

    def pending(self) -> int:
        """Return how many messages wait in the outboxes (not yet delivered or published)."""
        return sum(outbox.count_pending() for outbox in self._outboxes.values())

    def start(self) -> None:
        """Start delivering in a background thread, every poll interval (idempotent)."""
        if self._worker is not None:
            return
        self._stop.clear()
        self._worker = threading.Thread(target=self._work, name="mynumber-relay", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Stop the background thread after its current round."""
        if self._worker is None:
            return
        self._stop.set()
        self._worker.join()
        self._worker = None

    def close(self) -> None:
        """Stop delivering and close the broker connection."""
        self.stop()
        if self._broker is not None:
            self._broker.close()

    def _work(self) -> None:
        while True:
            try:
                self.drain()
            except Exception:
                log.exception("delivery round failed; retrying")
            if self._stop.wait(self._poll):
                return

    def _round(self, wait_for_held: bool = False) -> int:
        if self._broker is not None:
            outboxes, routes = list(self._outboxes.values()), list(self.routes)
            return self._broker.deliver(outboxes, routes, wait_for_held=wait_for_held)
        return sum(self._deliver_from(outbox) for outbox in self._outboxes.values())

    def _deliver_from(self, outbox: Outbox) -> int:
        routes = [route for route in self.routes if route.sender is outbox]
        delivered = 0
        for message in outbox.pending(limit=BATCH):
            fault_point(f"relay.before_delivery.{message.topic}")
            try:
                for route in routes:
                    if route.topic == message.topic:
                        route.handler(message)
            except Exception:
                log.exception("message %s (%s) failed; kept", message.message_id, message.topic)
                return delivered  # later messages of this outbox wait, to keep their order
            fault_point(f"relay.after_handling.{message.topic}")
            outbox.drop([message.message_id])
            delivered += 1
        return delivered
