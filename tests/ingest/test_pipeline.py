"""`eldercare ingest` over unchanged documents: nothing rebuilt, a message saying so, exit code 0."""

from __future__ import annotations

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
