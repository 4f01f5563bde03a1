"""The assistant: question -> retrieval -> checked evidence -> extractive, cited answer (or abstention)."""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, replace

import numpy as np

from assistant.answer import checks
from assistant.answer.eligibility import (
    check,
    conditions,
    describe,
    free_verdict,
    protects,
    refuses,
    verdict,
)
from assistant.answer.evidence import (
    Sentence,
    candidate_sentences,
    score_sentences,
    with_context,
    with_list,
)
from assistant.answer.guard import check_answer
from assistant.answer.limits import LIMIT_FIELDS, LIMIT_KINDS, limits
from assistant.answer.llm import LLMWriter
from assistant.answer.phrases import phrase
from assistant.answer.session import (
    MAX_TURNS,
    InMemorySessionStore,
    Session,
    SessionStore,
    Turn,
    new_session_id,
)
from assistant.errors import BadQuery
from assistant.index.sentences import sentence_text
from assistant.query import Query, place_name, understand
from assistant.retrieval.retriever import Retriever
from assistant.text.crosslingual import synonyms
from assistant.text.script import to_script, to_simplified
from assistant.text.sentences import sentence_spans
from assistant.types import SCRIPTS, Answer, Chunk, Citation, Document, Finding, Hit, Profile, Script

REFUSAL_SHARE = 0.8  # a refusing rule this close to the answer's evidence decides a verdict
ANSWER_PASSAGES = 15  # passages whose sentences compete to answer (measured: 10 -> 0.896, 15 and 20 -> 0.902)
SENTENCE_CACHE = 50_000  # sentence vectors kept (512 floats each: about 100 MB at the limit)
RELATEDNESS_MODEL = "use-m3"  # the embedder whose raw cosine tells an off-topic question
_HOTLINE = re.compile(r"电话|热线|咨询|hotline|enquir|call|telephone|phone", re.I)


@dataclass(frozen=True)
class Thresholds:
    """Evidence a best sentence needs before we answer from it. Calibrated on the eval set (README)."""

    min_score: float = 0.30
    min_lexical: float = 0.05
    fallback_share: float = 0.8  # evidence left after the place check must be this close to another place's
    second_document_share: float = 0.92  # a second document is cited when its evidence is this close
    extra_sentence_share: float = 0.5  # another passage of the best document (0.75 -> 0.5: coverage +0.03)
    max_sentences: int = 3
    # Below this cosine (RELATEDNESS_MODEL) to the nearest passage a question is about something else
    # than what we hold: 0.9 x the lowest of any answerable question of the fitting sets (README).
    min_related: float = 0.226


