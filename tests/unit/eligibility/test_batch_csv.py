"""The 一括照会 CSV: encodings, headers in Japanese or English, rows kept as written."""

from __future__ import annotations

import pytest

from mynumber.eligibility.data import BatchLine, parse_batch_csv
from mynumber.kernel.errors import InvalidInputError

ROWS = "01130012,1000,7,00,19800401,受付の山田\r\n01130012,,8,1,1980-02-30,\r\n"


@pytest.mark.parametrize(
    "raw",
    [
        ("保険者番号,記号,番号,枝番,生年月日,患者ID\r\n" + ROWS).encode("cp932"),
        b"\xef\xbb\xbf" + ("保険者番号,記号,番号,枝番,生年月日,患者ID\n" + ROWS).encode(),
        ("insurer_number,symbol,number,branch,birth_date,arbitrary_identifier\n" + ROWS).encode(),
    ],
    ids=["shift_jis", "utf-8 with BOM", "field names"],
)
def test_lines_are_read_as_written(raw: bytes) -> None:
    assert parse_batch_csv(raw) == [
        BatchLine(
            insurer_number="01130012",
            symbol="1000",
            number="7",
            branch="00",
            birth_date="19800401",
            arbitrary_identifier="受付の山田",
        ),
        BatchLine(insurer_number="01130012", number="8", branch="1", birth_date="1980-02-30"),
    ]


def test_columns_may_come_in_any_order_and_optional_ones_be_left_out() -> None:
    raw = "生年月日,枝番,番号,保険者番号\n19800401,00,7,01130012\n\n".encode()
    assert parse_batch_csv(raw) == [
        BatchLine(insurer_number="01130012", number="7", branch="00", birth_date="19800401")
    ]


@pytest.mark.parametrize(
    ("raw", "code", "says"),
    [
        ("氏名,生年月日\n山田,19800401\n".encode(), "csv_header_invalid", "保険者番号, 番号, 枝番"),
        (b"", "csv_invalid", "empty"),
        ("保険者番号,番号,枝番,生年月日\n1,2,3,4,5\n".encode(), "csv_invalid", "row 2"),
        (b"\xef\xbb\xbf\xff\xfe", "csv_encoding", "UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(raw: bytes, code: str, says: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_batch_csv(raw)
    assert refused.value.code == code and says in refused.value.reason


def test_a_carriage_return_inside_a_field_is_refused_not_a_server_error() -> None:
    raw = "保険者番号,記号,番号,枝番,生年月日,患者ID\n06132013,A\rB,1,00,1990-01-01,\n".encode()
    with pytest.raises(InvalidInputError) as refused:
        parse_batch_csv(raw)
    assert refused.value.code == "csv_invalid"
