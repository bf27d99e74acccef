"""Fault injection for crash tests: pause or fail at a named point when the environment asks.

`MYNUMBER_FAULT=pause:relay.before_delivery.insurers.reports` makes a process stop there, so a
test can kill it with SIGKILL; `fail:inbox.jpki.before_commit` makes the point raise
`InjectedFaultError`. The point may be a pattern (`pause:inbox.*.before_commit`). Unset, every
point is a no-op. Points: `relay.before_delivery.<topic>` (after the sender's commit),
`inbox.<consumer>.before_commit` (mid-handling), `relay.after_handling.<topic>` (after the
receiver's commit, before the drop or the acknowledgement).
"""

from __future__ import annotations

import fnmatch
import os
import sys
import time

__all__ = ["FAULT_ENV", "InjectedFaultError", "fault_point"]

FAULT_ENV = "MYNUMBER_FAULT"
PAUSE_SECONDS = 600


class InjectedFaultError(RuntimeError):
    """A failure the environment asked for at a fault point."""


def fault_point(name: str) -> None:
    """Pause or fail here if MYNUMBER_FAULT names this point."""
    spec = os.environ.get(FAULT_ENV, "")
    action, _, point = spec.partition(":")
    if not point or not fnmatch.fnmatchcase(name, point):
        return
    if action == "fail":
        raise InjectedFaultError(f"fault injected at {name}")
    if action == "pause":
        print(f"paused at {name}", file=sys.stderr, flush=True)
        time.sleep(PAUSE_SECONDS)
