"""The staff workspace (/admin) in a real browser (Debian's Chromium) against real servers.

The main server holds a copy of the real knowledge base and index with the real embedders, so a document
published in the workspace is answered (and cited) by the chat at /. Screenshots at phone (360x780) and
desktop (1280x900) size land in artifacts/screenshots/admin-*.png.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.ingest.pipeline import ingest
from tests.conftest import KB, SEEDS
from tests.helpers import ROOT, running_server

pytestmark = pytest.mark.slow

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
TOKEN = "staff-token-for-the-browser"
ANSWER_MS = 90_000
REINDEX_MS = 180_000
UI_MS = 15_000

NEW_DOC = (
    "---\ntitle: 南宁市老年助餐服务\nregion: 南宁\npublished: unknown\n---\n"
    "南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元，可在社区老年食堂就餐。"
    "老年食堂由街道统一管理，开放时间为每天11时至13时。\n首页 | 登录 | 网站地图\n"
)
NEW_QUESTION = "南宁市80岁老人助餐每餐补贴多少钱？"
OUT_OF_SCOPE = "What is the Age Pension in Australia? Call me on 0412 345 678."
TINY_SET = (
    '{"id": "a1", "question": "How do I apply for a Senior Citizen Card in Hong Kong?", "lang": "en", '
    '"type": "howto", "relevant_docs": ["hk-senior-citizen-card-en"], "answer_facts": [], "answerable": true}\n'
)


def _axe():
    """The shared axe-core helper (tests/web/axe.py) when it exists."""
    try:
        from tests.web import axe  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(axe, "serious_violations", None)


def check_accessible(page) -> None:
    serious = _axe()
    if serious is not None:
        found = serious(page)
        assert not found, found


@pytest.fixture(scope="module")
def real_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A copy of kb/documents and its index (the real embedders): admin on, unanswered questions kept,
    pages from 127.0.0.1 allowed."""
    root = tmp_path_factory.mktemp("admin-real")
    shutil.copytree(KB, root / "docs")
    bundled = ROOT / "kb" / "index"
    if (bundled / "CURRENT").is_file():
        shutil.copytree(bundled, root / "index", ignore=shutil.ignore_patterns("LOCK"))
    else:
        from assistant.settings import get_settings

        ingest(root / "docs", root / "index", get_settings().embedder_names)
    env = {
        "ELDERCARE_ADMIN_TOKEN": TOKEN,
        "ELDERCARE_DATA_DIR": str(root / "var"),
        "ELDERCARE_KEEP_UNANSWERED": "1",
        "ELDERCARE_FETCH_ALLOW_PRIVATE": "1",
        "ELDERCARE_ASK_RATE_PER_MINUTE": "1000",
    }
    with running_server(
        "--index", str(root / "index"), "--documents", str(root / "docs"), env=env, ready_timeout=300
    ) as url:
        yield url, root / "docs"


def _small_server(root: Path, **env: str):
    docs = root / "docs"
    docs.mkdir(parents=True)
    for key in ("003", "004"):
        shutil.copy(KB / f"{SEEDS[key]}.txt", docs)
    ingest(docs, root / "index", ["hash-64"])
    full = {"ELDERCARE_EMBEDDERS": "hash-64", "ELDERCARE_DATA_DIR": str(root / "var"), **env}
    return running_server("--index", str(root / "index"), "--documents", str(docs), env=full)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield chromium
        chromium.close()


