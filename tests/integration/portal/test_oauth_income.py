"""The 自己情報取得API's `income` scope: the municipality's 地方税関係情報 副本, fetched through the
network's 自己情報提供 under the portal's own 符号, recorded in the person's やりとり履歴 with the
client's name and in their 情報提供等記録."""

from __future__ import annotations

from mynumber.app import System
from mynumber.portal.data import INTACT_MESSAGE, Source
from mynumber.portal.oauth.data import ApiScope, ClientRegistration
from mynumber.portal.oauth.sample_client import REDIRECT_URI, CardHolder

from .oauth_helpers import code_of, logged_in, request, token_form
from .own_helpers import holder_with_own_data

LENDER = ClientRegistration(
    name="サンプル住宅ローン株式会社",
    purpose="住宅ローンの審査（所得の確認）",
    redirect_uris=(REDIRECT_URI,),
    scopes=(ApiScope.INCOME,),
)


def test_income_is_read_through_the_network_and_recorded(system: System) -> None:
    holder = holder_with_own_data(system)
    card = CardHolder(holder.resident.resident_code, holder.card_id, holder.pin)
    person = logged_in(system, card)
    client = system.portal_oauth.register_client(registration=LENDER)
    page = system.portal_oauth.begin_authorization(
        person=person, query=request(client, scope="income")
    )
    assert page.scopes == (ApiScope.INCOME,)
    location = system.portal_oauth.decide(
        person=person, request_id=page.request_id, approve=True, period=False
    )
    status, tokens = system.portal_oauth.token(form=token_form(client, code_of(location)["code"]))
    assert status == 200
    read = system.portal_oauth.read(access_token=tokens["access_token"], scope=ApiScope.INCOME)
    [copy] = read.data["income"]
    assert (copy["provider"], copy["item_code"], copy["status"]) == (
        "municipality:131016",
        "TM00000000000001",
        "provided",
    )
    fields = {f["key"]: f["value"] for f in copy["fields"]}
    assert fields["fiscal_year"] == 2026 and fields["total_income"] > 0
    assert holder.resident.my_number not in str(read.data)
    code = holder.resident.resident_code
    [exchange] = [
        r for r in system.network.records_for(resident_code=code) if r.procedure == "JTK01"
    ]
    assert exchange.request_id.startswith("api-") and exchange.refusal is None
    shown = system.portal.timeline(resident_code=code)
    assert shown.verdict == INTACT_MESSAGE
    portal = [(e.who, e.what) for e in shown.entries if e.source is Source.PORTAL]
    assert (LENDER.name, "自己情報取得APIで税・所得（地方税関係情報）を提供") in portal
    [network] = [e for e in shown.entries if e.what.startswith("自己情報取得API: ")]
    assert network.who == "マイナポータル 自己情報取得API"
    assert network.detail == "東京都千代田区 の副本（地方税関係情報）"
