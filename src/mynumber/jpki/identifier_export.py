"""JPKI's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.jpki.models import CardRow, CertificateRow
from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per person (住民票コード): the cards' J-LIS 符号 and every auth certificate's serial."""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("jpki", K.RESIDENT_CODE): (select(CardRow.resident_code, CardRow.resident_code),),
        ("jpki", K.AGENCY_CODE): (select(CardRow.resident_code, CardRow.jlis_code),),
        ("jpki", K.CARD_SERIAL): (
            select(CardRow.resident_code, CertificateRow.serial)
            .join(CertificateRow, CertificateRow.card_id == CardRow.card_id)
            .where(CertificateRow.kind == "auth"),
        ),
    }
