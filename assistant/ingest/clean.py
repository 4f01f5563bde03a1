"""Clean published pages into quotable text: HTML, site chrome, spam lines, pinyin glosses, punctuation.

Every rule is code, never a hand edit of a document, and every rule is conservative: a line is dropped
only when it looks like chrome on its own (short, and made of navigation or footer words), so the
meaning-bearing sentences of a page survive.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache

from bs4 import BeautifulSoup

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = f"a-zü{_TONE_VOWELS}"
_TONE_TO_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")

# All valid pinyin syllables (without tones), built from initials x finals and checked against
# pypinyin's table when it is present, so that `(c)`, `(expanded)` or `(ok)` are never taken for glosses.
_INITIALS = "b p m f d t n l g k h j q x zh ch sh r z c s y w".split()
_FINALS = (
    "a o e i u ü ai ei ao ou an en ang eng ong er ia ie iao iu ian in iang ing iong ua uo uai ui uan un "
    "uang ue üe üan ün"
).split()


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    from pypinyin.constants import PINYIN_DICT

    plain: set[str] = set()
    for value in PINYIN_DICT.values():
        for reading in value.split(","):
            plain.add(reading.translate(_TONE_TO_PLAIN))
    return frozenset(s for s in plain if s.isalpha())


def is_pinyin_syllable(text: str) -> bool:
    """True for one tone-marked pinyin syllable such as 'gòu', 'qū', 'lǜ'."""
    if not any(ch in _TONE_VOWELS for ch in text):
        return False
    return text.translate(_TONE_TO_PLAIN) in _syllables()


_GLOSS = re.compile(rf"(?<=[{CJK}])\(([{_PINYIN_LETTERS}]{{1,7}})\)")
# A character lost to '?' or U+FFFD, whose gloss kept its closing parenthesis: '日?qǐng)?bào)'.
_LOST_WITH_GLOSS = re.compile(rf"[?\ufffd]\(?([{_PINYIN_LETTERS}]{{1,7}})\)")


def strip_pinyin_glosses(text: str) -> str:
    """`構(gòu)建` -> `構建`: a parenthesis after a CJK character holding one valid tone-marked syllable."""
    return _GLOSS.sub(lambda m: "" if is_pinyin_syllable(m.group(1)) else m.group(0), text)


def recover_lost_characters(text: str, traditional: bool) -> str:
    """Restore a character lost to '?'/U+FFFD when its pinyin gloss and the previous character make a
    dictionary word (`日?bào)` -> `日報`); drop it otherwise. Lone U+FFFD are dropped."""

    out: list[str] = []
    last = 0
    for match in _LOST_WITH_GLOSS.finditer(text):
        out.append(text[last : match.start()])
        last = match.end()
        syllable = match.group(1)
        if not is_pinyin_syllable(syllable):
            out.append(match.group(0))
            continue
        before = "".join(out)[-1:]
        found = _word_completing(before, syllable)
        if found and traditional:
            from assistant.text.script import converter

            found = converter("s2t").convert(before + found)[-1]
        out.append(found or "")
    out.append(text[last:])
    restored = "".join(out)
    # A lost character whose pinyin could not be recovered leaves a bare '?' between CJK characters.
    restored = re.sub(rf"(?<=[{CJK}])\?(?=[{CJK}])", "", restored)
    return restored.replace("\ufffd", "")


def _word_completing(before: str, syllable: str) -> str | None:
    """The simplified character read `syllable` that makes `before + char` a jieba dictionary word."""
    if not before or not re.match(rf"[{CJK}]", before):
        return None
    from assistant.text.script import to_simplified

    prefix = to_simplified(before)
    words = _jieba_words()
    for char in _chars_read(syllable):
        if prefix + char in words:
            return char
    return None


@cache
def _chars_read(syllable: str) -> tuple[str, ...]:
    from pypinyin.constants import PINYIN_DICT

    return tuple(chr(code) for code, readings in PINYIN_DICT.items() if syllable in readings.split(","))


@lru_cache(maxsize=1)
def _jieba_words() -> frozenset[str]:
    from importlib import resources

    import jieba

    path = resources.files(jieba).joinpath("dict.txt")
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle if int(line.split()[1]) >= 50)


# Runs of punctuation left by the glossing tool: ',,' -> ',', ',。' -> '。', ',、' -> '、'.
_DOUBLED = re.compile(r"([,，、。；;：:！!？?])[,，]+")
_COMMA_BEFORE = re.compile(r"[,，]+(?=[、。；！？])")

# Spam and SEO lines injected into hacked pages (seed 004's first line): adult / gambling keywords.
# Latin terms count only as whole words (never the 'av' of have, average or available), and a term
# counts once per line however often it repeats, so a line is spam only when it mixes several of them.
_SPAM_TERMS = re.compile(
    r"国产|國產|精品|在线观看|在線觀看|一区二区|一區二區|乱码|亂碼|无码|無碼|(?<![a-z])av(?![a-z])|久久|"
    r"视频|視頻|彩票|博彩|娱乐城|娛樂城|棋牌|成人|日韩|日韓|欧美|歐美|高清|免费观看|午夜|伦理|倫理",
    re.IGNORECASE,
)

# Site chrome: navigation, toolbars, share widgets, footers. A line is chrome when it is short and one
# of these matches; long lines are kept because real sentences can mention the same words.
_CHROME = re.compile(
    r"^(当前位置|當前位置|您的位置|首页|首頁|网站地图|網站地圖|分享|分享到|相关文章|相關文章|上一篇|下一篇|"
    r"打印本页|打印本頁|关闭窗口|關閉窗口|返回顶部|返回頂部|【?字体|【?字體|編輯[:：]|编辑[:：]|责任编辑|責任編輯|"
    r"主办单位|主辦單位|承办单位|承辦單位|维护[:：]|維護[:：]|ICP备|ICP備|网站标识码|網站標識碼|公安备案|公安備案|"
    r"版权所有|版權所有|copyright|skip to main content|print this page|share this|back to top)",
    re.IGNORECASE,
)
_CHROME_ANYWHERE = re.compile(
    r"打印本页|打印本頁|关闭窗口|關閉窗口|增大字[体體]|减小字[体體]|減小字[体體]|掃二維碼|扫二维码|"
    r"手机阅读|手機閱讀|未经授权|未經授權|未经许可|未經許可|即将离开|即將離開|查看次数|查看次數|浏览次数|瀏覽次數|"
    r"粤ICP|ICP备|ICP備|Reader:\s*\d+|阅读次数|閱讀次數|【字体|【字體|收藏 *打印"
)
# A dated link in a "related articles" list: '2025-01-13云浮市民政局召开...' (an unrelated date).
_DATED_LINK = re.compile(r"^\d{4}-\d{2}-\d{2}\s*\S.{0,60}$")
# Page metadata lines: author / time / source / reader counts. Metadata extraction reads them first.
_META_LINE = re.compile(
    r"^(Author:.*Time:|Time:\s*\d{4}|发布时间|發布時間|发布日期|發布日期|来源[:：]|來源[:：]|文档来源|"
    r"\d{4}年\d{1,2}月\d{1,2}日\s*(来源|來源))",
    re.IGNORECASE,
)
_BULLET_ONLY = re.compile(r"^[\s•·●○◆◇■□▪\-–—*]*$")


def html_to_text(markup: str) -> str:
    """Text of an HTML page with block elements on their own lines; script, style and nav dropped."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup.get_text("\n")


