"""The staff workspace's API on real servers: tokens, drafts by upload and by URL (with the address checks),
metadata edits, publishing and replacing, unanswered questions (off and on), evaluation runs.

Pages to fetch are served by a real HTTP server on 127.0.0.1, which the fetcher must refuse unless
ELDERCARE_FETCH_ALLOW_PRIVATE=1.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.ingest.pipeline import ingest
from tests.conftest import KB, SEEDS
from tests.helpers import running_server

pytestmark = pytest.mark.slow
TOKEN = "workspace-token-123"
UPLOAD_LIMIT = 20_000
NANNING = "南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元，可在社区老年食堂就餐。老年食堂由街道统一管理。"
UNKNOWN_DATE = f"---\ntitle: 南宁市老年助餐服务\nregion: 南宁\npublished: unknown\nkeep_me: yes\n---\n{NANNING}\n首页 | 登录 | 网站地图\n"


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Serves the test folder, and /image.png as an image (a type the knowledge base does not take)."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/image.png":
            body = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("pages")
    (folder / "meals.html").write_text(
        "<html><head><title>南宁市老年助餐</title></head><body><nav>首页 | 登录</nav>"
        f"<p>{NANNING}</p><p>发布日期：2024-05-01</p></body></html>",
        encoding="utf-8",
    )
    (folder / "big.html").write_text(
        "<html><body>" + "<p>养老服务。</p>" * 5000 + "</body></html>", encoding="utf-8"
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Pages(*a, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _knowledge_base(root: Path) -> tuple[Path, Path]:
    docs = root / "docs"
    docs.mkdir()
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", docs)
    ingest(docs, root / "index", ["hash-64"])
    return docs, root / "index"


def _env(root: Path, **extra: str) -> dict[str, str]:
    return {
        "ELDERCARE_EMBEDDERS": "hash-64",
        "ELDERCARE_DATA_DIR": str(root / "var"),
        "ELDERCARE_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
        "ELDERCARE_ASK_RATE_PER_MINUTE": "1000",
        **extra,
    }


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Admin on, private addresses refused, unanswered questions kept."""
    root = tmp_path_factory.mktemp("strict")
    docs, index = _knowledge_base(root)
    env = _env(root, ELDERCARE_ADMIN_TOKEN=TOKEN, ELDERCARE_KEEP_UNANSWERED="1")
    with running_server("--index", str(index), "--documents", str(docs), env=env) as base:
        yield base, docs


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Admin on, pages from 127.0.0.1 allowed (as in the browser tests), unanswered questions not kept."""
    root = tmp_path_factory.mktemp("lenient")
    docs, index = _knowledge_base(root)
    env = _env(root, ELDERCARE_ADMIN_TOKEN=TOKEN, ELDERCARE_FETCH_ALLOW_PRIVATE="1")
    with running_server("--index", str(index), "--documents", str(docs), env=env) as base:
        yield base, docs


def wait_reindexed(base: str, since: float, limit: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status = httpx.get(f"{base}/api/admin/reindex", headers=auth()).json()
        if not status["running"] and (status["last_finished"] or 0) >= since:
            return status
        time.sleep(0.2)
    raise TimeoutError("the reindex did not finish")


# ---------- tokens ----------


def test_admin_disabled_without_a_token(tmp_path: Path) -> None:
    docs, index = _knowledge_base(tmp_path)
    with running_server("--index", str(index), "--documents", str(docs), env=_env(tmp_path)) as base:
        enabled = httpx.get(f"{base}/api/admin/enabled").json()
        assert enabled["enabled"] is False and "ELDERCARE_ADMIN_TOKEN" in enabled["message"]
        assert httpx.get(f"{base}/api/admin/documents", headers=auth()).status_code == 404
        page = httpx.get(f"{base}/admin")
        assert page.status_code == 200 and "Admin is disabled" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"


def test_every_workspace_route_wants_the_token(strict) -> None:
    base, _ = strict
    assert httpx.get(f"{base}/api/admin/enabled").json()["enabled"] is True
    routes = [
        ("GET", "/api/admin/documents"),
        ("GET", "/api/admin/documents/x"),
        ("PATCH", "/api/admin/documents/x"),
        ("POST", "/api/admin/drafts"),
        ("GET", "/api/admin/build"),
        ("GET", "/api/admin/unanswered"),
        ("GET", "/api/admin/evaluations"),
        ("POST", "/api/admin/evaluations"),
    ]
    for method, path in routes:
        missing = httpx.request(method, f"{base}{path}")
        assert missing.status_code == 401, (method, path, missing.text)
        assert "Bearer" in missing.json()["error"]
        wrong = httpx.request(method, f"{base}{path}", headers=auth("not-the-token"))
        assert wrong.status_code == 403, (method, path)
    # never in a URL: a token in the query string is not a token
    assert httpx.get(f"{base}/api/admin/documents", params={"token": TOKEN}).status_code == 401
    listing = httpx.get(f"{base}/api/admin/documents", headers=auth())
    assert listing.status_code == 200 and len(listing.json()["documents"]) == 2


# ---------- drafts: bad input ----------


def test_bad_uploads_get_clear_4xx(strict) -> None:
    base, docs = strict
    before = sorted(p.name for p in docs.iterdir())
    post = lambda **kw: httpx.post(f"{base}/api/admin/drafts", headers=auth(), **kw)  # noqa: E731
    exe = post(files={"file": ("tool.exe", b"MZ\x90\x00")})
    assert exe.status_code == 415 and ".exe" in exe.json()["error"]
    big = post(files={"file": ("big.md", "养老" * UPLOAD_LIMIT)})
    assert big.status_code == 413 and "limit" in big.json()["error"]
    binary = post(files={"file": ("b.txt", bytes(range(256)))})
    assert binary.status_code == 400 and "b.txt" in binary.json()["error"]
    empty_text = post(files={"file": ("e.md", "---\ntitle: x\n---\n")})
    assert empty_text.status_code == 400
    both = post(files={"file": ("a.md", NANNING)}, data={"url": "https://example.org/"})
    assert both.status_code == 400 and "either" in both.json()["error"]
    assert post().status_code == 400
    assert sorted(p.name for p in docs.iterdir()) == before  # nothing reached the knowledge base


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("ftp://example.org/file.txt", 400, "http"),
        ("file:///etc/passwd", 400, "http"),
        ("javascript:alert(1)", 400, "http"),
        ("not a url", 400, "http"),
        ("http://", 400, "host"),
        ("http://user:pw@example.org/", 400, "password"),
        ("http://169.254.169.254/latest/meta-data/", 403, "link-local"),
        ("http://[::1]/", 403, "private"),
        ("http://10.1.2.3/", 403, "private"),
        ("http://localhost/", 403, "loopback"),
    ],
)
def test_bad_and_private_addresses_are_refused(strict, url: str, status: int, words: str) -> None:
    base, _ = strict
    response = httpx.post(f"{base}/api/admin/drafts", headers=auth(), data={"url": url}, timeout=30)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


def test_a_page_on_this_machine_is_refused_by_default(strict, pages: str) -> None:
    base, _ = strict
    response = httpx.post(f"{base}/api/admin/drafts", headers=auth(), data={"url": f"{pages}/meals.html"})
    assert response.status_code == 403 and "127.0.0.1" in response.json()["error"]


def test_fetched_pages_are_checked_for_size_and_type(lenient, pages: str) -> None:
    base, _ = lenient
    post = lambda url: httpx.post(f"{base}/api/admin/drafts", headers=auth(), data={"url": url}, timeout=30)  # noqa: E731
    big = post(f"{pages}/big.html")
    assert big.status_code == 413 and "limit" in big.json()["error"]
    image = post(f"{pages}/image.png")
    assert image.status_code == 415 and "image/png" in image.json()["error"]
    missing = post(f"{pages}/nothing-here.html")
    assert missing.status_code == 400 and "404" in missing.json()["error"]
    closed = post("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert closed.status_code == 400


def test_a_fetched_page_is_previewed_with_its_source(lenient, pages: str) -> None:
    base, _ = lenient
    draft = httpx.post(f"{base}/api/admin/drafts", headers=auth(), data={"url": f"{pages}/meals.html"})
    assert draft.status_code == 201, draft.text
    body = draft.json()
    assert body["source"] == f"{pages}/meals.html" and body["published"] == "2024-05-01"
    assert "助餐" in body["text"] and "首页" not in body["text"]
    assert body["file"] == "meals.html" and body["chunks"]


# ---------- drafts: preview, publish, replace ----------


def test_unreadable_date_warned_fixed_published_and_replaced(strict) -> None:
    base, docs = strict
    draft = httpx.post(
        f"{base}/api/admin/drafts", headers=auth(), files={"file": ("nanning meals.md", UNKNOWN_DATE)}
    )
    assert draft.status_code == 201, draft.text
    first = draft.json()
    assert first["id"] == "nanning-meals" and first["published"] is None
    assert any("published 'unknown'" in w for w in first["warnings"])
    assert any(d["reason"] == "chrome" and "首页" in d["line"] for d in first["dropped"])
    assert [c["n"] for c in first["chunks"]] == [0] and first["text"].startswith("南宁市")
    assert not (docs / "nanning-meals.md").exists()  # a draft is not published

    bad_date = httpx.post(
        f"{base}/api/admin/drafts/{first['draft']}/preview", headers=auth(), json={"published": "May 2024"}
    )
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.json()["error"]
    bad_lang = httpx.post(
        f"{base}/api/admin/drafts/{first['draft']}/preview", headers=auth(), json={"language": "fr"}
    )
    assert bad_lang.status_code == 400
    fixed = httpx.post(
        f"{base}/api/admin/drafts/{first['draft']}/preview", headers=auth(), json={"published": "2024-05-01"}
    ).json()
    assert fixed["published"] == "2024-05-01" and fixed["warnings"] == []

    since = time.time()
    published = httpx.post(
        f"{base}/api/admin/drafts/{first['draft']}/publish", headers=auth(), json={"published": "2024-05-01"}
    )
    assert published.status_code == 201, published.text
    text = (docs / "nanning-meals.md").read_text(encoding="utf-8")
    assert "published: '2024-05-01'" in text and "keep_me: true" in text and NANNING in text
    status = wait_reindexed(base, since)
    assert status["last_error"] is None and "load" in status["stages"]
    listing = httpx.get(f"{base}/api/admin/documents", headers=auth()).json()
    found = {d["id"]: d for d in listing["documents"]}["nanning-meals"]
    assert (
        found["published"] == "2024-05-01" and found["warnings"] == [] and found["file"] == "nanning-meals.md"
    )
    assert (
        httpx.post(f"{base}/api/admin/drafts/{first['draft']}/publish", headers=auth(), json={}).status_code
        == 404
    )

    # a newer version of the same document (same id, another file type) replaces it
    newer = httpx.post(
        f"{base}/api/admin/drafts",
        headers=auth(),
        files={"file": ("nanning-meals.txt", NANNING.replace("3元", "5元"))},
    ).json()
    assert newer["replaces"] == "nanning-meals.md"
    since = time.time()
    replaced = httpx.post(
        f"{base}/api/admin/drafts/{newer['draft']}/publish", headers=auth(), json={"published": "2025-01-01"}
    ).json()
    assert replaced["replaced"] == "nanning-meals.md"
    assert not (docs / "nanning-meals.md").exists() and (docs / "nanning-meals.txt").is_file()
    wait_reindexed(base, since)
    opened = httpx.get(f"{base}/api/admin/documents/nanning-meals", headers=auth()).json()
    assert "5元" in opened["text"] and opened["published"] == "2025-01-01"

    # metadata edits go to the front matter; bad values are refused
    assert httpx.patch(f"{base}/api/admin/documents/nope", headers=auth(), json={}).status_code == 404
    refused = httpx.patch(
        f"{base}/api/admin/documents/nanning-meals", headers=auth(), json={"published": "unknown"}
    )
    assert refused.status_code == 400
    since = time.time()
    edited = httpx.patch(
        f"{base}/api/admin/documents/nanning-meals",
        headers=auth(),
        json={"title": "南宁助餐（2025）", "region": "", "reindex": True},
    )
    assert edited.status_code == 200, edited.text
    front = (docs / "nanning-meals.txt").read_text(encoding="utf-8")
    assert "title: 南宁助餐（2025）" in front and "region" not in front.split("---")[1]
    wait_reindexed(base, since)
    assert (
        httpx.get(f"{base}/api/admin/documents/nanning-meals", headers=auth()).json()["title"]
        == "南宁助餐（2025）"
    )


def test_a_reindex_asked_for_while_one_runs_is_reported_running_until_it_has_run(lenient) -> None:
    base, _ = lenient
    doc_id = httpx.get(f"{base}/api/admin/documents", headers=auth()).json()["documents"][0]["id"]
    first = httpx.patch(
        f"{base}/api/admin/documents/{doc_id}", headers=auth(), json={"title": "第一稿", "reindex": True}
    )
    since = time.time()
    second = httpx.patch(
        f"{base}/api/admin/documents/{doc_id}", headers=auth(), json={"title": "第二稿", "reindex": True}
    )
    assert first.status_code == 200 and second.status_code == 200, second.text
    # the second waits for the first, which may have read the folder before it: never 'finished' between
    status = wait_reindexed(base, since)
    assert not status["queued"]
    listed = httpx.get(f"{base}/api/admin/documents", headers=auth()).json()["documents"]
    assert next(d for d in listed if d["id"] == doc_id)["title"] == "第二稿"


def test_build_and_reindex_progress_fields(strict) -> None:
    base, _ = strict
    build = httpx.get(f"{base}/api/admin/build", headers=auth()).json()
    assert build["id"] and build["bytes"] > 0 and build["documents"] >= 2 and build["built_at"]
    status = httpx.get(f"{base}/api/admin/reindex", headers=auth()).json()
    assert {"stage", "done", "total", "stages", "started_at"} <= set(status)


# ---------- unanswered ----------


def test_unanswered_questions_kept_redacted_and_grouped(strict) -> None:
    base, _ = strict
    question = "What is the Age Pension in Australia? My number is 0412 345 678, ID A123456(7)."
    answer = httpx.post(f"{base}/api/ask", json={"question": question}, timeout=60).json()
    assert answer["answered"] is False
    found = httpx.get(f"{base}/api/admin/unanswered", headers=auth()).json()
    assert found["enabled"] is True
    stored = [e["question"] for e in found["entries"]]
    assert any("Age Pension" in q for q in stored)
    assert not any("0412" in q or "345 678" in q or "123456" in q for q in stored)
    group = next(g for g in found["groups"] if g["place"] == "Australia")
    assert group["topic"] == "pension and allowances" and group["abstained"] >= 1

    answered = httpx.post(f"{base}/api/ask", json={"question": "云浮 居家养老 服务"}, timeout=60).json()
    assert answered["answered"], answered
    httpx.post(f"{base}/api/feedback", json={"answer_id": answered["answer_id"], "helpful": False})
    kinds = [e["kind"] for e in httpx.get(f"{base}/api/admin/unanswered", headers=auth()).json()["entries"]]
    assert "not helpful" in kinds


def test_unanswered_questions_not_kept_by_default(lenient) -> None:
    base, _ = lenient
    httpx.post(f"{base}/api/ask", json={"question": "What is the Age Pension in Australia?"}, timeout=60)
    found = httpx.get(f"{base}/api/admin/unanswered", headers=auth()).json()
    assert (
        found
        == {
            "enabled": False,
            "message": found["message"],
            "groups": [],
            "entries": [],
        }
        and "ELDERCARE_KEEP_UNANSWERED" in found["message"]
    )


# ---------- evaluation ----------


def test_evaluation_runs_in_the_background_and_reports(strict) -> None:
    base, _ = strict
    bad = httpx.post(
        f"{base}/api/admin/evaluations", headers=auth(), files={"questions": ("q.jsonl", "not json\n")}
    )
    assert bad.status_code == 400 and "q.jsonl:1" in bad.json()["error"]
    wrong_type = httpx.post(
        f"{base}/api/admin/evaluations", headers=auth(), files={"questions": ("q.exe", "{}")}
    )
    assert wrong_type.status_code == 415
    line = (
        '{"id": "t1", "question": "云浮 居家养老", "lang": "zh-Hans", "type": "service", '
        '"relevant_docs": ["003_31050bcf7d612f3e"], "answer_facts": [], "answerable": true}\n'
    )
    started = httpx.post(
        f"{base}/api/admin/evaluations", headers=auth(), files={"questions": ("tiny.jsonl", line)}
    )
    assert started.status_code == 202 and started.json()["started"], started.text
    run_id = started.json()["id"]
    deadline = time.monotonic() + 120
    while (run := httpx.get(f"{base}/api/admin/evaluations/{run_id}", headers=auth()).json())[
        "status"
    ] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert run["status"] == "done" and run["questions"] == 1 and run["retrieval"]["recall@5"] == 1.0
    assert httpx.get(f"{base}/api/admin/evaluations", headers=auth()).json()[0]["id"] == run_id
    report = httpx.get(f"{base}/api/admin/evaluations/{run_id}/report", headers=auth())
    assert report.status_code == 200 and "<svg" in report.text
    assert "script-src 'none'" in report.headers["content-security-policy"]
    assert httpx.get(f"{base}/api/admin/evaluations/../../etc", headers=auth()).status_code == 404
    assert (
        httpx.get(f"{base}/api/admin/evaluations/20990101T000000-00000000", headers=auth()).status_code == 404
    )


def test_a_wildcard_id_touches_no_file(strict) -> None:
    base, docs = strict
    before = sorted(p.name for p in docs.iterdir())
    for doc_id in ("*", "0*", "00?_*", "[0-9]*"):
        assert httpx.delete(f"{base}/api/admin/documents/{doc_id}", headers=auth()).status_code == 404
        edit = httpx.patch(f"{base}/api/admin/documents/{doc_id}", headers=auth(), json={"title": "x"})
        assert edit.status_code == 404
    assert sorted(p.name for p in docs.iterdir()) == before
