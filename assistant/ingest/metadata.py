"""Metadata printed in a page: title, published date, source, region. Front matter always wins."""

from __future__ import annotations

import re
from datetime import date

from assistant.text.places import main_region

_LABELLED_DATE = re.compile(
    r"(?:Time|Date|Published|发布时间|發布時間|发布日期|發布日期|发文日期|發文日期|日期)\s*[:：]\s*"
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})",
    re.IGNORECASE,
)
_CJK_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SOURCE = re.compile(r"(?:来源|來源|文档来源|文檔來源|Source)\s*[:：]\s*([^\s|,，]{2,40})", re.IGNORECASE)
_AUTHOR = re.compile(r"Author\s*:\s*(.+?)\s+Time\s*:", re.IGNORECASE)
_SITE = re.compile(r"[\"“「]([^\"”」]{2,30})[\"”」]\s*(?:网站|網站)")
_SELF_REFERENCE = {"本网", "本網", "本站", "原创", "原創"}
# Only the head of a page carries its own date; footers carry unrelated ones ("related articles").
HEAD_CHARS = 1500


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def extract_published(prepared: str) -> str | None:
    """The publication date printed near the top: a labelled date first, then a Chinese or ISO date."""
    head = prepared[:HEAD_CHARS]
    for pattern in (_LABELLED_DATE, _CJK_DATE, _ISO_DATE):
        for match in pattern.finditer(head):
            found = _valid(*match.groups())
            if found:
                return found
    return None


def extract_source(prepared: str) -> str | None:
    head = prepared[:HEAD_CHARS]
    match = _SOURCE.search(head)
    if match and match.group(1) not in _SELF_REFERENCE:
        return match.group(1)
    site = _SITE.search(prepared)
    if site:
        return site.group(1)
    author = _AUTHOR.search(head)
    return author.group(1).strip() if author else None


def extract_title(cleaned: str) -> str:
    """The first line of the cleaned text, as a heading would be; long first lines are cut."""
    for line in cleaned.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= 120 else line[:60].rstrip() + "…"
    return ""


def extract_region(cleaned: str) -> str | None:
    return main_region(cleaned[:4000])
