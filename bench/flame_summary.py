"""Where the time goes: py-spy's collapsed stacks (bench/profile.py) counted by stage.

Each sample goes to the deepest frame of its stack that names a stage below (so an embedding made inside
`search` inside `ask` counts as embedding). Prints a Markdown table, one column per file.

    .venv/bin/python bench/flame_summary.py bench/out/flame_search_before.txt bench/out/flame_search.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (stage, pattern on a frame "function (file:line)"), most specific last: the deepest match wins.
STAGES = (
    ("understand the question", r"\bunderstand \(.*query\.py"),
    ("query tokens, cross-language words", r"\bquery_tokens \("),
    ("BM25", r"\b(scores|knows) \(.*sparse\.py|bm25s"),
    ("embedding the question", r"\bembed \(.*embed\.py"),
    ("dense candidates (FAISS search)", r"\bcandidates \(.*dense\.py"),
    ("dense scores of the candidates", r"\b(scores|rows|standardised) \(.*dense\.py"),
    ("place pool", r"\bplace_fit \(|candidates_and_signals \(.*retriever\.py:1[89]\d"),
    ("fusion", r"\b(weighted_sum|scale_by_group|group_maxima|best_per_document) \("),
    ("hits", r"<listcomp> \(.*retriever\.py:2[6-9]\d|\bHit\b"),
    ("sentence scoring", r"\b(candidate_sentences|score_sentences|_similarities) \("),
    ("documents and checks", r"\banswering_documents \(|checks\.py"),
    ("ranker and choose", r"\b(choose|rank|rank_features) \(.*(choose|ranker)\.py"),
    ("verdict", r"verdict\.py|eligibility\.py|limits\.py"),
    ("compose and guard", r"compose\.py|guard\.py|phrases\.py"),
)


def summarise(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, number = line.rpartition(" ")
        if not number.isdigit():
            continue
        stage = "other"
        for frame in stack.split(";"):
            for name, pattern in STAGES:
                if re.search(pattern, frame):
                    stage = name
        counts[stage] += int(number)
    return counts


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        raise SystemExit(__doc__)
    tables = [summarise(p) for p in paths]
    stages = [name for name, _ in STAGES] + ["other"]
    print("| stage | " + " | ".join(p.stem for p in paths) + " |")
    print("|---|" + "---|" * len(paths))
    for stage in stages:
        cells = [f"{100 * t[stage] / max(1, sum(t.values())):.1f}%" for t in tables]
        if any(t[stage] for t in tables):
            print(f"| {stage} | " + " | ".join(cells) + " |")
    print("| samples | " + " | ".join(str(sum(t.values())) for t in tables) + " |")


if __name__ == "__main__":
    main()
