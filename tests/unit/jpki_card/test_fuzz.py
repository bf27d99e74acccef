"""Whatever bytes arrive, the card answers with a status word and never raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mynumber.jpki.card import VirtualCard
from tests.unit.jpki_card.conftest import SEAL_KEY, Issued

# Headers the card knows, so that random bodies reach past the dispatcher into each command.
_HEADERS = [
    bytes.fromhex(h)
    for h in ("00A4040C", "00A4020C", "00B00000", "00200080", "00240180", "802A0080", "00A40400")
]
_AIDS_AND_FIDS = [
    bytes.fromhex(h)
    for h in (
        "0AD392F000260100000001",
        "0AD3921000310001010408",
        "0AD3921000310001010402",
        "020018",
        "02001B",
        "020017",
        "02001A",
        "020001",
        "02000A",
        "020011",
        "020013",
        "0431323334",
    )
]
apdus = st.one_of(
    st.binary(max_size=300),
    st.builds(bytes.__add__, st.sampled_from(_HEADERS), st.binary(max_size=270)),
    st.builds(bytes.__add__, st.sampled_from(_HEADERS), st.sampled_from(_AIDS_AND_FIDS)),
)


@settings(max_examples=300, deadline=None)
@given(sequence=st.lists(apdus, min_size=1, max_size=12))
def test_random_apdus_never_raise_and_end_in_a_status_word(
    issued: Issued, sequence: list[bytes]
) -> None:
    card = VirtualCard.unseal(issued.blob, SEAL_KEY)
    for apdu in sequence:
        response = card.transmit(apdu)
        assert isinstance(response, bytes) and len(response) >= 2
        sw1 = response[-2]
        assert sw1 in (0x90, 0x63, 0x67, 0x69, 0x6A, 0x6B, 0x6D, 0x6E, 0x6F)
        assert sw1 != 0x6F, f"an internal error on {apdu.hex()}"  # 6F00 means a bug of ours
        if sw1 != 0x90:
            assert len(response) == 2  # refusals carry no data
