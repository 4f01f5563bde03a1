"""The web chat and the operator console in a real browser (Debian's Chromium) against the real server.

Screenshots at phone (360x780) and desktop (1280x900) size land in artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, running_server
from tests.web.axe import serious_violations

pytestmark = pytest.mark.slow

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
ANSWER_MS = 90_000  # one /api/ask on a cold index (models warm up on the first question)
UI_MS = 10_000

GUILIN = "我父親92歲，住在桂林，可以得到什麼居家服務？"
HK_CARD_HANS = "我妈妈64岁，住在香港，可以申请长者咭吗？"
HK_CARD_EN = "How do I apply for a Senior Citizen Card in Hong Kong?"
OUT_OF_SCOPE = "At what age does the Australian Age Pension start?"

# Characters that differ between the two scripts, in matching order: enough to tell which one a text uses.
HANT_ONLY = "們這個來說麼為與長歲裡國會後時學關體點過還應種樣區東華經動實現發對開問處條當請機認護務資證聯適療齡壽據親務購買"
HANS_ONLY = "们这个来说么为与长岁里国会后时学关体点过还应种样区东华经动实现发对开问处条当请机认护务资证联适疗龄寿据亲务购买"


def script_of(text: str) -> str:
    hant = sum(text.count(c) for c in HANT_ONLY)
    hans = sum(text.count(c) for c in HANS_ONLY)
    if not hant and not hans:
        return "en"
    return "zh-Hant" if hant > hans else "zh-Hans"


@pytest.fixture(scope="module")
def base(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        "ELDERCARE_DATA_DIR": str(tmp_path_factory.mktemp("web-var")),
        "ELDERCARE_ASK_RATE_PER_MINUTE": "1000",
    }
    with running_server("--index", str(real_index), env=env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", autouse=True)
def screenshots_dir() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


class Tab:
    """A page in a fresh context, with what the page printed to its console and any script errors."""

    def __init__(self, browser, base: str, viewport: dict[str, int], locale: str, clipboard: bool = False):
        self.context = browser.new_context(
            base_url=base,
            viewport=viewport,
            locale=locale,
            permissions=["clipboard-read", "clipboard-write"] if clipboard else [],
        )
        self.context.set_default_timeout(UI_MS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self) -> None:
        self.context.close()

    def check_clean(self, *questions: str) -> None:
        assert not self.errors, self.errors
        for question in questions:
            assert not any(question in line for line in self.console), "a question reached the console"


@pytest.fixture
def open_tab(browser, base: str) -> Iterator:
    tabs: list[Tab] = []

    def opener(viewport=DESKTOP, locale: str = "en-US", clipboard: bool = False) -> Tab:
        tab = Tab(browser, base, viewport, locale, clipboard)
        tabs.append(tab)
        return tab

    yield opener
    for tab in tabs:
        tab.close()


def ask_in_chat(page, question: str, turn: int):
    """Type `question`, press Enter, wait for answer number `turn` (0-based) and return its card."""
    page.fill("#question", question)
    page.press("#question", "Enter")
    card = page.locator(".log .turn").nth(turn).locator(".answer-card")
    expect(card).to_be_visible(timeout=ANSWER_MS)
    return card


# ---------- the chat ----------


def test_zh_hant_answer_citation_dialog_feedback_and_read_aloud(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/")
    page.get_by_role("button", name=GUILIN).click()  # an example question, asked with one tap
    card = page.locator(".answer-card").first
    expect(card).to_be_visible(timeout=ANSWER_MS)

    assert card.get_attribute("data-answered") == "true"
    body = card.locator(".answer-body")
    assert body.get_attribute("lang") == "zh-Hant"
    text = body.inner_text()
    assert "6小時" in text
    assert script_of(text) == "zh-Hant"
    cites = body.locator("button.cite")
    assert cites.count() >= 1
    assert re.match(r"(Source|出处|出處) 1", cites.first.get_attribute("aria-label") or "")
    # eligibility as a checklist: a 92-year-old meets "90歲以上"
    expect(card.locator('.check[data-status="met"]', has_text="90歲以上")).to_be_visible()
    # the new answer sits inside the aria-live log
    assert page.locator('#log[aria-live="polite"] .answer-card').count() == 1
    # read aloud picks Taiwanese Mandarin for a 繁體 answer about Guilin
    assert card.locator(".read-aloud").get_attribute("data-speech-lang") == "zh-TW"
    page.screenshot(path=str(SHOTS / "chat-answer-desktop.png"), full_page=True)

    # the citation opens a dialog with title, date and the quote, answering sentences highlighted
    first = cites.first
    first.click()
    dialog = page.locator("#citation-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".dialog-doc-title")).to_contain_text("四度")
    expect(dialog.locator(".citation-date")).to_have_text("2019-12-23")
    expect(dialog.locator(".citation-source")).to_contain_text("桂林日報")
    expect(dialog.locator(".citation-quote").first).to_contain_text("6小時")
    marks = dialog.locator("mark.hl")
    assert marks.count() >= 1
    assert "6小時" in " ".join(marks.all_inner_texts())
    assert page.evaluate("document.activeElement.id") == "citation-close"
    page.screenshot(path=str(SHOTS / "chat-citation-desktop.png"))
    assert not serious_violations(page), serious_violations(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('cite')")

    # the sources list opens the same dialog; the close button closes it
    card.locator(".source-button").first.click()
    expect(dialog).to_be_visible()
    page.click("#citation-close")
    expect(dialog).to_be_hidden()

    # feedback: one tap, then a thank-you
    card.locator(".feedback-yes").click()
    expect(card.locator(".feedback-message--thanks")).to_have_text(re.compile("Thank you|谢谢|謝謝"))
    expect(card.locator(".feedback-yes")).to_have_count(0)

    # read aloud: the utterance gets the chosen language, with the [n] markers left out
    page.evaluate(
        """() => {
          window.__spoken = [];
          window.speechSynthesis.speak = (u) => window.__spoken.push({lang: u.lang, text: u.text});
        }"""
    )
    card.locator(".read-aloud").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "zh-TW"
    assert "[1]" not in spoken[0]["text"] and "6小時" in spoken[0]["text"]
    tab.check_clean(GUILIN)


def test_zh_hans_and_english_answers_follow_the_question_and_keep_the_session(open_tab) -> None:
    tab = open_tab(locale="zh-CN")
    page = tab.page
    page.goto("/")
    expect(page.locator("h1")).to_have_text("长者照护助手")  # interface from the browser's language

    card = ask_in_chat(page, HK_CARD_HANS, 0)
    body = card.locator(".answer-body")
    assert body.get_attribute("lang") == "zh-Hans"
    chinese = "".join(ch for ch in body.inner_text() if "\u3400" <= ch <= "\u9fff")
    assert script_of(chinese) == "zh-Hans"
    assert body.locator("button.cite").count() >= 1
    expect(card.locator('.check[data-status="not met"]')).to_contain_text("65")  # 64 is too young
    assert card.locator(".read-aloud").get_attribute("data-speech-lang") == "zh-CN"

    # a follow-up in the same conversation, in English, answered in English
    requests: list[dict] = []
    page.on("request", lambda r: requests.append(r.post_data_json) if r.url.endswith("/api/ask") else None)
    card = ask_in_chat(page, HK_CARD_EN, 1)
    body = card.locator(".answer-body")
    assert body.get_attribute("lang") == "en"
    assert script_of(body.inner_text()) == "en"
    assert "Senior Citizen Card" in body.inner_text()
    assert card.locator(".read-aloud").get_attribute("data-speech-lang") == "en"
    assert requests and requests[-1].get("session_id")  # the follow-up carried the conversation's id

    # a new conversation forgets the session
    page.click("#new-conversation")
    expect(page.locator(".log .turn")).to_have_count(0)
    ask_in_chat(page, HK_CARD_EN, 0)
    assert "session_id" not in requests[-1]
    tab.check_clean(HK_CARD_HANS, HK_CARD_EN)


def test_read_aloud_voice_follows_the_answer_language(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/")
    cases = [
        ({"lang": "zh-Hans", "answer": "年满65岁的香港居民可以申请。"}, HK_CARD_HANS, "zh-CN"),
        ({"lang": "zh-Hant", "answer": "90歲以上老人享受每月6小時的入戶援助服務。"}, GUILIN, "zh-TW"),
        ({"lang": "zh-Hant", "answer": "年滿65歲可以申請。"}, "我阿媽70歲，可唔可以申請長者咭？", "zh-HK"),
        (
            {"lang": "zh-Hant", "answer": "年滿65歲可以申請。", "profile": {"region": "Hong Kong"}},
            "長者卡如何申請",
            "zh-HK",
        ),
        ({"lang": "en", "answer": "Residents aged 65 or above are eligible."}, HK_CARD_EN, "en"),
    ]
    for answer, question, want in cases:
        got = page.evaluate("([a, q]) => window.EldercareChat.speechLang(a, q)", [answer, question])
        assert got == want, (question, got)
    tab.check_clean()


def test_out_of_scope_question_shows_not_in_our_documents(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    # a browser without speech: no read-aloud and no microphone button
    page.add_init_script(
        """for (const name of ['speechSynthesis', 'SpeechRecognition', 'webkitSpeechRecognition']) {
             Object.defineProperty(window, name, {value: undefined, configurable: true});
           }"""
    )
    page.goto("/")
    expect(page.locator("#mic")).to_be_hidden()
    card = ask_in_chat(page, OUT_OF_SCOPE, 0)
    expect(card.locator(".read-aloud")).to_have_count(0)
    assert card.get_attribute("data-answered") == "false"
    expect(card.locator(".not-found-title")).to_contain_text("Not in our documents")
    assert card.locator("button.cite").count() == 0
    assert "Age Pension" in card.inner_text() or "Australia" in card.inner_text()
    page.screenshot(path=str(SHOTS / "chat-not-found-desktop.png"), full_page=True)
    tab.check_clean(OUT_OF_SCOPE)


def test_errors_are_shown_politely(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/")
    page.click("#send")  # nothing typed
    expect(page.locator("#form-error")).to_have_text("Please type a question first.")
    assert page.locator(".log .turn").count() == 0

    # the server's 4xx replies, as the real server words them
    page.route(
        "**/api/ask",
        lambda route: route.fulfill(
            status=429, content_type="application/json", body='{"error": "rate limited: 30 a minute"}'
        ),
    )
    page.fill("#question", HK_CARD_EN)
    page.press("#question", "Enter")
    error = page.locator(".log .turn .error-card")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("Many people are asking right now")
    page.unroute("**/api/ask")
    page.route(
        "**/api/ask",
        lambda route: route.fulfill(
            status=400, content_type="application/json", body='{"error": "the question is empty"}'
        ),
    )
    page.fill("#question", HK_CARD_EN)
    page.press("#question", "Enter")
    error = page.locator(".log .turn").nth(1).locator(".error-card")
    expect(error).to_contain_text("Please check it and try again")
    expect(error).to_contain_text("the question is empty")
    assert page.input_value("#question") == HK_CARD_EN  # kept, to fix and send again
    tab.check_clean(HK_CARD_EN)


def test_language_switch_changes_the_interface(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/")
    label = page.locator('label[for="question"]')
    expect(page.locator("h1")).to_have_text("Eldercare Assistant")
    expect(label).to_have_text("Your question")

    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("h1")).to_have_text("长者照护助手")
    expect(page.locator("#send")).to_have_text("提问")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.get_by_role("button", name="简体中文").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator("h1")).to_have_text("長者照護助手")
    expect(label).to_have_text("您的問題")
    assert page.locator("#question").get_attribute("placeholder") == "在這裡輸入您的問題"
    expect(page.locator("#text-larger")).to_have_accessible_name("A+ 放大字體")

    page.reload()  # remembered
    expect(page.locator("h1")).to_have_text("長者照護助手")
    page.get_by_role("button", name="English").click()
    expect(label).to_have_text("Your question")
    assert page.title() == "Eldercare Assistant"
    tab.check_clean()


def test_until_a_language_is_picked_the_page_follows_the_questions_script(open_tab) -> None:
    tab = open_tab(locale="en-US")
    page = tab.page
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Eldercare Assistant")  # from the browser at first
    card = ask_in_chat(page, GUILIN, 0)  # asked in 繁體: the interface follows
    expect(page.locator("h1")).to_have_text("長者照護助手")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    expect(card.locator(".checklist-heading")).to_have_text("條件核對")
    expect(card.locator(".check-status").first).to_have_text(re.compile("符合"))

    page.get_by_role("button", name="English").click()  # a pick wins, and is kept
    expect(page.locator("h1")).to_have_text("Eldercare Assistant")
    # the answer's own labels stay in the answer's language: the verdict and checklist read as one
    expect(card.locator(".checklist-heading")).to_have_text("條件核對")
    expect(card.locator(".answer-heading")).to_have_text("回答")
    card = ask_in_chat(page, HK_CARD_HANS, 1)
    expect(page.locator("h1")).to_have_text("Eldercare Assistant")
    expect(card.locator(".checklist-heading")).to_have_text("条件核对")
    page.reload()
    expect(page.locator("h1")).to_have_text("Eldercare Assistant")
    tab.check_clean(GUILIN, HK_CARD_HANS)


def test_text_size_control_scales_the_page_and_is_remembered(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/")

    def body_px() -> float:
        return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))

    start = body_px()
    assert start >= 20
    expect(page.locator("#text-smaller")).to_be_disabled()
    page.click("#text-larger")
    page.click("#text-larger")
    bigger = body_px()
    assert bigger > start
    page.reload()
    assert body_px() == bigger
    assert page.evaluate("localStorage.getItem('eldercare.fontSize')") == str(int(bigger))
    for _ in range(10):
        if page.locator("#text-smaller").is_disabled():
            break
        page.click("#text-smaller")
    assert body_px() == start
    tab.check_clean()


def test_phone_layout_answer_and_citation(open_tab) -> None:
    tab = open_tab(viewport=PHONE, locale="zh-HK")
    page = tab.page
    page.goto("/")
    expect(page.locator("h1")).to_have_text("長者照護助手")
    page.screenshot(path=str(SHOTS / "chat-start-phone.png"), full_page=True)
    card = ask_in_chat(page, GUILIN, 0)
    expect(card.locator(".answer-body")).to_contain_text("6小時")

    # nothing wider than the phone, body text at least 20px
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert (
        float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.answer-body')).fontSize)"))
        >= 20
    )
    # every control is at least 48x48 CSS px (the inline [n] markers through their 48px hit area)
    small = page.evaluate(
        """() => [...document.querySelectorAll('button, a, input, textarea, select')]
            .filter((el) => el.offsetParent !== null && !el.classList.contains('cite')
                            && !el.classList.contains('skip-link'))
            .map((el) => [el.className || el.id || el.tagName, el.getBoundingClientRect()])
            .filter(([, r]) => r.width < 48 || r.height < 47.5)
            .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert not small, small
    cite = card.locator("button.cite").first
    cite.scroll_into_view_if_needed()
    box = cite.bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('button.cite') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 22],
    )
    assert hit, "the [n] marker's touch area is under 48px"
    page.screenshot(path=str(SHOTS / "chat-answer-phone.png"), full_page=True)

    cite.click()
    dialog = page.locator("#citation-dialog")
    expect(dialog).to_be_visible()
    dialog_box = dialog.bounding_box()
    assert dialog_box is not None and dialog_box["width"] <= PHONE["width"]
    expect(dialog.locator(".citation-date")).to_have_text("2019-12-23")
    page.screenshot(path=str(SHOTS / "chat-citation-phone.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    tab.check_clean(GUILIN)


# ---------- the operator console ----------


def test_console_search_filters_ask_and_copy(open_tab) -> None:
    tab = open_tab(clipboard=True)
    page = tab.page
    searches: list[str] = []
    page.on("request", lambda r: searches.append(r.url) if "/api/search" in r.url else None)
    page.goto("/console")
    expect(page.locator("#shortcut-list")).to_contain_text("Ctrl")

    # search as you type: one request for a burst of keys, results with the terms highlighted
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.input_value("#q") == ""
    page.keyboard.type("Senior Citizen Card", delay=10)
    results = page.locator("#results .result")
    expect(results.first).to_be_visible()
    expect(page.locator("#results mark.hit").first).to_be_visible()
    assert len(searches) <= 3, searches  # debounced: not one request a key
    marked = " ".join(page.locator("#results mark.hit").all_inner_texts()).lower()
    assert "senior" in marked or "card" in marked
    page.screenshot(path=str(SHOTS / "console-search-desktop.png"), full_page=False)

    # the language filter goes to the server: only 繁體 documents remain
    page.fill("#q", "長者")
    expect(results.first).to_be_visible()
    page.select_option("#f-lang", "zh-Hant")
    page.wait_for_function(
        """() => {
          const items = [...document.querySelectorAll('#results .result')];
          return document.querySelector('#results').dataset.state === 'results' && items.length > 0
            && items.every((el) => el.dataset.language === 'zh-Hant');
        }""",
        timeout=UI_MS,
    )
    # the date filter works in the page: from 2020-01-01 on
    page.fill("#f-from", "2020-01-01")
    page.dispatch_event("#f-from", "change")
    dates = page.eval_on_selector_all("#results .result", "els => els.map((el) => el.dataset.published)")
    assert all(d and d >= "2020-01-01" for d in dates), dates
    page.fill("#f-from", "")
    page.dispatch_event("#f-from", "change")
    page.select_option("#f-lang", "")

    # ask, see the checklist, copy the case note with the "c" key
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    assert page.evaluate("document.activeElement.id") == "ask-input"
    page.keyboard.type(GUILIN)
    page.keyboard.press("Enter")
    answer = page.locator("#answer .answer-text")
    expect(answer).to_contain_text("6小時", timeout=ANSWER_MS)
    expect(page.locator('#answer .check[data-status="met"]').first).to_be_visible()
    expect(page.locator("#answer #cite-1 mark.hl").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "console-desktop.png"), full_page=False)
    assert not serious_violations(page), serious_violations(page)

    page.keyboard.press("Escape")  # leave the ask box, then the one-key copy
    page.keyboard.press("c")
    expect(page.locator("#ask-status")).to_contain_text("Copied")
    note = page.evaluate("navigator.clipboard.readText()")
    assert note == page.input_value("#copy-buffer")
    text, _, rest = note.partition("\n\n[1] ")
    assert "6小時" in text and "[1]" in text
    first_citation = rest.splitlines()[0]
    assert re.match(r".+ \(2019-12-23\) 桂林日報: .*6小時", first_citation), first_citation
    assert "✓" in note  # the eligibility checklist comes last

    # Ctrl+Enter copies too, even from inside a field
    page.evaluate("navigator.clipboard.writeText('')")
    page.click("#ask-input")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("navigator.clipboard.readText().then((t) => t.length > 0)", timeout=UI_MS)
    assert page.evaluate("navigator.clipboard.readText()") == note

    # a new caller starts a new session
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    expect(page.locator("#answer")).to_be_empty()
    expect(page.locator("#copy-button")).to_be_disabled()
    tab.check_clean(GUILIN)


def test_console_phone_screenshot(open_tab) -> None:
    tab = open_tab(viewport=PHONE, locale="zh-TW", clipboard=True)
    page = tab.page
    page.goto("/console")
    expect(page.locator("h1")).to_contain_text("熱線")
    page.fill("#ask-input", HK_CARD_HANS)
    page.press("#ask-input", "Enter")
    expect(page.locator("#answer .answer-text")).to_be_visible(timeout=ANSWER_MS)
    page.fill("#q", "长者咭")
    expect(page.locator("#results .result").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "console-phone.png"), full_page=True)
    tab.check_clean(HK_CARD_HANS)


