"""`mynumber bench …`: heavy measurements that print their figures (never part of the tests).

Each command builds its own instance through the composition root (`mynumber.app`; SQLite in a
temporary directory unless --db) and measures it through the subsystems' public `api` and `data`
only, in process or over loopback HTTP against `mynumber serve` (`server`). The people it
measures with are made in `population`. Only `mynumber.cli` loads this package, and only when
`mynumber bench` runs.
"""

from __future__ import annotations

import typer

from mynumber.bench import (
    audit_links,
    batch,
    bundle_store,
    bundles,
    eligibility,
    jpki,
    network,
    prescriptions,
    synth,
    verify,
)

__all__ = ["app"]

app = typer.Typer(help="Benchmarks: they print throughput figures.", no_args_is_help=True)
# In this order, the order `mynumber bench --help` lists them.
app.command("eligibility")(eligibility.run)
app.command("verify")(verify.run)
app.command("batch")(batch.run)
app.command("synth")(synth.run)
app.command("jpki")(jpki.run)
app.command("network")(network.run)
app.command("bundles")(bundles.run)
app.command("bundle-store")(bundle_store.run)
app.command("prescriptions")(prescriptions.run)
app.command("audit")(audit_links.run)
