"""Database plumbing: one engine per instance, one schema per subsystem, a unit of work.

PostgreSQL keeps each subsystem in its own schema. SQLite has no schemas, so each subsystem
gets its own database file, ATTACHed under the schema's name to every connection: SQL such as
``registry.residents`` then works unchanged on both backends.

Subsystems never share a transaction: each api call opens its own unit of work, as separate
organisations would. (SQLite in WAL mode would not make a commit across attached files atomic
anyway.)

SQLite writers start with ``BEGIN IMMEDIATE``: a transaction takes the write lock before it
reads, so another process (a server and a command line on the same files) waits its turn
instead of failing with "database is locked" when it writes after reading a snapshot the other
has since changed. BEGIN IMMEDIATE locks every attached file, so each subsystem works through
`Database.scoped`: connections that attach only its own file, and lock only it.

SQLite attaches at most ten files to a connection (SQLITE_MAX_ATTACHED, fixed when the library
is built): an instance-wide connection attaches the first ten schemas only; tools and tests
that work on any schema take its scope (`Database.scoped`), which attaches that one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import URL, Dialect, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from mynumber.kernel.errors import NotFoundError

__all__ = [
    "NAMING_CONVENTION",
    "Database",
    "UnitOfWork",
    "UtcDateTime",
    "row_or_not_found",
    "schema_metadata",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def schema_metadata(schema: str) -> MetaData:
    """Return the MetaData of one subsystem's schema, with stable constraint names."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


_Row = TypeVar("_Row")


def row_or_not_found(
    session: Session, model: type[_Row], key: Any, reason: str, *, code: str | None = None
) -> _Row:
    """Return the row with this primary key, or refuse it as not found (reason, code)."""
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(reason, code=code)
    return row


