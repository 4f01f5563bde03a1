from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import BadDocument
from assistant.ingest.load import build_document, load_documents, read_file, split_front_matter


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
    write(tmp_path, "badlang.md", "---\nlanguage: fr\n---\ntexte\n")
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
    assert "'fr'" in reasons["badlang.md"]
    assert "limit" in reasons["huge.txt"]
    assert "unsupported file type .png" in reasons["image.png"]


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "one.md", GOOD)
    write(tmp_path, "two.md", GOOD)
    documents, skipped = load_documents(tmp_path, 10**6)
    assert len(documents) == 1
    assert "duplicate id 'hk-card'" in skipped[0].reason


def test_front_matter_published_must_be_a_date() -> None:
    with pytest.raises(BadDocument, match="YYYY-MM-DD"):
        split_front_matter("---\npublished: last year\n---\nx")


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
