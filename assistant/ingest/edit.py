"""Documents as staff edit them: metadata written as front matter, and a preview of what ingestion makes
of a file (cleaned text, metadata, chunks, warnings, the lines cleaning dropped) before it is published."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from assistant.errors import BadDocument, BadQuery
from assistant.ingest.chunk import chunk_document
from assistant.ingest.clean import is_chrome, is_spam, prepare_text
from assistant.ingest.load import RawFile, build_document, read_file, read_language, split_front_matter
from assistant.types import SCRIPTS, Chunk, Document

EDITABLE = ("title", "region", "published", "source", "language")
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Dropped:
    line: str
    reason: str  # spam | chrome | repeated


@dataclass(frozen=True)
class Preview:
    document: Document
    chunks: list[Chunk]
    dropped: list[Dropped]
    front_matter: dict[str, object]

    def to_json(self) -> dict[str, object]:
        d = self.document
        return {
            **d.listing(len(self.chunks)),
            "text": d.text,
            "warnings": list(d.warnings),
            "front_matter": {k: _plain(v) for k, v in self.front_matter.items()},
            "chunks": [
                {"n": c.n, "start": c.start, "end": c.end, "chunk_id": c.chunk_id} for c in self.chunks
            ],
            "dropped": [{"line": x.line, "reason": x.reason} for x in self.dropped],
        }


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def check_fields(fields: dict[str, str | None]) -> dict[str, str | None]:
    """Metadata as staff typed it: known keys only, language one of SCRIPTS, published a real YYYY-MM-DD
    date. A value of None leaves the field as it is; an empty string removes it (extraction decides)."""
    unknown = set(fields) - set(EDITABLE) - {"id"}
    if unknown:
        raise BadQuery(f"unknown field(s) {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}")
    out: dict[str, str | None] = {}
    for key, value in fields.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadQuery(f"{key} must be text")
        value = value.strip()
        if len(value) > 500:
            raise BadQuery(f"{key} is over 500 characters")
        if key == "language" and value and value not in SCRIPTS:
            raise BadQuery(f"language must be one of {', '.join(SCRIPTS)}")
        if key == "published" and value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise BadQuery(
                    f"published {value!r} is not a date: write YYYY-MM-DD, or leave it empty"
                ) from None
        if key == "id" and not SAFE_ID.match(value):
            raise BadQuery("document id: letters, digits, '.', '_' and '-' only (at most 100)")
        out[key] = value
    return out


def with_front_matter(text: str, fields: dict[str, str | None]) -> str:
    """`text` (a file's whole text) with these front-matter fields set (or removed when ''), every other
    key and the body kept as they were."""
    front, body = split_front_matter(text)
    front = dict(front)
    for key, value in fields.items():
        if value is None:
            continue
        if value == "":
            front.pop(key, None)
        else:
            front[key] = value
    if not front:
        return body
    block = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{block}---\n{body.lstrip(chr(10))}"


def stored_form(raw: RawFile, data: bytes, fields: dict[str, str | None]) -> tuple[str, bytes]:
    """The suffix and bytes to store a document as, with `fields` as front matter. Text formats keep
    their own text; PDF and DOCX carry no front matter, so their extracted text is stored as Markdown."""
    suffix = raw.path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = data.decode("utf-8-sig")
        return suffix, with_front_matter(text, fields).encode("utf-8")
    return ".md", with_front_matter(raw.text, fields).encode("utf-8")


def dropped_lines(prepared: str) -> list[Dropped]:
    """The lines `drop_chrome` removes from the first-pass text, with why (same rules, same order)."""
    dropped: list[Dropped] = []
    previous = ""
    for raw_line in prepared.split("\n"):
        line = re.sub(r"[ \t]+", " ", raw_line.strip())
        if not line:
            continue
        if is_spam(line):
            dropped.append(Dropped(line, "spam"))
        elif is_chrome(line):
            dropped.append(Dropped(line, "chrome"))
        elif line == previous:
            dropped.append(Dropped(line, "repeated"))
        else:
            previous = line
    return dropped


def preview_bytes(name: str, data: bytes, max_bytes: int) -> tuple[RawFile, Preview]:
    """Ingest `data` as a file called `name` in a scratch folder: what publishing it would index.
    Raises BadDocument (with the file name) when ingestion would skip it."""
    with tempfile.TemporaryDirectory(prefix="eldercare-preview-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            raw = read_file(path, max_bytes)
            document = build_document(raw)
        except BadDocument as error:
            raise BadDocument(f"{name}: {error}") from None
    declared, _ = read_language(raw.front_matter.get("language"))
    traditional = None if declared is None else declared == "zh-Hant"
    prepared = prepare_text(raw.text, is_html=raw.is_html, traditional=traditional)
    preview = Preview(document, chunk_document(document), dropped_lines(prepared), raw.front_matter)
    return raw, preview
