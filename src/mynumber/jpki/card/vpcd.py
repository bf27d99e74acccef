"""Attach a card to pcscd through vsmartcard's vpcd driver, as a card in a real PC/SC reader.

vpcd listens on TCP (35963 for reader "Virtual PCD 00 00"); the card connects to it. Each message
either way is a 2-byte big-endian length and a payload. A 1-byte payload from vpcd is a control
byte (0 power off, 1 power on, 2 reset, 4 get ATR, answered with the ATR); anything longer is a
command APDU, answered with response data and SW1 SW2.
"""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Callable

__all__ = ["ATR", "DEFAULT_PORT", "attach"]

# The ATR OpenSC's jpki driver matches (card-jpki.c): T=1, no historical bytes. Its last byte
# is already the correct TCK (T0..TCK XOR to 0), which pcsc-lite checks.
ATR = bytes.fromhex("3be000ff8131fe4514")
DEFAULT_PORT = 35963

_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0, 1, 2, 4
_POLL_SECONDS = 0.2  # how often a quiet connection looks at the stop event


def _tune(sock: socket.socket) -> None:
    # Without these, delayed ACKs and Nagle make every APDU round trip take ~40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:  # Linux only; and it wears off, so it is set after every read
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _receive(sock: socket.socket, count: int) -> bytes | None:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    _tune(sock)
    return data


def attach(
    transmit: Callable[[bytes], bytes],
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    stop: threading.Event | None = None,
    reset: Callable[[], None] | None = None,
    atr: bytes = ATR,
) -> None:
    """Serve one card to vpcd until stop is set or vpcd closes the connection.

    reset is called on power off, power on and reset, so the card forgets its security state
    (pass `card.reset` for a VirtualCard). There is no reconnecting: attach again if needed.
    """
    with socket.create_connection((host, port)) as sock:
        _tune(sock)
        try:
            _serve(sock, transmit, stop=stop, reset=reset, atr=atr)
        except (ConnectionResetError, BrokenPipeError):
            return  # pcscd went away: the card is out of the reader


def _serve(
    sock: socket.socket,
    transmit: Callable[[bytes], bytes],
    *,
    stop: threading.Event | None,
    reset: Callable[[], None] | None,
    atr: bytes,
) -> None:
    while stop is None or not stop.is_set():
        readable, _, _ = select.select([sock], [], [], _POLL_SECONDS)
        if not readable:
            continue
        header = _receive(sock, 2)
        payload = None if header is None else _receive(sock, int.from_bytes(header, "big"))
        if payload is None:
            return
        if len(payload) == 1:
            if payload[0] in (_POWER_OFF, _POWER_ON, _RESET) and reset is not None:
                reset()
            if payload[0] == _GET_ATR:
                sock.sendall(len(atr).to_bytes(2, "big") + atr)
            continue
        response = transmit(payload)
        sock.sendall(len(response).to_bytes(2, "big") + response)
