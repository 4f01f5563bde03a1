"""`eldercare ingest` over unchanged documents: nothing rebuilt, a message saying so, exit code 0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import KB, SEEDS
from tests.helpers import cli

pytestmark = pytest.mark.slow


def test_ingest_of_unchanged_documents_does_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['004']}.txt", docs)
    index = tmp_path / "index"
    args = ("ingest", "--documents", str(docs), "--index", str(index), "--embedders", "hash-64")
    assert cli(*args).returncode == 0
    pointer = (index / "CURRENT").read_text()

    again = cli(*args)
    assert again.returncode == 0, again.stderr
    assert "unchanged, nothing to do" in again.stderr
    assert (index / "CURRENT").read_text() == pointer

    forced = cli(*args, "--force")
    assert forced.returncode == 0 and "indexed 1 documents" in forced.stderr
    assert (index / "CURRENT").read_text() != pointer


def test_ingest_keeps_a_document_with_an_unreadable_date_and_records_the_warning(tmp_path: Path) -> None:
    from assistant.index import store
    from assistant.ingest.pipeline import ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['004']}.txt", docs)
    (docs / "rcsv.md").write_text(
        "---\nid: rcsv\npublished: unknown\n---\n發布時間：2024-03-01\n長者院舍照顧服務券計劃接受申請。\n",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    report = ingest(docs, index, ["hash-64"])
    assert report.documents == 2 and report.skipped == []
    reason = "published 'unknown' is not a date; extracted 2024-03-01 from the text"
    assert [(w.path, w.reason) for w in report.warnings] == [(str(docs / "rcsv.md"), reason)]
    build = store.current_build(index)
    assert store.read_manifest(build)["warnings"] == [{"path": str(docs / "rcsv.md"), "reason": reason}]
    documents, _ = store.load_corpus(build)
    assert {d.doc_id: d.published for d in documents}["rcsv"] == "2024-03-01"

    again = ingest(docs, index, ["hash-64"])
    assert again.unchanged and again.warnings == report.warnings

    # A build from before documents carried warnings still loads.
    records = store.read_records(build / "documents.jsonl")
    store.write_records(
        build / "documents.jsonl", [{k: v for k, v in r.items() if k != "warnings"} for r in records]
    )
    assert all(d.warnings == () for d in store.load_corpus(build)[0])


def test_ingest_cli_prints_warnings_and_exits_0(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['004']}.txt", docs)
    (docs / "odd.md").write_text(
        "---\nlanguage: fr\npublished: 2023\n---\n年滿65歲的香港居民可申請長者咭。\n", encoding="utf-8"
    )
    result = cli(
        "ingest", "--documents", str(docs), "--index", str(tmp_path / "index"), "--embedders", "hash-64"
    )
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "odd.md" in result.stderr
    assert "language 'fr'" in result.stderr and "published 2023 is not a date" in result.stderr
    assert "indexed 2 documents" in result.stderr

    listing = cli("documents", "--documents", str(docs), "--json")
    assert listing.returncode == 0, listing.stderr
    odd = {d["id"]: d for d in json.loads(listing.stdout)}["odd"]
    assert odd["language"] == "zh-Hant" and odd["published"] is None and len(odd["warnings"]) == 2
