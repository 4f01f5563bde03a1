"""The bundled knowledge base's cards: their test cases (kb/cards/*.yaml, boundary cases of every numeric
condition) pass, and the screener is scored on the labelled sets through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ROOT, cli

pytestmark = pytest.mark.slow


def test_the_card_cases_of_the_bundled_kb_pass(real_index: Path) -> None:
    result = cli("cards", "test", "--index", str(real_index))
    assert result.returncode == 0, result.stdout + result.stderr
    passed = int(result.stdout.split(" passed")[0].split()[-1])
    assert passed >= 30  # at the limit and one unit either side, for each numeric condition


def test_a_failing_case_fails_the_command(real_index: Path, tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "hk-senior-citizen-card-en.yaml").write_text(
        "doc_id: hk-senior-citizen-card-en\ncards:\n- id: hk-senior-citizen-card-en#1\n"
        "  tests:\n  - profile: {age: 64, residence: resident}\n    expect: likely\n",
        encoding="utf-8",
    )
    result = cli("cards", "test", "--index", str(real_index), env={"ELDERCARE_CARDS_DIR": str(cards)})
    assert result.returncode == 1
    output = result.stdout + result.stderr  # failures are listed on stderr, the summary on stdout
    assert "FAIL" in output and "expected likely, got not_eligible (age >= 65)" in output
    assert "0 passed, 1 failed" in result.stdout


def test_eval_screening_and_cards_report_by_script(real_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "screen.json"
    result = cli(
        "eval",
        "--index",
        str(real_index),
        "--screening",
        str(ROOT / "eval" / "screening" / "bundled.jsonl"),
        "--cards",
        str(ROOT / "eval" / "cards" / "bundled.jsonl"),
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    screening = payload["screening"]
    assert screening["cases"] >= 30 and set(screening["by_lang"]) == {"zh-Hans", "zh-Hant", "en"}
    assert screening["likely_when_not_eligible"] == 0
    assert screening["status_accuracy"] >= 0.6  # first sight was 0.172; see README for the figures
    cards = payload["cards"]
    assert cards["labelled_cards"] >= 20 and cards["field_precision"] > 0.5 and cards["field_recall"] > 0.5


def test_a_bad_screening_set_is_a_clear_error(real_index: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "q", "lang": "fr", "expect": []}\n', encoding="utf-8")
    result = cli("eval", "--index", str(real_index), "--screening", str(bad))
    assert result.returncode == 2
    assert "lang must be one of" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_screen_command_in_three_scripts(real_index: Path, tmp_path: Path) -> None:
    env = {"ELDERCARE_DATA_DIR": str(tmp_path / "var")}
    first = cli("screen", "我爸85歲住喺澳門，有咩可以攞？", "--json", "--index", str(real_index), env=env)
    assert first.returncode == 0, first.stderr
    screen = json.loads(first.stdout)
    subsidy = next(r for r in screen["results"] if r["doc_id"] == "mo-senior-citizens-subsidy-en")
    assert screen["lang"] == "zh-Hant" and subsidy["status"] == "need_info"
    assert any("永久居民" in question for question in subsidy["ask"])
    follow = cli(
        "screen",
        "佢有永久居民身份證",
        "--json",
        "--session",
        screen["session_id"],
        "--index",
        str(real_index),
        env=env,
    )
    subsidy = next(
        r for r in json.loads(follow.stdout)["results"] if r["doc_id"] == "mo-senior-citizens-subsidy-en"
    )
    assert subsidy["status"] == "likely" and all(c["n"] for c in subsidy["met"])
    text = cli(
        "screen",
        "My mother is 66 and has Guangzhou household registration. What can she get?",
        "--index",
        str(real_index),
        env=env,
    )
    assert text.returncode == 0 and "Likely eligible" in text.stdout and "Sources:" in text.stdout
    bad = cli("screen", "--profile", "[1, 2]", "--place", "广州", "--index", str(real_index), env=env)
    assert bad.returncode == 2 and "JSON object" in bad.stdout + bad.stderr


def test_labelled_cards_of_a_document_without_cards_score_as_missed(real_index: Path, tmp_path: Path) -> None:
    labels = tmp_path / "cards.jsonl"
    label = {"doc_id": "no-such-document", "name": "Allowance", "kind": "cash", "conditions": [], "gives": []}
    labels.write_text(json.dumps(label) + "\n", encoding="utf-8")
    out = tmp_path / "cards.json"
    result = cli("eval", "--index", str(real_index), "--cards", str(labels), "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    cards = json.loads(out.read_text(encoding="utf-8"))["cards"]
    assert cards["labelled_cards"] == 1 and cards["cards_named"] == 0
