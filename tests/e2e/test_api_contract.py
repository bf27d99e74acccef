"""The API keeps its own contract: schemathesis, with every check it has, against the real server.

Requests are generated from the server's own OpenAPI (valid ones and, in the coverage phase,
invalid ones), sent over loopback with valid credentials for each caller kind, and each answer is
checked against the OpenAPI: no server error, only documented statuses, content types, headers
and bodies, valid input accepted, invalid input refused, the `Allow` header right, and
authentication enforced where the OpenAPI says it is. Instances are seeded (residents with
insurance, cards, a facility with a terminal, a relying party) so operations can succeed.

The default run keeps examples few; `pytest -m fuzz tests/e2e/test_api_contract.py` runs long
(MYNUMBER_FUZZ_EXAMPLES examples per operation, 300 unless set).
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.config import SchemathesisConfig

from mynumber.app import System
from mynumber.employment.routes import INSURED_NUMBER_FORMAT
from mynumber.employment.rules import format_number, number_of
from mynumber.health.pmh.numbers import INSURER_NUMBER_FORMAT, RECIPIENT_NUMBER_FORMAT, with_check
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from ..api_callers import Callers, seed_instance

FUZZ_EXAMPLES = int(os.environ.get("MYNUMBER_FUZZ_EXAMPLES", "300"))


def _identifiers(kind: IdentifierKind, known: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """Valid identifiers of a kind (check digit right); ones the instance holds when known."""
    fresh = st.integers(0, 2**32).map(lambda seed: CODECS[kind].generate(random.Random(seed)))
    return st.one_of(st.sampled_from(known), fresh) if known else fresh


# ハローワーク's 被保険者番号 (4-6-1, 7DR check digit), formatted as its OpenAPI says.
INSURED_NUMBERS = st.integers(1, 999_999).map(
    lambda serial: format_number(number_of("1301", serial))
)
schemathesis.openapi.format(INSURED_NUMBER_FORMAT, INSURED_NUMBERS)
# PMH's 公費負担者番号 (法別, 都道府県 01–47, 実施機関, 検証番号) and 公費受給者番号.
schemathesis.openapi.format(
    INSURER_NUMBER_FORMAT,
    st.tuples(st.integers(10, 99), st.integers(1, 47), st.integers(0, 999)).map(
        lambda t: with_check(f"{t[0]:02d}{t[1]:02d}{t[2]:03d}")
    ),
)
schemathesis.openapi.format(
    RECIPIENT_NUMBER_FORMAT, st.integers(0, 999_999).map(lambda n: with_check(f"{n:06d}"))
)
IDENTIFIER_FORMATS = frozenset({
    *(kind.value for kind in IdentifierKind), INSURED_NUMBER_FORMAT, INSURER_NUMBER_FORMAT,
    RECIPIENT_NUMBER_FORMAT,
})  # fmt: skip
# Check digits are beyond JSON Schema: the OpenAPI names each identifier's format, and the
# generator makes valid ones (a pattern still bounds what the format may be).
for _kind in IdentifierKind:
    schemathesis.openapi.format(_kind.value, _identifiers(_kind))
# An OCSP request is DER; any bytes are a request the responder answers (malformedRequest).
schemathesis.openapi.media_type("application/ocsp-request", st.binary(max_size=200))


# Rules across fields that JSON Schema cannot state; their OpenAPI descriptions say them, and
# the API refuses them with 422 and a reason. Everything else valid must be accepted.
CROSS_FIELD_RULES = {
    "/api/registry/residents/search": "name, kana or birth_date: at least one",
    "/api/eligibility/disasters": "ends on or after starts",
    "/api/health/pmh/subsidies": "valid_to on or after valid_from",
    "/api/municipality/residents/{resident_code}/nursery-fee": "former or parents_income_levy",
    "/api/health/bundles": "a JP-CLINS Bundle: the profile's rules are beyond JSON Schema",
}
_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def _config(examples: int) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "checks": {"enabled": True},
            "operations": [
                {
                    "include-path": path,
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, "422"]}
                    },
                }
                for path in CROSS_FIELD_RULES
            ],
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
            },
            "generation": {"max-examples": examples, "mode": "all"},
        }
    )


@pytest.fixture
def callers(system: System, server: str) -> Callers:
    """Seed the served instance and return its callers' credentials."""
    seeded = seed_instance(system)
    known = {
        IdentifierKind.RESIDENT_CODE: seeded.residents,
        IdentifierKind.FACILITY_CODE: (seeded.facility_code,),
    }
    for kind, codes in known.items():
        schemathesis.openapi.format(kind.value, _identifiers(kind, codes))
    return seeded


