from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import PARTNER_KEY


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["policy_version"] and body["registry_version"]


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/numbers/{number}", "/v1/reports", "/v1/calls/screen", "/healthz"} <= set(paths)


def test_console_page(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "号码查询" in page.text and "/static/console.js" in page.text
    assert 'id="message-form"' in page.text
    assert "/v1/texts/analyze" in client.get("/static/console.js").text
    assert client.get("/static/console.js").status_code == 200


def test_number_lookup(client: TestClient) -> None:
    body = client.get("/v1/numbers/+86 138-1234-5678").json()
    assert body["number"] == "+8613812345678"
    assert body["class"] == "mobile"
    assert body["carrier"] == "china_mobile"
    assert body["reputation"]["level"] == "unknown"


def test_official_number_lookup(client: TestClient) -> None:
    body = client.get("/v1/numbers/96110").json()
    assert body["class"] == "official"
    assert body["official"]["never_block"] is True
    assert body["reputation"]["level"] == "official"


def test_screen_the_number_change_scam(client: TestClient) -> None:
    body = client.post(
        "/v1/calls/screen",
        json={"caller": "+8613812345678", "callee": "13900001111", "ingress": "international"},
    ).json()
    assert body["action"] == "block"
    assert body["findings"][0]["code"] == "CALLERID.INTL_GATEWAY_DOMESTIC_CLI"
    assert set(body["advice"]) == {"zh", "en", "callback"}
    assert 0.0 <= body["score"] <= 1.0


def test_reports_raise_reputation_and_block(db_client: TestClient) -> None:
    number = "+8617091234567"
    for i in range(6):
        response = db_client.post(
            "/v1/reports",
            json={
                "number": "170 9123 4567",
                "kind": "call",
                "category": "impersonate_authority",
                "text": "自称民警",
                "reporter": f"citizen-{i}",
            },
            headers={"x-api-key": PARTNER_KEY},
        )
        assert response.status_code == 201, response.text
        assert response.json()["report"]["number"] == number
    body = db_client.get(f"/v1/numbers/{number}").json()
    assert body["reputation"]["distinct_reporters"] == 6
    assert body["reputation"]["level"] in {"suspicious", "fraud"}
    screened = db_client.post("/v1/calls/screen", json={"caller": number, "callee": "13900001111"})
    assert "REPUTATION.REPORTED" in [f["code"] for f in screened.json()["findings"]]


def test_anonymous_reporters_cannot_pose_as_many(db_client: TestClient) -> None:
    for i in range(10):
        db_client.post(
            "/v1/reports", json={"number": "13512340001", "kind": "sms", "reporter": f"fake-{i}"}
        )
    body = db_client.get("/v1/numbers/13512340001").json()
    assert body["reputation"]["report_count"] == 10
    assert body["reputation"]["distinct_reporters"] == 1


def test_report_list_masks_numbers(db_client: TestClient) -> None:
    db_client.post("/v1/reports", json={"number": "13512340001", "kind": "call"})
    public = db_client.get("/v1/reports").json()
    assert public["total"] == 1
    assert public["reports"][0]["number"] == "+86135****0001"
    partner = db_client.get("/v1/reports", headers={"x-api-key": PARTNER_KEY}).json()
    assert partner["reports"][0]["number"] == "+8613512340001"


def test_subscriber_opt_in(db_client: TestClient) -> None:
    call = {"caller": "+12025550123", "callee": "13900003333", "ingress": "international"}
    assert db_client.post("/v1/calls/screen", json=call).json()["action"] == "block"
    assert (
        db_client.get("/v1/subscribers/13900003333/policy").json()["allow_international_calls"]
        is False
    )
    change = {"allow_international_calls": True}
    denied = db_client.put("/v1/subscribers/13900003333/policy", json=change)
    assert denied.status_code == 401 and denied.json()["error"]["code"] == "AUTH.REQUIRED"
    updated = db_client.put(
        "/v1/subscribers/13900003333/policy", json=change, headers={"x-api-key": PARTNER_KEY}
    )
    assert updated.json()["allow_international_calls"] is True
    assert updated.json()["allow_international_sms"] is False
    assert db_client.post("/v1/calls/screen", json=call).json()["action"] == "allow"
