"""The STIR/SHAKEN verification service (RFC 8224 section 6.2, ATIS-1000074).

``verify`` takes the call's Identity header(s) and the caller and called
numbers as SIP shows them, and returns a ``VerificationResult``. It never
raises: a SIP proxy calls it for every INVITE and bad input must become a
verstat with a code, not a dropped call.

Order of work, cheapest and least trusting first: header syntax, token
decoding, header and claim types, iat freshness, orig and dest against the
SIP numbers; only a token that passed all of that costs a certificate fetch
(cached), a chain check (cached) and one ECDSA verification. A div PASSporT
(RFC 8946) is checked when the SHAKEN PASSporT's dest is not this call's
called number: the div chain must lead from the signed dest to it, and each
div must be signed by a certificate covering its "div" number.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fanzha.callerid.shaken import codes, es256, passport
from fanzha.callerid.shaken.codes import Outcome, Problem, finding, outcome_of
from fanzha.callerid.shaken.fetch import CertFetcher
from fanzha.callerid.shaken.identity import IdentityHeader, parse_identity, split_header_values
from fanzha.callerid.shaken.passport import Claims
from fanzha.callerid.shaken.result import VerificationResult, Verstat
from fanzha.callerid.shaken.supplied import CertSource
from fanzha.callerid.shaken.tn import signed_tn_key, sip_tn_key
from fanzha.callerid.shaken.trust import TrustStore
from fanzha.core import Finding, mask_number

log = logging.getLogger("fanzha.callerid.shaken")

MAX_IDENTITY_HEADERS = 8
DEFAULT_MAX_AGE_S = 60

IdentityInput = str | bytes | Iterable[str | bytes] | None


@dataclass(frozen=True, slots=True)
class _Candidate:
    position: int  # which Identity header, counting from 0
    claims: Claims
    signing_input: bytes
    signature: bytes


@dataclass(frozen=True, slots=True)
class _Signed:
    spc: str | None  # set when authorised by SPC rather than a listed number


@dataclass(slots=True)
class _Call:
    """The per-call inputs every check reads."""

    orig: str | None
    dest: str | None
    now: float
    max_age_s: int
    date: int | None
    compact_claims: Mapping[str, Any]
    trust: TrustStore
    fetcher: CertSource


def verify(
    identity_headers: IdentityInput,
    orig: str,
    dest: str,
    *,
    trust: TrustStore,
    fetcher: CertSource,
    now: float | dt.datetime | None = None,
    max_age_s: int = DEFAULT_MAX_AGE_S,
    region: str = "CN",
    date: int | None = None,
    compact_claims: Mapping[str, Any] | None = None,
) -> VerificationResult:
    """Verify the Identity header(s) of one call.

    ``orig`` is the caller as SIP shows it (P-Asserted-Identity, else From) and
    ``dest`` the called number (Request-URI, else To), in any form
    ``fanzha.numbers.parse_number`` reads. ``date`` (the SIP Date header as a
    Unix time) and ``compact_claims`` (``attest``/``origid`` for shaken,
    ``div`` for div, e.g. from P-Attestation-Indicator / P-Origination-Id /
    Diversion) are only needed for compact-form PASSporTs, whose claims the
    verifier rebuilds from the SIP message (RFC 8224 section 7).
    """
    try:
        if isinstance(now, dt.datetime):
            now_s = now.timestamp()
        else:
            now_s = time.time() if now is None else float(now)
        if not math.isfinite(now_s) or not 0 <= now_s < 1 << 40:
            raise ValueError("now is out of range")
        call = _Call(
            orig=sip_tn_key(orig, region) if isinstance(orig, str) else None,
            dest=sip_tn_key(dest, region) if isinstance(dest, str) else None,
            now=now_s,
            max_age_s=max_age_s,
            date=date,
            compact_claims=compact_claims or {},
            trust=trust,
            fetcher=fetcher,
        )
        return _verify(identity_headers, call)
    except Exception:
        log.exception("STIR/SHAKEN verification failed unexpectedly")
        return VerificationResult(Verstat.NONE, [finding(codes.INTERNAL_ERROR)])


def _verify(identity_headers: IdentityInput, call: _Call) -> VerificationResult:
    limit = MAX_IDENTITY_HEADERS + 1  # one more than allowed is enough to refuse
    values = [] if identity_headers is None else split_header_values(identity_headers, limit)

    def unverified(verstat: Verstat, findings: list[Finding]) -> VerificationResult:
        return VerificationResult(verstat, findings, orig=call.orig, dest=call.dest)

    if not values:
        return unverified(Verstat.NONE, [finding(codes.NO_IDENTITY)])
    if len(values) > MAX_IDENTITY_HEADERS:
        problem = Problem(
            codes.TOO_MANY_IDENTITIES, f"more than {MAX_IDENTITY_HEADERS} Identity headers"
        )
        return unverified(Verstat.FAILED, [problem.finding()])

    notes: list[Finding] = []  # per-header problems, failing or informational
    shaken: list[_Candidate] = []
    divs: list[_Candidate] = []
    for position, value in enumerate(values):
        candidate = _candidate(position, value, call)
        if isinstance(candidate, Problem):
            notes.append(candidate.finding(identity=position))
        elif candidate.claims.ppt == passport.PPT_SHAKEN:
            shaken.append(candidate)
        else:
            divs.append(candidate)

    failing = [f for f in notes if outcome_of(f.code) is Outcome.FAIL]
    if failing:
        return unverified(Verstat.FAILED, notes)
    if not shaken:
        if divs:
            problem = Problem(codes.DIV_MISMATCH, "div PASSporT without a SHAKEN PASSporT")
            return unverified(Verstat.FAILED, [*notes, problem.finding()])
        return unverified(Verstat.NONE, notes)

    first_failure: list[Finding] | None = None
    for candidate in shaken:
        outcome = _evaluate(candidate, divs, call)
        if isinstance(outcome, list):
            first_failure = first_failure if first_failure is not None else outcome
            continue
        return _passed(candidate, outcome, notes, call)
    assert first_failure is not None
    return unverified(Verstat.FAILED, [*notes, *first_failure])


def _passed(
    candidate: _Candidate,
    outcome: tuple[_Signed, list[_Candidate]],
    notes: list[Finding],
    call: _Call,
) -> VerificationResult:
    signed, chain = outcome
    claims = candidate.claims
    findings = list(notes)
    if claims.attest == "B":
        findings.append(finding(codes.ATTEST_B))
    elif claims.attest == "C":
        findings.append(finding(codes.ATTEST_C))
    if signed.spc is not None:
        findings.append(finding(codes.TN_BY_SPC, spc=signed.spc))
    return VerificationResult(
        Verstat.PASSED,
        findings,
        attest=claims.attest,
        origid=claims.origid,
        orig=call.orig,
        dest=call.dest,
        iat=claims.iat,
        x5u=claims.x5u,
        spc=signed.spc,
        diverted_from=tuple(d.claims.div for d in chain if d.claims.div is not None),
    )


# --- one header -> a candidate ----------------------------------------------------


def _candidate(position: int, value: str | bytes, call: _Call) -> _Candidate | Problem:
    header = parse_identity(value)
    if isinstance(header, Problem):
        return header
    if header.ppt is not None and header.ppt not in passport.SUPPORTED_PPTS:
        # RFC 8224 section 6.2: headers of a PASSporT type the verifier does not know
        # are ignored, not failed.
        return Problem(codes.PPT_UNSUPPORTED, f"ppt {header.ppt[:16]!r}")
    if header.alg is not None and header.alg != es256.ALG:
        return Problem(codes.ALG_UNSUPPORTED, f"alg parameter {header.alg[:16]!r}")
    token = passport.decode_token(header.token)
    if isinstance(token, Problem):
        return token
    if token.header is None or token.claims is None or token.signing_input is None:
        return _rebuild_compact(position, header, token.signature, call)
    read = passport.read_header(token.header)
    if isinstance(read, Problem):
        return read
    ppt, x5u = read
    if header.ppt is not None and header.ppt != ppt:
        return Problem(codes.PPT_MISMATCH, "ppt parameter differs from the token's ppt")
    if ppt not in passport.SUPPORTED_PPTS:
        return Problem(codes.PPT_UNSUPPORTED, f"ppt {ppt[:16]!r}")
    if x5u != header.info:
        return Problem(codes.X5U_MISMATCH)
    claims = passport.read_claims(ppt, x5u, token.claims)
    if isinstance(claims, Problem):
        return claims
    return _Candidate(position, claims, token.signing_input, token.signature)


def _rebuild_compact(
    position: int, header: IdentityHeader, signature: bytes, call: _Call
) -> _Candidate | Problem:
    """RFC 8224 section 7: rebuild header and claims from the SIP message, canonically."""
    ppt = header.ppt
    if ppt is None:
        return Problem(codes.PPT_UNSUPPORTED, "compact PASSporT without a ppt parameter")
    if call.orig is None or call.dest is None:
        return Problem(codes.CLAIM_MISSING, "compact form needs the caller and called numbers")
    if call.date is None:
        return Problem(codes.CLAIM_MISSING, "iat (the compact form needs the SIP Date)")
    extra = call.compact_claims
    claims: dict[str, Any]
    if ppt == passport.PPT_SHAKEN:
        if "attest" not in extra or "origid" not in extra:
            return Problem(codes.CLAIM_MISSING, "attest and origid for the compact form")
        claims = passport.shaken_claims(
            call.orig, [call.dest], extra["attest"], extra["origid"], call.date
        )
    else:
        div = extra.get("div")
        if div is None:
            return Problem(codes.CLAIM_MISSING, "div for the compact form")
        claims = passport.div_claims(call.orig, [call.dest], div, call.date)
    head = passport.passport_header(ppt, header.info)
    checked = passport.read_claims(ppt, header.info, claims)
    if isinstance(checked, Problem):
        return checked
    try:
        data = passport.signing_input(head, claims)
    except (TypeError, ValueError):  # caller-supplied extras that are not JSON
        return Problem(codes.CLAIM_INVALID, "compact claims are not JSON values")
    return _Candidate(position, checked, data, signature)


# --- checks ------------------------------------------------------------------


def _evaluate(
    candidate: _Candidate, divs: list[_Candidate], call: _Call
) -> tuple[_Signed, list[_Candidate]] | list[Finding]:
    """The SHAKEN PASSporT (and any div chain it needs): (signer, chain) or failures."""
    claims = candidate.claims
    problems = [*_fresh(claims, call), *_orig_matches(claims, call)]
    chain: list[_Candidate] = []
    if not _covers_dest(claims.dest, call.dest):
        found = _div_chain(claims.dest, divs, call.dest)
        if found is None:
            problems.append(
                Problem(codes.DEST_MISMATCH, "signed dest is not this call's called number")
            )
        else:
            chain = found
            for div in chain:
                problems += [*_fresh(div.claims, call), *_orig_matches(div.claims, call)]
    if problems:
        return [p.finding(identity=candidate.position) for p in problems]
    signed = _check_signature(candidate, claims.orig, call)
    if isinstance(signed, Problem):
        return [signed.finding(identity=candidate.position)]
    for div in chain:
        assert div.claims.div is not None
        div_signed = _check_signature(div, div.claims.div, call)
        if isinstance(div_signed, Problem):
            return [div_signed.finding(identity=div.position, ppt=passport.PPT_DIV)]
    return signed, chain


def _fresh(claims: Claims, call: _Call) -> list[Problem]:
    age = call.now - claims.iat
    if age > call.max_age_s:
        return [Problem(codes.STALE_IAT, f"signed {int(age)} s ago (limit {call.max_age_s} s)")]
    if -age > call.max_age_s:
        return [Problem(codes.FUTURE_IAT, f"signed {int(-age)} s in the future")]
    return []


def _orig_matches(claims: Claims, call: _Call) -> list[Problem]:
    if call.orig is None:
        return [Problem(codes.ORIG_MISMATCH, "the caller ID is not a telephone number")]
    if signed_tn_key(claims.orig) != call.orig:
        return [
            Problem(
                codes.ORIG_MISMATCH,
                f"signed {mask_number('+' + claims.orig)}, "
                f"presented {mask_number('+' + call.orig)}",
            )
        ]
    return []


def _covers_dest(signed: tuple[str, ...], dest: str | None) -> bool:
    return dest is not None and any(signed_tn_key(tn) == dest for tn in signed)


def _div_chain(
    signed_dest: tuple[str, ...], divs: list[_Candidate], dest: str | None
) -> list[_Candidate] | None:
    """div PASSporTs leading from the SHAKEN dest to ``dest``, in order; None if none do."""
    if dest is None or not divs:
        return None
    reached = {signed_tn_key(tn) for tn in signed_dest}
    chain: list[_Candidate] = []
    remaining = list(divs)
    while remaining:
        step = next(
            (d for d in remaining if d.claims.div and signed_tn_key(d.claims.div) in reached),
            None,
        )
        if step is None:
            return None
        chain.append(step)
        remaining.remove(step)
        if _covers_dest(step.claims.dest, dest):
            return chain
        reached = {signed_tn_key(tn) for tn in step.claims.dest}
    return None


def _check_signature(candidate: _Candidate, tn: str, call: _Call) -> _Signed | Problem:
    """Certificate (fetched, chained, authorising ``tn``) and the ES256 signature."""
    bundle = call.fetcher.fetch(candidate.claims.x5u)
    if isinstance(bundle, Problem):
        return bundle
    untrusted = call.trust.check(bundle, call.now)
    if untrusted is not None:
        return untrusted
    if not es256.verify(bundle.public_key, candidate.signature, candidate.signing_input):
        return Problem(codes.SIGNATURE_INVALID)
    tn_auth = bundle.tn_auth
    if tn_auth is None:
        return Problem(codes.CERT_NO_TNAUTHLIST, bundle.tn_auth_problem or "extension missing")
    key = signed_tn_key(tn)
    if tn_auth.covers(tn) or (key is not None and tn_auth.covers(key)):
        return _Signed(spc=None)
    if tn_auth.spcs:
        # An SPC names the carrier, not numbers: which numbers it holds is for the
        # number-portability data, not the certificate (ATIS-1000080).
        return _Signed(spc=tn_auth.spcs[0])
    return Problem(codes.TN_NOT_AUTHORISED, f"{mask_number('+' + tn)} not in the TNAuthList")


@dataclass(slots=True)
class Verifier:
    """A trust store, a fetcher and the options, held for the life of a process."""

    trust: TrustStore
    fetcher: CertFetcher
    max_age_s: int = DEFAULT_MAX_AGE_S
    region: str = "CN"

    def verify(
        self,
        identity_headers: IdentityInput,
        orig: str,
        dest: str,
        *,
        now: float | dt.datetime | None = None,
        date: int | None = None,
        compact_claims: Mapping[str, Any] | None = None,
        certs: CertSource | None = None,
    ) -> VerificationResult:
        """``certs`` answers x5u URLs for this call instead of the fetcher (``supplied``)."""
        return verify(
            identity_headers,
            orig,
            dest,
            trust=self.trust,
            fetcher=self.fetcher if certs is None else certs,
            now=now,
            max_age_s=self.max_age_s,
            region=self.region,
            date=date,
            compact_claims=compact_claims,
        )
