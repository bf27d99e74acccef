"""The eligibility system's identifier export for the auditor (`kernel.linkability`)."""

from collections.abc import Mapping
from typing import Any, ClassVar

from sqlalchemy import Select, select

from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, RegistrationRow
from mynumber.eligibility.models import MembershipRow as M
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per person (its 符号): every 被保険者番号 reported, and the serial 利用登録 kept."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("eligibility", K.AGENCY_CODE): (select(M.subject, M.subject),),
        ("eligibility", K.INSURED_NUMBER): (
            select(M.subject, M.insurer_number, M.symbol, M.number, M.branch),
        ),
        ("eligibility", K.CARD_SERIAL): (select(RegistrationRow.subject, RegistrationRow.serial),),
    }
    # The 自己情報取得API's pieces the person has: 薬剤情報, 診療情報, 特定健診情報.
    _category_queries: ClassVar[Mapping[str, Select[*tuple[Any, ...]]]] = {
        "medication": select(ClaimEntryRow.subject).where(ClaimEntryRow.kind == "medication"),
        "treatments": select(ClaimEntryRow.subject).where(ClaimEntryRow.kind != "medication"),
        "checkups": select(CheckupRow.subject),
    }
