"""What the insurers report to the eligibility system: a membership as a record, losses."""

from __future__ import annotations

from collections.abc import Sequence

from mynumber.eligibility.data import MembershipLoss, MembershipRecord
from mynumber.insurers.data import LossReason, Membership

__all__ = ["losses_of", "membership_record"]


def losses_of(ended: Sequence[Membership]) -> list[MembershipLoss]:
    return [
        MembershipLoss(
            insurer_number=m.insured.insurer_number,
            membership_id=m.membership_id,
            valid_to=m.valid_to or m.valid_from,
            reason=m.loss_reason.value if m.loss_reason else LossReason.OTHER.value,
        )
        for m in ended
    ]


def membership_record(membership: Membership, *, insured_name: str) -> MembershipRecord:
    member, insured = membership.member, membership.insured
    return MembershipRecord(
        insurer_number=insured.insurer_number,
        membership_id=membership.membership_id,
        symbol=insured.symbol,
        number=insured.number,
        branch=insured.branch,
        role=membership.role.value,
        insured_name=insured_name,
        name=member.name,
        name_kana=member.name_kana,
        birth_date=member.birth_date,
        sex=member.sex,
        address=member.address,
        postal_code=member.postal_code,
        valid_from=membership.valid_from,
        valid_to=membership.valid_to,
        loss_reason=membership.loss_reason.value if membership.loss_reason else None,
        contribution_percent=membership.contribution_percent,
        limit_classification=membership.limit_classification.value,
    )
