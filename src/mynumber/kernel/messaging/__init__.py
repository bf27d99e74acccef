"""Messages between organisations: the kernel's one messaging primitive.

A sender writes each message to the outbox table in its own schema, inside the unit of work
that changes its state (`Outbox.send`). A receiver handles it in its own unit of work and
records it in the inbox table of its own schema in that same transaction (`Inbox.handle`).
The relay carries messages from outboxes to receivers, in process or over NATS JetStream, and
may deliver one more than once; the inbox makes each take effect exactly once.
"""

from mynumber.kernel.messaging.faults import FAULT_ENV, InjectedFaultError, fault_point
from mynumber.kernel.messaging.inbox import Inbox
from mynumber.kernel.messaging.outbox import Message, Outbox
from mynumber.kernel.messaging.relay import Relay
from mynumber.kernel.messaging.tables import inbox_table, outbox_table

__all__ = [
    "FAULT_ENV",
    "Inbox",
    "InjectedFaultError",
    "Message",
    "Outbox",
    "Relay",
    "fault_point",
    "inbox_table",
    "outbox_table",
]
