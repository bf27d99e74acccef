"""What マイナポータル holds of a person, and what a third party on the 自己情報取得API sees
(名寄せ可能性): see `kernel.linkability`.

Under the real rules (policy `api_subject_is_card_serial`) a client knows the person by the
card's serial, the same one every relying party gets; safeguarded, by an identifier of its own."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="portal", label="マイナポータル", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.RESIDENT_CODE, where="accounts, sessions, oauth_consents.resident_code"),
            Holding(K.CARD_SERIAL, where="sessions.serial, oauth_consents.serial"),
            Holding(K.BANK_ACCOUNT, where="accounts.bank_code/branch_code/number"),
            Holding(K.AGENCY_CODE, all_agencies=True, where="notices.code (each agency's 符号)"),
        ),
        network=True,
    ),
    PartyHoldings(
        party="api_client", label="自己情報取得API利用者（民間）", role=PartyRole.API_CLIENT,
        holdings=(
            Holding(K.CARD_SERIAL, stored=False, switch="api_subject_is_card_serial",
                    where="the token's subject (the auth serial)"),
            Holding(K.API_SUBJECT, stored=False, switch="api_subject_is_card_serial", when=False,
                    where="the token's subject (HMAC of client and person)"),
        ),
    ),
)  # fmt: skip
