"""How a labelled benefit is found among a screen's results (FORMATS.md section 7)."""

from __future__ import annotations

from assistant.evaluation.screening import find_result, label_matches


def _card(name: str, *ages: tuple[str, int], words: str = "") -> dict[str, object]:
    met = [{"field": "age", "op": op, "value": value, "text": words} for op, value in ages]
    return {"doc_id": "d", "name": name, "met": met}


def test_a_tier_is_matched_by_its_words_or_by_the_ages_it_names() -> None:
    eighties = _card("高龄津贴（80周岁—89周岁）", (">=", 80), ("<", 90), words="80周岁—89周岁")
    nineties = _card("高龄津贴（90周岁—99周岁）", (">=", 90), ("<", 100), words="90周岁—99周岁")
    hundred = _card("高龄津贴", (">=", 100), words="百岁以上")
    results = [hundred, eighties, nineties]
    assert find_result(results, "d", "高龄津贴（80—89周岁）") is eighties
    assert find_result(results, "d", "高龄津贴（90—99周岁）") is nineties
    assert find_result(results, "d", "高龄津贴（百岁以上）") is hundred
    # the ages must be the card's own, not a part of them; the base name must match too
    assert not label_matches("高龄津贴（80周岁以上）", eighties)
    assert not label_matches("敬老金（80—89周岁）", eighties)
    assert label_matches("公园优惠（半票）", {"name": "公园优惠", "gives": [{"text": "半票"}]})
