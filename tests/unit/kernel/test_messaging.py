"""Messages as they travel over a broker, and the fault points of the crash tests."""

from __future__ import annotations

import pytest

from mynumber.kernel.messaging import FAULT_ENV, InjectedFaultError, Message, fault_point


def test_a_message_survives_encoding_with_its_japanese_text() -> None:
    message = Message(message_id="c" * 32, topic="insurers.reports", body={"name": "髙橋　太郎"})
    encoded = message.encode()
    assert "髙橋".encode() in encoded  # UTF-8 on the wire, not \\u escapes
    assert Message.decode(encoded) == message


def test_a_fault_point_acts_only_where_the_environment_names_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault_point("inbox.jpki.before_commit")  # unset: nothing happens
    monkeypatch.setenv(FAULT_ENV, "fail:inbox.*.before_commit")
    fault_point("relay.before_delivery.insurers.reports")
    with pytest.raises(InjectedFaultError, match=r"inbox\.jpki\.before_commit"):
        fault_point("inbox.jpki.before_commit")
    monkeypatch.setenv(FAULT_ENV, "fail:")
    fault_point("inbox.jpki.before_commit")
