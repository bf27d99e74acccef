"""公金受取口座 loaded in bulk: an account in someone else's name (a family member's) is stored
as given under the real policy and held for review where links are checked; the export lists
the accepted ones with the holder's name and the number of the person it is registered to."""

from __future__ import annotations

from mynumber.app import System
from mynumber.portal.api import AccountInput, AccountKind, LoadedAccount
from mynumber.registry.data import ChangeKind, Resident

from ..insurers.test_link_checks import START
from ..registry.helpers import person


def _account(holder: Resident, number: str) -> AccountInput:
    return AccountInput(bank_code="0001", branch_code="001", kind=AccountKind.ORDINARY,
                        number=number, holder_kana=holder.name.full_kana)  # fmt: skip


def test_a_family_members_account_is_held_only_where_links_are_checked(profiled: System) -> None:
    parent = profiled.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)
    child = profiled.registry.register(
        new=person(given="花子", given_kana="ハナコ"), kind=ChangeKind.MOVE_IN, on=START
    )
    held = profiled.portal.load_accounts(accounts=[
        LoadedAccount(parent.resident_code, _account(parent, "1234567"), "本人"),
        LoadedAccount(child.resident_code, _account(parent, "1234567"), "本人"),  # the parent's
    ])  # fmt: skip
    exported = {r.record_id: r for r in profiled.portal.linked_records(actor="auditor")}
    own = exported[parent.resident_code]
    assert (own.agency, own.kind, own.my_number) == ("portal", "bank_account", parent.my_number)
    assert (own.name_kana, own.birth_date) == (parent.name.full_kana, parent.birth_date)
    if not profiled.settings.policy.links_checked_before_acceptance:
        assert held == set()
        wrong = exported[child.resident_code]
        assert (wrong.my_number, wrong.name_kana) == (child.my_number, parent.name.full_kana)
        return
    assert held == {child.resident_code}
    assert child.resident_code not in exported
    view = profiled.portal.account(resident_code=child.resident_code)
    assert view is not None and view.state == "held"
