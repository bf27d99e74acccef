"""Kill a real process with SIGKILL mid-handoff; after a restart each message took effect once.

A child process makes a handoff (a death, an enrolment, a cancellation of card registration)
and pauses at a fault point: right after the sender's commit, in the middle of the receiver's
transaction, or after the receiver's commit but before the delivery was recorded. The test
kills it there, runs `mynumber relay --once` as a restart (a new instance), and checks the
effects.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.js.errors import NotFoundError

from mynumber.app import System
from mynumber.eligibility.api import CANCELLATIONS, INSURER_REPORTS
from mynumber.jpki.api import JLIS
from mynumber.kernel.messaging import FAULT_ENV
from mynumber.kernel.settings import Settings
from mynumber.registry.data import changes_topic

from ...e2e.cli_in_process import run_on
from .scenario import (
    DEATH_DAY,
    Scenario,
    certificates_sent,
    death_took_effect,
    memberships_seen,
    prepare,
)

ROOT = Path(__file__).resolve().parents[3]
NATS_URL = os.environ.get("MYNUMBER_TEST_NATS_URL", "nats://127.0.0.1:4222")
# Where each child pauses to be killed: {topic} and {consumer} of its own message.
POINTS = {
    "after_the_senders_commit": "pause:relay.before_delivery.{topic}",
    "while_handling": "pause:inbox.{consumer}.before_commit",
    "after_the_receivers_commit": "pause:relay.after_handling.{topic}",
}
HANDOFFS = (
    ("death", changes_topic(JLIS), "jpki"),
    ("enrol", INSURER_REPORTS, "eligibility"),
    ("cancel", CANCELLATIONS, "insurers"),
)


def _payload(action: str, scenario: Scenario) -> str:
    if action == "death":
        return f'{{"resident_code": "{scenario.dying}", "on": "{DEATH_DAY.isoformat()}"}}'
    if action == "enrol":
        return scenario.enrolment.model_dump_json()
    return f'{{"card_id": "{scenario.cancelling_card}", "pin": "{scenario.cancelling_pin}"}}'


def _kill_when_paused(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run command until it reports a pause, then SIGKILL it; return its stderr so far."""
    child = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    seen, deadline = "", time.monotonic() + timeout
    try:
        while "paused at" not in seen:
            assert time.monotonic() < deadline, f"no pause within {timeout}s:\n{seen}"
            ready, _, _ = select.select([child.stderr], [], [], 1)
            if ready:
                line = child.stderr.readline()
                assert line, f"the child ended without pausing:\n{seen}"
                seen += line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return seen


def _relay_once(env: dict[str, str], settings: Settings) -> str:
    """Restart: `mynumber relay --once` as a new instance. Through the database alone it runs in
    this process (nothing of the killed child is left but the database); through NATS it runs
    in its own process, as its event loop must not meet one a browser test left in this one."""
    if "MYNUMBER_BROKER_URL" in env:
        done = subprocess.run(
            [sys.executable, "-m", "mynumber", "relay", "--once"],
            check=False, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    else:
        done = run_on(settings, "relay", "--once")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _environment(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYNUMBER_")}
    return env | {
        "MYNUMBER_DATA_DIR": str(settings.data_dir),
        "MYNUMBER_DATABASE_URL": settings.database_url,
        **extra,
    }


def _kill_each_handoff(system: System, env: dict[str, str], point: str) -> Scenario:
    """Make every handoff in a child killed at point; check none took effect unfinished."""
    scenario = prepare(system)
    effects = {
        "death": lambda: death_took_effect(system, scenario),
        "enrol": lambda: memberships_seen(system, scenario) == 1,
        "cancel": lambda: certificates_sent(system, scenario) == 1,
    }
    for action, topic, consumer in HANDOFFS:
        fault = POINTS[point].format(topic=topic, consumer=consumer)
        command = [sys.executable, "-m", "tests.integration.messaging.child", action]
        stderr = _kill_when_paused([*command, _payload(action, scenario)], env | {FAULT_ENV: fault})
        assert f"paused at {fault.removeprefix('pause:')}" in stderr
        # Killed before the receiver's commit, the effect is not there yet; after it, it is.
        assert effects[action]() is (point == "after_the_receivers_commit"), action
    return scenario


def _check_each_took_effect_once(
    system: System, settings: Settings, scenario: Scenario, env: dict[str, str]
) -> None:
    assert "delivered 0;" not in _relay_once(env, settings)
    assert death_took_effect(system, scenario)
    assert memberships_seen(system, scenario) == 1
    assert certificates_sent(system, scenario) == 1  # one 資格確認書, not two
    assert "delivered 0; waiting 0" in _relay_once(env, settings)  # nothing left, nothing again
    assert memberships_seen(system, scenario) == 1
    assert certificates_sent(system, scenario) == 1


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_process_loses_no_handoff_and_doubles_none(
    system: System, settings: Settings, point: str
) -> None:
    env = _environment(settings)
    scenario = _kill_each_handoff(system, env, point)
    _check_each_took_effect_once(system, settings, scenario, env)


@pytest.fixture
def stream() -> Iterator[str]:
    """Return a JetStream stream name of this test alone; delete the stream afterwards."""
    name = f"TEST_{uuid.uuid4().hex[:12]}"
    yield name

    async def delete() -> None:
        client = await nats.connect(NATS_URL)
        try:
            with contextlib.suppress(NotFoundError):  # a skipped test made none
                await client.jetstream().delete_stream(name)
        finally:
            await client.close()

    # In a thread of its own: Playwright's sync API may hold this thread's event loop open.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, delete()).result()


@pytest.mark.parametrize("point", ["while_handling", "after_the_receivers_commit"])
def test_over_nats_a_killed_process_loses_no_handoff_and_doubles_none(
    system: System, settings: Settings, stream: str, point: str
) -> None:
    if settings.database_url.startswith("postgresql"):
        pytest.skip("the broker is independent of the database: SQLite suffices")
    env = _environment(
        settings,
        MYNUMBER_BROKER_URL=NATS_URL,
        MYNUMBER_BROKER_STREAM=stream,
        MYNUMBER_BROKER_ACK_WAIT="2",
    )
    scenario = _kill_each_handoff(system, env, point)
    _check_each_took_effect_once(system, settings, scenario, env)
