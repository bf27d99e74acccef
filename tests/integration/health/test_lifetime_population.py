"""The population's figures, read a page at a time through each system's batch api, are those of
each person's lifetime record read one by one, and leave the same reads in each person's logs:
the patient of `test_lifetime` (two insurers, a prescription, a Bundle, a vaccination), the
doctor with no record, and a person the care platform insures (certified 要介護2)."""

from __future__ import annotations

from collections import Counter

from mynumber.app import System
from mynumber.health.lifetime import lifetime_record
from mynumber.health.lifetime_data import distribution
from mynumber.health.lifetime_population import population_stats, summaries
from mynumber.portal.data import Source

from ..care.helpers import certified_scene
from .test_lifetime import ACTOR, _lived, _sources


def test_the_batch_figures_are_those_of_each_record(system: System) -> None:
    w = _lived(system)
    elder = certified_scene(system)
    sources = _sources(system)
    residents = system.registry.listing(limit=10)
    assert len(residents) == 3

    batch = summaries(sources, residents, actor=ACTOR)
    one_by_one = [
        lifetime_record(sources, resident_code=r.resident_code, actor=ACTOR).summary
        for r in residents
    ]
    assert batch == one_by_one
    cared = one_by_one[[r.resident_code for r in residents].index(elder.resident.resident_code)]
    patient = one_by_one[[r.resident_code for r in residents].index(w.resident.resident_code)]
    assert cared.items >= 3 and (patient.items, patient.facilities) == (9, 3)

    found = population_stats(sources, actor=ACTOR)
    assert (found.persons, found.items) == (3, sum(s.items for s in one_by_one))
    assert found.with_records == sum(1 for s in one_by_one if s.years_spanned)
    assert found.years_spanned == distribution([s.years_spanned for s in one_by_one])
    assert found.facilities == distribution([s.facilities for s in one_by_one])
    assert found.insurers == distribution([s.insurers for s in one_by_one])


def test_a_batch_read_is_logged_as_each_record_read(system: System) -> None:
    w = _lived(system)
    elder = certified_scene(system)
    sources = _sources(system)
    code = w.resident.resident_code

    def logged() -> tuple[int, int, list[tuple[str, str]]]:
        shown = system.portal.timeline(resident_code=code).entries
        platform = [e for e in shown if e.source is Source.HEALTH and e.who == f"運用者 {ACTOR}"]
        care = system.care.access_records(insured_number=elder.insured.insured_number)
        return len(platform), len(care), sorted((e.source.value, e.who, e.what) for e in shown)

    before = logged()
    residents = system.registry.listing(limit=10, actor=ACTOR)  # as population_stats reads them
    summaries(sources, residents, actor=ACTOR)
    batched = logged()
    lifetime_record(sources, resident_code=code, actor=ACTOR)
    lifetime_record(sources, resident_code=elder.resident.resident_code, actor=ACTOR)
    single = logged()
    # The platform's reads (under each insured number and the 符号) and the care platform's.
    assert batched[0] - before[0] == single[0] - batched[0] == 3
    assert batched[1] - before[1] == single[1] - batched[1] == 1
    # Every read the person sees after the batch, they see again after the single read; the
    # register's read of them is the listing's there, `get`'s here.
    listed = ("registry", f"機関 {ACTOR}", "一覧で閲覧")
    got = ("registry", f"機関 {ACTOR}", "住民票を閲覧")
    by_batch, by_record = _added(before[2], batched[2]), _added(batched[2], single[2])
    assert (by_batch.pop(listed), by_record.pop(got)) == (1, 1)
    assert len(by_batch) >= 5 and by_batch == by_record


def _added(before: list[tuple[str, str, str]], after: list[tuple[str, str, str]]) -> Counter:
    """The timeline entries after that were not there before (by source, who and what)."""
    return Counter(after) - Counter(before)
