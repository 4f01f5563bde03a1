"""The generative path behind the same guard, with a real HTTP server on 127.0.0.1 playing the LLM."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.answer.ask import Assistant
from assistant.answer.llm import LLMWriter
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


class FakeLLM(BaseHTTPRequestHandler):
    reply = ""
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        FakeLLM.seen.append(body)
        payload = json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": FakeLLM.reply}}]}
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def llm_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


QUESTION = "我父親92歲，住在桂林，可以得到什麼居家服務？"


def test_a_faithful_llm_answer_is_used(retriever, llm_url: str) -> None:
    FakeLLM.reply = "您父親92歲，可享受每月6小時的入戶援助服務和2小時的走訪服務[1]。"
    answer = Assistant(retriever, writer=LLMWriter(llm_url, "test")).ask(QUESTION)
    assert answer.text == FakeLLM.reply
    assert answer.citations[0].doc_id == SEEDS["004"]
    sent = FakeLLM.seen[-1]["messages"]
    assert "繁體中文" in sent[0]["content"] and "6小時" in sent[1]["content"]


@pytest.mark.parametrize(
    "reply",
    [
        "您父親可享受每月10小時的入戶服務[1]。",  # a number no passage holds
        "請致電12349查詢[1]。",  # a hotline no passage holds
        "您父親可享受入戶援助服務[7]。",  # a citation that points nowhere
        "您父親可享受入戶援助服務。",  # no citation at all
    ],
)
def test_a_hallucinating_llm_falls_back_to_the_extractive_answer(retriever, llm_url: str, reply: str) -> None:
    FakeLLM.reply = reply
    extractive = Assistant(retriever).ask(QUESTION)
    answer = Assistant(retriever, writer=LLMWriter(llm_url, "test")).ask(QUESTION)
    assert answer.text == extractive.text and reply not in answer.text


def test_an_unreachable_llm_keeps_the_extractive_answer(retriever) -> None:
    answer = Assistant(retriever, writer=LLMWriter("http://127.0.0.1:9/v1", "test", timeout=1)).ask(QUESTION)
    assert answer.answered and "6小時" in answer.text
