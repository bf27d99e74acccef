"""The care platform's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.care.models import InsuredRow as I
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per insured person: 介護保険の被保険者番号, 住民票コード, My Number and 符号."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("care", K.CARE_INSURED_NUMBER): (select(I.insured_number, I.insured_number),),
        ("care", K.RESIDENT_CODE): (select(I.insured_number, I.resident_code),),
        ("care", K.MY_NUMBER): (select(I.insured_number, I.my_number),),
        ("care", K.AGENCY_CODE): (select(I.insured_number, I.agency_code),),
    }
