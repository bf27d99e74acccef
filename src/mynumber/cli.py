"""The `mynumber` command: demo, serve, synth, ids and each subsystem's sub-commands."""

from __future__ import annotations

import os
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.cliutil import print_json, refusals
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import DomainError
from mynumber.kernel.lazycli import LazyCommand, lazy_group
from mynumber.kernel.policy import POLICY_ENV, Policy, PolicyProfile
from mynumber.kernel.settings import Settings

if TYPE_CHECKING:  # the commands import these when they run: `ids check` answers at once
    from mynumber.app import System
    from mynumber.jpki.data import IssuedCard
    from mynumber.synth.data import SynthReport

# Sub-apps and commands imported only when they run: one line each (name, module:attribute,
# the help line `mynumber --help` shows; tests/unit/test_cli_startup.py checks it is the same).
LAZY_COMMANDS = {
    "registry": LazyCommand("mynumber.registry.cli:app", "住民基本台帳 — the resident register."),
    "card": LazyCommand(
        "mynumber.jpki.cli:app", "マイナンバーカード — cards, their certificates and PINs."
    ),
    "jpki": LazyCommand(
        "mynumber.jpki.cli:jlis", "公的個人認証 (J-LIS) — CA certificates, relying parties."
    ),
    "insurer": LazyCommand("mynumber.insurers.cli:app", "医療保険者 — health insurers."),
    "eligibility": LazyCommand(
        "mynumber.eligibility.cli:app", "オンライン資格確認 — online eligibility verification."
    ),
    "policy": LazyCommand(
        "mynumber.kernel.policy_cli:app", "政策プロファイル — the real rules or the safeguards."
    ),
    "facility": LazyCommand(
        "mynumber.facility.cli:app", "医療機関・薬局と資格確認端末 — facilities."
    ),
    "terminal": LazyCommand(
        "mynumber.facility.terminal_cli:app",
        "資格確認端末: the folder interface of receipt computers.",
    ),
    "municipality": LazyCommand(
        "mynumber.municipality.cli:app", "市区町村 — 宛名, 住民税, 児童手当, 保育料."
    ),
    "pension": LazyCommand(
        "mynumber.pension.cli:app", "日本年金機構 — 基礎年金番号, 被保険者記録, 年金の決定と支払."
    ),
    "employment": LazyCommand(
        "mynumber.employment.cli:app", "ハローワーク — 雇用保険被保険者番号, 資格, 基本手当."
    ),
    "portal": LazyCommand("mynumber.portal.cli:app", "マイナポータル — the person's やりとり履歴."),
    "care": LazyCommand(
        "mynumber.care.cli:app",
        "介護情報基盤 — 介護保険被保険者, 要介護認定, ケアプラン, 負担割合証.",
    ),
    "staff": LazyCommand(
        "mynumber.staff.cli:app", "職員 — named staff accounts, roles and API tokens."
    ),
    "network": LazyCommand(
        "mynumber.network.cli:app",
        "情報提供ネットワークシステム — the legal table, queries, records.",
    ),
    "health": LazyCommand("mynumber.health.cli:app", "全国医療情報プラットフォーム — 電子処方箋."),
    "bench": LazyCommand("mynumber.bench:app", "Benchmarks: they print throughput figures."),
    "audit": LazyCommand(
        "mynumber.audit.cli:app",
        "監査 — the auditor's checks: logs, links, linkability, profiling, research extracts.",
    ),
}

