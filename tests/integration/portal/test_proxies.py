"""代理人: registered with proof, period and scopes; removed by the principal alone; kept over a
card suspension and reissue; refused after removal, outside the period or scopes, each attempt
in the principal's history; the address withheld from the proxy under a DV 支援措置."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from mynumber.app import System
from mynumber.kernel.errors import DomainError, ForbiddenError, InvalidInputError, NotFoundError
from mynumber.portal.data import Source
from mynumber.portal.proxies import NewProxy, ProofKind, ProxyKind, ProxyScope

from .helpers import card_holder, second_holder

TODAY = dt.date(2026, 11, 22)


def voluntary(proxy: str, *scopes: ProxyScope, until: dt.date | None = None) -> NewProxy:
    """Return a 任意代理人 on a 委任状 from a year ago until `until` (a year ahead)."""
    return NewProxy(
        proxy_resident_code=proxy, kind=ProxyKind.VOLUNTARY, proof=ProofKind.POWER_OF_ATTORNEY,
        scopes=scopes or (ProxyScope.PROFILE,), valid_from=TODAY - dt.timedelta(days=365),
        valid_until=until or TODAY + dt.timedelta(days=365),
    )  # fmt: skip


def _portal_entries(system: System, resident_code: str) -> list[str]:
    shown = system.portal.timeline(resident_code=resident_code)
    assert shown.intact, shown.verdict
    return [f"{e.who}|{e.what}|{e.detail}" for e in shown.entries if e.source is Source.PORTAL]


def test_a_proxy_sees_the_principal_until_removed_and_never_a_protected_address(
    system: System,
) -> None:
    principal = card_holder(system).resident.resident_code
    proxy = second_holder(system).resident.resident_code
    added = system.portal.add_proxy(principal=principal, new=voluntary(proxy))
    seen = system.portal.principal_view(proxy=proxy, principal=principal)
    assert seen.name == "髙橋\u3000太郎" and seen.address == "東京都千代田区千代田1番1号"
    assert not seen.address_not_disclosed
    system.registry.set_support_measure(resident_code=principal, requested_on=TODAY, actor="c")
    hidden = system.portal.principal_view(proxy=proxy, principal=principal)
    assert hidden.address is None and hidden.address_not_disclosed
    assert "千代田" not in hidden.model_dump_json()
    system.registry.clear_support_measure(resident_code=principal, actor="c")
    shown = system.portal.principal_view(proxy=proxy, principal=principal)
    assert shown.address == "東京都千代田区千代田1番1号" and not shown.address_not_disclosed
    with pytest.raises(NotFoundError):  # the proxy cannot remove themselves from the principal
        system.portal.remove_proxy(principal=proxy, proxy_id=added.proxy_id)
    removed = system.portal.remove_proxy(principal=principal, proxy_id=added.proxy_id)
    assert removed.removed_at is not None
    with pytest.raises(ForbiddenError, match="解除") as refused:
        system.portal.principal_view(proxy=proxy, principal=principal)
    assert refused.value.code == "proxy_removed"
    entries = _portal_entries(system, principal)
    assert sum("代理人による自己情報表示|" in e for e in entries) == 3
    assert any(
        "代理人 佐藤\u3000花子|代理人による自己情報表示を拒否|代理人の登録は解除" in e
        for e in entries
    )
    assert any("代理人を登録" in e for e in entries) and any("代理人を解除" in e for e in entries)


def test_outside_the_period_or_the_scopes_and_strangers_are_refused(system: System) -> None:
    principal = card_holder(system).resident.resident_code
    proxy = second_holder(system).resident.resident_code
    with pytest.raises(ForbiddenError) as stranger:
        system.portal.principal_view(proxy=proxy, principal=principal)
    assert stranger.value.code == "proxy_not_registered"
    live = system.portal.add_proxy(principal=principal, new=voluntary(proxy, ProxyScope.PROFILE))
    with pytest.raises(ForbiddenError) as scope:
        system.portal.principal_timeline(proxy=proxy, principal=principal)
    assert scope.value.code == "proxy_out_of_scope"
    system.portal.remove_proxy(principal=principal, proxy_id=live.proxy_id)
    lapsed = voluntary(proxy, ProxyScope.RECORDS, until=TODAY - dt.timedelta(days=1))
    system.portal.add_proxy(principal=principal, new=lapsed)
    with pytest.raises(ForbiddenError, match="期間外") as period:
        system.portal.principal_timeline(proxy=proxy, principal=principal)
    assert period.value.code == "proxy_out_of_period"
    entries = _portal_entries(system, principal)
    assert sum("を拒否" in e for e in entries) == 3


def test_a_card_suspended_and_reissued_leaves_the_proxy_in_place(system: System) -> None:
    holder = card_holder(system)
    principal = holder.resident.resident_code
    proxy = second_holder(system).resident.resident_code
    system.portal.add_proxy(principal=principal, new=voluntary(proxy, ProxyScope.RECORDS))
    system.jpki.suspend(card_id=holder.card_id)
    system.jpki.reissue(card_id=holder.card_id)
    [kept] = system.portal.proxies(resident_code=principal)
    assert kept.removed_at is None  # as in reality: the principal must remove it
    shown = system.portal.principal_timeline(proxy=proxy, principal=principal)
    assert any(e.what == "代理人による閲覧" for e in shown.entries)


def test_bad_proxies_are_refused(system: System) -> None:
    principal = card_holder(system).resident.resident_code
    with pytest.raises(InvalidInputError) as self_proxy:
        system.portal.add_proxy(principal=principal, new=voluntary(principal))
    assert self_proxy.value.code == "proxy_self"
    with pytest.raises(DomainError):  # no such resident
        system.portal.add_proxy(principal=principal, new=voluntary("99999999999"))
    with pytest.raises(ValidationError, match="rests on"):
        NewProxy(proxy_resident_code="12345678901", kind=ProxyKind.PARENT,
                 proof=ProofKind.POWER_OF_ATTORNEY, scopes=(ProxyScope.PROFILE,),
                 valid_from=TODAY, valid_until=TODAY)  # fmt: skip
    assert system.portal.proxies(resident_code=principal) == []
