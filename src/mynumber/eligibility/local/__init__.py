"""The eligibility system in this process, on its schema of the instance database: one class per
side of `api.Eligibility`, sharing `LocalState`, composed into `LocalEligibility`.

Insurers report memberships under the eligibility system's agency code, obtained through the
registry's code service at enrolment; the My Number never reaches this subsystem.
"""

from __future__ import annotations

from mynumber.eligibility.local.clinics import LocalClinicSide
from mynumber.eligibility.local.insurers import LocalInsurerSide
from mynumber.eligibility.local.medical_intake import LocalMedicalIntake
from mynumber.eligibility.local.operator import LocalOperatorSide
from mynumber.eligibility.local.people import LocalPersonSide
from mynumber.eligibility.local.registry_side import LocalRegistrySide
from mynumber.eligibility.local.research import LocalResearchSide

__all__ = ["LocalEligibility"]


class LocalEligibility(
    LocalClinicSide,
    LocalInsurerSide,
    LocalOperatorSide,
    LocalPersonSide,
    LocalMedicalIntake,
    LocalRegistrySide,
    LocalResearchSide,
):
    """The eligibility system in this process: every side, on one shared state."""
