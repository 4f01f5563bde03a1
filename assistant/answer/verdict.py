"""The verdict stage: whether the person qualifies (yes / no / depends), the facts still needed, and the
checklist behind it, each condition with its citation. Input: the Query and the sentences chosen to quote
(with the citations that quote them); output: a Verdict. The document-side reading of numeric limits is
kept per document (documents do not change under a loaded index)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.documents import DocumentChunks
from assistant.answer.eligibility import (
    FREE_WORDS,
    check,
    describe,
    free_verdict,
    refuses,
    region_within,
    strong_status,
    verdict,
)
from assistant.answer.evidence import Sentence, as_quoted
from assistant.answer.phrases import phrase
from assistant.cards.model import Card, Criterion
from assistant.cards.read import name_key
from assistant.cards.screen import screen_card
from assistant.query import Query
from assistant.text.conditions import (
    EXEMPTING_LEAD,
    REFUSING_LEAD,
    REQUIRING_LEAD,
    TIER_GROUPS,
    Condition,
    age_conditions,
    conditions,
    names_a_status,
)
from assistant.text.crosslingual import synonyms
from assistant.text.kinds import figures
from assistant.text.limits import LIMIT_FIELDS, LIMIT_KINDS, limits
from assistant.text.places import lineage
from assistant.text.script import to_script, to_simplified
from assistant.types import Chunk, Citation, Document, Finding, Profile, Script

# The kind of fact (phrases.py 'fact_' keys) a card's condition asks about.
_FACT_OF_FIELD = {
    "age": "age",
    "residence": "residence",
    "income": "income",
    "assets": "assets",
    "contribution_years": "years",
    "residence_years": "years",
    "care_need": "care",
    "benefit": "exclusion",
    "born": "born",
    "citizen": "citizen",
}
# Not asked for before a 'yes': where the person lives (a question about a place's benefit is taken to
# come from someone who lives there) and other benefits received (an exclusion: the few who get one say
# so, and the quoted rule names it when it decides).
_NOT_ASKED = ("residence", "benefit")
# Words of price: free, reduced, charged ('免费', '半价', '收费', 'free of charge', 'fare', '$2').
_PRICED = re.compile(
    r"免费|免收|全免|免票|半价|半票|减半|减免|减收|优惠|折|收费|费|票价|门票|补助|资助|补贴|自付|负担|支付|付款|钱|元|"
    r"\bfree\b|waived|charge|fare|discount|concession|half|price|fee|subsidi|cover|cost|pay|paid|\$",
    re.I,
)
# A rule granting something: a permission, a right, a benefit enjoyed.
_GRANTS = re.compile(
    r"可以|可(?!能)|有权|享有|享受|给予|发放|补发|恢复|提供|免费|减免|优惠|"
    # 'may apply', 'can get' (not 'may prevent': a modal of what might happen grants nothing)
    r"\b(?:(?:may|can) (?:also )?(?:apply|get|receive|claim|use|enjoy|obtain|join|collect|be (?:granted|given|paid|issued))|"
    r"entitled|allowed|eligible|will (?:be )?(?:get|receive|paid|given|provided|resumed))\b",
    re.I,
)
REFUSAL_SHARE = 0.8  # a refusing rule this close to the answer's evidence decides a verdict


def limit_sentences(
    document: Document, chunks: list[Chunk]
) -> tuple[tuple[int, int, int, tuple[str, ...]], ...]:
    """(passage n, start, end, limit kinds) of every sentence of a document that sets a numeric limit
    (income, savings, years, birth, citizenship), in reading order: what ingestion keeps with the
    document (`Document.limit_sentences`)."""
    return tuple(
        (chunk.n, start, end, tuple(sorted(kinds)))
        for chunk, start, end, kinds in _limit_sentences(document, chunks)
    )


def _limit_sentences(document: Document, chunks: list[Chunk]) -> list[tuple[Chunk, int, int, frozenset[str]]]:
    held = []
    for sentence in DocumentChunks(chunks).sentences(document):
        before = document.text[max(0, sentence.start - 800) : sentence.start]
        kinds = frozenset(limit.kind for limit in limits(sentence.text, before))
        if kinds:
            held.append((sentence.chunk, sentence.start, sentence.end, kinds))
    return held


@dataclass(frozen=True)
class Verdict:
    decided: str | None  # 'yes', 'no', 'depends', or None where none can be given
    missing: tuple[str, ...]  # on 'depends': the kinds of fact still needed
    checklist: list[Finding]  # every condition checked, with its citation
    fee: bool = False  # decided by the free or reduced tier the person meets ('is it free?', 'do I pay?')
    no_tier: bool = False  # ... the person meeting none of them (they pay the full price)
    duty: bool = False  # a 'no' to leaving undone what a rule makes a duty ('可以不赡养吗？')


class Verdicts:
    """Verdicts over one index's documents (its chunks give each document's limit sentences)."""

    def __init__(
        self, documents: DocumentChunks, cards_of: Callable[[str], list[Card]] | None = None
    ) -> None:
        self._chunks = documents
        self._cards_of = cards_of  # a document's policy cards (with staff corrections), when a build has them
        self._limit_sentences: dict[str, list[tuple[Chunk, int, int, frozenset[str]]]] = {}

    def refusing(
        self,
        scored: list[Sentence],
        chosen: list[Sentence],
        words: tuple[str, ...],
        combining: bool = True,
    ) -> Sentence | None:
        """A rule of the answering document that says no to something the question names and the answer
        does not ('joint account is not applicable'), sharing at least as many of the question's words
        and scoring nearly as well: it decides the verdict, so it is quoted."""
        best = chosen[0]
        answering = {s.document.doc_id for s in chosen}
        said = to_simplified(best.text).lower()
        words = tuple(w for w in words if w not in said)
        topic = to_simplified(best.document.title).lower()
        rare = tuple(w for w in words if w not in topic and (len(w) >= 4 if w.isascii() else len(w) >= 2))
        for sentence in scored:
            if sentence is best or sentence.document.doc_id not in answering:
                continue
            close = sentence.score >= REFUSAL_SHARE * best.score and sentence.lexical >= best.lexical
            if close and refuses(sentence.text, words, combining):
                return sentence
            # ... or, however it scores, it refuses right next to two of the words the answer lacks that
            # are not its page's topic ('joint account is not applicable' for a joint account asked about)
            if refuses(sentence.text, rare, combining, at_least=2):
                return sentence
        return None

    def deciding(
        self, profile: Profile, chosen: list[Sentence], scored: list[Sentence] = ()
    ) -> list[Sentence]:  # type: ignore[assignment]
        """Sentences of the answering documents that set a limit on what the asker told us (age, income,
        savings, years of contribution, birth, citizenship) and are not quoted yet: they decide. The age
        rule is the best-scoring sentence of those documents that states one. (Limits on what the asker
        did not mention are not searched for: measured, they pull in rules of other procedures of the same
        document and turn right 'yes' verdicts into 'depends'.) Only the leading document's: another
        document's age rule is another benefit's."""
        answering = {chosen[0].document.doc_id}
        age_rule = None
        if profile.age is not None and not any(age_conditions(s.text) for s in chosen):
            age_rule = next(
                (s for s in scored if s.document.doc_id in answering and age_conditions(s.text)), None
            )
        stated = {kind for kind in LIMIT_KINDS if getattr(profile, LIMIT_FIELDS[kind]) is not None}
        stated -= {
            limit.kind
            for s in chosen
            for limit in limits(s.text, s.document.text[max(0, s.start - 800) : s.start])
        }
        extra: list[Sentence] = [age_rule] if age_rule is not None else []
        document = chosen[0].document
        for chunk, start, end, kinds in self._document_limits(document):
            found = kinds & stated
            if found:
                extra.append(Sentence(document, chunk, start, end, 0.0))
                stated -= found
            if not stated:
                return extra
        return extra

    def limits_in(self, document: Document) -> list[str]:
        """The kinds of numeric limit (income, savings, years, birth, citizenship) a document sets."""
        return list(
            dict.fromkeys(kind for *_, kinds in self._document_limits(document) for kind in sorted(kinds))
        )

    def _document_limits(self, document: Document) -> list[tuple[Chunk, int, int, frozenset[str]]]:
        """Every sentence of a document that sets a numeric limit, with the kinds it sets: read at
        ingestion (`Document.limit_sentences`), else here once per document and kept (documents do not
        change under a loaded index)."""
        if document.limit_sentences is not None:
            by_n = {chunk.n: chunk for chunk in self._chunks.of(document.doc_id)}
            return [
                (by_n[n], start, end, frozenset(kinds))
                for n, start, end, kinds in document.limit_sentences
                if n in by_n
            ]
        held = self._limit_sentences.get(document.doc_id)
        if held is None:
            held = _limit_sentences(document, self._chunks.of(document.doc_id))
            self._limit_sentences[document.doc_id] = held
        return held

    def decide(
        self,
        query: Query,
        chosen: list[Sentence],
        citations: list[Citation],
        cores: list[tuple[Sentence, int]],
        refusal: Sentence | None = None,
    ) -> Verdict:
        """The verdict, the kinds of fact still needed, and the checklist behind it: every condition of the
        quoted sentences checked against what the asker said, each with its citation."""
        profile = query.profile
        cited = {(s.document.doc_id, s.start): n for s, n in cores}
        if query.undone is not None:
            # May one leave it undone? No, where a rule quoted makes it a duty (else the rule quoted
            # decides as any other: '老年人有权拒绝' is a 'yes' to whether the elder may refuse).
            texts = [s.text for s in chosen if s.document.doc_id == chosen[0].document.doc_id]
            texts += [c.quote for c in citations if c.doc_id == chosen[0].document.doc_id]
            if any(duty_on(query.undone, text) for text in texts):
                return Verdict("no", (), [], duty=True)
        checklist: list[Finding] = []
        # The answering document's conditions only: another document quoted beside it sets another
        # benefit's terms (a Guangzhou card's 60+ is no age of a Hong Kong scheme).
        lead = chosen[0].document.doc_id
        chosen = [s for s in chosen if s.document.doc_id == lead]
        citations = [c for c in citations if c.doc_id == lead]

        judged: list[tuple[str, str]] = []  # (kind, status) as the verdict weighs them

        def add(
            condition: str, kind: str, required: str, status: str, value: object, n: int, strong: bool = False
        ) -> None:
            shown = None if value is None else str(value)
            checklist.append(Finding(condition, kind, required, shown, status, n))
            if kind == "care" and status == "not met":
                kind = "care_degree"  # a degree of need the person falls outside decides, whatever else
            judged.append(("status" if strong and status == "unknown" else kind, status))

        # The clause giving the figure asked ('每月6小时' of '80岁以上…;90岁以上老人享受每月6小时…'), quoted
        # or beside the quote: its tier's age alone decides.
        tiers = [
            (clause, n)
            for text, n in [
                *((s.text, cited.get((s.document.doc_id, s.start), 1)) for s in chosen),
                *((c.quote, c.n) for c in citations),
            ]
            if (clause := _figure_clause(query.figures, text)) is not None
        ]
        if tiers:
            tier, n = tiers[0]
            for condition in age_conditions(tier):
                status, value = check(condition, profile, chosen[0].document.region)
                add(describe(condition), condition.kind, condition.text, status, value, n)
        # The conditions of the sentences quoted as the answer (not of their neighbours); the answering
        # sentence's own decide their kinds ('年满七十岁者，由中央全额补助' is the rule asked about, not the
        # under-70 tier quoted beside it).
        own_kinds = {condition.kind for condition in conditions(chosen[0].text)}
        elders_age = not asker_is_carer(query)  # a carer's age rule is not checked against the elder's age
        for i, sentence in enumerate(chosen):
            n = cited.get((sentence.document.doc_id, sentence.start), 1)
            carers = elders_age and _under_carer_rule(sentence)
            for condition in conditions(sentence.text):
                if _tier_of_another_group(condition, sentence.text, query.groups):
                    continue  # '年满55岁以上原住民': the tier of a group the person is not said to be in
                if tiers and condition.kind == "age":
                    continue  # another tier's age: the figure asked is given by its own clause's
                if carers and condition.kind == "age":
                    continue  # the carer's age ('照顾者…年满十六岁，未满六十五岁'), not the elder's
                if i == 0 or condition.kind not in own_kinds:
                    status, value = check(condition, profile, sentence.document.region)
                    add(
                        describe(condition),
                        condition.kind,
                        condition.text,
                        status,
                        value,
                        n,
                        strong_status(condition),
                    )
        # Around them, a condition counts where what the asker said decides it ('Permanent residents' for
        # someone who is not one); one they said nothing about is not asked for.
        quoted_kinds = {f.kind for f in checklist}
        for citation in citations:
            region = next((s.document.region for s, n in cores if n == citation.n), None)
            carers = elders_age and carers_rule(citation.quote)
            for condition in conditions(citation.quote):
                if carers and condition.kind == "age":
                    continue
                status, value = check(condition, profile, region)
                # a degree of need the person falls outside counts even where a care word was quoted
                degree_failed = condition.kind == "care" and status == "not met"
                if (condition.kind not in quoted_kinds or degree_failed) and status != "unknown":
                    add(describe(condition), condition.kind, condition.text, status, value, citation.n)
        # Numbers: income, savings, years, birth, citizenship against the limits quoted.
        read: set[tuple[str, str, float]] = set()  # each limit checked once, however many quotes hold it
        for sentence in chosen:
            n = cited.get((sentence.document.doc_id, sentence.start), 1)
            start, end = _requirements_quoted(sentence)
            before = sentence.document.text[max(0, start - 800) : start]
            for limit in limits(sentence.document.text[start:end], before):
                mine = getattr(profile, LIMIT_FIELDS[limit.kind])
                sign = ("<=" if limit.inclusive else "<") if limit.below else ">="
                if (limit.kind, sign, limit.value) in read:
                    continue
                read.add((limit.kind, sign, limit.value))
                add(
                    f"{limit.kind} {sign} {limit.value:g}",
                    limit.kind,
                    limit.text,
                    limit.check(profile) or "unknown",
                    mine,
                    n,
                )
        refusing = [chosen[0].text, *([refusal.text] if refusal is not None else [])]
        decided, needed = verdict(judged, refusing, query.feared, query.combining)
        free = free_verdict(query.fee, profile, [c.quote for c in citations])
        if (
            free is None
            and query.fee is not None
            and FREE_WORDS.search(to_simplified(chosen[0].text))
            and not conditions(chosen[0].text)
            and not limits(chosen[0].text)
        ):
            # The rule that leads makes it free for everyone it applies to ('收费标准：不收费'): the quote
            # answers whether one pays; no other condition quoted turns that into a 'no'.
            return Verdict(None, (), checklist)
        denied = _denied_requirement(query.denied, chosen[0].text)
        if denied is not None:
            # '不符合特困供养条件' told, and the rule is for those '符合…特困供养条件': whatever tier is met, no
            add(denied, "stated", denied, "not met", None, cited.get((lead, chosen[0].start), 1))
            decided, needed = "no", []
        if free is not None and any(
            kind in ("residence", "status", "stated") and status == "not met" for kind, status in judged
        ):
            free = None  # the age tier met is no one's who fails the rule's residence: the rule's 'no'
        if free is not None:
            # 'is it free?' is answered by the age tier that is met; meeting none is a 'no'
            decided, needed = ("no" if free == "none" else free), []
        elif query.fee is not None and not any(_PRICED.search(to_simplified(c.quote)) for c in citations):
            # Asked whether it is free or costs the full price, and nothing quoted says what is free,
            # reduced or charged (a page of papers to bring): no rule of price was read. The rule is quoted
            # and no verdict given.
            return Verdict(None, (), checklist)
        elif query.asks_rule:
            decided, needed = "yes", []  # the rule asked for is what the answer states
        elif (
            decided == "yes"
            and {kind for kind, _ in judged} == {"residence"}
            and profile.residence is None  # no status held: only living there was met
            and not _GRANTS.search(to_simplified(chosen[0].text))
            and not query.feared  # a rule forbidding what is feared is the 'yes' ('不会')
        ):
            # Only where the person lives was 'met', and only because the question names the place, and
            # the rule grants nothing ('…不同意其继续居住的，应当及时迁出'): nothing says yes. The rule
            # is quoted and no verdict given.
            return Verdict(None, (), checklist)
        elif (
            decided == "yes"
            and profile.age is not None
            and {kind for kind, _ in judged} <= {"residence", "status"}
            and _age_asked_unset(chosen[0].document)
        ):
            # Only where the person lives or what they hold was met, their age told, and the answering
            # page asks for an age it never sets ('Documents proving the applicant's identity, age and
            # Hong Kong residence'): whether their age qualifies is nowhere said, so nothing says yes. The
            # rule is quoted.
            return Verdict(None, (), checklist)
        elif decided == "depends" and not profile.tells_of_person():
            # Nothing about the person was said, so nothing was checked: 'it depends' would only ask for
            # facts. The rule is quoted and no verdict given.
            return Verdict(None, (), checklist)
        elif decided == "depends" and not needed:
            needed = self.limits_in(chosen[0].document)  # what to ask for: the limits its rules set
            if not needed and not any(f.kind == "age" and f.profile_value for f in checklist):
                # Nothing to ask for and no condition of the person to show (the checklist shows what
                # the asker's age decides): 'it depends' would point at conditions it cannot show. The
                # rule is quoted and no verdict given.
                return Verdict(None, (), checklist)
        if decided == "yes" and _narrower_than_told(profile, chosen[0].document):
            # The rule is a part's of the place told ('住在广东' asked of Guangzhou's rule): whether they
            # live in that part is not said, and the place was told, so it is not asked again. The rule is
            # quoted and no verdict given.
            return Verdict(None, (), checklist)
        if decided == "yes" and free is None and not query.asks_rule:
            unmet = self.card_unmet(query, chosen)
            if unmet is not None:
                decided, needed = "depends", list(unmet)
        # 'is it free?' met by a quote that says it is ('定期免费体检'): answered in its terms, '可以免费'
        said_free = (
            decided == "yes"
            and query.fee == "free"
            and bool(FREE_WORDS.search(to_simplified(chosen[0].text)))
        )
        return Verdict(
            decided, tuple(needed), checklist, fee=free is not None or said_free, no_tier=free == "none"
        )

    def card_unmet(self, query: Query, chosen: list[Sentence]) -> tuple[str, ...] | None:
        """A 'yes' read from the quoted sentences, checked against the policy cards of the benefit the
        question names (a card of the answering page bearing its name), else of the benefit they state
        (cards whose fields cite a quoted sentence): when such a card still needs facts the asker
        did not give, the kinds of those facts; None when a card is met, none cites the answer, or the
        cards disagree with the quote (a failed condition). A rule's other conditions (income, savings,
        years) are often stated in sentences the answer does not quote (_NOT_ASKED: never asked for)."""
        if self._cards_of is None:
            return None
        document = chosen[0].document
        spans = [(s.start, s.end) for s in chosen if s.document.doc_id == document.doc_id]
        cards = [card for card in self._cards_of(document.doc_id) if card.conditions]
        # The benefit the question names is judged by its own card, whatever the quote: a rule quoted
        # beside it (a notary discount on a page about the concession card) sets another benefit's terms.
        # A question fearing what happens to it ('津贴会被收回吗？') asks no eligibility.
        named = [card for card in cards if _names_card(query, card)] if not query.feared else []
        unmet: list[str] = []
        for card in named or cards:
            cites = [c.cite for c in card.conditions] + [g.cite for g in card.gives]
            if not named and not any(c.start < end and start < c.end for c in cites for start, end in spans):
                continue
            outcome = screen_card(card, query.profile, query.script, query.flavour, said=query.asked_about)
            # A card that fails disagrees with the quoted rule: a misread alternative ('65+, or 55+ for
            # indigenous people') is likelier than a rule the quote itself says yes to.
            if outcome.failed:
                continue
            open_ = [
                c
                for c in outcome.unknown
                if c.field not in _NOT_ASKED or (c.field == "residence" and c.value == "registered")
            ]
            if not open_:
                return None
            unmet += [_fact_of(c) for c in open_]
        return tuple(dict.fromkeys(k for k in unmet if k)) or None


def _requirements_quoted(sentence: Sentence) -> tuple[int, int]:
    """An item of a list of requirements as an answer quotes it, with the list's other items ('• born on or
    before…' beside '• citizenship on or before…'; a list setting what one must meet, not the cases
    refused or exempted): the reader sees them all, and each is checked. Any other sentence, as it is."""
    start, end = as_quoted(sentence)
    if (start, end) == (sentence.start, sentence.end):
        return start, end
    intro = to_simplified(sentence.document.text[start:end].split("\n", 1)[0])
    if REQUIRING_LEAD.search(intro) and not (REFUSING_LEAD.search(intro) or EXEMPTING_LEAD.search(intro)):
        return start, end
    return sentence.start, sentence.end


# A duty, clause by clause ('应当依法履行赡养和扶养义务', '不得…拒绝履行赡养义务'): the verb after a word of
# obligation, or before the word '义务'.
_OBLIGED = r"(?:应当|必须|须|应|负有|有义务)"
_DUTY_CLAUSE = r"[^，,。；;：:]"


def duty_on(verb: str, text: str) -> bool:
    """The text makes `verb` (a Chinese verb, or an English one through its glossary Chinese) a duty in
    one of its clauses."""
    forms = [verb] if not verb.isascii() else [s for s in synonyms(verb) if not s.isascii()]
    if not verb.isascii() and len(verb) == 2:
        forms.append(verb[0])  # '养' of '养老人', met by '赡养'
    simplified = to_simplified(text)
    for form in forms:
        v = re.escape(form)
        if len(form) == 1:
            # one character is a duty's only as the duty's own word ('赡养义务'), not anywhere near an
            # 'ought' ('委托他人代办须提供…')
            duty = rf"{v}.?义务"
        else:
            duty = (
                rf"{_OBLIGED}{_DUTY_CLAUSE}{{0,6}}{v}|{v}{_DUTY_CLAUSE}{{0,6}}义务|"
                rf"不得{_DUTY_CLAUSE}{{0,20}}拒绝{_DUTY_CLAUSE}{{0,6}}{v}"
            )
        if re.search(duty, simplified):
            return True
    return False


def _narrower_than_told(profile: Profile, document: Document) -> bool:
    """The document's place lies inside the one the person is said to live in, and is not it (a city's
    rule, a province told)."""
    if profile.region is None or region_within(profile.region, document.region or ""):
        return False
    return any(profile.region in lineage(key) for key in document.places)


def _denied_requirement(denied: tuple[str, ...], rule: str) -> str | None:
    """The words of a requirement the answering rule sets ('符合…规定特困供养条件的老年人') that the
    question says the person does not meet (`Query.denied`)."""
    plain_rule = to_simplified(rule).replace("《", "").replace("》", "").lower()
    for words in denied:
        if len(words) >= 4 and words in plain_rule and re.search(r"符合|meet|eligib|qualif", plain_rule):
            return words
    return None


def _figure_clause(asked: frozenset[tuple[float, str]], text: str) -> str | None:
    """The clause of a rule's text (between semicolons, full stops or line breaks) that gives a figure the
    question names (`Query.figures`), when that clause sets an age of its own: '80岁以上…;90岁以上老人享受
    每月6小时…' asked for six hours is decided by the 90+ tier alone."""
    if not asked:
        return None
    for clause in re.split(r"[;；。\n]", text):
        if asked & figures(clause) and age_conditions(clause):
            return clause
    return None


