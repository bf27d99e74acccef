"""Setting up the demo instance for `mynumber demo`: cards, terminals, insurance lives, claims,
one staff login per role; and the progress bar the long steps show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from mynumber.kernel.cliutil import refusals
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.staffauth import StaffRole
from mynumber.synth.api import populate_accounts, reusing_reads, truth_path

if TYPE_CHECKING:
    from mynumber.app import System
    from mynumber.jpki.data import IssuedCard
    from mynumber.synth.data import LinkErrorCounts, PensionReport

__all__ = [
    "DemoLogin",
    "demo_logins",
    "install_demo_terminals",
    "issue_demo_cards",
    "print_demo_cards",
    "print_demo_logins",
    "progress",
    "register_agency_copies",
    "run_demo_agencies",
    "run_demo_health_records",
    "run_demo_insurance",
    "run_demo_traffic",
]


@dataclass(frozen=True)
class DemoLogin:
    """A demo account, its organisation, and a password valid until the next demo run."""

    name: str
    role: StaffRole
    org: str
    password: str
    where: str


def demo_logins(system: System) -> list[DemoLogin]:
    """Make (or give fresh passwords to) one account per role on the demo's own data."""
    wanted: list[tuple[str, StaffRole, str, str]] = [
        ("demo-jlis", StaffRole.JLIS_COUNTER, "jlis:jlis", "/docs#/jpki 公的個人認証"),
        ("demo-operator", StaffRole.ELIGIBILITY_OPERATOR, "eligibility:ssk", "/docs"),
        ("demo-auditor", StaffRole.AUDITOR, "audit:ppc", "/docs"),
    ]
    # The clerk works where most of the register's first residents live (the demo spreads
    # its population over the country).
    places = Counter(r.address.local_government_code for r in system.registry.listing(limit=500))
    if places:
        code = places.most_common(1)[0][0]
        wanted.insert(
            0,
            (
                "demo-clerk",
                StaffRole.MUNICIPALITY_CLERK,
                f"municipality:{code}",
                "/registry/search",
            ),
        )
    if insurers := system.insurers.list_insurers():
        wanted.append(
            ("demo-insurer", StaffRole.INSURER_CLERK, f"insurer:{insurers[0].number}", "/docs")
        )
    for facility in system.facilities.list_facilities(prefecture_code="13"):
        if terminals := system.facilities.terminals(facility_code=facility.code):
            where = f"/reception?terminal={terminals[0].terminal_id}"
            wanted.append(
                ("demo-reception", StaffRole.RECEPTIONIST, f"facility:{facility.code}", where)
            )
            break
    known = {a.name: a for a in system.staff.accounts()}
    logins = []
    for name, role, wanted_org, wanted_page in wanted:
        account = known.get(name)
        org, where = wanted_org, wanted_page
        if account is None:
            password = system.staff.add(name=name, org=org, role=role).password
        elif account.revoked_at is None:  # made by an earlier run: a fresh password
            password = system.staff.reset_password(name=name)
            if account.org != org:  # it keeps the organisation it was made for
                org, where = account.org, wanted_page.partition("?")[0]
        else:  # revoked by the operator: it stays revoked
            continue
        logins.append(DemoLogin(name=name, role=role, org=org, password=password, where=where))
    if not logins:
        raise NotFoundError("no demo staff accounts could be made", code="no_demo_staff")
    return logins


def print_demo_logins(system: System, base: str) -> None:
    """Print one staff login per role (fresh passwords on every demo run)."""
    with refusals():
        logins = demo_logins(system)
    typer.echo("職員ログイン（役割ごとに1つ。パスワードは demo を実行するたびに新しくなります）:")
    for login in logins:
        typer.echo(
            f"  {login.name:<15} {login.password}  {login.role.value:<21} {login.org:<24}"
            f" {base}{login.where}"
        )
    typer.echo("  API トークン: mynumber staff token NAME ・ 一覧: mynumber staff list")


def install_demo_terminals(system: System, *, prefecture_code: str = "13") -> int:
    """Give each facility of a prefecture without a terminal one; return how many got one."""
    with refusals():
        bare = [
            f.code
            for f in system.facilities.list_facilities(prefecture_code=prefecture_code)
            if not system.facilities.terminals(facility_code=f.code)
        ]
        for code in bare:
            system.facilities.add_terminal(facility_code=code)
    return len(bare)


