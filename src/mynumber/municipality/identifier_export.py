"""The municipalities' identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.municipality.models import AddresseeRow as A

_RECORD = A.municipality_code + ":" + A.address_number


class IdentifierValues(ExportsIdentifiers):
    """Per 宛名 record: its 宛名番号, 住民票コード and My Number."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("municipality", K.ADDRESSEE_NUMBER): (select(_RECORD, A.address_number),),
        ("municipality", K.RESIDENT_CODE): (select(_RECORD, A.resident_code),),
        ("municipality", K.MY_NUMBER): (select(_RECORD, A.my_number),),
    }
