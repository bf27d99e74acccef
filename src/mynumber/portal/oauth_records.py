"""What the 自己情報取得API writes into the person's やりとり履歴 (the portal's own chained log,
beside the logins), and how the timeline words it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from mynumber.kernel.hashlog import HashChainedLog
from mynumber.portal.data import SCOPE_NAMES, ApiScope

__all__ = ["API_KINDS", "describe", "record"]

API_KINDS = ("api_consent", "api_read", "api_refused", "api_revoked")
UNKNOWN_CLIENT = "（登録のない連携先）"


def record(
    log: HashChainedLog,
    session: Session,
    *,
    resident_code: str,
    what: str,
    client: str,
    at: Any,
    **detail: str,
) -> None:
    """Append one event of the API to the person's stream."""
    payload = {"what": what, "client": client or UNKNOWN_CLIENT, **detail}
    log.append(session, stream=resident_code, payload=payload, at=at)


def _scopes(text: str) -> str:
    names = []
    for scope in text.split():
        try:
            names.append(SCOPE_NAMES[ApiScope(scope)])
        except ValueError:
            names.append(scope)
    return "・".join(names)


def describe(payload: Mapping[str, Any]) -> tuple[str, str, str]:
    """Return (who, what, detail) of an API event for the timeline."""
    client = str(payload.get("client", UNKNOWN_CLIENT))
    kind = payload.get("what")
    scopes = _scopes(str(payload.get("scope", "")))
    if kind == "api_consent":
        span = "期間連携（90日）" if payload.get("period") == "yes" else "今回のみ"
        return client, "自己情報取得APIの連携に同意", f"{scopes}、{span}"
    if kind == "api_read":
        return (
            client,
            f"自己情報取得APIで{scopes}を提供",
            f"利用者識別子 {payload.get('subject', '')}",
        )
    if kind == "api_revoked":
        return "本人", "自己情報取得APIの同意を取り消し", f"{client}: {scopes}"
    return client, "自己情報取得APIの要求を拒否", str(payload.get("reason", ""))
