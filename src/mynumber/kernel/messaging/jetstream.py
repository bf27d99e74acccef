"""Delivery through NATS JetStream, so organisations can run as separate processes.

Each outbox's pending messages are published to one stream, subject `<stream>.<topic>`, with
the message id as `Nats-Msg-Id` (JetStream drops a re-publication inside its duplicate window),
and marked sent once the stream has stored them. Each route reads from its own durable pull
consumer, one message at a time (so order holds), and acknowledges only after the handler,
that is after the receiver's commit; a message whose handler fails is redelivered later.
nats-py is asynchronous: its event loop runs in a thread of its own, and the relay waits on it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import nats
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import BadRequestError

from mynumber.kernel.messaging.faults import fault_point
from mynumber.kernel.messaging.outbox import Message, Outbox

if TYPE_CHECKING:
    from nats.aio.client import Client
    from nats.js.client import JetStreamContext

    from mynumber.kernel.messaging.route import Route

__all__ = ["JetStreamBroker"]

T = TypeVar("T")
FETCH_SECONDS = 1.0
log = logging.getLogger("mynumber.relay")


class JetStreamBroker:
    """A connection to NATS JetStream that publishes outboxes and feeds routes."""

    def __init__(self, url: str, *, stream: str, ack_wait: float, busy: set[int]) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", stream):
            raise ValueError(f"not a plain stream name: {stream!r}")
        self._url, self._stream, self._busy = url, stream, busy
        self._ack_wait = ack_wait  # a message held this long by a dead process comes again
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="mynumber-nats", daemon=True)
        self._thread.start()
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._subscriptions: dict[str, JetStreamContext.PullSubscription] = {}

    def deliver(
        self, outboxes: Sequence[Outbox], routes: Sequence[Route], *, wait_for_held: bool
    ) -> int:
        """Publish every pending message, then feed each route; return how many moved.

        wait_for_held: wait out the ack wait of messages taken by a process that died.
        """
        return self._await(self._deliver(outboxes, routes, wait_for_held))

    def close(self) -> None:
        """Close the connection and stop the event loop."""
        if self._client is not None:
            self._await(self._client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    def _run_loop(self) -> None:
        self._busy.add(threading.get_ident())  # handlers run here: their sends must not wait
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def _await(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    async def _jetstream(self) -> JetStreamContext:
        if self._js is None:
            self._client = await nats.connect(self._url)
            js = self._client.jetstream()
            try:
                await js.add_stream(name=self._stream, subjects=[f"{self._stream}.>"])
            except BadRequestError:  # made earlier by another process
                await js.stream_info(self._stream)
            self._js = js
        return self._js

    async def _deliver(
        self, outboxes: Sequence[Outbox], routes: Sequence[Route], wait_for_held: bool
    ) -> int:
        js = await self._jetstream()
        moved = 0
        for outbox in outboxes:
            messages = outbox.pending(limit=1000)
            for message in messages:
                await js.publish(
                    f"{self._stream}.{message.topic}",
                    message.encode(),
                    headers={"Nats-Msg-Id": message.message_id},
                )
            outbox.drop([message.message_id for message in messages])
            moved += len(messages)
        for route in routes:
            moved += await self._consume(js, route, wait_for_held)
        return moved

    async def _consume(self, js: JetStreamContext, route: Route, wait_for_held: bool) -> int:
        subscription = await self._subscription(js, route)
        handled = 0
        while True:
            info = await subscription.consumer_info()
            held = info.num_ack_pending or 0
            if (info.num_pending or 0) + held == 0:
                return handled
            timeout = self._ack_wait + FETCH_SECONDS if held and wait_for_held else FETCH_SECONDS
            try:
                received = await subscription.fetch(batch=1, timeout=timeout)
            except NatsTimeout:  # held by a dead process until its ack wait ends
                return handled
            for delivery in received:
                message = Message.decode(delivery.data)
                try:
                    fault_point(f"relay.before_delivery.{message.topic}")
                    route.handler(message)
                except Exception:
                    log.exception("message %s (%s) failed; kept", message.message_id, route.topic)
                    await delivery.nak(delay=1.0)
                    return handled
                fault_point(f"relay.after_handling.{message.topic}")
                await delivery.ack_sync()
                handled += 1

    async def _subscription(
        self, js: JetStreamContext, route: Route
    ) -> JetStreamContext.PullSubscription:
        durable = re.sub(r"[^A-Za-z0-9_-]", "_", f"{route.consumer}-{route.topic}")
        if durable not in self._subscriptions:
            self._subscriptions[durable] = await js.pull_subscribe(
                f"{self._stream}.{route.topic}",
                durable=durable,
                stream=self._stream,
                config=ConsumerConfig(
                    ack_policy=AckPolicy.EXPLICIT,
                    deliver_policy=DeliverPolicy.ALL,
                    ack_wait=self._ack_wait,
                    max_ack_pending=1,
                ),
            )
        return self._subscriptions[durable]