app = typer.Typer(
    cls=lazy_group(LAZY_COMMANDS),
    help="mynumber — an open implementation of Japan's My Number system.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
ids = typer.Typer(help="Check and generate identifiers (check digits).", no_args_is_help=True)
app.add_typer(ids, name="ids")

_system: System | None = None
_settings: Settings | None = None


def _get_system() -> System:
    global _system
    if _system is None:
        from mynumber.app import build_system

        _system = build_system(_settings)
    return _system


def _choose_policy(profile: PolicyProfile) -> None:
    """Run this process, and the servers it starts, under a profile."""
    global _settings
    os.environ[POLICY_ENV] = profile.value
    _settings = replace(_settings or Settings.from_env(), policy=Policy.of(profile))


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(envvar="MYNUMBER_DATA_DIR", help="where the instance keeps its data"),
    ] = None,
) -> None:
    """Choose the instance (data directory; MYNUMBER_DATABASE_URL selects PostgreSQL)."""
    global _settings
    _settings = Settings.from_env(data_dir)
    ctx.obj = {
        "registry": lambda: _get_system().registry,
        "jpki": lambda: _get_system().jpki,
        "insurers": lambda: _get_system().insurers,
        "eligibility": lambda: _get_system().eligibility,
        "facilities": lambda: _get_system().facilities,
        "staff": lambda: _get_system().staff,
        "network": lambda: _get_system().network,
        "agency_keys": lambda: _get_system().agency_keys,
        "intermediate": lambda: _get_system().intermediate,
        "municipality": lambda: _get_system().municipality,
        "pension": lambda: _get_system().pension,
        "employment": lambda: _get_system().employment,
        "portal": lambda: _get_system().portal,
        "portal_oauth": lambda: _get_system().portal_oauth,
        "synth": lambda: _get_system().synth,
        "health": lambda: _get_system().health,
        "care": lambda: _get_system().care,
    }


@ids.command("check")
def ids_check(kind: IdentifierKind, value: str) -> None:
    """Exit 0 if VALUE is a valid KIND, 1 if not (2 for a usage error)."""
    valid = CODECS[kind].is_valid(value.strip())
    typer.echo(f"{value}: {'valid' if valid else 'invalid'} {kind.value}")
    raise typer.Exit(0 if valid else 1)


@ids.command("generate")
def ids_generate(
    kind: IdentifierKind,
    count: Annotated[int, typer.Option(min=1, max=1_000_000)] = 1,
    seed: Annotated[int | None, typer.Option(help="for a repeatable list")] = None,
) -> None:
    """Print COUNT random valid identifiers of KIND, one a line."""
    rng = random.Random(seed)
    for _ in range(count):
        typer.echo(CODECS[kind].generate(rng))


def run_synth(system: System, *, people: int, seed: int, quiet: bool = False) -> SynthReport:
    """Fill the register with a synthetic population, showing a progress bar."""
    from mynumber.demo import progress

    on = today_in_japan(system.clock)
    with progress("合成人口", "人", quiet=quiet) as advance:
        return system.synth.populate(
            seed=seed, people=people, on=on, progress=lambda done: advance(done, people)
        )


def _print_report(report: SynthReport) -> None:
    rate = report.people / report.seconds if report.seconds else 0.0
    typer.echo(
        f"{report.people:,} residents in {report.households:,} households in "
        f"{report.seconds:.1f} s ({rate:,.0f} residents/s); under 15: "
        f"{report.share_under_15:.1%}, 65+: {report.share_65_plus:.1%}"
    )


