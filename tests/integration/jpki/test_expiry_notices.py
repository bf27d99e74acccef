"""有効期限通知: J-LIS tells each holder on マイナポータル that their certificates expire soon,
through its outbox and the relay, addressed by its own 符号; once per certificate, and never
for a certificate renewed already."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from mynumber.app import System
from mynumber.jpki.cli import jlis
from mynumber.jpki.data import CertificateKind
from mynumber.kernel.clock import FixedClock

from .helpers import holder


def _until_expiry(system: System, card_id: str, clock: FixedClock) -> dt.timedelta:
    ends = [c.not_after for c in system.jpki.card(card_id=card_id).certificates]
    return min(ends) - clock.now()


def test_a_card_near_expiry_is_noticed_once(system: System, clock: FixedClock) -> None:
    card = holder(system)
    code = card.resident.resident_code
    left = _until_expiry(system, card.card_id, clock)
    clock.advance(left - dt.timedelta(days=91))  # a day before the window
    assert system.jpki.send_expiry_notices(within_days=90).notices == 0
    clock.advance(dt.timedelta(days=2))  # 89 days before the end
    run = system.jpki.send_expiry_notices(within_days=90)
    assert (run.notices, run.certificates, run.within_days) == (1, 2, 90)
    assert system.relay.pending() == 0
    [notice] = system.portal.notices(resident_code=code).notices
    assert notice.title == "電子証明書の有効期限が近づいています" and notice.unread
    assert notice.sender == "地方公共団体情報システム機構（J-LIS）"
    assert "署名用電子証明書" in notice.body and "利用者証明用電子証明書" in notice.body
    clock.advance(dt.timedelta(days=30))
    again = system.jpki.send_expiry_notices(within_days=90)
    assert (again.notices, again.certificates) == (0, 0)  # each certificate once
    assert len(system.portal.notices(resident_code=code).notices) == 1
    assert "jlis" in system.network.codes_held(resident_code=code)


def test_a_renewed_certificate_is_not_noticed_and_the_cli_counts(
    system: System, clock: FixedClock
) -> None:
    card = holder(system)
    clock.advance(_until_expiry(system, card.card_id, clock) - dt.timedelta(days=60))
    system.jpki.renew(card_id=card.card_id, kinds=(CertificateKind.SIGN,))  # the sign one only
    runner = CliRunner()
    obj = {"jpki": lambda: system.jpki}
    result = runner.invoke(jlis, ["expiry-notices", "--within", "90", "--json"], obj=obj)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"within_days": 90, "certificates": 1, "notices": 1}
    [notice] = system.portal.notices(resident_code=card.resident.resident_code).notices
    assert "利用者証明用電子証明書" in notice.body and "署名用電子証明書" not in notice.body
    text = runner.invoke(jlis, ["expiry-notices"], obj=obj)
    assert text.exit_code == 0 and "0 notice(s) sent for 0 certificate(s)" in text.output
