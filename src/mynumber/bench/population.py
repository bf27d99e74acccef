"""The people a bench measures with: residents, their memberships, and registered cards.

Everything is made through the subsystems' public APIs on a system built by the composition
root, as a clinic's members would be in production.
"""

from __future__ import annotations

import datetime as dt
import time

import typer

from mynumber.app import System
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    FacilityKind,
    FacilityRegistration,
)
from mynumber.insurers.data import Enrolment, Member, Membership
from mynumber.kernel.clock import today_in_japan
from mynumber.registry.data import Resident

__all__ = ["CLINIC", "card_authentication", "enrol_population", "register_cards"]

CLINIC = "1311234566"  # the bench's clinic (医療機関コード), registered by enrol_population
_PAGE = 500  # the register lists at most 500 residents a call
_BATCH = 20_000  # enrolments per enrol_many call: 500 at a time cost 30 times more a member


def enrol_population(
    system: System, people: int, seed: int, members: int | None = None
) -> list[tuple[Resident, Membership]]:
    """Create `people` residents, and a 協会けんぽ membership for the first `members` of them."""
    today = today_in_japan(system.clock)
    if system.registry.count() == 0:
        system.synth.populate(seed=seed, people=people, on=today)
    system.synth.create_insurers()
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="ベンチ内科")
    )
    kyokai = next(i.number for i in system.insurers.list_insurers() if i.kind == "kyokai")
    enrolled: list[tuple[Resident, Membership]] = []
    wanted = min(people, members or people)
    started = time.perf_counter()
    for first in range(0, wanted, _BATCH):
        residents = [
            resident
            for offset in range(first, min(first + _BATCH, wanted), _PAGE)
            for resident in system.registry.listing(
                limit=min(_PAGE, wanted - offset), offset=offset
            )
        ]
        enrolments = [_enrolment(kyokai, r, today) for r in residents]
        enrolled += zip(residents, system.insurers.enrol_many(enrolments=enrolments), strict=True)
        rate = len(enrolled) / (time.perf_counter() - started)
        typer.echo(f"  enrolled {len(enrolled):,} ({rate:,.0f}/s)", err=True)
    return enrolled


def _enrolment(insurer: str, resident: Resident, today: dt.date) -> Enrolment:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
    )
    start = max(resident.birth_date, today - dt.timedelta(days=365))
    return Enrolment(
        insurer_number=insurer, my_number=resident.my_number, member=member, valid_from=start
    )


def register_cards(
    system: System, enrolled: list[tuple[Resident, Membership]], count: int
) -> list[tuple[str, str]]:
    """Issue cards to up to `count` adult members and register each (利用登録); return
    (card id, auth PIN) pairs."""
    today = today_in_japan(system.clock)
    adults = [r for r, _ in enrolled if (today - r.birth_date).days > 20 * 366][:count]
    cards = []
    for resident in adults:
        issued = system.jpki.issue(resident_code=resident.resident_code)
        card = (issued.card.card_id, issued.pins.auth)
        proof = CardProof(authentication=card_authentication(system, *card))
        system.eligibility.register_card(proof=proof)
        cards.append(card)
    return cards


def card_authentication(system: System, card_id: str, pin: str) -> CardAuthentication:
    """Return the card's answer to a fresh eligibility challenge (what a PIN reader sends)."""
    challenge = system.eligibility.new_challenge()
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)
