"""Profiling shown (プロファイリング): the jigsaw of seed 000 for one party, a life insurer that
verifies cards as a JPKI relying party and reads the 自己情報取得API as a portal client.

Each piece is a category of a person's data; a piece is obtainable when one of the party's
channels gives it, and joined when it comes under an identifier the party's other pieces carry
too. Under the real rules every piece comes under the card's serial (発行番号), which other
parties hold as well; under the safeguards the API's pieces come under an identifier of this
client only, and join the relying party's pieces by no identifier.

⚠ The person is assumed to consent to every scope the insurer asks for at application (the seed's
生命保険 examples do so) and to hold a card. Joining by name and birth date (the 基本4情報 of the
signing certificate) is possible under both profiles and not counted: it is a match, not a key.
"""

from __future__ import annotations

from dataclasses import dataclass

from mynumber.audit.linkability import DECLARED
from mynumber.kernel.linkability import IdentifierKind
from mynumber.kernel.policy import Policy, PolicyProfile

__all__ = ["LIFE_INSURER", "PIECES", "Jigsaw", "Piece", "jigsaw"]

LIFE_INSURER = ("relying_party", "api_client")  # the two roles one life insurer plays


@dataclass(frozen=True)
class Piece:
    """A category of a person's data and the channel (party role) that gives it."""

    name: str
    label: str
    channel: str
    how: str


PIECES = (
    Piece("basic", "基本4情報", "relying_party", "署名用電子証明書の検証"),
    Piece("serial", "発行番号", "relying_party", "利用者証明用電子証明書の検証"),
    Piece("medication", "薬剤情報", "api_client", "自己情報取得API（medication）"),
    Piece("treatments", "診療情報", "api_client", "自己情報取得API（treatments）"),
    Piece("checkups", "特定健診情報", "api_client", "自己情報取得API（checkups）"),
    Piece("income", "税・所得", "api_client", "自己情報取得API（income）"),
)


@dataclass(frozen=True)
class Jigsaw:
    """The pieces a party obtains, and those joined into one picture by an identifier."""

    profile: PolicyProfile
    obtained: tuple[str, ...]
    joined: tuple[str, ...]
    key: str
    beyond: tuple[str, ...]  # other parties holding that key: the picture joins theirs too


def jigsaw(profile: PolicyProfile) -> Jigsaw:
    """Return the life insurer's jigsaw under a profile."""
    policy = Policy.of(profile)
    keys = {p.party: {h.kind for h in p.held(policy)} for p in DECLARED}
    serial = IdentifierKind.CARD_SERIAL
    # The channels whose pieces come under the card serial.
    by_serial = [c for c in LIFE_INSURER if serial in keys[c]]
    obtained = tuple(p.name for p in PIECES)
    if len(by_serial) == len(LIFE_INSURER):
        joined, key = obtained, serial
    else:
        # No key common to both channels: the biggest group joined by one identifier.
        groups = {c: tuple(p.name for p in PIECES if p.channel == c) for c in LIFE_INSURER}
        channel = max(groups, key=lambda c: len(groups[c]))
        joined = groups[channel]
        key = serial if channel in by_serial else IdentifierKind.API_SUBJECT
    beyond = tuple(
        p.party for p in DECLARED if p.party not in LIFE_INSURER and key in keys[p.party]
    )
    return Jigsaw(profile, obtained, joined, str(key), beyond)
