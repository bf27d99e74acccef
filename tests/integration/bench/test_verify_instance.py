"""The bench's set-wise build: members and cards made in batches answer "valid" through the normal
api, and leave the same rows as the one-by-one path does for the same kind of people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mynumber.app import System
from mynumber.bench import population
from mynumber.bench.verify_instance import _proof, new_terminal, register_bench_cards
from mynumber.eligibility.data import CardQuery, NumberQuery, QualificationValidity
from mynumber.eligibility.models import MembershipRow, RegistrationRow
from mynumber.insurers.data import Membership
from mynumber.insurers.reports import membership_record
from mynumber.jpki.models import CardRow, CertificateRow
from mynumber.kernel.clock import today_in_japan
from mynumber.registry.data import Resident

from ...agency_codes import code_for

PEOPLE, BULK_MEMBERS, CARDS = 300, 280, 30


def _rows(system: System, model: Any, **where: Any) -> list[dict[str, Any]]:
    with system.database.unit_of_work() as uow:
        found = uow.session.scalars(
            select(model).where(*(getattr(model, k).in_(v) for k, v in where.items()))
        )
        return [
            {c.key: getattr(row, c.key) for c in model.__table__.columns} for row in found.all()
        ]


def _build(system: System) -> tuple[list[tuple[Resident, Membership]], list[Any]]:
    """Bulk-enrol most people, enrol the rest one by one; register cards both ways."""
    today = today_in_japan(system.clock)
    system.synth.populate(seed=5, people=PEOPLE, on=today)
    bulk = population.enrol_population(system, PEOPLE, 5, BULK_MEMBERS)
    kyokai = bulk[0][1].insured.insurer_number
    single = [
        (r, system.insurers.enrol(enrolment=population._enrolment(kyokai, r, today)))
        for r in system.registry.listing(limit=PEOPLE, offset=BULK_MEMBERS)
    ]
    return bulk, single


def _memberships_as_reported(system: System, enrolled: list[tuple[Resident, Membership]]) -> None:
    """Each membership is in eligibility's table exactly as its report carries it."""
    ids = [m.membership_id for _, m in enrolled]
    stored = {row["membership_id"]: row for row in _rows(system, MembershipRow, membership_id=ids)}
    assert len(stored) == len(enrolled)
    for resident, membership in enrolled:
        row = stored[membership.membership_id]
        record = membership_record(membership, insured_name=resident.name.full).model_dump()
        assert {k: row[k] for k in record} == record
        subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
        assert row["subject"] == subject
        assert row["insurer_name"] != ""


def test_bulk_members_and_cards_verify_and_match_the_one_by_one_path(system: System) -> None:
    bulk, single = _build(system)
    _memberships_as_reported(system, bulk)
    _memberships_as_reported(system, single)
    columns = set(_rows(system, MembershipRow, membership_id=[bulk[0][1].membership_id])[0])
    assert columns == set(
        _rows(system, MembershipRow, membership_id=[single[0][1].membership_id])[0]
    )

    held = register_bench_cards(system, bulk, CARDS)
    assert len(held) == CARDS and len({der for _, _, der in held}) == CARDS
    one_by_one = population.register_cards(system, single, 3)

    # The rows of both paths: the card, its two certificates, the registration with the serial.
    cards = {r["card_id"]: r for r in _rows(system, CardRow, card_id=[c for c, *_ in held])}
    singles = _rows(system, CardRow, card_id=[c for c, _ in one_by_one])
    for row in [*cards.values(), *singles]:
        assert (row["status"], row["replaced_by"], len(row["sealed"]) > 0) == ("active", None, True)
    # As issued; a card that signed its 利用登録 with the PIN was written back once more.
    assert {r["revision"] for r in cards.values()} == {1}
    assert {r["revision"] for r in singles} == {2}
    certificates = _rows(system, CertificateRow, card_id=list(cards))
    assert len(certificates) == 2 * CARDS
    assert len({c["serial"] for c in certificates}) == 2 * CARDS
    auth_serials = {c["card_id"]: c["serial"] for c in certificates if c["kind"] == "auth"}
    registrations = {
        r["serial"]: r for r in _rows(system, RegistrationRow, serial=list(auth_serials.values()))
    }
    assert len(registrations) == CARDS
    singles_registered = _rows(system, RegistrationRow, subject=[
        code_for(system, agency="eligibility", resident_code=r.resident_code) for r, _ in single[:3]
    ])  # fmt: skip
    for row in [*registrations.values(), *singles_registered]:
        assert row["cancelled_at"] is None and row["serial"] is not None
        assert row["registered_at"] == system.clock.now()

    # The normal checks answer "valid": by the numbers, and by card at the clinic's reader.
    visit = today_in_japan(system.clock)
    for resident, membership in [*bulk[:5], *single[:5]]:
        answer = system.eligibility.verify_by_number(
            query=NumberQuery(
                facility_code=population.CLINIC,
                visit_date=visit,
                insurer_number=membership.insured.insurer_number,
                symbol=membership.insured.symbol,
                number=membership.insured.number,
                branch=membership.insured.branch,
                birth_date=resident.birth_date,
            )
        )
        assert answer.qualification_validity is QualificationValidity.VALID
    reader = new_terminal(system, "R")
    for _, _, certificate in held[:5]:
        challenge = system.eligibility.new_challenge()
        proof = _proof(reader, certificate, challenge, system.clock.now())
        answer = system.eligibility.verify_by_card(
            query=CardQuery(visit_date=visit, **proof.model_dump(exclude={"consent"}))
        )
        assert answer.qualification_validity is QualificationValidity.VALID
