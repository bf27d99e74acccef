"""HTTP surface of the eligibility system: a JSON API with the interface's field names.

Facilities' terminals call the verification endpoints, each request signed with the
terminal's key (see `dependencies.terminal_caller`), and only for their own facility; insurers and
operators call the intake and administration ones with the staff bearer token.
"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from mynumber.eligibility.data import (
    CardProof,
    CardQuery,
    CheckupResult,
    Claim,
    Disaster,
    DisasterSearch,
    EligibilityAnswer,
    FacilityRegistration,
    IntakeReceipt,
    MedicalQuery,
    MedicalView,
    NumberQuery,
    Registration,
    TerminalIdentity,
    TerminalRegistration,
)
from mynumber.eligibility.transports.dependencies import (
    EligibilityDep,
    TerminalCaller,
    require_own_facility,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff

api = APIRouter(
    prefix="/api/eligibility",
    tags=["eligibility オンライン資格確認"],
    responses=error_responses(401, 403, 413, 422),
)
_STATE = error_responses(404, 409)
# The eligibility system's operator (支払基金・国保中央会): facilities, terminals, intake.
Operator = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.ELIGIBILITY_OPERATOR))]


class Challenge(BaseModel):
    """A fresh single-use challenge for the card to sign (base64)."""

    model_config = ConfigDict(frozen=True)
    challenge: str


@api.post("/challenges", response_model=Challenge)
def new_challenge(eligibility: EligibilityDep, _terminal: TerminalCaller) -> Challenge:
    """Issue a challenge for the card at the reader to sign."""
    return Challenge(challenge=base64.b64encode(eligibility.new_challenge()).decode())


@api.post("/verify/number", response_model=EligibilityAnswer, response_model_by_alias=True)
def verify_number(
    query: NumberQuery, eligibility: EligibilityDep, terminal: TerminalCaller
) -> EligibilityAnswer:
    """Check coverage by the numbers on a 資格確認書 for a visit date (reference 2)."""
    require_own_facility(terminal, query.facility_code)
    return eligibility.verify_by_number(query=query)


@api.post("/verify/card", response_model=EligibilityAnswer, response_model_by_alias=True)
def verify_card(
    query: CardQuery, eligibility: EligibilityDep, terminal: TerminalCaller
) -> EligibilityAnswer:
    """Check coverage with the card (ReferenceClassification 1); records the consent given."""
    require_own_facility(terminal, query.facility_code)
    return eligibility.verify_by_card(query=query)


@api.post("/registrations", response_model=Registration, responses=_STATE)
def register_card(
    proof: CardProof, eligibility: EligibilityDep, terminal: TerminalCaller
) -> Registration:
    """利用登録: use the card as the holder's insurance card, on the proof a card check needs.

    The card's signature over a fresh challenge (PIN), or a reader result signed by a terminal
    of the calling facility (face, 目視確認). A certificate alone is refused (403
    `no_card_signature`) and registers nothing.
    """
    return eligibility.register_card(proof=_at_own_facility(terminal, proof))


@api.post("/registrations/cancel", response_model=Registration, responses=_STATE)
def unregister_card(
    proof: CardProof, eligibility: EligibilityDep, terminal: TerminalCaller
) -> Registration:
    """登録解除: stop answering for the card, on the same proof; the insurers send a 資格確認書.

    A certificate alone is refused (403 `no_card_signature`): nothing is cancelled or sent.
    """
    return eligibility.unregister_card(proof=_at_own_facility(terminal, proof))


def _at_own_facility(terminal: TerminalIdentity, proof: CardProof) -> CardProof:
    """Return the proof for the calling terminal's facility; refuse one for another facility."""
    if proof.facility_code is None:
        return proof.model_copy(update={"facility_code": terminal.facility_code})
    require_own_facility(terminal, proof.facility_code)
    return proof


@api.post("/medical", response_model=MedicalView, responses=_STATE)
def medical_view(
    query: MedicalQuery, eligibility: EligibilityDep, terminal: TerminalCaller
) -> MedicalView:
    """Show consented medication, check-up or treatment information (403 without consent)."""
    require_own_facility(terminal, query.facility_code)
    return eligibility.medical_view(query=query)


@api.post("/disasters", status_code=204)
def activate_disaster(disaster: Disaster, eligibility: EligibilityDep, _staff: Operator) -> None:
    """Activate disaster mode (災害時医療情報閲覧) for prefectures and a period."""
    eligibility.activate_disaster(disaster=disaster)


@api.post("/disaster-search", response_model=EligibilityAnswer, response_model_by_alias=True)
def disaster_search(
    query: DisasterSearch, eligibility: EligibilityDep, terminal: TerminalCaller
) -> EligibilityAnswer:
    """Find a patient without a card, only inside an active disaster; the read is flagged."""
    require_own_facility(terminal, query.facility_code)
    return eligibility.disaster_search(query=query)


@api.get("/facilities", response_model=list[FacilityRegistration])
def facilities(eligibility: EligibilityDep, _staff: Operator) -> list[FacilityRegistration]:
    """List the facilities registered to use the system."""
    return eligibility.facilities()


@api.post("/facilities", status_code=204, responses=error_responses(409))
def register_facility(
    facility: FacilityRegistration, eligibility: EligibilityDep, _staff: Operator
) -> None:
    """Register (or update) a facility."""
    eligibility.register_facility(facility=facility)


@api.post("/terminals", status_code=204, responses=_STATE)
def register_terminal(
    terminal: TerminalRegistration, eligibility: EligibilityDep, _staff: Operator
) -> None:
    """Register a terminal's Ed25519 public key (base64) for a registered facility."""
    eligibility.register_terminal(terminal=terminal)


@api.post("/terminals/{terminal_id}/revoke", status_code=204, responses=error_responses(404))
def revoke_terminal(terminal_id: str, eligibility: EligibilityDep, _staff: Operator) -> None:
    """Revoke a terminal's key: its signed requests are refused from now on."""
    eligibility.revoke_terminal(terminal_id=terminal_id)


@api.post("/claims", response_model=IntakeReceipt)
def record_claims(
    claims: list[Claim], eligibility: EligibilityDep, _staff: Operator
) -> IntakeReceipt:
    """File claims (レセプト) by insured number; unknown rows come back with their reason."""
    return eligibility.record_claims(claims=claims)


@api.post("/checkups", response_model=IntakeReceipt)
def record_checkups(
    results: list[CheckupResult], eligibility: EligibilityDep, _staff: Operator
) -> IntakeReceipt:
    """File 特定健診 results by insured number."""
    return eligibility.record_checkups(results=results)