def test_console_slash_goes_to_the_search_box_without_typing_itself(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/console")
    expect(page.locator("#q")).to_be_focused()  # the page puts the cursor there
    page.keyboard.press("/")
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    assert page.input_value("#q") == ""

    # once the operator types, "/" is a character like any other
    page.keyboard.type("長者咭 / 居家养老")
    assert page.input_value("#q") == "長者咭 / 居家养老"

    # from elsewhere on the page, "/" comes back to the box and keeps what is there, selected
    page.click("#ask-input")
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    assert page.input_value("#q") == "長者咭 / 居家养老"
    selection = page.eval_on_selector("#q", "el => [el.selectionStart, el.selectionEnd]")
    assert selection == [0, len("長者咭 / 居家养老")]
    page.keyboard.press("End")  # moving in the box: "/" types again
    page.keyboard.type("/")
    assert page.input_value("#q") == "長者咭 / 居家养老/"
    tab.check_clean()


def test_console_cross_language_result_shows_the_passage_that_matched(open_tab) -> None:
    """An English query matches Beijing's Chinese regulation through its heading (北京, 居家养老) and
    through what was asked (紧急, emergency): the passage shown is one that says the latter."""
    tab = open_tab()
    page = tab.page
    page.goto("/console")
    page.fill("#q", "emergency call service Beijing home care")
    result = page.locator('#results .result[data-doc-id="bj-home-care-regulation"]')
    expect(result).to_be_visible()
    assert result.get_attribute("data-language") == "zh-Hans"
    assert not (result.get_attribute("data-chunk-id") or "").endswith("#0"), "the document's first passage"
    passage = result.locator(".passage")
    assert passage.get_attribute("lang") == "zh-Hans"
    marked = passage.locator("mark.hit").all_inner_texts()
    assert any("紧急" in text for text in marked), marked
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "console-cross-language-desktop.png"), full_page=False)
    tab.check_clean()


