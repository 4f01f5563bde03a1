"""The CC-CEDICT tables saved with a build and read back by a serving process instead of parsed."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from assistant.text import dictionary


@pytest.fixture()
def fresh_cache():
    saved = dictionary._cache
    dictionary._cache = None
    yield
    dictionary._cache = saved


def test_saved_tables_are_read_back_as_parsed(tmp_path: Path, fresh_cache) -> None:
    parsed = dictionary._parse()
    dictionary.save_tables(tmp_path / dictionary.DICTIONARY_FILE)
    dictionary._cache = None
    assert dictionary.load_tables(tmp_path / dictionary.DICTIONARY_FILE)
    assert dictionary._tables() == parsed
    assert dictionary.english_to_chinese(["elderly"], lambda w: True)


def test_tables_of_another_version_or_a_broken_file_are_parsed_instead(tmp_path: Path, fresh_cache) -> None:
    other = tmp_path / "other.marshal"
    other.write_bytes(marshal.dumps(("0:old", ({}, {}))))
    assert not dictionary.load_tables(other)
    broken = tmp_path / "broken.marshal"
    broken.write_bytes(b"not marshal")
    assert not dictionary.load_tables(broken)
    assert not dictionary.load_tables(tmp_path / "missing.marshal")
    assert dictionary._tables()[0]  # parsed from the package
