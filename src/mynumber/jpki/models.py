"""Tables of J-LIS's certification service, in its own schema `jpki`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Index, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging.tables import inbox_table, outbox_table

SCHEMA = "jpki"


class Base(DeclarativeBase):
    """Declarative base bound to the jpki schema."""

    metadata = schema_metadata(SCHEMA)


class AuthorityRow(Base):
    """A CA of this instance: its certificate, and its private key encrypted under the CA key."""

    __tablename__ = "authorities"
    name: Mapped[str] = mapped_column(String(8), primary_key=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CardRow(Base):
    """A My Number card: whose it is (for J-LIS only), its status and its sealed chip state."""

    __tablename__ = "cards"
    card_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    # J-LIS holds the resident code (住民票コード) behind each card, and the person's code in
    # its own agency space, which is how registry changes name the person.
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    jlis_code: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(12))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_on: Mapped[dt.date] = mapped_column(Date)
    status_changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    replaced_by: Mapped[str | None] = mapped_column(String(16))
    # Printed on the card by J-LIS (part of 照合番号B); needed to rewrite the card face.
    security_code: Mapped[str] = mapped_column(String(4))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # Bumped on every write of the chip state: a reader session and the counter never
    # overwrite each other's changes unseen.
    revision: Mapped[int] = mapped_column(Integer)


class CertificateRow(Base):
    """A certificate issued to a card, with its revocation state."""

    __tablename__ = "certificates"
    __table_args__ = (Index("ix_certificates_card_id_kind", "card_id", "kind"),)
    serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    card_id: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(4))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    not_before: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(8))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    reason: Mapped[str | None] = mapped_column(String(24))


class SuccessionRow(Base):
    """証明書新旧紐付け: the serial that replaced an older one (renewal, reissue)."""

    __tablename__ = "successions"
    old_serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    new_serial: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(4))
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class RelyingPartyRow(Base):
    """An organisation allowed to use the verification services, with its token's digest."""

    __tablename__ = "relying_parties"
    party: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    may_resolve: Mapped[bool] = mapped_column(Boolean)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ChallengeRow(Base):
    """A challenge handed to a relying party: single use, short-lived. Kept as a digest."""

    __tablename__ = "challenges"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    relying_party: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class CounterRow(Base):
    """Named sequences (CRL numbers per CA)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class CrlRow(Base):
    """The current signed CRL of a CA, served as it is until its entries change or it ages.

    entries_digest is the SHA-256 of the entries it lists (serial, date, reason), so a
    request can tell without signing whether the list still holds.
    """

    __tablename__ = "crls"
    authority: Mapped[str] = mapped_column(String(8), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    entries_digest: Mapped[str] = mapped_column(String(64))
    this_update: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    next_update: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    der: Mapped[bytes] = mapped_column(LargeBinary)


class ExpiryNoticeRow(Base):
    """A certificate J-LIS has sent its holder an 有効期限通知 for (once per certificate)."""

    __tablename__ = "expiry_notices"
    serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    card_id: Mapped[str] = mapped_column(String(16))
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# What J-LIS told whom about a person (verifications, serial resolutions): one chain per holder.
provision_records, provision_heads = log_tables(Base.metadata, "provision")

# Messages J-LIS has handled (registry changes), recorded with their effect.
messages_in = inbox_table(Base.metadata)

# Messages J-LIS sends (有効期限通知 to the portal).
messages_out = outbox_table(Base.metadata)
