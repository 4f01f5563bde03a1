"""WeChat Official Account channel: `GET /wechat` (server verification) and `POST /wechat` (messages).

WeChat posts each message as signed XML (plain mode) or as AES-encrypted XML (safe mode, `encrypt_type=aes`
with `msg_signature`) and waits 5 seconds for a passive reply, retrying three times. We answer within
`wechat_reply_seconds`; a slower answer is acknowledged with `success` and sent afterwards through the
customer-service message API. Retries are deduplicated on MsgId (FromUserName + CreateTime for events) so
one question gets exactly one answer, across replicas too when the store is shared (Redis): the replica
that claims the MsgId (SET NX) answers it; one that gets a retry it did not claim polls the store for the
reply until its own deadline and sends that, or `success`.

Security: the signature (sha1 of sorted token, timestamp, nonce) is checked in constant time, timestamps more
than five minutes old (or in the future) are refused, a signature + timestamp + nonce reused with another body
is refused, bodies over 64 KB are refused, and any XML with a DOCTYPE or ENTITY declaration is refused before
it is parsed (xmltodict, which does not expand entities). OpenIDs are only ever logged hashed; questions are
logged only when `log_questions` is set.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import re
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import xmltodict
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply, create_reply
from wechatpy.utils import WeChatSigner

from assistant.answer.ask import Assistant
from assistant.answer.phrases import phrase
from assistant.errors import BadQuery, IndexMissing, StoreUnavailable
from assistant.server import limits
from assistant.settings import Settings
from assistant.text.script import detect_script, script_is_plain, to_script
from assistant.types import Answer, Script

log = logging.getLogger("eldercare.wechat")

REPLY_BYTES = 2048  # WeChat's passive-reply text limit is about 2048 bytes of UTF-8; we never go over it
MAX_BODY_BYTES = 64 * 1024
TIMESTAMP_WINDOW = 300.0  # seconds a signed request stays valid
FUTURE_SKEW = 30.0  # clock difference we tolerate for timestamps ahead of ours
REPLAY_TTL = TIMESTAMP_WINDOW + FUTURE_SKEW + 30.0  # longer than any timestamp we accept
DEDUPE_TTL = 300.0  # WeChat retries within about 15 seconds; five minutes is ample
CLAIM_POLL = 0.1  # seconds between looks at the store for a reply another replica is computing
MORE_TTL = 1800.0  # the rest of a long answer waits this long for "more"
SESSION_TTL = 1800.0  # OpenID -> assistant session (the session store expires idle sessions at 30 min)
PROFILE_TTL = 86400.0  # the script a user last wrote in, for replies to messages without text
MAX_PARTS = 20  # a long answer is cut into at most this many replies
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid or expired access_token: refresh once and retry

_UNSAFE_XML = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_USER_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")  # OpenIDs and gh_ original IDs
_ECHOSTR = re.compile(r"[A-Za-z0-9+/=_-]{1,512}")
_DIGITS = re.compile(r"[0-9]{1,20}")  # str.isdigit() accepts other scripts' digits
_MORE = {"更多", "more", "更多内容", "更多內容", "继续", "繼續", "next"}
_SENTENCE_END = "。！？!?；;\n"


# ---- storage interface ------------------------------------------------------------------------
class TTLStore(Protocol):
    """Key-value entries that expire. Values are JSON-able, so a Redis store can implement this with
    GET, SET EX and SET NX EX."""

    def get(self, key: str) -> Any | None: ...

    def set(self, key: str, value: Any, ttl: float) -> None: ...

    def add(self, key: str, value: Any, ttl: float) -> bool:
        """Set only when the key is absent (or expired); True when this call set it."""
        ...


class InMemoryTTLStore:
    """A TTLStore in this process: at most `capacity` entries, the oldest dropped first."""

    def __init__(self, capacity: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = capacity
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def _live(self, key: str) -> tuple[float, Any] | None:
        item = self._items.get(key)
        if item is not None and item[0] <= self._clock():
            del self._items[key]
            return None
        return item

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._live(key)
            return None if item is None else item[1]

    def set(self, key: str, value: Any, ttl: float) -> None:
        with self._lock:
            self._put(key, value, ttl)

    def add(self, key: str, value: Any, ttl: float) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._put(key, value, ttl)
            return True

    def _put(self, key: str, value: Any, ttl: float) -> None:
        self._items[key] = (self._clock() + ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


# ---- words ------------------------------------------------------------------------------------
WELCOME = phrase("wechat_welcome", "zh-Hans")


def say(key: str, script: Script) -> str:
    """One of the channel's own messages in the asker's script (answer/phrases.py, 'wechat_' keys)."""
    return phrase(f"wechat_{key}", script)


def hash_openid(openid: str, salt: str) -> str:
    """What the logs show instead of an OpenID."""
    return "u:" + hashlib.sha256(f"{salt}:{openid}".encode()).hexdigest()[:12]


# ---- formatting -------------------------------------------------------------------------------
def _short_title(title: str, width: int = 60) -> str:
    """The title cut to about `width` columns (a Chinese character counts two), at a word end in English."""
    used = 0
    for i, ch in enumerate(title):
        used += 2 if ord(ch) > 0x2E7F else 1
        if used > width:
            head = title[:i]
            space = head.rfind(" ")
            return (head[:space] if space > len(head) // 2 else head).rstrip(" ,;:-–") + "…"
    return title


def format_answer(answer: Answer) -> str:
    """The answer text, then short numbered sources: "[1] title (date)" (one line per document)."""
    text = answer.text.strip()
    groups: dict[tuple[str, str | None], list[int]] = {}
    for citation in answer.citations:
        groups.setdefault((citation.title, citation.published), []).append(citation.n)
    if not groups:
        return text
    lines = []
    for (title, published), numbers in groups.items():
        title = _short_title(to_script(title, answer.lang) if answer.lang != "en" else title)
        marks = "".join(f"[{n}]" for n in numbers)
        lines.append(f"{marks} {title}" + (f" ({published})" if published else ""))
    return f"{text}\n\n{say('sources', answer.lang)}\n" + "\n".join(lines)


SCREEN_SHOWN = 8  # benefits numbered in a WeChat reply


def screen_list(screen: dict[str, Any], lang: Script) -> tuple[str, list[str]]:
    """A screen as WeChat shows it: a short numbered list (likely first), and each benefit's details,
    sent when the user replies with its number."""
    from assistant.cards.text import status_words

    shown = [r for r in screen.get("results", []) if r["status"] in ("likely", "need_info")][:SCREEN_SHOWN]
    lines, details = [], []
    for i, result in enumerate(shown, start=1):
        status = status_words(result["status"], lang)
        gift = next((g.get("text") for g in result.get("gives", []) if g.get("text")), "")
        lines.append(
            f"{i}. {result['name']}（{status}）" + (f"：{gift}" if gift else "")
            if lang != "en"
            else f"{i}. {result['name']} ({status})" + (f": {gift}" if gift else "")
        )
        details.append(_benefit_details(result, lang))
    text = "\n".join(lines) + "\n\n" + say("screen_pick", lang)
    return text, details


def _benefit_details(result: dict[str, Any], lang: Script) -> str:
    from assistant.cards.text import label, status_words

    lines = [
        f"{result['name']}（{status_words(result['status'], lang)}）"
        if lang != "en"
        else f"{result['name']} ({status_words(result['status'], lang)})"
    ]

    def words(c: dict[str, Any]) -> str:
        return f"{c.get('text') or c['field'] + ' ' + c['op'] + ' ' + str(c['value'])} [{c['n']}]"

    if result.get("gives"):
        lines.append(
            f"{label('gives', lang)}: "
            + "; ".join(f"{g.get('words') or g.get('text') or g['what']} [{g['n']}]" for g in result["gives"])
        )
    if result.get("met"):
        lines.append(f"{label('met', lang)}: " + "; ".join(words(c) for c in result["met"]))
    if result.get("failed"):
        lines.append(f"{label('failed', lang)}: " + "; ".join(words(c) for c in result["failed"]))
    if result.get("ask"):
        lines.append(f"{label('ask', lang)}: " + " ".join(result["ask"]))
    apply = result.get("apply") or {}
    if apply.get("where"):
        lines.append(f"{label('apply', lang)}: {apply['where']}")
    if apply.get("contacts"):
        lines.append(f"{label('contact', lang)}: " + "; ".join(apply["contacts"]))
    lines.append(say("sources", lang))
    for citation in result.get("citations", []):
        title = _short_title(citation.get("title") or citation["doc_id"])
        lines.append(f"[{citation['n']}] {title}: {citation['quote'][:120]}")
    return "\n".join(lines)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, budget: int) -> int:
    """How many characters of `text` to send in a part of at most `budget` bytes: up to the last line end
    that fits, else the last sentence end, else the last space, else as many characters as fit (at least
    one). Answer lines end with their [n] markers, so cutting at line ends keeps markers with their text."""
    used, fits = 0, 0
    for ch in text:
        used += _utf8(ch)
        if used > budget:
            break
        fits += 1
    if fits >= len(text):
        return len(text)
    fits = max(fits, 1)
    head = text[:fits]
    floor = fits // 3  # a boundary too early would leave parts very short
    newline = head.rfind("\n", floor)
    if newline > 0:
        return newline + 1
    for i in range(fits, floor, -1):
        ch = head[i - 1]
        if ch in _SENTENCE_END or (ch == "." and text[i].isspace()):
            return i
    space = head.rfind(" ", floor)
    return space + 1 if space > 0 else fits


def split_reply(text: str, suffix: str, limit: int = REPLY_BYTES, max_parts: int = MAX_PARTS) -> list[str]:
    """Cut a reply into parts of at most `limit` UTF-8 bytes at sentence ends; every part but the last
    ends with `suffix` (the "reply more" hint)."""
    text = text.strip()
    if _utf8(text) <= limit:
        return [text]
    tail = "\n\n" + suffix
    budget = max(limit - _utf8(tail), 16)
    parts: list[str] = []
    while _utf8(text) > limit and len(parts) < max_parts - 1:
        n = _cut(text, budget)
        parts.append(text[:n].rstrip() + tail)
        text = text[n:].strip()
    if _utf8(text) > limit:  # only past max_parts: the end is dropped rather than sent over the limit
        text = text[: _cut(text, limit - 3)].rstrip() + "…"
    if text:
        parts.append(text)
    return parts


# ---- the WeChat API (customer-service messages) -------------------------------------------------
class WeChatApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"errcode {code}: {message}")
        self.code = code


class _RedactSecrets(logging.Filter):
    """httpx logs request URLs at INFO: hide the AppSecret and access_token in them."""

    _SECRET = re.compile(r"((?:secret|access_token)=)[^&\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(
                self._SECRET.sub(r"\1***", str(a)) if "=" in str(a) else a for a in record.args
            )
        record.msg = self._SECRET.sub(r"\1***", str(record.msg))
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _RedactSecrets) for f in _httpx_log.filters):
    _httpx_log.addFilter(_RedactSecrets())


class WeChatApi:
    """Access token (cached until shortly before it expires) and customer-service text messages."""

    def __init__(
        self,
        base: str,
        app_id: str,
        secret: str,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = base.rstrip("/")
        self.app_id, self._secret = app_id, secret
        self._client = client or httpx.Client(timeout=10.0)
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()

    def access_token(self, refresh: bool = False) -> str:
        with self._lock:
            if refresh or self._token is None or self._clock() >= self._expires:
                response = self._client.get(
                    f"{self.base}/cgi-bin/token",
                    params={"grant_type": "client_credential", "appid": self.app_id, "secret": self._secret},
                )
                data = self._json(response)
                token, lifetime = data.get("access_token"), float(data.get("expires_in", 7200))
                if not isinstance(token, str) or not token:
                    raise WeChatApiError(-1, "no access_token in the response")
                margin = min(300.0, lifetime / 2)  # refresh early so a token never expires in flight
                self._token, self._expires = token, self._clock() + lifetime - margin
            return self._token

    def send_text(self, openid: str, content: str) -> None:
        payload = json.dumps(
            {"touser": openid, "msgtype": "text", "text": {"content": content}}, ensure_ascii=False
        ).encode("utf-8")
        for attempt in range(2):
            token = self.access_token(refresh=attempt > 0)
            response = self._client.post(
                f"{self.base}/cgi-bin/message/custom/send",
                params={"access_token": token},
                content=payload,
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
            try:
                self._json(response)
                return
            except WeChatApiError as error:
                if error.code in TOKEN_ERRORS and attempt == 0:
                    continue
                raise

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        if response.status_code != 200:
            raise WeChatApiError(-1, f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as error:
            raise WeChatApiError(-1, "the response is not JSON") from error
        if not isinstance(data, dict):
            raise WeChatApiError(-1, "the response is not a JSON object")
        code = int(data.get("errcode", 0) or 0)
        if code:
            raise WeChatApiError(code, str(data.get("errmsg", "")))
        return data

    def close(self) -> None:
        self._client.close()


# ---- incoming messages ------------------------------------------------------------------------
class Refused(Exception):
    """A request we will not process: answered with `status` and a short message, nothing else."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Incoming:
    message: BaseMessage
    kind: str  # text, voice, image, event, ...
    openid: str
    create_time: str
    msg_id: str | None
    text: str | None  # the text of a text message, or a voice message's Recognition
    event: str | None

    @property
    def dedupe_key(self) -> str:
        if self.msg_id and self.kind != "event":
            return f"msg:{self.openid}:{self.msg_id}"  # scoped: no user can ever get another's reply
        return f"evt:{self.openid}:{self.create_time}:{self.event or self.kind}"


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError("expected text")


