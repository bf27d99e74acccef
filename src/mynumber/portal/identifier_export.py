"""マイナポータル's identifier export for the auditor (`kernel.linkability`)."""

from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.identifier_export import ExportsIdentifiers, IdentifierQueries
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.portal.account_tables import AccountRow as A
from mynumber.portal.models import NoticeRow, SessionRow


class IdentifierValues(ExportsIdentifiers):
    """Per person (住民票コード): the serials seen at login, the 公金受取口座; per お知らせ: the
    agency's 符号 it is addressed by. (The consents' serials, in portal.oauth, are not read
    here: portal.oauth depends on this api.)"""

    _identifier_queries: ClassVar[IdentifierQueries] = {
        ("portal", K.RESIDENT_CODE): (
            select(A.resident_code, A.resident_code),
            select(SessionRow.resident_code, SessionRow.resident_code),
        ),
        ("portal", K.CARD_SERIAL): (select(SessionRow.resident_code, SessionRow.serial),),
        ("portal", K.BANK_ACCOUNT): (
            select(A.resident_code, A.bank_code, A.branch_code, A.number),
        ),
        ("portal", K.AGENCY_CODE): (select(NoticeRow.code, NoticeRow.code),),
    }
