"""`mynumber bench network`: brokered queries end to end beside a local point lookup.

A brokered query (情報照会) checks the requester's signature (made before the clock starts, as
the requester's own work), runs every check of the legal table, translates the requester's 符号
to the provider's, reads the provider's 副本 from its intermediate-server partition and writes
the 情報提供等記録 three times (requester, provider, network). The local point lookup is the
provider reading the same 副本 itself: what the network adds is the difference.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from typing import Annotated

import typer

from mynumber.app import System
from mynumber.bench.instance import bench_instance
from mynumber.bench.timing import measure
from mynumber.insurers.data import network_agency_id
from mynumber.intermediate.data import CopyRecord
from mynumber.kernel.clock import today_in_japan
from mynumber.network.data import STATUS_DONE, ExchangeRequest, sign

__all__ = ["run"]

PROVIDER = "municipality:131016"  # 千代田区, holding the tax data
REQUESTER = network_agency_id("39130018")  # 東京都後期高齢者医療広域連合, asking for it (J0001)
TAX_ITEM = "TM00000000000001"  # 地方税関係情報


def run(
    people: Annotated[int, typer.Option(min=10)] = 2_000,
    seconds: Annotated[float, typer.Option(min=1)] = 10,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    reset: Annotated[bool, typer.Option(help="drop every subsystem schema of --db first")] = False,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Measure brokered queries (records written) and the provider's own lookup of the 副本."""
    with bench_instance(db, reset=reset) as instance:
        system = instance.system
        pairs = _network(system, people, seed)
        rng = random.Random(seed)
        today = today_in_japan(system.clock)
        typer.echo(f"{system.database.url.get_backend_name()}, {len(pairs):,} people with 符号")
        requester_key = system.agency_keys.private_key(REQUESTER)

        def brokered() -> float:
            asking, _ = rng.choice(pairs)
            request = ExchangeRequest(
                requester=REQUESTER,
                code=asking,
                procedure="J0001",
                items=(TAX_ITEM,),
                provider=PROVIDER,
                request_id=secrets.token_hex(8),
                requested_at=system.clock.now(),
            )
            request = sign(request, requester_key)
            started = time.perf_counter()
            answer = system.network.query(request=request)
            took = time.perf_counter() - started
            if answer.status != STATUS_DONE:
                raise RuntimeError(f"refused: {answer.message}")
            return took

        def local() -> float:
            _, held = rng.choice(pairs)
            started = time.perf_counter()
            system.intermediate.provide(agency=PROVIDER, code=held, item_code=TAX_ITEM, on=today)
            return time.perf_counter() - started

        measure("brokered query (3 records written)", seconds, brokered)
        measure("local point lookup of the 副本", seconds, local)
        usage = system.network.usage()
        recorded = sum(row.provided + row.refused for row in usage.rows)
        typer.echo(f"network records: {recorded:,} exchanges recorded at the network")


def _network(system: System, people: int, seed: int) -> list[tuple[str, str]]:
    """Two connected agencies, a population with a 符号 at each, a 副本 of tax data for all."""
    today = today_in_japan(system.clock)
    system.synth.populate(seed=seed, people=people, on=today - dt.timedelta(days=800))
    for agency, name in ((PROVIDER, "千代田区"), (REQUESTER, "東京都後期高齢者医療広域連合")):
        key = system.agency_keys.public_key(agency)
        system.network.connect(agency_id=agency, name=name, public_key=key)
    pairs, copies = [], []
    for n, resident in enumerate(system.registry.listing(limit=people), 1):
        codes = {
            agency: system.network.issue_code(
                agency=agency,
                acquisition_number=secrets.token_urlsafe(12),
                resident_code=resident.resident_code,
            ).code
            for agency in (PROVIDER, REQUESTER)
        }
        address = f"{n:015d}"
        system.intermediate.link_code(agency=PROVIDER, address_number=address, code=codes[PROVIDER])
        copies.append(
            CopyRecord(
                address_number=address,
                item_code=TAX_ITEM,
                version=1,
                published_from=today - dt.timedelta(days=30),
                values={"fiscal_year": today.year, "taxable_income": 1_620_000, "exempt": "0"},
            )
        )
        pairs.append((codes[REQUESTER], codes[PROVIDER]))
    system.intermediate.register_copies(agency=PROVIDER, copies=copies)
    return pairs
