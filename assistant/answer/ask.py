"""The assistant: question -> retrieval -> checked evidence -> extractive, cited answer (or abstention).

The stages, each a module with typed inputs and outputs:
    understand (query.py)           question -> Query
    retrieval (retrieval/)          Query -> passages (Hit)
    sentence scorer (evidence.py)   passages -> scored sentences: is there evidence enough to answer?
    documents (documents.py)        scored sentences -> the documents that may answer, or why none does
    choose (choose.py, ranker.py)   -> the sentences to quote, ranked by a fitted model, and those only cited
    verdict (verdict.py)            -> yes / no / depends with its checklist, where one is asked
    composer and guard (compose.py) -> the Answer, or an abstention
`Assistant` runs them in order and keeps the session.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.answer.checks import benefit_covered, head_held, place_covered
from assistant.answer.checks import states_asked as states_kind
from assistant.answer.choose import Thresholds, choose, enough_evidence, overlaps, states_asked
from assistant.answer.compose import Refused, abstain, compose
from assistant.answer.documents import BenefitNames, DocumentChunks, answering_documents, benefit_names_of
from assistant.answer.evidence import Sentence, candidate_sentences, score_sentences, topical_score
from assistant.answer.llm import LLMWriter
from assistant.answer.ranker import Ranker
from assistant.answer.session import (
    MAX_TURNS,
    InMemorySessionStore,
    Session,
    SessionStore,
    Turn,
    new_session_id,
)
from assistant.answer.verdict import Verdicts
from assistant.cards.answer import screen_answer
from assistant.cards.book import CardBook
from assistant.cards.read import papers_listed
from assistant.cards.screen import Screener
from assistant.errors import BadQuery
from assistant.index.sentences import sentence_text
from assistant.query import Query, understand
from assistant.retrieval.retriever import Retriever
from assistant.text.kinds import MAY_GO_UNSTATED, states, states_start
from assistant.text.segment import latin_words
from assistant.types import SCRIPTS, Answer, Document, Hit

__all__ = ["ANSWER_PASSAGES", "Assistant", "Thresholds"]

ANSWER_PASSAGES = 15  # passages whose sentences compete to answer (measured: 10 -> 0.896, 15 and 20 -> 0.902)
SENTENCE_CACHE = 50_000  # sentence vectors kept (512 floats each: about 100 MB at the limit)
RELATEDNESS_MODEL = "use-m3"  # the embedder whose raw cosine tells an off-topic question
SECOND_RELATEDNESS_MODEL = "e5-small"  # the second opinion on it (see Assistant._off_topic)


@dataclass
class Evidence:
    """What the quoting stage reads: the passages retrieved, their sentences scored best first, and the
    documents that may answer."""

    hits: list[Hit]
    scored: list[Sentence]
    documents: list[Document]


class Assistant:
    """`ask` is thread-safe; heavy parts (models, indexes) live in the retriever, loaded once."""

    def __init__(
        self,
        retriever: Retriever,
        sessions: SessionStore | None = None,
        thresholds: Thresholds | None = None,
        max_question_chars: int = 4000,
        writer: LLMWriter | None = None,
        cards_dir: Path | None = None,
    ) -> None:
        self.retriever = retriever
        self.sessions = sessions or InMemorySessionStore()
        self.thresholds = thresholds or Thresholds()
        self.max_question_chars = max_question_chars
        self.writer = writer
        self._sentence_model = retriever.embedders.get("use-m3") or next(
            iter(retriever.embedders.values()), None
        )
        self._sentence_vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self.documents = DocumentChunks(retriever.chunks)
        # The policy cards of the build, with the staff corrections of `cards_dir` laid over them.
        self.cards = CardBook(retriever.cards, retriever.documents, cards_dir)
        self.verdicts = Verdicts(self.documents, self.cards.cards_of)
        self.screener = Screener(self.cards, self.sessions)
        model = self._sentence_model
        self.benefit_names = BenefitNames(
            benefit_names_of(retriever.documents.values(), retriever.cards),
            (lambda texts: model.embed(texts, kind="passage")) if model is not None else None,
        )

    # ---- the one entry point -------------------------------------------------------------------
    def ask(self, question: str, session_id: str | None = None, lang: str | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            raise BadQuery("the question is empty")
        if len(question) > self.max_question_chars:
            raise BadQuery(
                f"the question is {len(question)} characters; the limit is {self.max_question_chars}"
            )
        if lang is not None and lang not in SCRIPTS:
            raise BadQuery(f"lang must be one of {', '.join(SCRIPTS)}")
        session = (self.sessions.get(session_id) if session_id else None) or Session(
            session_id or new_session_id()
        )
        query = understand(
            question,
            lang,  # type: ignore[arg-type]
            previous=session.last,
            profile=session.profile if session.last else None,
        )
        query = replace(query, tokens=tuple(self.retriever.query_tokens(query)))
        profile = query.profile

        answer = self.screened(query, session.last) or self._answer(query)
        if self.writer is not None and answer.answered:
            answer = self.writer.rewrite(question, answer, self.retriever.documents)
        turn = Turn(
            question,
            query.topic,
            tuple(dict.fromkeys(c.doc_id for c in answer.citations)),
            screened=answer.screen is not None,
        )
        self.sessions.put(replace(session, profile=profile, turns=(*session.turns, turn)[-MAX_TURNS:]))
        return replace(answer, session_id=session.session_id, answer_id=uuid.uuid4().hex, profile=profile)

    # ---- the stages, in order ------------------------------------------------------------------
    def screened(self, query: Query, previous: Turn | None = None) -> Answer | None:
        """'What can my father get?' with a place: the benefit screen, when any benefit there fits. A
        follow-up to a screen that states a fact of the person ('佢有永久居民身份證') screens again."""
        again = (
            previous is not None
            and previous.screened
            and query.follow_up
            and query.profile.tells_of_person()
            and query.topicless
        )
        if not again and (not (query.asks_screen and query.places) or query.benefits or query.kind):
            return None
        if not query.places:
            return None
        screen = self.screener.screen_for(
            query.profile, query.places[0], query.script, query.flavour, query.asked_about
        )
        return screen_answer(query, screen, self.cards.documents, again=again)

    def _answer(self, query: Query) -> Answer:
        found = self.evidence(query)
        status = query.profile.status_region
        if (
            isinstance(found, Answer)
            and (found.abstain_reason or "").startswith(("benefit", "place", "weak"))
            and query.getting
            and status
            and status not in query.places
        ):
            # Whether someone holding another place's status may get something ('澳门永久性居民，住在珠海，
            # 可以领敬老金吗？'): where they live has no page, or none holding it; the place of their
            # status may. (How a card is used where they live is asked of that place.)
            of_status = self.evidence(replace(query, places=(status,)))
            if not isinstance(of_status, Answer):
                return self.quote(replace(query, places=(status,)), of_status)
        return found if isinstance(found, Answer) else self.quote(query, found)

    def evidence(self, query: Query) -> Answer | Evidence:
        """Retrieval, the sentence scorer and the documents that may answer; an abstention when the
        evidence is too weak, off topic, or about another place."""
        hits = self.retriever.search(query, k=ANSWER_PASSAGES, distinct=False)
        sentences = candidate_sentences(hits)
        if not sentences:
            return abstain(query, ("nothing retrieved", ""), [])
        if self._off_topic(hits) and not self._names_what_we_hold(query, hits):
            return abstain(query, ("off topic", ""), [])
        scored = score_sentences(
            self.retriever,
            query.asks_start,
            query.asked_ages,
            list(query.tokens),
            sentences,
            self._similarities(query.topic, sentences),
            query.profile,
            query.kind,
            place_fit=(lambda doc_id: self.retriever.place_fit(doc_id, query.places))
            if query.places
            else None,
        )
        answering = answering_documents(query, scored, self.benefit_names.synonyms)
        if not answering.documents:
            return abstain(query, answering.reason(), hits)

        allowed = {d.doc_id for d in answering.documents}
        candidates = [s for s in scored if s.document.doc_id in allowed]
        best = candidates[0] if candidates else None  # the best evidence
        figure = query.kind in ("amount", "fee") or query.fee is not None
        if best is None or not enough_evidence(candidates, self.thresholds, query.script == "en", figure):
            return abstain(query, ("weak", ""), hits)
        if max(map(topical_score, candidates)) < self.thresholds.fallback_share * answering.other_place_best:
            # Another place's document answers far better than any about the asked place: what is
            # left is a near miss (a national outline for a district's subsidy), not the answer.
            return abstain(query, ("place_weak", ", ".join(query.places)), hits)
        return Evidence(hits, scored, answering.documents)

    def _names_what_we_hold(self, query: Query, hits: list[Hit]) -> bool:
        """The question names a benefit a retrieved document holds ('長者咭唔見咗點算？': a lost card, in
        words far from any passage's), or a word of its title no other document uses ('…a Pioneer?'):
        about what we hold, however it is put."""
        documents = {h.document.doc_id: h.document for h in hits}.values()
        if any(
            benefit_covered(list(candidates), document, self.benefit_names.synonyms)
            for _, candidates in query.benefits
            for document in documents
        ):
            return True
        if query.places and any(
            head_held(name, document) and place_covered(query.places[0], document)
            for name, _ in query.benefits
            for document in documents
        ):
            return True  # 'Macao's personal alarm allowance': '平安通' on a Macao page
        words = {d.doc_id: latin_words(d.search_text.lower()) for d in documents}
        return any(
            word in latin_words(document.title.lower())
            and not any(word in words[other.doc_id] for other in documents if other is not document)
            for word in query.words
            for document in documents
        )

    def _off_topic(self, hits: list[Hit]) -> bool:
        """A question about something else than what we hold: far from every passage by USE's raw cosine
        (`min_related`) and by e5's (`min_related_e5`). A short question in everyday words ('云浮有没有
        日间照料中心？') can sit far from the passages by USE and close by e5; a weather or a stock question
        is far by both."""
        nearest = max((h.cosines.get(RELATEDNESS_MODEL, 1.0) for h in hits), default=1.0)
        if nearest >= self.thresholds.min_related:
            return False
        if SECOND_RELATEDNESS_MODEL not in self.retriever.embedders:
            return True
        nearest_e5 = max((h.cosines.get(SECOND_RELATEDNESS_MODEL, 0.0) for h in hits), default=0.0)
        return nearest_e5 < self.thresholds.min_related_e5

    def quote(self, query: Query, evidence: Evidence, ranker: Ranker | None = None) -> Answer:
        """The sentences to quote (ranked by `ranker`, the fitted one by default), the verdict where one
        is asked, composed and guarded."""
        hits, scored = evidence.hits, evidence.scored
        choice = choose(
            scored,
            evidence.documents,
            query.kind,
            query.role,
            self.thresholds,
            query.asks_start,
            ranker,
            query.asks_machinery,
            query.asks_services and not query.kind,
            query.figures,
            query.online,
        )
        chosen, further = choice.quoted, choice.further
        if query.kind == "documents":
            # Where the answering document lists the papers to bring, the list leads, in its own order.
            listed = self.papers_listed(chosen[0].document)
            if not listed and not any(states(query.kind, s.text) for s in (*chosen, *further)):
                # A page that names no paper to bring does not answer which papers to bring.
                return abstain(query, ("kind", query.kind), hits)
            rest = [c for c in chosen if not any(overlaps(c, s) for s in listed)]
            chosen = [*listed, *rest][: max(len(listed), self.thresholds.max_sentences)]
        if query.asks_start and not any(states_start(s.text) for s in chosen):
            # The day a rule takes effect is stated once, often in a last article no passage retrieved
            # holds: take it from the passages cited for further reading, else read the answering
            # document for it, and lead with it.
            start = next((s for s in further if states_start(s.text)), None)
            start = start or self.documents.first_sentence(chosen[0].document, states_start)
            if start is not None:
                chosen, further = [start, *chosen], [s for s in further if s is not start]
        if (
            query.kind
            and query.kind not in MAY_GO_UNSTATED
            and not any(states_asked(query, s, self.benefit_names.synonyms) for s in chosen)
        ):
            # A passage of the leading document cited for further reading that states what was asked
            # is quoted after all.
            lead = chosen[0].document.doc_id
            stating = [
                s
                for s in further
                if s.document.doc_id == lead and states_asked(query, s, self.benefit_names.synonyms)
            ][:1]
            if not stating and query.kind == "fee":
                # whether one pays is stated once, often on a line of its own ('收费标准' over '不收费'):
                # read the answering document for it
                line = self.documents.first_sentence(
                    chosen[0].document, lambda text: states_kind("fee", text)
                )
                stating = [line] if line is not None and not any(overlaps(line, c) for c in chosen) else []
            if not stating:
                return abstain(query, ("kind", query.kind), hits)
            chosen, further = [*chosen, *stating], [s for s in further if s not in stating]
        refusal = None
        if query.asks_verdict:
            chosen += self.verdicts.deciding(query.profile, chosen, scored)
            refusal = self.verdicts.refusing(scored, chosen, query.tokens, query.combining)
            if refusal is not None and not any(overlaps(refusal, c) for c in chosen):
                chosen.append(refusal)
        composed = compose(query, chosen, self.verdicts, refusal, further=further)
        if isinstance(composed, Refused):
            return abstain(query, ("guard", composed.problems), [])
        return composed

    def papers_listed(self, document: Document) -> list[Sentence]:
        """The sentences where a document lists the papers to bring (`cards.read.papers_listed`)."""
        spans = papers_listed(document)
        return [s for s in self.documents.sentences(document) if any(s.start <= a < s.end for a, _ in spans)]

    def _similarities(self, question: str, sentences: list[Sentence]) -> np.ndarray:
        """Cosine of the question with each sentence (USE). Sentence vectors come from the build, made
        at ingestion; a sentence the build lacks is embedded here and cached."""
        model = self._sentence_model
        if model is None:
            return np.zeros(len(sentences), dtype=np.float32)
        held = self.retriever.sentences
        if held is not None and held.model != model.name:
            held = None
        rows = [held.row(s.chunk.chunk_id, s.start, s.end) if held else None for s in sentences]
        keys = [(s.document.doc_id, s.start, s.end) for s in sentences]
        missing = [
            i
            for i, (row, key) in enumerate(zip(rows, keys, strict=True))
            if row is None and key not in self._sentence_vectors
        ]
        asked = sentence_text(question)
        if model.name in self.retriever.embedders:
            question_vector = self.retriever.query_vector(model.name, asked)  # the search's, when it used it
        else:
            question_vector = model.embed([asked], kind="query")[0]
        vectors = model.embed([sentence_text(sentences[i].text) for i in missing], kind="passage")
        matrix = np.zeros((len(sentences), model.dim), dtype=np.float32)
        stored = [i for i, row in enumerate(rows) if row is not None]
        if stored and held is not None:
            matrix[stored] = held.vectors[[rows[i] for i in stored]]
        with self._cache_lock:
            if len(self._sentence_vectors) > SENTENCE_CACHE:
                self._sentence_vectors.clear()
            for i, vector in zip(missing, vectors, strict=True):
                self._sentence_vectors[keys[i]] = vector
            for i, row in enumerate(rows):
                if row is None:
                    matrix[i] = self._sentence_vectors[keys[i]]
        return np.clip(matrix @ question_vector, 0.0, 1.0)
