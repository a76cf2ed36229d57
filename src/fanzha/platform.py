"""The assembled platform: settings, store, registry, policy and the services on them.

The HTTP service and the CLI both build one ``Platform`` and call its methods,
so a number checked from the shell and over HTTP gets the same answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from fanzha.callerid.shaken import ShakenConfig
from fanzha.core import (
    CallEvent,
    FraudCategory,
    InvalidInputError,
    NewReport,
    ReportKind,
    Settings,
    SmsEvent,
    StoredReport,
    SubscriberPolicy,
    mask_number,
)
from fanzha.numbers import NumberIntelligence, NumberReport, load_registry, parse_number
from fanzha.numbers.parse import set_default_registry
from fanzha.screening import CallScreener, Decision, StoredSubscribers, load_policy
from fanzha.screening.sms import SmsDecision, SmsScreener
from fanzha.store import Store
from fanzha.text import TextAnalyzer
from fanzha.text.policy import load_text_policy

E = TypeVar("E", bound=StrEnum)


def _enum(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise InvalidInputError(
            f"{field} must be one of: {choices}", details={"field": field}
        ) from None


class Platform:
    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.store = store or Store.open(self.settings)
        self.store.upgrade()
        self.registry = load_registry(self.settings.registry_file or None)
        set_default_registry(self.registry)  # bare parse_number() calls see the same registry
        self.policy = load_policy(self.settings.policy_file or None)
        self.intelligence = NumberIntelligence(
            self.store,
            registry=self.registry,
            params=self.policy.reputation,
            cache_seconds=self.settings.reputation_cache_seconds,
        )
        self.subscribers = StoredSubscribers(self.store, self.settings.reputation_cache_seconds)
        shaken = ShakenConfig.from_settings(self.settings)
        self.screener = CallScreener(
            policy=self.policy,
            registry=self.registry,
            intelligence=self.intelligence,
            subscribers=self.subscribers,
            # Identity headers are verified only against configured trust anchors.
            verifier=shaken.verifier() if shaken.trust_anchors else None,
        )

        self.sms_screener = SmsScreener(
            self.screener,
            text_policy=load_text_policy(self.settings.text_policy_file or None),
            model_file=self.settings.text_model_file or None,
        )

    @property
    def text_analyzer(self) -> TextAnalyzer:
        """The scam-text analyzer (its model loads on first use)."""
        return self.sms_screener.analyzer

    def screen_sms(self, event: SmsEvent) -> SmsDecision:
        return self.sms_screener.screen(event)

    def close(self) -> None:
        self.store.close()

    def check_number(self, raw: str) -> NumberReport:
        return self.intelligence.lookup(raw)

    def screen_call(self, event: CallEvent) -> Decision:
        return self.screener.screen(event)

    def add_report(
        self,
        number: str,
        kind: str,
        category: str = FraudCategory.OTHER_FRAUD.value,
        text: str = "",
        reporter: str = "",
        source: str = "api",
    ) -> tuple[StoredReport, NumberReport]:
        info = parse_number(number, registry=self.registry)
        report = NewReport(
            number=info.e164,
            kind=_enum(ReportKind, kind, "kind"),
            category=_enum(FraudCategory, category, "category"),
            text=text,
            reporter=reporter,
            source=source,
        )
        stored = self.store.add_report(report, salt=self.settings.reporter_salt)
        self.intelligence.invalidate(info.e164)
        return stored, NumberReport(info, self.intelligence.reputation_of(info))

    def subscriber_policy(self, msisdn: str) -> SubscriberPolicy:
        info = parse_number(msisdn, registry=self.registry)
        return self.store.get_subscriber_policy(info.e164) or SubscriberPolicy(info.e164)

    def set_subscriber_policy(
        self,
        msisdn: str,
        *,
        allow_international_calls: bool | None = None,
        allow_international_sms: bool | None = None,
    ) -> SubscriberPolicy:
        current = self.subscriber_policy(msisdn)
        policy = SubscriberPolicy(
            msisdn=current.msisdn,
            allow_international_calls=current.allow_international_calls
            if allow_international_calls is None
            else allow_international_calls,
            allow_international_sms=current.allow_international_sms
            if allow_international_sms is None
            else allow_international_sms,
            updated_at=datetime.now(UTC),
        )
        stored = self.store.set_subscriber_policy(policy)
        self.subscribers.invalidate(policy.msisdn)
        return stored


def report_to_dict(report: StoredReport, *, mask: bool = False) -> dict[str, Any]:
    return {
        "id": report.id,
        "number": mask_number(report.number) if mask else report.number,
        "kind": report.kind.value,
        "category": report.category.value,
        "text": report.text,
        "source": report.source,
        "created_at": report.created_at.isoformat(),
    }


def subscriber_to_dict(policy: SubscriberPolicy) -> dict[str, Any]:
    return {
        "msisdn": policy.msisdn,
        "allow_international_calls": policy.allow_international_calls,
        "allow_international_sms": policy.allow_international_sms,
        "updated_at": policy.updated_at.isoformat() if policy.updated_at else None,
    }