class Tab:
    def __init__(self, browser, base: str, viewport: dict[str, int]):
        self.context = browser.new_context(base_url=base, viewport=viewport, locale="en-US")
        self.context.set_default_timeout(UI_MS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def check_clean(self) -> None:
        assert not self.errors, self.errors
        assert not any(TOKEN in line for line in self.console), "the token reached the console"
        assert not any(TOKEN in url for url in self.requests), "the token was sent in a URL"
        assert not any("0412" in line or "Age Pension" in line for line in self.console)
        assert self.context.cookies() == [], "the workspace sets no cookie"
        assert not any("Content Security Policy" in line for line in self.console), self.console
        # served by us: no request leaves 127.0.0.1
        assert all(url.startswith(("http://127.0.0.1", "data:", "about:")) for url in self.requests)


@pytest.fixture
def open_tab(browser) -> Iterator:
    tabs: list[Tab] = []

    def opener(base: str, viewport=DESKTOP) -> Tab:
        tab = Tab(browser, base, viewport)
        tabs.append(tab)
        return tab

    yield opener
    for tab in tabs:
        tab.context.close()


def sign_in(page, token: str = TOKEN) -> None:
    page.goto("/admin")
    expect(page.locator("#signin")).to_be_visible()
    page.fill("#token", token)
    page.locator("#signin-form button[type=submit]").click()


def ask_in_chat(page, question: str):
    page.goto("/")
    page.fill("#question", question)
    page.press("#question", "Enter")
    card = page.locator(".log .turn").last.locator(".answer-card")
    expect(card).to_be_visible(timeout=ANSWER_MS)
    return card


def wait_answerable(page, doc_id: str) -> None:
    """After publishing: the index view shows the reindex, then says the document is answerable."""
    expect(page.locator("#global-status")).to_contain_text(f"{doc_id} is answerable now", timeout=REINDEX_MS)


# ---------- the whole round trip, desktop ----------


def test_publish_answer_edit_delete_and_evaluate(open_tab, real_base, tmp_path: Path) -> None:
    base, docs = real_base
    tab = open_tab(base)
    page = tab.page

    # sign in: a wrong token is refused plainly, the right one opens the documents table
    sign_in(page, "not-the-token")
    expect(page.locator("#signin-error")).to_contain_text("not right")
    page.screenshot(path=str(SHOTS / "admin-signin-desktop.png"), full_page=True)
    sign_in(page)
    expect(page.locator("#workspace")).to_be_visible()
    rows = page.locator("#doc-rows tr")
    expect(rows).to_have_count(24)
    assert page.evaluate("sessionStorage.getItem('eldercare.admin.token')") == TOKEN
    assert TOKEN not in page.url
    check_accessible(page)

    # sort by date (newest first on the second click) and filter
    page.locator('th[data-sort="published"] button').click()
    page.locator('th[data-sort="published"] button').click()
    assert page.locator('th[data-sort="published"]').get_attribute("aria-sort") == "descending"
    dates = [
        d for d in page.locator("#doc-rows tr td:nth-child(4)").all_inner_texts() if re.match(r"\d{4}-", d)
    ]
    assert dates == sorted(dates, reverse=True)
    page.fill("#doc-filter", "Hong Kong")
    assert 0 < rows.count() < 24
    page.fill("#doc-filter", "")
    page.screenshot(path=str(SHOTS / "admin-documents-desktop.png"), full_page=True)

    # add a document whose date cannot be read: the preview warns and shows what cleaning dropped
    page.click('a[href="#add"]')
    new_file = tmp_path / "nanning-meals.md"
    new_file.write_text(NEW_DOC, encoding="utf-8")
    page.set_input_files("#file-input", str(new_file))
    expect(page.locator("#preview")).to_be_visible(timeout=60_000)
    expect(page.locator("#preview-warnings")).to_contain_text("published 'unknown' is not a date")
    expect(page.locator("#draft-id")).to_have_value("nanning-meals")
    expect(page.locator("#draft-title")).to_have_value("南宁市老年助餐服务")
    expect(page.locator("#draft-published")).to_have_value("")
    expect(page.locator("#dropped-summary")).to_contain_text("1 line(s) dropped")
    expect(page.locator("#preview-text .chunk-label").first).to_have_text("chunk 0")
    check_accessible(page)
    page.screenshot(path=str(SHOTS / "admin-preview-unknown-date-desktop.png"), full_page=True)

    # publish it as it is: the document is kept, with the warning in the table
    page.click("#publish")
    expect(page.locator("#view-index")).to_be_visible()
    try:  # the reindex takes about 2 s at this size: catch it running when the machine allows
        expect(page.locator("#reindex")).to_be_disabled(timeout=3_000)
        page.screenshot(path=str(SHOTS / "admin-reindex-running-desktop.png"), full_page=True)
    except AssertionError:
        pass
    wait_answerable(page, "nanning-meals")
    page.screenshot(path=str(SHOTS / "admin-index-after-publish-desktop.png"), full_page=True)
    assert (docs / "nanning-meals.md").is_file()
    page.click('a[href="#documents"]')
    row = page.locator('#doc-rows tr[data-id="nanning-meals"]')
    expect(row).to_contain_text("no date")
    expect(row.locator(".warn-cell")).to_contain_text("published 'unknown'")

    # edit its date, save and reindex: the warning goes, the date shows
    row.locator(".doc-link").click()
    expect(page.locator("#doc-heading")).to_have_text("南宁市老年助餐服务")
    expect(page.locator("#doc-warnings")).to_contain_text("unknown")
    page.fill("#doc-published", "2024-05-01")
    page.locator('#doc-form button[data-reindex="1"]').click()
    expect(page.locator("#doc-form-status")).to_contain_text("reindexing")
    assert "published: '2024-05-01'" in (docs / "nanning-meals.md").read_text(encoding="utf-8")
    # the page reopens the document once the reindex has finished: the warning is gone
    expect(page.locator("#doc-warnings")).to_be_hidden(timeout=REINDEX_MS)
    expect(page.locator("#doc-published")).to_have_value("2024-05-01")
    page.screenshot(path=str(SHOTS / "admin-document-date-edited-desktop.png"), full_page=True)
    page.click('a[href="#index"]')
    expect(page.locator("#reindex-status")).to_contain_text("Reindex finished", timeout=REINDEX_MS)
    expect(page.locator("#build")).to_contain_text("25")
    page.click('a[href="#documents"]')
    expect(row.locator("td").nth(3)).to_have_text("2024-05-01")
    expect(row.locator(".warn-cell")).to_have_text("")
    check_accessible(page)

    # the chat answers from it, and cites it
    chat = open_tab(base)
    card = ask_in_chat(chat.page, NEW_QUESTION)
    assert card.get_attribute("data-answered") == "true"
    expect(card).to_contain_text("3元")
    expect(card).to_contain_text("南宁市老年助餐服务")
    chat.page.screenshot(path=str(SHOTS / "admin-chat-cites-new-document-desktop.png"), full_page=True)
    card.locator(".feedback-no").click()  # filed under "not helpful" in the unanswered view
    expect(card.locator(".feedback-no")).to_have_count(0)

    # delete it, after a confirmation that names it
    page.click('a[href="#documents"]')
    row.locator(".doc-link").click()
    page.click("#doc-delete")
    dialog = page.locator("#confirm-delete")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("南宁市老年助餐服务")
    expect(dialog).to_contain_text("nanning-meals")
    page.screenshot(path=str(SHOTS / "admin-delete-confirm-desktop.png"))
    page.click("#confirm-yes")
    expect(page.locator("#view-index")).to_be_visible()
    expect(page.locator("#global-status")).to_contain_text("Deleted nanning-meals")
    expect(page.locator("#reindex-status")).to_contain_text("Reindex finished", timeout=REINDEX_MS)
    assert not (docs / "nanning-meals.md").exists()
    page.click('a[href="#documents"]')
    expect(rows).to_have_count(24)
    gone = ask_in_chat(chat.page, NEW_QUESTION)
    assert "南宁市老年助餐服务" not in gone.inner_text()

    # run an evaluation with a tiny uploaded set and open its report in the page
    page.click('a[href="#evaluation"]')
    page.check('#eval-form input[value="upload"]')
    tiny = tmp_path / "tiny.jsonl"
    tiny.write_text(TINY_SET, encoding="utf-8")
    page.set_input_files("#eval-file", str(tiny))
    page.locator("#eval-form button[type=submit]").click()
    expect(page.locator("#eval-status")).to_contain_text("Evaluation finished", timeout=REINDEX_MS)
    first_run = page.locator("#run-rows tr").first
    expect(first_run).to_contain_text("tiny.jsonl")
    first_run.get_by_role("button", name="Open report").click()
    frame = page.frame_locator("#report-frame")
    expect(frame.locator("h1")).to_contain_text("valuation")
    expect(frame.locator("svg").first).to_be_visible()
    check_accessible(page)
    page.screenshot(path=str(SHOTS / "admin-evaluation-report-desktop.png"), full_page=True)

    # the unanswered view (kept on this server): an abstention, grouped, its phone number stripped
    ask_in_chat(chat.page, OUT_OF_SCOPE)
    page.click('a[href="#unanswered"]')
    groups = page.locator("#group-rows tr")
    expect(groups.filter(has_text="Australia")).to_contain_text("pension and allowances")
    expect(groups.filter(has_text="Australia")).to_contain_text("[phone number]")
    assert "0412" not in page.locator("#view-unanswered").inner_text()
    nanning = groups.filter(has_text="Nanning")  # not helpful while published, no answer once deleted
    expect(nanning.locator("td").nth(2)).to_have_text("1")
    expect(nanning.locator("td").nth(3)).to_have_text("1")
    page.screenshot(path=str(SHOTS / "admin-unanswered-on-desktop.png"), full_page=True)

    # sign out forgets the token
    page.click("#sign-out")
    expect(page.locator("#signin")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('eldercare.admin.token')") is None
    tab.check_clean()
    chat_errors = chat.errors
    assert not chat_errors, chat_errors


# ---------- phone size ----------


def test_phone_sign_in_documents_and_add_by_url(open_tab, real_base, tmp_path: Path) -> None:
    import http.server
    import threading

    base, docs = real_base
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "meals.html").write_text(
        "<html><head><title>南宁市老年助餐</title></head><body><nav>首页 | 登录</nav>"
        "<p>南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元。</p></body></html>",
        encoding="utf-8",
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder)),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        tab = open_tab(base, PHONE)
        page = tab.page
        sign_in(page)
        expect(page.locator("#doc-rows tr").first).to_be_visible()
        # nothing wider than the screen but the table, which scrolls inside its box
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        page.screenshot(path=str(SHOTS / "admin-documents-phone.png"), full_page=True)
        # the interface in 繁體: labels, headers and the page's language follow
        page.click('button[data-ui-lang="zh-Hant"]')
        expect(page.locator('.tabs a[data-view="add"]')).to_have_text("新增文件")
        expect(page.locator('th[data-sort="published"] button')).to_have_text("發佈日期")
        assert page.evaluate("document.documentElement.lang") == "zh-Hant"
        page.screenshot(path=str(SHOTS / "admin-documents-zh-hant-phone.png"), full_page=True)
        check_accessible(page)
        page.click('button[data-ui-lang="en"]')
        page.click('a[href="#add"]')
        # a file dropped on the drop zone is previewed like a picked one
        dropped = page.evaluate_handle(
            """() => {
              const transfer = new DataTransfer();
              transfer.items.add(new File(["南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元。"], "dropped.txt",
                                          {type: "text/plain"}));
              return transfer;
            }"""
        )
        page.dispatch_event("#file-form", "drop", {"dataTransfer": dropped})
        expect(page.locator("#preview")).to_be_visible(timeout=60_000)
        expect(page.locator("#draft-id")).to_have_value("dropped")
        page.click("#preview-cancel")
        expect(page.locator("#preview")).to_be_hidden()
        page.fill("#url-input", f"http://127.0.0.1:{server.server_address[1]}/meals.html")
        page.locator("#url-form button[type=submit]").click()
        expect(page.locator("#preview")).to_be_visible(timeout=60_000)
        expect(page.locator("#draft-source")).to_have_value(re.compile(r"/meals\.html$"))
        expect(page.locator("#preview-text")).to_contain_text("每餐补贴3元")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        page.screenshot(path=str(SHOTS / "admin-preview-url-phone.png"), full_page=True)
        page.click("#preview-cancel")  # not published
        assert not any(p.name.startswith("meals") for p in docs.iterdir())
        page.click('a[href="#index"]')
        expect(page.locator("#build")).to_contain_text("Build")
        page.screenshot(path=str(SHOTS / "admin-index-phone.png"), full_page=True)
        check_accessible(page)
        tab.check_clean()
    finally:
        server.shutdown()
        server.server_close()


