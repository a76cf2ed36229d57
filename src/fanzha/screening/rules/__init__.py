"""Call-screening rules, one per module. Order is the order findings are reported."""

from fanzha.screening.context import Rule
from fanzha.screening.rules.data_only_range import DataOnlyRange
from fanzha.screening.rules.international_policy import InternationalPolicy
from fanzha.screening.rules.international_sms_policy import InternationalSmsPolicy
from fanzha.screening.rules.intl_gateway_domestic_cli import IntlGatewayDomesticCli
from fanzha.screening.rules.official_never_originates import OfficialNeverOriginates
from fanzha.screening.rules.official_untrusted_trunk import OfficialUntrustedTrunk
from fanzha.screening.rules.reputation import ReputationRule
from fanzha.screening.rules.shaken_attestation import ShakenAttestation
from fanzha.screening.rules.virtual_operator import VirtualOperator
from fanzha.screening.rules.withheld_cli import WithheldCli

CALL_RULES: tuple[Rule, ...] = (
    IntlGatewayDomesticCli(),
    ShakenAttestation(),
    OfficialNeverOriginates(),
    OfficialUntrustedTrunk(),
    InternationalPolicy(),
    ReputationRule(),
    DataOnlyRange(),
    VirtualOperator(),
    WithheldCli(),
)

# Rules about an SMS sender: the same spoofing and reputation checks as for calls,
# the SMS opt-in instead of the call opt-in, nothing about SIP trunks or STIR/SHAKEN.
SMS_SENDER_RULES: tuple[Rule, ...] = (
    IntlGatewayDomesticCli(),
    InternationalSmsPolicy(),
    ReputationRule(),
    DataOnlyRange(),
    VirtualOperator(),
    WithheldCli(),
)

__all__ = ["CALL_RULES", "SMS_SENDER_RULES", "Rule"]
