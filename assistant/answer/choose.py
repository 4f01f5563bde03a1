"""Which sentences to quote, from the documents that may answer: the ranker's best, and others only where
the ranker gives them a high chance of holding what was asked; a sentence stating the kind of answer
asked for leads when the best does not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answer import checks
from assistant.answer.evidence import Sentence, as_quoted, with_context, with_list
from assistant.answer.ranker import Ranker
from assistant.query import Query
from assistant.text.crosslingual import synonyms
from assistant.text.kinds import (
    LEAD_ONLY,
    MACHINERY,
    figures,
    states,
    states_began,
    states_enactment,
    states_frequency,
    states_online,
    states_own_purpose,
    states_own_start,
    states_start,
)
from assistant.text.script import to_simplified
from assistant.text.sentences import ENUMERATOR
from assistant.types import Document


@dataclass(frozen=True)
class Thresholds:
    """Evidence a best sentence needs before we answer from it. Calibrated on the eval set (README)."""

    min_score: float = 0.30
    # A question asking for a figure (an amount, a charge, 'is it free?') is answered by one sentence
    # stating it: below this its best evidence is a near miss, a figure of another thing. 0.9 x the
    # lowest best score of any answerable such question of the fitting sets (README).
    min_score_figure: float = 0.344
    min_lexical: float = 0.05
    fallback_share: float = 0.8  # evidence left after the place check must be this close to another place's
    second_document_share: float = 0.92  # another document is quoted only when its evidence is this close
    max_sentences: int = 3
    further_reading: int = 1  # passages cited, unquoted, beyond what max_sentences would quote
    # Below this cosine (RELATEDNESS_MODEL) to the nearest passage a question is about something else
    # than what we hold: 0.9 x the lowest of any answerable question of the fitting sets (README).
    min_related: float = 0.226
    # ... unless e5's raw cosine to the nearest passage reaches this: 1.02 x the highest of any question
    # of eval/off_topic/ (0.852), every answerable question of the fitting sets being above `min_related`.
    min_related_e5: float = 0.87


@dataclass
class Choice:
    """The sentences to quote, best first, and those only cited for further reading."""

    quoted: list[Sentence]
    further: list[Sentence]


def choose(
    scored: list[Sentence],
    documents: list[Document],
    kind: str | None,
    role: str | None = None,
    thresholds: Thresholds = Thresholds(),
    asks_start: bool = False,
    ranker: Ranker | None = None,
    asks_machinery: bool = True,
    asks_services: bool = False,
    named: frozenset[tuple[float, str]] = frozenset(),
    online: bool = False,
) -> Choice:
    """The ranker's best sentence, and the others it thinks hold what was asked (`Ranker.quotes`); the
    rest of the best few are cited for further reading, unquoted. When the question asks for a kind of
    answer (an amount, hours, a phone line, a date; for 'when does it take effect', the date a rule
    applies from, not the day it was adopted) the best sentence does not state, the best sentence that
    states it leads. What a rule says of itself (its repeal, penalties, liabilities, purpose, the day it
    takes effect, its line of enactment) comes last unless the question asks about that."""

    def answers(sentence: Sentence) -> bool:
        return (
            checks.states_asked(kind, sentence.text, role)  # type: ignore[arg-type]
            and (not asks_start or states_start(sentence.text))
            # when a figure the question names came to be ('哪一年开始是每月七千元'): the sentence giving it
            and (not named or kind not in ("year", "date") or bool(figures(sentence.text) & named))
            # how often, where a page says so many times a period ('一年至少进行一次'), and not only a
            # length of time ('补发时长在24个月内')
            and (not frequency or states_frequency(sentence.text))
            # the year something began, where a page says it began ('in 2017 the government introduced…'),
            # not another year it names
            and (not began or states_began(sentence.text))
        )

    allowed = {d.doc_id for d in documents}
    ranker = ranker or Ranker.fitted()
    usable = ranker.rank([s for s in scored if s.document.doc_id in allowed])
    frequency = role == "often" and any(states_frequency(s.text) and _evidence(s, thresholds) for s in usable)
    began = (
        role == "began"
        and kind is not None
        and any(states(kind, s.text) and states_began(s.text) and _evidence(s, thresholds) for s in usable)
    )
    # What a rule says of itself (its repeal, penalties, liabilities and purpose, the day it takes effect,
    # its line of enactment) answers only a question about that: the others first.
    usable = sorted(
        usable,
        key=lambda s: (
            (not asks_machinery and (bool(MACHINERY.search(s.text)) or states_own_purpose(s.text)))
            or (not asks_start and states_own_start(s.text))
            or (not asks_start and kind != "date" and states_enactment(s.text))
        ),
    )
    if not usable:
        return Choice([], [])
    best = usable[0]
    chosen = [best]
    if kind and not answers(best):
        # The best sentence of the same document that states the kind asked for, else of the other
        # document checked, leads. Of another document, a sentence that shares next to nothing with the
        # question is not evidence, whatever it states; of the document already answering, it is (a
        # question in one language shares no word with 'aged 60 or above' on a page in the other).
        stating = [s for s in usable if answers(s) and _evidence(s, thresholds)]
        stating_here = [s for s in usable if answers(s) and s.document.doc_id == best.document.doc_id]
        # The list the best sentence introduces, quoted with it, may state it ('…配置工作人员，规定如下：'
        # over '每照顾十五人者，应置一人'): it leads with its list (as an item quoted with the same list, or
        # itself), before any other list's item.
        listed = with_list(best, quoted=True)
        if listed[1] != best.end and answers(replace(best, start=listed[0], end=listed[1])):
            stating = stating_here = [s for s in stating_here if as_quoted(s) == listed] or [best]
        if kind in LEAD_ONLY:
            stating = []  # papers, a charge or an age of another document are another scheme's
        if kind == "where" and role != "post":
            # an office named far from what was asked is another errand's (a postal address asked for
            # is the page's own, however far its words)
            close = thresholds.second_document_share * best.score
            stating_here = [s for s in stating_here if s.score >= close]
        if kind == "consequence":
            # what follows from something the question names ('冒用…会怎样'): the rule naming that
            # something, of whichever document, over one stating what follows from something else
            stating_here = sorted([*stating_here, *stating], key=lambda s: -s.lexical)[:1]
        lead = (stating_here or stating or [None])[0]
        if lead is not None and lead is not best:
            chosen = [lead, best] if ranker.quotes(best) else [lead]
    if online and not states_online(chosen[0].text):
        # 'Can I apply online?': the answering page's line naming its channel online leads ('可提前2个月在
        # “穗好办”APP线上申领'), the rule that scored above it second
        channel = next(
            (s for s in usable if s.document.doc_id == best.document.doc_id and states_online(s.text)),
            None,
        )
        if channel is not None:
            chosen = [channel, *(c for c in chosen if c is not channel and ranker.quotes(c))][:2]
    if asks_services and with_list(best, quoted=True) == (best.start, best.end):
        # 'What services…?' is answered by the answering document's list of services, quoted with its
        # items, not by a principle scoring above it ('第三条 居家养老服务应当以…为导向')
        listing = next(
            (s for s in usable if s.document.doc_id == best.document.doc_id and _lists_services(s)), None
        )
        if listing is not None:
            chosen = [listing]  # the list is the answer; what scored above it is cited for further reading
    quoted_documents = {c.document.doc_id for c in chosen}
    further = (
        [best] if all(best is not c for c in chosen) and best.document.doc_id in quoted_documents else []
    )
    taken = len(chosen)  # sentences quoted, counting those whose quote one quoted already holds
    for sentence in usable[1:]:
        if taken + len(further) >= thresholds.max_sentences + thresholds.further_reading:
            break
        if any(sentence is c or overlaps(sentence, c) for c in (*chosen, *further)):
            continue
        if any(_words(sentence.text) == _words(c.text) for c in chosen):
            continue  # the same words at another place (a rule two articles repeat): quoted once
        if any(sentence.chunk.chunk_id == c.chunk.chunk_id for c in (*chosen, *further)):
            continue  # its passage is quoted already (citations quote the context): take another
        same_document = sentence.document.doc_id in {c.document.doc_id for c in chosen}
        close = same_document or sentence.score >= thresholds.second_document_share * best.score
        if ranker.quotes(sentence) and close and taken < thresholds.max_sentences:
            taken += 1
            if not any(_words(_quoted(sentence)) == _words(_quoted(c)) for c in chosen):
                chosen.append(sentence)  # (a list's introduction, or a clause of a rule repeated
                # elsewhere, that a quote already holds, is not quoted again)
        elif same_document:
            further.append(sentence)  # more of a document quoted, never another one unquoted
    return Choice(chosen, further)


def _lists_services(sentence: Sentence) -> bool:
    """The sentence introduces a list whose items are services ('…主要包括以下内容：（一）…用餐服务；')."""
    _, end = with_list(sentence, quoted=True)
    if end == sentence.end:
        return False
    items = to_simplified(sentence.document.text[sentence.end : end])
    return len(re.findall(r"服务|照料|照顾|援助|service|care", items, re.I)) >= 2


def _quoted(sentence: Sentence) -> str:
    """What an answer quotes of the sentence: a clause with its whole sentence, a list's item with its
    list (`as_quoted`)."""
    return sentence.document.text[slice(*as_quoted(sentence))]


def _words(text: str) -> str:
    """Words without an article or item number."""
    return "".join(ch for ch in to_simplified(ENUMERATOR.sub("", text)) if ch.isalnum()).casefold()


def enough_evidence(
    candidates: list[Sentence], thresholds: Thresholds, english: bool, figure: bool = False
) -> bool:
    """Whether the sentences of the answering documents, best first, are evidence enough to answer an
    English (`english`) or Chinese question from: the best scores `min_score` (`min_score_figure` when
    the question asks for a figure) and shares words with the question (`min_lexical`). On a page in
    the other language the words shared may sit in any of the few sentences an answer may quote: such a
    question meets the page mostly through meaning, and its few words in common ('每月', 'per month') may
    be in a sentence of their own."""
    floor = max(thresholds.min_score, thresholds.min_score_figure) if figure else thresholds.min_score
    if not candidates or candidates[0].score < floor:
        return False
    best = candidates[0]
    other_language = (best.document.language == "en") != english
    read = candidates[: thresholds.max_sentences] if other_language else [best]
    return max(s.lexical for s in read) >= thresholds.min_lexical


def _evidence(sentence: Sentence, thresholds: Thresholds) -> bool:
    return sentence.lexical >= thresholds.min_lexical


def states_asked(query: Query, sentence: Sentence, covering: Callable[[str], list[str]] = synonyms) -> bool:
    """The sentence states the kind of answer asked for (an amount, hours...) about the benefit the
    question names: in the sentence, its quoted context, or the title of a document about it
    ('本津貼…五千元' in a rule on another allowance does not answer for the one asked about)."""
    start, end = with_context(sentence)
    document = sentence.document
    context = document.text[start:end]
    listed = document.text[slice(*with_list(sentence, quoted=True))]  # a list's items, quoted with it
    if not query.kind or not checks.states_asked(query.kind, listed, query.role, context):
        return False
    scope = replace(document, search_text=to_simplified(f"{document.title}\n{document.text[start:end]}"))
    return all(  # found as the document check finds it: by its Chinese names too when a place is asked
        checks.benefit_covered(candidates, scope, covering, bool(query.places))
        for _name, candidates in checks.benefits_to_check(query.benefits, document, synonyms)
    )


def overlaps(a: Sentence, b: Sentence) -> bool:
    return a.document.doc_id == b.document.doc_id and a.start < b.end and b.start < a.end
