"""The HTTP API on a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS
from tests.helpers import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(real_index: Path):
    with running_server("--index", str(real_index)) as base:
        yield base


def test_healthz(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok"}


def test_search_in_three_scripts(server: str) -> None:
    for q in (
        "桂林90歲以上老人有什麼居家服務？",
        "桂林90岁以上老人有什么居家服务",
        "home care for people over 90 in Guilin",
    ):
        response = httpx.get(f"{server}/api/search", params={"q": q, "k": 3}, timeout=30)
        assert response.status_code == 200
        body = response.json()
        assert body["results"][0]["doc_id"] == SEEDS["004"]
        assert len(body["results"]) == 3


def test_search_filters(server: str) -> None:
    body = httpx.get(f"{server}/api/search", params={"q": "老人津貼", "lang": "zh-Hant", "k": 5}).json()
    assert body["results"] and all(r["language"] == "zh-Hant" for r in body["results"])
    body = httpx.get(f"{server}/api/search", params={"q": "card", "region": "香港"}).json()
    assert body["results"] and all("Hong Kong" in r["region"] for r in body["results"])


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": "   "}, 400, "empty"),
        ({"q": "x" * 4001}, 400, "limit"),
        ({"q": "养老", "k": 0}, 422, "k"),
        ({"q": "养老", "k": "many"}, 422, "k"),
        ({"q": "养老", "lang": "fr"}, 400, "lang"),
        ({}, 422, "q"),
    ],
)
def test_bad_search_requests_get_a_clear_4xx(server: str, params: dict, status: int, message: str) -> None:
    response = httpx.get(f"{server}/api/search", params=params)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_unknown_route_is_404_json(server: str) -> None:
    response = httpx.get(f"{server}/nope")
    assert response.status_code == 404 and "error" in response.json()
