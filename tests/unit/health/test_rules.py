"""Pure rules of the prescription service: the HPKI hcRole encoding, the duplicate and
interaction check, DER object identifiers."""

from __future__ import annotations

import datetime as dt

from mynumber.health.data import Drug, FindingKind, PractitionerRole
from mynumber.health.prescriptions import der
from mynumber.health.prescriptions.checks import Active, findings, last_day
from mynumber.health.prescriptions.hpki import hc_role_extension

# The subjectDirectoryAttributes of a MEDIS HPKI test certificate (医師): hcRole 1.0.17090.0.1,
# coding scheme 1.2.392.100495.1.6.1.1, "Medical Doctor".
MEDIS_DOCTOR = bytes.fromhex(
    "303430320606288185420001312831263024A0223120A00C060A2A830886910F01060101"
    "A2100C0E4D65646963616C20446F63746F72"
)
DAY = dt.date(2026, 11, 1)


def _drug(code: str, days: int = 14) -> Drug:
    return Drug(yj_code=code, name=code, quantity=1, unit="錠", days=days)


def test_the_hc_role_is_encoded_as_the_medis_certificate_has_it() -> None:
    assert hc_role_extension(PractitionerRole.DOCTOR) == MEDIS_DOCTOR


def test_object_identifiers_round_trip() -> None:
    for dotted in ("1.0.17090.0.1", "1.2.392.100495.1.6.1.1", "2.5.29.9", "1.2.840.113549.1.9.4"):
        assert der.oid_text(der.encode_oid(dotted)) == dotted


def test_a_duplicate_needs_the_same_ingredient_in_overlapping_days() -> None:
    taken = [Active(_drug("2171022F1020", days=14), "1311234566", DAY, "dispensing")]
    same_ingredient = _drug("2171022F2026")
    assert [f.kind for f in findings([same_ingredient], DAY + dt.timedelta(13), 1, taken)] == [
        FindingKind.DUPLICATE
    ]
    assert findings([same_ingredient], DAY + dt.timedelta(14), 1, taken) == []  # the day after
    assert findings([_drug("2171023F1020")], DAY, 1, taken) == []  # another ingredient
    # A refill's later uses reach back: 3 uses of 7 days from 14 days before overlap.
    assert findings([_drug("2171022F1020", days=7)], DAY - dt.timedelta(14), 3, taken)


def test_contraindicated_pairs_match_both_ways() -> None:
    warfarin = [Active(_drug("3332001F1010"), "1311234566", DAY, "prescription")]
    assert [f.kind for f in findings([_drug("6290002X1020")], DAY, 1, warfarin)] == [
        FindingKind.CONTRAINDICATED
    ]
    miconazole = [Active(_drug("6290002X1020"), "1311234566", DAY, "prescription")]
    assert findings([_drug("3332001F1010")], DAY, 1, miconazole)[0].other_facility == "1311234566"


def test_the_last_day_counts_every_use() -> None:
    assert last_day(DAY, [_drug("2171022F1020", days=28)], uses=3) == DAY + dt.timedelta(83)
