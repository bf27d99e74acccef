"""Policy profiles: the system as the seeds describe it, or with the critics' safeguards.

An instance runs under one profile (`MYNUMBER_POLICY=real|safeguarded`, default ``real``). Each
difference between the two is one named switch below, with the seed lines it comes from and the
place that reads it; `mynumber policy show` lists them. Nothing else in the code decides between
the real system and a safeguard.

⚠ The profile is read from the environment when the instance starts; data written under one
profile (a stored My Number, a stored card serial) stays when the instance is restarted under
the other. Start from an empty data directory to compare the two.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from enum import StrEnum

from mynumber.kernel.errors import InvalidInputError

__all__ = ["POLICY_ENV", "SWITCHES", "Policy", "PolicyProfile", "Switch"]

POLICY_ENV = "MYNUMBER_POLICY"


class PolicyProfile(StrEnum):
    """Which rules an instance follows."""

    REAL = "real"  # as the seeds describe the system (現行制度)
    SAFEGUARDED = "safeguarded"  # with the safeguards the critics ask for


@dataclass(frozen=True)
class Switch:
    """One difference between the profiles: what it decides, why, and where it acts."""

    name: str
    decides: str
    real: bool
    safeguarded: bool
    seeds: str
    acts_in: str

    def value(self, profile: PolicyProfile) -> bool:
        """Return the switch's setting under a profile."""
        return self.real if profile is PolicyProfile.REAL else self.safeguarded


SWITCHES: tuple[Switch, ...] = (
    Switch(
        name="insurers_keep_my_number",
        decides="insurers keep the member's My Number beside the membership (after obtaining "
        "their 符号 the safeguarded insurer drops it)",
        real=True,
        safeguarded=False,
        seeds="S4 L423-425; S0 L351-352; S3 L695",
        acts_in="insurers: enrolment",
    ),
    Switch(
        name="registration_links_serial",
        decides="利用登録 stores the link 発行番号 ⇔ 被保険者番号 in the eligibility system, so "
        "the certificate serial is a key into the medical data (safeguarded: the holder is "
        "resolved through J-LIS on each check and no serial is stored)",
        real=True,
        safeguarded=False,
        seeds="S1 L55-58, L415-418; S0 L296, L334-336, L624",
        acts_in="eligibility: registration and the card path",
    ),
    Switch(
        name="pending_enrolment_reads_as_no_coverage",
        decides="an enrolment the insurer has not yet reflected answers 'no coverage' as clinics "
        "report (safeguarded: QualificationValidity 6, 資格情報未登録)",
        real=True,
        safeguarded=False,
        seeds="S2 L314-315, L576; S1 L266-270",
        acts_in="eligibility: the answer to a check",
    ),
    Switch(
        name="links_checked_before_acceptance",
        decides="a link an agency makes between its record and a My Number is checked against "
        "J-LIS's 本人確認情報 before it is accepted (real: accepted as given)",
        real=False,
        safeguarded=True,
        seeds="S3 L71, L142, L659 (誤登録 and the 2023 総点検)",
        acts_in="insurers (国保 too), pension, portal (公金受取口座 loaded in bulk): a link made",
    ),
    Switch(
        name="agency_registers_accounts_unless_declined",
        decides="行政機関等経由登録の特例: an account an agency gives the portal is registered "
        "unless the person declines within the period (safeguarded: only once the person "
        "confirms it)",
        real=True,
        safeguarded=False,
        seeds="S2 L379, L429, L889-891; S4 L1071 (公金受取口座登録法)",
        acts_in="portal: 公金受取口座 registered through an agency",
    ),
    Switch(
        name="api_subject_is_card_serial",
        decides="the 自己情報取得API names the person to each third party by the card's "
        "serial (発行番号), which any relying party can follow across renewals and join with "
        "others' records (safeguarded: a pairwise identifier per client, HMAC of client and "
        "person, that two clients cannot join)",
        real=True,
        safeguarded=False,
        seeds="S1 L1039-1041; S2 L935-960; S0 L470-490 (SEEDS-MAP K1, J4, P4)",
        acts_in="portal: the subject a client sees (portal.oauth.subjects)",
    ),
)


@dataclass(frozen=True)
class Policy:
    """The switches of one profile, read where they act (``policy.insurers_keep_my_number``)."""

    profile: PolicyProfile
    insurers_keep_my_number: bool
    registration_links_serial: bool
    pending_enrolment_reads_as_no_coverage: bool
    links_checked_before_acceptance: bool
    agency_registers_accounts_unless_declined: bool
    api_subject_is_card_serial: bool

    @classmethod
    def of(cls, profile: PolicyProfile | str) -> Policy:
        """Return the switches of a profile given by value or name."""
        chosen = _profile(profile)
        return cls(chosen, **{s.name: s.value(chosen) for s in SWITCHES})

    @classmethod
    def from_env(cls) -> Policy:
        """Return the profile named by MYNUMBER_POLICY (default: real)."""
        return cls.of(os.environ.get(POLICY_ENV) or PolicyProfile.REAL)

    def switches(self) -> list[tuple[Switch, bool]]:
        """Return each switch with its setting under this profile."""
        return [(s, getattr(self, s.name)) for s in SWITCHES]


def _profile(value: PolicyProfile | str) -> PolicyProfile:
    try:
        return PolicyProfile(value)
    except ValueError:
        names = ", ".join(p.value for p in PolicyProfile)
        raise InvalidInputError(
            f"unknown policy profile {value!r}: choose one of {names}", code="policy_unknown"
        ) from None


# Every switch is a field of Policy and every boolean field is a switch.
assert {s.name for s in SWITCHES} == {f.name for f in fields(Policy)} - {"profile"}
