"""Read an evaluation set (FORMATS.md section 2) into typed questions, with clear errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EldercareError
from assistant.types import SCRIPTS

TYPES = ("fact", "eligibility", "service", "howto", "out_of_scope")
VERDICTS = ("yes", "no", "depends")


class BadEvalSet(EldercareError):
    """An evaluation set line that does not follow FORMATS.md section 2."""


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    lang: str
    type: str
    relevant_docs: tuple[str, ...]
    answer_facts: tuple[str, ...]
    answerable: bool
    verdict: str | None = None  # yes | no | depends, on questions asking whether someone qualifies
    verdict_reason: str | None = None


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise BadEvalSet(f"{path}: no such question file")
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadEvalSet(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(raw, dict):
            raise BadEvalSet(f"{where}: each line must be a JSON object")
        missing = {"id", "question", "lang", "type", "answerable"} - set(raw)
        if missing:
            raise BadEvalSet(f"{where}: missing {', '.join(sorted(missing))}")
        if raw["lang"] not in SCRIPTS:
            raise BadEvalSet(f"{where}: lang {raw['lang']!r} is not one of {', '.join(SCRIPTS)}")
        if raw["type"] not in TYPES:
            raise BadEvalSet(f"{where}: type {raw['type']!r} is not one of {', '.join(TYPES)}")
        if raw.get("verdict") is not None and raw["verdict"] not in VERDICTS:
            raise BadEvalSet(f"{where}: verdict {raw['verdict']!r} is not one of {', '.join(VERDICTS)}")
        if raw["id"] in seen:
            raise BadEvalSet(f"{where}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        questions.append(
            Question(
                qid=str(raw["id"]),
                question=str(raw["question"]),
                lang=raw["lang"],
                type=raw["type"],
                relevant_docs=tuple(raw.get("relevant_docs") or ()),
                answer_facts=tuple(str(f) for f in raw.get("answer_facts") or ()),
                answerable=bool(raw["answerable"]),
                verdict=raw.get("verdict"),
                verdict_reason=raw.get("verdict_reason"),
            )
        )
    if not questions:
        raise BadEvalSet(f"{path}: no questions")
    return questions