def _names_card(query: Query, card: Card) -> bool:
    """The question names the card's benefit: a spelling of three characters or more (or a glossary
    synonym of it) that the card's name holds, or that holds the card's name."""
    key = name_key(card.name)
    spellings = {
        name_key(s) for _, candidates in query.benefits for c in candidates for s in (c, *synonyms(c))
    }
    return any(len(s) >= 3 and (s in key or key in s) for s in spellings)


def _fact_of(condition: Criterion) -> str:
    """The kind of fact a card's condition asks about (phrases.py 'fact_' keys): a residence status the
    rule names is 'status', not where the person lives."""
    if condition.field == "residence" and names_a_status(condition.value):
        return "status"
    return _FACT_OF_FIELD.get(condition.field if condition.field != "other" else str(condition.about), "")


def verdict_text(
    decided: str,
    missing: tuple[str, ...],
    script: Script,
    flavour: str,
    told: bool = True,
    fee: str | None = None,
    no_tier: bool = False,
    verb: str | None = None,
) -> str:
    """The verdict leads: '可以。', '不可以（不符合条件）。', '要看具体情况：请告诉我…'; 'safe' answers a
    fear ('会不会被扣押？') with '不会'. A 'yes' where the asker told nothing of the person is the rule's,
    not 'from what you told me'. `fee`: the question asked about a fee ('free', 'pay', 'full') and the
    tier met decided (`no_tier`: none was met)."""
    if fee is not None and decided == "no" and no_tier:
        return phrase(f"verdict_{fee}_none", script, flavour)  # 'do I pay?' at 63 where 65+ ride free: yes
    if fee is not None and decided in ("yes", "no"):
        # Said in the question's own terms: 'do I have to pay?' is answered 'no, nothing to pay' when the
        # person qualifies for free; 'is it free?' 'yes'; 'the full price?' 'no, not the full price'.
        return phrase(f"verdict_{fee}_{decided}", script, flavour)
    if verb is not None and script != "en" and decided in ("yes", "no"):
        # the question's own verb echoed: '有冇規定…？' '按資料，有。', '会…吗？' '按资料，不会。'
        said = verb if decided == "yes" else _NOT_VERB[verb]
        said = to_script(said, script, flavour)
        key = (
            "verdict_no_verb" if decided == "no" else "verdict_yes_verb" if told else "verdict_yes_rule_verb"
        )
        return phrase(key, script, flavour, verb=said)
    if decided == "yes" and not told:
        return phrase("verdict_yes_rule", script, flavour)
    if decided != "depends":
        return phrase(f"verdict_{decided}", script, flavour)
    facts = [phrase(f"fact_{kind}", script, flavour) for kind in missing]
    if not facts:
        return phrase("verdict_depends_rules", script, flavour)
    return phrase("verdict_depends", script, flavour, facts=join_names(facts, script))


