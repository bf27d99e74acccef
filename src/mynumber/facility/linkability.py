"""What a clinic or pharmacy sees of a patient at reception (名寄せ可能性): the 被保険者番号 the
eligibility check answers, and with the card the certificate (its serial). It stores nothing of
the person here; its own 電子カルテ may keep both (not modelled). See `kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="facility", label="医療機関・薬局（受付）", role=PartyRole.FACILITY,
        holdings=(
            Holding(K.INSURED_NUMBER, stored=False, where="the answer to an eligibility check"),
            Holding(K.CARD_SERIAL, stored=False, where="the card's certificate at the reader"),
        ),
    ),
)  # fmt: skip
