"""Tables of the facilities, in their own schema `facility`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.messaging.tables import outbox_table

SCHEMA = "facility"


class Base(DeclarativeBase):
    """Declarative base bound to the facility schema."""

    metadata = schema_metadata(SCHEMA)


class FacilityRow(Base):
    """A facility (医療機関・薬局) by its 医療機関コード."""

    __tablename__ = "facilities"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    prefecture_code: Mapped[str] = mapped_column(String(2), index=True)
    address: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class TerminalRow(Base):
    """A 資格確認端末 and its Ed25519 key pair.

    The private key is the terminal's own secret: the eligibility system only ever sees the
    public key. On a real terminal it is generated and kept in the device (a TPM or the
    reader's secure element) and never leaves it; this instance keeps it here because its
    terminals are virtual, encrypted (AES-256-GCM under the instance's `terminal_keys` key,
    bound to the terminal id). No other subsystem can read this table.
    """

    __tablename__ = "terminals"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    sealed_private_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Terminal registrations sent to the eligibility system.
messages_out = outbox_table(Base.metadata)
