"""The two platforms' scenes as the portal sees them: a person certified 要介護2 whose care
manager looked at their record, and a patient whose prescription was written and dispensed."""

from __future__ import annotations

from dataclasses import dataclass

from mynumber.app import System
from mynumber.care.data import Item, NumberView, ProviderKind, Viewer
from mynumber.health.data import DispensingRequest, IssuedPrescription, RetrievalRequest
from mynumber.kernel.errors import ForbiddenError

from ..care.helpers import MANAGER, STRANGER_OFFICE, Scene, card_view, certified_scene
from ..health.helpers import AMLODIPINE, PHARMACY, TODAY, World, content, doctor, signed, world
from .helpers import Holder


@dataclass(frozen=True)
class CareScene:
    """The certified person (a portal holder) and their 被保険者番号."""

    holder: Holder
    insured_number: str


def care_viewed(system: System) -> CareScene:
    """Certify a person 要介護2; the care manager reads them by card (with consent); an office
    with no relationship is refused."""
    scene: Scene = certified_scene(system)
    manager = Viewer(number=MANAGER, kind=ProviderKind.CARE_MANAGEMENT, operator="田中")
    system.care.view_by_card(
        viewer=manager,
        request=card_view(system, scene.card, (Item.INSURANCE, Item.CARE_PLAN), consent=True),
    )
    stranger = Viewer(number=STRANGER_OFFICE, kind=ProviderKind.CARE_SERVICE, operator="鈴木")
    number = scene.insured.insured_number
    try:
        system.care.view_by_number(
            viewer=stranger, request=NumberView(insured_number=number, items=(Item.INSURANCE,))
        )
    except ForbiddenError:
        pass
    else:
        raise AssertionError("an office with no relationship was shown the record")
    holder = Holder(scene.resident, scene.card.card.card_id, scene.card.pins.auth)
    return CareScene(holder, number)


@dataclass(frozen=True)
class HealthScene:
    """The patient (a portal holder) and their dispensed prescription."""

    world: World
    holder: Holder
    issued: IssuedPrescription


def prescribed_and_dispensed(system: System) -> HealthScene:
    """A doctor writes a prescription; the pharmacy retrieves it by 引換番号 and dispenses it."""
    w = world(system)
    issued = system.health.prescribe(request=signed(system, doctor(system), content(w.patient)))
    retrieval = RetrievalRequest(
        facility_code=PHARMACY, exchange_number=issued.exchange_number, patient=w.patient,
        visit_date=TODAY,
    )  # fmt: skip
    system.health.retrieve(request=retrieval)
    system.health.dispense(
        request=DispensingRequest(
            facility_code=PHARMACY, prescription_id=issued.prescription_id, dispensed_on=TODAY,
            drugs=(AMLODIPINE,),
        )
    )  # fmt: skip
    return HealthScene(w, Holder(w.resident, w.card_id, w.auth_pin), issued)
