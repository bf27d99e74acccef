"""The eligibility system's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.eligibility.models import MembershipRow as M
from mynumber.eligibility.models import RegistrationRow
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
