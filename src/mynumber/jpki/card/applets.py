"""The card's command interpreter: SELECT, READ BINARY, VERIFY, CHANGE REFERENCE DATA, SIGN."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from mynumber.jpki.card.apdu import SW, Command, Refusal, parse, pin_tries_sw
from mynumber.jpki.card.filesystem import KEY_CERTIFICATE, LAYOUT, Applet, Ef, EfKind
from mynumber.jpki.card.pins import LENGTHS, PinRef, validate
from mynumber.jpki.card.state import CardState, Session

__all__ = ["process"]

_OK = SW.OK.to_bytes(2, "big")

# DER DigestInfo prefixes (RFC 8017 §9.2 note 1): the card signs only what it can recognise as
# a hash, like the real card's "SIGN over a DigestInfo". ⚠ Whether it also refuses other input
# is not public.
_DIGEST_INFOS: dict[bytes, hashes.HashAlgorithm] = {
    bytes.fromhex("3021300906052b0e03021a05000414"): hashes.SHA1(),
    bytes.fromhex("302d300d06096086480165030402040500041c"): hashes.SHA224(),
    bytes.fromhex("3031300d060960864801650304020105000420"): hashes.SHA256(),
    bytes.fromhex("3041300d060960864801650304020205000430"): hashes.SHA384(),
    bytes.fromhex("3051300d060960864801650304020305000440"): hashes.SHA512(),
}


def process(state: CardState, session: Session, apdu: bytes) -> bytes:
    """Answer one command APDU with response data and SW1 SW2."""
    try:
        command = parse(apdu)
        handler = _dispatch(command)
        return handler(state, session, command) + _OK
    except Refusal as refusal:
        return refusal.sw.to_bytes(2, "big")


Handler = Callable[[CardState, Session, Command], bytes]


def _dispatch(command: Command) -> Handler:
    if command.cla not in (0x00, 0x80):
        raise Refusal(SW.CLA_NOT_SUPPORTED)
    handlers: dict[int, tuple[int, Handler]] = {
        0xA4: (0x00, _select),
        0xB0: (0x00, _read_binary),
        0x20: (0x00, _verify),
        0x24: (0x00, _change_reference_data),
        0x2A: (0x80, _sign),  # the JPKI AP's proprietary class, as OpenSC sends it
    }
    entry = handlers.get(command.ins)
    if entry is None:
        raise Refusal(SW.INS_NOT_SUPPORTED)
    cla, handler = entry
    if command.cla != cla:
        raise Refusal(SW.CLA_NOT_SUPPORTED)
    return handler


def _select(state: CardState, session: Session, command: Command) -> bytes:
    if command.p2 not in (0x00, 0x0C):  # we return no FCI either way
        raise Refusal(SW.WRONG_P1P2)
    if command.p1 == 0x04:  # by DF name (AID)
        if not command.data:
            raise Refusal(SW.WRONG_LENGTH)
        applet = Applet.by_aid(command.data)
        if applet is None:  # other OpenSC drivers probe their own AIDs before jpki's turn
            raise Refusal(SW.FILE_NOT_FOUND)
        if applet is not session.applet:
            # Selecting another application drops every PIN verified so far.
            session.verified.clear()
        session.applet, session.ef = applet, None
        return b""
    if command.p1 == 0x02:  # EF under the current DF
        if len(command.data) != 2:
            raise Refusal(SW.WRONG_LENGTH)
        number = int.from_bytes(command.data, "big")
        if session.applet is None or number not in LAYOUT[session.applet]:
            raise Refusal(SW.FILE_NOT_FOUND)
        session.ef = number
        return b""
    raise Refusal(SW.WRONG_P1P2)


def _current(session: Session) -> tuple[tuple[Applet, int], Ef]:
    if session.applet is None or session.ef is None:
        raise Refusal(SW.NO_CURRENT_EF)
    return (session.applet, session.ef), LAYOUT[session.applet][session.ef]


def _read_binary(state: CardState, session: Session, command: Command) -> bytes:
    if command.p1 & 0x80:  # short-EF addressing in P1: not offered by this card
        raise Refusal(SW.WRONG_P1P2)
    if command.data or command.le is None:
        raise Refusal(SW.WRONG_LENGTH)
    path, ef = _current(session)
    if ef.kind is not EfKind.BINARY:
        raise Refusal(SW.FILE_STRUCTURE)
    if ef.read_with and not ef.read_with & session.verified:
        raise Refusal(SW.SECURITY_STATUS)
    content = state.files.get(path)
    if content is None:
        raise Refusal(SW.CONDITIONS_OF_USE)
    offset = (command.p1 << 8) | command.p2
    if offset >= len(content):
        raise Refusal(SW.WRONG_OFFSET)
    return content[offset : offset + command.le]


def _pin_ef(session: Session, command: Command, p1: int) -> PinRef:
    if command.p1 != p1 or command.p2 != 0x80:  # 80: the PIN of the current EF
        raise Refusal(SW.WRONG_P1P2)
    _, ef = _current(session)
    if ef.kind is not EfKind.PIN or ef.pin is None:
        raise Refusal(SW.NO_CURRENT_EF)
    return ef.pin


def _verify(state: CardState, session: Session, command: Command) -> bytes:
    ref = _pin_ef(session, command, 0x00)
    counter = state.pins[ref]
    if not command.data:
        # A status query always answers 63 Cx, even once verified: OpenSC's jpki driver and
        # myna read the tries from it and treat anything else as an error.
        raise Refusal(pin_tries_sw(counter.tries_left))
    if counter.blocked:
        raise Refusal(SW.PIN_BLOCKED)
    if len(command.data) not in LENGTHS[ref]:
        raise Refusal(SW.WRONG_LENGTH)
    if counter.check(command.data):
        session.verified.add(ref)
        return b""
    session.verified.discard(ref)
    raise Refusal(pin_tries_sw(counter.tries_left))


def _change_reference_data(state: CardState, session: Session, command: Command) -> bytes:
    # P1 01: the data holds the new PIN only; the old one must have been verified just before.
    ref = _pin_ef(session, command, 0x01)
    if ref in (PinRef.FACE_A, PinRef.FACE_B):  # printed on the card, so not changeable
        raise Refusal(SW.CONDITIONS_OF_USE)
    if not command.data:
        raise Refusal(SW.WRONG_LENGTH)
    counter = state.pins[ref]
    if counter.blocked:
        raise Refusal(SW.PIN_BLOCKED)
    if ref not in session.verified:
        raise Refusal(SW.SECURITY_STATUS)
    try:
        new = command.data.decode("ascii")
        if validate(ref, new) != new:  # the card takes what it gets; upper-casing is the host's
            raise ValueError(new)
    except ValueError:
        raise Refusal(SW.WRONG_DATA) from None
    counter.reset(new)
    return b""


def _sign(state: CardState, session: Session, command: Command) -> bytes:
    if command.p1 != 0x00 or command.p2 != 0x80:
        raise Refusal(SW.WRONG_P1P2)
    if not command.data:
        raise Refusal(SW.WRONG_LENGTH)
    _, ef = _current(session)
    if ef.kind is not EfKind.KEY or ef.key is None or ef.pin is None:
        raise Refusal(SW.NO_CURRENT_EF)
    if ef.pin not in session.verified:
        raise Refusal(SW.SECURITY_STATUS)
    if (Applet.JPKI, KEY_CERTIFICATE[ef.key]) not in state.files:
        # The issuer activates a key by writing its certificate; until then it stays unusable.
        raise Refusal(SW.CONDITIONS_OF_USE)
    data = command.data
    algorithm = next(
        (
            candidate
            for prefix, candidate in _DIGEST_INFOS.items()
            if data.startswith(prefix) and len(data) == len(prefix) + candidate.digest_size
        ),
        None,
    )
    if algorithm is None:
        raise Refusal(SW.WRONG_DATA)
    digest = data[-algorithm.digest_size :]
    return state.keys[ef.key].sign(digest, padding.PKCS1v15(), utils.Prehashed(algorithm))
