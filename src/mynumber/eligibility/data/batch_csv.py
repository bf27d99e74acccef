"""The CSV a facility submits a 一括照会 (batch inquiry) as: its header, encodings and rows."""

from __future__ import annotations

import csv
import io
import unicodedata

from mynumber.eligibility.data.batches import BatchLine
from mynumber.kernel.errors import InvalidInputError

__all__ = ["parse_batch_csv"]

# Column names accepted in the header row: Japanese as clinics write them, or the field names.
_HEADERS = {
    "保険者番号": "insurer_number",
    "記号": "symbol",
    "番号": "number",
    "被保険者番号": "number",
    "枝番": "branch",
    "生年月日": "birth_date",
    "患者id": "arbitrary_identifier",
    "任意識別子": "arbitrary_identifier",
} | {name: name for name in BatchLine.model_fields}
_REQUIRED = {
    "insurer_number": "保険者番号",
    "number": "番号",
    "branch": "枝番",
    "birth_date": "生年月日",
}
_EXPECTED = "保険者番号,記号,番号,枝番,生年月日,患者ID"


def parse_batch_csv(raw: bytes) -> list[BatchLine]:
    """Return the lines of a batch inquiry CSV (UTF-8 with or without BOM, or Shift_JIS).

    The first row names the columns (`保険者番号,記号,番号,枝番,生年月日,患者ID` or the
    BatchLine field names, in any order; 記号 and 患者ID may be left out). Blank rows are
    skipped; a bad value is kept for the inquiry to refuse with its reason.

    Raises:
        InvalidInputError: undecodable text, a wrong header, or a row longer than the header.
    """
    try:
        rows = [row for row in csv.reader(io.StringIO(_decode(raw))) if any(c.strip() for c in row)]
    except csv.Error as error:  # e.g. a carriage return inside a field
        raise InvalidInputError(f"the CSV cannot be read: {error}", code="csv_invalid") from None
    if not rows:
        raise InvalidInputError(f"the CSV is empty: expected {_EXPECTED}", code="csv_invalid")
    fields = _header(rows[0])
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in row[len(fields) :]):
            raise InvalidInputError(
                f"row {number} has {len(row)} columns, the header {len(fields)}",
                code="csv_invalid",
            )
        cells = dict(zip(fields, row, strict=False))
        lines.append(BatchLine.model_validate(cells))
    return lines


def _decode(raw: bytes) -> str:
    # A BOM settles it; otherwise UTF-8, then Shift_JIS as Windows writes it (cp932).
    bom = raw.startswith(b"\xef\xbb\xbf")
    for encoding in ("utf-8",) if bom else ("utf-8", "cp932"):
        try:
            return raw[3:].decode(encoding) if bom else raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError("the CSV is neither UTF-8 nor Shift_JIS", code="csv_encoding")


def _header(row: list[str]) -> list[str]:
    names = [unicodedata.normalize("NFKC", cell).strip().lower() for cell in row]
    unknown = [cell for cell, name in zip(row, names, strict=True) if name not in _HEADERS]
    fields = [_HEADERS.get(name, "") for name in names]
    missing = [label for name, label in _REQUIRED.items() if name not in fields]
    if unknown or missing or len(set(fields)) != len(fields):
        problems = [f"unknown column {', '.join(unknown)}"] if unknown else []
        problems += [f"missing {', '.join(missing)}"] if missing else []
        problems = problems or ["a column is named twice"]
        raise InvalidInputError(
            f"the CSV header must be {_EXPECTED}: {'; '.join(problems)}", code="csv_header_invalid"
        )
    return fields
