"""A minimal HTTP/1.1 client for the load generator: one kept-alive connection per terminal.

The generator must cost less than the server it measures. httpx's connection pool spends
milliseconds of CPU per request at 16 concurrent connections (its pool is scanned on every
request), which made the generator, not the server, the limit of the HTTP floor. A terminal
here owns one connection and writes each request whole; answers are read by Content-Length
(the server always sends it) or by chunks.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

__all__ = ["WireConnection"]


class WireConnection:
    """One keep-alive HTTP/1.1 connection to the server under measurement."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request and return (status, body); reconnect if the server closed."""
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 f"Content-Length: {len(body)}"]  # fmt: skip
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        try:
            return await self._answer(self._reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, bytes]:
        status = int((await reader.readline()).split()[1])
        length, chunked, closing = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                closing = b"close" in value.lower()
        body = await _chunks(reader) if chunked else await reader.readexactly(length)
        if closing:
            await self.close()
        return status, body

    async def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while size := int((await reader.readline()).strip() or b"0", 16):
        body += await reader.readexactly(size)
        await reader.readline()
    await reader.readline()  # the empty line after the last chunk
    return bytes(body)
