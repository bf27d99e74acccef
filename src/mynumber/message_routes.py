"""Which messages go where: each topic an organisation sends through its outbox, routed to the
organisation that consumes it (DESIGN.md §7; the topics are listed in docs/architecture.md)."""

from __future__ import annotations

from mynumber.care.api import AGENCY_ID as CARE_AGENCY
from mynumber.care.api import LocalCare
from mynumber.eligibility.api import AGENCY as ELIGIBILITY_AGENCY
from mynumber.eligibility.api import (
    CANCELLATIONS,
    INSURER_REPORTS,
    TERMINAL_REGISTRATIONS,
    Eligibility,
)
from mynumber.facility.api import Facilities
from mynumber.insurers.api import Insurers
from mynumber.jpki.api import JLIS, LocalJpki
from mynumber.kernel.messaging import Relay
from mynumber.municipality.api import LocalMunicipality
from mynumber.portal.api import Portal
from mynumber.portal.data import NOTICES
from mynumber.registry.api import Registry

__all__ = ["route_messages"]


def route_messages(
    relay: Relay,
    *,
    registry: Registry,
    jpki: LocalJpki,
    eligibility: Eligibility,
    insurers: Insurers,
    municipality: LocalMunicipality,
    facilities: Facilities,
    portal: Portal,
    care: LocalCare | None = None,
) -> None:
    """Route every topic of the instance to its consumer."""
    # J-LIS hears of renames, moves and deaths under its own code for the person.
    relay.route(
        topic=registry.publish_changes(agency=JLIS),
        sender=registry.outbox,
        consumer="jpki",
        handler=jpki.on_resident_change,
    )
    # The care platform keeps the My Number: it hears of a new one (and of moves) likewise.
    if care is not None:
        relay.route(topic=registry.publish_changes(agency=CARE_AGENCY), sender=registry.outbox,
                    consumer="care", handler=care.on_resident_change)  # fmt: skip
    # A DV 支援措置 set or lifted: eligibility withholds the address it keeps from its answers.
    relay.route(topic=registry.publish_support_measures(agency=ELIGIBILITY_AGENCY),
                sender=registry.outbox, consumer="eligibility",
                handler=eligibility.receive_support_measure)  # fmt: skip
    # Insurers report memberships, losses and pending enrolments to the eligibility system.
    relay.route(
        topic=INSURER_REPORTS,
        sender=insurers.outbox,
        consumer="eligibility",
        handler=eligibility.receive_insurer_report,
    )
    # 登録解除 → the person's insurers send a 資格確認書.
    relay.route(
        topic=CANCELLATIONS,
        sender=eligibility.outbox,
        consumer="insurers",
        handler=insurers.on_registration_cancelled,
    )
    # お知らせ on the person's portal, by the sender's 符号: an insurer's 資格確認書, a
    # municipality's 児童手当 decision, J-LIS's 有効期限通知.
    for sender in (insurers.outbox, municipality.outbox, jpki.outbox):
        relay.route(topic=NOTICES, sender=sender, consumer="portal", handler=portal.receive_notice)
    # A facility's new terminal: its public key, for checking the terminal's signatures.
    relay.route(
        topic=TERMINAL_REGISTRATIONS,
        sender=facilities.outbox,
        consumer="eligibility",
        handler=eligibility.receive_terminal_registration,
    )
