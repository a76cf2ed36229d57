from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import PARTNER_KEY

SCAM_ZH = "【公安局】您的银行卡涉嫌洗钱,请立即将资金转入安全账户配合调查,不要告诉家人,否则将冻结。"
NORMAL_ZH = "妈,我今晚加班,晚饭不用等我了,明天回家吃。"


def test_analyze_one_text(client: TestClient) -> None:
    response = client.post("/v1/texts/analyze", json={"text": SCAM_ZH})
    assert response.status_code == 200
    body = response.json()
    assert body["is_fraud"] is True
    assert body["category"] == "impersonate_authority"
    codes = {flag["code"] for flag in body["red_flags"]}
    assert "TEXT.SAFE_ACCOUNT" in codes
    flag = next(f for f in body["red_flags"] if f["code"] == "TEXT.SAFE_ACCOUNT")
    assert SCAM_ZH[flag["start"] : flag["end"]] == flag["words"]
    assert set(body["explanation"]) == {"zh", "en"}
    assert body["model_version"] and body["policy_version"]
    assert abs(sum(body["category_scores"].values()) - 1.0) < 1e-3


def test_analyze_a_batch_keeps_order(client: TestClient) -> None:
    response = client.post("/v1/texts/analyze", json={"texts": [SCAM_ZH, NORMAL_ZH]})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["is_fraud"] for r in results] == [True, False]