_NOT_VERB = {"有": "没有", "会": "不会", "是": "不是"}


def join_names(names: list[str], script: Script) -> str:
    return ", ".join(names) if script == "en" else "、".join(names)


@lru_cache(maxsize=256)
def _age_asked_unset(document: Document) -> bool:
    """The document asks for the applicant's age to be proved ('proving … age', '年龄证明') but sets no age
    anywhere ('年满65周岁', 'aged 65 or above')."""
    return bool(_AGE_PROVED.search(to_simplified(document.text))) and not age_conditions(document.text)


# An age to be proved ('documents proving the applicant's identity, age and residence', '年龄证明').
_AGE_PROVED = re.compile(
    r"\b(?:prov(?:e|es|ing)|proof of)\b[^.;]{0,60}(?<!old )\bage\b|\bage (?:proof|document)|"
    r"年龄证明|证明[^。；]{0,20}年龄",
    re.I,
)


# A rule for the one who gives the care, not the elder ('请领本津贴之照顾者并应符合下列规定', 'the caregiver
# must be…'): its ages are the carer's.
_CARER_RULE = re.compile(
    r"(?<!受)照顾者[^。：:；]{0,8}(?:应|须|需|必须)[^。：:；]{0,6}符合|\b(?:the )?caregivers? (?:must|shall|has to|have to)\b",
    re.I,
)