_KIND_NAMES = {
    "kyokai": "協会けんぽ", "kumiai": "健保組合", "kyosai": "共済", "kokuho": "国保",
    "kokuho_kumiai": "国保組合", "koki": "後期高齢者医療",
}  # fmt: skip


def run_demo_insurance(
    system: System, *, seed: int, cards: list[IssuedCard], quiet: bool = False,
    link_error_rate: float | None = None,
) -> None:  # fmt: skip
    """Insurance lives, 利用登録 of ~70% of the demo cards, a year of claims and check-ups,
    and the municipalities' incomes and 住民税 following the same lives. Wrong-person links are
    injected at the 総点検's rates, or `link_error_rate`."""
    on = today_in_japan(system.clock)
    # The steps up to the network traffic follow the same lives of the same register: they
    # share one reading of it and one plan of the lives (the traffic moves families).
    with reusing_reads():
        pension = _run_lives_to_records(
            system, seed=seed, on=on, cards=cards, quiet=quiet, link_error_rate=link_error_rate
        )
    run_demo_traffic(system, seed=seed, on=on, quiet=quiet)
    truth = truth_path(system.settings.data_dir)
    accounts = populate_accounts(registry=system.registry, portal=system.portal, seed=seed,
                                 link_error_rate=link_error_rate, truth=truth)  # fmt: skip
    _print_link_errors(pension[0], pension[1], accounts, truth=str(truth))


def _run_lives_to_records(
    system: System, *, seed: int, on: dt.date, cards: list[IssuedCard], quiet: bool,
    link_error_rate: float | None,
) -> tuple[LinkErrorCounts, LinkErrorCounts]:  # fmt: skip
    """Lives, card registrations, claims, incomes and the agencies' records; return the wrong
    links injected into the lives and into the pension records."""
    with refusals(), progress("保険資格", "件", quiet=quiet) as advance:
        lives = system.synth.populate_lives(
            seed=seed, on=on, progress=advance, link_error_rate=link_error_rate
        )
    kinds = "・".join(
        f"{name} {lives.by_kind[kind]:,}"
        for kind, name in _KIND_NAMES.items()
        if kind in lives.by_kind
    )
    typer.echo(
        f"保険資格: {lives.covered:,} 人（{lives.covered_share:.1%}）が加入中（{kinds}）、"
        f"資格の記録 {lives.memberships:,} 件・転職 {lives.job_changes:,} 件・"
        f"被扶養者 {lives.dependants:,} 人（{lives.seconds:.1f} 秒）。"
    )
    with refusals():
        registered = system.synth.register_cards([(c.card.card_id, c.pins.auth) for c in cards])
    if cards:
        typer.echo(
            f"マイナ保険証: カード {len(cards)} 枚のうち {registered} 枚を利用登録しました。"
        )
    facilities = [(f.code, str(f.kind)) for f in system.facilities.list_facilities()]
    with refusals(), progress("診療・健診", "人", quiet=quiet) as advance:
        claims = system.synth.populate_claims(
            seed=seed, on=on, facility_codes=facilities, progress=advance
        )
    typer.echo(
        f"診療・健診: {claims.patients:,} 人の受診でレセプト {claims.claims:,} 件"
        f"（薬剤 {claims.medications:,} 件）、特定健診 {claims.checkups:,} 件を登録しました"
        f"（{claims.seconds:.1f} 秒）。"
    )
    with refusals(), progress("住民税", "団体", quiet=quiet) as advance:
        tax = system.synth.populate_municipal(seed=seed, on=on, progress=advance)
    typer.echo(
        f"市区町村: {tax.municipalities:,} 団体が {tax.addressees:,} 人に宛名番号を付番、所得 "
        f"{tax.incomes:,} 件から {'・'.join(map(str, tax.fiscal_years))} 年度の住民税を課税"
        f"（非課税 {tax.exempt:,} 件、{tax.seconds:.1f} 秒）。"
    )
    pension = _run_agency_records(
        system, seed=seed, on=on, quiet=quiet, link_error_rate=link_error_rate
    )
    return lives.link_errors, pension.link_errors


