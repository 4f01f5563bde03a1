"""Read documents from a folder: text, HTML, PDF and DOCX files, with YAML front matter."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from assistant.errors import BadDocument
from assistant.ingest.clean import drop_chrome, prepare_text
from assistant.ingest.metadata import extract_published, extract_region, extract_source, extract_title
from assistant.text.script import detect_script, to_simplified
from assistant.types import SCRIPTS, Document, Skipped

SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx"}
FRONT_MATTER_KEYS = {"id", "title", "source", "language", "region", "published"}


@dataclass(frozen=True)
class RawFile:
    path: Path
    text: str
    is_html: bool
    front_matter: dict[str, object] = field(default_factory=dict)
    sha256: str = ""


def iter_document_paths(folder: Path) -> Iterator[Path]:
    """Every file under `folder` that is not hidden, in a stable order."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def read_file(path: Path, max_bytes: int) -> RawFile:
    """The text of one file, with its front matter split off. Raises BadDocument with a reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise BadDocument(
            f"unsupported file type {suffix or '(none)'}; use one of {', '.join(sorted(SUPPORTED))}"
        )
    size = path.stat().st_size
    if size == 0:
        raise BadDocument("empty file")
    if size > max_bytes:
        raise BadDocument(
            f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit (ELDERCARE_MAX_FILE_BYTES)"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        return RawFile(path, _pdf_text(data), False, {}, digest)
    if suffix == ".docx":
        return RawFile(path, _docx_text(data), False, {}, digest)
    if b"\x00" in data[:8192]:
        raise BadDocument("binary data, not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadDocument(f"not UTF-8 text (byte {error.start})") from None
    front, body = split_front_matter(text)
    return RawFile(path, body, suffix in {".html", ".htm"} or _looks_like_html(body), front, digest)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """YAML front matter between '---' lines at the very top, and the body after it."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in {"---", "..."}:
            block, body = "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
            break
    else:
        raise BadDocument("front matter opened with '---' but never closed")
    try:
        front = yaml.safe_load(block) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise BadDocument(f"broken front matter{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(front, dict):
        raise BadDocument("front matter must be a mapping of 'key: value' lines")
    language = front.get("language")
    if language is not None and language not in SCRIPTS:
        raise BadDocument(f"front matter language {language!r} is not one of {', '.join(SCRIPTS)}")
    published = front.get("published")
    if isinstance(published, datetime):
        front["published"] = published.date().isoformat()
    elif isinstance(published, date):
        front["published"] = published.isoformat()
    elif published is not None:
        try:
            front["published"] = date.fromisoformat(str(published)).isoformat()
        except ValueError:
            raise BadDocument(f"front matter published {published!r} is not a YYYY-MM-DD date") from None
    return front, body


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise BadDocument(f"unreadable PDF: {error}") from None


def _docx_text(data: bytes) -> str:
    import zipfile

    from docx import Document as DocxDocument

    try:
        return "\n\n".join(p.text for p in DocxDocument(io.BytesIO(data)).paragraphs)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise BadDocument(f"unreadable DOCX: {error}") from None


def build_document(raw: RawFile) -> Document:
    """Clean a file and read its metadata; front matter wins over what extraction finds."""
    front = raw.front_matter
    declared = front.get("language")
    traditional = None if declared is None else declared == "zh-Hant"
    prepared = prepare_text(raw.text, is_html=raw.is_html, traditional=traditional)
    text = drop_chrome(prepared)
    if not text.strip():
        raise BadDocument("no text left after cleaning")
    language = declared if isinstance(declared, str) else detect_script(text)
    region = _str_or_none(front.get("region")) or extract_region(text)
    return Document(
        doc_id=str(front.get("id") or raw.path.stem),
        path=str(raw.path),
        title=_str_or_none(front.get("title")) or extract_title(text),
        text=text,
        search_text=to_simplified(text, region) if language != "en" else text,
        language=language,  # type: ignore[arg-type]
        region=region,
        published=_str_or_none(front.get("published")) or extract_published(prepared),
        source=_str_or_none(front.get("source")) or extract_source(prepared),
        sha256=raw.sha256,
    )


def _str_or_none(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def load_documents(folder: Path, max_bytes: int) -> tuple[list[Document], list[Skipped]]:
    """Every readable document under `folder`, and the files skipped with their reasons."""
    if not folder.is_dir():
        raise BadDocument(f"{folder}: no such folder")
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for path in iter_document_paths(folder):
        try:
            document = build_document(read_file(path, max_bytes))
        except BadDocument as error:
            skipped.append(Skipped(str(path), str(error)))
            continue
        except OSError as error:
            skipped.append(Skipped(str(path), f"cannot read: {error.strerror or error}"))
            continue
        if document.doc_id in seen:
            skipped.append(
                Skipped(str(path), f"duplicate id {document.doc_id!r} (also {seen[document.doc_id]})")
            )
            continue
        seen[document.doc_id] = str(path)
        documents.append(document)
    return documents, skipped
