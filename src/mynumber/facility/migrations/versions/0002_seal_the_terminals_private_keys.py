"""seal the terminals' private keys

Revision ID: 0002
Revises: 0001

Each raw private key is replaced by nonce ‖ AES-256-GCM(keys["terminal_keys"], key) with
"facility-terminal:<terminal id>" as associated data (`facility.service.seal_private_key`;
the format is written out here so that this revision keeps doing what it did). The instance's
keys come from `upgrade_all(…, keys=…)`; with terminals stored and no keys, the revision
refuses and changes nothing.
"""

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_TERMINALS = sa.table(
    "terminals",
    sa.column("terminal_id", sa.String()),
    sa.column("private_key", sa.LargeBinary()),
    sa.column("sealed_private_key", sa.LargeBinary()),
    schema="facility",
)


def _cipher() -> AESGCM:
    keys = context.config.attributes.get("keys")
    if not keys or "terminal_keys" not in keys:
        raise RuntimeError(
            "facility 0002 encrypts the stored terminal keys and needs the instance's keys: "
            "run it through mynumber (upgrade_all(..., keys=settings.keys()))"
        )
    return AESGCM(keys["terminal_keys"])


def _aad(terminal_id: str) -> bytes:
    return f"facility-terminal:{terminal_id}".encode()


def upgrade() -> None:
    """Apply this revision."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(_TERMINALS.c.terminal_id, _TERMINALS.c.private_key))
    plain = rows.all()
    cipher = _cipher() if plain else None
    sealed_column = sa.Column("sealed_private_key", sa.LargeBinary(), nullable=True)
    op.add_column("terminals", sealed_column, schema="facility")
    for terminal_id, private in plain:
        assert cipher is not None
        nonce = os.urandom(12)
        sealed = nonce + cipher.encrypt(nonce, private, _aad(terminal_id))
        connection.execute(
            _TERMINALS.update()
            .where(_TERMINALS.c.terminal_id == terminal_id)
            .values(sealed_private_key=sealed)
        )
    with op.batch_alter_table("terminals", schema="facility") as batch_op:
        batch_op.alter_column("sealed_private_key", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("private_key")


def downgrade() -> None:
    """Revert this revision (the keys are decrypted again)."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(_TERMINALS.c.terminal_id, _TERMINALS.c.sealed_private_key))
    sealed_rows = rows.all()
    cipher = _cipher() if sealed_rows else None
    plain_column = sa.Column("private_key", sa.LargeBinary(length=32), nullable=True)
    op.add_column("terminals", plain_column, schema="facility")
    for terminal_id, sealed in sealed_rows:
        assert cipher is not None
        private = cipher.decrypt(sealed[:12], sealed[12:], _aad(terminal_id))
        connection.execute(
            _TERMINALS.update()
            .where(_TERMINALS.c.terminal_id == terminal_id)
            .values(private_key=private)
        )
    with op.batch_alter_table("terminals", schema="facility") as batch_op:
        batch_op.alter_column(
            "private_key", existing_type=sa.LargeBinary(length=32), nullable=False
        )
        batch_op.drop_column("sealed_private_key")
