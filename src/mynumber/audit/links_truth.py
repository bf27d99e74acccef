"""Scoring the link audit against injected ground truth (正解データ), by (agency, record_id).

The synthetic population writes each link error it injects to
`<data dir>/synth-truth/link-errors.csv` (header
`agency,kind,record_id,linked_my_number,true_resident_code,cause`). The audit's checks never read
it: only the scoring after them does.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from mynumber.audit.links_data import LinkFinding, LinksScore
from mynumber.kernel.errors import DomainError

__all__ = ["TRUTH_COLUMNS", "TruthFileError", "read_truth", "score"]

TRUTH_COLUMNS = (
    "agency", "kind", "record_id", "linked_my_number", "true_resident_code", "cause",
)  # fmt: skip


class TruthFileError(DomainError):
    """The ground-truth file cannot be read as the link errors' CSV."""

    status = 400
    code = "truth_file_invalid"


def read_truth(path: Path) -> set[tuple[str, str]]:
    """Return the (agency, record_id) of every injected error listed in `path`."""
    try:
        with path.open(newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise TruthFileError(f"{path}: cannot be read ({error})") from error
    if not rows or tuple(rows[0]) != TRUTH_COLUMNS:
        raise TruthFileError(f"{path}: the header must be {','.join(TRUTH_COLUMNS)}")
    keys = set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(TRUTH_COLUMNS) or not row[0] or not row[2]:
            raise TruthFileError(f"{path}:{line}: expected {len(TRUTH_COLUMNS)} fields")
        keys.add((row[0], row[2]))
    return keys


def score(findings: Iterable[LinkFinding], truth: set[tuple[str, str]]) -> LinksScore:
    """Return precision and recall of the findings against the truth."""
    found = {(f.agency, f.record_id) for f in findings}
    return LinksScore(truth=len(truth), found=len(found), true_positives=len(found & truth))
