"""Documents as staff edit them: front matter written back, field checks, the preview of a file."""

from __future__ import annotations

import io

import pytest

from assistant.errors import BadDocument, BadQuery
from assistant.ingest.edit import check_fields, preview_bytes, stored_form, with_front_matter
from assistant.ingest.load import split_front_matter

BODY = "南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元。\n首页 | 登录 | 网站地图\n"


def test_front_matter_is_set_removed_and_other_keys_kept() -> None:
    text = f"---\ntitle: 旧标题\npublished: unknown\nreviewer: 王\n---\n{BODY}"
    edited = with_front_matter(
        text, {"title": "新标题", "published": "2024-05-01", "region": "", "source": None}
    )
    front, body = split_front_matter(edited)
    assert front == {"title": "新标题", "published": "2024-05-01", "reviewer": "王"}
    assert body == BODY
    cleared = with_front_matter(edited, {"title": "", "published": "", "reviewer": ""})
    assert cleared == BODY  # no front matter left at all
    assert split_front_matter(with_front_matter(BODY, {"title": "x: y\n---"}))[0] == {"title": "x: y\n---"}


@pytest.mark.parametrize(
    "fields",
    [
        {"published": "unknown"},
        {"published": "2024-02-30"},
        {"language": "fr"},
        {"id": "../x"},
        {"colour": "red"},
    ],
)
def test_bad_fields_are_refused(fields: dict[str, str]) -> None:
    with pytest.raises(BadQuery):
        check_fields(fields)


def test_preview_warns_about_an_unreadable_date_and_lists_dropped_lines() -> None:
    raw, preview = preview_bytes("n.md", f"---\npublished: unknown\n---\n{BODY}".encode(), 10_000)
    assert preview.document.published is None
    assert any("published 'unknown'" in w for w in preview.document.warnings)
    assert [(d.reason, d.line) for d in preview.dropped] == [("chrome", "首页 | 登录 | 网站地图")]
    assert preview.chunks and preview.document.text.startswith("南宁市")
    suffix, data = stored_form(
        raw, f"---\npublished: unknown\n---\n{BODY}".encode(), {"published": "2024-05-01"}
    )
    assert suffix == ".md"
    assert preview_bytes("n.md", data, 10_000)[1].document.published == "2024-05-01"


def test_a_docx_is_stored_as_markdown_with_front_matter() -> None:
    from docx import Document as DocxDocument

    docx = DocxDocument()
    docx.add_paragraph("南宁市为80周岁以上老年人提供助餐服务，每餐补贴3元。")
    buffer = io.BytesIO()
    docx.save(buffer)
    raw, _ = preview_bytes("meals.docx", buffer.getvalue(), 100_000)
    suffix, data = stored_form(raw, buffer.getvalue(), {"title": "助餐"})
    assert suffix == ".md"
    assert preview_bytes("meals.md", data, 100_000)[1].document.title == "助餐"


def test_what_ingestion_would_skip_is_refused_with_the_file_name() -> None:
    with pytest.raises(BadDocument, match="e.md"):
        preview_bytes("e.md", b"---\ntitle: x\n---\n", 10_000)
    with pytest.raises(BadDocument, match="big.txt"):
        preview_bytes("big.txt", b"x" * 200, 100)
