"""公金受取口座: the holder's kana matched against the registry's (width, small kana and how a
濁点 is written do not count, a different name does); the 2023 failures caught — another
person's account refused `holder_mismatch`, one account on several people held for check — and
the 行政機関等経由登録の特例 under each policy; each use by an agency in the person's history."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError
from mynumber.kernel.policy import PolicyProfile
from mynumber.network.data import ACCOUNT_ITEM, ExchangeRequest, sign
from mynumber.portal.accounts import AccountInput, AccountKind, AccountState
from mynumber.portal.data import Source

from ..network.helpers import connect_agencies
from .helpers import card_holder, second_holder

CITY = "municipality:131016"


def account(holder_kana: str, number: str = "1234567") -> AccountInput:
    """Return an ordinary account at bank 0001, branch 001."""
    return AccountInput(bank_code="0001", branch_code="001", kind=AccountKind.ORDINARY,
                        number=number, holder_kana=holder_kana)  # fmt: skip


def _portal_entries(system: System, resident_code: str) -> list[str]:
    shown = system.portal.timeline(resident_code=resident_code)
    assert shown.intact, shown.verdict
    return [f"{e.who}|{e.what}|{e.detail}" for e in shown.entries if e.source is Source.PORTAL]


@pytest.mark.parametrize(
    "written", ["ﾀｶﾊｼ ﾀﾛｳ", "たかはし　たろう", "タカハシタロウ", "ﾀｶﾊｼ\u3000ﾀﾛｳ"]
)
def test_the_persons_own_account_registers_whatever_the_width(system: System, written: str) -> None:
    code = card_holder(system).resident.resident_code
    shown = system.portal.register_account(resident_code=code, account=account(written))
    assert shown.state is AccountState.ACTIVE and shown.registered_by == "本人"
    assert shown.holder_kana.replace(" ", "").replace("\u3000", "") == "タカハシタロウ"
    changed = system.portal.register_account(
        resident_code=code, account=account("タカハシ タロウ", number="7654321")
    )
    assert changed.number == "7654321"
    system.portal.delete_account(resident_code=code)
    assert system.portal.account(resident_code=code) is None
    entries = _portal_entries(system, code)
    assert sum("公金受取口座を登録" in e for e in entries) == 2
    assert any("公金受取口座を削除" in e for e in entries)


@pytest.mark.parametrize(
    "other", ["サトウ ハナコ", "タカバシ タロウ", "タカハシ タロ", "Takahashi"]
)
def test_another_persons_account_is_refused_and_recorded(system: System, other: str) -> None:
    """The shared desk PC left logged in: the next person's account on this person's record."""
    code = card_holder(system).resident.resident_code
    system.portal.register_account(resident_code=code, account=account("タカハシ タロウ"))
    with pytest.raises(InvalidInputError, match="一致しない") as refused:
        system.portal.register_account(resident_code=code, account=account(other, "7654321"))
    assert refused.value.code == "holder_mismatch"
    kept = system.portal.account(resident_code=code)
    assert kept is not None and kept.number == "1234567"  # nothing changed
    assert any("公金受取口座の登録を拒否" in e for e in _portal_entries(system, code))


def test_one_account_on_two_people_is_held_for_both_and_given_to_no_agency(
    system: System,
) -> None:
    first = card_holder(system).resident.resident_code
    second = second_holder(system).resident.resident_code
    system.portal.register_account(resident_code=first, account=account("タカハシ タロウ"))
    held = system.portal.register_account(resident_code=second, account=account("サトウ ハナコ"))
    assert held.state is AccountState.HELD
    assert held.held_reason is not None and "姓が異なる・住所が異なる" in held.held_reason
    earlier = system.portal.account(resident_code=first)
    assert earlier is not None and earlier.state is AccountState.HELD
    for code in (first, second):
        with pytest.raises(ForbiddenError, match="保留") as refused:
            system.portal.account_for_agency(agency=CITY, resident_code=code, purpose="児童手当")
        assert refused.value.code == "account_unavailable"
        entries = _portal_entries(system, code)
        assert any("確認のため保留" in e for e in entries)
        assert any(f"機関 {CITY}|公金受取口座の照会" in e and "提供せず" in e for e in entries)
    # The second person changes to their own account; the first re-registers theirs.
    mine = system.portal.register_account(
        resident_code=second, account=account("サトウ ハナコ", "2222222")
    )
    assert mine.state is AccountState.ACTIVE
    again = system.portal.register_account(resident_code=first, account=account("タカハシ タロウ"))
    assert again.state is AccountState.ACTIVE


@pytest.mark.parametrize("profile", [PolicyProfile.REAL, PolicyProfile.SAFEGUARDED], ids=str)
def test_an_agency_registered_account_stands_unless_declined_or_once_confirmed(
    system: System, clock: FixedClock, profile: PolicyProfile
) -> None:
    code = card_holder(system).resident.resident_code
    pending = system.portal.register_account_by_agency(
        agency=CITY, resident_code=code, account=account("ﾀｶﾊｼ ﾀﾛｳ")
    )
    assert pending.state is AccountState.PENDING and pending.registered_by == CITY
    assert pending.needs_confirmation is (profile is PolicyProfile.SAFEGUARDED)
    with pytest.raises(ForbiddenError):  # within the period nothing is paid in
        system.portal.account_for_agency(agency=CITY, resident_code=code, purpose="児童手当")
    clock.advance(dt.timedelta(days=31))
    if profile is PolicyProfile.SAFEGUARDED:
        with pytest.raises(ForbiddenError, match="承認待ち"):
            system.portal.account_for_agency(agency=CITY, resident_code=code, purpose="児童手当")
        system.portal.answer_agency_registration(resident_code=code, accept=True)
    given = system.portal.account_for_agency(agency=CITY, resident_code=code, purpose="児童手当")
    assert given.number == "1234567"
    entries = _portal_entries(system, code)
    assert any(f"機関 {CITY}|公金受取口座の照会|目的: 児童手当" == e for e in entries)
    with pytest.raises(ConflictError):  # an account stands: the agency does not replace it
        system.portal.register_account_by_agency(
            agency=CITY, resident_code=code, account=account("タカハシ タロウ", "9999999")
        )


def test_the_person_declines_an_agency_registration_and_a_mismatch_is_refused(
    system: System,
) -> None:
    code = card_holder(system).resident.resident_code
    with pytest.raises(InvalidInputError) as refused:
        system.portal.register_account_by_agency(
            agency=CITY, resident_code=code, account=account("サトウ ハナコ")
        )
    assert refused.value.code == "holder_mismatch"
    system.portal.register_account_by_agency(
        agency=CITY, resident_code=code, account=account("タカハシ タロウ")
    )
    assert system.portal.answer_agency_registration(resident_code=code, accept=False) is None
    assert system.portal.account(resident_code=code) is None
    entries = _portal_entries(system, code)
    assert any("口座登録を拒否" in e for e in entries)
    assert any(f"{CITY}|公金受取口座の登録を拒否" in e for e in entries)


def test_a_city_gets_the_account_through_the_network_and_the_person_sees_it(
    system: System, clock: FixedClock
) -> None:
    """J0023: the portal's 副本 of the account answers a 情報照会; held, nothing is provided."""
    connect_agencies(system)
    code = card_holder(system).resident.resident_code
    city_code = system.network.issue_code(
        agency=CITY, acquisition_number="acq-city", resident_code=code
    ).code

    def ask() -> dict[str, str | int | None] | None:
        request = ExchangeRequest(
            requester=CITY, code=city_code, procedure="J0023", items=(ACCOUNT_ITEM,),
            provider="portal", request_id=secrets.token_hex(8), requested_at=clock.now(),
        )  # fmt: skip
        signed = sign(request, system.agency_keys.private_key(CITY))
        answer = system.network.query(request=signed)
        assert answer.status == "09", answer
        return answer.items[0].values

    system.portal.register_account(resident_code=code, account=account("タカハシ タロウ"))
    given = ask()
    assert given is not None and given["number"] == "1234567"
    assert given["holder_kana"] == "タカハシ タロウ"
    second = second_holder(system).resident.resident_code
    system.portal.register_account(resident_code=second, account=account("サトウ ハナコ"))
    held = ask()  # the same account on another person: held, an empty item
    assert held is None or all(v is None for v in held.values())
    shown = system.portal.timeline(resident_code=code)
    asked = [e for e in shown.entries if e.source is Source.NETWORK]
    assert len(asked) == 2 and all("公金受取口座" in e.what for e in asked)
    assert shown.intact
