"""The register's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.registry.models import ResidentRow, RetiredMyNumberRow


class IdentifierValues(ExportsIdentifiers):
    """Each resident's 住民票コード and My Numbers (the current one and any retired)."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("registry", K.RESIDENT_CODE): (
            select(ResidentRow.resident_code, ResidentRow.resident_code),
        ),
        ("registry", K.MY_NUMBER): (
            select(ResidentRow.resident_code, ResidentRow.my_number),
            select(RetiredMyNumberRow.resident_code, RetiredMyNumberRow.my_number),
        ),
    }
