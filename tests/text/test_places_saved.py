"""The gazetteer saved with a build is the gazetteer built from the packages' data."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from assistant.text import places


@pytest.fixture()
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_cache", None)


def test_saved_places_make_the_same_gazetteer(tmp_path: Path, fresh_cache: None) -> None:
    built = places.gazetteer()
    path = tmp_path / places.PLACES_FILE
    places.save_places(path)
    places._cache = None
    assert places.load_places(path)
    loaded = places.gazetteer()
    assert loaded is not built
    assert loaded.places == built.places and loaded.trusted == built.trusted and loaded.own == built.own
    assert {k: [p.key for p in v] for k, v in loaded.by_name.items()} == {
        k: [p.key for p in v] for k, v in built.by_name.items()
    }
    text = "My mother lives in Guilin, 廣西; her sister is in 香港 and her son in Toronto."
    assert [p.key for p, _ in places.find_places(text)]
    places._cache = built
    expected = [(p.key, n) for p, n in places.find_places(text)]
    places._cache = loaded
    assert [(p.key, n) for p, n in places.find_places(text)] == expected


def test_places_from_other_data_are_not_taken(tmp_path: Path, fresh_cache: None) -> None:
    path = tmp_path / places.PLACES_FILE
    path.write_bytes(marshal.dumps(("0:other", [], [])))
    assert not places.load_places(path)
    assert not places.load_places(tmp_path / "missing.marshal")
    assert places.gazetteer().places  # built from the packages instead
