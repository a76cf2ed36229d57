from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from fanzha.core import FanzhaError
from fanzha.platform import subscriber_to_dict
from fanzha.service.routes._common import json_response, partner_of, platform_of
from fanzha.service.schemas import SubscriberPolicyRequest

router = APIRouter(prefix="/v1/subscribers", tags=["subscribers"])


@router.get("/{msisdn}/policy", summary="A subscriber's screening choices")
def get_policy(msisdn: str, request: Request) -> Response:
    return json_response(subscriber_to_dict(platform_of(request).subscriber_policy(msisdn)))


@router.put("/{msisdn}/policy", summary="Opt in or out of international calls and SMS")
def put_policy(msisdn: str, body: SubscriberPolicyRequest, request: Request) -> Response:
    """Once API keys are configured, only key holders (the operator) may change choices."""
    if platform_of(request).settings.api_keys and partner_of(request) is None:
        raise FanzhaError(
            "An API key (X-API-Key) is required to change a subscriber's policy.",
            code="AUTH.REQUIRED",
            status=401,
        )
    policy = platform_of(request).set_subscriber_policy(
        msisdn,
        allow_international_calls=body.allow_international_calls,
        allow_international_sms=body.allow_international_sms,
    )
    return json_response(subscriber_to_dict(policy))
