"""The server delivers, in the background, messages another process left waiting."""

from __future__ import annotations

import subprocess
import sys
import time

from mynumber.app import System
from mynumber.kernel.messaging import FAULT_ENV
from mynumber.kernel.settings import Settings

from ..integration.messaging.scenario import death_took_effect, prepare
from ..integration.messaging.test_kills import ROOT, _environment, _payload


def test_the_running_server_delivers_what_a_command_left_waiting(
    system: System, settings: Settings, server: str
) -> None:
    scenario = prepare(system)
    env = _environment(settings) | {FAULT_ENV: "fail:inbox.jpki.before_commit"}
    command = [sys.executable, "-m", "tests.integration.messaging.child", "death"]
    done = subprocess.run(
        [*command, _payload("death", scenario)],
        check=False, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # the death is recorded; J-LIS failed to hear it
    assert "InjectedFaultError" in done.stderr
    deadline = time.monotonic() + 20
    while not death_took_effect(system, scenario):
        assert time.monotonic() < deadline, "the server's relay did not deliver the message"
        time.sleep(0.2)
    assert system.relay.pending() == 0