class Assistant:
    """`ask` is thread-safe; heavy parts (models, indexes) live in the retriever, loaded once."""

    def __init__(
        self,
        retriever: Retriever,
        sessions: SessionStore | None = None,
        thresholds: Thresholds | None = None,
        max_question_chars: int = 4000,
        writer: LLMWriter | None = None,
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
        self._by_document: dict[str, list[Chunk]] | None = None
        self._limit_sentences: dict[str, list[tuple[Chunk, int, int, frozenset[str]]]] = {}

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

        answer = self._answer(query)
        if self.writer is not None and answer.answered:
            answer = self.writer.rewrite(question, answer, self.retriever.documents)
        turn = Turn(question, query.topic, tuple(dict.fromkeys(c.doc_id for c in answer.citations)))
        self.sessions.put(replace(session, profile=profile, turns=(*session.turns, turn)[-MAX_TURNS:]))
        return replace(answer, session_id=session.session_id, answer_id=uuid.uuid4().hex, profile=profile)

    # ---- steps ---------------------------------------------------------------------------------
    def _answer(self, query: Query) -> Answer:
        hits = self.retriever.search(query, k=ANSWER_PASSAGES, distinct=False)
        sentences = candidate_sentences(hits)
        if not sentences:
            return self._abstain(query, ("nothing retrieved", ""), [])
        nearest = max((h.cosines.get(RELATEDNESS_MODEL, 1.0) for h in hits), default=1.0)
        if nearest < self.thresholds.min_related:
            return self._abstain(query, ("off topic", ""), [])
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

        reasons: list[tuple[str, str]] = []
        eligible_docs: list[Document] = []
        other_place_best = 0.0  # the best evidence of a document about another place
        in_order = _documents_in_order(scored)
        for document in in_order:
            if _twin_in_asker_language(document, in_order, query.script):
                continue  # the same text published in the asker's language answers instead
            missing_places = checks.missing_places(query.places, document)
            if missing_places:
                reasons.append(("place", ", ".join(missing_places)))
                if not eligible_docs:
                    other_place_best = max(
                        other_place_best,
                        next(s.score for s in scored if s.document.doc_id == document.doc_id),
                    )
                continue
            missing_years = checks.missing_years(query.years, document)
            if missing_years:
                reasons.append(("year", ", ".join(missing_years)))
                continue
            benefit = checks.missing_benefit(query.benefits, document, synonyms)
            if benefit:
                reasons.append(("benefit", benefit))
                continue
            eligible_docs.append(document)
            if len(eligible_docs) == 2:
                break
        if not eligible_docs:
            # A document about the asked place that fails on something else says more than another
            # place's document: 'Shanghai's regulation does not state the amount', not 'no Shanghai'.
            reason = next((r for r in reasons if r[0] != "place"), reasons[0] if reasons else ("weak", ""))
            return self._abstain(query, reason, hits)

        allowed = {d.doc_id for d in eligible_docs}
        best = next((s for s in scored if s.document.doc_id in allowed), None)  # the best evidence
        if (
            best is None
            or best.score < self.thresholds.min_score
            or best.lexical < self.thresholds.min_lexical
        ):
            return self._abstain(query, ("weak", ""), hits)
        if best.score < self.thresholds.fallback_share * other_place_best:
            # Another place's document answers far better than any about the asked place: what is
            # left is a near miss (a national outline for a district's subsidy), not the answer.
            place_reason = next(r for r in reasons if r[0] == "place")
            return self._abstain(query, place_reason, hits)
        chosen = self._choose(scored, eligible_docs, query.kind, query.role)
        if query.kind and not any(self._states_asked(query, s) for s in chosen):
            return self._abstain(query, ("kind", query.kind), hits)
        refusal = None
        if query.asks_verdict:
            chosen += self._deciding(query.profile, chosen)
            refusal = self._refusing(scored, chosen, query.tokens)
            if refusal is not None and not any(_overlaps(refusal, c) for c in chosen):
                chosen.append(refusal)
        return self._compose(query, chosen, refusal)

    def _refusing(
        self, scored: list[Sentence], chosen: list[Sentence], words: tuple[str, ...]
    ) -> Sentence | None:
        """A rule of the answering document that says no to something the question names and the answer
        does not ('joint account is not applicable'), sharing at least as many of the question's words
        and scoring nearly as well: it decides the verdict, so it is quoted."""
        best = chosen[0]
        answering = {s.document.doc_id for s in chosen}
        said = to_simplified(best.text).lower()
        words = tuple(w for w in words if w not in said)
        for sentence in scored:
            if sentence.score < REFUSAL_SHARE * best.score:
                break
            if (
                sentence is not best
                and sentence.document.doc_id in answering
                and sentence.lexical >= best.lexical
                and refuses(sentence.text, words)
            ):
                return sentence
        return None

    def _deciding(self, profile: Profile, chosen: list[Sentence]) -> list[Sentence]:
        """Sentences of the answering documents that set a limit on what the asker told us (income,
        savings, years of contribution, birth, citizenship) and are not quoted yet: they decide. (Limits
        on what the asker did not mention are not searched for: measured, they pull in rules of other
        procedures of the same document and turn right 'yes' verdicts into 'depends'.)"""
        stated = {kind for kind in LIMIT_KINDS if getattr(profile, LIMIT_FIELDS[kind]) is not None}
        stated -= {
            limit.kind
            for s in chosen
            for limit in limits(s.text, s.document.text[max(0, s.start - 800) : s.start])
        }
        extra: list[Sentence] = []
        for document in {s.document.doc_id: s.document for s in chosen}.values():
            for chunk, start, end, kinds in self._document_limits(document):
                found = kinds & stated
                if found:
                    extra.append(Sentence(document, chunk, start, end, 0.0))
                    stated -= found
                if not stated:
                    return extra
        return extra

    def _limits_in(self, document: Document) -> list[str]:
        """The kinds of numeric limit (income, savings, years, birth, citizenship) a document sets."""
        return list(
            dict.fromkeys(kind for *_, kinds in self._document_limits(document) for kind in sorted(kinds))
        )

    def _document_limits(self, document: Document) -> list[tuple[Chunk, int, int, frozenset[str]]]:
        """Every sentence of a document that sets a numeric limit, with the kinds it sets: read once per
        document and kept (documents do not change under a loaded index)."""
        held = self._limit_sentences.get(document.doc_id)
        if held is None:
            held = []
            for chunk in self._chunks_of(document.doc_id):
                for start, end in sentence_spans(chunk.text, chunk.start):
                    before = document.text[max(0, start - 800) : start]
                    kinds = frozenset(limit.kind for limit in limits(document.text[start:end], before))
                    if kinds:
                        held.append((chunk, start, end, kinds))
            self._limit_sentences[document.doc_id] = held
        return held

    def _chunks_of(self, doc_id: str) -> list[Chunk]:
        if self._by_document is None:
            by_document: dict[str, list[Chunk]] = {}
            for chunk in self.retriever.chunks:
                by_document.setdefault(chunk.doc_id, []).append(chunk)
            self._by_document = by_document
        return self._by_document.get(doc_id, [])

    @staticmethod
    def _states_asked(query: Query, sentence: Sentence) -> bool:
        """The sentence states the kind of answer asked for (an amount, hours...) about the benefit the
        question names: in the sentence, its quoted context, or the title of a document about it
        ('本津貼…五千元' in a rule on another allowance does not answer for the one asked about)."""
        start, end = with_context(sentence)
        document = sentence.document
        context = document.text[start:end]
        if not query.kind or not checks.states_asked(query.kind, sentence.text, query.role, context):
            return False
        scope = replace(document, search_text=to_simplified(f"{document.title}\n{document.text[start:end]}"))
        return all(
            checks.benefit_covered(candidates, scope, synonyms)
            for _name, candidates in checks.benefits_to_check(query.benefits, document, synonyms)
        )

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
        texts = [sentence_text(question)] + [sentence_text(sentences[i].text) for i in missing]
        vectors = model.embed(texts, kind="passage")
        matrix = np.zeros((len(sentences), vectors.shape[1]), dtype=np.float32)
        stored = [i for i, row in enumerate(rows) if row is not None]
        if stored and held is not None:
            matrix[stored] = held.vectors[[rows[i] for i in stored]]
        with self._cache_lock:
            if len(self._sentence_vectors) > SENTENCE_CACHE:
                self._sentence_vectors.clear()
            for i, vector in zip(missing, vectors[1:], strict=True):
                self._sentence_vectors[keys[i]] = vector
            for i, row in enumerate(rows):
                if row is None:
                    matrix[i] = self._sentence_vectors[keys[i]]
        return np.clip(matrix @ vectors[0], 0.0, 1.0)

    def _choose(
        self,
        scored: list[Sentence],
        documents: list[Document],
        kind: str | None,
        role: str | None = None,
    ) -> list[Sentence]:
        """The best sentence of the best document, its strong neighbours, and a close second document. When
        the question asks for a kind of answer (an amount, hours, a phone line, a date) the best sentence
        does not state, the best sentence that states it leads."""
        allowed = {d.doc_id for d in documents}
        usable = [s for s in scored if s.document.doc_id in allowed]
        if not usable:
            return []
        best = usable[0]
        chosen = [best]
        if kind and not checks.states_asked(kind, best.text, role):
            # The best sentence of the same document that states the kind asked for, else of the other
            # document checked, leads; a sentence that shares next to nothing with the question is not
            # evidence, whatever it states.
            stating = [s for s in usable if checks.states_asked(kind, s.text, role) and self._evidence(s)]
            stating_here = [s for s in stating if s.document.doc_id == best.document.doc_id]
            lead = (stating_here or stating or [None])[0]
            if lead is not None:
                chosen = [lead, best]
        limit = self.thresholds.max_sentences
        for sentence in usable[1:]:
            if len(chosen) >= limit:
                break
            if any(sentence is c or _overlaps(sentence, c) for c in chosen):
                continue
            if any(sentence.chunk.chunk_id == c.chunk.chunk_id for c in chosen):
                continue  # its passage is quoted already (citations quote the context): take another
            same_doc = sentence.document.doc_id == best.document.doc_id
            share = (
                self.thresholds.extra_sentence_share if same_doc else self.thresholds.second_document_share
            )
            if sentence.score >= share * best.score:
                chosen.append(sentence)
        return chosen

    def _evidence(self, sentence: Sentence) -> bool:
        return sentence.lexical >= self.thresholds.min_lexical

    def _compose(self, query: Query, chosen: list[Sentence], refusal: Sentence | None = None) -> Answer:
        """Answer text: each chosen sentence, in the asker's script, marked [n]; citation n quotes the
        sentence with its neighbours (merged where they overlap). Newer documents come first."""
        script, flavour, profile = query.script, query.flavour, query.profile
        by_doc: dict[str, list[Sentence]] = {}
        for sentence in chosen:
            by_doc.setdefault(sentence.document.doc_id, []).append(sentence)
        order = list(by_doc.values())  # the document of the best sentence first: the answer leads
        citations: list[Citation] = []
        cores: list[tuple[Sentence, int]] = []  # each chosen sentence with the citation that quotes it
        blocks: list[str] = []
        for group in order:
            document = group[0].document
            date = phrase("date", script, flavour, published=document.published) if document.published else ""
            lines = []
            # Best sentence first: the answer leads with what answers the question; its source follows.
            for (start, end), members in _merge_contexts(group):
                citation = _citation(len(citations) + 1, members[0], script, flavour, (start, end), members)
                citations.append(citation)
                for sentence in members:
                    cores.append((sentence, citation.n))
                    lines.append(f"{_in_script(sentence, script, flavour)} [{citation.n}]")
            lines.append(phrase("from", script, flavour, title=document.title, date=date))
            blocks.append("\n".join(lines))
        regions = {s.document.doc_id: s.document.region for s, _ in cores}
        findings = self._findings(profile, [(c.quote, regions.get(c.doc_id), c.n) for c in citations])
        parts: list[str] = []
        decided, missing = None, ()
        if query.asks_verdict:
            decided, missing, checklist = self._verdict(query, chosen, citations, cores, refusal)
        if decided is not None:
            findings += [
                f
                for f in checklist
                if (f.condition, f.status) not in {(g.condition, g.status) for g in findings}
            ]
            safe = refuses(chosen[0].text) and protects(chosen[0].text, query.feared)
            parts.append(
                self._verdict_text("safe" if decided == "yes" and safe else decided, missing, script, flavour)
            )
        if any(f.profile_value for f in findings):  # what the asker told us, checked, leads
            parts.append(self._eligibility_text(findings, profile, script, flavour))
        dated = [g[0].document.published for g in order if g[0].document.published]
        if len(set(dated)) > 1:
            parts.append(phrase("newer", script, flavour, published=max(dated)))
        parts.extend(blocks)
        text = "\n\n".join(p for p in parts if p)
        documents = {s.document.doc_id: s.document for s in chosen}
        report = check_answer(text, citations, documents, query.text)
        if not report.ok:  # never let an unsupported number out: fall back to the bare quotes
            text = "\n\n".join(blocks)
            report = check_answer(text, citations, documents, query.text)
            if not report.ok:
                return self._abstain(query, ("guard", "; ".join(report.problems)), [])
        return Answer(True, script, text, citations, findings, verdict=decided, missing=missing)

    def _verdict(
        self,
        query: Query,
        chosen: list[Sentence],
        citations: list[Citation],
        cores: list[tuple[Sentence, int]],
        refusal: Sentence | None = None,
    ) -> tuple[str | None, tuple[str, ...], list[Finding]]:
        """The verdict (None where none can be given), the kinds of fact still needed, and the checklist behind it: every condition of
        the quoted sentences checked against what the asker said, each with its citation."""
        profile = query.profile
        cited = {(s.document.doc_id, s.start): n for s, n in cores}
        checklist: list[Finding] = []

        def add(condition: str, kind: str, required: str, status: str, value: object, n: int) -> None:
            shown = None if value is None else str(value)
            checklist.append(Finding(condition, kind, required, shown, status, n))

        # The conditions of the sentences quoted as the answer (not of their neighbours); the answering
        # sentence's own decide their kinds ('年满七十岁者，由中央全额补助' is the rule asked about, not the
        # under-70 tier quoted beside it).
        own_kinds = {condition.kind for condition in conditions(chosen[0].text)}
        for i, sentence in enumerate(chosen):
            n = cited.get((sentence.document.doc_id, sentence.start), 1)
            for condition in conditions(sentence.text):
                if i == 0 or condition.kind not in own_kinds:
                    status, value = check(condition, profile, sentence.document.region)
                    add(describe(condition), condition.kind, condition.text, status, value, n)
        # Around them, a condition counts where what the asker said decides it ('Permanent residents' for
        # someone who is not one); one they said nothing about is not asked for.
        quoted_kinds = {f.kind for f in checklist}
        for citation in citations:
            region = next((s.document.region for s, n in cores if n == citation.n), None)
            for condition in conditions(citation.quote):
                status, value = check(condition, profile, region)
                if condition.kind not in quoted_kinds and status != "unknown":
                    add(describe(condition), condition.kind, condition.text, status, value, citation.n)
        # Numbers: income, savings, years, birth, citizenship against the limits quoted.
        for sentence in chosen:
            n = cited.get((sentence.document.doc_id, sentence.start), 1)
            before = sentence.document.text[max(0, sentence.start - 800) : sentence.start]
            for limit in limits(sentence.text, before):
                mine = getattr(profile, LIMIT_FIELDS[limit.kind])
                sign = ("<=" if limit.inclusive else "<") if limit.below else ">="
                add(
                    f"{limit.kind} {sign} {limit.value:g}",
                    limit.kind,
                    limit.text,
                    limit.check(profile) or "unknown",
                    mine,
                    n,
                )
        refusing = [chosen[0].text, *([refusal.text] if refusal is not None else [])]
        decided, needed = verdict([(f.kind, f.status) for f in checklist], refusing, query.feared)
        free = free_verdict(query.fee, profile, [c.quote for c in citations])
        if free is not None:
            decided, needed = free, []  # 'is it free?' is answered by the age tier that is met
        elif query.asks_rule:
            decided, needed = "yes", []  # the rule asked for is what the answer states
        elif decided == "depends" and not profile.tells_of_person():
            # Nothing about the person was said, so nothing was checked: 'it depends' would only ask for
            # facts. The rule is quoted and no verdict given.
            return None, (), checklist
        elif decided == "depends" and not needed:
            needed = self._limits_in(chosen[0].document)  # what to ask for: the limits its rules set
        return decided, tuple(needed), checklist

    @staticmethod
    def _verdict_text(decided: str, missing: tuple[str, ...], script: Script, flavour: str) -> str:
        """The verdict leads: '可以。', '不可以（不符合条件）。', '要看具体情况：请告诉我…'; 'safe' answers a
        fear ('会不会被扣押？') with '不会'."""
        if decided != "depends":
            return phrase(f"verdict_{decided}", script, flavour)
        facts = [phrase(f"fact_{kind}", script, flavour) for kind in missing]
        if not facts:
            return phrase("verdict_depends_rules", script, flavour)
        return phrase("verdict_depends", script, flavour, facts=_join(facts, script))

    def _findings(self, profile: Profile, quotes: list[tuple[str, str | None, int]]) -> list[Finding]:
        """Conditions stated in the cited quotes (text, document region, citation n), checked against
        the profile."""
        wanted = {
            "age": True,
            "residence": profile.region is not None,
            "means": profile.low_income is not None,
            "care": profile.care_need is not None,
        }
        findings: list[Finding] = []
        for quote, region, n in quotes:
            for condition in conditions(quote):
                if not wanted[condition.kind]:
                    continue
                status, value = check(condition, profile, region)
                if any(f.condition == describe(condition) and f.status == status for f in findings):
                    continue  # the same condition cited twice says nothing new
                findings.append(
                    Finding(describe(condition), condition.kind, condition.text, value, status, n)
                )
        return findings

    def _eligibility_text(
        self, findings: list[Finding], profile: Profile, script: Script, flavour: str
    ) -> str:
        told = any(f.profile_value for f in findings if f.kind == "age")
        lines = [phrase("eligibility_head" if told else "eligibility_rules", script, flavour)]
        who = phrase(f"who_{profile.relation or ''}", script, flavour)
        for finding in findings:
            if finding.kind != "age" or not finding.profile_value:
                continue  # only what the asker's own facts decide
            value = (
                f"{finding.profile_value}{phrase('age_unit', script, flavour)}"
                if finding.profile_value
                else ""
            )
            key = finding.status if finding.profile_value else "unknown"
            lines.append(
                phrase(
                    key, script, flavour, who=who, value=value, required=finding.required, n=finding.citation
                )
            )
        return "\n".join(lines) if len(lines) > 1 else ""

    def _abstain(self, query: Query, reason: tuple[str, str], hits: list[Hit]) -> Answer:
        script, flavour = query.script, query.flavour
        kind, detail = reason
        if kind == "off topic":
            text = phrase("abstain_off_topic", script, flavour)
            return Answer(False, script, text, [], abstain_reason=kind)
        parts = [phrase("abstain", script, flavour)]
        if kind == "place" and detail:
            names = [place_name(key, script) for key in detail.split(", ")]
            parts.append(phrase("abstain_place", script, flavour, places=_join(names, script)))
            covered = self._places_for_topic(hits, script)
            if covered:
                parts.append(phrase("places_we_have", script, flavour, places=_join(covered, script)))
        elif kind == "year" and detail:
            parts.append(phrase("abstain_year", script, flavour, years=detail))
        elif kind == "benefit" and detail:
            parts.append(phrase("abstain_benefit", script, flavour, benefit=detail))
        elif kind == "kind" and detail:
            parts.append(
                phrase(
                    "abstain_kind",
                    script,
                    flavour,
                    kind=phrase("date_kind" if detail == "date" else detail, script, flavour),
                )
            )
        citations: list[Citation] = []
        hotline = self._hotline(query, hits)
        if hotline is not None:
            citation = _citation(1, hotline, script, flavour)
            citations.append(citation)
            parts.append(
                f"{phrase('suggest_hotline', script, flavour)} {_in_script(hotline, script, flavour)} [1]"
            )
        else:
            parts.append(phrase("suggest", script, flavour))
        return Answer(
            False, script, " ".join(parts), citations, abstain_reason=f"{kind}: {detail}".rstrip(": ")
        )

    @staticmethod
    def _places_for_topic(hits: list[Hit], script: Script, limit: int = 4) -> list[str]:
        """The places our documents on this topic cover (the retrieved documents', best first)."""
        names: list[str] = []
        for hit in hits:
            for key in sorted(checks.document_places(hit.document)):
                name = place_name(key, script)
                if name not in names:
                    names.append(name)
        return names[:limit]

    def _hotline(self, query: Query, hits: list[Hit]) -> Sentence | None:
        """A sentence naming a service phone line, from a document about the asker's place."""
        for sentence in candidate_sentences(hits):
            if not (checks.states("phone", sentence.text) and _HOTLINE.search(to_simplified(sentence.text))):
                continue
            if query.places and checks.missing_places(query.places, sentence.document):
                continue
            if not query.places and query.named_places:
                continue
            return sentence
        return None


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


def _overlaps(a: Sentence, b: Sentence) -> bool:
    return a.document.doc_id == b.document.doc_id and a.start < b.end and b.start < a.end


def _merge_contexts(group: list[Sentence]) -> list[tuple[tuple[int, int], list[Sentence]]]:
    """Quote spans (each sentence with its context) of one document, in the order given, overlapping
    spans merged into the first."""
    merged: list[tuple[tuple[int, int], list[Sentence]]] = []
    for sentence in group:
        start, end = with_context(sentence)
        for i, ((first, last), members) in enumerate(merged):
            if start <= last and first <= end:
                merged[i] = ((min(first, start), max(last, end)), [*members, sentence])
                break
        else:
            merged.append(((start, end), [sentence]))
    return merged


def _in_script(sentence: Sentence, script: Script, flavour: str) -> str:
    """A sentence as the asker reads it, with the list it introduces ('须提供以下材料：' and the items):
    Chinese converted to the asker's script, English as is."""
    start, end = with_list(sentence)
    text = sentence.document.text[start:end]
    if script != "en" and sentence.document.language not in ("en", script):
        return to_script(text, script, flavour)
    return text


def _citation(
    n: int,
    sentence: Sentence,
    script: Script,
    flavour: str,
    span: tuple[int, int] | None = None,
    members: list[Sentence] | None = None,
) -> Citation:
    document = sentence.document
    start, end = span or with_context(sentence)
    quote = document.text[start:end]
    converted = None
    if script != "en" and document.language not in ("en", script):
        converted = to_script(quote, script, flavour)
        if converted == quote:
            converted = None
    return Citation(
        n=n,
        doc_id=document.doc_id,
        title=document.title,
        source=document.source,
        published=document.published,
        quote=quote,
        chunk_id=sentence.chunk.chunk_id,
        start=start,
        end=end,
        language=document.language,
        quote_in_asker_script=converted,
        highlights=tuple((s.start, s.end) for s in (members or [sentence])),
    )


def _join(names: list[str], script: Script) -> str:
    return ", ".join(names) if script == "en" else "、".join(names)
