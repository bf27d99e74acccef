"""What the log said: every captured record's message, arguments and exception text, as one
text the tests scan for a resident's My Number."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pytest

__all__ = ["logged_text", "logging_everything"]


@contextmanager
def logging_everything(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Capture every `mynumber` logger at DEBUG (SQLAlchemy's echo stays off: its statements
    carry the register's own rows)."""
    with (
        caplog.at_level(logging.DEBUG, logger="mynumber"),
        caplog.at_level(logging.WARNING, logger="sqlalchemy"),
    ):
        yield


def logged_text(records: Iterable[logging.LogRecord]) -> str:
    """Return the records' messages, raw messages, arguments and exception texts."""
    formatter = logging.Formatter()
    parts: list[str] = []
    for record in records:
        parts += [record.getMessage(), str(record.msg), repr(record.args)]
        if record.exc_info:
            parts.append(formatter.formatException(record.exc_info))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)
