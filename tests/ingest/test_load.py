from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadDocument
from assistant.ingest.load import build_document, load_documents, read_file, split_front_matter, warnings_of


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


GOOD = "---\nid: hk-card\ntitle: 長者咭\nregion: Hong Kong\npublished: 2024-02-01\n---\n年滿65歲的香港居民可申請長者咭。\n"


def test_front_matter_wins_over_extraction(tmp_path: Path) -> None:
    text = "---\ntitle: Declared\nlanguage: zh-Hant\npublished: 2024-02-01\nsource: 社會福利署\n---\n發布時間:2020-01-01\n長者咭申請\n"
    document = build_document(read_file(write(tmp_path, "a.md", text), 10**6))
    assert document.title == "Declared"
    assert document.published == "2024-02-01"
    assert document.source == "社會福利署"
    assert document.doc_id == "a"
    assert document.search_text == "长者咭申请"


def test_bad_files_are_skipped_with_reasons_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "binary.txt", bytes(range(256)) * 10)
    write(tmp_path, "latin1.txt", "caf\xe9 ".encode("latin-1") * 10)
    write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\ntext\n")
    write(tmp_path, "unclosed.md", "---\ntitle: x\ntext without the closing line\n")
    write(tmp_path, "huge.txt", "老" * (7 * 1024 * 1024))  # 21 MB of UTF-8
    write(tmp_path, "image.png", b"\x89PNG....")
    documents, skipped = load_documents(tmp_path, max_bytes=10 * 1024 * 1024)
    assert [d.doc_id for d in documents] == ["hk-card"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "broken front matter" in reasons["broken.md"]
    assert "never closed" in reasons["unclosed.md"]
    assert "limit" in reasons["huge.txt"]
    assert "unsupported file type .png" in reasons["image.png"]


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "one.md", GOOD)
    write(tmp_path, "two.md", GOOD)
    documents, skipped = load_documents(tmp_path, 10**6)
    assert len(documents) == 1
    assert "duplicate id 'hk-card'" in skipped[0].reason


def test_front_matter_keeps_values_as_written() -> None:
    front, body = split_front_matter("---\npublished: 2024-02-30\nid: 2020-01-01\n---\nx")
    assert front == {"published": "2024-02-30", "id": "2020-01-01"} and body == "x"
    with pytest.raises(BadDocument, match="never closed"):
        split_front_matter("---\npublished: 2024-02-01\nx")


DATED = "發布時間：2024-03-01\n長者院舍照顧服務券計劃接受申請。\n"
UNDATED = "長者院舍照顧服務券計劃接受申請，年滿65歲的長者可以申請。\n"


@pytest.mark.parametrize(
    ("value", "body", "published", "warning"),
    [
        (
            "unknown",
            DATED,
            "2024-03-01",
            "published 'unknown' is not a date; extracted 2024-03-01 from the text",
        ),
        ("unknown", UNDATED, None, "published 'unknown' is not a date; no date in the text, left empty"),
        ("2023", DATED, "2024-03-01", "published 2023 is not a date; extracted 2024-03-01 from the text"),
        ("2023", UNDATED, None, "published 2023 is not a date; no date in the text, left empty"),
        ('"2020-01-10 (建檔日期 109-01-10)"', DATED, "2020-01-10", "read 2020-01-10 from it"),
        ("2024-02-30", UNDATED, None, "published '2024-02-30' is not a date"),
        ("2024-02-01", DATED, "2024-02-01", None),
        ("2024-02-01 09:30:00", DATED, "2024-02-01", None),
    ],
)
def test_an_unreadable_published_costs_the_field_not_the_document(
    tmp_path: Path, value: str, body: str, published: str | None, warning: str | None
) -> None:
    write(tmp_path, "rcsv.md", f"---\nid: rcsv\nlanguage: zh-Hant\npublished: {value}\n---\n{body}")
    documents, skipped = load_documents(tmp_path, 10**6)
    assert skipped == [] and [d.doc_id for d in documents] == ["rcsv"]
    document = documents[0]
    assert document.published == published
    if warning is None:
        assert document.warnings == () and warnings_of(documents) == []
    else:
        (found,) = warnings_of(documents)
        assert found.path == str(tmp_path / "rcsv.md") and warning in found.reason
        assert document.warnings == (found.reason,)


def test_an_unknown_language_is_detected_with_a_warning(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fr.md",
        "---\nlanguage: fr\npublished: 2024-02-01\n---\nHong Kong residents aged 65 may apply.\n",
    )
    write(tmp_path, "hant.md", "---\nlanguage: Chinese\n---\n年滿65歲的香港居民可申請長者咭。\n")
    documents, skipped = load_documents(tmp_path, 10**6)
    assert skipped == []
    by_id = {d.doc_id: d for d in documents}
    assert by_id["fr"].language == "en" and by_id["fr"].published == "2024-02-01"
    assert by_id["fr"].warnings == ("language 'fr' is not one of zh-Hans, zh-Hant, en; detected en",)
    assert by_id["hant"].language == "zh-Hant" and "detected zh-Hant" in by_id["hant"].warnings[0]
    assert by_id["hant"].search_text == "年满65岁的香港居民可申请长者咭。"


def test_docx_and_pdf_are_read(tmp_path: Path) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph("Hong Kong residents aged 65 or above are eligible to apply.")
    word.save(tmp_path / "card.docx")
    document = build_document(read_file(tmp_path / "card.docx", 10**7))
    assert "aged 65 or above" in document.text and document.language == "en"

    write(tmp_path, "broken.pdf", b"%PDF-1.4 this is not really a pdf")
    _, skipped = load_documents(tmp_path, 10**7)
    assert any("PDF" in s.reason for s in skipped)


def test_real_knowledge_base_loads_completely(kb_dir: Path) -> None:
    documents, skipped = load_documents(kb_dir, 10**7)
    assert skipped == []
    assert len(documents) == 24
    languages = {d.language for d in documents}
    assert languages == {"zh-Hans", "zh-Hant", "en"}


def test_a_region_that_names_no_known_place_is_warned_about(tmp_path: Path) -> None:
    text = "---\nid: x\ntitle: 長者咭\nregion: Atlantis\npublished: 2024-02-01\n---\n年滿65歲的居民可申請長者咭。\n"
    document = build_document(read_file(write(tmp_path, "x.md", text), 10**6))
    assert document.places == () and any("'Atlantis' names no place" in w for w in document.warnings)
    known = build_document(read_file(write(tmp_path, "y.md", text.replace("Atlantis", "商丘")), 10**6))
    assert known.places == ("CN-411400",) and known.warnings == ()
