"""Score the screener (FORMATS.md section 7) and the card reader (labelled cards, section 6).

Screening: for each case, each expected benefit is found among the screen's results by document and by
name (after the section 2 normalising: the same name, or one holding the other; a bracketed qualifier in
the label, naming one tier of a benefit, must be among the card's words, or, when it states ages
('80—89周岁', '百岁以上'), be the ages the card's conditions set); a benefit the screen does not list
counts as wrong. Figures:
- `status_accuracy`: expected benefits given the expected status;
- `likely_recall`: benefits expected `likely` that were screened `likely`;
- `likely_when_not_eligible`: count of `likely` where the truth is `not_eligible` (must be 0);
- `not_eligible_when_likely`: count of `not_eligible` where the truth is `likely`;
- `names_alike`: the same figures where a benefit the names do not match is found by its name's
  likeness (`find_result(..., alike=True)`): a document naming a benefit in its own words
  ('乘坐…城市轨道交通，享受半价优惠' for a label's '公共交通半价优惠') is then scored on its status, not
  counted missing. Reported beside the section 7 figures, never instead of them.

Cards: each labelled card is paired with a card read from the same document, by name, else by the most
fields in common (on a tie, the card named most like it). A field is a condition (field, op and, where it
is a number, its value) or a gift (what, and its value where the label gives one). Precision is over the
fields read from the labelled documents (a field of a card nobody labelled counts as wrong), recall over
the labelled fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.cards.model import Card
from assistant.errors import EldercareError
from assistant.text.conditions import age_conditions
from assistant.text.script import normalise_for_match
from assistant.types import SCRIPTS

STATUSES = ("likely", "need_info", "not_eligible", "unassessed")
NAMED_ALIKE = 0.5  # the share of a label's character pairs a card's name holds to stand for it


class BadScreeningSet(EldercareError):
    """A screening set or card label line that does not follow FORMATS.md sections 6 and 7."""


def _read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise BadScreeningSet(f"{path}: no such file")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as error:
            raise BadScreeningSet(f"{path}:{number}: not JSON ({error})") from None
        if not isinstance(raw, dict):
            raise BadScreeningSet(f"{path}:{number}: each line must be a JSON object")
        raw["_line"] = number
        out.append(raw)
    return out


@dataclass(frozen=True)
class Case:
    cid: str
    question: str
    lang: str
    expect: tuple[dict[str, str], ...]


def load_cases(path: Path) -> list[Case]:
    cases = []
    for raw in _read_lines(path):
        where = f"{path}:{raw['_line']}"
        if not raw.get("id") or not raw.get("question"):
            raise BadScreeningSet(f"{where}: a case needs an id and a question")
        if raw.get("lang") not in SCRIPTS:
            raise BadScreeningSet(f"{where}: lang must be one of {', '.join(SCRIPTS)}")
        expect = raw.get("expect")
        if not isinstance(expect, list) or not expect:
            raise BadScreeningSet(f"{where}: expect must be a non-empty list")
        for item in expect:
            if not isinstance(item, dict) or not item.get("doc_id") or not item.get("name"):
                raise BadScreeningSet(f"{where}: each expected benefit needs doc_id and name")
            if item.get("status") not in STATUSES:
                raise BadScreeningSet(f"{where}: status must be one of {', '.join(STATUSES)}")
        cases.append(Case(str(raw["id"]), str(raw["question"]), str(raw["lang"]), tuple(expect)))
    return cases


def names_match(a: str, b: str) -> bool:
    x, y = normalise_for_match(a), normalise_for_match(b)
    return bool(x and y) and (x == y or x in y or y in x)


_QUALIFIER = re.compile(r"^(.*?)[（(]([^()（）]+)[)）]\s*$")


def _card_words(card: dict[str, Any]) -> str:
    parts = [card.get("name", "")]
    for key in ("conditions", "met", "failed", "unknown", "gives"):
        parts.extend(str(item.get("text", "")) for item in card.get(key) or [])
    return normalise_for_match(" ".join(parts))


def _card_ages(card: dict[str, Any]) -> set[tuple[str, float]]:
    return {
        (str(item.get("op")), float(item["value"]))
        for key in ("conditions", "met", "failed", "unknown")
        for item in card.get(key) or []
        if item.get("field") == "age" and isinstance(item.get("value"), int | float)
    }


def _ages_named(qualifier: str) -> set[tuple[str, float]]:
    """The ages a qualifier states ('80—89周岁': >= 80 and < 90), as the card reader reads them."""
    out: set[tuple[str, float]] = set()
    for condition in age_conditions(qualifier):
        if condition.low is not None:
            out.add((">=", float(condition.low)))
        if condition.high is not None:
            out.add(("<", float(condition.high)))
    return out


def label_matches(label_name: str, card: dict[str, Any]) -> bool:
    """A labelled name matches a card's: the same name, or one holding the other. A label's bracketed
    qualifier names one tier of a benefit ('公园优惠（半票）'): it must then be among the card's words
    (its name, its conditions' and gifts' words) too, or, when it states ages ('高龄津贴（80—89周岁）'),
    be the very ages the card's conditions set."""
    match = _QUALIFIER.match(label_name)
    if match and match.group(1).strip():
        base, qualifier = match.group(1), match.group(2)
        if not names_match(base, card.get("name", "")):
            return False
        ages = _ages_named(qualifier)
        if ages and ages == _card_ages(card):
            return True
        return normalise_for_match(qualifier) in _card_words(card)
    return names_match(label_name, card.get("name", ""))


