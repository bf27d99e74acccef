"""The pension service's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.pension.models import PersonRow as P


class IdentifierValues(ExportsIdentifiers):
    """Per person: the 基礎年金番号 and the My Number."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("pension", K.BASIC_PENSION_NUMBER): (
            select(P.basic_pension_number, P.basic_pension_number),
        ),
        ("pension", K.MY_NUMBER): (select(P.basic_pension_number, P.my_number),),
    }