# ---------- the setting off, and admin disabled ----------


def test_unanswered_off_and_admin_disabled(open_tab, tmp_path: Path) -> None:
    with _small_server(tmp_path / "off", ELDERCARE_ADMIN_TOKEN=TOKEN) as base:
        for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
            tab = open_tab(base, viewport)
            page = tab.page
            ask = page.request.post(f"{base}/api/ask", data={"question": OUT_OF_SCOPE})
            assert ask.ok
            sign_in(page)
            page.click('a[href="#unanswered"]')
            expect(page.locator("#unanswered-off")).to_be_visible()
            expect(page.locator("#unanswered-off")).to_contain_text("ELDERCARE_KEEP_UNANSWERED")
            expect(page.locator("#unanswered-on")).to_be_hidden()
            check_accessible(page)
            page.screenshot(path=str(SHOTS / f"admin-unanswered-off-{name}.png"), full_page=True)
            tab.check_clean()
    with _small_server(tmp_path / "disabled") as base:
        tab = open_tab(base, PHONE)
        tab.page.goto("/admin")
        expect(tab.page.locator("#disabled")).to_be_visible()
        expect(tab.page.locator("#disabled")).to_contain_text("ELDERCARE_ADMIN_TOKEN")
        expect(tab.page.locator("#signin")).to_be_hidden()
        check_accessible(tab.page)
        tab.page.screenshot(path=str(SHOTS / "admin-disabled-phone.png"), full_page=True)
        tab.check_clean()
