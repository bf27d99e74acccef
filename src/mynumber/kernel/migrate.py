"""Run each subsystem's own Alembic lineage; the version table lives in that subsystem's schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, text

from mynumber.kernel.db import Database

__all__ = ["Lineage", "drop_all", "run_env", "upgrade_all"]


@dataclass(frozen=True)
class Lineage:
    """One subsystem's migrations: its schema and the folder holding env.py and versions/."""

    schema: str
    script_location: Path


def upgrade_all(
    database: Database, lineages: Sequence[Lineage], *, keys: Mapping[str, bytes] | None = None
) -> None:
    """Bring every subsystem's schema to its newest revision.

    keys, the instance's secret keys, reach migrations that encrypt stored data
    (`context.config.attributes["keys"]`).
    """
    for lineage in lineages:
        # Each lineage through its schema's scope: on SQLite, a connection of its file.
        with database.scoped(lineage.schema).engine.begin() as conn:
            if not database.is_sqlite:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{lineage.schema}"'))
            config = Config()
            config.set_main_option("script_location", str(lineage.script_location))
            config.attributes["connection"] = conn
            config.attributes["schema"] = lineage.schema
            config.attributes["keys"] = keys
            command.upgrade(config, "head")


def drop_all(url: str, lineages: Sequence[Lineage]) -> None:
    """Drop every subsystem's schema and all it holds, so the next start migrates from nothing.

    For a PostgreSQL bench or test database (on SQLite each schema is a file of the data
    directory: remove the directory instead). Never point it at an instance's database.
    """
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for lineage in lineages:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{lineage.schema}" CASCADE'))
    finally:
        engine.dispose()


def run_env(metadata: MetaData) -> None:
    """Body of every subsystem's env.py: migrate on the connection the caller passed in."""
    config = context.config
    connection = config.attributes["connection"]
    schema = config.attributes["schema"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        # Autogenerate compares this lineage's schema only, never its neighbours'.
        include_name=lambda name, kind, _parents: kind != "schema" or name == schema,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
