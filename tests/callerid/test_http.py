"""POST /v1/shaken/sign and /v1/shaken/verify on the real app."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fanzha.callerid.shaken import init_ca, issue_cert, tn_auth_list
from fanzha.core import Settings
from fanzha.service import create_app
from tests.callerid.conftest import LocalServer, Route

KEY = "partner-key-0123456789abcdef"


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    ca = init_ca(tmp_path / "ca")
    sti = issue_cert(tmp_path / "ca", tmp_path / "sti", tn_auth_list(spc="1234"))
    with LocalServer() as server:
        server.routes["/sti.pem"] = Route(sti.chain.read_bytes())
        x5u = server.url("/sti.pem")
        environ = {
            "FANZHA_SHAKEN_TRUST_ANCHORS": str(ca.trust_anchors),
            "FANZHA_SHAKEN_SIGNING_KEY": str(sti.key),
            "FANZHA_SHAKEN_X5U": x5u,
            "FANZHA_SHAKEN_X5U_ALLOW_HTTP": "true",
            "FANZHA_SHAKEN_X5U_ALLOW_NETWORKS": "127.0.0.0/8",
        }
        settings = Settings.from_env(
            environ, data_dir=str(tmp_path), max_body_bytes=65536, api_keys={KEY: "operator-a"}
        )
        app = create_app(settings)
        with TestClient(app) as client:
            yield client, x5u


def test_sign_then_verify(served: tuple[TestClient, str]) -> None:
    client, x5u = served
    signed = client.post(
        "/v1/shaken/sign",
        json={"orig": "+8613812345678", "dest": "13900001111", "attest": "A"},
        headers={"X-API-Key": KEY},
    )
    assert signed.status_code == 200, signed.text
    identity = signed.json()["identity"]
    assert f"info=<{x5u}>" in identity
    body = {"identity": identity, "orig": "13812345678", "dest": "13900001111"}
    verified = client.post("/v1/shaken/verify", json=body)
    assert verified.status_code == 200
    data = verified.json()
    assert data["verstat"] == "TN-Validation-Passed" and data["attest"] == "A"
    assert data["spc"] == "1234" and data["findings"][0]["code"] == "SHAKEN.TN_BY_SPC"
    failed = client.post("/v1/shaken/verify", json={**body, "orig": "13812345679"}).json()
    assert failed["verstat"] == "TN-Validation-Failed"
    assert failed["findings"][0]["code"] == "SHAKEN.ORIG_MISMATCH"


def test_verify_without_identity_and_with_garbage(served: tuple[TestClient, str]) -> None:
    client, _ = served
    none = client.post("/v1/shaken/verify", json={"orig": "13812345678", "dest": "13900001111"})
    assert none.json()["verstat"] == "No-TN-Validation"
    garbage = client.post(
        "/v1/shaken/verify",
        json={"identity": ["\u0000\ud7ff" * 100, "x" * 9000], "orig": "x", "dest": "y"},
    )
    assert garbage.status_code == 200 and garbage.json()["verstat"] == "TN-Validation-Failed"


def test_sign_needs_an_api_key_and_valid_input(served: tuple[TestClient, str]) -> None:
    client, _ = served
    body = {"orig": "13812345678", "dest": "13900001111"}
    anonymous = client.post("/v1/shaken/sign", json=body)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "AUTH.REQUIRED"
    bad = client.post("/v1/shaken/sign", json={**body, "orig": "hello"}, headers={"X-API-Key": KEY})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "NUMBER.INVALID"
    bad_attest = client.post(
        "/v1/shaken/sign", json={**body, "attest": "D"}, headers={"X-API-Key": KEY}
    )
    assert bad_attest.status_code == 422
    div = client.post(
        "/v1/shaken/sign",
        json={**body, "div": "13812340000", "compact": True, "iat": 1800000000},
        headers={"X-API-Key": KEY},
    )
    assert div.status_code == 200 and div.json()["identity"].startswith("..")


def test_signing_not_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("FANZHA_SHAKEN_"):
            monkeypatch.delenv(name)
    settings = Settings.from_env({}, data_dir=str(tmp_path), api_keys={KEY: "operator-a"})
    app = create_app(settings)
    with TestClient(app) as client:
        answer = client.post(
            "/v1/shaken/sign",
            json={"orig": "13812345678", "dest": "13900001111"},
            headers={"X-API-Key": KEY},
        )
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "SHAKEN.SIGNER_NOT_CONFIGURED"


def test_verify_with_supplied_certificates(served: tuple[TestClient, str], tmp_path: Path) -> None:
    client, _ = served
    from fanzha.callerid.shaken import Signer

    sti = issue_cert(tmp_path / "ca", tmp_path / "sti2", tn_auth_list(spc="1234"))
    x5u = "https://10.255.255.1/sti.pem"  # a private address: the service refuses it
    identity = Signer.from_files(sti.key, x5u).sign("+8613812345678", "13900001111", "A")
    body = {"identity": identity, "orig": "13812345678", "dest": "13900001111"}
    chain = sti.chain.read_text()

    refused = client.post("/v1/shaken/verify", json=body).json()
    assert refused["findings"][0]["code"] == "SHAKEN.X5U_FORBIDDEN_ADDRESS"
    for certificates in (chain, {x5u: chain}):
        passed = client.post("/v1/shaken/verify", json={**body, "certificates": certificates})
        assert passed.status_code == 200 and passed.json()["verstat"] == "TN-Validation-Passed"
    # used for that request only: the shared certificate cache did not learn the URL
    again = client.post("/v1/shaken/verify", json=body).json()
    assert again["findings"][0]["code"] == "SHAKEN.X5U_FORBIDDEN_ADDRESS"

    init_ca(tmp_path / "other-ca")  # same names, another key: not a trust anchor
    rogue = issue_cert(tmp_path / "other-ca", tmp_path / "rogue", tn_auth_list(spc="1234"))
    rogue_identity = Signer.from_files(rogue.key, x5u).sign("+8613812345678", "13900001111", "A")
    untrusted = client.post(
        "/v1/shaken/verify",
        json={**body, "identity": rogue_identity, "certificates": rogue.chain.read_text()},
    ).json()
    assert untrusted["verstat"] == "TN-Validation-Failed"
    assert untrusted["findings"][0]["code"] == "SHAKEN.CERT_UNTRUSTED"

    for bad, code in (
        ("-----BEGIN CERTIFICATE-----\nnot base64\n", "SHAKEN.CERT_INVALID"),
        ({x5u: "-----BEGIN CERTIFICATE-----\n\ud800\n"}, "REQUEST.VALIDATION"),
        ({f"https://c{i}.example/x.pem": chain for i in range(9)}, "REQUEST.VALIDATION"),
        ({x5u: 1}, "REQUEST.VALIDATION"),
    ):
        answer = client.post(  # json.dumps escapes the lone surrogate as JSON allows
            "/v1/shaken/verify",
            content=json.dumps({**body, "certificates": bad}),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == code


def test_verify_a_recorded_sip_message(served: tuple[TestClient, str]) -> None:
    client, _ = served
    identity = client.post(
        "/v1/shaken/sign",
        json={"orig": "+8613812345678", "dest": "13900001111"},
        headers={"X-API-Key": KEY},
    ).json()["identity"]
    message = (
        "INVITE sip:13900001111@operator.example SIP/2.0\r\n"
        "From: <sip:+8613812345678@gw.example>;tag=1\r\n"
        "To: <sip:13900001111@operator.example>\r\n"
        f"Identity: {identity}\r\n\r\n"
    )
    passed = client.post("/v1/shaken/verify", json={"sip_message": message}).json()
    assert passed["verstat"] == "TN-Validation-Passed"
    assert passed["orig"] == "8613812345678" and passed["dest"] == "8613900001111"
    # explicit fields win over the message's
    other = client.post(
        "/v1/shaken/verify", json={"sip_message": message, "orig": "13812345679"}
    ).json()
    assert other["findings"][0]["code"] == "SHAKEN.ORIG_MISMATCH"
    for body, code in (
        ({"sip_message": "SIP/2.0 200 OK\r\n\r\n"}, "SIP.MESSAGE_INVALID"),
        ({"sip_message": "INVITE sip:x SIP/2.0\r\n\r\n"}, "REQUEST.VALIDATION"),
        ({"identity": identity, "orig": "13812345678"}, "REQUEST.VALIDATION"),
    ):
        refused = client.post("/v1/shaken/verify", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == code
