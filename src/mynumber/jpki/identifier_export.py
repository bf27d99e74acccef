"""JPKI's identifier export for the auditor (`kernel.linkability`)."""

from sqlalchemy import select

from mynumber.jpki.models import CardRow, CertificateRow
from mynumber.kernel.linkability import ExportsIdentifiers
from mynumber.kernel.linkability import IdentifierKind as K


class IdentifierValues(ExportsIdentifiers):
    """Per person (住民票コード): the cards' J-LIS 符号 and every auth certificate's serial."""

    _identifier_queries = {
        ("jpki", K.RESIDENT_CODE): (select(CardRow.resident_code, CardRow.resident_code),),
        ("jpki", K.AGENCY_CODE): (select(CardRow.resident_code, CardRow.jlis_code),),
        ("jpki", K.CARD_SERIAL): (
            select(CardRow.resident_code, CertificateRow.serial)
            .join(CertificateRow, CertificateRow.card_id == CardRow.card_id)
            .where(CertificateRow.kind == "auth"),
        ),
    }
