"""A screen as plain text with numbered citations: the CLI, the console's copy key and WeChat read it."""

from __future__ import annotations

from assistant.text.script import to_script

from .model import Criterion
from .screen import Outcome, Screen

_HEADINGS = {
    "likely": ("Likely eligible", "可能符合"),
    "need_info": ("Need more information", "需要更多资料"),
    "not_eligible": ("Not eligible", "不符合"),
    "unassessed": ("Found, conditions not read", "找到了，但未能读出条件"),
}
_WORDS = {
    "gives": ("gives", "提供"),
    "met": ("meets", "符合"),
    "failed": ("fails", "不符合"),
    "ask": ("to decide", "还需知道"),
    "apply": ("apply", "申请"),
    "bring": ("bring", "携带"),
    "contact": ("contact", "联系"),
    "sources": ("Sources", "出处"),
    "none": ("No benefit found for this place.", "未找到这个地方的福利。"),
}


def _say(pair: tuple[str, str], script: str) -> str:
    return pair[0] if script == "en" else to_script(pair[1], script)  # type: ignore[arg-type]


def status_words(status: str, script: str) -> str:
    """'Likely eligible' / '可能符合' / …, in the asker's script."""
    return _say(_HEADINGS[status], script)


def label(key: str, script: str) -> str:
    """A line's label ('gives', 'meets', 'to decide', 'apply', 'contact', …), in the asker's script."""
    return _say(_WORDS[key], script)


class _Numbers:
    def __init__(self) -> None:
        self.quotes: list[tuple[str, str]] = []  # (doc_id, quote)

    def __call__(self, doc_id: str, quote: str) -> str:
        key = (doc_id, quote)
        if key not in self.quotes:
            self.quotes.append(key)
        return f"[{self.quotes.index(key) + 1}]"


def condition_words(condition: Criterion) -> str:
    return condition.text or f"{condition.field} {condition.op} {condition.value}"


def outcome_lines(outcome: Outcome, n: int, script: str, cite: _Numbers) -> list[str]:
    card = outcome.card
    lines = [f"{n}. {card.name}"]
    if card.gives:
        gifts = "; ".join(f"{g.words} {cite(card.doc_id, g.cite.quote)}" for g in card.gives[:4])
        lines.append(f"   {_say(_WORDS['gives'], script)}: {gifts}")
    if outcome.met:
        met = "; ".join(f"{condition_words(c)} {cite(card.doc_id, c.cite.quote)}" for c in outcome.met)
        lines.append(f"   {_say(_WORDS['met'], script)}: {met}")
    if outcome.failed:
        failed = "; ".join(f"{condition_words(c)} {cite(card.doc_id, c.cite.quote)}" for c in outcome.failed)
        lines.append(f"   {_say(_WORDS['failed'], script)}: {failed}")
    if outcome.ask:
        lines.append(f"   {_say(_WORDS['ask'], script)}: {' '.join(outcome.ask)}")
    if outcome.status != "not_eligible":
        if card.apply.where:
            first = card.apply.cite[0].quote if card.apply.cite else card.apply.where
            lines.append(f"   {_say(_WORDS['apply'], script)}: {card.apply.where} {cite(card.doc_id, first)}")
        if card.apply.contacts:
            lines.append(f"   {_say(_WORDS['contact'], script)}: {'; '.join(card.apply.contacts)}")
    return lines


def screen_text(screen: Screen, documents: dict | None = None) -> str:
    """The whole screen, grouped by status, with its sources listed at the end."""
    script = screen.lang
    if screen.message and not screen.outcomes:
        return screen.message
    if not screen.outcomes:
        return _say(_WORDS["none"], script)
    cite = _Numbers()
    lines: list[str] = []
    n = 0
    for status in ("likely", "need_info", "not_eligible", "unassessed"):
        group = [o for o in screen.outcomes if o.status == status]
        if not group:
            continue
        lines.append(f"{_say(_HEADINGS[status], script)} ({len(group)})")
        for outcome in group:
            n += 1
            lines.extend(outcome_lines(outcome, n, script, cite))
    lines.append("")
    lines.append(_say(_WORDS["sources"], script) + ":")
    for i, (doc_id, quote) in enumerate(cite.quotes, start=1):
        title = getattr((documents or {}).get(doc_id), "title", doc_id)
        lines.append(f"[{i}] {title}: {quote}")
    return "\n".join(lines)
