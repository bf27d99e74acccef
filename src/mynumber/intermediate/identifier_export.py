"""The 中間サーバー's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.intermediate.models import CodeLinkRow
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K

_RECORD = CodeLinkRow.agency + ":" + CodeLinkRow.address_number


class IdentifierValues(ExportsIdentifiers):
    """Per partition record (agency, 宛名番号): its 符号 and its 宛名番号."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("intermediate", K.AGENCY_CODE): (select(_RECORD, CodeLinkRow.code),),
        ("intermediate", K.ADDRESSEE_NUMBER): (select(_RECORD, CodeLinkRow.address_number),),
    }
