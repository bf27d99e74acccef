"""Synthetic 公金受取口座 registrations, with the 2023 総点検's two account causes injected.

About 43% of adult residents have registered an account (53.7 M registrations in 2023 for
~105 M adults ⚠), each in their own name. Two causes put someone else's account on a person's
registration (reference/portal.md §2.3):

- `family_member_account`: a household member's account registered for the person (a parent
  for a child, a spouse for the other): deliberate, ~130,000 of 53.7 M, kept as truth with its
  own cause;
- `shared_desk_pc`: at a municipal desk whose PC was not logged out, the next person's account
  went onto the previous person's portal account: 748 of 53.7 M. The next person registers the
  same account for themselves too.

The account holder's name is the true owner's (the bank's name on it), so the five-item check
sees both causes (the holder's reading is not the person's): under the safeguarded policy they
are held for review. A rate given by the caller replaces the defaults, split evenly between the
two causes. Registrations go through the portal's bulk load (`load_accounts`); the truth is
appended to `synth-truth/link-errors.csv`.
"""

from __future__ import annotations

import random
from pathlib import Path

from mynumber.portal.api import (
    ACCOUNT_LINK_AGENCY,
    ACCOUNT_LINK_KIND,
    AccountInput,
    AccountKind,
    LoadedAccount,
    Portal,
)
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident
from mynumber.synth.data import LinkErrorCounts
from mynumber.synth.link_errors import Cause, TruthRow, write_truth
from mynumber.synth.lives import read_residents

__all__ = ["populate_accounts"]

SHARE = 0.43  # ⚠ 53.7 M registrations / ~105 M adults (2023)
FAMILY_RATE = 130_000 / 53_700_000
DESK_RATE = 748 / 53_700_000
ADULT = 18
_SALT = 0xACC0_0001


def populate_accounts(
    *, registry: Registry, portal: Portal, seed: int, link_error_rate: float | None = None,
    truth: Path | None = None,
) -> LinkErrorCounts:  # fmt: skip
    """Register accounts for a share of adults; return the injected errors' counts."""
    rng = random.Random(seed ^ _SALT)
    family, desk = (
        (FAMILY_RATE, DESK_RATE) if link_error_rate is None
        else (link_error_rate / 2, link_error_rate / 2)
    )  # fmt: skip
    households = read_residents(registry)
    year = max((r.registered_on.year for h in households for r in h), default=2026)
    chosen = [
        (resident, members)
        for members in households
        for resident in members
        if year - resident.birth_date.year >= ADULT and rng.random() < SHARE
    ]
    own = {resident.resident_code: _account(rng, resident) for resident, _ in chosen}
    loads: list[LoadedAccount] = []
    wrong: dict[str, tuple[Resident, Resident, Cause]] = {}
    for index, (resident, members) in enumerate(chosen):
        account, draw = own[resident.resident_code], rng.random()
        others = [m for m in members if m.resident_code != resident.resident_code]
        if draw < family and others:
            owner = rng.choice(others)
            account = own.get(owner.resident_code) or _account(rng, owner)
            wrong[resident.resident_code] = (resident, owner, Cause.FAMILY_MEMBER_ACCOUNT)
        elif family <= draw < family + desk and index + 1 < len(chosen):
            owner = chosen[index + 1][0]  # the next person at the desk
            account = own[owner.resident_code]
            wrong[resident.resident_code] = (resident, owner, Cause.SHARED_DESK_PC)
        loads.append(LoadedAccount(resident.resident_code, account, "本人"))
    held = portal.load_accounts(accounts=loads)
    rows = [
        TruthRow(agency=ACCOUNT_LINK_AGENCY, kind=ACCOUNT_LINK_KIND, record_id=code,
                 linked_my_number=person.my_number, true_resident_code=owner.resident_code,
                 cause=cause)
        for code, (person, owner, cause) in wrong.items()
        if code not in held
    ]  # fmt: skip
    if truth is not None:
        write_truth(truth, rows, fresh=False)
    return LinkErrorCounts(injected=len(wrong), accepted=len(rows), held=len(wrong) - len(rows))


def _account(rng: random.Random, owner: Resident) -> AccountInput:
    return AccountInput(
        bank_code=f"{rng.randrange(1, 10_000):04d}", branch_code=f"{rng.randrange(1, 1000):03d}",
        kind=AccountKind.ORDINARY, number=f"{rng.randrange(10**7):07d}",
        holder_kana=owner.name.full_kana,
    )  # fmt: skip
