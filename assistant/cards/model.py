"""The card shapes of FORMATS.md section 6, as typed objects with their JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant.text.sentences import clause_around

FIELDS = (
    "age",
    "residence",
    "income",
    "assets",
    "contribution_years",
    "residence_years",
    "care_need",
    "benefit",
    "other",
)
KINDS = ("cash", "service", "concession", "duty", "procedure")
GIVES = ("amount", "hours", "discount", "free", "service")


@dataclass(frozen=True)
class Cite:
    """The sentence a field was read from: its passage and its words, as in an answer's citation."""

    chunk_id: str
    quote: str
    start: int = -1  # offsets of the quote in the document's cleaned text (-1: not located)
    end: int = -1

    def to_json(self) -> dict[str, Any]:
        return {"chunk_id": self.chunk_id, "quote": self.quote, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Cite:
        return cls(
            str(raw.get("chunk_id", "")),
            str(raw.get("quote", "")),
            int(raw.get("start", -1)),
            int(raw.get("end", -1)),
        )


@dataclass(frozen=True)
class Criterion:
    """One condition of a card: `field op value` ('age >= 65', 'income <= 3600 SGD a month per person',
    'residence is 永久居民', 'benefit not 居家服務'). `about` names the profile fact an 'other' condition
    is checked against ('born', 'citizen')."""

    field: str
    op: str  # '>=', '>', '<=', '<', 'is', 'not'
    value: Any
    cite: Cite
    currency: str | None = None
    period: str | None = None  # 'month' | 'year'
    per: str | None = None  # 'person' | 'household'
    about: str | None = None
    text: str = ""  # the words that state it

    def key(self) -> tuple[str, str, str]:
        return (self.field, self.op, str(self.value))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "op": self.op, "value": self.value}
        for name in ("currency", "period", "per", "about"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.text:
            out["text"] = self.text
        out["cite"] = self.cite.to_json()
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Criterion:
        return cls(
            field=str(raw["field"]),
            op=str(raw.get("op", "is")),
            value=raw.get("value"),
            cite=Cite.from_json(raw.get("cite") or {}),
            currency=raw.get("currency"),
            period=raw.get("period"),
            per=raw.get("per"),
            about=raw.get("about"),
            text=str(raw.get("text", "")),
        )


@dataclass(frozen=True)
class Give:
    """What a card gives: an amount, hours of service, a discount, something free, or a service."""

    what: str
    text: str
    cite: Cite
    value: float | None = None
    currency: str | None = None
    period: str | None = None

    @property
    def words(self) -> str:
        """What it gives as a reader follows it: the clause of its cited sentence that holds the words
        read ('免费' -> '对65周岁以上的老年人实行免费')."""
        return clause_around(self.cite.quote, self.text) or self.what

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what}
        if self.value is not None:
            out["value"] = int(self.value) if float(self.value).is_integer() else self.value
        for name in ("currency", "period"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        out["text"] = self.text
        out["cite"] = self.cite.to_json()
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Give:
        return cls(
            what=str(raw.get("what", "service")),
            text=str(raw.get("text", "")),
            cite=Cite.from_json(raw.get("cite") or {}),
            value=raw.get("value"),
            currency=raw.get("currency"),
            period=raw.get("period"),
        )


@dataclass(frozen=True)
class Apply:
    where: str | None = None
    how: str | None = None
    documents: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    cite: tuple[Cite, ...] = ()

    def empty(self) -> bool:
        return not (self.where or self.how or self.documents or self.contacts)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.where:
            out["where"] = self.where
        if self.how:
            out["how"] = self.how
        out["documents"] = list(self.documents)
        out["contacts"] = list(self.contacts)
        out["cite"] = [c.to_json() for c in self.cite]
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Apply:
        raw = raw or {}
        return cls(
            where=raw.get("where"),
            how=raw.get("how"),
            documents=tuple(raw.get("documents") or ()),
            contacts=tuple(raw.get("contacts") or ()),
            cite=tuple(Cite.from_json(c) for c in raw.get("cite") or ()),
        )


@dataclass(frozen=True)
class Card:
    id: str
    doc_id: str
    name: str
    kind: str
    place: str | None = None
    effective: str | None = None
    expires: str | None = None
    conditions: tuple[Criterion, ...] = ()
    gives: tuple[Give, ...] = ()
    apply: Apply = field(default_factory=Apply)
    checked: dict[str, str] | None = None  # {"by": .., "at": "YYYY-MM-DD"} once staff checked it
    tests: tuple[dict[str, Any], ...] = ()
    review: tuple[str, ...] = ()  # why staff should look at it again (its document changed, a quote is gone)

    @property
    def source(self) -> str:
        return "staff" if self.checked else "machine"

    def with_(self, **changes: Any) -> Card:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "name": self.name,
            "kind": self.kind,
            "place": self.place,
            "effective": self.effective,
            "expires": self.expires,
            "conditions": [c.to_json() for c in self.conditions],
            "gives": [g.to_json() for g in self.gives],
            "apply": self.apply.to_json(),
            "checked": self.checked,
            "tests": list(self.tests),
            "source": self.source,
            "review": list(self.review),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Card:
        return cls(
            id=str(raw["id"]),
            doc_id=str(raw["doc_id"]),
            name=str(raw.get("name", "")),
            kind=str(raw.get("kind", "service")),
            place=raw.get("place"),
            effective=raw.get("effective"),
            expires=raw.get("expires"),
            conditions=tuple(Criterion.from_json(c) for c in raw.get("conditions") or ()),
            gives=tuple(Give.from_json(g) for g in raw.get("gives") or ()),
            apply=Apply.from_json(raw.get("apply")),
            checked=raw.get("checked"),
            tests=tuple(raw.get("tests") or ()),
            review=tuple(raw.get("review") or ()),
        )
