"""Request bodies limited before they are read: an ASGI middleware answering 413 past a limit.

A declared Content-Length over the limit is refused before a byte of the body is read. A body
without one (chunked transfer) is counted as it arrives, and reading stops at the first chunk
past the limit: whatever the application then tries to answer is replaced by the 413. The
limit depends on the path: batch uploads (up to 100,000 rows) get a larger one than the rest.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "BodyLimits"]


@dataclass(frozen=True)
class BodyLimits:
    """The largest request body accepted, in bytes: one default, and a larger one for some paths.

    A larger path matches itself and anything below it (`/api/x/batches` covers `…/csv`).
    """

    default: int
    larger: int
    larger_paths: Sequence[str] = ()

    def for_path(self, path: str) -> int:
        """Return the limit that applies to a request path."""
        for prefix in self.larger_paths:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return self.larger
        return self.default


class _BodyTooLargeError(Exception):
    """Raised into the application when a streamed body passes its limit."""


class BodyLimitMiddleware:
    """Refuse, with 413 and `{"error": "body_too_large", …}`, bodies larger than their limit."""

    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, its body counted; answer 413 once it is over the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        declared = _content_length(scope)
        if declared is None:
            await _refuse(send, 400, "content_length_invalid", "Content-Length is not a number")
            return
        if declared > limit:
            await _refuse(send, 413, "body_too_large", _reason(limit, f"{declared:,} declared"))
            return
        await _Guarded(self.app, limit).run(scope, receive, send)


class _Guarded:
    """One request whose body is counted as the application reads it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.received = 0
        self.exceeded = False
        self.started = False  # whether anything of a response went out

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the application on the counted body; answer 413 if it went past the limit."""
        self.receive, self.send = receive, send
        try:
            await self.app(scope, self.counted_receive, self.guarded_send)
        except _BodyTooLargeError:
            pass
        except Exception:
            if not self.exceeded:
                raise
        if self.exceeded and not self.started:
            await self._refuse()

    async def counted_receive(self) -> Message:
        """Pass on the next piece of the body, or stop the application past the limit."""
        if self.exceeded:  # the application asks again: it gets nothing more
            raise _BodyTooLargeError
        message = await self.receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                raise _BodyTooLargeError
        return message

    async def guarded_send(self, message: Message) -> None:
        """Send the application's answer, unless the body was cut off: then the 413."""
        if self.exceeded:  # the application's own answer to a cut-off body is dropped
            if not self.started:
                await self._refuse()
            return
        self.started = True
        await self.send(message)

    async def _refuse(self) -> None:
        self.started = True
        reason = _reason(self.limit, f"more than {self.limit:,} sent")
        await _refuse(self.send, 413, "body_too_large", reason)


def _reason(limit: int, seen: str) -> str:
    return f"the request body may have at most {limit:,} bytes on this path ({seen})"


def _content_length(scope: Scope) -> int | None:
    """Return the declared Content-Length, 0 when there is none, None when it is not a number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return 0


async def _refuse(send: Send, status: int, code: str, reason: str) -> None:
    body = json.dumps({"error": code, "reason": reason}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
