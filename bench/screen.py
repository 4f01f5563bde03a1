"""Screen latency: the screener at the real size (the bundled build and its cards) and with synthetic
cards at the 100k-passage size (about 9,000 documents, two cards each, spread over the gazetteer's cities).

    .venv/bin/python -m bench.screen [--index kb/index] [--documents 9000] [--rounds 200]

Prints one JSON object: p50/p95 of a screen from a question (understand + screen), from a profile and a
place, and of `ask` when it routes to the screener, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.runtime import configure_threads  # noqa: E402

configure_threads(2)

from assistant.answer.ask import Assistant  # noqa: E402
from assistant.cards.book import CardBook  # noqa: E402
from assistant.cards.model import Card, Cite, Criterion, Give  # noqa: E402
from assistant.retrieval.retriever import Retriever  # noqa: E402
from assistant.text.places import gazetteer  # noqa: E402
from assistant.types import Document, Profile  # noqa: E402
from bench.ingest_search import percentiles  # noqa: E402

QUESTIONS = [
    "我爸85歲住喺澳門，有咩可以攞？",
    "My mother is 66 and has Guangzhou household registration. What can she get?",
    "我爸92歲住桂林，有咩可以攞？",
    "My father was born in 1945 and became a Singapore citizen in 1970. What can he get?",
    "我阿公80歲，住在臺灣，有什麼補助可以申請？",
]


def timed(rounds: int, call) -> dict[str, float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(rounds):
        started = time.perf_counter()
        call(i)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)  # seconds in, milliseconds out


def synthetic_book(documents: int, seed: int = 7) -> tuple[CardBook, list[str]]:
    """`documents` documents of random cities, two cards each (an age threshold, a ceiling, an amount)."""
    rng = random.Random(seed)
    cities = [p.key for p in gazetteer().places.values() if p.level == "city"]
    docs, cards = [], []
    for i in range(documents):
        place = rng.choice(cities)
        text = f"Seniors aged {60 + i % 30} or above get ${100 + i % 900} each month if income is under ${2000 + i}."
        doc = Document(f"syn-{i}", f"syn-{i}.md", f"Synthetic {i}", text, text, "en", places=(place,))
        docs.append(doc)
        cite = Cite(f"syn-{i}#0", text, 0, len(text))
        for n in (1, 2):
            cards.append(
                Card(
                    f"syn-{i}#{n}",
                    doc.doc_id,
                    f"Benefit {i}.{n}",
                    "cash",
                    place=place,
                    conditions=(
                        Criterion("age", ">=", 60 + i % 30, cite),
                        Criterion("income", "<=", 2000 + i, cite, period="month"),
                    ),
                    gives=(Give("amount", f"${100 + i % 900}", cite, 100 + i % 900, "SGD", "month"),),
                )
            )
    return CardBook(cards, docs), cities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "kb" / "index")
    parser.add_argument("--documents", type=int, default=9000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    assistant = Assistant(Retriever.load(args.index))
    screener = assistant.screener
    for question in QUESTIONS:  # warm: the segmenter, the gazetteer, OpenCC
        screener.screen(question)
    real = {
        "cards": len(assistant.cards.all()),
        "question_ms": timed(args.rounds, lambda i: screener.screen(QUESTIONS[i % len(QUESTIONS)])),
        "profile_ms": timed(
            args.rounds, lambda i: screener.screen(profile={"age": 60 + i % 40}, place="广州")
        ),
        "ask_ms": timed(args.rounds // 4, lambda i: assistant.ask(QUESTIONS[i % len(QUESTIONS)])),
    }
    book, cities = synthetic_book(args.documents)
    screener.book = book
    person = Profile(age=70, income_year=20000.0)
    synthetic = {
        "documents": args.documents,
        "cards": len(book.all()),
        "screen_ms": timed(
            args.rounds,
            lambda i: screener.screen_for(replace(person, age=60 + i % 40), cities[i % len(cities)], "en"),
        ),
        "question_ms": timed(args.rounds, lambda i: screener.screen(QUESTIONS[i % len(QUESTIONS)])),
    }
    print(json.dumps({"real": real, "synthetic_100k": synthetic}, indent=2))


if __name__ == "__main__":
    main()
