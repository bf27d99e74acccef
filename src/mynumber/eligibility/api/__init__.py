"""The eligibility system's public surface: the `Eligibility` protocol, one smaller protocol per
audience it is composed of, and its in-process implementation.

Each caller may type what it holds by the side it needs: `ClinicSide` (facilities and their
terminals, with `BatchInquiries`), `InsurerSide`, `OperatorSide`, `PersonSide` (what a person may
see) and `MedicalIntake` (claims and check-ups). Insurers report memberships under the
eligibility system's agency code, obtained through the registry's code service at enrolment; the
My Number never reaches this subsystem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from mynumber.eligibility.api.clinics import BatchInquiries, ClinicSide
from mynumber.eligibility.api.insurers import InsurerSide
from mynumber.eligibility.api.medical_intake import MedicalIntake
from mynumber.eligibility.api.operator import OperatorSide
from mynumber.eligibility.api.people import PersonSide
from mynumber.eligibility.api.registry_side import RegistrySide
from mynumber.eligibility.api.research import ResearchSide
from mynumber.eligibility.data import AGENCY
from mynumber.eligibility.data.messages import (
    CANCELLATIONS,
    INSURER_REPORTS,
    TERMINAL_REGISTRATIONS,
    CancellationNotice,
    InsurerReport,
    PendingReport,
    ReportedMembership,
    terminal_message,
)
from mynumber.eligibility.local import LocalEligibility
from mynumber.eligibility.models import SCHEMA
from mynumber.kernel.logaudit import LogsVerifiable
from mynumber.kernel.migrate import Lineage

__all__ = [
    "AGENCY",
    "CANCELLATIONS",
    "INSURER_REPORTS",
    "MIGRATIONS",
    "TERMINAL_REGISTRATIONS",
    "BatchInquiries",
    "CancellationNotice",
    "ClinicSide",
    "Eligibility",
    "InsurerReport",
    "InsurerSide",
    "LocalEligibility",
    "MedicalIntake",
    "OperatorSide",
    "PendingReport",
    "PersonSide",
    "RegistrySide",
    "ReportedMembership",
    "ResearchSide",
    "terminal_message",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parents[1] / "migrations")


class Eligibility(
    ClinicSide, InsurerSide, OperatorSide, PersonSide, MedicalIntake, RegistrySide,
    ResearchSide, LogsVerifiable, Protocol,
):  # fmt: skip
    """Memberships by agency code, lifetime history, and verification: every audience's side."""
