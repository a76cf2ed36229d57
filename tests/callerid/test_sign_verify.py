"""Sign and verify end to end: round trips, tampering, time, numbers, certificates."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from fanzha.callerid.shaken import (
    CertFetcher,
    TrustStore,
    VerificationResult,
    Verstat,
    parse_identity,
    sign,
    sign_div,
    verify,
)
from fanzha.callerid.shaken.encoding import b64url_decode, b64url_encode
from fanzha.callerid.shaken.pki import make_intermediate, make_root
from fanzha.core import InvalidInputError, InvalidNumberError
from tests.callerid.conftest import DEST, NOW, NOW_DT, ORIG, X5U, Pki, pem

ORIGID = "123e4567-e89b-12d3-a456-426655440000"


def run(
    identity: str | list[str] | None,
    trust: TrustStore,
    fetcher: CertFetcher,
    *,
    orig: str = ORIG,
    dest: str = DEST,
    now: float = NOW,
    **kwargs: object,
) -> VerificationResult:
    return verify(identity, orig, dest, trust=trust, fetcher=fetcher, now=now, **kwargs)  # type: ignore[arg-type]


def signed(pki: Pki, **kwargs: object) -> str:
    args: dict[str, object] = {"key": pki.key, "x5u": X5U, "iat": NOW}
    args.update(kwargs)
    orig = args.pop("orig", ORIG)
    dest = args.pop("dest", DEST)
    attest = args.pop("attest", "A")
    return sign(orig, dest, attest, **args)  # type: ignore[arg-type]


def parts(identity: str) -> tuple[dict[str, object], dict[str, object], str, str]:
    token, _, params = identity.partition(";")
    head, body, sig = token.split(".")
    return json.loads(b64url_decode(head)), json.loads(b64url_decode(body)), sig, ";" + params


def forge(header: dict[str, object], claims: dict[str, object], sig: str, params: str) -> str:
    head = b64url_encode(json.dumps(header).encode())
    body = b64url_encode(json.dumps(claims).encode())
    return f"{head}.{body}.{sig}{params}"


def codes(result: VerificationResult) -> list[str]:
    return [f.code for f in result.findings]


# --- round trips --------------------------------------------------------------


def test_full_form_round_trip(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, origid=ORIGID)
    header = parse_identity(identity)
    assert not isinstance(header, type(None))
    result = run(identity, trust, fetcher, orig="sip:+8613812345678@ims.example;user=phone")
    assert result.verstat is Verstat.PASSED, codes(result)
    assert (result.attest, result.origid, result.iat, result.x5u) == ("A", ORIGID, NOW, X5U)
    assert (result.orig, result.dest) == ("8613812345678", "8613900001111")
    assert result.findings == [] and result.spc is None


def test_tokens_are_canonical_json_with_shaken_claims(pki: Pki) -> None:
    identity = signed(pki, origid=ORIGID)
    token = identity.split(";")[0]
    head, body, _ = token.split(".")
    assert b64url_decode(head) == (
        b'{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"' + X5U.encode() + b'"}'
    )
    assert b64url_decode(body) == (
        b'{"attest":"A","dest":{"tn":["8613900001111"]},"iat":1800000000,'
        b'"orig":{"tn":"8613812345678"},"origid":"' + ORIGID.encode() + b'"}'
    )
    assert identity.endswith(f";info=<{X5U}>;alg=ES256;ppt=shaken")


def test_compact_form_round_trip(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, attest="B", origid=ORIGID, compact=True)
    assert identity.startswith("..")
    extra = {"attest": "B", "origid": ORIGID}
    result = run(identity, trust, fetcher, date=NOW, compact_claims=extra)
    assert result.verstat is Verstat.PASSED and result.attest == "B"
    assert codes(result) == ["SHAKEN.ATTEST_B"]
    # Rebuilt from the wrong SIP data, the canonical bytes differ and so does the signature.
    wrong = run(identity, trust, fetcher, date=NOW, compact_claims={**extra, "attest": "A"})
    assert codes(wrong) == ["SHAKEN.SIGNATURE_INVALID"]
    other_caller = run(identity, trust, fetcher, orig="13812345679", date=NOW, compact_claims=extra)
    assert codes(other_caller) == ["SHAKEN.SIGNATURE_INVALID"]


def test_compact_form_needs_the_sip_date_and_claims(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    identity = signed(pki, compact=True)
    assert codes(run(identity, trust, fetcher)) == ["SHAKEN.CLAIM_MISSING"]
    assert codes(run(identity, trust, fetcher, date=NOW)) == ["SHAKEN.CLAIM_MISSING"]


def test_number_forms_normalise_alike(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, orig="138 1234 5678", dest="+86 139-0000-1111")
    for orig in (
        "8613812345678",
        "008613812345678",
        "tel:+86-138-1234-5678",
        "１３８１２３４５６７８",
    ):
        assert run(identity, trust, fetcher, orig=orig).passed, orig
    assert identity  # TNs are signed as digits without '+'
    _, claims, _, _ = parts(identity)
    assert claims["orig"] == {"tn": "8613812345678"}
    assert claims["dest"] == {"tn": ["8613900001111"]}


def test_several_destinations(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, dest=["13900001111", "13900002222"])
    assert run(identity, trust, fetcher, dest="13900002222").passed


def test_attestation_c_passes_with_an_explaining_finding(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    result = run(signed(pki, attest="C"), trust, fetcher)
    assert result.passed and result.attest == "C" and codes(result) == ["SHAKEN.ATTEST_C"]
    assert result.findings[0].reason_zh and result.findings[0].reason


# --- tampering -----------------------------------------------------------------


def test_tampered_payload_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    header, claims, sig, params = parts(signed(pki))
    claims["attest"] = "A" if claims["attest"] != "A" else "B"
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.SIGNATURE_INVALID"]
    assert result.attest is None  # nothing from a failed token is vouched for


def test_tampered_signature_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    token, _, params = signed(pki).partition(";")
    head, body, sig = token.split(".")
    raw = bytearray(b64url_decode(sig))
    raw[10] ^= 1
    result = run(f"{head}.{body}.{b64url_encode(bytes(raw))};{params}", trust, fetcher)
    assert codes(result) == ["SHAKEN.SIGNATURE_INVALID"]


def test_out_of_range_signature_values_fail_cleanly(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    token, _, params = signed(pki).partition(";")
    head, body, _ = token.split(".")
    for sig in (bytes(64), b"\xff" * 64):
        result = run(f"{head}.{body}.{b64url_encode(sig)};{params}", trust, fetcher)
        assert codes(result) == ["SHAKEN.SIGNATURE_INVALID"]


def test_signature_by_another_key_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    assert codes(run(signed(pki, key=other), trust, fetcher)) == ["SHAKEN.SIGNATURE_INVALID"]


# --- time ----------------------------------------------------------------------------


def test_stale_iat_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, iat=NOW - 61)
    result = run(identity, trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.STALE_IAT"]
    assert run(signed(pki, iat=NOW - 60), trust, fetcher).passed
    assert run(identity, trust, fetcher, max_age_s=120).passed


def test_future_iat_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    assert codes(run(signed(pki, iat=NOW + 3600), trust, fetcher)) == ["SHAKEN.FUTURE_IAT"]
    assert run(signed(pki, iat=NOW + 30), trust, fetcher).passed  # clock skew


def test_now_may_be_a_datetime(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    assert verify(signed(pki), ORIG, DEST, trust=trust, fetcher=fetcher, now=NOW_DT).passed


# --- numbers -------------------------------------------------------------------------


def test_orig_mismatch_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    result = run(signed(pki), trust, fetcher, orig="13812345679")
    assert codes(result) == ["SHAKEN.ORIG_MISMATCH"]
    assert "5678" in result.findings[0].evidence["detail"]
    assert "12345678" not in result.findings[0].evidence["detail"]  # numbers are masked


def test_orig_that_is_not_a_number_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    assert codes(run(signed(pki), trust, fetcher, orig="anonymous")) == ["SHAKEN.ORIG_MISMATCH"]


def test_dest_mismatch_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    assert codes(run(signed(pki), trust, fetcher, dest="13900002222")) == ["SHAKEN.DEST_MISMATCH"]


def test_orig_and_dest_mismatch_are_both_reported(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    result = run(signed(pki, iat=NOW - 600), trust, fetcher, orig="13812345679", dest="13900002222")
    assert codes(result) == ["SHAKEN.STALE_IAT", "SHAKEN.ORIG_MISMATCH", "SHAKEN.DEST_MISMATCH"]


# --- algorithms, types, claims ---------------------------------------------------------


@pytest.mark.parametrize("alg", ["none", "HS256", "RS256", "ES384", "PS256", "es256", ""])
def test_only_es256_is_accepted(
    alg: str, pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, sig, params = parts(signed(pki))
    header["alg"] = alg
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.ALG_UNSUPPORTED"]


def test_alg_none_with_an_empty_signature_is_refused(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, _, params = parts(signed(pki))
    header["alg"] = "none"
    head = b64url_encode(json.dumps(header).encode())
    body = b64url_encode(json.dumps(claims).encode())
    result = run(f"{head}.{body}.{params}", trust, fetcher)
    assert result.verstat is Verstat.FAILED
    assert codes(result) in (["SHAKEN.MALFORMED_TOKEN"], ["SHAKEN.ALG_UNSUPPORTED"])


def test_alg_parameter_other_than_es256_is_refused(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    identity = signed(pki).replace(";alg=ES256", ";alg=HS256")
    assert codes(run(identity, trust, fetcher)) == ["SHAKEN.ALG_UNSUPPORTED"]


def test_unknown_ppt_is_ignored_and_validates_nothing(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, sig, params = parts(signed(pki))
    header["ppt"] = "rph"
    result = run(
        forge(header, claims, sig, params.replace("ppt=shaken", "ppt=rph")), trust, fetcher
    )
    assert result.verstat is Verstat.NONE and codes(result) == ["SHAKEN.PPT_UNSUPPORTED"]


def test_ppt_parameter_and_token_must_agree(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, sig, params = parts(signed(pki))
    header["ppt"] = "rph"
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert codes(result) == ["SHAKEN.PPT_MISMATCH"]


def test_x5u_must_match_info(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki).replace(f"info=<{X5U}>", "info=<https://other.example/x.pem>")
    assert codes(run(identity, trust, fetcher)) == ["SHAKEN.X5U_MISMATCH"]


@pytest.mark.parametrize(
    ("where", "name"),
    [
        ("claims", "attest"),
        ("claims", "origid"),
        ("claims", "orig"),
        ("claims", "dest"),
        ("claims", "iat"),
        ("header", "typ"),
        ("header", "ppt"),
        ("header", "x5u"),
    ],
)
def test_missing_claims_fail(
    where: str, name: str, pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, sig, params = parts(signed(pki))
    (header if where == "header" else claims).pop(name)
    params = params.replace(";ppt=shaken", "") if name == "ppt" else params
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.CLAIM_MISSING"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("attest", "D"),
        ("attest", 1),
        ("origid", "not-a-uuid"),
        ("origid", 12),
        ("orig", {"tn": 8613812345678}),
        ("orig", {"tn": "+8613812345678"}),
        ("orig", "8613812345678"),
        ("dest", {"tn": "8613900001111"}),
        ("dest", {"tn": []}),
        ("dest", {"tn": ["8613900001111", None]}),
        ("iat", "1800000000"),
        ("iat", 1800000000.5),
        ("iat", True),
        ("iat", -1),
    ],
)
def test_wrong_claim_types_fail(
    name: str, value: object, pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    header, claims, sig, params = parts(signed(pki))
    claims[name] = value
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.CLAIM_INVALID"]


def test_uri_identities_are_not_shaken(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    header, claims, sig, params = parts(signed(pki))
    claims["orig"] = {"uri": "sip:alice@example.com"}
    assert codes(run(forge(header, claims, sig, params), trust, fetcher)) == [
        "SHAKEN.CLAIM_MISSING"
    ]


def test_wrong_typ_and_crit_fail(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    header, claims, sig, params = parts(signed(pki))
    assert codes(run(forge({**header, "typ": "JWT"}, claims, sig, params), trust, fetcher)) == [
        "SHAKEN.CLAIM_INVALID"
    ]
    crit = {**header, "crit": ["exp"]}
    assert codes(run(forge(crit, claims, sig, params), trust, fetcher)) == ["SHAKEN.CLAIM_INVALID"]


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "a.b",
        "a.b.c.d",
        "e+0.e30." + "A" * 86,  # standard base64, not base64url
        "eyJhbGciOiJFUzI1NiJ9.eyJ9.AAAA",  # a 3-byte signature
        "e30.W10." + "A" * 86,  # payload is a JSON array
        "e30.e30." + "A" * 85,  # signature length not base64url
        "eyJhIjoxLCJhIjoyfQ.e30." + "A" * 86,  # duplicate key
        "eyJhIjpOYU59.e30." + "A" * 86,  # NaN
        "_w.e30." + "A" * 86,  # header not UTF-8
        ".e30." + "A" * 86,  # header missing
    ],
)
def test_bad_base64_and_json_fail(token: str, trust: TrustStore, fetcher: CertFetcher) -> None:
    result = run(f"{token};info=<{X5U}>;alg=ES256;ppt=shaken", trust, fetcher)
    assert result.verstat is Verstat.FAILED
    assert codes(result) == ["SHAKEN.MALFORMED_TOKEN"], token


def test_oversized_token_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    header, claims, sig, params = parts(signed(pki))
    claims["padding"] = "x" * 5000
    result = run(forge(header, claims, sig, params), trust, fetcher)
    assert codes(result) == ["SHAKEN.MALFORMED_TOKEN"]
    huge = "A" * 9000 + f";info=<{X5U}>"
    assert codes(run(huge, trust, fetcher)) == ["SHAKEN.HEADER_TOO_LARGE"]


def test_deeply_nested_json_fails_cleanly(trust: TrustStore, fetcher: CertFetcher) -> None:
    body = b64url_encode(b'{"a":' * 900 + b"1" + b"}" * 900)
    result = run(f"e30.{body}.{'A' * 86};info=<{X5U}>", trust, fetcher)
    assert codes(result) == ["SHAKEN.MALFORMED_TOKEN"]


def test_no_identity_is_no_validation(trust: TrustStore, fetcher: CertFetcher) -> None:
    for nothing in (None, [], ""):
        result = run(nothing, trust, fetcher)
        assert result.verstat is Verstat.NONE and codes(result) == ["SHAKEN.NO_IDENTITY"]


def test_garbage_never_raises(trust: TrustStore, fetcher: CertFetcher) -> None:
    for garbage in (
        "\x00",
        ";;;",
        "<>",
        "a\r\nb",
        "ä",
        "a;info=<>",
        b"\xff\xfe",
        [b"\x00" * 10],
        [1, None],
    ):
        result = run(garbage, trust, fetcher)  # type: ignore[arg-type]
        assert result.verstat is Verstat.FAILED and result.findings, garbage


def test_too_many_identity_headers_fail(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    assert codes(run([signed(pki)] * 9, trust, fetcher)) == ["SHAKEN.TOO_MANY_IDENTITIES"]


def test_a_malformed_second_header_fails_the_call(
    pki: Pki, trust: TrustStore, fetcher: CertFetcher
) -> None:
    result = run([signed(pki), "garbage"], trust, fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.MALFORMED_HEADER"]
    assert result.findings[0].evidence["identity"] == 1


def test_comma_joined_headers_are_split(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    rph = signed(pki).replace("ppt=shaken", "ppt=rph")
    result = run(f"{signed(pki)}, {rph}", trust, fetcher)
    assert result.passed and codes(result) == ["SHAKEN.PPT_UNSUPPORTED"]


def test_internal_errors_become_a_result(pki: Pki, trust: TrustStore) -> None:
    class Broken(CertFetcher):
        def fetch(self, url: str) -> object:  # type: ignore[override]
            raise RuntimeError("bug")

    result = run(signed(pki), trust, Broken())
    assert result.verstat is Verstat.NONE and codes(result) == ["SHAKEN.INTERNAL_ERROR"]


# --- certificates ------------------------------------------------------------------------


def test_expired_certificate_fails(pki: Pki, trust: TrustStore) -> None:
    key, cert = pki.issue(
        tn_ranges=["8613800000000-8613899999999"], days=1, now=NOW_DT - dt.timedelta(days=30)
    )
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, pki.ca[1]))
    assert codes(run(signed(pki, key=key), trust, fetcher)) == ["SHAKEN.CERT_EXPIRED"]


def test_not_yet_valid_certificate_fails(pki: Pki, trust: TrustStore) -> None:
    key, cert = pki.issue(
        tn_ranges=["8613800000000-8613899999999"], now=NOW_DT + dt.timedelta(days=2)
    )
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, pki.ca[1]))
    assert codes(run(signed(pki, key=key), trust, fetcher)) == ["SHAKEN.CERT_NOT_YET_VALID"]


def test_untrusted_certificate_fails(pki: Pki, fetcher: CertFetcher) -> None:
    stranger = make_root(now=NOW_DT - dt.timedelta(days=1))
    result = run(signed(pki), TrustStore([stranger[1]]), fetcher)
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.CERT_UNTRUSTED"]
    assert codes(run(signed(pki), TrustStore(), fetcher)) == ["SHAKEN.CERT_UNTRUSTED"]


def test_chain_from_another_ca_with_the_same_name_fails(pki: Pki, trust: TrustStore) -> None:
    # Same subject names, other keys: only signatures tell them apart.
    rogue_root = make_root(now=NOW_DT - dt.timedelta(days=10))
    rogue_ca = make_intermediate(rogue_root, now=NOW_DT - dt.timedelta(days=10))
    from fanzha.callerid.shaken import tn_auth_list
    from fanzha.callerid.shaken.pki import make_sti_cert

    key, cert = make_sti_cert(
        rogue_ca, tn_auth_list(tn_ranges=["8613800000000-8613899999999"]), now=NOW_DT
    )
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, rogue_ca[1]))
    assert codes(run(signed(pki, key=key), trust, fetcher)) == ["SHAKEN.CERT_UNTRUSTED"]


def test_a_ca_certificate_cannot_sign_calls(pki: Pki, trust: TrustStore) -> None:
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(pki.ca[1]))
    assert codes(run(signed(pki, key=pki.ca[0]), trust, fetcher)) == ["SHAKEN.CERT_UNTRUSTED"]


def test_missing_intermediate_fails(pki: Pki, trust: TrustStore) -> None:
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(pki.cert))
    assert codes(run(signed(pki), trust, fetcher)) == ["SHAKEN.CERT_UNTRUSTED"]


def test_tn_not_covered_fails(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    identity = signed(pki, orig="+8613912345678")  # outside 86138...
    result = run(identity, trust, fetcher, orig="13912345678")
    assert result.verstat is Verstat.FAILED and codes(result) == ["SHAKEN.TN_NOT_AUTHORISED"]


def test_single_tn_entries_authorise(pki: Pki, trust: TrustStore) -> None:
    key, cert = pki.issue(tns=["8613912345678"])
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, pki.ca[1]))
    assert run(signed(pki, key=key, orig="13912345678"), trust, fetcher, orig="13912345678").passed


def test_spc_certificates_pass_with_the_spc_recorded(pki: Pki, trust: TrustStore) -> None:
    key, cert = pki.issue(spc="1234")
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, pki.ca[1]))
    result = run(signed(pki, key=key), trust, fetcher)
    assert result.passed and result.spc == "1234" and codes(result) == ["SHAKEN.TN_BY_SPC"]


def test_certificate_without_tnauthlist_fails(pki: Pki, trust: TrustStore) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    key = ec.generate_private_key(ec.SECP256R1())
    ca_key, ca_cert = pki.ca
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW_DT - dt.timedelta(days=1))
        .not_valid_after(NOW_DT + dt.timedelta(days=1))
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    fetcher = CertFetcher()
    fetcher.put(X5U, pem(cert, ca_cert))
    assert codes(run(signed(pki, key=key), trust, fetcher)) == ["SHAKEN.CERT_NO_TNAUTHLIST"]


def test_non_p256_certificates_are_refused(pki: Pki, trust: TrustStore) -> None:
    fetcher = CertFetcher()
    key384 = ec.generate_private_key(ec.SECP384R1())
    root384 = make_root(now=NOW_DT)
    assert root384  # any P-384 key in a leaf is refused before chain building:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([]))
        .issuer_name(pki.ca[1].subject)
        .public_key(key384.public_key())
        .serial_number(1)
        .not_valid_before(NOW_DT - dt.timedelta(days=1))
        .not_valid_after(NOW_DT + dt.timedelta(days=1))
        .sign(pki.ca[0], hashes.SHA256())
    )
    fetcher.put(X5U, pem(cert))
    assert codes(run(signed(pki), trust, fetcher)) == ["SHAKEN.CERT_INVALID"]


def test_chain_checks_are_cached_per_time_window(pki: Pki, fetcher: CertFetcher) -> None:
    trust = pki.trust()
    assert run(signed(pki), trust, fetcher).passed
    bundle = fetcher.fetch(X5U)
    assert not isinstance(bundle, type(None))
    expired = run(signed(pki, iat=NOW + 400 * 86400), trust, fetcher, now=NOW + 400 * 86400)
    assert codes(expired) == ["SHAKEN.CERT_EXPIRED"]  # the cached success does not outlive the cert


# --- div PASSporTs (RFC 8946) ---------------------------------------------------------------


def test_forwarded_call_with_div_passport(pki: Pki, trust: TrustStore) -> None:
    # 13812345678 calls an enterprise line 13900001111 (carrier A), which forwards to
    # 13700002222; the forwarding carrier signs a div PASSporT for 13900001111.
    fwd_key, fwd_cert = pki.issue(tn_ranges=["8613900000000-8613900009999"])
    fwd_x5u = "https://fwd.example.cn/chain.pem"
    fetcher = CertFetcher()
    fetcher.put(X5U, pki.chain)
    fetcher.put(fwd_x5u, pem(fwd_cert, pki.ca[1]))
    original = signed(pki)
    div = sign_div(ORIG, "13700002222", DEST, key=fwd_key, x5u=fwd_x5u, iat=NOW)
    assert div.endswith(";ppt=div")
    result = run([original, div], trust, fetcher, dest="13700002222")
    assert result.passed, codes(result)
    assert result.diverted_from == ("8613900001111",)
    # Without the div PASSporT the new destination does not match.
    assert codes(run([original], trust, fetcher, dest="13700002222")) == ["SHAKEN.DEST_MISMATCH"]
    # A div signed by a carrier that does not hold the forwarding number fails.
    rogue = sign_div(ORIG, "13700002222", DEST, key=pki.key, x5u=X5U, iat=NOW)
    failed = run([original, rogue], trust, fetcher, dest="13700002222")
    assert codes(failed) == ["SHAKEN.TN_NOT_AUTHORISED"]
    assert failed.findings[0].evidence["ppt"] == "div"


def test_div_chain_must_link(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    original = signed(pki)
    unrelated = sign_div(ORIG, "13700002222", "13900009999", key=pki.key, x5u=X5U, iat=NOW)
    result = run([original, unrelated], trust, fetcher, dest="13700002222")
    assert codes(result) == ["SHAKEN.DEST_MISMATCH"]
    other_caller = sign_div("13812340000", "13700002222", DEST, key=pki.key, x5u=X5U, iat=NOW)
    result = run([original, other_caller], trust, fetcher, dest="13700002222")
    assert codes(result) == ["SHAKEN.ORIG_MISMATCH"]


def test_div_alone_validates_nothing(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    div = sign_div(ORIG, "13700002222", DEST, key=pki.key, x5u=X5U, iat=NOW)
    assert codes(run(div, trust, fetcher, dest="13700002222")) == ["SHAKEN.DIV_MISMATCH"]


def test_compact_div_round_trip(pki: Pki, trust: TrustStore) -> None:
    fwd_key, fwd_cert = pki.issue(tns=["8613900001111"])
    fwd_x5u = "https://fwd.example.cn/chain.pem"
    fetcher = CertFetcher()
    fetcher.put(X5U, pki.chain)
    fetcher.put(fwd_x5u, pem(fwd_cert, pki.ca[1]))
    original = signed(pki)
    div = sign_div(ORIG, "13700002222", DEST, key=fwd_key, x5u=fwd_x5u, iat=NOW, compact=True)
    # The forwarding number is recovered from the SIP Diversion / History-Info header.
    result = run(
        [original, div], trust, fetcher, dest="13700002222", date=NOW,
        compact_claims={"div": "8613900001111"},
    )  # fmt: skip
    assert result.passed, codes(result)


# --- signing errors ---------------------------------------------------------------------------


def test_signing_refuses_bad_input(pki: Pki) -> None:
    with pytest.raises(InvalidInputError) as bad_attest:
        sign(ORIG, DEST, "D", key=pki.key, x5u=X5U)
    assert bad_attest.value.code == "SHAKEN.ATTEST_INVALID"
    with pytest.raises(InvalidNumberError):
        sign("hello", DEST, "A", key=pki.key, x5u=X5U)
    with pytest.raises(InvalidInputError) as bad_origid:
        sign(ORIG, DEST, "A", "nope", key=pki.key, x5u=X5U)
    assert bad_origid.value.code == "SHAKEN.ORIGID_INVALID"
    for url in ("ftp://x/y", "https://x/a b", "not a url", "https://x/<"):
        with pytest.raises(InvalidInputError):
            sign(ORIG, DEST, "A", key=pki.key, x5u=url)
    with pytest.raises(InvalidInputError):
        sign(ORIG, [], "A", key=pki.key, x5u=X5U)
    assert str(uuid.UUID(parts(sign(ORIG, DEST, "a", key=pki.key, x5u=X5U))[1]["origid"]))  # type: ignore[arg-type]


def test_endless_header_input_is_bounded(pki: Pki, trust: TrustStore, fetcher: CertFetcher) -> None:
    import itertools

    endless = itertools.repeat(signed(pki))
    assert codes(run(endless, trust, fetcher)) == ["SHAKEN.TOO_MANY_IDENTITIES"]  # type: ignore[arg-type]
    joined = ",".join([signed(pki)] * 12)
    assert codes(run(joined, trust, fetcher)) == ["SHAKEN.TOO_MANY_IDENTITIES"]
