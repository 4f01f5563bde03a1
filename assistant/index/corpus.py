"""A build's documents and passages, their text read from disk when asked for.

A serving process holds every passage's numbers (document, place in it, offsets, script) in arrays and
every document's header (title, region, dates, places) as objects; the texts stay in one file, mapped
read-only, and are decoded when a passage or document is looked at. At 1M passages this is what keeps
loading to seconds and memory to the arrays, where objects for every passage took a minute and gigabytes.

On disk (one build folder):
- `documents.jsonl`: one header per document, in document-number order (no text);
- `passages.npy`: int64 (passages, 5): document number, n, start, end, script number;
- `texts.bin` and `texts.bounds.npy`: UTF-8 texts back to back, with int64 byte bounds: document d's
  text is `bounds[2d]:bounds[2d+1]` and its search text `bounds[2d+1]:bounds[2d+2]`, then passage i's
  the same at `2 * (documents + i)`.

Builds from before (`documents.jsonl` with the texts, `chunks.jsonl`) are read as they were.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np
import orjson

from assistant.types import SCRIPTS, Chunk, Document

HEADERS = "documents.jsonl"
PASSAGES = "passages.npy"
TEXTS = "texts.bin"
BOUNDS = "texts.bounds.npy"
OLD_PASSAGES = "chunks.jsonl"
# Kept decoded, for the ones questions keep coming back to: an answer reads a few documents whole and
# a few dozen passages.
DOCUMENTS_CACHED = 256
PASSAGES_CACHED = 4096

_TEXTLESS = {"text": "", "search_text": ""}


def save(build: Path, documents: list[Document], chunks: Sequence[Chunk]) -> None:
    with open(build / HEADERS, "wb") as handle:
        for document in documents:
            handle.write(orjson.dumps({**asdict(document), **_TEXTLESS}) + b"\n")
    np.save(build / PASSAGES, _rows(documents, chunks))
    bounds = [0]
    with open(build / TEXTS, "wb") as handle:
        for item in [*documents, *chunks]:
            for text in (item.text, item.search_text):
                data = text.encode("utf-8")
                handle.write(data)
                bounds.append(bounds[-1] + len(data))
    np.save(build / BOUNDS, np.array(bounds, dtype=np.int64))


def _rows(documents: list[Document], chunks: Sequence[Chunk]) -> np.ndarray:
    """The passages' numbers (PASSAGES): document number, n, start, end, script number."""
    number = {d.doc_id: i for i, d in enumerate(documents)}
    return np.array(
        [(number[c.doc_id], c.n, c.start, c.end, SCRIPTS.index(c.language)) for c in chunks], dtype=np.int64
    ).reshape(-1, 5)


def load(build: Path) -> tuple[Documents, Passages]:
    """The build's documents and passages; from an older build, read whole as they were saved."""
    with open(build / HEADERS, "rb") as handle:
        records = [orjson.loads(line) for line in handle if line.strip()]
    if not (build / PASSAGES).is_file():
        documents = [_document(r) for r in records]
        with open(build / OLD_PASSAGES, "rb") as handle:
            chunks = [Chunk(**orjson.loads(line)) for line in handle if line.strip()]
        in_memory = Documents.of(documents)
        return in_memory, Passages.of(chunks, in_memory)
    texts = Texts(build / TEXTS, np.load(build / BOUNDS))
    headers = [_document(r) for r in records]
    documents = Documents(headers, texts)
    return documents, Passages(np.load(build / PASSAGES, mmap_mode="r"), documents, texts)


def _document(record: dict[str, object]) -> Document:
    record = {**_TEXTLESS, **record}
    for key in ("places", "warnings"):
        record[key] = tuple(record.get(key) or ())  # type: ignore[arg-type]
    if record.get("mentions") is not None:
        record["mentions"] = tuple(record["mentions"])  # type: ignore[arg-type]
    if record.get("limit_sentences") is not None:
        record["limit_sentences"] = tuple(  # type: ignore[assignment]
            (int(n), int(start), int(end), tuple(kinds))
            for n, start, end, kinds in record["limit_sentences"]  # type: ignore[attr-defined]
        )
    return Document(**record)  # type: ignore[arg-type]


class Texts:
    """The texts file, read where asked (never mapped: a map would count the pages around every text
    read as this process's memory, while the page cache serves repeated reads anyway), and the byte
    bounds of each text."""

    def __init__(self, path: Path, bounds: np.ndarray) -> None:
        self.bounds = bounds
        self._fd = os.open(path, os.O_RDONLY)

    def pair(self, number: int) -> tuple[str, str]:
        """Text number `number` (a document's or, after the documents, a passage's) and its search text."""
        a, b, c = (int(x) for x in self.bounds[2 * number : 2 * number + 3])
        data = os.pread(self._fd, c - a, a)
        return data[: b - a].decode("utf-8"), data[b - a :].decode("utf-8")

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


