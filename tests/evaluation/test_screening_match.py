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


def test_a_benefit_named_otherwise_by_the_document_is_found_by_its_name_s_likeness() -> None:
    half = {"doc_id": "d", "name": "乘坐市内线路公共汽（电）车和城市轨道交通，享受半价优惠"}
    free = {"doc_id": "d", "name": "乘坐市内线路公共汽（电）车和城市轨道交通（免费）"}
    clinic = {"doc_id": "d", "name": "减收普通门诊诊查费"}
    results = [free, half, clinic]
    assert find_result(results, "d", "公共交通半价优惠", alike=True) is half
    assert find_result(results, "d", "公共交通免费", alike=True) is free
    assert find_result(results, "d", "普通门诊诊查费减收", alike=True) is clinic
    # by section 7's names alone none is found; a name sharing too little is no match, and another
    # document's card never is
    assert find_result(results, "d", "公共交通半价优惠") is None
    assert find_result(results, "d", "长者院舍照顾服务券", alike=True) is None
    assert find_result(results, "e", "普通门诊诊查费减收", alike=True) is None
