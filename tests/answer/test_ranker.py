"""The sentence ranker on its own: features read from scored sentences, the fitted data, the order and
the keep decision."""

from __future__ import annotations

import math

import numpy as np

from assistant.answer.evidence import Sentence, split_sentences
from assistant.answer.ranker import RANK_FEATURES, Ranker, rank_features
from assistant.types import Chunk, Document

TEXT = "高龄补贴每月发放100元。申请时需携带以下材料：\n1. 身份证；\n2. 户口簿。\n其他事项另行通知。"


def scored(scores: list[float], lexical: list[float]) -> list[Sentence]:
    doc = Document("d", "/d.md", "d", TEXT, TEXT, "zh-Hans", "桂林")
    chunk = Chunk("d#0", "d", 0, 0, len(TEXT), TEXT, TEXT, "zh-Hans")
    spans = split_sentences(chunk)
    return [
        Sentence(doc, chunk, a, b, 1.0 - 0.1 * i, lexical=lex, semantic=0.5, score=score)
        for i, ((a, b), score, lex) in enumerate(zip(spans, scores, lexical, strict=False))
    ]


def ranker(order: dict[str, float], keep: dict[str, float], bias: float, threshold: float) -> Ranker:
    return Ranker.from_json(
        {
            "order": {k: order.get(k, 0.0) for k in RANK_FEATURES},
            "keep": {k: keep.get(k, 0.0) for k in RANK_FEATURES},
            "keep_bias": bias,
            "keep_threshold": threshold,
        }
    )


def test_features_compare_each_sentence_with_the_best() -> None:
    sentences = scored([0.8, 0.4, 0.2], [0.5, 0.25, 0.0])
    rows = rank_features(sentences)
    assert rows.shape == (3, len(RANK_FEATURES))
    column = {name: rows[:, i] for i, name in enumerate(RANK_FEATURES)}
    assert list(column["score_share"]) == [1.0, 0.5, 0.25]
    assert list(column["lexical_share"]) == [1.0, 0.5, 0.0]
    assert list(column["rank"]) == [1.0, 0.5, 1 / 3]
    assert list(column["number"]) == [1.0, 1.0, 0.0]  # '100元'; the list items '1.' and '2.'
    assert list(column["list"]) == [0.0, 1.0, 0.0]  # '…以下材料：' is quoted with its items
    assert column["length"][0] == math.log1p(len(sentences[0].text)) / 6
    assert rank_features([]).shape == (0, len(RANK_FEATURES))


def test_the_order_follows_the_weights_and_keep_is_a_chance() -> None:
    sentences = scored([0.8, 0.4, 0.2], [0.1, 0.9, 0.0])
    by_words = ranker({"lexical_share": 1.0}, {"lexical_share": 4.0}, -2.0, 0.5)
    ranked = by_words.rank(sentences)
    assert [s.score for s in ranked] == [0.4, 0.8, 0.2]
    keep = {s.score: s.keep for s in ranked}
    assert np.isclose(keep[0.4], 1 / (1 + math.exp(-(4.0 * 1.0 - 2.0))))
    assert by_words.quotes(ranked[0]) and not by_words.quotes(ranked[2])  # keep 0.12 < 0.5
    assert by_words.rank([]) == []


def test_the_fitted_ranker_is_data_and_puts_a_fact_first() -> None:
    fitted = Ranker.fitted()
    assert len(fitted.order) == len(fitted.keep) == len(RANK_FEATURES)
    assert 0.0 < fitted.keep_threshold < 1.0
    # A sentence that matches the question's words and meaning best, in the best passage, leads.
    sentences = scored([0.9, 0.3, 0.2], [0.8, 0.1, 0.1])
    assert fitted.rank(sentences)[0].score == 0.9


def test_a_rule_s_machinery_is_marked_and_ranked_below_what_it_governs() -> None:
    text = (
        "对失能老年人给予居家养老服务补贴。"
        "工作人员违反本条例规定的，依照有关规定追究责任。"
        "原《老年人权益保障条例》同时废止。"
    )
    doc = Document("m", "/m.md", "m", text, text, "zh-Hans", "北京")
    chunk = Chunk("m#0", "m", 0, 0, len(text), text, text, "zh-Hans")
    spans = split_sentences(chunk)
    sentences = [Sentence(doc, chunk, a, b, 1.0, lexical=0.5, semantic=0.5, score=0.5) for a, b in spans]
    column = rank_features(sentences)[:, RANK_FEATURES.index("machinery")]
    assert list(column) == [0.0, 1.0, 1.0]
    # the fitted weights hold it against a sentence as close to the question
    fitted = Ranker.fitted()
    assert fitted.order[RANK_FEATURES.index("machinery")] < 0
    assert fitted.rank(sentences)[0].text.startswith("对失能老年人")


def test_a_page_s_title_heading_or_question_line_is_no_candidate_statement() -> None:
    from assistant.answer.evidence import candidate_sentences
    from assistant.types import Hit

    text = (
        "某市关于发展银发经济 某市关于发展银发经济增进老年人福祉的意见\n"
        "# 某市关于发展银发经济增进老年人福祉的意见\n"
        "高龄津贴：谁可以领，怎么申请？\n"
        "对80岁以上老人每月发放高龄津贴100元。\n"
    )
    doc = Document("t", "/t.md", "某市关于发展银发经济增进老年人福祉的意见", text, text, "zh-Hans", "桂林")
    chunk = Chunk("t#0", "t", 0, 0, len(text), text, text, "zh-Hans")
    found = [s.text for s in candidate_sentences([Hit(chunk, doc, 1.0, 0)])]
    assert found == ["对80岁以上老人每月发放高龄津贴100元。"], found


def test_a_title_that_is_the_page_s_first_sentence_is_still_a_statement() -> None:
    from assistant.answer.evidence import candidate_sentences
    from assistant.types import Hit

    first = "符合条件的长者即日起可申请呼援服务特别援助金,每月金额最高为澳门币一百元。"
    text = first + "\n申请人如需加装特别装置,每月另获发澳门币二十元。\n"
    doc = Document("n", "/n.md", first, text, text, "zh-Hans", "澳门")
    chunk = Chunk("n#0", "n", 0, 0, len(text), text, text, "zh-Hans")
    found = [s.text for s in candidate_sentences([Hit(chunk, doc, 1.0, 0)])]
    assert first in found, found  # a news page's title is its first sentence, figure and all
