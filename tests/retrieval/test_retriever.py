"""Retrieval with the real embedders, real FAISS and bm25s over the real knowledge base."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "question",
    [
        "桂林90歲以上老人有什麼居家服務？",
        "桂林90岁以上老人有什么居家服务",
        "home care for people over 90 in Guilin",
    ],
)
def test_guilin_questions_find_seed_004_first_in_every_script(retriever, question: str) -> None:
    assert retriever.search(question, k=5)[0].document.doc_id == SEEDS["004"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("云浮市是第几批居家和社区养老服务改革试点城市？", SEEDS["003"]),
        ("雲浮市12349居家養老服務平台", SEEDS["003"]),
        ("Yunfu 12349 home care information platform", SEEDS["003"]),
        ("商丘市居家社區養老服務體系建設推進會", SEEDS["002"]),
        ("商丘市居家社区养老服务体系建设推进会讲了什么", SEEDS["002"]),
        (
            "What did Guangdong's joint meeting on elderly care services decide about the basic service list?",
            SEEDS["000"],
        ),
        ("廣東省基本養老服務體系建設聯席會議 EldExpo", SEEDS["000"]),
        ("Jiang Ling visited community elderly care service centers in Luolong District", SEEDS["001"]),
        ("Senior Citizen Card eligibility in Hong Kong", "hk-senior-citizen-card-en"),
        ("我阿媽下個月先夠65歲，而家可唔可以申請長者咭？", "hk-senior-citizen-card-en"),
        ("老年农民福利津贴每月多少钱", "tw-elderly-farmers-allowance"),
        (
            "Do retirees drawing a Guangzhou pension have to verify it every year?",
            "gz-pension-certification-2025",
        ),
    ],
)
def test_other_seeds_and_cross_language(retriever, question: str, expected: str) -> None:
    found = [hit.document.doc_id for hit in retriever.search(question, k=3)]
    assert expected in found, found


def test_home_modification_in_english_meets_its_chinese_terms(retriever) -> None:
    """The glossary carries 'grab bar', 'ramp', 'home modification' to 无障碍设施 / 无障碍设施改造."""
    tokens = retriever.query_tokens("Will the city pay for a ramp and grab bars in my mother's flat?")
    assert "无障碍" in tokens or "无障碍设施" in tokens, tokens
    found = [hit.document.doc_id for hit in retriever.search("home modification subsidy in Beijing", k=3)]
    assert "bj-home-care-regulation" in found, found


def test_an_everyday_word_no_page_uses_is_searched_as_the_rare_word_a_page_writes(retriever) -> None:
    from assistant.text.crosslingual import everyday_siblings

    assert "轨道交通" in everyday_siblings("地铁")
    assert everyday_siblings("长者咭") == []  # a scheme's names are other schemes, not its words
    assert everyday_siblings("长照") == []  # a policy term's abbreviation is the page's own
    tokens = retriever.query_tokens("桂林老人坐地铁有优惠吗？")
    assert "轨道交通" in tokens and "交通" not in tokens, tokens  # the rare word only
    found = [hit.document.doc_id for hit in retriever.search("广州老人坐地铁打几折？", k=3)]
    assert "gz-elderly-concessions" in found, found


def test_results_are_distinct_documents_with_scores(retriever) -> None:
    hits = retriever.search("老年人优待卡", k=5)
    assert len({h.document.doc_id for h in hits}) == len(hits) == 5
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(h.score >= hits[-1].score for h in hits)
    assert set(hits[0].scores) == {"bm25", "use-m3", "e5-small"}


def test_filters_by_language_and_region(retriever) -> None:
    hits = retriever.search("elderly allowance", k=5, language="zh-Hant")
    assert hits and all(h.document.language == "zh-Hant" for h in hits)
    hits = retriever.search("養老服務", k=5, region="Guilin")
    assert [h.document.doc_id for h in hits] == [SEEDS["004"]]


def test_a_place_asked_brings_its_documents_passages_and_past_a_cap_their_best_by_bm25(
    retriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    import assistant.retrieval.retriever as module
    from assistant.query import understand
    from assistant.text.places import lineage
    from bench.ingest_search import synthetic

    big = synthetic(retriever, 15_000, hnsw_above=None)  # copies of every document: many about Guilin
    query = understand("桂林90岁以上老人有什么居家服务？")
    fits = big.place_fits(query.places)
    assert [int(f) for f in fits] == [big.place_fit(d, query.places) for d in big.documents]
    # The same, document by document, for places at every level and places no document is about.
    keys = {key for d in big.documents.headers for key in d.places}
    asked_sets = [(key,) for key in keys] + [tuple(sorted(keys))[:2], ("nowhere",), ()]
    asked_sets += [(outer,) for key in keys for outer in lineage(key)]
    for asked in asked_sets:
        assert list(big.place_fits(asked)) == [big.place_fit(d, asked) for d in big.documents], asked
    assert {1, -1} <= {int(f) for asked in asked_sets for f in big.place_fits(asked)}
    covering = {int(i) for i in np.flatnonzero(fits[big._doc_of_chunk] > 0)}
    assert module.POOL < len(covering) < module.PLACE_POOL
    ids, _ = big.candidates_and_signals(query, mode="bm25")
    assert covering <= {int(i) for i in ids}  # all of them, beyond the BM25 pool's best POOL
    monkeypatch.setattr(module, "PLACE_POOL", 5)
    capped = {int(i) for i in big.candidates_and_signals(query, mode="bm25")[0]}
    raw = big.sparse.scores(big.query_tokens(query))
    best = sorted(covering, key=lambda i: -raw[i])[:5]
    assert set(best) <= capped and len(covering & capped) < len(covering)