class UnitOfWork:
    """One transaction: commits when the block ends normally, rolls back on an exception.

    Services receive the unit of work and never commit; the api layer opens it.
    """

    def __init__(self, factory: sessionmaker[Session], lock: AbstractContextManager[Any]) -> None:
        self._factory, self._lock = factory, lock
        self._after_commit: list[Callable[[], None]] = []
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self._lock.__enter__()
        self.session = self._factory()
        self.session.info["unit_of_work"] = self  # so an outbox can act after the commit
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
            self._lock.__exit__(None, None, None)
        if exc_type is None:
            for callback in self._after_commit:
                callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run callback once the transaction has committed (never if it rolls back)."""
        self._after_commit.append(callback)


class Database:
    """An engine over the instance's database, aware of every subsystem schema."""

    def __init__(
        self,
        url: str | URL,
        *,
        schemas: Sequence[str],
        echo: bool = False,
        _turns: AbstractContextManager[Any] | None = None,
    ) -> None:
        self.url = make_url(url)
        self.schemas = tuple(schemas)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._echo = echo
        self._scopes: dict[str, Database] = {}
        options: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            options |= {"pool_size": 10, "max_overflow": 20, "pool_pre_ping": True}
        if _turns is None:
            self.engine: Engine = create_engine(self.url, **options)
        else:  # a scope: an empty in-memory main database, the subsystem's file attached
            options |= {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
            self.engine = create_engine("sqlite://", **options)
        if self.is_sqlite:
            self._prepare_sqlite()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite: one unit of work at a time per process, the scopes included. Not needed for
        # correctness any more (BEGIN IMMEDIATE makes writers wait), but a waiting thread gets
        # the turn at once and never gives up, where SQLite's busy handler polls with sleeps
        # and fails after busy_timeout. Re-entrant, because a subsystem's unit of work may call
        # another subsystem inside it; so it cannot deadlock whatever the order of nesting.
        self._turns: AbstractContextManager[Any] = _turns or (
            threading.RLock() if self.is_sqlite else nullcontext()
        )

    def scoped(self, schema: str) -> Database:
        """Return the database as one subsystem uses it: the same, except on SQLite.

        On SQLite the scope's connections attach that subsystem's file only, so its
        transactions (which begin IMMEDIATE) lock nothing of another subsystem's, and a unit of
        work of one subsystem can call another's inside it.
        """
        if schema not in self.schemas:
            raise ValueError(f"{schema!r} is not a schema of this database")
        if not self.is_sqlite or self.schema_file(schema) == ":memory:":
            return self
        if schema not in self._scopes:
            self._scopes[schema] = Database(
                self.url, schemas=[schema], echo=self._echo, _turns=self._turns
            )
        return self._scopes[schema]

    def unit_of_work(self) -> UnitOfWork:
        """Return a new unit of work."""
        return UnitOfWork(self._sessions, self._turns)

    @contextmanager
    def read_only(self) -> Iterator[Session]:
        """Yield a session that can change nothing, on one consistent snapshot (audits).

        PostgreSQL: a READ ONLY, REPEATABLE READ transaction. SQLite: the connection is
        query_only for the while and its transaction a deferred one (a reader's snapshot in WAL
        mode, which takes no write lock). Rolled back at the end either way.
        """
        with self._turns, self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            if self.is_sqlite and raw is not None:
                raw.execute("PRAGMA query_only = ON")
                conn.info[_READER] = True
            try:
                with Session(conn) as session:
                    if not self.is_sqlite:
                        session.execute(text(_READ_ONLY))
                    yield session
                    session.rollback()
            finally:
                conn.rollback()
                if self.is_sqlite and raw is not None:
                    raw.execute("PRAGMA query_only = OFF")
                    conn.info.pop(_READER, None)

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """Yield a connection inside a transaction that commits at the end (bulk loads)."""
        with self._turns, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def autocommit(self) -> Iterator[Any]:
        """Yield a connection on which each statement commits by itself (PostgreSQL), for a
        one-statement write on a hot path: one round trip instead of BEGIN, it and COMMIT.

        SQLite: a unit of work's connection, which commits at the end (its commits are local).
        """
        if self.is_sqlite:
            with self.unit_of_work() as uow:
                yield uow.session.connection()
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            yield conn

    def dispose(self) -> None:
        """Close every pooled connection."""
        for scope in self._scopes.values():
            scope.dispose()
        self.engine.dispose()

    def schema_file(self, schema: str) -> str:
        """Return the SQLite file that holds a schema (":memory:" for an in-memory database)."""
        main = self.url.database
        if not main or main == ":memory:":
            return ":memory:"
        return str(Path(main).with_name(f"{schema}.db"))

    def _prepare_sqlite(self) -> None:
        main = self.url.database
        if main and main != ":memory:":
            Path(main).parent.mkdir(parents=True, exist_ok=True)

        @event.listens_for(self.engine, "connect")
        def _attach(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA temp_store=MEMORY")
            for schema in self.schemas[: dbapi_connection.getlimit(_ATTACHED_LIMIT)]:
                cursor.execute(
                    "ATTACH DATABASE ? AS " + _identifier(schema), (self.schema_file(schema),)
                )
                cursor.execute(f"PRAGMA {_identifier(schema)}.journal_mode=WAL")
                cursor.execute(f"PRAGMA {_identifier(schema)}.synchronous=NORMAL")
                # Bulk loads insert in random key order: a large page cache keeps indexes hot.
                cursor.execute(f"PRAGMA {_identifier(schema)}.cache_size=-262144")
            cursor.close()
            # pysqlite would commit implicitly before DDL and begin deferred; take over
            # transaction control (SQLAlchemy's documented pysqlite recipe) so a rolled-back unit
            # of work leaves nothing behind and every transaction begins IMMEDIATE.
            dbapi_connection.isolation_level = None

        @event.listens_for(self.engine, "begin")
        def _begin(conn: Any) -> None:
            # Take the write lock first, waiting up to busy_timeout for another writer: a
            # deferred transaction that read and then writes after another connection committed
            # fails at once, whatever the timeout. Nearly every unit of work writes (reads of
            # personal data append to access logs), so all begin IMMEDIATE; but an audit's
            # read-only session (`read_only`), which can write nothing anyway.
            conn.exec_driver_sql("BEGIN" if conn.info.get(_READER) else "BEGIN IMMEDIATE")


_ATTACHED_LIMIT = sqlite3.SQLITE_LIMIT_ATTACHED
_READER = "mynumber_read_only"  # in a connection's info while `Database.read_only` holds it
_READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


def _identifier(name: str) -> str:
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain schema name: {name!r}")
    return name


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and read back timezone-aware, the same on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Refuse naive datetimes; store UTC without tzinfo."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use timezone-aware UTC")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Return the stored time as aware UTC."""
        return None if value is None else value.replace(tzinfo=dt.UTC)
