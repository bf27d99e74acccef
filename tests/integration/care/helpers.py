"""A person reaching 65 in 千代田区 and the providers around them, for the care tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.care.data import (
    CardAuthentication,
    CardView,
    CareLevel,
    CarePlan,
    CertificationApplication,
    CertificationDecision,
    Claim,
    InsuredPerson,
    Item,
    PlannedService,
    Provider,
    ProviderKind,
)
from mynumber.jpki.data import IssuedCard
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.municipality.data import IncomeReport
from mynumber.registry.data import ChangeKind, Resident

from ..registry.helpers import CHIYODA, person

CODE = CHIYODA.local_government_code
TODAY = dt.date(2026, 11, 22)  # conftest's NOW in Japan
BORN = dt.date(1961, 11, 23)  # 65 on 23 November 2026: 第1号 from the 22nd
MANAGER = "1370100016"  # 居宅介護支援事業所 (the care manager)
HOME_HELP = "1370100024"  # 訪問介護事業所 serving the person
STRANGER_OFFICE = "1370100032"  # a 介護事業所 with no relationship
DOCTOR = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")  # asked for the 意見書
OTHER_CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131654321")  # never asked


@dataclass(frozen=True)
class Scene:
    """The person (insured, certified 要介護2, with a card) and the application's id."""

    resident: Resident
    insured: InsuredPerson
    card: IssuedCard
    application_id: int


def register_elder(
    system: System, *, born: dt.date = BORN, given: str = "一郎", fiscal_year: int = 2026
) -> Resident:
    """Register a resident who earned 6,000,000 in the year before the fiscal year, assessed and
    published as 副本 on the municipality's partition."""
    new = person(given=given, given_kana="イチロウ", born=born)
    resident = system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2000, 1, 1))
    system.municipality.enrol_residents(municipality=CODE)
    report = IncomeReport(my_number=resident.my_number, income_year=fiscal_year - 1,
                          salary_revenue=6_000_000)  # fmt: skip
    system.municipality.record_incomes(municipality=CODE, reports=[report])
    system.municipality.assess(municipality=CODE, fiscal_year=fiscal_year)
    system.municipality.register_copies(municipality=CODE, fiscal_year=fiscal_year)  # 副本登録
    return resident


def register_providers(system: System) -> None:
    """Register the care manager, two care offices and two clinics with the platform."""
    for number, kind, name in (
        (MANAGER, ProviderKind.CARE_MANAGEMENT, "ちよだ居宅介護支援センター"),
        (HOME_HELP, ProviderKind.CARE_SERVICE, "さくら訪問介護"),
        (STRANGER_OFFICE, ProviderKind.CARE_SERVICE, "よその通所介護"),
        (DOCTOR, ProviderKind.MEDICAL, "さくら内科"),
        (OTHER_CLINIC, ProviderKind.MEDICAL, "みなと眼科"),
    ):
        system.care.register_provider(provider=Provider(number=number, kind=kind, name=name))


def certified_scene(system: System) -> Scene:
    """The issue's scenario up to the views: 65 today, certified 要介護2, served by the care
    manager and the home-help office, with a plan, a month of claims and a 負担割合."""
    resident = register_elder(system)
    run = system.care.enrol_turning_65(municipality=CODE, on=TODAY)
    assert (run.found, run.enrolled) == (1, 1)
    insured = system.care.status(resident_code=resident.resident_code, actor="test").insured
    register_providers(system)
    care = system.care
    applied = care.apply_certification(
        application=CertificationApplication(
            insured_number=insured.insured_number, applied_on=TODAY, doctor="佐藤 医師",
            institution=DOCTOR,
        )
    )  # fmt: skip
    care.decide_certification(
        decision=CertificationDecision(
            application_id=applied.application_id, level=CareLevel.CARE_2, decided_on=TODAY,
            survey="歩行に一部介助が必要", opinion="脳梗塞後遺症による右片麻痺",
        )
    )  # fmt: skip
    for office in (MANAGER, HOME_HELP):
        care.start_service(office_number=office, insured_number=insured.insured_number, since=TODAY)
    care.register_care_plan(
        plan=CarePlan(
            insured_number=insured.insured_number, office_number=MANAGER,
            care_manager="田中 ケアマネ", starts_on=TODAY,
            services=(PlannedService(service_type="11", office_number=HOME_HELP, units=8_000),),
        )
    )  # fmt: skip
    care.decide_burden(insured_number=insured.insured_number, on=TODAY)
    care.record_claims(
        claims=[Claim(insured_number=insured.insured_number, month=dt.date(2026, 11, 1),
                      office_number=HOME_HELP, service_type="11", units=2_000)]
    )  # fmt: skip
    card = system.jpki.issue(resident_code=resident.resident_code)
    return Scene(resident, insured, card, applied.application_id)


def card_view(
    system: System, card: IssuedCard, items: tuple[Item, ...], *, consent: bool = False
) -> CardView:
    """Return a view request signed by the card over a fresh challenge of the platform."""
    challenge = system.care.new_challenge()
    card_id = card.card.card_id
    return CardView(
        authentication=CardAuthentication(
            certificate=system.jpki.read_certificates(card_id=card_id).auth,
            challenge=challenge,
            signature=system.jpki.sign_challenge(card_id=card_id, pin=card.pins.auth,
                                                 challenge=challenge),
        ),
        items=items,
        consent=consent,
    )  # fmt: skip
