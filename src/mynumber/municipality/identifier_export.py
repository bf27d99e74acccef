"""The municipalities' identifier export for the auditor (`kernel.linkability`)."""

from sqlalchemy import select

from mynumber.kernel.linkability import ExportsIdentifiers
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.municipality.models import AddresseeRow as A

_RECORD = A.municipality_code + ":" + A.address_number


class IdentifierValues(ExportsIdentifiers):
    """Per 宛名 record: its 宛名番号, 住民票コード and My Number."""

    _identifier_queries = {
        ("municipality", K.ADDRESSEE_NUMBER): (select(_RECORD, A.address_number),),
        ("municipality", K.RESIDENT_CODE): (select(_RECORD, A.resident_code),),
        ("municipality", K.MY_NUMBER): (select(_RECORD, A.my_number),),
    }
