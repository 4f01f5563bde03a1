"""The typed objects that stages hand each other: Document, Chunk, Hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Script = Literal["zh-Hans", "zh-Hant", "en"]
SCRIPTS: tuple[Script, ...] = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Document:
    """A knowledge-base document as ingestion understood it.

    `text` is the cleaned text in its original script: quotes are cut from it. `search_text` is the same
    text in simplified Chinese (identical for English), the view BM25 and matching work on.
    """

    doc_id: str
    path: str
    title: str
    text: str
    search_text: str
    language: Script
    region: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source: str | None = None
    sha256: str = ""
    places: tuple[
        str, ...
    ] = ()  # gazetteer keys of the region, resolved at ingestion (assistant.text.places)
    # Front-matter values ingestion could not read, and what it used instead (FORMATS.md section 1).
    warnings: tuple[str, ...] = ()
    # Read once at ingestion, so no answer pays for reading a whole document (None: not read; answers
    # then read it when first needed). `mentions`: gazetteer keys of every place the title or text
    # names. `limit_sentences`: (passage n, start, end, limit kinds) of each sentence setting a numeric
    # limit (assistant.answer.verdict.limit_sentences).
    mentions: tuple[str, ...] | None = None
    limit_sentences: tuple[tuple[int, int, int, tuple[str, ...]], ...] | None = None

    def listing(self, chunks: int) -> dict[str, object]:
        """The FORMATS.md section 5 object (without text)."""
        return {
            "id": self.doc_id,
            "title": self.title,
            "language": self.language,
            "region": self.region,
            "published": self.published,
            "source": self.source,
            "chunks": chunks,
            "chars": len(self.text),
        }


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: `text == document.text[start:end]`."""

    chunk_id: str  # doc_id#n
    doc_id: str
    n: int
    start: int
    end: int
    text: str
    search_text: str
    language: Script

    @property
    def content_key(self) -> str:
        """Key for the embedding cache: the same passage text embeds to the same vector."""
        import hashlib

        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its fused score and the scores that made it."""

    chunk: Chunk
    document: Document
    score: float
    rank: int
    scores: dict[str, float] = field(default_factory=dict)
    cosines: dict[str, float] = field(default_factory=dict)  # raw cosine with the question, per embedder


@dataclass(frozen=True)
class Skipped:
    """A file ingestion could not read, with the reason a user can act on."""

    path: str
    reason: str


@dataclass(frozen=True)
class IngestWarning:
    """A document ingestion kept, but one of whose front-matter fields it could not read."""

    path: str
    reason: str  # names the field, the value read and what was used instead


@dataclass(frozen=True)
class Profile:
    """What a question tells about the person it is asked for. Every field is optional."""

    age: int | None = None
    region: str | None = None  # a gazetteer key from assistant.text.places (e.g. 'CN-450300', Guilin)
    living_alone: bool | None = None
    low_income: bool | None = None
    care_need: bool | None = None  # disabled, dementia, bedridden, needs care
    care_degree: int | None = None  # of that need, where said: 1 mild, 2 moderate, 3 severe
    relation: str | None = None  # 'father', 'mother', 'grandparent', 'spouse', 'self', ...
    resident: bool | None = None  # False when the question says the person is not a (permanent) resident
    # ... and the status then denied: 'household registration', 'permanent resident' or 'resident'
    status_denied: str | None = None
    # The place whose status the person holds, where another place is where they live ('澳门永久性居民，住在
    # 珠海': Macao): a gazetteer key
    status_region: str | None = None
    # The status stated: 'citizen', 'permanent resident', 'household registration' or 'resident'
    residence: str | None = None
    income_year: float | None = None  # a year's income, in the currency the asker used
    assets: float | None = None  # savings and property
    years: int | None = None  # years of contribution, insurance or residence
    born: int | None = None  # year of birth
    citizen: int | None = None  # year the person became a citizen
    couple: bool | None = None  # the sums stated are a couple's
    other_benefit: bool | None = None  # already receives, or asks to receive, another benefit beside it
    cared_for: bool | None = None  # already cared for: a hired carer, a home for the elderly
    income_period: str | None = None  # of the income stated: 'month' or 'year' where said

    def to_json(self) -> dict[str, object]:
        """The fields stated; `region` as the place's English name, `region_key` its gazetteer key."""
        out: dict[str, object] = {k: v for k, v in self.__dict__.items() if v is not None}
        if self.region:
            from assistant.text.places import place_by_key

            place = place_by_key(self.region)
            out["region"] = place.name("en") if place else self.region
            out["region_key"] = self.region
        return out

    def tells_of_person(self) -> bool:
        """Whether a fact about the person is stated (age, means, care, residence status, years, birth...);
        the place and who the person is to the asker are not such facts."""
        return any(
            value is not None for key, value in self.__dict__.items() if key not in ("region", "relation")
        )

    def merged(self, newer: Profile) -> Profile:
        """This profile updated by the fields a follow-up question states."""
        return Profile(**{k: v if v is not None else getattr(self, k) for k, v in newer.__dict__.items()})


