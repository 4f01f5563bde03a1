"""POST /api/screen and the cards of the documents API, on a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.helpers import running_server

pytestmark = pytest.mark.slow

TOKEN = "staff-token-for-cards"


@pytest.fixture(scope="module")
def server(real_index: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("screen-api")
    env = {
        "ELDERCARE_ASK_RATE_PER_MINUTE": "100000",
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_CARDS_DIR": str(root / "cards"),
        "ELDERCARE_DATA_DIR": str(root / "var"),
    }
    with running_server("--index", str(real_index), env=env) as base:
        yield base


def _status(body: dict, doc_id: str) -> str:
    return next(r["status"] for r in body["results"] if r["doc_id"] == doc_id)


def test_a_session_goes_from_need_info_to_likely_and_to_not_eligible(server: str) -> None:
    first = httpx.post(
        f"{server}/api/screen", json={"question": "我爸85歲住喺澳門，有咩可以攞？"}, timeout=60
    ).json()
    assert first["lang"] == "zh-Hant" and first["place"] == "MO"
    assert _status(first, "mo-senior-citizens-subsidy-en") == "need_info"
    result = next(r for r in first["results"] if r["doc_id"] == "mo-senior-citizens-subsidy-en")
    assert result["ask"] and all("？" in q for q in result["ask"])
    assert result["citations"] and all(c["quote"] and c["chunk_id"] for c in result["citations"])
    yes = httpx.post(
        f"{server}/api/screen",
        json={"question": "佢有永久居民身份證", "session_id": first["session_id"]},
        timeout=60,
    ).json()
    assert _status(yes, "mo-senior-citizens-subsidy-en") == "likely"
    second = httpx.post(
        f"{server}/api/screen",
        json={"question": "My father is 85 and lives in Macao. What can he get?"},
        timeout=60,
    ).json()
    no = httpx.post(
        f"{server}/api/screen",
        json={"question": "He is not a permanent resident.", "session_id": second["session_id"]},
        timeout=60,
    ).json()
    assert _status(no, "mo-senior-citizens-subsidy-en") == "not_eligible"
    failed = next(r for r in no["results"] if r["doc_id"] == "mo-senior-citizens-subsidy-en")["failed"]
    assert failed[0]["field"] == "residence" and failed[0]["n"] >= 1


def test_ask_routes_what_can_he_get_to_the_screener(server: str) -> None:
    body = httpx.post(
        f"{server}/api/ask", json={"question": "我爸92歲住桂林，有咩可以攞？"}, timeout=60
    ).json()
    assert body["answered"] and body["screen"]["place"] == "CN-450300"
    assert any(r["status"] == "likely" for r in body["screen"]["results"])
    assert "[1]" in body["answer"] and body["citations"][0]["quote"]
    topical = httpx.post(
        f"{server}/api/ask", json={"question": "桂林90岁以上老人有什么居家服务？"}, timeout=60
    ).json()
    assert "screen" not in topical  # a question with a topic is answered from the passages


def test_a_profile_and_a_place(server: str) -> None:
    body = httpx.post(
        f"{server}/api/screen",
        json={
            "profile": {"age": 66, "residence": "household registration"},
            "place": "广州",
            "lang": "zh-Hans",
        },
        timeout=60,
    ).json()
    statuses = {r["name"]: r["status"] for r in body["results"]}
    assert (
        statuses["公园、文化场馆优惠（免费）"] == "likely"
        and statuses["公园、文化场馆优惠（半票）"] == "not_eligible"
    )
    order = [r["status"] for r in body["results"]]
    assert order == sorted(order, key=["likely", "need_info", "not_eligible", "unassessed"].index)
    assert "Sources" in body["text"] or "出处" in body["text"]


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({}, 400, "question"),
        ({"question": "   "}, 400, "empty"),
        ({"question": "x" * 4001}, 400, "limit"),
        ({"profile": {"age": "old"}, "place": "广州"}, 400, "whole number"),
        ({"profile": {"shoe_size": 9}, "place": "广州"}, 400, "unknown profile field"),
        ({"question": "我爸85歲住喺澳門", "lang": "fr"}, 400, "lang"),
        ({"profile": [1, 2], "place": "广州"}, 422, "profile"),
    ],
)
def test_bad_requests_get_a_clear_4xx(server: str, payload: dict, status: int, words: str) -> None:
    response = httpx.post(f"{server}/api/screen", json=payload, timeout=30)
    assert response.status_code == status, response.text
    assert words in response.text


def test_documents_carry_their_cards(server: str) -> None:
    listing = httpx.get(f"{server}/api/documents", timeout=30).json()
    counted = {d["id"]: d for d in listing}
    assert (
        counted["hk-senior-citizen-card-en"]["cards"] >= 1
        and "cards_checked" in counted["hk-senior-citizen-card-en"]
    )
    one = httpx.get(f"{server}/api/documents/hk-senior-citizen-card-en", timeout=30).json()
    card = one["cards"][0]
    assert card["name"] == "Senior Citizen Card" and card["source"] == "machine" and card["checked"] is None
    for condition in card["conditions"]:
        assert (
            one["text"][condition["cite"]["start"] : condition["cite"]["end"]] == condition["cite"]["quote"]
        )


def test_staff_confirm_correct_remove_and_add_test_cases(server: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert (
        httpx.put(f"{server}/api/admin/cards/hk-senior-citizen-card-en%231", json={}, timeout=30).status_code
        == 401
    )
    confirmed = httpx.put(
        f"{server}/api/admin/cards/hk-senior-citizen-card-en%231",
        json={"by": "ana"},
        headers=auth,
        timeout=30,
    ).json()
    assert confirmed["source"] == "staff" and confirmed["checked"]["by"] == "ana"
    bad = httpx.put(
        f"{server}/api/admin/cards/hk-senior-citizen-card-en%231",
        json={"kind": "lottery"},
        headers=auth,
        timeout=30,
    )
    assert bad.status_code == 400 and "kind" in bad.text
    case = httpx.post(
        f"{server}/api/admin/cards/hk-senior-citizen-card-en%231/tests",
        json={"profile": {"age": 65, "residence": "resident"}, "expect": "likely"},
        headers=auth,
        timeout=30,
    )
    assert case.status_code == 201 and case.json()["tests"][-1]["expect"] == "likely"
    listing = httpx.get(f"{server}/api/admin/documents", headers=auth, timeout=30).json()["documents"]
    row = next(d for d in listing if d["id"] == "hk-senior-citizen-card-en")
    assert row["cards_checked"] == 1
    missing = httpx.delete(f"{server}/api/admin/cards/no-such%231", headers=auth, timeout=30)
    assert missing.status_code == 404
