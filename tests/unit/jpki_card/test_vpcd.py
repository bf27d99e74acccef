"""The vpcd client against a stand-in for pcscd's vpcd driver on a loopback socket."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from mynumber.jpki.card import ATR, CardClient, VirtualCard, attach
from mynumber.jpki.card import vpcd as vpcd_module


class FakeVpcd:
    """The reader side: listens like vpcd, sends control bytes and APDUs, reads answers."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection

    def send(self, payload: bytes) -> None:
        """Send one length-prefixed message."""
        self.connection.sendall(len(payload).to_bytes(2, "big") + payload)

    def receive(self) -> bytes:
        """Read one length-prefixed message."""
        length = int.from_bytes(self._exactly(2), "big")
        return self._exactly(length)

    def _exactly(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.connection.recv(count - len(data))
            assert chunk, "the card closed the connection"
            data += chunk
        return data

    def transmit(self, apdu: bytes) -> bytes:
        """Send a command APDU and return the card's answer, as pcscd would."""
        self.send(apdu)
        return self.receive()


@contextmanager
def attached(
    card: VirtualCard, stop: threading.Event
) -> Iterator[tuple[FakeVpcd, threading.Thread]]:
    """Run attach in a thread against a fake vpcd; yield the reader side."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        thread = threading.Thread(
            target=attach,
            args=(card.transmit,),
            kwargs={"port": port, "stop": stop, "reset": card.reset},
            daemon=True,
        )
        thread.start()
        server.settimeout(5)
        connection, _ = server.accept()
        connection.settimeout(5)
        with connection:
            yield FakeVpcd(connection), thread


def test_power_atr_and_apdus(card: VirtualCard, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[socket.socket] = []
    original = socket.create_connection

    def create_connection(address: tuple[str, int]) -> socket.socket:
        opened.append(original(address))
        return opened[-1]

    monkeypatch.setattr(vpcd_module.socket, "create_connection", create_connection)
    stop = threading.Event()
    with attached(card, stop) as (vpcd, thread):
        vpcd.send(b"\x01")  # power on
        vpcd.send(b"\x04")  # get ATR
        assert vpcd.receive() == ATR
        client = CardClient(vpcd.transmit)
        assert client.read_my_number("5678") == "123456789018"
        # Nagle's algorithm off on the card's side, or each APDU waits ~40 ms for a delayed ACK.
        assert opened[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        stop.set()
        thread.join(timeout=2)
        assert not thread.is_alive()


def test_reset_drops_the_security_state(card: VirtualCard) -> None:
    stop = threading.Event()
    select = bytes.fromhex("00A4040C0AD3921000310001010408")
    with attached(card, stop) as (vpcd, thread):
        assert vpcd.transmit(select)[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("00A4020C020011"))[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("002000800435363738"))[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("00A4020C020001"))[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("00B0000003"))[-2:] == b"\x90\x00"
        vpcd.send(b"\x02")  # warm reset
        assert vpcd.transmit(select)[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("00A4020C020001"))[-2:] == b"\x90\x00"
        assert vpcd.transmit(bytes.fromhex("00B0000003")) == b"\x69\x82"
        assert vpcd.transmit(b"") == b"\x67\x00"  # an empty APDU is malformed, not fatal
        stop.set()
        thread.join(timeout=2)


def test_attach_returns_when_vpcd_closes(card: VirtualCard) -> None:
    with attached(card, threading.Event()) as (vpcd, thread):
        vpcd.send(b"\x00")  # power off
        vpcd.connection.close()
        thread.join(timeout=2)
        assert not thread.is_alive()