@app.command("synth")
def synth(
    people: Annotated[int, typer.Option(min=1, help="how many residents")] = 10_000,
    seed: Annotated[int, typer.Option(help="same seed, same population")] = 1,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Add a deterministic synthetic population to the register."""
    system = _get_system()
    with refusals():
        report = run_synth(system, people=people, seed=seed, quiet=as_json)
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        _print_report(report)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="server processes (one per core)")] = 1,
) -> None:
    """Run the web server (API, OpenAPI at /openapi.json, pages in Japanese)."""
    import uvicorn

    from mynumber.app import create_app

    system = _get_system()
    _print_urls(system, host, port)
    if workers == 1:
        uvicorn.run(create_app(system), host=host, port=port, log_level="info")
        return
    # Each worker process builds its own instance from the same environment.
    os.environ.setdefault("MYNUMBER_DATA_DIR", str(system.settings.data_dir))
    os.environ.setdefault("MYNUMBER_DATABASE_URL", system.settings.database_url)
    system.close()
    uvicorn.run(
        "mynumber.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@app.command("relay")
def relay(
    once: Annotated[
        bool, typer.Option("--once", help="deliver what is waiting, then exit")
    ] = False,
) -> None:
    """Deliver messages between organisations (the server does this itself while it runs)."""
    system = _get_system()
    if once:
        delivered = system.relay.drain(wait_for_held=True)
        waiting = system.relay.pending()
        typer.echo(f"delivered {delivered}; waiting {waiting} ({system.relay.transport})")
        system.close()
        raise typer.Exit(1 if waiting else 0)
    typer.echo(f"delivering ({system.relay.transport}); Ctrl-C stops")
    system.relay.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        system.close()


def _print_urls(system: System, host: str, port: int) -> None:
    base = f"http://{host}:{port}"
    typer.echo(f"\nトップページ          {base}/")
    typer.echo(f"住民検索（職員用）    {base}/registry/search")
    typer.echo(f"受付画面（医療機関）  {base}/reception")
    typer.echo(f"API 仕様              {base}/docs  ({base}/openapi.json)")
    typer.echo(f"JPKI ルートCA         {base}/jpki/ca/root.pem   OCSP: {base}/jpki/ocsp")
    typer.echo(f"稼働確認              {base}/healthz\n")


@app.command("demo")
def demo(
    people: Annotated[int, typer.Option(min=0, help="population to create if empty")] = 20_000,
    seed: Annotated[int, typer.Option()] = 1,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="set up, print, exit")] = False,
    cards: Annotated[int, typer.Option(min=0, help="cards to issue when the register is new")] = 20,
    insurance: Annotated[
        bool,
        typer.Option(help="give the new population insurance lives, card registrations, claims"),
    ] = True,
    policy: Annotated[
        PolicyProfile | None,
        typer.Option(help="the rules to follow (default: MYNUMBER_POLICY, else real)"),
    ] = None,
    link_error_rate: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="share of links made with a wrong person's number "
                     "(default: the 2023 総点検's rates)"),
    ] = None,
) -> None:  # fmt: skip
    """Set up the instance with a synthetic population and run the web server."""
    from mynumber.demo import (
        install_demo_terminals,
        issue_demo_cards,
        print_demo_cards,
        print_demo_logins,
        run_demo_insurance,
    )

    if policy is not None:
        _choose_policy(policy)
    system = _get_system()
    typer.echo(f"政策プロファイル: {system.settings.policy.profile.value}")
    typer.echo(f"データベース: {system.database.url.render_as_string(hide_password=True)}")
    fresh = system.registry.count() == 0 and people > 0
    issued: list[IssuedCard] = []
    if fresh:
        _print_report(run_synth(system, people=people, seed=seed))
        issued = issue_demo_cards(system, cards=cards)
        print_demo_cards(issued)
    if added := system.synth.create_insurers():
        typer.echo(f"保険者 {added} 件を登録しました（mynumber insurer list）。")
    if added := system.synth.create_facilities():
        terminals = install_demo_terminals(system)
        typer.echo(
            f"医療機関・薬局 {added} 件を登録し、東京都の {terminals} 施設に資格確認端末を"
            "設置しました（mynumber facility list）。"
        )
    if fresh and insurance:
        run_demo_insurance(system, seed=seed, cards=issued, link_error_rate=link_error_rate)
    typer.echo(f"住民数: {system.registry.count():,} 人。例:")
    for resident in system.registry.listing(limit=3):
        typer.echo(
            f"  {resident.resident_code}  {resident.name.full}（{resident.name.full_kana}）"
            f"  {resident.birth_date}  {resident.address.text}"
        )
    print_demo_logins(system, f"http://{host}:{port}")
    if no_serve:
        _print_urls(system, host, port)
        return
    serve(host=host, port=port)


def main() -> None:
    """Run the command line."""
    try:
        app(prog_name="mynumber")
    except DomainError as exc:  # refused before a command could say so (an unsafe key file)
        typer.echo(f"error ({exc.code}): {exc.reason}", err=True)
        raise SystemExit(1) from None
