"""The identifier patterns of JP-CLINS, on values the guide accepts and refuses."""

from __future__ import annotations

import re

import pytest

from mynumber.health.ehr.codes import (
    BUNDLE_IDENTIFIER_PATTERN,
    INSTITUTION_NUMBER_PATTERN,
    INSURED_ID_PATTERN,
    JLAC10_PATTERN,
    TIMESTAMP_PATTERN,
)

CASES = [
    (BUNDLE_IDENTIFIER_PATTERN, "1318814790^2024^0123-IDa-0001", True),
    (BUNDLE_IDENTIFIER_PATTERN, "1311234567^2039^" + "A" * 36, True),
    (BUNDLE_IDENTIFIER_PATTERN, "1311234567^2039^" + "A" * 37, False),  # 36 at most
    (BUNDLE_IDENTIFIER_PATTERN, "1311234567^2040^A", False),  # the year is 2020–2039
    (BUNDLE_IDENTIFIER_PATTERN, "1341234567^2026^A", False),  # 点数表 is 1–3
    (BUNDLE_IDENTIFIER_PATTERN, "5311234567^2026^A", False),  # 都道府県 starts 0–4
    (BUNDLE_IDENTIFIER_PATTERN, "1311234567^2026^A_B", False),
    (BUNDLE_IDENTIFIER_PATTERN, "1311234567^06139993:12:345:00^A", False),  # the older form
    (INSTITUTION_NUMBER_PATTERN, "4731234567", True),
    (INSTITUTION_NUMBER_PATTERN, "131123456", False),
    (INSURED_ID_PATTERN, "06139993:12:345:00", True),
    (INSURED_ID_PATTERN, "00012345:あいう:１８７:01", True),  # the guide's example, full width
    (INSURED_ID_PATTERN, "39131019::12345678:", True),  # no 記号, no 枝番 (後期高齢者)
    (INSURED_ID_PATTERN, "06139993:1 2:345:00", False),  # no spaces
    (INSURED_ID_PATTERN, "06139993:12:345　:00", False),  # nor full-width ones
    (INSURED_ID_PATTERN, "0613999:12:345:00", False),
    (INSURED_ID_PATTERN, "06139993:12:345:0", False),
    (JLAC10_PATTERN, "3A015000001827101", True),
    (JLAC10_PATTERN, "3A01500000182710", False),
    (TIMESTAMP_PATTERN, "2021-02-01T13:28:17.239+09:00", True),
    (TIMESTAMP_PATTERN, "2021-02-01T04:28:17.239Z", True),
    (TIMESTAMP_PATTERN, "2021-02-01T13:28:17+09:00", False),
    (TIMESTAMP_PATTERN, "2021-02-01T13:28:17.239", False),
]


@pytest.mark.parametrize(("pattern", "value", "accepted"), CASES)
def test_pattern(pattern: str, value: str, accepted: bool) -> None:
    assert bool(re.match(pattern, value)) is accepted