def name_overlap(label_name: str, card: dict[str, Any]) -> float:
    """The share of a label's character pairs a card's name holds: ties between cards holding as many of
    a label's fields go to the one named most like it ('普通门诊诊查费减收', '减收普通门诊诊查费')."""
    pairs = _bigrams(normalise_for_match(label_name))
    return len(pairs & _bigrams(normalise_for_match(card.get("name", "")))) / len(pairs) if pairs else 0.0


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def find_result(
    results: Sequence[dict[str, Any]], doc_id: str, name: str, alike: bool = False
) -> dict[str, Any] | None:
    """The result standing for a labelled benefit: by name (section 7); with `alike`, failing that, the
    card of its document named most like it ('公共交通半价优惠' for '乘坐…城市轨道交通，享受半价优惠'), when its
    name holds at least NAMED_ALIKE of the label's character pairs."""
    same_doc = [r for r in results if r["doc_id"] == doc_id]
    exact = [r for r in same_doc if normalise_for_match(r["name"]) == normalise_for_match(name)]
    if exact:
        return exact[0]
    named = next((r for r in same_doc if label_matches(name, r)), None)
    if named is not None or not alike or not same_doc:
        return named
    best = max(same_doc, key=lambda r: name_overlap(name, r))
    return best if name_overlap(name, best) >= NAMED_ALIKE else None


@dataclass
class _Tally:
    scored: int = 0
    right: int = 0
    likely_truth: int = 0
    likely_found: int = 0
    likely_when_not: int = 0
    not_when_likely: int = 0

    def add(self, truth: str, got: str | None) -> None:
        self.scored += 1
        self.right += got == truth
        if truth == "likely":
            self.likely_truth += 1
            self.likely_found += got == "likely"
            self.not_when_likely += got == "not_eligible"
        if truth == "not_eligible" and got == "likely":
            self.likely_when_not += 1

    def figures(self) -> dict[str, Any]:
        return {
            "benefits": self.scored,
            "status_accuracy": round(self.right / self.scored, 3) if self.scored else None,
            "likely_recall": round(self.likely_found / self.likely_truth, 3) if self.likely_truth else None,
            "likely_when_not_eligible": self.likely_when_not,
            "not_eligible_when_likely": self.not_when_likely,
        }


def score_screening(cases: Sequence[Case], screen: Callable[[Case], dict[str, Any]]) -> dict[str, Any]:
    """Run `screen` on every case (it returns a section 7 screen) and score it."""
    total = _Tally()
    alike = _Tally()  # the same, a benefit found by its name's likeness where its name is not the card's
    by_lang: dict[str, _Tally] = {}
    per_case = []
    confusion: dict[str, dict[str, int]] = {s: {} for s in STATUSES}
    for case in cases:
        result = screen(case)
        rows = []
        for item in case.expect:
            found = find_result(result.get("results", []), item["doc_id"], item["name"])
            got = found["status"] if found else None
            total.add(item["status"], got)
            by_lang.setdefault(case.lang, _Tally()).add(item["status"], got)
            confusion[item["status"]][got or "missing"] = (
                confusion[item["status"]].get(got or "missing", 0) + 1
            )
            like = found or find_result(result.get("results", []), item["doc_id"], item["name"], alike=True)
            alike.add(item["status"], like["status"] if like else None)
            rows.append(
                {
                    **item,
                    "got": got,
                    "card": found["card"] if found else None,
                    **({"alike": like["card"], "got_alike": like["status"]} if like and not found else {}),
                }
            )
        per_case.append({"id": case.cid, "lang": case.lang, "place": result.get("place"), "benefits": rows})
    return {
        "cases": len(cases),
        **total.figures(),
        "by_lang": {lang: tally.figures() for lang, tally in sorted(by_lang.items())},
        "confusion": confusion,
        "names_alike": alike.figures(),
        "per_case": per_case,
    }


