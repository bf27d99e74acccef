"""The insurers' identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.insurers.models import MembershipRow as M
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per member (the insurer's 符号): the 符号, every 被保険者番号 held, the My Number kept."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("insurers", K.AGENCY_CODE): (select(M.person_code, M.person_code),),
        ("insurers", K.INSURED_NUMBER): (
            select(M.person_code, M.insurer_number, M.symbol, M.number, M.branch),
        ),
        ("insurers", K.MY_NUMBER): (select(M.person_code, M.my_number),),
    }
