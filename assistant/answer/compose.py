"""The composer and its guard: the chosen sentences in the asker's script, each marked [n], citation n
quoting it with its neighbours; a verdict and the checklist of what the asker told us lead (asked no
verdict, the checklist follows the answer). Every number
in the text is checked against the citations (guard.py); an answer that fails is refused, never sent. An
abstention says why and, where one is known, names a service line of the asker's place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import checks
from assistant.answer.eligibility import check, describe, protects, refuses
from assistant.answer.evidence import Sentence, as_quoted, candidate_sentences, with_context
from assistant.answer.guard import check_answer
from assistant.answer.phrases import phrase
from assistant.answer.verdict import Verdicts, asker_is_carer, carers_rule, join_names, verdict_text
from assistant.query import Query, place_name
from assistant.text.conditions import conditions
from assistant.text.kinds import states
from assistant.text.script import to_script, to_simplified
from assistant.types import Answer, Citation, Finding, Hit, Profile, Script

_BLANK_LINES = re.compile(r"\n\s*\n")  # a list set out with blank lines reads as one block
_HOTLINE = re.compile(r"电话|热线|咨询|hotline|enquir|call|telephone|phone", re.I)


@dataclass(frozen=True)
class Refused:
    """The guard found a number in the text that no citation supports, even in the bare quotes."""

    problems: str


def compose(
    query: Query,
    chosen: list[Sentence],
    verdicts: Verdicts,
    refusal: Sentence | None = None,
    further: list[Sentence] | None = None,
) -> Answer | Refused:
    """Answer text: each chosen sentence, in the asker's script, marked [n]; citation n quotes the
    sentence with its neighbours (merged where they overlap). Newer documents come first. Passages for
    further reading (`further`) are cited on a last line, not quoted."""
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
        shown: list[tuple[int, int]] = []  # the spans quoted of this document so far
        # Best sentence first: the answer leads with what answers the question; its source follows.
        for (start, end), members in _merge_contexts(group):
            citation = citation_of(len(citations) + 1, members[0], script, flavour, (start, end), members)
            citations.append(citation)
            for sentence in members:
                cores.append((sentence, citation.n))
                if any(a <= sentence.start and sentence.end <= b for a, b in shown):
                    continue  # already read in full within a list or clause quoted before it
                shown.append(as_quoted(sentence))
                lines.append(f"{in_script(sentence, script, flavour)} [{citation.n}]")
        lines.append(phrase("from", script, flavour, title=document.title, date=date))
        blocks.append("\n".join(lines))
    # the asker's facts are checked against the statements quoted, as shown, not against the neighbours
    # a citation holds for context ('年满60周岁' of the rule before is none of this one's)
    # (and only the leading document's: another document quoted beside it sets another benefit's terms)
    stated = [
        (s.document.text[slice(*as_quoted(s))], s.document.region, n)
        for s, n in cores
        if s.document.doc_id == chosen[0].document.doc_id
    ]
    if not asker_is_carer(query):  # a carer's rule ('照顾者…未满六十五岁') is not checked against the elder
        stated = [(text, region, n) for text, region, n in stated if not carers_rule(text)]
    findings = findings_in(profile, stated)
    parts: list[str] = []
    decided: str | None = None
    missing: tuple[str, ...] = ()
    if query.asks_verdict:
        judged = verdicts.decide(query, chosen, citations, cores, refusal)
        decided, missing, checklist = judged.decided, judged.missing, judged.checklist
    if decided is not None:
        findings += [
            f for f in checklist if (f.condition, f.status) not in {(g.condition, g.status) for g in findings}
        ]
        safe = refuses(chosen[0].text) and protects(chosen[0].text, query.feared)
        if judged.duty:
            findings = []  # a duty holds whoever is asked of: nothing of the person decides it
        parts.append(
            verdict_text(
                "duty" if judged.duty else "safe" if decided == "yes" and safe else decided,
                missing,
                script,
                flavour,
                told=profile.tells_of_person(),
                fee=query.fee if judged.fee else None,
                no_tier=judged.no_tier,
                verb=query.verb,
            )
        )
    if not query.asks_verdict:
        # asked no verdict ('厦门80岁老人高龄津贴多少？'): only the tiers the leading statement states
        findings = findings_in(profile, stated[:1])
    checked = (
        eligibility_text(findings, profile, script, flavour) if any(f.profile_value for f in findings) else ""
    )
    if query.asks_verdict:
        parts.append(checked)  # what the asker told us, checked, leads with the verdict it decides
    # which to follow, where two versions of a page (the same place, titles much alike) were published at
    # different times; pages on other things or places do not compete
    pages = [g[0].document for g in order if g[0].document.published]
    dated = [d.published for d in pages]
    if len(set(dated)) > 1 and len({d.region for d in pages}) == 1 and _alike(*(d.title for d in pages[:2])):
        parts.append(phrase("newer", script, flavour, published=max(dated)))
    parts.extend(blocks)
    if not query.asks_verdict:
        parts.append(checked)  # asked no verdict: the answer leads, what the asker told us, checked, follows
    more = [citation_of(len(citations) + i + 1, s, script, flavour) for i, s in enumerate(further or [])]
    if more:
        citations.extend(more)
        parts.append(phrase("see_also", script, flavour, refs=" ".join(f"[{c.n}]" for c in more)))
    text = "\n\n".join(p for p in parts if p)
    documents = {s.document.doc_id: s.document for s in (*chosen, *(further or []))}
    report = check_answer(text, citations, documents, query.text)
    if not report.ok:  # never let an unsupported number out: fall back to the bare quotes
        text = "\n\n".join(blocks)
        report = check_answer(text, citations, documents, query.text)
        if not report.ok:
            return Refused("; ".join(report.problems))
    return Answer(True, script, text, citations, findings, verdict=decided, missing=missing)


def _alike(a: str, b: str) -> bool:
    """Two titles sharing at least half the character pairs of the shorter."""
    pairs = [{t[i : i + 2] for i in range(len(t) - 1)} for t in (to_simplified(a), to_simplified(b))]
    return bool(pairs[0] and pairs[1]) and len(pairs[0] & pairs[1]) >= 0.5 * min(map(len, pairs))


def findings_in(profile: Profile, quotes: list[tuple[str, str | None, int]]) -> list[Finding]:
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
            findings.append(Finding(describe(condition), condition.kind, condition.text, value, status, n))
    return findings


def eligibility_text(findings: list[Finding], profile: Profile, script: Script, flavour: str) -> str:
    told = any(f.profile_value for f in findings if f.kind == "age")
    lines = [phrase("eligibility_head" if told else "eligibility_rules", script, flavour)]
    who = phrase(f"who_{profile.relation or ''}", script, flavour)
    for finding in findings:
        if finding.kind != "age" or not finding.profile_value:
            continue  # only what the asker's own facts decide
        value = (
            f"{finding.profile_value}{phrase('age_unit', script, flavour)}" if finding.profile_value else ""
        )
        key = finding.status if finding.profile_value else "unknown"
        # the rule's words as the asker reads them, like the statements quoted ('80歲以上' to a simplified asker)
        required = to_script(finding.required, script, flavour) if script != "en" else finding.required
        lines.append(
            phrase(key, script, flavour, who=who, value=value, required=required, n=finding.citation)
        )
    return "\n".join(lines) if len(lines) > 1 else ""


def abstain(query: Query, reason: tuple[str, str], hits: list[Hit]) -> Answer:
    script, flavour = query.script, query.flavour
    kind, detail = reason
    if kind == "off topic":
        text = phrase("abstain_off_topic", script, flavour)
        return Answer(False, script, text, [], abstain_reason=kind)
    parts = [phrase("abstain", script, flavour)]
    if kind == "place" and detail:
        names = [place_name(key, script) for key in detail.split(", ")]
        parts.append(phrase("abstain_place", script, flavour, places=join_names(names, script)))
        covered = places_for_topic(hits, script)
        if covered:
            parts.append(phrase("places_we_have", script, flavour, places=join_names(covered, script)))
    elif kind == "place_weak" and detail:
        # a page on the place was found, but another place's answers far better: the place is covered
        names = [place_name(key, script) for key in detail.split(", ")]
        parts.append(phrase("abstain_place_weak", script, flavour, places=join_names(names, script)))
    elif kind == "year" and detail:
        parts.append(phrase("abstain_year", script, flavour, years=detail))
    elif kind == "benefit" and detail:
        # the name as the asker writes it (names are read in simplified characters)
        shown = to_script(detail, script, flavour) if script == "zh-Hant" and not detail.isascii() else detail
        parts.append(phrase("abstain_benefit", script, flavour, benefit=shown))
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
    hotline = hotline_in(query, hits)
    if hotline is not None:
        citation = citation_of(1, hotline, script, flavour)
        citations.append(citation)
        parts.append(
            f"{phrase('suggest_hotline', script, flavour)} {in_script(hotline, script, flavour)} [1]"
        )
    else:
        parts.append(phrase("suggest", script, flavour))
    return Answer(False, script, " ".join(parts), citations, abstain_reason=f"{kind}: {detail}".rstrip(": "))


def places_for_topic(hits: list[Hit], script: Script, limit: int = 4) -> list[str]:
    """The places our documents on this topic cover (the retrieved documents', best first)."""
    names: list[str] = []
    for hit in hits:
        for key in sorted(checks.document_places(hit.document)):
            name = place_name(key, script)
            if name not in names:
                names.append(name)
    return names[:limit]


def hotline_in(query: Query, hits: list[Hit]) -> Sentence | None:
    """A sentence naming a service phone line, from the document retrieved first (another page's line
    serves another errand: a voucher balance line is no help to report abuse), when it is about the
    asker's place."""
    first = [h for h in hits if h.document.doc_id == hits[0].document.doc_id] if hits else []
    for sentence in candidate_sentences(first):
        if not (states("phone", sentence.text) and _HOTLINE.search(to_simplified(sentence.text))):
            continue
        if query.places and checks.missing_places(query.places, sentence.document):
            continue
        if not query.places and query.named_places:
            continue
        return sentence
    return None


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


def in_script(sentence: Sentence, script: Script, flavour: str) -> str:
    """A sentence as the asker reads it, with the list it introduces ('须提供以下材料：' and the items):
    Chinese converted to the asker's script, English as is."""
    start, end = as_quoted(sentence)
    text = _BLANK_LINES.sub("\n", sentence.document.text[start:end])
    if script != "en" and sentence.document.language not in ("en", script):
        return to_script(text, script, flavour)
    return text


def citation_of(
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
