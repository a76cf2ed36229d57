"""The one error shape, pinned: every 4xx is {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    assert "Traceback" not in response.text
    return body["error"]


def test_error_shape_is_pinned(client: TestClient) -> None:
    response = client.get("/v1/numbers/not-a-number")
    error = assert_error(response, 422, "NUMBER.INVALID")
    assert response.json() == {"error": error}


@pytest.mark.parametrize("number", ["abc", "+", "0086", "12", "1" * 40, "+86 138 1234 567x", "%00"])
def test_malformed_numbers(client: TestClient, number: str) -> None:
    assert_error(client.get(f"/v1/numbers/{number}"), 422, "NUMBER.INVALID")


def test_overlong_number_in_path(client: TestClient) -> None:
    assert_error(client.get("/v1/numbers/" + "1" * 5000), 422, "NUMBER.INVALID")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"caller": "13812345678"}, "REQUEST.VALIDATION"),  # missing callee
        ({"caller": 13812345678, "callee": "13900001111"}, "REQUEST.VALIDATION"),  # wrong type
        (
            {"caller": "13812345678", "callee": "13900001111", "ingress": "mars"},
            "REQUEST.VALIDATION",
        ),
        ({"caller": "13812345678", "callee": "13900001111", "colour": "red"}, "REQUEST.VALIDATION"),
        (
            {"caller": "13812345678", "callee": "13900001111", "official_trunk": "yes"},
            "REQUEST.VALIDATION",
        ),
        ({"caller": "x" * 300, "callee": "13900001111"}, "REQUEST.VALIDATION"),
        ({"caller": "garbage", "callee": "13900001111"}, "NUMBER.INVALID"),
        ({"caller": "13812345678", "callee": "garbage"}, "NUMBER.INVALID"),
        ([1, 2, 3], "REQUEST.VALIDATION"),
        ("just a string", "REQUEST.VALIDATION"),
    ],
)
def test_bad_screening_requests(client: TestClient, body: Any, code: str) -> None:
    assert_error(client.post("/v1/calls/screen", json=body), 422, code)


def test_unknown_fields_are_named(client: TestClient) -> None:
    body = {"caller": "13812345678", "callee": "13900001111", "colour": "red"}
    error = assert_error(client.post("/v1/calls/screen", json=body), 422, "REQUEST.VALIDATION")
    assert error["details"]["errors"][0]["loc"] == ["body", "colour"]
    assert "red" not in str(error)  # inputs are never echoed back


def test_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/v1/calls/screen", content=b'{"caller": ', headers={"content-type": "application/json"}
    )
    assert_error(response, 400, "REQUEST.MALFORMED_JSON")


def test_binary_junk_body(client: TestClient) -> None:
    response = client.post(
        "/v1/reports", content=bytes(range(256)) * 4, headers={"content-type": "application/json"}
    )
    assert_error(response, 400, "REQUEST.MALFORMED_JSON")


def test_huge_body_is_refused(client: TestClient) -> None:
    body = {"caller": "13812345678", "callee": "13900001111", "claimed_identity": "x" * 10_000}
    error = assert_error(client.post("/v1/calls/screen", json=body), 413, "REQUEST.TOO_LARGE")
    assert error["details"]["max_bytes"] == 4096


def test_huge_chunked_body_is_refused(client: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 1024

    response = client.post(
        "/v1/reports", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "REQUEST.TOO_LARGE")


def test_unknown_path_and_method(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing-here"), 404, "NOT_FOUND")
    assert_error(client.delete("/v1/calls/screen"), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize(
    "body",
    [
        {"number": "13812345678", "kind": "fax"},
        {"number": "13812345678", "kind": "call", "category": "aliens"},
        {"number": "13812345678", "kind": "call", "text": "x" * 4001},
        {"number": "13812345678"},
        {"number": 13812345678, "kind": "call"},
    ],
)
def test_bad_reports(client: TestClient, body: Any) -> None:
    assert_error(client.post("/v1/reports", json=body), 422, "REQUEST.VALIDATION")


def test_bad_query_parameters(client: TestClient) -> None:
    assert_error(client.get("/v1/reports?limit=0"), 422, "REQUEST.VALIDATION")
    assert_error(client.get("/v1/reports?limit=abc"), 422, "REQUEST.VALIDATION")
