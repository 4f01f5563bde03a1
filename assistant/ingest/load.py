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
from assistant.text.places import document_places
from assistant.text.script import detect_script, to_simplified
from assistant.types import SCRIPTS, Document, IngestWarning, Script, Skipped

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


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as written: `published` is read by our own rules, so an impossible
    date (2024-02-30) costs that field instead of failing the whole file."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """YAML front matter between '---' lines at the very top (values as written), and the body after it.
    Raises BadDocument only when the block itself cannot be read; `read_front_matter` judges the values."""
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
        front = yaml.load(block, Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise BadDocument(f"broken front matter{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(front, dict):
        raise BadDocument("front matter must be a mapping of 'key: value' lines")
    return front, body


def read_language(value: object) -> tuple[Script | None, str | None]:
    """The declared script, or None with the reason when the value is not one of SCRIPTS."""
    if value is None:
        return None, None
    for script in SCRIPTS:
        if str(value).strip().lower() == script.lower():
            return script, None
    return None, f"language {value!r} is not one of {', '.join(SCRIPTS)}"


def read_published(value: object) -> tuple[str | None, str | None]:
    """The ISO date a front-matter `published` value gives, and a note when it is not a plain date.

    A plain date or date-time is read silently; a date inside other words ("2020-01-10 (建檔日期
    109-01-10)", "2020年1月10日") is read with a note; no date at all (unknown, 2023) gives None and a note.
    """
    if value is None or str(value).strip() == "":
        return None, None
    written = str(value).strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(written)
        except ValueError:
            continue
        return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat(), None
    found = extract_published(written)
    if found:
        return found, f"published {value!r} is not a plain YYYY-MM-DD date; read {found} from it"
    return None, f"published {value!r} is not a date"


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
    """Clean a file and read its metadata; front matter wins over what extraction finds.

    A front-matter value that cannot be read costs that field, never the document (FORMATS.md section 1):
    the document is kept with what can be read, and says what was not in `warnings`.
    """
    front = raw.front_matter
    warnings: list[str] = []
    declared, language_note = read_language(front.get("language"))
    traditional = None if declared is None else declared == "zh-Hant"
    prepared = prepare_text(raw.text, is_html=raw.is_html, traditional=traditional)
    text = drop_chrome(prepared)
    if not text.strip():
        raise BadDocument("no text left after cleaning")
    language = declared or detect_script(text)
    if language_note:
        warnings.append(f"{language_note}; detected {language}")
    published, published_note = read_published(front.get("published"))
    if published is None:
        published = extract_published(prepared)
        if published_note:
            found = f"extracted {published} from the text" if published else "no date in the text, left empty"
            warnings.append(f"{published_note}; {found}")
    elif published_note:
        warnings.append(published_note)
    region = _str_or_none(front.get("region")) or extract_region(text)
    title = _str_or_none(front.get("title")) or extract_title(text)
    places = document_places(region, title)  # gazetteer keys, resolved once here
    if region and not places:
        warnings.append(f"region {region!r} names no place of the gazetteer: answers cannot be matched to it")
    return Document(
        doc_id=str(front.get("id") or raw.path.stem),
        path=str(raw.path),
        title=title,
        text=text,
        search_text=to_simplified(text, region) if language != "en" else text,
        language=language,
        region=region,
        places=places,
        published=published,
        source=_str_or_none(front.get("source")) or extract_source(prepared),
        sha256=raw.sha256,
        warnings=tuple(warnings),
    )


def _str_or_none(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def load_documents(folder: Path, max_bytes: int) -> tuple[list[Document], list[Skipped]]:
    """Every readable document under `folder`, and the files skipped with their reasons. Fields a kept
    document's front matter could not give are in its `warnings` (all of them: `warnings_of`)."""
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


def warnings_of(documents: list[Document]) -> list[IngestWarning]:
    """Every front-matter warning of these documents, with the file it is about."""
    return [IngestWarning(d.path, reason) for d in documents for reason in d.warnings]
