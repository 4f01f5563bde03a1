"""Optional generative answers: an OpenAI-compatible chat endpoint writes the answer text from the cited
passages. The same guard applies: a number or phone number not found in a cited quote, a citation marker
that points nowhere, or no marker at all, and the extractive answer is kept instead."""

from __future__ import annotations

import logging
import re

import httpx

from assistant.answer.guard import check_answer
from assistant.types import Answer, Document

log = logging.getLogger("eldercare")

_LANGUAGE = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
SYSTEM = (
    "You answer questions about elder-care policy for older people and their families. Use ONLY the "
    "numbered passages. Every sentence with a fact ends with the passage number in brackets, like [1]. "
    "Never add a number, amount, age, date or phone number that is not in the passages. If the passages "
    "do not answer, say so. Answer briefly in {language}."
)


class LLMWriter:
    def __init__(self, url: str, model: str, api_key: str | None = None, timeout: float = 20.0) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}

    def rewrite(self, question: str, answer: Answer, documents: dict[str, Document]) -> Answer:
        """The answer with LLM-written text when it passes the guard; the extractive answer otherwise."""
        if not answer.answered or not answer.citations:
            return answer
        passages = "\n\n".join(f"[{c.n}] {c.quote_in_asker_script or c.quote}" for c in answer.citations)
        messages = [
            {"role": "system", "content": SYSTEM.format(language=_LANGUAGE[answer.lang])},
            {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {question}"},
        ]
        try:
            response = httpx.post(
                f"{self.url}/chat/completions",
                json={"model": self.model, "messages": messages, "temperature": 0},
                headers=self._headers,
                timeout=self.timeout,
            )
            response.raise_for_status()
            text = str(response.json()["choices"][0]["message"]["content"]).strip()
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as error:
            log.warning("LLM endpoint failed, keeping the extractive answer: %s", type(error).__name__)
            return answer
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", text)}
        valid = {c.n for c in answer.citations}
        report = check_answer(text, answer.citations, documents, question)
        if not text or not markers or not markers <= valid or not report.ok:
            log.info("LLM answer rejected by the guard: %s", "; ".join(report.problems) or "citation markers")
            return answer
        return Answer(
            True, answer.lang, text, answer.citations, answer.eligibility, answer.session_id, answer.answer_id,
            None, answer.profile,
        )  # fmt: skip
