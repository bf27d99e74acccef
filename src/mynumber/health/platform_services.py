"""The 予防接種 and PMH services of `LocalHealth`, built when the platform has its links (the
network, J-LIS and the register); without them (a test of prescriptions alone) they refuse."""

from __future__ import annotations

from mynumber.eligibility.api import ClinicSide
from mynumber.health.people import PlatformLinks
from mynumber.health.platform_base import Context, PlatformBase
from mynumber.health.pmh.local import LocalPmh, Pmh
from mynumber.health.vaccinations.local import LocalVaccinations, Vaccinations
from mynumber.kernel.db import Database

__all__ = ["PlatformServices"]


class PlatformServices:
    """Holds the two services, or says why there are none."""

    def __init__(
        self,
        database: Database,
        ctx: Context,
        eligibility: ClinicSide,
        links: PlatformLinks | None,
    ) -> None:
        self._vaccinations: LocalVaccinations | None = None
        self._pmh: LocalPmh | None = None
        self.links = links  # the platform's links, for reads by My Number (None: none)
        if links is not None:
            base = PlatformBase(database, ctx, links)
            self._vaccinations = LocalVaccinations(base, eligibility)
            self._pmh = LocalPmh(database, ctx, links)

    @property
    def vaccinations(self) -> Vaccinations:
        """Return the 予防接種 service."""
        if self._vaccinations is None:
            raise RuntimeError("the platform was built without its links (PlatformLinks)")
        return self._vaccinations

    @property
    def pmh(self) -> Pmh:
        """Return PMH."""
        if self._pmh is None:
            raise RuntimeError("the platform was built without its links (PlatformLinks)")
        return self._pmh
