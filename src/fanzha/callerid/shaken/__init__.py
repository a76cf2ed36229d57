"""STIR/SHAKEN: signed caller ID (RFC 8224, 8225, 8226, 8588, 8946; ATIS-1000074/80).

Sign (an originating proxy)::

    signer = Signer.from_files("sti.key", "https://cert.example/sti-chain.pem")
    identity = signer.sign("+8613812345678", "13900001111", "A")

Verify (a terminating proxy; never raises)::

    verifier = ShakenConfig.from_env().verifier()
    result = verifier.verify(identity, orig="+8613812345678", dest="13900001111")
    result.verstat  # Verstat.PASSED / FAILED / NONE, with result.findings

Feed screening::

    findings = shaken_findings_for_screening(result, Ingress.INTERNATIONAL)
"""

from fanzha.callerid.shaken.certs import CertBundle, parse_bundle
from fanzha.callerid.shaken.codes import CATALOGUE, CodeInfo, Outcome, Problem
from fanzha.callerid.shaken.config import ShakenConfig
from fanzha.callerid.shaken.fetch import CertFetcher, FetchPolicy
from fanzha.callerid.shaken.identity import (
    MAX_HEADER_BYTES,
    IdentityHeader,
    format_identity,
    parse_identity,
    split_header_values,
)
from fanzha.callerid.shaken.passport import Claims, Token, decode_token, read_claims, read_header
from fanzha.callerid.shaken.pki import (
    CaFiles,
    StiFiles,
    init_ca,
    issue_cert,
    make_intermediate,
    make_root,
    make_sti_cert,
    parse_tn_range,
    revoke_cert,
    tn_auth_list,
)
from fanzha.callerid.shaken.result import VerificationResult, Verstat
from fanzha.callerid.shaken.revocation import RevocationLists
from fanzha.callerid.shaken.screening import shaken_findings_for_screening
from fanzha.callerid.shaken.signer import Signer, load_signing_key, sign, sign_div
from fanzha.callerid.shaken.tn import to_shaken_tn
from fanzha.callerid.shaken.tnauthlist import OneTN, Spc, TNAuthList, TNRange
from fanzha.callerid.shaken.trust import TrustStore
from fanzha.callerid.shaken.verifier import Verifier, verify

__all__ = [
    "CATALOGUE",
    "MAX_HEADER_BYTES",
    "CaFiles",
    "CertBundle",
    "CertFetcher",
    "Claims",
    "CodeInfo",
    "FetchPolicy",
    "IdentityHeader",
    "OneTN",
    "Outcome",
    "Problem",
    "RevocationLists",
    "ShakenConfig",
    "Signer",
    "Spc",
    "StiFiles",
    "TNAuthList",
    "TNRange",
    "Token",
    "TrustStore",
    "VerificationResult",
    "Verifier",
    "Verstat",
    "decode_token",
    "format_identity",
    "init_ca",
    "issue_cert",
    "load_signing_key",
    "make_intermediate",
    "make_root",
    "make_sti_cert",
    "parse_bundle",
    "parse_identity",
    "parse_tn_range",
    "read_claims",
    "read_header",
    "revoke_cert",
    "shaken_findings_for_screening",
    "sign",
    "sign_div",
    "split_header_values",
    "tn_auth_list",
    "to_shaken_tn",
    "verify",
]