_TAG = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*(\s+[a-zA-Z_:][-\w:.]*(\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
)


def strip_stray_tags(text: str) -> str:
    """Tags left inside a plain-text page (seed 004 carries `<center id=...>` fragments)."""
    return _TAG.sub("", text)


SPAM_MIN_TERMS = 3  # distinct spam words on one line
SPAM_MIN_DENSITY = 0.3  # share of the line's characters they fill: a keyword list, not a sentence


def is_spam(line: str) -> bool:
    """A line stuffed with adult / gambling keywords. Measured on every document we have (knowledge
    base and transfer set): it fires on seed 004's injected first line only."""
    terms = _SPAM_TERMS.findall(line)
    if len({term.lower() for term in terms}) < SPAM_MIN_TERMS:
        return False
    return sum(map(len, terms)) >= SPAM_MIN_DENSITY * len(re.sub(r"\s", "", line))


def is_chrome(line: str) -> bool:
    stripped = line.strip().lstrip("•·●○◆■□▪*- ")
    if _BULLET_ONLY.match(stripped):
        return True
    if len(stripped) <= 80 and (_CHROME.match(stripped) or _CHROME_ANYWHERE.search(stripped)):
        return True
    if _DATED_LINK.match(stripped.lstrip("•·● ")) and not re.search(r"[。.!?！？]$", stripped):
        return True
    return bool(_META_LINE.match(stripped)) and len(stripped) <= 120


def prepare_text(raw: str, *, is_html: bool = False, traditional: bool | None = None) -> str:
    """First pass: markup, entities, control characters, lost characters, glosses, doubled punctuation.

    Metadata extraction reads this pass, because the lines it needs (dates, sources) are chrome that
    `drop_chrome` removes.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.lstrip("\ufeff")
    text = html_to_text(text) if is_html else strip_stray_tags(text)
    text = html.unescape(text).replace("\xa0", " ").replace("\u3000", " ")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    if traditional is None:
        from assistant.text.script import detect_script

        traditional = detect_script(text) == "zh-Hant"
    text = recover_lost_characters(text, traditional)
    text = strip_pinyin_glosses(text)
    text = _DOUBLED.sub(r"\1", text)
    return _COMMA_BEFORE.sub("", text)


def drop_chrome(text: str) -> str:
    """Second pass: spam lines, chrome lines, repeated title lines, runs of blank lines."""
    kept: list[str] = []
    previous = ""
    for raw_line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", raw_line.strip())
        if line and (is_spam(line) or is_chrome(line) or line == previous):
            continue
        kept.append(line)
        if line:
            previous = line
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def clean_text(raw: str, *, is_html: bool = False, traditional: bool | None = None) -> str:
    """The cleaned text of one document. Idempotent: clean_text(clean_text(x)) == clean_text(x)."""
    return drop_chrome(prepare_text(raw, is_html=is_html, traditional=traditional))
