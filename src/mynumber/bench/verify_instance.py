"""The instance `mynumber bench verify` measures, built set-wise: residents, their memberships
and registered cards, a million of them in minutes.

Residents come from the synthetic register (`synth.populate`), memberships from the insurers'
batch enrolment (`enrol_many`: 符号 obtained through J-LIS for the batch, the rows written in a
few statements, reported to eligibility in messages of 500 memberships each). Cards are issued
by the thousand (`jpki.issue_bench_cards`, ⚠ key pairs from a pool) and registered (利用登録)
at the bench clinic's face-recognition reader, a batch of proofs at a time
(`eligibility.register_cards`): J-LIS verifies every card and says whose it is, as for one.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import time
from collections.abc import Sequence
from typing import Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mynumber.app import System
from mynumber.bench.population import CLINIC, enrol_population
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    ReaderMethod,
    ReaderResult,
    TerminalRegistration,
)
from mynumber.insurers.data import Membership
from mynumber.kernel.clock import today_in_japan
from mynumber.registry.data import Resident

__all__ = ["BenchCardHeld", "build_instance", "new_terminal", "register_bench_cards"]

CARD_BATCH = 1_000
SAMPLES = 20_000  # insured numbers kept for checks by number
BenchCardHeld = tuple[str, str, bytes]  # card id, auth PIN, auth certificate (DER)
Reader = tuple[str, Ed25519PrivateKey]  # the bench reader's terminal id and key


def build_instance(
    system: System, *, people: int, members: int, cards: int, seed: int
) -> dict[str, Any]:
    """Build the instance and return what the bench remembers of it (the state file's body)."""
    started = time.perf_counter()
    typer.echo(f"building {people:,} people, {members:,} members and {cards:,} cards …", err=True)
    enrolled = enrol_population(system, people, seed, members)
    typer.echo(f"  memberships done in {time.perf_counter() - started:,.0f} s", err=True)
    held = register_bench_cards(system, enrolled, cards)
    typer.echo(f"  built in {time.perf_counter() - started:,.0f} s", err=True)
    sample = random.Random(seed).sample(enrolled, min(SAMPLES, len(enrolled)))
    numbers = [
        {
            "insurer_number": m.insured.insurer_number,
            "symbol": m.insured.symbol,
            "number": m.insured.number,
            "branch": m.insured.branch,
            "birth_date": r.birth_date.isoformat(),
        }
        for r, m in sample
    ]
    return {
        "people": people,
        "members": members,
        "cards": cards,
        "numbers": numbers,
        "certificates": [base64.b64encode(der).decode() for _, _, der in held],
        "visit_date": today_in_japan(system.clock).isoformat(),
    }


def register_bench_cards(
    system: System, enrolled: Sequence[tuple[Resident, Membership]], count: int
) -> list[BenchCardHeld]:
    """Issue bench cards to up to `count` adult members and register each (利用登録) at the
    bench clinic's reader, a batch at a time; return (card id, auth PIN, certificate)."""
    today = today_in_japan(system.clock)
    adults = [r for r, _ in enrolled if (today - r.birth_date).days > 20 * 366][:count]
    reader = new_terminal(system, "R")
    started, held = time.perf_counter(), []
    for start in range(0, len(adults), CARD_BATCH):
        codes = [r.resident_code for r in adults[start : start + CARD_BATCH]]
        issued = system.jpki.issue_bench_cards(resident_codes=codes)
        challenges = system.eligibility.new_challenges(count=len(issued))
        proofs = [
            _proof(reader, card.auth_certificate, challenge, system.clock.now())
            for card, challenge in zip(issued, challenges, strict=True)
        ]
        system.eligibility.register_cards(proofs=proofs)
        held += [(c.card_id, c.pins.auth, c.auth_certificate) for c in issued]
        rate = len(held) / (time.perf_counter() - started)
        typer.echo(f"  cards issued and registered {len(held):,} ({rate:,.0f}/s)", err=True)
    return held


def new_terminal(system: System, kind: str) -> Reader:
    """Register a terminal of the bench clinic with a fresh key (kind "R": the build's reader,
    "B": a run's terminal); return its id and key."""
    key = Ed25519PrivateKey.generate()
    terminal_id = f"{CLINIC}-{kind}{random.randrange(10**8):08d}"
    system.eligibility.register_terminal(
        terminal=TerminalRegistration(
            terminal_id=terminal_id,
            facility_code=CLINIC,
            public_key=key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        )
    )
    return terminal_id, key


def _proof(reader: Reader, certificate: bytes, challenge: bytes, at: dt.datetime) -> CardProof:
    """Return the reader's proof that the holder is present: face matched, for this card."""
    terminal_id, key = reader
    result = ReaderResult(
        terminal_id=terminal_id,
        method=ReaderMethod.FACE,
        matched=True,
        certificate_digest=hashlib.sha256(certificate).hexdigest(),
        challenge=challenge,
        signed_at=at.replace(microsecond=0),
        signature=b"",
    )
    result = result.model_copy(update={"signature": key.sign(result.signed_bytes())})
    return CardProof(
        facility_code=CLINIC,
        authentication=CardAuthentication(certificate=certificate, challenge=challenge),
        reader=result,
    )
