"""What オンライン資格確認等システム holds of an insured person (名寄せ可能性): see
`kernel.linkability`. Under the real rules 利用登録 keeps the card's serial beside the person's
被保険者番号 (policy `registration_links_serial`)."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="eligibility", label="オンライン資格確認等システム", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.AGENCY_CODE, where="memberships.subject"),
            Holding(K.INSURED_NUMBER, history=True,
                    where="memberships.symbol/number/branch, every insurer's, lost ones kept"),
            Holding(K.CARD_SERIAL, switch="registration_links_serial",
                    where="card_registrations.serial"),
        ),
        network=True,
    ),
)  # fmt: skip