def carers_rule(text: str) -> bool:
    """The text sets a rule for the one who gives the care ('请领本津贴之照顾者并应符合下列规定')."""
    return bool(_CARER_RULE.search(to_simplified(text)))


_RULE_INTRO = re.compile(
    r"[^。：:；\n]*(?:符合下列|下列规定|如下)[^。：:；\n]*[：:]|[^.:\n]*(?:must|shall)[^.:\n]*:", re.I
)


def _under_carer_rule(sentence: Sentence) -> bool:
    """The sentence is, or is an item under, a rule for the carer: the last rule introduction at or
    before it ('请领本津贴之照顾者并应符合下列规定：') is the carer's."""
    text = to_simplified(sentence.document.text[max(0, sentence.start - 400) : sentence.end])
    intros = list(_RULE_INTRO.finditer(text))
    return bool(intros) and bool(_CARER_RULE.search(intros[-1].group(0)))


def asker_is_carer(query: Query) -> bool:
    """The age the question tells is the asker's own ('我今年67岁，想…照顾我妈'): a carer's age rule is theirs."""
    return query.asker_age is not None and query.asker_age == query.profile.age


def _tier_of_another_group(condition: Condition, sentence: str, groups: frozenset[str]) -> bool:
    """An age tier followed at once by a group ('年满55岁以上原住民'), the question not naming that group (in
    either language; `Query.groups`)."""
    if condition.kind != "age":
        return False
    at = sentence.find(condition.text)
    if at < 0:
        return False
    after = to_simplified(sentence[at + len(condition.text) : at + len(condition.text) + 12])
    after = re.sub(r"^\s*(?:以上|或以上|及以上|之|的|者|who are|that are)?\s*", "", after, flags=re.I)
    group = next((name for name, pattern in TIER_GROUPS.items() if pattern.match(after)), None)
    return group is not None and group not in groups