@dataclass(frozen=True)
class Turn:
    """One question of a session, as the next question reads it (a follow-up keeps its topic and place)."""

    question: str
    topic: str  # the retrieval query that turn used (the question, or its follow-up merged with the topic)
    doc_ids: tuple[str, ...]
    screened: bool = False  # answered by the benefit screener: a follow-up stating a fact screens again


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    source: str | None
    published: str | None
    quote: str  # verbatim from the document's cleaned text
    chunk_id: str
    start: int  # offsets of the quote in the document's cleaned text
    end: int
    language: Script
    quote_in_asker_script: str | None = None  # OpenCC conversion when the scripts differ
    highlights: tuple[tuple[int, int], ...] = ()  # the answering sentences inside the quote (doc offsets)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "quote": self.quote,
            "chunk_id": self.chunk_id,
            "start": self.start,
            "end": self.end,
            "language": self.language,
        }
        if self.quote_in_asker_script:
            out["quote_converted"] = self.quote_in_asker_script
        out["highlights"] = [list(h) for h in self.highlights]
        return out


@dataclass(frozen=True)
class Finding:
    """One eligibility condition read from a cited passage, checked against the asker's profile."""

    condition: str  # e.g. 'age >= 90'
    kind: str  # 'age', 'residence', 'means', 'care'
    required: str  # the condition as the passage states it ('90歲以上')
    profile_value: str | None
    status: str  # 'met' | 'not met' | 'unknown'
    citation: int  # Citation.n

    def to_json(self) -> dict[str, object]:
        return {
            "condition": self.condition,
            "kind": self.kind,
            "required": self.required,
            "profile_value": self.profile_value,
            "status": self.status,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class Answer:
    answered: bool
    lang: Script
    text: str
    citations: list[Citation]
    eligibility: list[Finding] = field(default_factory=list)
    session_id: str | None = None
    answer_id: str = ""
    abstain_reason: str | None = None
    profile: Profile | None = None
    verdict: str | None = None  # 'yes' | 'no' | 'depends' on a question whether someone qualifies
    missing: tuple[str, ...] = ()  # on 'depends': the kinds of fact still needed ('age', 'means', ...)
    screen: dict[str, object] | None = None  # on 'what can … get?': the benefit screen (FORMATS.md section 7)

    def to_json(self) -> dict[str, object]:
        """FORMATS.md section 4 (with `screen` when the question asked what the person can get)."""
        out = {
            "answered": self.answered,
            "lang": self.lang,
            "answer": self.text,
            "citations": [c.to_json() for c in self.citations],
            "eligibility": [f.to_json() for f in self.eligibility],
            "session_id": self.session_id,
            "answer_id": self.answer_id,
            "abstain_reason": self.abstain_reason,
            "profile": self.profile.to_json() if self.profile else {},
            "verdict": self.verdict,
            "missing": list(self.missing),
        }
        if self.screen is not None:
            out["screen"] = self.screen
        return out
