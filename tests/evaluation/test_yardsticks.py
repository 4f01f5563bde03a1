"""The two independent yardsticks as CI gates (issue 12): the field set (questions on our knowledge base
written independently of the code) and the transfer set (unseen documents, independent questions).
Copies of ../shared/field and ../shared/transfer live in eval/ so a clean clone can run them. Floors sit a
little under the measured values (README, 'Evaluation'), so noise passes and a real drop fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import cli

pytestmark = pytest.mark.slow

FIELD_FLOORS = {
    "answer_coverage": 0.63,  # what a reader sees (issue 18): measured 0.650
    "recall@5": 0.97,
    "fact_coverage": 0.84,
    "citation_relevance": 0.92,
    "abstention_accuracy": 0.89,
}
FIELD_MAX_FALSE_ABSTENTION = 0.06
TRANSFER_FLOORS = {
    "answer_coverage": 0.68,  # measured 0.701
    "recall@5": 0.97,
    "fact_coverage": 0.85,
    "citation_relevance": 0.85,
    "abstention_accuracy": 0.85,
}
TRANSFER_MAX_FALSE_ABSTENTION = 0.08


def run_eval(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "run.json"
    result = cli("eval", *args, "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def check(run: dict, floors: dict[str, float], max_false: float) -> None:
    metrics = {**run["retrieval"], **run["answer"]}
    low = {k: metrics[k] for k, floor in floors.items() if metrics[k] < floor}
    assert not low, f"below the floor: {low}"
    assert metrics["false_abstention_rate"] <= max_false
    assert metrics["citation_validity"] == 1.0
    assert metrics["yes_when_no"] == 0  # a family told 'yes' where the rule says no applies and is refused
    assert run["errors"] == 0 and run["skipped"] == []


def test_field_set_keeps_its_floors(real_index: Path, tmp_path: Path) -> None:
    run = run_eval(
        tmp_path, "--index", str(real_index), "--questions", str(ROOT / "eval" / "field" / "questions.jsonl")
    )
    assert run["questions"] == 130
    check(run, FIELD_FLOORS, FIELD_MAX_FALSE_ABSTENTION)
    for lang, metrics in run["by_lang"].items():
        assert metrics["recall@5"] >= 0.93, lang


def test_transfer_set_keeps_its_floors(tmp_path: Path) -> None:
    transfer = ROOT / "eval" / "transfer"
    run = run_eval(
        tmp_path, "--documents", str(transfer / "documents"), "--questions", str(transfer / "questions.jsonl")
    )
    assert run["questions"] == 80 and run["documents"] == 13
    check(run, TRANSFER_FLOORS, TRANSFER_MAX_FALSE_ABSTENTION)
