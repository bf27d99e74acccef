"""The network's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.network.models import CodeRow


class IdentifierValues(ExportsIdentifiers):
    """Per person handle: every agency's 符号 (what lets the network join them)."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("network", K.AGENCY_CODE): (select(CodeRow.person, CodeRow.code),)
    }
