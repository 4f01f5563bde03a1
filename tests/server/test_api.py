"""The HTTP API on a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tests.helpers import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(real_index: Path):
    env = {"ELDERCARE_ASK_RATE_PER_MINUTE": "100000"}  # the limit itself is tested in test_admin.py
    with running_server("--index", str(real_index), env=env) as base:
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


def test_ask_answers_with_citations_and_keeps_the_session(server: str) -> None:
    first = httpx.post(
        f"{server}/api/ask", json={"question": "我父親92歲，住在桂林，可以得到什麼居家服務？"}, timeout=60
    )
    assert first.status_code == 200
    body = first.json()
    assert body["answered"] and body["lang"] == "zh-Hant" and body["session_id"]
    assert {"n", "doc_id", "title", "source", "published", "quote", "chunk_id"} <= set(body["citations"][0])
    assert body["citations"][0]["doc_id"] == SEEDS["004"]
    follow = httpx.post(
        f"{server}/api/ask",
        json={"question": "那我妈妈呢？她72岁", "session_id": body["session_id"]},
        timeout=60,
    ).json()
    assert follow["session_id"] == body["session_id"] and follow["profile"]["age"] == 72
    assert follow["profile"]["region"] == "Guilin"


def test_ask_abstains_out_of_scope(server: str) -> None:
    body = httpx.post(
        f"{server}/api/ask", json={"question": "At what age does the Australian Age Pension start?"}
    ).json()
    assert body["answered"] is False and body["lang"] == "en"


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"question": ""}, 400, "empty"),
        ({"question": "养老" * 2001}, 400, "limit"),
        ({"question": "养老", "lang": "fr"}, 400, "lang"),
        ({}, 422, "question"),
        ({"question": 12}, 422, "question"),
    ],
)
def test_bad_ask_requests_get_a_clear_4xx(server: str, payload: dict, status: int, message: str) -> None:
    response = httpx.post(f"{server}/api/ask", json=payload)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]


def test_ask_rejects_broken_json(server: str) -> None:
    response = httpx.post(
        f"{server}/api/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "error" in response.json()


def test_readyz_and_metrics(server: str) -> None:
    ready = httpx.get(f"{server}/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 100 and ready["documents"] == 24
    httpx.get(f"{server}/api/search", params={"q": "养老"})
    text = httpx.get(f"{server}/metrics").text
    assert 'eldercare_requests_total{method="GET",route="/api/search",status="200"}' in text
    assert "eldercare_request_seconds_bucket" in text and "eldercare_index_chunks 2" in text
    assert "eldercare_answers_total" in text


def test_documents_listing_and_one_document(server: str) -> None:
    listing = httpx.get(f"{server}/api/documents").json()
    assert len(listing) == 24 and {
        "id",
        "title",
        "language",
        "region",
        "published",
        "source",
        "chunks",
        "chars",
    } <= set(listing[0])
    one = httpx.get(f"{server}/api/documents/{SEEDS['004']}").json()
    assert one["published"] == "2019-12-23" and one["region"] == "桂林" and len(one["chunks"]) >= 2
    assert one["text"][one["chunks"][1]["start"] : one["chunks"][1]["end"]] == one["chunks"][1]["text"]
    missing = httpx.get(f"{server}/api/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_search_marks_matched_terms(server: str) -> None:
    result = httpx.get(f"{server}/api/search", params={"q": "桂林 入戶援助", "k": 1}).json()["results"][0]
    marked = [result["passage"][s:e] for s, e in result["highlights"]]
    assert "桂林" in marked and any("入戶援助" in m or "援助" in m for m in marked)


def test_feedback_is_stored(server: str) -> None:
    ok = httpx.post(f"{server}/api/feedback", json={"answer_id": "abc", "helpful": True, "comment": "清楚"})
    assert ok.status_code == 200 and ok.json()["ok"] is True
    bad = httpx.post(f"{server}/api/feedback", json={"answer_id": "abc", "helpful": "maybe"})
    assert bad.status_code == 422 and "helpful" in bad.json()["error"]


def test_oversized_body_is_refused(server: str) -> None:
    response = httpx.post(
        f"{server}/api/ask", content=b"x" * 70_000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_admin_routes_absent_without_a_token(server: str) -> None:
    assert httpx.post(f"{server}/api/admin/reindex").status_code == 404


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question=st.one_of(
        st.text(max_size=300),
        st.sampled_from(
            ["\x00", "<script>alert(1)</script>", "' OR 1=1 --", "構(gòu)建" * 50, "\ud7ff" * 3, "🙂" * 100]
        ),
    ),
    session=st.one_of(st.none(), st.text(max_size=64)),
)
def test_random_questions_never_get_a_5xx(server: str, question: str, session: str | None) -> None:
    response = httpx.post(f"{server}/api/ask", json={"question": question, "session_id": session}, timeout=60)
    assert response.status_code < 500, response.text
    search = httpx.get(f"{server}/api/search", params={"q": question or " "}, timeout=60)
    assert search.status_code < 500, search.text
