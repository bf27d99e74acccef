"""`each_column_in`: every key asked is found, the rest is the caller's to drop."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, create_engine, select

from mynumber.kernel.keysets import each_column_in


def test_every_key_asked_is_found_among_a_superset() -> None:
    table = Table("pairs", MetaData(), Column("a", String), Column("b", String))
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    stored = [("x", "1"), ("x", "2"), ("y", "1"), ("z", "3")]
    asked = [("x", "1"), ("y", "2"), ("y", "1")]
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"a": a, "b": b} for a, b in stored])
        found = {tuple(row) for row in conn.execute(select(table).where(
            each_column_in((table.c.a, table.c.b), asked)))}  # fmt: skip
    assert found == {("x", "1"), ("x", "2"), ("y", "1")}  # the cross product that is stored
    assert {key for key in found if key in set(asked)} == {("x", "1"), ("y", "1")}
