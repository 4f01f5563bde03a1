"""Sentences of retrieved passages, scored as answers to the question."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from assistant.retrieval.retriever import Retriever
from assistant.text.conditions import age_conditions
from assistant.text.kinds import NOT_EVIDENCE, states, states_start
from assistant.text.numbers import arabic_numerals
from assistant.text.script import to_simplified
from assistant.text.segment import latin_words
from assistant.text.sentences import LIST_ITEM, sentence_spans
from assistant.types import Chunk, Document, Hit, Profile

FEATURES = (
    "lexical",  # question words the sentence holds, IDF-weighted
    "semantic",  # cosine of sentence and question (sentence vectors)
    "passage",  # its passage's retrieval score, relative to the best
    "kind",  # it states the kind of answer asked for (an amount, hours, a phone number, a date)
    "start",  # 'when does it take effect' asked, and it says from when the rule applies
    "age_best",  # the age rule that fits the asker best (a 92-year-old's 90+ rule)
    "age_other",  # another age rule the asker meets, or one the asker does not meet
    "heading",  # a title, a question heading or an attachment name
    "place",  # its document is about another place than the one asked (-1), else 0
)


@dataclass(frozen=True)
class SentenceScorer:
    """A linear score of the features; weights fitted on the bundled set (eval/fit_scorer.py)."""

    weights: dict[str, float]
    bias: float = 0.0

    @classmethod
    @lru_cache(maxsize=1)
    def fitted(cls) -> SentenceScorer:
        path = resources.files("assistant.answer").joinpath("data/sentence_scorer.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: float(data["weights"][k]) for k in FEATURES}, float(data.get("bias", 0.0)))

    def score(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.weights[k] * features.get(k, 0.0) for k in FEATURES)


def topical_score(sentence: Sentence, scorer: SentenceScorer | None = None) -> float:
    """Its score without what the asker's age adds: how well it meets the question's words and meaning.
    Evidence of two places is weighed so (an age met by one place's park rule does not make another
    place's park rule a near miss)."""
    weights = (scorer or SentenceScorer.fitted()).weights
    return sentence.score - sum(weights[k] * sentence.features.get(k, 0.0) for k in ("age_best", "age_other"))


@dataclass
class Sentence:
    document: Document
    chunk: Chunk
    start: int  # offsets in document.text
    end: int
    passage_score: float
    lexical: float = 0.0
    semantic: float = 0.0
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    keep: float = 1.0  # the chance it holds what was asked (ranker.py)

    @property
    def text(self) -> str:
        return self.document.text[self.start : self.end]


def split_sentences(chunk: Chunk) -> list[tuple[int, int]]:
    """(start, end) offsets in the document text of each sentence of a chunk, trimmed of spaces."""
    return sentence_spans(chunk.text, chunk.start)


def candidate_sentences(hits: list[Hit]) -> list[Sentence]:
    """The sentences of the passages retrieved, less the lines of a page's navigation and its heading
    lines."""
    top = max((h.score for h in hits), default=1.0) or 1.0
    out: list[Sentence] = []
    for hit in hits:
        for start, end in split_sentences(hit.chunk):
            text = hit.document.text[start:end]
            if (
                _NAVIGATION.search(text)
                or _MARKDOWN_HEADING.match(text)
                or _title_line(text, hit.document)
                or _QUESTION.search(text)
            ):
                # a menu, a page's heading line ('# 北京市居家养老服务条例'), its title, or a question it
                # asks ('Senior Citizen Card: who is eligible, and how do you apply?'): no statement
                continue
            out.append(Sentence(hit.document, hit.chunk, start, end, max(0.0, hit.score / top)))
    return out


_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s")
_QUESTION = re.compile(r"[?？]\s*$")
_NOT_WORD = re.compile(r"[\W_]+")
_STATES = re.compile(r"[\d，,；;。]")  # a title with a figure or a clause break is a sentence


def _title_line(text: str, document: Document) -> bool:
    """A line that only prints the page's title (once or twice over, as some pages do), when the title
    is a heading: a page whose title is its first sentence ('…申请特别援助金,每月金额最高为澳门币一百元,…')
    states something in it."""
    if _STATES.search(document.title):
        return False
    title = _NOT_WORD.sub("", document.title).casefold()
    line = _NOT_WORD.sub("", text).casefold()
    return len(title) >= 6 and len(line) <= 2 * len(title) and (title in line or line in title * 2)


# 'Home > Services > Elderly', 'Department | Government | Brand': a page's menus and breadcrumbs
_NAVIGATION = re.compile(r"^[^。.!?！？]*?(\s[>|›»]\s(?![\d$])[^。.!?！？]*?){2,}$")


def score_sentences(
    retriever: Retriever,
    asks_start: bool,
    asked_ages: tuple[int, ...],
    question_tokens: list[str],
    sentences: list[Sentence],
    semantic: np.ndarray,
    profile: Profile,
    kind: str | None,
    place_fit: Callable[[str], int] | None = None,
    scorer: SentenceScorer | None = None,
) -> list[Sentence]:
    """Score sentences by their features (FEATURES) with the fitted weights, best first."""
    scorer = scorer or SentenceScorer.fitted()
    met_thresholds: dict[int, list[int]] = {}
    age_rules: set[int] = set()
    if profile.age is not None:
        for sentence in sentences:
            rules = age_conditions(sentence.text)
            if rules:
                age_rules.add(id(sentence))
            met = [c.low for c in rules if c.low is not None and c.low <= profile.age]
            if met:
                met_thresholds[id(sentence)] = met
    else:
        # No age given, but an age rule asked about ('90岁以上老人有什么服务'): that rule fits best.
        asked = set(asked_ages)
        for sentence in sentences if asked else []:
            met = [c.low for c in age_conditions(sentence.text) if c.low in asked]
            if met:
                met_thresholds[id(sentence)] = met
    best_fit = max((max(m) for m in met_thresholds.values()), default=None)
    # Numerals compared as digits ('六十五歲' meets '65歲'); a digit weighs as a rare word.
    unique = list(dict.fromkeys(arabic_numerals(t) for t in question_tokens))
    weights = {t: retriever.idf(t) for t in unique}
    shares = {english: _language_share(weights, "en" if english else "zh") for english in (False, True)}
    for sentence, similarity in zip(sentences, semantic, strict=True):
        plain = arabic_numerals(to_simplified(sentence.text)).lower()
        words = latin_words(plain)  # Chinese question words are looked up in `plain` itself
        matched = sum(w * _credit(t, words, plain) for t, w in weights.items())
        # Normalise by the weight one language's half of the query could match at most.
        sentence.lexical = min(1.0, matched / max(1e-6, shares[sentence.document.language == "en"]))
        sentence.semantic = float(similarity)
        met = met_thresholds.get(id(sentence))
        sentence.features = {
            "lexical": sentence.lexical,
            "semantic": sentence.semantic,
            "passage": sentence.passage_score,
            "kind": float(bool(kind) and kind not in NOT_EVIDENCE and states(kind, sentence.text)),
            "start": float(asks_start and states_start(sentence.text)),
            "age_best": float(bool(met) and max(met) == best_fit),
            "age_other": float(
                (bool(met) and max(met) != best_fit) or (not met and id(sentence) in age_rules)
            ),
            "heading": float(_is_heading(sentence)),
            # -1 for a document about another place than the one asked: it sinks, while the evidence a
            # document about the asked place needs to be answered from stays what it was
            "place": float(min(0, place_fit(sentence.document.doc_id))) if place_fit else 0.0,
        }
        sentence.score = scorer.score(sentence.features)
    return sorted(sentences, key=lambda s: s.score, reverse=True)


PARTIAL_CREDIT = (
    0.5  # measured: 0 -> coverage 0.896 / false abstention 0.006; 0.5 -> 0.896 / 0.000; 1 -> 0.888
)


def _credit(token: str, words: set[str], plain: str) -> float:
    """How much of a question word a sentence holds: all of it as a word or, for Chinese, inside a
    longer word ('补助' in '补助费'); part of it when only some of its characters occur ('健保费' and
    '保险费'), or an English word of six letters or more opens a longer one ('replace' and
    'replacement')."""
    if token in words:
        return 1.0
    if token.isascii():
        if len(token) < 6 or token not in plain or not token.isalpha():
            return 0.0  # (the substring test first: most words are in no sentence at all)
        return PARTIAL_CREDIT if any(w.startswith(token) for w in words) else 0.0
    if token in plain:
        return 1.0
    if len(token) < 2:
        return 0.0
    return PARTIAL_CREDIT * sum(ch in plain for ch in token) / len(token)


def _language_share(weights: dict[str, float], language: str) -> float:
    """The total weight of the question words written in the passage's language (Chinese or English)."""
    english = sum(w for t, w in weights.items() if t.isascii() and not t.isdigit())
    chinese = sum(w for t, w in weights.items() if not t.isascii())
    digits = sum(w for t, w in weights.items() if t.isdigit())
    return (english if language == "en" else chinese) + digits


_FILE_NAME = re.compile(r"\.(xlsx?|docx?|pdf|zip|rar|jpg|png)\s*$", re.I)
_ENDS_SENTENCE = re.compile(r"[。！？.!?；;：:）)」”\"]$")


def _is_heading(sentence: Sentence) -> bool:
    """Titles, headings, question headings and attachment names: they name a topic, answer nothing."""
    text = sentence.text.strip()
    title = sentence.document.title.rstrip("?？").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return (
        text.startswith("#")
        or bool(re.match(r"\d*[\]\)）]", text))  # the tail of a sentence cut at a bracket: '1188] or to…'
        # site navigation: several short lines, none of them a sentence ('Home | Services | Contact us')
        or (len(lines) > 1 and all(len(line) < 60 and not _ENDS_SENTENCE.search(line) for line in lines))
        or text.rstrip("?？").strip() == title
        or (text.endswith(("?", "？")) and len(text) < 120)
        or bool(_FILE_NAME.search(text))
        or (not _ENDS_SENTENCE.search(text) and len(text) < (30 if text.isascii() else 20))
    )


MAX_LIST_ITEMS = 6  # items the ranker's features count a list by (it was fitted on these)
QUOTED_LIST_ITEMS = 10  # items an answer quotes of a list (README)
# A sentence that ends in a colon, or says a list follows ('summarised as follows.', '包括以下幾項。').
_INTRODUCES_LIST = re.compile(
    r"[:：]$|as follows|the following|(?:listed|list|set out|shown) below|如下|以下[几幾]|下列", re.I
)


def with_list(sentence: Sentence, quoted: bool = False) -> tuple[int, int]:
    """A sentence that introduces a list ('服務內容如下：') together with the items that follow it, which
    are its answer: (start, end) in the document text. `quoted`: as an answer quotes it, up to
    QUOTED_LIST_ITEMS items and with blank lines between them; else as the ranker's features read it."""
    if not _INTRODUCES_LIST.search(sentence.text.rstrip()):
        return sentence.start, sentence.end
    document = sentence.document.text
    end = sentence.end
    items = 0
    while items < (QUOTED_LIST_ITEMS if quoted else MAX_LIST_ITEMS):
        newline = document.find("\n", end)
        if newline < 0:
            break
        while quoted and document[newline + 1 : newline + 2].isspace():
            newline += 1  # a blank line between items (or before the first)
        line_end = document.find("\n", newline + 1)
        line_end = len(document) if line_end < 0 else line_end
        line = document[newline + 1 : line_end]
        if not line.strip() or not LIST_ITEM.match(line) or line_end - sentence.start > 700:
            break
        end = newline + 1 + len(line.rstrip())
        items += 1
    return sentence.start, end


CLAUSE_LIMIT = 300  # characters a clause's whole sentence may run to and still be quoted whole (README)
_FULL_STOP = re.compile(r"[。！？!?]|(?<=[.])\s|\n")
_CLAUSE_END = re.compile(r"[;；]\s*$")


def as_quoted(sentence: Sentence) -> tuple[int, int]:
    """What an answer quotes of a sentence: the list it introduces (`with_list`); for an item of a list,
    the list with its introduction (`_list_holding`); for a clause cut at a semicolon ('年滿六十五歲者，
    ……；'), its whole sentence, from the full stop before it to the one after, when that runs to at most
    CLAUSE_LIMIT characters: in rules and notices the clauses of one sentence often say one rule between
    them (who, then how much), and a reader needs them together."""
    start, end = with_list(sentence, quoted=True)
    text = sentence.document.text
    if end != sentence.end:
        return start, end
    listed = _list_holding(sentence)
    if listed is not None:
        return listed
    if _CLAUSE_END.search(text[start:end]):
        stop = _FULL_STOP.search(text, end)
        if stop is not None and stop.end() - start <= CLAUSE_LIMIT:
            end = len(text[: stop.end()].rstrip())
    if _CLAUSE_END.search(text[max(0, start - 3) : start]):
        window = max(0, end - CLAUSE_LIMIT)
        stops = list(_FULL_STOP.finditer(text, window, start))
        begin = stops[-1].end() if stops else (0 if window == 0 else None)
        if begin is not None:
            begin += len(text[begin:start]) - len(text[begin:start].lstrip())
            start = begin
    return start, end


def _list_holding(sentence: Sentence) -> tuple[int, int] | None:
    """For an item of a list ('（三）提供家庭护理服务；'), the list with the sentence introducing it, when
    the item is at most QUOTED_LIST_ITEMS lines below it: an item alone does not say what it is an item of."""
    text = sentence.document.text
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if text[line_start : sentence.start].strip() or not LIST_ITEM.match(text[sentence.start :]):
        return None
    position, items = line_start, 0
    while position > 0 and items <= QUOTED_LIST_ITEMS:
        previous = text.rfind("\n", 0, position - 1) + 1
        line = text[previous : position - 1].strip()
        position = previous
        if not line:
            continue
        if LIST_ITEM.match(line):
            items += 1
            continue
        intro_end = previous + len(text[previous:].split("\n", 1)[0].rstrip())
        intro_start = previous
        for stop in _FULL_STOP.finditer(text, previous, intro_end - 1):
            intro_start = stop.end()  # the line's last sentence: after the last full stop within it
        intro_start += len(text[intro_start:intro_end]) - len(text[intro_start:intro_end].lstrip())
        intro = Sentence(sentence.document, sentence.chunk, intro_start, intro_end, 0.0)
        start, end = with_list(intro, quoted=True)
        return (start, end) if end >= sentence.end else None
    return None


QUOTE_CONTEXT_CHARS = 400


def with_context(sentence: Sentence, budget: int | None = None) -> tuple[int, int]:
    """The sentence with its neighbours in the same passage, up to `budget` characters: a quote that
    still reads on its own ('it' and 'the above' resolved) when a citation is opened. It holds all the
    answer quotes of the sentence (`as_quoted`), whatever the budget."""
    start, end = _neighbours(sentence, budget or QUOTE_CONTEXT_CHARS)
    quoted_start, quoted_end = as_quoted(sentence)
    return min(start, quoted_start), max(end, quoted_end)


def _neighbours(sentence: Sentence, budget: int) -> tuple[int, int]:
    spans = split_sentences(sentence.chunk)
    index = next((i for i, (a, b) in enumerate(spans) if a <= sentence.start < b), None)
    start, end = with_list(sentence)
    if index is None:
        return start, end
    before, after = index - 1, index + 1
    while True:
        grown = False
        if after < len(spans) and spans[after][1] - start <= budget and spans[after][0] >= end:
            end = spans[after][1]
            after += 1
            grown = True
        if before >= 0 and end - spans[before][0] <= budget:
            start = spans[before][0]
            before -= 1
            grown = True
        if not grown:
            return start, end