def _formats_over_patterns(node: Any) -> None:
    """Let an identifier's format stand for its pattern, so examples come from the format's
    generator (schemathesis draws coverage examples from a pattern when one is there)."""
    if isinstance(node, dict):
        if node.get("format") in IDENTIFIER_FORMATS:
            node.pop("pattern", None)
        for value in node.values():
            _formats_over_patterns(value)
    elif isinstance(node, list):
        for item in node:
            _formats_over_patterns(item)


def _schema(server: str, callers: Callers, examples: int) -> Any:
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json", config=_config(examples))
    _formats_over_patterns(schema.raw_schema)

    @schema.auth(refresh_interval=None)
    class _EveryCaller:
        """Give each operation the credentials of the caller kind its OpenAPI names."""

        def get(self, case: Case, context: Any) -> dict[str, str]:
            operation = context.operation
            return callers.headers_for(operation.definition.raw.get("security"), operation.path)

        def set(self, case: Case, data: dict[str, str], context: Any) -> None:
            case.headers = {**(case.headers or {}), **data}

    return schema


@pytest.fixture
def api_schema(server: str, callers: Callers) -> Any:
    """The server's OpenAPI, bounded for the default run."""
    return _schema(server, callers, examples=int(os.environ.get("MYNUMBER_CONTRACT_EXAMPLES", "8")))


@pytest.fixture
def fuzz_schema(server: str, callers: Callers) -> Any:
    """The server's OpenAPI, for the long run."""
    return _schema(server, callers, examples=FUZZ_EXAMPLES)


@pytest.fixture
def session(callers: Callers) -> Iterator[Any]:
    """An HTTP session that signs terminal requests."""
    with callers.session() as opened:
        yield opened


contract = schemathesis.pytest.from_fixture("api_schema")
long_contract = schemathesis.pytest.from_fixture("fuzz_schema")
_SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
# The default run in three tests of about equal time (as measured), so pytest-xdist spreads
# them over its workers and none runs for minutes; the third takes every operation the first two
# do not, so an operation added later is never left out.
_FIRST = r"^/(api/)?(eligibility|healthz)(/|$)"
_SECOND = r"^/(api/)?(health|registry|intermediate)(/|$)"


@contract.include(path_regex=_FIRST).parametrize()
@_SETTINGS
def test_eligibility_keeps_the_contract(case: Case, session: Any) -> None:
    """Each generated request is answered as the OpenAPI says, for every caller kind."""
    case.call_and_validate(session=session, timeout=30)


@contract.include(path_regex=_SECOND).parametrize()
@_SETTINGS
def test_health_registry_and_intermediate_keep_the_contract(case: Case, session: Any) -> None:
    """The same, for the health platform, the registry and the intermediate servers."""
    case.call_and_validate(session=session, timeout=30)


@contract.exclude(path_regex=_FIRST).exclude(path_regex=_SECOND).parametrize()
@_SETTINGS
def test_every_other_operation_keeps_the_contract(case: Case, session: Any) -> None:
    """The same, for every other operation (portal, JPKI, municipality, pension, care…)."""
    case.call_and_validate(session=session, timeout=30)


@pytest.mark.fuzz
@long_contract.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_the_contract_long(case: Case, session: Any) -> None:
    """The same, with many more examples and a random seed (the long fuzz)."""
    case.call_and_validate(session=session, timeout=30)


def test_identifier_strategies_make_valid_identifiers() -> None:
    """The generators the fuzz uses for identifier formats give valid check digits."""
    rng = random.Random(3)
    for kind in IdentifierKind:
        assert CODECS[kind].is_valid(CODECS[kind].generate(rng))


@pytest.mark.fuzz
def test_sequences_of_calls_keep_the_contract(fuzz_schema: Any, session: Any) -> None:
    """Chains of calls linked by the OpenAPI (stateful phase): each answer keeps the contract."""

    class Sequences(fuzz_schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"session": session, "timeout": 30}

    Sequences.run(
        settings=settings(
            # No shrinking: a live server's state makes a replayed sequence draw differently.
            phases=(Phase.explicit, Phase.generate),
            max_examples=max(FUZZ_EXAMPLES // 10, 1),
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