def _print_link_errors(
    lives: LinkErrorCounts, pension: LinkErrorCounts, accounts: LinkErrorCounts, *, truth: str
) -> None:
    """Say how many wrong-person links were injected, accepted and held (the 総点検's causes)."""
    counts = (lives, pension, accounts)
    typer.echo(
        f"誤登録（総点検の原因を再現）: 注入 {sum(c.injected for c in counts):,} 件・受理 "
        f"{sum(c.accepted for c in counts):,} 件・保留 {sum(c.held for c in counts):,} 件"
        f"（保険 {lives.injected:,}・年金 {pension.injected:,}・公金受取口座 "
        f"{accounts.injected:,}）。正解: {truth}"
    )


def run_demo_agencies(
    system: System, *, seed: int, on: dt.date, quiet: bool = False,
    link_error_rate: float | None = None,
) -> PensionReport:  # fmt: skip
    """The pension service's records, awards and payments, and ハローワーク's coverage and
    benefit decisions, following the same lives; return the pension's report."""
    with reusing_reads():
        pension = _run_agency_records(
            system, seed=seed, on=on, quiet=quiet, link_error_rate=link_error_rate
        )
    run_demo_traffic(system, seed=seed, on=on, quiet=quiet)
    return pension


def _run_agency_records(
    system: System, *, seed: int, on: dt.date, quiet: bool, link_error_rate: float | None
) -> PensionReport:
    """run_demo_agencies up to the network traffic."""
    with refusals(), progress("年金記録", "人", quiet=quiet) as advance:
        pension = system.synth.populate_pension(
            seed=seed, on=on, progress=advance, link_error_rate=link_error_rate
        )
    kinds = "・".join(
        f"{name} {pension.by_kind.get(kind, 0):,}"
        for kind, name in (("first", "第1号"), ("second", "第2号"), ("third", "第3号"))
    )
    typer.echo(
        f"日本年金機構: {pension.people:,} 人に基礎年金番号（{kinds}）、老齢年金 "
        f"{pension.awarded:,} 件を決定し {pension.payments:,} 回 {pension.paid:,} 円を支払"
        f"（{pension.seconds:.1f} 秒）。"
    )
    with refusals(), progress("雇用保険", "人", quiet=quiet) as advance:
        jobs = system.synth.populate_employment(seed=seed, on=on, progress=advance)
    typer.echo(
        f"ハローワーク: {jobs.people:,} 人に被保険者番号（加入中 {jobs.insured:,} 人）、"
        f"資格取得 {jobs.hirings:,} 件・喪失 {jobs.separations:,} 件、受給資格の決定 "
        f"{sum(jobs.decisions.values()):,} 件（{jobs.seconds:.1f} 秒）。"
    )
    with refusals(), progress("介護保険", "団体", quiet=quiet) as advance:
        care = system.synth.populate_care(care=system.care, seed=seed, on=on, progress=advance)
    typer.echo(
        f"介護情報基盤: 第1号被保険者 {care.insured:,} 人、要介護認定 "
        f"{sum(care.certified.values()):,} 人、ケアプラン {care.care_plans:,} 件、給付実績 "
        f"{care.claims:,} 件、負担割合証 {care.burdens:,} 件（{care.seconds:.1f} 秒）。"
    )
    register_agency_copies(system, on=on)
    with refusals(), progress("予防接種", "団体", quiet=quiet) as advance:
        shots = system.synth.populate_vaccinations(
            vaccinations=system.health.vaccinations, seed=seed, on=on, progress=advance
        )
    typer.echo(
        f"予防接種: 0〜14歳 {shots.children:,} 人に定期接種 {sum(shots.doses.values()):,} 回を記録"
        f"（{shots.seconds:.1f} 秒）。"
    )
    run_demo_health_records(system, seed=seed, on=on, quiet=quiet)
    return pension