def test_text_errors_use_the_one_error_shape(client: TestClient) -> None:
    cases = [
        ({}, "TEXT.ONE_OF"),
        ({"text": "a", "texts": ["b"]}, "TEXT.ONE_OF"),
        ({"text": "   "}, "TEXT.EMPTY"),
        ({"texts": ["fine", ""]}, "TEXT.EMPTY"),
    ]
    for body, code in cases:
        response = client.post("/v1/texts/analyze", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["code"] == code
    batch_error = client.post("/v1/texts/analyze", json={"texts": ["fine", ""]}).json()
    assert batch_error["error"]["details"]["index"] == 1
    for body in ({"text": 5}, {"text": "x", "lang": "fr"}, {"text": "x", "extra": 1}):
        response = client.post("/v1/texts/analyze", json=body)
        assert response.status_code == 422
        assert set(response.json()) == {"error"}


def test_binary_junk_and_control_characters_get_a_result(client: TestClient) -> None:
    junk = "".join(chr(c) for c in range(1, 32)) + "\ufffd\u202e\u200b" + "😊" * 50
    response = client.post("/v1/texts/analyze", json={"text": junk})
    assert response.status_code == 200
    assert 0.0 <= response.json()["score"] <= 1.0


def test_oversized_body_is_refused_with_the_error_shape(client: TestClient) -> None:
    response = client.post("/v1/texts/analyze", json={"text": "x" * 10_000})
    assert response.status_code == 413
    assert "error" in response.json()


def test_sms_scam_text_is_blocked_and_normal_text_allowed(client: TestClient) -> None:
    scam = client.post(
        "/v1/sms/screen",
        json={"sender": "+8617012345678", "recipient": "13800138000", "text": SCAM_ZH},
    ).json()
    assert scam["action"] == "block"
    assert "TEXT.SCAM_MESSAGE" in {f["code"] for f in scam["findings"]}
    assert scam["text"]["category"] == "impersonate_authority"
    normal = client.post(
        "/v1/sms/screen",
        json={"sender": "13912345678", "recipient": "13800138000", "text": NORMAL_ZH},
    ).json()
    assert normal["action"] == "allow"


def test_international_sms_needs_the_subscriber_opt_in(client: TestClient) -> None:
    body = {"sender": "+447911123456", "recipient": "13800138001", "text": "see you soon"}
    blocked = client.post("/v1/sms/screen", json={**body, "ingress": "international"}).json()
    assert blocked["action"] == "block"
    assert "POLICY.INTERNATIONAL_SMS_BLOCKED" in {f["code"] for f in blocked["findings"]}
    opted = client.put(
        "/v1/subscribers/13800138001/policy",
        json={"allow_international_sms": True},
        headers={"x-api-key": PARTNER_KEY},
    )
    assert opted.status_code == 200
    allowed = client.post("/v1/sms/screen", json={**body, "ingress": "international"}).json()
    assert "POLICY.INTERNATIONAL_SMS_BLOCKED" not in {f["code"] for f in allowed["findings"]}
    assert allowed["action"] == "allow"


def test_official_sender_from_abroad_is_spoofed(client: TestClient) -> None:
    decision = client.post(
        "/v1/sms/screen",
        json={
            "sender": "95588",
            "recipient": "13800138000",
            "text": "您的账户积分即将清零",
            "ingress": "international",
        },
    ).json()
    spoofed = next(
        f for f in decision["findings"] if f["code"] == "CALLERID.INTL_GATEWAY_OFFICIAL_CLI"
    )
    assert "短信" in spoofed["reason_zh"] and "message" in spoofed["reason"]
    assert decision["action"] == "block"


def test_sms_forwarded_to_the_reporting_number_is_never_blocked(client: TestClient) -> None:
    decision = client.post(
        "/v1/sms/screen",
        json={"sender": "13912345678", "recipient": "12381", "text": SCAM_ZH},
    ).json()
    assert decision["action"] == "allow"
    assert decision["text"]["is_fraud"] is True


def test_sms_without_text_or_with_a_sender_id(client: TestClient) -> None:
    empty = client.post(
        "/v1/sms/screen", json={"sender": "13912345678", "recipient": "13800138000"}
    ).json()
    assert empty["text"] is None
    assert empty["action"] == "allow"
    named = client.post(
        "/v1/sms/screen",
        json={"sender": "ICBC", "recipient": "13800138000", "text": NORMAL_ZH},
    )
    assert named.status_code == 200
    assert named.json()["sender"] is None
    bad = client.post("/v1/sms/screen", json={"sender": "1", "recipient": "nope", "text": "x"})
    assert bad.status_code == 422
    assert "error" in bad.json()


def test_a_fitted_text_threshold_moves_sms_warnings(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An operator fits the Chinese threshold to its traffic: a message the analyzer
    now calls normal is no longer warned about by the SMS screening either."""
    from importlib import resources

    from fanzha.core import Settings
    from fanzha.service.app import create_app
    from fanzha.text.calibrate import calibrated_policy

    body = {
        "sender": "10690000",
        "recipient": "13800138000",
        "text": "您的积分即将清零,请登录网站兑换礼品",
    }
    base = resources.files("fanzha.text").joinpath("data/policy.toml").read_text("utf-8")

    def screen(policy_text: str) -> dict:  # type: ignore[type-arg]
        policy = tmp_path / "policy.toml"
        policy.write_text(policy_text, encoding="utf-8")
        monkeypatch.setenv("FANZHA_TEXT_POLICY_FILE", str(policy))
        monkeypatch.setenv("FANZHA_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
        with TestClient(create_app(Settings.from_env())) as client:
            response = client.post("/v1/sms/screen", json=body)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def text_finding(decision: dict) -> dict:  # type: ignore[type-arg]
        return next(f for f in decision["findings"] if f["detector"] == "text.analyzer")  # type: ignore[no-any-return]

    shipped = screen(base)
    score = shipped["text"]["score"]
    assert 0.5 < score < 1.0 and shipped["action"] != "allow"
    assert text_finding(shipped)["score"] == pytest.approx(score, abs=1e-4)  # shown rounded
    # Fitting on traffic where such messages are normal puts zh's threshold above it.
    fitted = screen(calibrated_policy(base, 0.5, "test", {"zh": (score + 1.0) / 2}))
    assert fitted["text"]["score"] == score and not fitted["text"]["is_fraud"]
    assert text_finding(fitted)["score"] < 0.5
    assert fitted["action"] == "allow"
