"""The municipalities' identifier export for the auditor (`kernel.linkability`)."""

from collections.abc import Mapping
from typing import Any, ClassVar

from sqlalchemy import Select, select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.municipality.models import AddresseeRow as A
from mynumber.municipality.models import AssessmentRow as T

_RECORD = A.municipality_code + ":" + A.address_number


class IdentifierValues(ExportsIdentifiers):
    """Per 宛名 record: its 宛名番号, 住民票コード and My Number."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("municipality", K.ADDRESSEE_NUMBER): (select(_RECORD, A.address_number),),
        ("municipality", K.RESIDENT_CODE): (select(_RECORD, A.resident_code),),
        ("municipality", K.MY_NUMBER): (select(_RECORD, A.my_number),),
    }
    # 税・所得: the residents the municipality has assessed (the API's income piece).
    _category_queries: ClassVar[Mapping[str, Select[*tuple[Any, ...]]]] = {
        "income": select(A.resident_code).join(
            T,
            (T.municipality_code == A.municipality_code) & (T.address_number == A.address_number),
        ),
    }
