"""Each subsystem's migrated schema is exactly what its models declare."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from mynumber.app import System

from ..conftest import METADATAS


@pytest.mark.parametrize("metadata", METADATAS, ids=lambda m: str(m.schema))
def test_migrations_match_the_models(system: System, metadata: MetaData) -> None:
    def only_this_schema(name: str | None, type_: str, _parents: object) -> bool:
        # Other subsystems' schemas are theirs to check; the version table is Alembic's.
        if type_ == "schema":
            return name == metadata.schema
        return not (type_ == "table" and name == "alembic_version")

    with system.database.scoped(str(metadata.schema)).connection() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "target_metadata": metadata,
                "include_name": only_this_schema,
            },
        )
        assert compare_metadata(context, metadata) == []
