"""Test support for the WeChat channel: WeChat's side of the conversation (signed and encrypted XML), a
stand-in for the WeChat API on 127.0.0.1, and a real uvicorn server with the /wechat routes.

`python -m tests.wechat_support --port N --index DIR [--reply-bytes B]` is a test-only launcher: the app of
`create_app` with the WeChat router included by the launcher, with a smaller reply limit where asked (to
exercise "more" with real answers, which are shorter than 2048 bytes). The servers without a reply limit run
the real `eldercare serve` once create_app includes the router itself.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import xmltodict
from wechatpy.crypto import WeChatCrypto

from tests.helpers import ROOT, free_port, stop, wait_healthy

ACCOUNT = "gh_eldercare0001"  # the Official Account's original ID (ToUserName)
APP_ID = "wx0123456789abcdef"
SECRET = "test-app-secret-0123456789"


def new_aes_key() -> str:
    """A valid 43-character EncodingAESKey, as the WeChat console generates one."""
    return base64.b64encode(os.urandom(32)).decode("ascii").rstrip("=")


def new_openid() -> str:
    return "o" + uuid.uuid4().hex[:27]


_msg_ids = iter(range(int(time.time() * 1000) % 10**12 * 1000, 10**18))
_msg_lock = threading.Lock()


def new_msg_id() -> str:
    with _msg_lock:
        return str(next(_msg_ids))


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


# ---- message XML as WeChat sends it -------------------------------------------------------------
def text_xml(
    openid: str, content: str, msg_id: str | None = None, create_time: int | str | None = None
) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
        f"<MsgId>{msg_id or new_msg_id()}</MsgId></xml>"
    )


def event_xml(openid: str, event: str, create_time: int | None = None, key: str = "") -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{create_time or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        f"<EventKey><![CDATA[{key}]]></EventKey></xml>"
    )


def media_xml(openid: str, kind: str, fields: str = "", msg_id: str | None = None) -> str:
    """image, voice, video, location, link ... with the given extra fields."""
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[{kind}]]></MsgType>{fields}<MsgId>{msg_id or new_msg_id()}</MsgId></xml>"
    )


IMAGE_FIELDS = "<PicUrl><![CDATA[http://127.0.0.1/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"
LOCATION_FIELDS = (
    "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>"
    "<Label><![CDATA[位置信息]]></Label>"
)
LINK_FIELDS = (
    "<Title><![CDATA[养老]]></Title><Description><![CDATA[d]]></Description>"
    "<Url><![CDATA[http://127.0.0.1/a]]></Url>"
)


# ---- WeChat's side --------------------------------------------------------------------------------
@dataclass
class Reply:
    status: int
    body: str
    content: str | None  # the Content of a passive text reply; None for "success" or an error
    xml: dict[str, Any] | None = None


class WeChatPeer:
    """Posts messages to /wechat as the WeChat server does: signed, and encrypted in safe mode."""

    def __init__(self, base: str, token: str, aes_key: str | None = None, app_id: str = APP_ID) -> None:
        self.base, self.token, self.app_id = base, token, app_id
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
        self.client = httpx.Client(timeout=60)

    def query(self, timestamp: int | None = None, nonce: str | None = None, **extra: str) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        nonce = nonce or uuid.uuid4().hex[:10]
        return {"signature": sign(self.token, ts, nonce), "timestamp": ts, "nonce": nonce, **extra}

    def envelope(
        self, xml: str, query: dict[str, str], crypto: WeChatCrypto | None = None
    ) -> tuple[str, dict]:
        """The encrypted body and its query (msg_signature, encrypt_type) for a plain message."""
        crypto = crypto or self.crypto
        assert crypto is not None
        sealed = xmltodict.parse(crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
        body = (
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
        )
        return body, {**query, "encrypt_type": "aes", "msg_signature": sealed["MsgSignature"]}

    def post_raw(self, body: str | bytes, params: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.client.post(f"{self.base}/wechat", params=params, content=body, **kwargs)

    def send(self, xml: str, query: dict[str, str] | None = None) -> Reply:
        """Send one message (encrypted when this peer is in safe mode) and read the passive reply."""
        query = query or self.query()
        body = xml
        if self.crypto is not None:
            body, query = self.envelope(xml, query)
        response = self.post_raw(body.encode("utf-8"), query)
        return self.read(response)

    def read(self, response: httpx.Response) -> Reply:
        text = response.text
        if response.status_code != 200 or text == "success" or not text:
            return Reply(response.status_code, text, None)
        outer = xmltodict.parse(text)["xml"]
        if self.crypto is not None:
            inner = self.crypto.decrypt_message(
                text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]
            )
            outer = xmltodict.parse(inner)["xml"]
        return Reply(response.status_code, text, outer.get("Content"), outer)

    def verify(self, echostr: str = "4611686018427387904", **query: Any) -> httpx.Response:
        params = {**self.query(), "echostr": echostr, **query}
        return self.client.get(f"{self.base}/wechat", params=params)

    def close(self) -> None:
        self.client.close()


# ---- a stand-in for api.weixin.qq.com -------------------------------------------------------------
class StandInApi:
    """/cgi-bin/token and /cgi-bin/message/custom/send on 127.0.0.1, recording what it receives."""

    def __init__(self, app_id: str = APP_ID, secret: str = SECRET) -> None:
        self.app_id, self.secret = app_id, secret
        self.lock = threading.Lock()
        self.token_requests: list[dict[str, str]] = []
        self.issued: list[str] = []
        self.invalid: set[str] = set()
        self.refuse_users: set[str] = set()  # answered with errcode 45015 (outside the 48-hour window)
        self.sends: list[dict[str, Any]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/token":
                    return self._json({"errcode": 404, "errmsg": "not found"})
                with api.lock:
                    api.token_requests.append(query)
                    if query.get("appid") != api.app_id or query.get("secret") != api.secret:
                        return self._json({"errcode": 40125, "errmsg": "invalid appsecret"})
                    token = f"tok-{len(api.issued) + 1}"
                    api.issued.append(token)
                return self._json({"access_token": token, "expires_in": 7200})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(min(length, 1_000_000))
                if url.path != "/cgi-bin/message/custom/send":
                    return self._json({"errcode": 404, "errmsg": "not found"})
                token = query.get("access_token", "")
                with api.lock:
                    if token not in api.issued or token in api.invalid:
                        return self._json({"errcode": 40001, "errmsg": "invalid credential"})
                    message = json.loads(raw.decode("utf-8"))
                    if message.get("touser") in api.refuse_users:
                        return self._json({"errcode": 45015, "errmsg": "response out of time limit"})
                    api.sends.append({"token": token, "raw": raw, **message})
                return self._json({"errcode": 0, "errmsg": "ok"})

        return Handler

    def start(self) -> StandInApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sends_to(self, openid: str) -> list[dict[str, Any]]:
        with self.lock:
            return [s for s in self.sends if s.get("touser") == openid]

    def wait_for_sends(self, openid: str, count: int = 1, timeout: float = 60.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sends = self.sends_to(openid)
            if len(sends) >= count:
                return sends
            time.sleep(0.1)
        return self.sends_to(openid)


# ---- the server -------------------------------------------------------------------------------------
@dataclass
class Server:
    base: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def app_includes_wechat() -> bool:
    """True once create_app includes the WeChat router itself (then the real CLI serves /wechat)."""
    return "wechat_router" in (ROOT / "assistant" / "server" / "app.py").read_text(encoding="utf-8")


@contextmanager
def wechat_server(
    index: Path, env: dict[str, str], log: Path, reply_bytes: int | None = None, ready_timeout: float = 180
) -> Iterator[Server]:
    """`eldercare serve` (or the test launcher, see the module docstring) on a free 127.0.0.1 port, its
    output written to `log`; like tests.helpers.running_server, which does not keep the output."""
    port = free_port()
    if reply_bytes is None and app_includes_wechat():
        command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--index", str(index)]
    else:
        command = [sys.executable, "-m", "tests.wechat_support", "--port", str(port), "--index", str(index)]
        command += ["--reply-bytes", str(reply_bytes)] if reply_bytes else []
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, ready_timeout, lambda: log.read_text(errors="replace"))
        yield Server(base, log)
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description="test-only: serve the app with the WeChat router")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--reply-bytes", type=int, default=None)
    args = parser.parse_args()

    import uvicorn

    from assistant.runtime import configure_threads
    from assistant.server.app import create_app
    from assistant.server.wechat import wechat_router
    from assistant.settings import Settings

    settings = Settings()
    configure_threads(settings.threads)
    # create_app includes the WeChat router itself when the token is set; build it without the token and
    # include ours, with the reply limit asked for.
    app = create_app(index_dir=args.index, settings=settings.model_copy(update={"wechat_token": None}))
    state, shared = app.state.eldercare, app.state.shared_state
    router = wechat_router(
        state.require_assistant,
        settings,
        store=shared.wechat_store,
        limiter=shared.wechat_limiter,
        reply_bytes=args.reply_bytes,
    )
    app.include_router(router)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info", access_log=False)


if __name__ == "__main__":
    main()
