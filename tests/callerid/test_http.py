"""POST /v1/shaken/sign and /v1/shaken/verify on the real app."""

from __future__ import annotations

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