def _parse_xml(text: str) -> dict[str, Any]:
    """The <xml> element of a WeChat message as a dict; Refused(400) for anything else."""
    if _UNSAFE_XML.search(text):
        raise Refused(400, "DOCTYPE and ENTITY declarations are not accepted")
    try:
        document = xmltodict.parse(text, disable_entities=True)
    except Exception as error:  # ExpatError, ValueError from the entity guard, ...
        raise Refused(400, "malformed XML") from error
    root = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(root, dict):
        raise Refused(400, "not a WeChat message")
    return root


def _incoming(xml_text: str) -> Incoming:
    root = _parse_xml(xml_text)
    try:
        message = parse_message(xml_text)
        kind = _string(root.get("MsgType"))
        openid = _string(root.get("FromUserName"))
        target = _string(root.get("ToUserName"))
        create_time = _string(root.get("CreateTime")) or "0"
        if not _DIGITS.fullmatch(create_time):
            raise ValueError("CreateTime")
        msg_id = _string(root.get("MsgId"))
        event = _string(root.get("Event"))
        if kind == "text":
            text = _string(root.get("Content"))
        elif kind == "voice":
            text = _string(root.get("Recognition"))
        else:
            text = None
    except Exception as error:
        raise Refused(400, "not a WeChat message") from error
    if (
        not kind
        or not openid
        or not _USER_NAME.fullmatch(openid)
        or not target
        or not _USER_NAME.fullmatch(target)
    ):
        raise Refused(400, "not a WeChat message")
    if msg_id is not None and not _DIGITS.fullmatch(msg_id):
        raise Refused(400, "not a WeChat message")
    return Incoming(message, kind.lower(), openid, create_time, msg_id, text, (event or "").lower() or None)


