"""Which documents may answer: the stage between scored sentences and the sentences quoted. A document about
another place, another year, or lacking the benefit the question names is set aside with its reason; a
translation is set aside where the same text is published in the asker's language."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant.answer import checks
from assistant.answer.evidence import Sentence, topical_score
from assistant.cards.model import Card
from assistant.cards.read import title_name
from assistant.index.corpus import Passages
from assistant.query import Query
from assistant.text.crosslingual import synonyms
from assistant.text.script import to_simplified
from assistant.text.sentences import sentence_spans
from assistant.types import Chunk, Document, Script

MAX_DOCUMENTS = 2  # documents whose sentences may be quoted
# A benefit asked in one language is the benefit a document in the other names when their names' meanings
# (USE cosine) are this close and no benefit of the knowledge base is closer (README, issue 18).
MIN_NAME_COSINE = 0.5


class DocumentChunks:
    """An index's chunks by document, for reading a whole answering document (its limits, the day its
    rules take effect), not only the passages retrieved."""

    def __init__(self, chunks: Passages | list[Chunk]) -> None:
        self._chunks = chunks
        self._by_document: dict[str, list[Chunk]] = {}
        if not isinstance(chunks, Passages):
            for chunk in chunks:
                self._by_document.setdefault(chunk.doc_id, []).append(chunk)

    def of(self, doc_id: str) -> list[Chunk]:
        if isinstance(self._chunks, Passages):
            return self._chunks.of_document(doc_id)
        return self._by_document.get(doc_id, [])

    def sentences(self, document: Document) -> Iterator[Sentence]:
        """Every sentence of the document, in reading order."""
        for chunk in self.of(document.doc_id):
            for start, end in sentence_spans(chunk.text, chunk.start):
                yield Sentence(document, chunk, start, end, 0.0)

    def first_sentence(self, document: Document, holds: Callable[[str], bool]) -> Sentence | None:
        """The first sentence of the document, in reading order, whose text `holds`."""
        return next((s for s in self.sentences(document) if holds(s.text)), None)


@dataclass
class Answering:
    documents: list[Document] = field(default_factory=list)  # best first, at most MAX_DOCUMENTS
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail) of each set aside
    other_place_best: float = 0.0  # the best evidence of a document about another place, ahead of them
    held_elsewhere: set[str] = field(default_factory=set)  # benefits asked another place's documents hold
    lacked_here: set[str] = field(default_factory=set)  # ... that a document about the asked place lacks

    def reason(self) -> tuple[str, str]:
        """Why nothing answers: a document about the asked place that fails on something else says more
        than another place's document ('Shanghai's regulation does not state the amount', not 'no
        Shanghai'). But a benefit that only a page about a wider region lacks, and another place's page
        holds, is not what we lack (Guangzhou's card asked of in Foshan: a Guangdong-wide page lacks
        the card, Guangzhou's pages hold it; Foshan is what we lack)."""
        told = [
            r
            for r in self.reasons
            if not (r[0] == "benefit" and r[1] in self.held_elsewhere and r[1] not in self.lacked_here)
        ]
        return next((r for r in told if r[0] != "place"), (told or self.reasons or [("weak", "")])[0])

    def place_reason(self) -> tuple[str, str]:
        return next(r for r in self.reasons if r[0] == "place")


class BenefitNames:
    """The benefits the knowledge base names (its cards' names and its documents' own), to find a benefit
    asked in one language in a document of the other: '家居看护津贴' is the 'Home Caregiving Grant' of an
    English page. `synonyms` adds, to the glossary's, the closest name of the other language when its
    meaning is close enough (MIN_NAME_COSINE) and no name of the asker's language is closer."""

    def __init__(self, names: Sequence[str], embed: Callable[[list[str]], np.ndarray] | None) -> None:
        self._names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()
        self.synonyms = lru_cache(maxsize=4096)(self._synonyms)

    def _matrix(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                assert self._embed is not None
                self._vectors = self._embed(self._names) if self._names else np.zeros((0, 1))
            return self._vectors

    def _synonyms(self, term: str) -> list[str]:
        out = synonyms(term)
        if self._embed is None or not self._names or not _names_a_benefit(term):
            return out
        vector = self._embed([term])[0]
        cosines = self._matrix() @ vector
        best = int(np.argmax(cosines))
        name = self._names[best]
        if cosines[best] >= MIN_NAME_COSINE and name.isascii() != term.isascii():
            out = [*out, name.lower() if name.isascii() else to_simplified(name)]
        return out


def benefit_names_of(documents: Iterable[Document], cards: Iterable[Card]) -> list[str]:
    """The benefits a knowledge base names: its documents' own (their titles') and its cards'."""
    own = [name for document in documents if (name := title_name(document))]
    return [*own, *(card.name for card in cards)]


def _names_a_benefit(term: str) -> bool:
    """A whole name ('家居看护津贴', 'Home Caregiving Grant'), not a generic word ('津贴', 'allowance')."""
    return len(term.split()) >= 2 if term.isascii() else len(term) >= 4


def answering_documents(
    query: Query, scored: list[Sentence], covering: Callable[[str], list[str]] = synonyms
) -> Answering:
    """The documents of the scored sentences, best first, that pass the place, year and benefit checks
    (`covering`: the other names a benefit asked may go by in a document, as BenefitNames.synonyms)."""
    out = Answering()
    named: set[str] = set()  # documents checked for the benefit asked, and found to name it
    in_order = _documents_in_order(scored)
    for document in in_order:
        if _twin_in_asker_language(document, in_order, query.script):
            continue  # the same text published in the asker's language answers instead
        missing_places = checks.missing_places(query.places, document)
        if missing_places:
            out.reasons.append(("place", ", ".join(missing_places)))
            out.held_elsewhere |= {  # names this page was checked for and holds (not merely unchecked)
                name
                for name, candidates in checks.benefits_to_check(query.benefits, document, synonyms)
                if checks.benefit_covered(candidates, document, covering, True)
            }
            if not out.documents:
                out.other_place_best = max(
                    out.other_place_best,
                    max(topical_score(s) for s in scored if s.document.doc_id == document.doc_id),
                )
            continue
        missing_years = checks.missing_years(query.years, document)
        if missing_years:
            out.reasons.append(("year", ", ".join(missing_years)))
            continue
        benefit = checks.missing_benefit(query.benefits, document, synonyms, covering, bool(query.places))
        if benefit:
            out.reasons.append(("benefit", benefit))
            if checks.document_places(document) & set(query.places):
                out.lacked_here.add(benefit)
            continue
        out.documents.append(document)
        if checks.benefits_to_check(query.benefits, document, synonyms):
            named.add(document.doc_id)
    # Where a page is found to name the benefit asked, pages that could not be checked for it (in the
    # other language, which the glossary cannot look in) do not answer: a Macao allowance's monthly sum is
    # no answer to how much Singapore's grant pays.
    if named:
        out.documents = [d for d in out.documents if d.doc_id in named]
    # A page naming the benefit asked in so many words beats one holding its words apart: 'Senior
    # Citizen Card' is Hong Kong's card, not Macao's 'Subsidy for Senior Citizens' whose page also
    # mentions an identity card.
    phrased = [d for d in out.documents if checks.names_as_phrase(query.benefits, d)]
    if phrased:
        out.documents = phrased
    out.documents = out.documents[:MAX_DOCUMENTS]
    return out


def _twin_in_asker_language(document: Document, others: list[Document], script: Script) -> bool:
    """Another version of this document (same region and publication date) in the asker's language."""
    if (document.language == "en") == (script == "en") or not document.published:
        return False
    return any(
        other.doc_id != document.doc_id
        and (other.language == "en") == (script == "en")
        and other.published == document.published
        and other.region == document.region
        for other in others
    )


def _documents_in_order(scored: list[Sentence]) -> list[Document]:
    seen: dict[str, Document] = {}
    for sentence in scored:
        seen.setdefault(sentence.document.doc_id, sentence.document)
    return list(seen.values())