@pytest.mark.parametrize("path", ["/", "/console"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_no_serious_violation(open_tab, path: str, size: str) -> None:
    tab = open_tab(viewport=PHONE if size == "phone" else DESKTOP)
    page = tab.page
    page.goto(path)
    page.wait_for_load_state("networkidle")
    name = "chat" if path == "/" else "console"
    page.screenshot(path=str(SHOTS / f"a11y-{name}-{size}.png"), full_page=True)
    found = serious_violations(page)
    assert not found, "\n".join(str(v) for v in found)
    tab.check_clean()


def test_console_verdict_checklist_and_what_to_ask_the_caller(open_tab) -> None:
    tab = open_tab()
    page = tab.page
    page.goto("/console")
    page.click("#ask-input")
    page.keyboard.type("我爸爸是新加坡公民，算建国一代吗？")
    page.keyboard.press("Enter")
    verdict = page.locator("#answer .verdict")
    expect(verdict).to_have_attribute("data-verdict", "depends", timeout=ANSWER_MS)
    prompt = page.locator("#answer .ask-caller")
    expect(prompt).to_be_visible()
    assert re.search(r"birth|出生", prompt.inner_text()), prompt.inner_text()
    page.screenshot(path=str(SHOTS / "console-verdict-depends-desktop.png"), full_page=False)
    assert not serious_violations(page), serious_violations(page)

    # the caller answers: the same session decides, and the checklist shows each limit's status
    page.fill("#ask-input", "他1948年出生，1980年入籍")
    page.keyboard.press("Enter")
    expect(page.locator("#answer .verdict")).to_have_attribute("data-verdict", "yes", timeout=ANSWER_MS)
    expect(page.locator('#answer .check[data-status="met"]').first).to_be_visible()
    expect(page.locator("#answer .ask-caller")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "console-verdict-yes-desktop.png"), full_page=False)
    tab.check_clean()
