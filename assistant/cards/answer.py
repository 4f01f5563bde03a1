"""A screen told as an answer: 'what can my father get?' is answered with the benefits of his place that
fit what was said, each with what it gives and the condition it meets or the fact still needed, every
figure cited. The whole screen rides along (`Answer.screen`) for the chat to list and expand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.answer.guard import check_answer
from assistant.query import Query, place_name
from assistant.text.script import to_script
from assistant.types import Answer, Citation, Document, Script

from .model import Card, Cite
from .screen import Outcome, Screen

MAX_SHOWN = 5
_WORDS = {
    "intro": (
        "From what you told me, these benefits of {place} may fit:",
        "根据你提供的资料，{place}以下福利可能适合：",
    ),
    "likely": ("likely eligible", "可能符合"),
    "need_info": ("need more information", "需要更多资料"),
    "meets": ("meets", "符合"),
    "fails": ("does not meet", "不符合"),
    "not_eligible": ("not eligible", "不符合"),
    "intro_none": (
        "From what you told me, these benefits of {place} do not fit:",
        "根据你提供的资料，{place}以下福利并不适合：",
    ),
    "ask": ("to decide", "还需知道"),
    "rest": ("Others listed there do not fit what you told me.", "当地其他福利与你提供的资料不符。"),
}


def _say(key: str, script: Script, flavour: str, **values: Any) -> str:
    english, chinese = _WORDS[key]
    text = english if script == "en" else to_script(chinese, script, flavour)  # type: ignore[arg-type]
    return text.format(**values)


def _shown(text: str, document: Document, script: Script, flavour: str) -> str:
    if script != "en" and document.language not in ("en", script):
        return to_script(text, script, flavour)  # type: ignore[arg-type]
    return text


def _same_benefit(a: Card, b: Card) -> bool:
    """Two documents' cards for one benefit (a law and its English translation): the same sums paid and
    the same ages, read from each."""

    def sums(card: Card) -> set[tuple[float, str | None]]:
        return {(g.value, g.period) for g in card.gives if g.what == "amount" and g.value}

    def ages(card: Card) -> set[tuple[str, object]]:
        return {(c.op, c.value) for c in card.conditions if c.field == "age"}

    return a.doc_id != b.doc_id and bool(sums(a)) and sums(a) == sums(b) and ages(a) == ages(b)


def _distinct(outcomes: list[Outcome], documents: dict[str, Document], script: Script) -> list[Outcome]:
    """The outcomes, each benefit once: of a benefit two documents state, the card of the document in
    the asker's language ('en' or Chinese) where there is one, else the first."""
    english = script == "en"
    kept: list[Outcome] = []
    for outcome in outcomes:
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if _same_benefit(outcome.card, k.card) and outcome.status == k.status
            ),
            None,
        )
        if same is None:
            kept.append(outcome)
        elif (documents[kept[same].card.doc_id].language == "en") != english and (
            documents[outcome.card.doc_id].language == "en"
        ) == english:
            kept[same] = outcome
    return kept


def screen_answer(
    query: Query, screen: Screen, documents: dict[str, Document], *, again: bool = False
) -> Answer | None:
    """The answer, or None when nothing fits (the ordinary answer path then answers). `again`: a
    follow-up to a screen, answered by the screen even when nothing fits any more (saying what failed)."""
    distinct = _distinct(screen.outcomes, documents, query.script)
    shown = [o for o in distinct if o.status in ("likely", "need_info")][:MAX_SHOWN]
    if not shown and (again or query.asks_screen):
        # nothing fits: what failed answers an open 'what can she get?' better than a passage would
        shown = [o for o in distinct if o.status == "not_eligible"][:MAX_SHOWN]
    if not shown:
        return None
    script, flavour = query.script, query.flavour
    citations: list[Citation] = []

    def number(doc_id: str, cite: Cite) -> int:
        for citation in citations:
            if citation.doc_id == doc_id and citation.start == cite.start and citation.end == cite.end:
                return citation.n
        document = documents[doc_id]
        converted = _shown(cite.quote, document, script, flavour)
        citations.append(
            Citation(
                n=len(citations) + 1,
                doc_id=doc_id,
                title=document.title,
                source=document.source,
                published=document.published,
                quote=cite.quote,
                chunk_id=cite.chunk_id,
                start=cite.start,
                end=cite.end,
                language=document.language,
                quote_in_asker_script=converted if converted != cite.quote else None,
                highlights=((cite.start, cite.end),),
            )
        )
        return len(citations)

    place = place_name(screen.place, script) if screen.place else ""
    fits = any(o.status != "not_eligible" for o in shown)
    lines = [_say("intro" if fits else "intro_none", script, flavour, place=place)]
    for outcome in shown:
        card = outcome.card
        document = documents[card.doc_id]
        # Bullets, not numerals: every figure in an answer comes from a cited quote.
        parts = [
            f"• {_shown(card.name, document, script, flavour)} ({_say(outcome.status, script, flavour)})"
        ]
        # each said once: '半价或全免' read as two gifts, '满60周岁不满65周岁' as two ages, are one quote

        def cited(
            items: Iterable[tuple[str, Cite]], most: int, document: Document = document, card: Card = card
        ) -> str:
            said = list(
                dict.fromkeys((_shown(text, document, script, flavour), cite) for text, cite in items)
            )
            return "; ".join(f"{text} [{number(card.doc_id, cite)}]" for text, cite in said[:most])

        gifts = cited(((g.words, g.cite) for g in card.gives if g.text), 3)
        if gifts:
            parts.append(gifts)
        if outcome.met:
            met = cited(((c.text or str(c.value), c.cite) for c in outcome.met), 2)
            parts.append(f"{_say('meets', script, flavour)}: {met}")
        if outcome.failed:
            failed = cited(((c.text or str(c.value), c.cite) for c in outcome.failed), 2)
            parts.append(f"{_say('fails', script, flavour)}: {failed}")
        if outcome.ask:
            parts.append(f"{_say('ask', script, flavour)}: {' '.join(outcome.ask)}")
        lines.append(
            " — ".join(parts)
            if script == "en"
            else "：".join(parts[:2]) + ("；" + "；".join(parts[2:]) if len(parts) > 2 else "")
        )
    rest = sum(1 for o in screen.outcomes if o.status == "not_eligible" and o not in shown)
    if rest:
        lines.append(_say("rest", script, flavour))
    text = "\n".join(lines)
    report = check_answer(text, citations, documents, query.text)
    if not report.ok:
        return None  # a figure without its source: the ordinary answer path answers instead
    return Answer(
        answered=True,
        lang=script,
        text=text,
        citations=citations,
        profile=query.profile,
        screen=screen.to_json(documents),
    )
