"""The benefit screen in a real browser (Debian's Chromium): the chat at phone size, the console's "screen
the caller" panel, and the admin's cards (a staff correction that survives a reindex and changes a screen,
and a document edit that flags a checked card). Screenshots in artifacts/screenshots/screen-*.png."""

from __future__ import annotations

import json
import time

import pytest

from tests.web.test_admin_page import (  # noqa: F401  (fixtures)
    ANSWER_MS,
    DESKTOP,
    PHONE,
    REINDEX_MS,
    SHOTS,
    TOKEN,
    browser,
    check_accessible,
    expect,
    open_tab,
    real_base,
    sign_in,
)

pytestmark = pytest.mark.slow

MACAO_HANT = "我爸85歲住喺澳門，有咩可以攞？"
SUBSIDY = "mo-senior-citizens-subsidy-en"


def _turn(page):
    card = page.locator(".log .turn").last.locator(".answer-card")
    expect(card).to_be_visible(timeout=ANSWER_MS)
    return card


def _ask(page, question: str):
    count = page.locator(".log .turn").count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator(".log .turn")).to_have_count(count + 1, timeout=ANSWER_MS)
    return _turn(page)


def test_chat_lists_the_screen_and_a_follow_up_decides_it(open_tab, real_base) -> None:  # noqa: F811
    base, _ = real_base
    tab = open_tab(base, PHONE)
    page = tab.page
    page.goto("/")
    card = _ask(page, MACAO_HANT)
    benefit = card.locator(f'.benefit[data-card^="{SUBSIDY}"]')
    expect(benefit).to_have_attribute("data-status", "need_info")
    expect(benefit.locator(".benefit-status")).to_have_text("需要更多資料")
    benefit.locator("summary").click()
    expect(benefit.locator(".check--unknown")).to_contain_text("永久居民")
    expect(benefit.locator(".check--met button.cite")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "screen-chat-phone.png"), full_page=True)
    check_accessible(page)

    card = _ask(page, "佢有永久居民身份證")
    expect(card.locator(f'.benefit[data-card^="{SUBSIDY}"]')).to_have_attribute("data-status", "likely")
    # a citation opens its passage
    card.locator(f'.benefit[data-card^="{SUBSIDY}"] summary').click()
    card.locator(".benefit .check--met button.cite").first.click()
    expect(page.locator("dialog[open]")).to_contain_text("Permanent residents")
    page.keyboard.press("Escape")

    page.locator("#new-conversation, [data-action=new-conversation]").first.click()
    card = _ask(page, "My father is 85 and lives in Macao. What can he get?")
    expect(card.locator(f'.benefit[data-card^="{SUBSIDY}"]')).to_have_attribute("data-status", "need_info")
    card = _ask(page, "He is not a permanent resident.")
    rest = card.locator(".screen-rest")
    expect(rest.locator(f'.benefit[data-card^="{SUBSIDY}"]')).to_have_attribute("data-status", "not_eligible")
    page.screenshot(path=str(SHOTS / "screen-chat-phone-not-eligible.png"), full_page=True)
    tab.check_clean()


def test_console_screens_the_caller_and_copies_the_screen(open_tab, real_base) -> None:  # noqa: F811
    base, _ = real_base
    tab = open_tab(base, DESKTOP)
    page = tab.page
    page.goto("/console")
    page.fill("#ask-input", "My father is 85 and lives in Macao. What can he get?")
    page.press("#ask-input", "Enter")
    item = page.locator(f'#screen-results .screen-item[data-card^="{SUBSIDY}"]')
    expect(item).to_have_attribute("data-status", "need_info", timeout=ANSWER_MS)
    expect(page.locator("#s-age")).to_have_value("85")  # the form filled from what the caller said
    expect(page.locator("#s-place")).to_have_value("Macao")

    page.select_option("#s-residence", "permanent resident")
    page.click("#screen-button")
    expect(item).to_have_attribute("data-status", "likely", timeout=ANSWER_MS)
    expect(item.locator(".row-met")).to_have_count(2)
    page.locator("body").click()
    page.keyboard.press("s")
    expect(page.locator("#screen-status")).to_contain_text("copied")
    copied = page.locator("#copy-buffer").input_value()
    assert "Subsidy for Senior Citizens" in copied and "Sources:" in copied and "[1]" in copied
    page.screenshot(path=str(SHOTS / "screen-console-desktop.png"), full_page=True)

    page.select_option("#s-residence", "none")
    page.click("#screen-button")
    expect(item).to_have_attribute("data-status", "not_eligible", timeout=ANSWER_MS)
    expect(item.locator(".row-failed")).to_contain_text("Permanent residents")
    check_accessible(page)
    tab.check_clean()


def _admin_get(page, path: str) -> dict:
    response = page.request.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.ok, response.text()
    return response.json()