def run_demo_health_records(system: System, *, seed: int, on: dt.date, quiet: bool = False) -> None:
    """The 電子処方箋 and 調剤結果 of the claims, and the Bundles of some of their stays (入院)."""
    facilities = [(f.code, str(f.kind)) for f in system.facilities.list_facilities()]
    with refusals(), progress("電子処方箋・電子カルテ", "人", quiet=quiet) as advance:
        done = system.synth.populate_health_records(
            health=system.health, seed=seed, on=on, facility_codes=facilities, progress=advance
        )
    summaries, referrals = (done.bundles.get(k, 0) for k in ("discharge-summary", "referral"))
    typer.echo(
        f"電子処方箋: 院外処方 {done.outpatient_prescriptions:,} 件のうち "
        f"{done.prescriptions:,} 件を電子処方箋として登録し調剤結果も登録。"
        f"電子カルテ情報共有サービス: 入院 {done.stays:,} 件のうち退院時サマリー {summaries:,} 件・"
        f"診療情報提供書 {referrals:,} 件（{done.seconds:.1f} 秒）。"
    )


def register_agency_copies(system: System, *, on: dt.date) -> None:
    """Register the pension service's 年金給付関係情報 of the last complete year (in publication
    from 1 January) and ハローワーク's 雇用保険給付関係情報 of today as 副本, so other agencies'
    queries and the portal's 自己情報提供 find them."""
    with refusals():
        pension = system.pension.register_copies(year=on.year - 1)
        jobs = system.employment.register_copies()
    typer.echo(
        f"副本登録: 日本年金機構 {pension.registered:,} 件（{pension.year}年分）、"
        f"ハローワーク {jobs.registered:,} 件（{jobs.on}）。"
    )


def run_demo_traffic(system: System, *, seed: int, on: dt.date, quiet: bool = False) -> None:
    """A year of real exchanges over the network (副本, flows 1 and 2), month by month, for
    `mynumber network usage` and `records`."""
    with refusals(), progress("情報提供ネットワーク", "か月", quiet=quiet) as advance:
        t = system.synth.run_network_traffic(seed=seed, on=on, progress=advance, care=system.care)
    typer.echo(
        f"情報提供ネットワーク: {t.since.year}年{t.since.month}月から {t.months} か月、"
        f"{t.municipalities:,} 団体が副本 {t.copies:,} 件を登録、広域連合が "
        f"{t.kouki_members:,} 人を照会し負担割合 "
        f"{t.contributions:,} 件を決定（不能 {t.contribution_refusals:,} 件）、転入 "
        f"{t.families_moved} 世帯の保育料 {t.fees} 件を前住所地への照会で決定"
        f"、介護保険の65歳到達 {t.care_enrolled:,} 人（負担割合 {t.care_burdens:,} 件）"
        f"（{t.seconds:.1f} 秒）。"
    )
    # Back at today, J-LIS's daily job: an お知らせ for certificates expiring soon (⚠ 90 days).
    expiring = system.jpki.send_expiry_notices()
    typer.echo(
        f"J-LIS: 有効期限通知 {expiring.notices:,} 件をマイナポータルへ（{expiring.within_days} "
        f"日以内に期限を迎える電子証明書 {expiring.certificates:,} 件）。"
    )


@contextmanager
def progress(label: str, unit: str, *, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """Show a progress bar like `mynumber synth` does; yield its (done, total) callback."""
    columns = (
        TextColumn(label),
        BarColumn(),
        TextColumn(f"{{task.completed:,}}/{{task.total:,}} {unit}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, disable=quiet) as progress:
        task = progress.add_task(label, total=1)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def issue_demo_cards(system: System, *, cards: int) -> list[IssuedCard]:
    """Issue cards to adults spread over the register (RSA key pairs cost ~0.1 s each)."""
    today = today_in_japan(system.clock)
    residents = system.registry.listing(limit=min(max(cards * 4, 1), 500))
    adults = [r for r in residents if (today - r.birth_date).days >= 20 * 366]
    with refusals():
        return [system.jpki.issue(resident_code=r.resident_code) for r in adults[:cards]]


def print_demo_cards(issued: list[IssuedCard]) -> None:
    if not issued:
        return
    typer.echo(
        f"マイナンバーカード {len(issued)} 枚を交付しました。例（暗証番号はこの一度だけ表示）:"
    )
    for card in issued[:3]:
        pins = card.pins
        typer.echo(
            f"  カード {card.card.card_id}  利用者証明用 {pins.auth}  署名用 {pins.sign}"
            f"  券面事項入力補助用 {pins.input_support}"
        )
    typer.echo("  例: mynumber card status CARD ・ mynumber card export-certs CARD --out certs")
