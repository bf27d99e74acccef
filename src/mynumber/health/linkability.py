"""What the 全国医療情報プラットフォーム holds of a patient (名寄せ可能性): its records are keyed by
an HMAC of its own 符号, a key no one else derives. See `kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="health", label="全国医療情報プラットフォーム", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.OWN_KEY, where="prescriptions.patient_key, vaccinations.person_key"),
        ),
        network=True,
    ),
)  # fmt: skip