class Documents(Mapping[str, Document]):
    """Documents by id. `header(doc_id)` is the document without its text (cheap); indexing by id gives
    the whole document."""

    def __init__(self, headers: list[Document], texts: Texts | None = None) -> None:
        self.headers = headers  # in document-number order
        self._number = {d.doc_id: i for i, d in enumerate(headers)}
        self._texts = texts
        self._whole = lru_cache(maxsize=DOCUMENTS_CACHED)(self._read)

    @classmethod
    def of(cls, documents: Iterable[Document]) -> Documents:
        """Documents already in memory, text and all."""
        return cls(list(documents))

    def _read(self, number: int) -> Document:
        header = self.headers[number]
        if self._texts is None:
            return header
        text, search_text = self._texts.pair(number)
        return replace(header, text=text, search_text=search_text)

    def number(self, doc_id: str) -> int:
        return self._number[doc_id]

    def header(self, doc_id: str) -> Document:
        return self.headers[self._number[doc_id]]

    def __getitem__(self, doc_id: str) -> Document:
        return self._whole(self._number[doc_id])

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._number

    def __iter__(self) -> Iterator[str]:
        return iter(self._number)

    def __len__(self) -> int:
        return len(self.headers)


class Passages(Sequence[Chunk]):
    """Passages by number, made into `Chunk`s when looked at; their numbers are arrays."""

    def __init__(self, rows: np.ndarray, documents: Documents, texts: Texts | None = None,
                 chunks: list[Chunk] | None = None) -> None:  # fmt: skip
        self.rows = rows  # (passages, 5): document number, n, start, end, script number
        self._documents = documents
        self._headers = headers = documents.headers
        self._texts = texts
        self._chunks = chunks  # passages already in memory (an older build, or built here)
        self._whole = lru_cache(maxsize=PASSAGES_CACHED)(self._read)
        self.documents = np.asarray(rows[:, 0], dtype=np.int64)  # document number of each passage
        self.scripts = np.asarray(rows[:, 4], dtype=np.int64)
        order = np.argsort(self.documents, kind="stable")
        self._order = order
        self._first = np.searchsorted(self.documents[order], np.arange(len(headers) + 1))

    @classmethod
    def of(cls, chunks: list[Chunk], documents: Documents) -> Passages:
        """Passages already in memory."""
        return cls(_rows(documents.headers, chunks), documents, chunks=chunks)

    def _read(self, i: int) -> Chunk:
        if self._chunks is not None:
            return self._chunks[i]
        doc, n, start, end, script = (int(x) for x in self.rows[i])
        doc_id = self._headers[doc].doc_id
        text, search_text = self._texts.pair(len(self._headers) + i)  # type: ignore[union-attr]
        return Chunk(f"{doc_id}#{n}", doc_id, n, start, end, text, search_text, SCRIPTS[script])

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self._whole(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._whole(int(i))

    def __iter__(self) -> Iterator[Chunk]:
        for i in range(len(self)):
            yield self._read(i)  # a full pass does not churn the cache

    def numbers_of(self, doc_id: str) -> np.ndarray:
        """The numbers of a document's passages, in reading order."""
        if doc_id not in self._documents:
            return np.zeros(0, dtype=np.int64)
        doc = self._documents.number(doc_id)
        return self._order[self._first[doc] : self._first[doc + 1]]

    def of_document(self, doc_id: str) -> list[Chunk]:
        """A document's passages, in reading order."""
        return [self[int(i)] for i in self.numbers_of(doc_id)]

    def counts(self) -> dict[str, int]:
        """How many passages each document has."""
        per = np.bincount(self.documents, minlength=len(self._headers))
        return {d.doc_id: int(per[i]) for i, d in enumerate(self._headers)}

    def number_of(self, chunk_id: str) -> int | None:
        """The number of a passage by its id ('<document id>#<n>'), or None."""
        doc_id, _, n = chunk_id.rpartition("#")
        if not n.isdigit():
            return None
        numbers = self.numbers_of(doc_id)
        at = int(n)
        if at < len(numbers) and int(self.rows[numbers[at], 1]) == at:  # passages are numbered 0, 1, ...
            return int(numbers[at])
        found = [int(i) for i in numbers if int(self.rows[i, 1]) == at]
        return found[0] if found else None