def _build(page) -> str:
    """The build the server answers from (it swaps to a new one when a reindex publishes it)."""
    return str(page.request.get("/readyz").json().get("build"))


def _wait_new_build(page, before: str) -> None:
    deadline = time.monotonic() + REINDEX_MS / 1000
    while _build(page) == before or page.request.get("/readyz").json().get("reindexing"):
        assert time.monotonic() < deadline, "the reindex did not finish"
        time.sleep(0.5)


def test_a_staff_correction_survives_a_reindex_changes_a_screen_and_a_document_edit_flags_it(
    open_tab,  # noqa: F811
    real_base,  # noqa: F811
) -> None:
    base, docs = real_base
    tab = open_tab(base, DESKTOP)
    page = tab.page
    sign_in(page)
    expect(page.locator("#workspace")).to_be_visible()
    row = page.locator(f'#doc-rows tr[data-id="{SUBSIDY}"]')
    expect(row.locator(".cards-cell")).to_contain_text("(0)")
    row.locator("a.doc-link").click()
    panel = page.locator("#doc-cards")
    card = panel.locator(".card-item").first
    expect(card.locator(".badge-machine")).to_be_visible()
    # a field's sentence is highlighted in the text beside it
    card.locator(".card-field").first.hover()
    expect(page.locator("#doc-text mark.cite-active").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "screen-admin-cards-desktop.png"), full_page=True)
    check_accessible(page)

    # a test case kept from a screening just run in the workspace
    trial = panel.locator("details.card-try")
    trial.locator("summary").click()
    trial.locator("textarea").fill('{"age": 70, "residence": "permanent resident"}')
    trial.locator("input[type=text]").fill("Macao")
    trial.locator("button.btn").first.click()
    result = trial.locator(f'li[data-card^="{SUBSIDY}"]')
    expect(result.locator("strong")).to_have_text("likely")
    result.locator("button").click()
    expect(panel.locator(".card-item").first.locator(".card-tests")).to_contain_text('"age":70')

    before = page.request.post(
        "/api/screen",
        data=json.dumps({"profile": {"age": 70}, "place": "Macao"}),
        headers={"Content-Type": "application/json"},
    ).json()
    assert next(r for r in before["results"] if r["doc_id"] == SUBSIDY)["status"] == "need_info"

    # correct the card: staff decide the residence condition is read elsewhere (as a test) and drop it
    card.locator("button[data-action=edit]").click()
    area = card.locator(".card-editor textarea").first
    fields = json.loads(area.input_value())
    fields["conditions"] = [c for c in fields["conditions"] if c["field"] != "residence"]
    area.fill(json.dumps(fields, ensure_ascii=False))
    card.locator(".card-editor button.btn-primary").first.click()
    expect(panel.locator(".card-item").first.locator(".badge-staff")).to_be_visible()

    # a reindex that builds anew (another document was added: an unchanged folder is not rebuilt)
    (docs / "zz-screen-test.md").write_text(
        "---\ntitle: 测试通知\nregion: 南宁\n---\n南宁市80周岁以上老年人每月可领高龄津贴100元。\n",
        encoding="utf-8",
    )
    built = _build(page)
    assert page.request.post("/api/admin/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).ok
    _wait_new_build(page, built)
    cards = _admin_get(page, f"/api/admin/documents/{SUBSIDY}/cards")
    kept = cards["cards"][0]
    assert kept["checked"] and not any(c["field"] == "residence" for c in kept["conditions"])
    after = page.request.post(
        "/api/screen",
        data=json.dumps({"profile": {"age": 70}, "place": "Macao"}),
        headers={"Content-Type": "application/json"},
    ).json()
    assert next(r for r in after["results"] if r["doc_id"] == SUBSIDY)["status"] == "likely"

    # a document edit flags the checked card for review
    page.goto("/admin")
    page.locator(f'#doc-rows tr[data-id="{SUBSIDY}"] a.doc-link').click()
    page.fill("#doc-source", "https://www.ias.gov.mo/en/ (checked again)")
    built = _build(page)
    page.locator('#doc-form button[data-reindex="1"]').click()
    _wait_new_build(page, built)
    flagged = _admin_get(page, f"/api/admin/documents/{SUBSIDY}/cards")
    assert flagged["cards_to_review"] == 1
    assert any("document changed" in note for note in flagged["cards"][0]["review"])
    page.goto("/admin")
    expect(page.locator(f'#doc-rows tr[data-id="{SUBSIDY}"] .review-flag')).to_be_visible(timeout=REINDEX_MS)
    page.locator(f'#doc-rows tr[data-id="{SUBSIDY}"] a.doc-link').click()
    expect(page.locator("#doc-cards .review")).to_contain_text("document changed")
    page.screenshot(path=str(SHOTS / "screen-admin-review-desktop.png"), full_page=True)
    tab.check_clean()
