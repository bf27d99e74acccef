"""What a clerk does on the command line is recorded under the operating-system account."""

from __future__ import annotations

import datetime as dt
import getpass

from mynumber.app import System
from mynumber.registry.data import ChangeKind

from ..integration.registry.helpers import person
from .test_staff_cli import mynumber


def test_card_actions_and_reads_on_the_command_line_name_who_ran_them(system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=dt.date(1980, 4, 1))
    code = resident.resident_code
    issued = mynumber(system, "card", "issue", "--resident", code, "--json")
    assert issued.returncode == 0, issued.stderr
    card_id = system.jpki.cards_of(resident_code=code)[0].card_id
    for command in (("card", "suspend", card_id), ("card", "resume", card_id)):
        done = mynumber(system, *command)
        assert done.returncode == 0, done.stderr
    shown = mynumber(system, "registry", "show", code)
    assert shown.returncode == 0, shown.stderr

    who = f"cli:{getpass.getuser()}"
    actions = system.jpki.provision_records(resident_code=code)
    assert [(r.payload["actor"], r.payload["what"]) for r in actions] == [
        (who, "card_issue"),
        (who, "card_suspend"),
        (who, "card_resume"),
    ]
    reads = system.registry.access_records(resident_code=code)
    assert reads and {r.payload["actor"] for r in reads} == {who}
