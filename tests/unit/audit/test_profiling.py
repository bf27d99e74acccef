"""The life insurer's jigsaw: every piece joined by the card serial under the real rules; under
the safeguards the API's pieces join only each other, by an identifier no one else holds."""

from __future__ import annotations

from typer.testing import CliRunner

from mynumber.audit.cli import app
from mynumber.audit.profiling import PIECES, jigsaw
from mynumber.kernel.policy import PolicyProfile


def test_the_real_rules_join_every_piece_under_the_serial() -> None:
    real = jigsaw(PolicyProfile.REAL)
    assert set(real.joined) == {p.name for p in PIECES}
    assert real.key == "card_serial" and "eligibility" in real.beyond


def test_the_safeguards_leave_the_api_pieces_joined_by_a_key_of_their_own() -> None:
    safe = jigsaw(PolicyProfile.SAFEGUARDED)
    assert set(safe.joined) == {p.name for p in PIECES if p.channel == "api_client"}
    assert safe.key == "api_subject" and safe.beyond == ()


def test_the_cli_draws_both_jigsaws() -> None:
    out = CliRunner().invoke(app, ["profile"])
    assert out.exit_code == 0, out.output
    assert out.output.count("▨ obtained, not joined") == 2  # the relying party's two pieces
