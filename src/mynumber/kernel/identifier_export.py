"""The identifier export an auditor reads (`kernel.linkability.IdentifierExport`), as a mixin
over a subsystem's own queries: kept apart from the declarations, which import no database."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from sqlalchemy import Select

from mynumber.kernel.db import Database
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.linkability import IdentifierKind

__all__ = ["ExportsIdentifiers", "IdentifierQueries"]


IdentifierQueries = Mapping[tuple[str, IdentifierKind], tuple[Select[*tuple[Any, ...]], ...]]
"""Per (party, kind): queries whose rows are (the record's key, the value's parts…)."""


class ExportsIdentifiers:
    """Mixin giving an api class `identifier_values` over its `_identifier_queries`, read on a
    read-only snapshot of its database (`_db`).

    ⚠ The export is not yet written to each person's access log (one record per person and
    export would be the rule); the auditor's actor is kept for that.
    """

    _db: Database
    _identifier_queries: ClassVar[IdentifierQueries]
    # Per category of data (e.g. medication): a query of the keys of the records that have some.
    _category_queries: ClassVar[Mapping[str, Select[*tuple[Any, ...]]]] = {}

    def identifier_values(
        self, kind: IdentifierKind, *, party: str, actor: str
    ) -> Iterator[tuple[str, ...]]:
        """Yield, record by record, the values of `kind` the party stores (sorted)."""
        for _, values in self.identifier_records(kind, party=party, actor=actor):
            yield values

    def identifier_records(
        self, kind: IdentifierKind, *, party: str, actor: str
    ) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Yield (the record's own key, its values of `kind`), in the order of the keys."""
        queries = self._identifier_queries.get((party, kind))
        if queries is None:
            raise InvalidInputError(f"{party} stores no {kind} here", code="identifier_not_stored")
        records: dict[str, set[str]] = {}
        with self._db.read_only() as session:
            for query in queries:
                for row in session.execute(query):
                    key, parts = row[0], row[1:]
                    if all(p is not None for p in parts):
                        records.setdefault(str(key), set()).add("-".join(map(str, parts)))
        for key in sorted(records):
            yield key, tuple(sorted(records[key]))

    def category_holders(self, category: str, *, actor: str) -> Iterator[str]:
        """Yield the key of each record that has data of a category (the jigsaw's pieces)."""
        query = self._category_queries.get(category)
        if query is None:
            raise InvalidInputError(f"no category {category!r} here", code="category_unknown")
        with self._db.read_only() as session:
            keys = sorted({str(row[0]) for row in session.execute(query)})
        yield from keys
