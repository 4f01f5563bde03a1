"""Word segmentation for search: our own jieba.Tokenizer with an elder-care user dictionary."""

from __future__ import annotations

import logging
import re
import threading
from importlib import resources

import jieba

from assistant.text.script import to_simplified

_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_ENGLISH_STOPWORDS = frozenset(
    """a an and are as at be but by can do does for from has have how i if in into is it its me my
    of on or our she he so that the their them there they this to was we what when where which who
    will with would you your his her him about any am been being did get got should could than then
    these those also very""".split()
)
_CHINESE_STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 我 你 他 她 它 们 这 那 吗 呢 吧 啊 呀 么 什么 怎么 如何 哪些 可以 能 会 要 就 都 也 "
    "还 又 把 被 对 为 以 之 其 而 等 个 请问 一下 想 知道 嘅 咗 喺 啲 唔 係 佢 乜".split()
)


class Segmenter:
    """Tokens for BM25 from the simplified search view. Heavy: build once and share."""

    def __init__(self) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._lock = threading.Lock()
        self._ready = False

    def warm_up(self) -> Segmenter:
        with self._lock:
            if not self._ready:
                logging.getLogger("jieba").setLevel(logging.WARNING)
                self._tokenizer.initialize()
                userdict = resources.files("assistant.text").joinpath("data/userdict.txt")
                with resources.as_file(userdict) as path:
                    self._tokenizer.load_userdict(str(path))
                self._ready = True
        return self

    def words(self, text: str) -> list[str]:
        """jieba's search-mode words of already simplified text, punctuation and spaces dropped."""
        self.warm_up()
        return [w for w in self._tokenizer.lcut_for_search(text) if _WORD.search(w)]

    def cut(self, text: str) -> list[str]:
        """jieba's precise-mode words of already simplified text, every character kept (offsets hold)."""
        self.warm_up()
        return self._tokenizer.lcut(text)

    def tokens(self, text: str, *, simplify: bool = True) -> list[str]:
        """BM25 tokens: simplified, segmented, lower-cased, stopwords dropped, English plurals folded."""
        if simplify:
            text = to_simplified(text)
        out: list[str] = []
        for word in self.words(text.lower()):
            word = word.strip()
            if not word or word in _ENGLISH_STOPWORDS or word in _CHINESE_STOPWORDS:
                continue
            if word.isascii() and word.isalpha():
                word = _fold_english(word)
            out.append(word)
        return out


_LATIN_WORD = re.compile(r"[a-z0-9]+")


def latin_words(text: str) -> set[str]:
    """The Latin words and numbers of lower-cased text, folded as `tokens` folds them: what a question's
    English and digit tokens are matched against, without segmenting the Chinese around them."""
    return {_fold_english(w) if w.isalpha() else w for w in _LATIN_WORD.findall(text)}


def _fold_english(word: str) -> str:
    """A light stemmer: enough to meet 'services'/'service' and 'applies'/'apply'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_shared: Segmenter | None = None
_shared_lock = threading.Lock()


def shared_segmenter() -> Segmenter:
    """The process-wide segmenter (jieba's dictionary costs about a second to load)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Segmenter()
    return _shared
