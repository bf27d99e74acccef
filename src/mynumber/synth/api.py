"""The synth subsystem's public surface: the `Synth` protocol and its in-process implementation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from mynumber.care.api import Care
from mynumber.eligibility.api import Eligibility
from mynumber.employment.api import Employment
from mynumber.facility.api import Facilities
from mynumber.health.api import Health, Vaccinations
from mynumber.insurers.api import Insurers
from mynumber.jpki.api import Jpki
from mynumber.kernel.clock import TravellingClock
from mynumber.municipality.api import Municipality
from mynumber.pension.api import Pension
from mynumber.registry.api import Registry
from mynumber.synth import cards as cards_service
from mynumber.synth import care as care_synth
from mynumber.synth import claims, hellowork, lives, municipal, pensions, service, traffic
from mynumber.synth import health_records as health_records_synth
from mynumber.synth import vaccinations as vaccination_synth
from mynumber.synth.accounts import populate_accounts
from mynumber.synth.data import (
    CareReport,
    ClaimsReport,
    EmploymentReport,
    HealthRecordsReport,
    LivesReport,
    MunicipalReport,
    PensionReport,
    SynthReport,
    TrafficReport,
    VaccinationReport,
)
from mynumber.synth.facilities import facility_catalogue
from mynumber.synth.insurers import insurer_catalogue
from mynumber.synth.link_errors import truth_path
from mynumber.synth.lives import reusing_reads
from mynumber.synth.loading import Covered

# populate_accounts takes the portal, which the synth is not built with (the demo calls it).
__all__ = ["LocalSynth", "Synth", "populate_accounts", "reusing_reads", "truth_path"]


class Synth(Protocol):
    """Generate a synthetic population, deterministic from a seed, and register it."""

    def populate(
        self,
        *,
        seed: int,
        people: int,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> SynthReport:
        """Register `people` synthetic residents as moved in on `on`; return what was made.

        The same seed, count and date give the same people. progress, if given, is called
        with the number of people registered so far after each batch.
        """
        ...

    def create_insurers(self) -> int:
        """Add the synthetic insurer catalogue (those not yet present); return how many."""
        ...

    def create_facilities(self) -> int:
        """Add the synthetic facility catalogue (those not yet present); return how many."""
        ...

    def populate_lives(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None,
        link_error_rate: float | None = None,
    ) -> LivesReport:  # fmt: skip
        """Give every registered resident an insurance life up to `on` (job changes, marriage,
        dependants, retirement, 後期 at 75), enrolled through the insurers in chronological
        batches; for a register whose residents have no memberships yet. Adds the insurer
        catalogue first. progress gets (enrolments and losses loaded, of how many). Wrong-person
        links are injected at the 総点検's rate, or `link_error_rate` (`synth.link_errors`).
        """
        ...

    def register_cards(self, cards: Sequence[tuple[str, str]], *, share: float = 0.7) -> int:
        """利用登録 of about `share` of these (card id, auth PIN) cards, chosen evenly along the
        list, through the card's own signature; return how many were registered."""
        ...

    def populate_claims(
        self,
        *,
        seed: int,
        on: dt.date,
        facility_codes: Sequence[tuple[str, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> ClaimsReport:
        """Send a year of claims and 特定健診 results up to `on` for the covered people, at these
        (facility code, kind) clinics and pharmacies (none given: one clinic and one pharmacy per
        prefecture). progress gets (people done, of how many).
        """
        ...

    def populate_municipal(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None
    ) -> MunicipalReport:
        """Give every municipality its 宛名 system, two years of incomes following the working
        lives of `seed` and the 住民税 of the two fiscal years up to `on`. progress gets
        (municipalities done, of how many)."""
        ...

    def populate_pension(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None,
        link_error_rate: float | None = None,
    ) -> PensionReport:  # fmt: skip
        """Give the pension service records following the working lives of `seed` (第1・2・3号
        spells), award the pensions of those 65 and over by `on` and pay the even months since
        the January of the year before. progress gets (people done, of how many)."""
        ...

    def populate_employment(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None
    ) -> EmploymentReport:
        """Give ハローワーク the coverage of the working lives of `seed` (employees outside the
        共済) and decide the benefits of those who left for no job in the two years before
        `on`. progress gets (people done, of how many)."""
        ...

    def populate_care(
        self,
        *,
        care: Care,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
    ) -> CareReport:
        """Give the care platform (passed in: it came after the synth) the population's elders:
        insured at 65, certified by rates of age ⚠, with plans, claims and 負担割合. progress
        gets (municipalities done, of how many)."""
        ...

    def populate_vaccinations(
        self,
        *,
        vaccinations: Vaccinations,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
    ) -> VaccinationReport:
        """Record the children's routine vaccinations (a simplified schedule ⚠) with the medical
        information platform (passed in). progress gets (municipalities done, of how many)."""
        ...

    def populate_health_records(
        self,
        *,
        health: Health,
        seed: int,
        on: dt.date,
        facility_codes: Sequence[tuple[str, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> HealthRecordsReport:
        """Give the medical information platform (passed in) the 電子処方箋 and 調剤結果 of the
        claims `populate_claims` sent with the same seed and facilities, and 退院時サマリー /
        診療情報提供書 Bundles for some of their stays (入院); shares of adopting facilities ⚠.
        progress gets (people done, of how many)."""
        ...

    def run_network_traffic(
        self,
        *,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
        care: Care | None = None,
    ) -> TrafficReport:
        """Leave a year of real exchanges on the network, each month's dated then (the clock
        goes back to it): every municipality's 副本 of the years in publication, each 広域連合's
        負担割合 decisions (flow 1), a few moved families' 保育料 (flow 2), and with the care
        platform (passed in, as to `populate_care`) each month's new 65-year-olds insured.
        progress gets (months done, of 12)."""
        ...


class LocalSynth:
    """The synth running in this process, registering through a `Registry`."""

    def __init__(
        self,
        *,
        registry: Registry,
        insurers: Insurers,
        facilities: Facilities | None = None,
        eligibility: Eligibility | None = None,
        jpki: Jpki | None = None,
        municipality: Municipality | None = None,
        pension: Pension | None = None,
        employment: Employment | None = None,
        clock: TravellingClock | None = None,
        truth_dir: Path | None = None,
    ) -> None:
        self._registry = registry
        # Where the injected link errors' truth is written (None: nowhere).
        self._truth = None if truth_dir is None else truth_path(truth_dir)
        self._clock = clock  # the instance's: the traffic dates each month's exchanges
        self._insurers = insurers
        self._facilities = facilities
        self._eligibility, self._jpki = eligibility, jpki
        self._municipality = municipality
        self._pension = pension
        self._employment = employment
        self._covered: list[Covered] | None = None  # from the last populate_lives, for claims

    def create_insurers(self) -> int:
        existing = {i.number for i in self._insurers.list_insurers()}
        added = [i for i in insurer_catalogue() if i.number not in existing]
        for insurer in added:
            self._insurers.add_insurer(insurer=insurer)
        return len(added)

    def populate(
        self,
        *,
        seed: int,
        people: int,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> SynthReport:
        return service.populate(
            registry=self._registry, seed=seed, people=people, on=on, progress=progress
        )

    def create_facilities(self) -> int:
        if self._facilities is None:
            raise RuntimeError("this synth was built without the facilities")
        existing = {f.code for f in self._facilities.list_facilities()}
        added = [f for f in facility_catalogue() if f.code not in existing]
        for facility in added:
            self._facilities.add_facility(facility=facility)
        return len(added)

    def populate_lives(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None,
        link_error_rate: float | None = None,
    ) -> LivesReport:  # fmt: skip
        self.create_insurers()
        report, self._covered = lives.populate_lives(
            registry=self._registry, insurers=self._insurers, seed=seed, on=on, progress=progress,
            link_error_rate=link_error_rate, truth=self._truth,
        )  # fmt: skip
        return report

    def register_cards(self, cards: Sequence[tuple[str, str]], *, share: float = 0.7) -> int:
        eligibility, jpki = self._needs_eligibility(), self._jpki
        if jpki is None:
            raise RuntimeError("this synth was built without J-LIS")
        return cards_service.register(eligibility, jpki, cards, share=share)

    def populate_claims(
        self,
        *,
        seed: int,
        on: dt.date,
        facility_codes: Sequence[tuple[str, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> ClaimsReport:
        eligibility = self._needs_eligibility()
        covered = self._covered
        if covered is None:  # another process made the lives: read them back (slower)
            covered = lives.covered_from_history(self._registry, eligibility, on=on)
        figures = claims.load(
            eligibility,
            covered,
            seed=seed,
            on=on,
            facilities=facility_codes or claims.builtin_facilities(),
            total=len(covered),
            progress=progress,
        )
        return ClaimsReport.model_validate(figures)

    def populate_municipal(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None
    ) -> MunicipalReport:
        if self._municipality is None:
            raise RuntimeError("this synth was built without the municipalities")
        return municipal.populate_municipal(
            registry=self._registry,
            municipality=self._municipality,
            seed=seed,
            on=on,
            progress=progress,
        )

    def populate_pension(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None,
        link_error_rate: float | None = None,
    ) -> PensionReport:  # fmt: skip
        if self._pension is None:
            raise RuntimeError("this synth was built without the pension service")
        return pensions.populate_pension(
            registry=self._registry, pension=self._pension, seed=seed, on=on, progress=progress,
            link_error_rate=link_error_rate, truth=self._truth,
        )  # fmt: skip

    def populate_employment(
        self, *, seed: int, on: dt.date, progress: Callable[[int, int], None] | None = None
    ) -> EmploymentReport:
        if self._employment is None:
            raise RuntimeError("this synth was built without ハローワーク")
        return hellowork.populate_employment(
            registry=self._registry,
            employment=self._employment,
            seed=seed,
            on=on,
            progress=progress,
        )

    def populate_care(
        self,
        *,
        care: Care,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
    ) -> CareReport:
        return care_synth.populate_care(
            registry=self._registry, care=care, seed=seed, on=on, progress=progress,
            municipality=self._municipality,
        )  # fmt: skip

    def populate_vaccinations(
        self,
        *,
        vaccinations: Vaccinations,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
    ) -> VaccinationReport:
        return vaccination_synth.populate_vaccinations(
            registry=self._registry, vaccinations=vaccinations, seed=seed, on=on,
            progress=progress,
        )  # fmt: skip

    def populate_health_records(
        self,
        *,
        health: Health,
        seed: int,
        on: dt.date,
        facility_codes: Sequence[tuple[str, str]],
        progress: Callable[[int, int], None] | None = None,
    ) -> HealthRecordsReport:
        covered = self._covered
        if covered is None:  # another process made the lives: read them back (slower)
            covered = lives.covered_from_history(self._registry, self._needs_eligibility(), on=on)
        return health_records_synth.populate_health_records(
            health=health, covered=covered, seed=seed, on=on,
            facilities=facility_codes or claims.builtin_facilities(), total=len(covered),
            progress=progress,
        )  # fmt: skip

    def run_network_traffic(
        self,
        *,
        seed: int,
        on: dt.date,
        progress: Callable[[int, int], None] | None = None,
        care: Care | None = None,
    ) -> TrafficReport:
        if self._municipality is None or self._clock is None:
            raise RuntimeError("this synth was built without the municipalities or its clock")
        covered = self._covered
        if covered is None:  # another process made the lives: read them back (slower)
            covered = lives.covered_from_history(self._registry, self._needs_eligibility(), on=on)
        return traffic.run_traffic(
            registry=self._registry,
            insurers=self._insurers,
            municipality=self._municipality,
            covered=covered,
            seed=seed,
            on=on,
            clock=self._clock,
            progress=progress,
            care=care,
        )

    def _needs_eligibility(self) -> Eligibility:
        if self._eligibility is None:
            raise RuntimeError("this synth was built without the eligibility system")
        return self._eligibility
