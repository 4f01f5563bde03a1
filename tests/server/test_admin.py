"""Admin routes on a real server over a small knowledge base: upload, delete, reindex while answering."""

from __future__ import annotations

import shutil
import time

import httpx
import pytest

from assistant.ingest.pipeline import ingest
from tests.conftest import KB, SEEDS
from tests.helpers import running_server

pytestmark = pytest.mark.slow
TOKEN = "s3cret-admin-token"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("admin")
    docs = root / "docs"
    docs.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", docs)
    ingest(docs, root / "index", ["hash-64"])
    env = {
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_EMBEDDERS": "hash-64",
        "ELDERCARE_DATA_DIR": str(root / "var"),
        "ELDERCARE_MAX_UPLOAD_BYTES": "20000",
        "ELDERCARE_ASK_RATE_PER_MINUTE": "5",
    }
    with running_server("--index", str(root / "index"), "--documents", str(docs), env=env) as base:
        yield base, docs


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_tokens_are_checked(admin_server) -> None:
    base, _ = admin_server
    assert httpx.get(f"{base}/api/admin/feedback").status_code == 401
    wrong = httpx.get(f"{base}/api/admin/feedback", headers=auth("nope"))
    assert wrong.status_code == 403 and "wrong admin token" in wrong.json()["error"]
    assert httpx.get(f"{base}/api/admin/feedback", headers=auth()).status_code == 200


def test_bad_uploads_are_refused(admin_server) -> None:
    base, docs = admin_server
    big = httpx.post(
        f"{base}/api/admin/documents", headers=auth(), files={"file": ("big.txt", "养" * 10_000)}
    )
    assert big.status_code == 413
    exe = httpx.post(f"{base}/api/admin/documents", headers=auth(), files={"file": ("x.exe", b"MZ...")})
    assert exe.status_code == 415 and ".exe" in exe.json()["error"]
    binary = httpx.post(
        f"{base}/api/admin/documents", headers=auth(), files={"file": ("b.txt", bytes(range(256)))}
    )
    assert binary.status_code == 400 and "b.txt" in binary.json()["error"]
    lang = httpx.post(
        f"{base}/api/admin/documents",
        headers=auth(),
        files={"file": ("c.md", "text")},
        data={"language": "fr"},
    )
    assert lang.status_code == 400
    assert sorted(p.name for p in docs.iterdir()) == sorted(f"{SEEDS[k]}.txt" for k in ("003", "004"))


def test_upload_reindex_and_delete_while_answering(admin_server) -> None:
    base, docs = admin_server
    body = "南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元，可在社区老年食堂就餐。老年食堂由街道统一管理。"
    added = httpx.post(
        f"{base}/api/admin/documents",
        headers=auth(),
        files={"file": ("nanning.md", body)},
        data={
            "id": "nanning-meals",
            "title": "南宁市老年助餐服务",
            "region": "南宁",
            "published": "2024-05-01",
        },
    )
    assert added.status_code == 201, added.text
    assert added.json()["id"] == "nanning-meals" and (docs / "nanning-meals.md").is_file()

    started = httpx.post(f"{base}/api/admin/reindex", headers=auth())
    assert started.status_code == 202
    deadline = time.monotonic() + 120
    answered_during = 0
    while time.monotonic() < deadline:  # the old index keeps answering while the new one builds
        assert httpx.get(f"{base}/api/search", params={"q": "桂林 居家养老"}).status_code == 200
        answered_during += 1
        if not httpx.get(f"{base}/api/admin/reindex", headers=auth()).json()["running"]:
            break
        time.sleep(0.2)
    status = httpx.get(f"{base}/api/admin/reindex", headers=auth()).json()
    assert not status["running"] and status["last_error"] is None and answered_during >= 1
    hits = httpx.get(f"{base}/api/search", params={"q": "南宁 助餐 补贴", "k": 1}).json()["results"]
    assert hits[0]["doc_id"] == "nanning-meals"

    gone = httpx.delete(f"{base}/api/admin/documents/nanning-meals", headers=auth())
    assert gone.status_code == 200 and not (docs / "nanning-meals.md").exists()
    assert httpx.delete(f"{base}/api/admin/documents/nanning-meals", headers=auth()).status_code == 404


def test_feedback_is_listed_for_admins(admin_server) -> None:
    base, _ = admin_server
    httpx.post(f"{base}/api/feedback", json={"answer_id": "a1", "helpful": False, "comment": "too long"})
    listed = httpx.get(f"{base}/api/admin/feedback", headers=auth()).json()
    assert listed[0]["answer_id"] == "a1" and listed[0]["helpful"] is False


def test_ask_is_rate_limited_per_client(admin_server) -> None:
    base, _ = admin_server
    codes = [
        httpx.post(f"{base}/api/ask", json={"question": "桂林居家养老"}, timeout=30).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[-1] == 429