# ---- the channel ------------------------------------------------------------------------------
@dataclass
class _Pending:
    """An answer being computed: requests waiting for it, and how it was delivered."""

    future: Future[str]
    waiters: int = 0
    delivered: str | None = None  # 'passive' | 'api'
    started: float = field(default_factory=time.monotonic)


class WeChatChannel:
    def __init__(
        self,
        get_assistant: Callable[[], Assistant],
        settings: Settings,
        store: TTLStore | None = None,
        api: WeChatApi | None = None,
        reply_bytes: int | None = None,
        limiter: limits.RateLimiter | None = None,
    ) -> None:
        if not settings.wechat_token:
            raise ValueError("ELDERCARE_WECHAT_TOKEN is not set")
        self.get_assistant = get_assistant
        self.settings = settings
        self.token: str = settings.wechat_token
        self.reply_bytes = reply_bytes or int(getattr(settings, "wechat_reply_bytes", REPLY_BYTES))
        self.store: TTLStore = store or InMemoryTTLStore()
        self.limiter: limits.RateLimiter = limiter or limits.SlidingWindowLimiter(
            max(1, settings.wechat_rate_per_minute)
        )
        self.crypto = self._crypto(settings)
        if api is None and settings.wechat_app_id and settings.wechat_secret:
            api = WeChatApi(settings.wechat_api_base, settings.wechat_app_id, settings.wechat_secret)
        self.api = api
        if self.api is None:
            log.warning(
                "wechat: no ELDERCARE_WECHAT_APP_ID / ELDERCARE_WECHAT_SECRET: answers slower than "
                "%.1f s cannot be sent through the customer-service API",
                settings.wechat_reply_seconds,
            )
        if settings.wechat_reply_seconds >= 5:
            log.warning("wechat: WeChat waits 5 s for a reply; wechat_reply_seconds should be under 5")
        self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="wechat")
        self._inflight: dict[str, _Pending] = {}
        self._lock = threading.Lock()
        # One user's questions are answered in order (a follow-up needs the session of the question
        # before it): a job holds its user's stripe of these locks while it asks.
        self._user_locks = [threading.Lock() for _ in range(64)]

    @staticmethod
    def _crypto(settings: Settings) -> WeChatCrypto | None:
        key = settings.wechat_aes_key
        if not key:
            return None
        try:
            valid = len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise ValueError("ELDERCARE_WECHAT_AES_KEY must be the 43-character EncodingAESKey")
        if not settings.wechat_app_id:
            raise ValueError("safe mode (ELDERCARE_WECHAT_AES_KEY) needs ELDERCARE_WECHAT_APP_ID")
        return WeChatCrypto(settings.wechat_token, key, settings.wechat_app_id)

    # ---- checks ---------------------------------------------------------------------------------
    def _check(self, signature: str | None, timestamp: str | None, nonce: str | None) -> None:
        if not signature or not timestamp or not nonce or len(nonce) > 128 or len(signature) > 128:
            raise Refused(403, "missing or invalid signature")
        signer = WeChatSigner()
        signer.add_data(self.token, timestamp, nonce)
        if not hmac.compare_digest(signer.signature.encode(), signature.lower().encode("utf-8")):
            raise Refused(403, "missing or invalid signature")
        if not _DIGITS.fullmatch(timestamp) or len(timestamp) > 12:
            raise Refused(403, "invalid timestamp")
        age = time.time() - int(timestamp)
        if age > TIMESTAMP_WINDOW or age < -FUTURE_SKEW:
            raise Refused(403, "stale timestamp")

    # ---- GET: server verification ----------------------------------------------------------------
    def verify(self, query: dict[str, str]) -> Response:
        try:
            self._check(query.get("signature"), query.get("timestamp"), query.get("nonce"))
        except Refused as refused:
            return _refusal(refused)
        echostr = query.get("echostr") or ""
        if not _ECHOSTR.fullmatch(echostr):
            return _refusal(Refused(403, "missing or invalid echostr"))
        return PlainTextResponse(echostr, headers={"X-Content-Type-Options": "nosniff"})

    # ---- POST: messages -------------------------------------------------------------------------
    async def receive(self, request: Request) -> Response:
        deadline = time.monotonic() + self.settings.wechat_reply_seconds
        query = request.query_params
        nonce = query.get("nonce") or ""
        try:
            self._check(query.get("signature"), query.get("timestamp"), nonce)
            body = await _read_body(request)
            incoming = self._open(query, body)
        except Refused as refused:
            return _refusal(refused)
        reply = await self._reply(incoming, deadline)
        if reply is None:
            return PlainTextResponse("success")
        xml = create_reply(TextReply(content=_cdata_safe(reply)), incoming.message, render=True)
        if self.crypto is not None:
            xml = self.crypto.encrypt_message(xml, nonce)
        return Response(xml, media_type="application/xml")

    def _open(self, query: Any, body: bytes) -> Incoming:
        """Check the body is new, decrypt it in safe mode, parse it."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Refused(400, "the body is not UTF-8") from error
        outer = _parse_xml(text)
        signature, timestamp, nonce = query.get("signature"), query.get("timestamp"), query.get("nonce")
        digest = hashlib.sha256(body).hexdigest()
        replay_key = f"replay:{signature}:{timestamp}:{nonce}"
        if not self.store.add(replay_key, digest, REPLAY_TTL) and self.store.get(replay_key) != digest:
            raise Refused(403, "replayed signature")  # the same signed URL with another body
        encrypted = (query.get("encrypt_type") or "raw").lower() == "aes"
        if self.crypto is None:
            if encrypted:
                raise Refused(400, "safe mode is not configured")
            return _incoming(text)
        if not encrypted:
            raise Refused(403, "this account is in safe mode: messages must be encrypted")
        msg_signature = query.get("msg_signature")
        if not msg_signature or not isinstance(outer.get("Encrypt"), str):
            raise Refused(403, "missing msg_signature or Encrypt")
        try:
            inner = self.crypto.decrypt_message(outer, msg_signature, timestamp, nonce)
        except (InvalidSignatureException, InvalidAppIdException) as error:
            raise Refused(403, "invalid msg_signature") from error
        except Exception as error:
            raise Refused(400, "cannot decrypt the message") from error
        return _incoming(inner)

    async def _reply(self, incoming: Incoming, deadline: float) -> str | None:
        """The passive reply text, or None for "success" (nothing now: later by the API, or never)."""
        key = incoming.dedupe_key
        entry = self.store.get(key)
        if entry is None and self.store.add(key, {"state": "pending"}, DEDUPE_TTL):
            return await self._first(incoming, key, deadline)
        return await self._retry(key, deadline)

    async def _retry(self, key: str, deadline: float) -> str | None:
        """A message we have seen: its reply again, or wait for the answer in progress, or 'success'.

        An answer in progress in another replica (a shared store) is polled for until our deadline. That
        replica stores it as 'replied' only when it gives it as a passive reply, and as 'sent' when it sends
        it through the customer-service API instead, so a retry never makes a second answer."""
        with self._lock:
            pending = self._inflight.get(key)
            if pending is not None:
                pending.waiters += 1
        if pending is not None:
            return await self._wait(pending, deadline, None)
        while True:
            entry = self.store.get(key) or {}
            if entry.get("state") == "replied":
                return entry.get("reply")
            if entry.get("state") != "pending" or time.monotonic() + CLAIM_POLL > deadline:
                return None
            await asyncio.sleep(CLAIM_POLL)

    async def _first(self, incoming: Incoming, key: str, deadline: float) -> str | None:
        user = hash_openid(incoming.openid, self.token)
        plan = self._plan(incoming, user)
        if not callable(plan):
            self.store.set(
                key, {"state": "replied", "reply": plan} if plan else {"state": "silent"}, DEDUPE_TTL
            )
            return plan
        # The first request counts as a waiter before the callback exists, so a job that finishes at once
        # is still delivered as the passive reply.
        pending = _Pending(self._executor.submit(plan), waiters=1)
        with self._lock:
            self._inflight[key] = pending
        pending.future.add_done_callback(lambda _: self._finished(key, incoming.openid, user, pending))
        script = self._script(incoming.openid)
        return await self._wait(pending, deadline, None if self.api else say("slow", script))

    async def _wait(self, pending: _Pending, deadline: float, on_timeout: str | None) -> str | None:
        """Wait (the caller is counted in pending.waiters) until the answer is ready or the deadline."""
        try:
            remaining = deadline - time.monotonic()
            if remaining > 0 and not pending.future.done():
                await asyncio.wait({asyncio.wrap_future(pending.future)}, timeout=remaining)
        finally:
            with self._lock:
                pending.waiters -= 1
                take = pending.future.done() and pending.delivered != "api"
                if take:
                    pending.delivered = "passive"
        return pending.future.result() if take else on_timeout

    def _finished(self, key: str, openid: str, user: str, pending: _Pending) -> None:
        """The answer is ready (worker thread): a waiting request takes it, else the API sends it."""
        text = pending.future.result()
        with self._lock:
            by_api = pending.waiters == 0 and pending.delivered is None
            if by_api:
                pending.delivered = "api"
        try:
            self.store.set(
                key, {"state": "sent"} if by_api else {"state": "replied", "reply": text}, DEDUPE_TTL
            )
        except StoreUnavailable:  # logged by the store; the answer is still delivered below or passively
            pass
        with self._lock:
            self._inflight.pop(key, None)
        if not by_api:
            return
        if self.api is None:
            log.warning("wechat %s: answer ready after the reply window; no API credentials to send it", user)
            return
        try:
            self.api.send_text(openid, text)
            log.info(
                "wechat %s: answer sent by the customer-service API after %.1f s",
                user,
                time.monotonic() - pending.started,
            )
        except WeChatApiError as error:  # errcode and errmsg only: no token, no secret
            log.warning("wechat %s: customer-service message not sent: %s", user, error)
        except Exception as error:  # network errors: their type only (messages may carry the URL)
            log.warning("wechat %s: customer-service message not sent: %s", user, type(error).__name__)

    # ---- what to say ----------------------------------------------------------------------------
    def _script(self, openid: str) -> Script:
        script = self.store.get(f"script:{openid}")
        return script if script in ("zh-Hans", "zh-Hant", "en") else "zh-Hans"

    def _plan(self, incoming: Incoming, user: str) -> str | None | Callable[[], str]:
        """A reply now (str), nothing (None), or the job that computes the answer."""
        if incoming.kind == "event":
            if incoming.event in ("subscribe", "subscribe_scan"):
                return WELCOME
            return None
        openid = incoming.openid
        text = (incoming.text or "").strip()
        script = self._script(openid)
        if text and not text.isdigit():
            # "更多" or "好的" read the same in both scripts (and a benefit's number in none): keep the
            # script the user wrote in before, as a follow-up in the chat does (query.understand)
            if not (script_is_plain(text) and script != "en"):
                script = detect_script(text)
            self.store.set(f"script:{openid}", script, PROFILE_TTL)
        if not self.limiter.allow(openid):
            log.info("wechat %s: rate limited", user)
            return say("rate_limited", script)
        if incoming.kind not in ("text", "voice") or not text:
            return say("text_only", script)
        if _is_more(text):
            return self._next_part(openid, script)
        if re.fullmatch(r"\s*\d{1,2}\s*", text) and self.store.get(f"screen:{openid}"):
            return self._benefit(openid, int(text), script)
        if self.settings.log_questions:
            log.info("wechat %s asks: %s", user, text)
        return lambda: self._answer(openid, user, text, script)

    def _next_part(self, openid: str, script: Script) -> str:
        rest = self.store.get(f"more:{openid}")
        if not rest:
            return say("no_more", script)
        if len(rest) > 1:
            self.store.set(f"more:{openid}", rest[1:], MORE_TTL)
        else:
            self.store.set(f"more:{openid}", [], 1.0)
        return rest[0]

    def _benefit(self, openid: str, number: int, script: Script) -> str:
        """The details of benefit `number` of the last screen sent to this user."""
        details = self.store.get(f"screen:{openid}") or []
        if not 1 <= number <= len(details):
            return say("screen_none", script)
        parts = split_reply(details[number - 1], say("more", script), self.reply_bytes)
        self.store.set(f"more:{openid}", parts[1:], MORE_TTL)
        return parts[0]

    def _answer(self, openid: str, user: str, question: str, script: Script) -> str:
        """The job (worker thread): ask, format, cut; never raises."""
        stripe = int(hashlib.blake2b(openid.encode(), digest_size=4).hexdigest(), 16) % len(self._user_locks)
        try:
            with self._user_locks[stripe]:
                return self._answer_now(openid, user, question, script)
        except Exception as error:
            if self.settings.log_questions:
                log.exception("wechat %s: the assistant failed", user)
            else:  # an exception's message may quote the question: its type and place only
                log.error("wechat %s: the assistant failed: %s", user, _where(error))
            return say("error", script)

    def _answer_now(self, openid: str, user: str, question: str, script: Script) -> str:
        try:
            answer = self.get_assistant().ask(question, session_id=self.store.get(f"session:{openid}"))
        except BadQuery:
            return say("too_long" if len(question) > self.settings.max_question_chars else "empty", script)
        except IndexMissing:
            return say("starting", script)
        if answer.session_id:
            self.store.set(f"session:{openid}", answer.session_id, SESSION_TTL)
        if answer.screen:
            listed, details = screen_list(answer.screen, answer.lang)
            self.store.set(f"screen:{openid}", details, SESSION_TTL)
            parts = split_reply(listed, say("more", answer.lang), self.reply_bytes)
            self.store.set(f"more:{openid}", parts[1:], MORE_TTL)
            return parts[0]
        self.store.set(f"screen:{openid}", [], 1.0)
        parts = split_reply(format_answer(answer), say("more", answer.lang), self.reply_bytes)
        self.store.set(f"more:{openid}", parts[1:], MORE_TTL)
        return parts[0]


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return type(error).__name__ + place


def _is_more(text: str) -> bool:
    return re.sub(r"[\s\W_]+", "", text).casefold() in _MORE


def _cdata_safe(text: str) -> str:
    """wechatpy writes text into CDATA: a literal "]]>" would end it early."""
    return text.replace("]]>", "]] >")


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and not _DIGITS.fullmatch(length):
        raise Refused(400, "invalid Content-Length")
    if length is not None and int(length) > MAX_BODY_BYTES:
        raise Refused(413, "the body is too large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refused(413, "the body is too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _refusal(refused: Refused) -> Response:
    return PlainTextResponse(refused.args[0], status_code=refused.status)


def wechat_router(
    get_assistant: Callable[[], Assistant],
    settings: Settings,
    *,
    store: TTLStore | None = None,
    reply_bytes: int | None = None,
    limiter: limits.RateLimiter | None = None,
) -> APIRouter:
    """`GET /wechat` and `POST /wechat` for a WeChat Official Account (only when wechat_token is set).
    `store` and `limiter` default to this process; the app passes shared ones when Redis is configured."""
    channel = WeChatChannel(get_assistant, settings, store=store, reply_bytes=reply_bytes, limiter=limiter)
    router = APIRouter(tags=["wechat"])

    @router.get("/wechat", include_in_schema=False)
    def verify(request: Request) -> Response:
        return channel.verify(dict(request.query_params))

    @router.post("/wechat", include_in_schema=False)
    async def receive(request: Request) -> Response:
        return await channel.receive(request)

    router.wechat_channel = channel  # type: ignore[attr-defined]
    return router
