"""Tables of the 公金受取口座 and the 代理人, in the portal's schema.

The account is the one the person (or an agency, under the 特例) registered at the portal; a
proxy is a link between two residents, kept by resident code, not by card: a card suspended or
reissued leaves it as it is, as in reality (city.marugame.lg.jp/page/28712.html). The DV
支援措置 is the resident register's, not kept here (portal migration 0005 dropped the old flag).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime
from mynumber.portal.models import Base


class AccountRow(Base):
    """公金受取口座: one per person; `state` is active, held (for a check) or pending (特例)."""

    __tablename__ = "accounts"
    resident_code: Mapped[str] = mapped_column(String(11), primary_key=True)
    bank_code: Mapped[str] = mapped_column(String(4))
    branch_code: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(7), index=True)
    holder_kana: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16))
    held_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    registered_by: Mapped[str] = mapped_column(String(40))
    decline_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ProxyRow(Base):
    """代理人: who acts for whom, on what proof, for which period and scopes."""

    __tablename__ = "proxies"
    proxy_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    principal: Mapped[str] = mapped_column(String(11), index=True)
    proxy: Mapped[str] = mapped_column(String(11), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    proof: Mapped[str] = mapped_column(String(32))
    scopes: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column()
    valid_until: Mapped[dt.date] = mapped_column()
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AccountCopyRow(Base):
    """The last 版番号 of the person's 公金受取口座情報 registered as 副本 for the network."""

    __tablename__ = "account_copies"
    resident_code: Mapped[str] = mapped_column(String(11), primary_key=True)
    version: Mapped[int] = mapped_column()
