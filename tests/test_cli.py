"""The `eldercare` command as a user runs it: exit codes, messages, JSON shapes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import KB, SEEDS
from tests.helpers import cli

pytestmark = pytest.mark.slow


def test_help_explains_every_command() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("ingest", "search", "documents", "serve"):
        assert command in result.stdout


def test_ingest_reports_bad_files_and_still_builds(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['004']}.txt", docs)
    (docs / "empty.txt").write_text("")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (docs / "broken.md").write_text("---\ntitle: [oops\n---\nbody\n")
    (docs / "huge.txt").write_text("长" * (7 * 1024 * 1024), encoding="utf-8")  # ~20 MB
    index = tmp_path / "index"
    result = cli("ingest", "--documents", str(docs), "--index", str(index), "--embedders", "hash-64")
    assert result.returncode == 1, result.stderr
    for name in ("empty.txt", "binary.txt", "broken.md", "huge.txt"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert "indexed 1 documents" in result.stderr
    assert (index / "CURRENT").is_file()

    found = cli("search", "桂林90歲以上老人", "--index", str(index), "--json", "--k", "1")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["doc_id"] == SEEDS["004"]


def test_ingest_that_aborts_leaves_the_previous_index(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(KB / f"{SEEDS['003']}.txt", docs)
    index = tmp_path / "index"
    assert (
        cli("ingest", "--documents", str(docs), "--index", str(index), "--embedders", "hash-64").returncode
        == 0
    )
    pointer = (index / "CURRENT").read_text()
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "empty.txt").write_text("")
    failed = cli("ingest", "--documents", str(empty), "--index", str(index), "--embedders", "hash-64")
    assert failed.returncode == 2
    assert "no readable documents" in failed.stderr and "Traceback" not in failed.stderr
    assert (index / "CURRENT").read_text() == pointer


def test_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    result = cli("search", "养老", "--index", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "eldercare ingest" in result.stderr and "Traceback" not in result.stderr


def test_search_json_on_the_real_index(real_index: Path) -> None:
    result = cli("search", "home care for people over 90 in Guilin", "--index", str(real_index), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["doc_id"] == SEEDS["004"]
    assert rows[0]["published"] == "2019-12-23"
    assert {"doc_id", "title", "published", "score", "passage", "chunk_id"} <= set(rows[0])


def test_documents_json_matches_formats(tmp_path: Path) -> None:
    result = cli("documents", "--documents", str(KB), "--json", "--text")
    assert result.returncode == 0, result.stderr
    listing = {d["id"]: d for d in json.loads(result.stdout)}
    assert len(listing) == 24
    guilin = listing[SEEDS["004"]]
    assert set(guilin) == {
        "id",
        "title",
        "language",
        "region",
        "published",
        "source",
        "chunks",
        "chars",
        "text",
        "warnings",
    }
    assert guilin["language"] == "zh-Hant" and guilin["published"] == "2019-12-23"
    assert guilin["region"] == "桂林" and guilin["source"] == "桂林日報"
    assert guilin["chunks"] >= 2 and guilin["chars"] == len(guilin["text"])
    assert all(d["warnings"] == [] for d in listing.values())
    assert listing["tw-special-care-allowance"]["published"] == "2007-07-09"
    plain = cli("documents", "--documents", str(KB), "--json")
    assert "text" not in json.loads(plain.stdout)[0]
