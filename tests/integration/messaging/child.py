"""A process that makes one handoff through the public API, for the kill tests.

Usage: python -m tests.integration.messaging.child death|enrol|cancel JSON
The instance comes from the environment (MYNUMBER_DATA_DIR, MYNUMBER_DATABASE_URL,
MYNUMBER_BROKER_URL); MYNUMBER_FAULT makes it pause where the test kills it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from mynumber.app import build_system
from mynumber.eligibility.data import CardProof
from mynumber.insurers.data import Enrolment
from mynumber.kernel.clock import FixedClock

from .scenario import authenticate

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)  # the tests' clock


def main(action: str, payload: dict[str, str]) -> None:
    """Make one handoff: a death, an enrolment or a cancellation of card registration."""
    system = build_system(clock=FixedClock(NOW), migrate=False)
    if action == "death":
        on = dt.date.fromisoformat(payload["on"])
        system.registry.record_death(resident_code=payload["resident_code"], on=on)
    elif action == "enrol":
        system.insurers.enrol(enrolment=Enrolment.model_validate(payload))
    elif action == "cancel":
        auth = authenticate(system, payload["card_id"], payload["pin"])
        system.eligibility.unregister_card(proof=CardProof(authentication=auth))
    else:
        raise SystemExit(f"unknown action {action}")
    print("done", flush=True)
    system.close()


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))
