"""Sentence spans: an abbreviation's full stop ends no sentence."""

from __future__ import annotations

from assistant.text.sentences import sentence_spans


def pieces(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_an_abbreviations_full_stop_ends_no_sentence() -> None:
    text = "Send the form to P.O. Box No. 42 in Taipa. Bring e.g. a recent photo. Ask Dr. Lee for the letter."
    assert pieces(text) == [
        "Send the form to P.O. Box No. 42 in Taipa.",
        "Bring e.g. a recent photo.",
        "Ask Dr. Lee for the letter.",
    ]


def test_full_stops_semicolons_and_lines_still_end_sentences() -> None:
    assert pieces(
        "老人可以申请补贴。申请时带身份证；户口簿和相片也要一起带上。\nThe card is free. It lasts five years."
    ) == [
        "老人可以申请补贴。",
        "申请时带身份证；",
        "户口簿和相片也要一起带上。",
        "The card is free.",
        "It lasts five years.",
    ]


def test_one_mark_opens_a_list_item_for_every_stage() -> None:
    from assistant.text.sentences import LIST_ITEM

    for item in (
        "• 年满65岁",
        "1. 年满65岁",
        "2、年满65岁",
        "(3) aged 65",
        "（一）年满65岁",
        "(二) 独居",
        "三、独居",
        "a) aged 65",
    ):
        assert LIST_ITEM.match(item), item
    for line in ("年满六十五周岁者", "2025年起施行", "The applicant must"):
        assert not LIST_ITEM.match(line), line


def test_a_short_value_under_a_short_heading_is_one_statement_with_it() -> None:
    text = "网址：https://example.cn）\n\n七、收费标准\n\n不收费\n\n八、办理依据\n\n《某某条例》等相关规定。"
    pieces = [text[start:end] for start, end in sentence_spans(text)]
    assert "七、收费标准\n\n不收费" in pieces  # the value reads with its heading
    assert "不收费" not in pieces and "八、办理依据" not in pieces  # a numbered heading heads nothing alone
    english = "Fees\n\nFree\n\nApply online at the portal."
    assert [english[a:b] for a, b in sentence_spans(english)] == [
        "Fees\n\nFree",
        "Apply online at the portal.",
    ]
