"""利用登録 and 登録解除 from the page: a one-time code the app answers with the card the person
logged in with; the page then reads the outcome. Another card is refused (and the page says so),
a code is answered once, a late one is refused, and another person's code is not theirs."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ConflictError, ForbiddenError, NotFoundError
from mynumber.portal.data import LoginProof
from mynumber.portal.registration_codes import CODE_LIFETIME, RegistrationAction

from .helpers import Holder, card_holder, second_holder
from .own_helpers import logged_in


def _app_answer(system: System, holder: Holder, code: str) -> LoginProof:
    """Play the smartphone app: sign the code's challenge with the card."""
    asked = system.portal.registration_code_challenge(code=code)
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=base64.b64decode(asked.challenge)
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    return LoginProof(
        certificate=base64.b64encode(certificate).decode(),
        signature=base64.b64encode(signature).decode(),
    )


def test_cancel_then_register_through_codes(system: System) -> None:
    holder = card_holder(system)
    _, me = logged_in(system, holder)
    started = system.portal.start_registration_code(person=me, action=RegistrationAction.CANCEL)
    waiting = system.portal.registration_code_state(code=started.code, person=me)
    assert waiting.state == "waiting" and "待っています" in waiting.message
    assert system.portal.registration_code_challenge(code=started.code).action == "cancel"
    state = system.portal.answer_registration_code(
        code=started.code, proof=_app_answer(system, holder, started.code)
    )
    assert not state.registered
    done = system.portal.registration_code_state(code=started.code, person=me)
    assert done.state == "done" and done.message.startswith("健康保険証利用登録を解除しました。")
    with pytest.raises(ConflictError) as used:
        system.portal.registration_code_challenge(code=started.code)
    assert used.value.code == "registration_code_used"
    again = system.portal.start_registration_code(person=me, action=RegistrationAction.REGISTER)
    proof = _app_answer(system, holder, again.code)
    assert system.portal.answer_registration_code(code=again.code, proof=proof).registered
    assert system.portal.registration_code_state(code=again.code, person=me).message.startswith(
        "健康保険証利用登録が完了しました。"
    )
    whats = [e.what for e in system.portal.timeline(resident_code=me.resident_code).entries]
    assert whats[-2:] == [
        "マイナポータルで健康保険証利用登録を解除",
        "マイナポータルで健康保険証利用登録",
    ]


def test_another_card_a_late_code_and_another_persons_code_are_refused(
    system: System, clock: FixedClock
) -> None:
    holder, other = card_holder(system), second_holder(system)
    _, me = logged_in(system, holder)
    _, them = logged_in(system, other)
    started = system.portal.start_registration_code(person=me, action=RegistrationAction.CANCEL)
    with pytest.raises(ForbiddenError) as refused:
        system.portal.answer_registration_code(
            code=started.code, proof=_app_answer(system, other, started.code)
        )
    assert refused.value.code == "not_your_card"
    shown = system.portal.registration_code_state(code=started.code, person=me)
    assert shown.state == "refused" and "ログインしたマイナンバーカード" in shown.message
    overview = system.portal.registration_overview(resident_code=me.resident_code)
    assert overview.registration.registered  # nothing changed
    with pytest.raises(NotFoundError):
        system.portal.registration_code_state(code=started.code, person=them)
    late = system.portal.start_registration_code(person=me, action=RegistrationAction.CANCEL)
    clock.advance(CODE_LIFETIME + dt.timedelta(seconds=1))
    assert system.portal.registration_code_state(code=late.code, person=me).state == "expired"
    with pytest.raises(ConflictError) as expired:
        system.portal.registration_code_challenge(code=late.code)
    assert expired.value.code == "registration_code_expired"
