"""Print a Markdown table of `eldercare eval --json` runs: overall and by script, reader-side figures first.

python eval/table.py NAME=run.json [NAME=run.json ...]
"""

from __future__ import annotations

import json
import sys

KEYS = (
    ("answer_coverage", "answer cov."),
    ("lead", "lead"),
    ("precision", "precision"),
    ("sentences_per_answer", "sent./answer"),
    ("fact_coverage", "fact cov."),
    ("abstention_accuracy", "abstention"),
    ("false_abstention_rate", "false abst."),
    ("verdict_accuracy", "verdict acc."),
    ("verdict_precision", "verdict prec."),
    ("verdict_coverage", "verdict cov."),
    ("yes_when_no", "yes/no"),
    ("verdict_unasked", "unasked"),
    ("asked_again", "asked again"),
    ("recall@5", "R@5"),
    ("mrr@10", "MRR@10"),
)


def cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(args: list[str]) -> None:
    print("| set / slice | " + " | ".join(label for _, label in KEYS) + " |")
    print("|---" * (len(KEYS) + 1) + "|")
    for arg in args:
        name, path = arg.split("=", 1)
        run = json.loads(open(path, encoding="utf-8").read())
        overall = {**run["retrieval"], **run["answer"]}
        print(f"| **{name}** | " + " | ".join(cell(overall.get(k)) for k, _ in KEYS) + " |")
        for lang in ("en", "zh-Hans", "zh-Hant"):
            if lang in run["by_lang"]:
                row = run["by_lang"][lang]
                print(f"| {name}: {lang} | " + " | ".join(cell(row.get(k)) for k, _ in KEYS) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
