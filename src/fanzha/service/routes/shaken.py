"""HTTP routes: ``POST /v1/shaken/sign`` and ``POST /v1/shaken/verify``.

The verifier
(trust store, certificate cache) is built once per app from the settings and
kept on ``app.state``. Verification answers 200 with the verstat whatever the
outcome; signing puts the operator's key to work, so it needs an API key.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from starlette.responses import Response

from fanzha.callerid.shaken import ShakenConfig, Signer, Verifier
from fanzha.callerid.shaken.supplied import MAX_SUPPLIED, MAX_SUPPLIED_BYTES, supplied_certs
from fanzha.callerid.sip_message import MAX_MESSAGE_BYTES, parse_sip_request
from fanzha.core import FanzhaError, InvalidInputError
from fanzha.service.routes._common import json_response, partner_of, platform_of

router = APIRouter(prefix="/v1/shaken", tags=["shaken"])

_Number = StrictStr
_Pem = Annotated[StrictStr, Field(max_length=MAX_SUPPLIED_BYTES)]
_PemByUrl = Annotated[
    dict[Annotated[StrictStr, Field(max_length=2048)], _Pem], Field(max_length=MAX_SUPPLIED)
]
_UNIX_MAX = 1 << 40


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignRequest(_Strict):
    orig: _Number = Field(max_length=256, description="Calling number, any format.")
    dest: _Number | list[_Number] = Field(description="Called number(s).")
    attest: Literal["A", "B", "C"] = "A"
    origid: StrictStr | None = Field(None, max_length=64, description="UUID; random if absent.")
    iat: StrictInt | None = Field(None, ge=0, lt=_UNIX_MAX, description="Unix time; now.")
    compact: StrictBool = False
    div: _Number | None = Field(
        None,
        max_length=256,
        description="Set to sign a div PASSporT (RFC 8946): the number that forwarded the call.",
    )


class VerifyRequest(_Strict):
    identity: StrictStr | list[StrictStr] | None = Field(
        None, description="Identity header value(s); absent means the call had none."
    )
    orig: _Number | None = Field(
        None,
        max_length=256,
        description="P-Asserted-Identity or From (needed without sip_message).",
    )
    dest: _Number | None = Field(
        None, max_length=256, description="Request-URI or To (needed without sip_message)."
    )
    sip_message: StrictStr | None = Field(
        None,
        max_length=MAX_MESSAGE_BYTES,
        description="A recorded SIP INVITE as text: identity, orig, dest and date are read "
        "from it unless given.",
    )
    now: float | None = Field(None, ge=0, lt=_UNIX_MAX, description="Verify as of (Unix time).")
    date: StrictInt | None = Field(None, ge=0, lt=_UNIX_MAX, description="SIP Date (compact).")
    attest: Literal["A", "B", "C"] | None = Field(None, description="Compact form: attest.")
    origid: StrictStr | None = Field(None, max_length=64, description="Compact form: origid.")
    div: _Number | None = Field(None, max_length=256, description="Compact div form: div TN.")
    certificates: _Pem | _PemByUrl | None = Field(
        None,
        description="Certificate chain(s) to use instead of downloading the x5u (PEM, leaf "
        f"first): one chain for every x5u, or x5u URL -> chain (at most {MAX_SUPPLIED}). They "
        "must still chain to the trust anchors, and are used for this request only.",
    )


_lock = threading.Lock()


def _verifier(request: Request) -> Verifier:
    state = request.app.state
    with _lock:
        verifier: Verifier | None = getattr(state, "shaken_verifier", None)
        if verifier is None:
            verifier = _config(request).verifier()
            state.shaken_verifier = verifier
    return verifier


def _signer(request: Request) -> Signer:
    state = request.app.state
    with _lock:
        signer: Signer | None = getattr(state, "shaken_signer", None)
        if signer is None:
            signer = _config(request).signer()
            state.shaken_signer = signer
    return signer


def _config(request: Request) -> ShakenConfig:
    return ShakenConfig.from_settings(platform_of(request).settings)


@router.post("/sign", summary="Sign a call: the Identity header of a SHAKEN (or div) PASSporT")
def sign(body: SignRequest, request: Request) -> Response:
    if partner_of(request) is None:
        raise FanzhaError("signing needs an API key (X-API-Key)", code="AUTH.REQUIRED", status=401)
    dest = [body.dest] if isinstance(body.dest, str) else body.dest
    signer = _signer(request)
    if body.div is not None:
        identity = signer.sign_div(body.orig, dest, body.div, iat=body.iat, compact=body.compact)
    else:
        identity = signer.sign(
            body.orig, dest, body.attest, body.origid, iat=body.iat, compact=body.compact
        )
    return json_response({"identity": identity})


@router.post("/verify", summary="Verify Identity header(s): verstat, attestation and findings")
def verify(body: VerifyRequest, request: Request) -> Response:
    # Oversized or too many headers are verification outcomes with their own codes,
    # so they are not refused here; the service's body limit bounds the work.
    identities = [body.identity] if isinstance(body.identity, str) else body.identity
    orig, dest, date = body.orig, body.dest, body.date
    if body.sip_message is not None:
        message = parse_sip_request(body.sip_message)
        identities = message.identities if identities is None else identities
        orig, dest = orig or message.caller, dest or message.callee
        date = message.date if date is None else date
    if not orig or not dest:
        raise InvalidInputError(
            "Invalid request: orig and dest are needed unless sip_message has them",
            code="REQUEST.VALIDATION",
            details={
                "errors": [
                    {"loc": ["body", name], "type": "missing", "message": "Field required"}
                    for name, value in (("orig", orig), ("dest", dest))
                    if not value
                ]
            },
        )
    compact: dict[str, Any] = {
        name: value
        for name, value in (("attest", body.attest), ("origid", body.origid), ("div", body.div))
        if value is not None
    }
    verifier = _verifier(request)
    certs = None
    if body.certificates is not None:
        chains: dict[str | None, str] = (
            {None: body.certificates}
            if isinstance(body.certificates, str)
            else dict(body.certificates.items())
        )
        certs = supplied_certs(
            {url: pem.encode("utf-8", "replace") for url, pem in chains.items()}, verifier.fetcher
        )
    result = verifier.verify(
        identities,
        orig,
        dest,
        now=body.now,
        date=date,
        compact_claims=compact,
        certs=certs,
    )
    return json_response(result.to_dict())
