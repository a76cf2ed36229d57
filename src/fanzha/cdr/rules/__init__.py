"""CDR rules, one per module. Order is the order findings are reported."""

from fanzha.cdr.rules.base import CdrRule
from fanzha.cdr.rules.device_rotation import DeviceRotation
from fanzha.cdr.rules.fanout_no_callback import FanoutNoCallback
from fanzha.cdr.rules.forward_abroad import ForwardAbroad
from fanzha.cdr.rules.fresh_batch import FreshBatch
from fanzha.cdr.rules.iot_voice import IotVoice
from fanzha.cdr.rules.long_call_then_quiet import LongCallThenQuiet
from fanzha.cdr.rules.one_way import OneWay
from fanzha.cdr.rules.simbox_never_answers import SimboxNeverAnswers
from fanzha.cdr.rules.simbox_shared_ports import SimboxSharedPorts
from fanzha.cdr.rules.sms_no_replies import SmsNoReplies
from fanzha.cdr.rules.voip_originated_line import VoipOriginatedLine

CDR_RULES: tuple[CdrRule, ...] = (
    SimboxSharedPorts(),
    SimboxNeverAnswers(),
    FreshBatch(),
    FanoutNoCallback(),
    OneWay(),
    DeviceRotation(),
    IotVoice(),
    SmsNoReplies(),
    ForwardAbroad(),
    VoipOriginatedLine(),
    LongCallThenQuiet(),
)

__all__ = ["CDR_RULES", "CdrRule"]
