"""ハローワーク's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.employment.models import PersonRow as P
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per insured person: the 雇用保険被保険者番号 and the My Number."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("employment", K.EMPLOYMENT_INSURANCE_NUMBER): (
            select(P.insured_number, P.insured_number),
        ),
        ("employment", K.MY_NUMBER): (select(P.insured_number, P.my_number),),
    }
