"""有効期限通知: J-LIS tells each holder, on マイナポータル, that their card's certificates expire.

The real J-LIS posts an 有効期限通知書 some two to three months before a certificate expires ⚠
(the default window here is 90 days). This job sends the same as an お知らせ through J-LIS's
outbox, addressed by J-LIS's own 符号 for the holder (the `jlis_code` it obtained from the
network when it issued the card, which the portal finds among the person's 符号): J-LIS needs
no new 符号 and the portal needs no card serial. Each certificate is noticed once: it is
recorded in `expiry_notices` in the transaction that sends, so the next run skips it. A
certificate renewed already (it has a successor) or no longer valid is not noticed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.jpki import card_store
from mynumber.jpki.data import CertificateKind, CertificateStatus, ExpiryNoticeRun
from mynumber.jpki.models import (
    CardRow,
    CertificateRow,
    ExpiryNoticeRow,
    SuccessionRow,
    messages_out,
)
from mynumber.kernel.clock import JST
from mynumber.kernel.db import Database
from mynumber.kernel.messaging import Outbox
from mynumber.kernel.notices import NOTICES, NoticeMessage

__all__ = ["DEFAULT_WITHIN_DAYS", "JLIS", "KIND", "SENDER", "TITLE", "ExpiryNotices", "expiring"]

DEFAULT_WITHIN_DAYS = 90  # ⚠ J-LIS's 有効期限通知書 comes some 2–3 months ahead
JLIS = "jlis"  # J-LIS's agency id on the network: its cards and change messages name people by it
SENDER = "地方公共団体情報システム機構（J-LIS）"
KIND = "certificate_expiring"
TITLE = "電子証明書の有効期限が近づいています"
_NAMES = {
    CertificateKind.SIGN.value: "署名用電子証明書",
    CertificateKind.AUTH.value: "利用者証明用電子証明書",
}


def expiring(
    session: Session, *, now: dt.datetime, within: dt.timedelta
) -> list[tuple[CardRow, CertificateRow]]:
    """Return the valid, not renewed certificates of held cards that expire within the window
    and were not noticed yet, by card."""
    renewed = select(SuccessionRow.old_serial)
    noticed = select(ExpiryNoticeRow.serial)
    rows = session.execute(
        select(CardRow, CertificateRow)
        .join(CertificateRow, CertificateRow.card_id == CardRow.card_id)
        .where(
            CardRow.status.in_(card_store.HELD),
            CertificateRow.status == CertificateStatus.VALID.value,
            CertificateRow.not_after > now,
            CertificateRow.not_after <= now + within,
            CertificateRow.serial.not_in(renewed),
            CertificateRow.serial.not_in(noticed),
        )
        .order_by(CardRow.card_id, CertificateRow.kind)
    )
    return [(card, certificate) for card, certificate in rows]


def _message(card: CardRow, certificates: list[CertificateRow]) -> NoticeMessage:
    lines = "、".join(
        f"{_NAMES.get(c.kind, c.kind)}（{c.not_after.astimezone(JST):%Y年%m月%d日}まで）"
        for c in certificates
    )
    return NoticeMessage(
        agency=JLIS,
        code=card.jlis_code,
        sender=SENDER,
        kind=KIND,
        title=TITLE,
        body=f"マイナンバーカードの{lines}の有効期限が近づいています。"
        "お住まいの市区町村の窓口で更新の手続をしてください（手数料は無料です）。",
    )


def send_notices(
    session: Session, outbox: Outbox, *, now: dt.datetime, within_days: int
) -> ExpiryNoticeRun:
    """Send one お知らせ per card whose certificates expire within the window; record each
    certificate so that it is noticed once."""
    by_card: dict[str, list[CertificateRow]] = defaultdict(list)
    cards: dict[str, CardRow] = {}
    for card, certificate in expiring(session, now=now, within=dt.timedelta(days=within_days)):
        cards[card.card_id] = card
        by_card[card.card_id].append(certificate)
    for card_id, certificates in by_card.items():
        message = _message(cards[card_id], certificates)
        outbox.send(session, topic=NOTICES, body=message.model_dump(mode="json"))
        for certificate in certificates:
            session.add(
                ExpiryNoticeRow(
                    serial=certificate.serial,
                    card_id=card_id,
                    not_after=certificate.not_after,
                    sent_at=now,
                )
            )
    return ExpiryNoticeRun(
        within_days=within_days,
        certificates=sum(len(c) for c in by_card.values()),
        notices=len(by_card),
    )


class ExpiryNotices:
    """J-LIS's 有効期限通知 job and its outbox (a part of `LocalJpki`)."""

    _db: Database
    _ctx: card_store.Context

    @cached_property
    def outbox(self) -> Outbox:
        """Return J-LIS's outbox (お知らせ to the portal)."""
        return Outbox(database=self._db, table=messages_out, clock=self._ctx.clock)

    def send_expiry_notices(self, *, within_days: int = DEFAULT_WITHIN_DAYS) -> ExpiryNoticeRun:
        """Send an お知らせ for each card whose certificates expire within `within_days` and
        were not noticed before; return how many certificates and notices."""
        outbox = self.outbox
        with self._db.unit_of_work() as uow:
            return send_notices(
                uow.session, outbox, now=self._ctx.clock.now(), within_days=within_days
            )