# ---- cards against labelled cards --------------------------------------------------------------------
def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def condition_key(raw: dict[str, Any]) -> tuple[Any, ...]:
    number = _number(raw.get("value"))
    return (raw.get("field"), raw.get("op"), raw.get("about"), number)


def _gift_matches(label: dict[str, Any], read: dict[str, Any]) -> bool:
    if label.get("what") != read.get("what"):
        return False
    wanted = _number(label.get("value"))
    return wanted is None or _number(read.get("value")) == wanted


def _fields(card: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return list(card.get("conditions") or []), list(card.get("gives") or [])


def _matched(label: dict[str, Any], read: dict[str, Any]) -> tuple[int, int]:
    """(label fields found in the read card, read fields the label holds)."""
    label_conditions, label_gives = _fields(label)
    read_conditions, read_gives = _fields(read)
    label_keys = [condition_key(c) for c in label_conditions]
    read_keys = [condition_key(c) for c in read_conditions]
    found = sum(1 for k in label_keys if k in read_keys) + sum(
        1 for g in label_gives if any(_gift_matches(g, r) for r in read_gives)
    )
    held = sum(1 for k in read_keys if k in label_keys) + sum(
        1 for r in read_gives if any(_gift_matches(g, r) for g in label_gives)
    )
    return found, held


@dataclass
class _CardTally:
    label_fields: int = 0
    read_fields: int = 0
    found: int = 0
    held: int = 0
    cards: int = 0
    named: int = 0
    per_doc: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        return {
            "labelled_cards": self.cards,
            "cards_named": self.named,
            "field_precision": round(self.held / self.read_fields, 3) if self.read_fields else None,
            "field_recall": round(self.found / self.label_fields, 3) if self.label_fields else None,
            "labelled_fields": self.label_fields,
            "read_fields": self.read_fields,
        }


def load_card_labels(path: Path) -> list[dict[str, Any]]:
    labels = _read_lines(path)
    for raw in labels:
        if not raw.get("doc_id") or not raw.get("name"):
            raise BadScreeningSet(f"{path}:{raw['_line']}: a labelled card needs doc_id and name")
    return labels


def score_cards(
    labels: Sequence[dict[str, Any]], cards_of: Callable[[str], list[Card]], language_of: Callable[[str], str]
) -> dict[str, Any]:
    total = _CardTally()
    by_lang: dict[str, _CardTally] = {}
    per_doc = []
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for label in labels:
        by_doc.setdefault(str(label["doc_id"]), []).append(label)
    for doc_id, doc_labels in by_doc.items():
        read = [c.to_json() for c in cards_of(doc_id)]
        tallies = (total, by_lang.setdefault(language_of(doc_id), _CardTally()))
        pairs: list[tuple[dict[str, Any], dict[str, Any] | None, bool]] = []
        free = list(range(len(read)))
        for label in doc_labels:  # by name first
            hit = next((i for i in free if label_matches(str(label["name"]), read[i])), None)
            if hit is not None:
                free.remove(hit)
            pairs.append((label, read[hit] if hit is not None else None, hit is not None))
        for n, (label, card, _) in enumerate(pairs):  # then by the most fields in common
            if card is None and free:
                best = max(
                    free,
                    key=lambda i: (sum(_matched(label, read[i])), name_overlap(str(label["name"]), read[i])),
                )
                if sum(_matched(label, read[best])):
                    free.remove(best)
                    pairs[n] = (label, read[best], False)
        rows = []
        for label, card, named in pairs:
            found, held = _matched(label, card) if card else (0, 0)
            label_total = sum(len(x) for x in _fields(label))
            read_total = sum(len(x) for x in _fields(card)) if card else 0
            for tally in tallies:
                tally.cards += 1
                tally.named += named
                tally.label_fields += label_total
                tally.found += found
                tally.read_fields += read_total
                tally.held += held
            rows.append(
                {
                    "label": label["name"],
                    "card": card["id"] if card else None,
                    "named": named,
                    "found": f"{found}/{label_total}",
                    "held": f"{held}/{read_total}",
                }
            )
        unpaired = sum(sum(len(x) for x in _fields(read[i])) for i in free)
        for tally in tallies:
            tally.read_fields += unpaired
        per_doc.append({"doc_id": doc_id, "cards": rows, "unlabelled_cards": [read[i]["id"] for i in free]})
    return {
        **total.figures(),
        "by_lang": {k: v.figures() for k, v in sorted(by_lang.items())},
        "per_doc": per_doc,
    }
