"""A person with something in every log the portal shows: a card registered for health
insurance and checked at a clinic, exchanges about them at the network (one 不開示), and a
staff read of their resident record; the clock moves a minute between steps."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.eligibility.data import CardAuthentication, CardProof, CardQuery
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import LoginProof
from mynumber.registry.data import ChangeKind, Resident, Sex

from ..eligibility.test_card_path import VISIT
from ..insurers.test_enrol_and_verify import CLINIC, KYOKAI_TOKYO, _enrol, _setup
from ..network.helpers import CITY, KOUKI, PENSION, Person, connect_agencies, register_tax, request
from ..registry.helpers import SAPPORO, person

STEP = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Holder:
    """The person, their card and its user-authentication PIN."""

    resident: Resident
    card_id: str
    pin: str


def _authenticate(system: System, holder: Holder) -> CardAuthentication:
    challenge = system.eligibility.new_challenge()
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=challenge
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def card_holder(system: System) -> Holder:
    """Return an insured resident with a card registered for health insurance (利用登録)."""
    resident = _setup(system)
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    issued = system.jpki.issue(resident_code=resident.resident_code)
    holder = Holder(resident, issued.card.card_id, issued.pins.auth)
    system.eligibility.register_card(proof=CardProof(authentication=_authenticate(system, holder)))
    return holder


def clinic_check(system: System, holder: Holder) -> None:
    """Have the clinic check the person's eligibility with their card."""
    answer = system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=CLINIC, visit_date=VISIT, authentication=_authenticate(system, holder)
        )
    )
    assert answer.error_code in (None, ""), answer


def network_exchanges(system: System, holder: Holder) -> None:
    """A 広域連合 asks the city for the person's tax data; the city asks the pension service in
    a 生活保護 procedure (不開示)."""
    connect_agencies(system)
    codes = {}
    for n, agency in enumerate((CITY, KOUKI, PENSION), 1):
        codes[agency] = system.network.issue_code(
            agency=agency,
            acquisition_number=f"acq-{n}",
            resident_code=holder.resident.resident_code,
        ).code
    number = "000000000000001"
    system.intermediate.link_code(agency=CITY, address_number=number, code=codes[CITY])
    system.intermediate.link_code(agency=KOUKI, address_number="K0000001", code=codes[KOUKI])
    person = Person(holder.resident.resident_code, holder.resident.my_number, number, codes)
    register_tax(system, person)
    assert system.network.query(request=request(system, person)).status == "09"
    hidden = request(system, person, requester=CITY, procedure="J0008",
                     items=("TM00000000000101",), provider=PENSION)  # fmt: skip
    assert system.network.query(request=hidden).status == "09"


def every_kind_of_record(system: System, clock: FixedClock) -> Holder:
    """Return a holder with records in every source, a minute apart, in a known order:
    J-LIS and eligibility (registration), then the clinic, the network, a staff read."""
    holder = card_holder(system)
    clock.advance(STEP)
    clinic_check(system, holder)
    clock.advance(STEP)
    network_exchanges(system, holder)
    clock.advance(STEP)
    system.registry.get(resident_code=holder.resident.resident_code, actor="clerk-7")
    clock.advance(STEP)
    return holder


def login_proof(system: System, holder: Holder, code: str, pin: str | None = None) -> LoginProof:
    """Play the smartphone app: sign the portal's challenge for a code with the card."""
    challenge = base64.b64decode(system.portal.login_challenge(code=code).challenge)
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=pin or holder.pin, challenge=challenge
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    return LoginProof(
        certificate=base64.b64encode(certificate).decode(),
        signature=base64.b64encode(signature).decode(),
    )


def second_holder(system: System) -> Holder:
    """Return another resident with a card: a different surname, living in Sapporo."""
    resident = system.registry.register(
        new=person(family="佐藤", given="花子", family_kana="サトウ", given_kana="ハナコ",
                   address=SAPPORO, sex=Sex.FEMALE, born=dt.date(1985, 6, 15)),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )  # fmt: skip
    issued = system.jpki.issue(resident_code=resident.resident_code)
    return Holder(resident, issued.card.card_id, issued.pins.auth)
