"""The WeChat Official Account channel on real uvicorn servers on 127.0.0.1, with real signed (and, in safe
mode, AES-encrypted) XML as WeChat sends it, and a stand-in WeChat API on 127.0.0.1 for the customer-service
messages of slow answers."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import xmltodict
from hypothesis import HealthCheck, given, settings
from hypothesis import event as record
from hypothesis import strategies as st
from wechatpy.crypto import WeChatCrypto

from assistant.errors import BadQuery, IndexMissing
from assistant.server.limits import SlidingWindowLimiter
from assistant.server.wechat import (
    REPLY_BYTES,
    WELCOME,
    InMemoryTTLStore,
    WeChatApi,
    format_answer,
    hash_openid,
    say,
    split_reply,
)
from assistant.types import Answer, Citation
from tests.wechat_support import (
    ACCOUNT,
    APP_ID,
    IMAGE_FIELDS,
    LINK_FIELDS,
    LOCATION_FIELDS,
    SECRET,
    Server,
    StandInApi,
    WeChatPeer,
    event_xml,
    media_xml,
    new_aes_key,
    new_openid,
    sign,
    text_xml,
    wechat_server,
)

pytestmark = pytest.mark.slow

TOKEN = "eldercare-wechat-test-token"
AES_KEY = new_aes_key()
GUILIN = "桂林90岁以上老人有什么居家服务？"
GUILIN_HANT = "我父親92歲，住在桂林，可以得到什麼居家服務？"
HONG_KONG_EN = "How do I apply for the Senior Citizen Card in Hong Kong?"
SOURCE_HANS = "] 著力打造“四度”居家养老服务体系 (2019-12-23)"
SOURCE_HANT = "] 著力打造“四度”居家養老服務體系 (2019-12-23)"
SHORT_LIMIT = 250  # the reply limit of the server that shows "more" with real (shorter) answers
OPENID_IN_CLEAR = re.compile(r"\bo[0-9a-f]{27}\b")  # the shape of tests.wechat_support.new_openid()


# ---- fixtures --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api() -> Iterator[StandInApi]:
    stand_in = StandInApi().start()
    yield stand_in
    stand_in.stop()


def _env(api: StandInApi, **extra: str) -> dict[str, str]:
    return {
        "ELDERCARE_WECHAT_TOKEN": TOKEN,
        "ELDERCARE_WECHAT_APP_ID": APP_ID,
        "ELDERCARE_WECHAT_SECRET": SECRET,
        "ELDERCARE_WECHAT_API_BASE": api.base,
        "ELDERCARE_LOG_QUESTIONS": "false",
        **{f"ELDERCARE_WECHAT_{k.upper()}": v for k, v in extra.items()},
    }


@pytest.fixture(scope="module")
def plain(real_index: Path, api: StandInApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Plain mode; a generous reply window so answers come back as passive replies."""
    log = tmp_path_factory.mktemp("wechat") / "plain.log"
    with wechat_server(real_index, _env(api, reply_seconds="30", rate_per_minute="5"), log) as server:
        yield server


@pytest.fixture(scope="module")
def safe(real_index: Path, api: StandInApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("wechat") / "safe.log"
    with wechat_server(real_index, _env(api, reply_seconds="30", aes_key=AES_KEY), log) as server:
        yield server


@pytest.fixture(scope="module")
def slow(real_index: Path, api: StandInApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A reply window too short for any answer: every answer goes through the customer-service API."""
    log = tmp_path_factory.mktemp("wechat") / "slow.log"
    with wechat_server(real_index, _env(api, reply_seconds="0.01"), log) as server:
        yield server


@pytest.fixture(scope="module")
def short(real_index: Path, api: StandInApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("wechat") / "short.log"
    with wechat_server(real_index, _env(api, reply_seconds="30"), log, reply_bytes=SHORT_LIMIT) as server:
        yield server


@pytest.fixture
def peer(plain: Server) -> Iterator[WeChatPeer]:
    p = WeChatPeer(plain.base, TOKEN)
    yield p
    p.close()


@pytest.fixture
def safe_peer(safe: Server) -> Iterator[WeChatPeer]:
    p = WeChatPeer(safe.base, TOKEN, aes_key=AES_KEY)
    yield p
    p.close()


@pytest.fixture
def slow_peer(slow: Server) -> Iterator[WeChatPeer]:
    p = WeChatPeer(slow.base, TOKEN)
    yield p
    p.close()


def _fits(content: str, limit: int = REPLY_BYTES) -> bool:
    return len(content.encode("utf-8")) <= limit


def _still_serving(peer: WeChatPeer) -> None:
    """After a refusal the server keeps answering real messages."""
    reply = peer.send(media_xml(new_openid(), "image", IMAGE_FIELDS))
    assert reply.status == 200 and reply.content == say("text_only", "zh-Hans")


# ---- formatting, storage and API client (no server) ----------------------------------------------
def test_split_reply_cuts_at_sentence_ends_under_the_byte_limit() -> None:
    more = say("more", "zh-Hans")
    zh = "".join(f"第{i}条：桂林市为九十岁以上老人提供每月六小时的入户援助服务。" for i in range(200))
    parts = split_reply(zh, more)
    assert len(parts) > 3
    assert all(_fits(p) for p in parts)
    assert all(p.endswith("\n\n" + more) for p in parts[:-1]) and not parts[-1].endswith(more)
    bodies = [p.removesuffix("\n\n" + more) for p in parts]
    assert all(b.endswith("。") for b in bodies)
    assert "".join(bodies) == zh

    en = " ".join(f"Sentence {i} says that people over 90 in Guilin get home care." for i in range(100))
    parts = split_reply(en, "Reply 'more' for the rest.", limit=500)
    assert all(_fits(p, 500) for p in parts) and 5 < len(parts) < 20
    assert all(p.removesuffix("\n\nReply 'more' for the rest.").endswith(".") for p in parts)
    capped = split_reply(en * 3, "Reply 'more' for the rest.", limit=500)  # at most 20 parts, the end cut
    assert len(capped) == 20 and all(_fits(p, 500) for p in capped) and capped[-1].endswith("…")

    lines = "\n".join(f"90岁以上老人享受每月6小时的入户援助服务。 [{i}]" for i in range(1, 60))
    parts = split_reply(lines, more, limit=300)
    assert all(_fits(p, 300) for p in parts)
    assert all(re.search(r"\[\d+\]$", p.removesuffix("\n\n" + more)) for p in parts), "markers stay with text"

    unbroken = "养" * 3000  # no boundary at all: cut by bytes, never inside a character
    parts = split_reply(unbroken, more)
    assert all(_fits(p) for p in parts) and "".join(p.removesuffix("\n\n" + more) for p in parts) == unbroken
    assert split_reply("短回答。", more) == ["短回答。"]


def _citation(n: int, title: str, published: str | None, doc: str = "d1") -> Citation:
    return Citation(n, doc, title, None, published, "quote", f"{doc}#0", 0, 5, "zh-Hans")


def test_format_answer_adds_short_numbered_sources() -> None:
    answer = Answer(
        answered=True,
        lang="zh-Hant",
        text="90歲以上老人享受入戶援助服務。 [1]\n每月6小時。 [2]\n電話 [3]",
        citations=[
            _citation(1, "著力打造“四度”居家养老服务体系", "2019-12-23"),
            _citation(2, "著力打造“四度”居家养老服务体系", "2019-12-23"),
            _citation(
                3, "What are the eligibility criteria for Senior Citizen Card? How to apply? " * 2, None, "d2"
            ),
        ],
    )
    text = format_answer(answer)
    head, sources = text.split("\n\n來源：\n")
    assert head == answer.text
    lines = sources.split("\n")
    assert lines[0] == "[1][2] 著力打造“四度”居家養老服務體系 (2019-12-23)"
    assert (
        lines[1].startswith("[3] What are the eligibility") and lines[1].endswith("…") and len(lines[1]) < 70
    )
    assert format_answer(Answer(False, "en", "Sorry.", [])) == "Sorry."


def test_ttl_store_and_rate_limiter_expire() -> None:
    now = [1000.0]
    store = InMemoryTTLStore(capacity=3, clock=lambda: now[0])
    assert store.add("a", {"state": "pending"}, 10) and not store.add("a", 1, 10)
    assert store.get("a") == {"state": "pending"}
    now[0] += 11
    assert store.get("a") is None and store.add("a", 2, 10)
    for key in "bcd":
        store.set(key, key, 10)
    assert store.get("a") is None and len(store) == 3  # the oldest dropped at capacity

    limiter = SlidingWindowLimiter(2, window=60, clock=lambda: now[0])
    assert limiter.allow("u") and limiter.allow("u") and not limiter.allow("u") and limiter.allow("v")
    now[0] += 61
    assert limiter.allow("u")


def test_access_token_is_cached_until_expiry_and_refreshed_when_rejected(
    api: StandInApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    now = [0.0]
    client = WeChatApi(api.base, APP_ID, SECRET, clock=lambda: now[0])
    user = new_openid()
    before = len(api.token_requests)
    client.send_text(user, "一")
    client.send_text(user, "二")
    assert len(api.token_requests) == before + 1
    assert api.token_requests[-1] == {"grant_type": "client_credential", "appid": APP_ID, "secret": SECRET}
    now[0] += 7200 - 299  # inside the refresh margin before expiry
    client.send_text(user, "三")
    assert len(api.token_requests) == before + 2
    api.invalid.add(api.sends_to(user)[-1]["token"])  # WeChat revoked it early (errcode 40001)
    client.send_text(user, "四")
    sends = api.sends_to(user)
    assert [s["text"]["content"] for s in sends] == ["一", "二", "三", "四"]
    assert len(api.token_requests) == before + 3 and sends[-1]["token"] != sends[-2]["token"]
    assert b"\\u" not in sends[-1]["raw"]  # UTF-8 JSON, as WeChat expects
    client.close()
    assert "/cgi-bin/token" in caplog.text and "secret=***" in caplog.text  # httpx logs URLs at INFO
    assert SECRET not in caplog.text and not any(s["token"] in caplog.text for s in sends)


# ---- server verification (GET) ----------------------------------------------------------------------
def test_verification_echoes_echostr_only_when_signed(peer: WeChatPeer) -> None:
    ok = peer.verify("1234567890123456789")
    assert ok.status_code == 200 and ok.text == "1234567890123456789"
    assert ok.headers["content-type"].startswith("text/plain")
    old = int(time.time()) - 301
    future = int(time.time()) + 600
    for params in (
        {"signature": "0" * 40},
        {"signature": "é" * 40},
        {"signature": ""},
        peer.query(timestamp=old),
        peer.query(timestamp=future),
        {"timestamp": "not-a-number"},
        {"echostr": "<script>alert(1)</script>"},
        {"echostr": ""},
    ):
        response = peer.verify(**params)
        assert response.status_code == 403, params
        assert len(response.text) < 80 and "1234567890" not in response.text
    bare = httpx.get(f"{peer.base}/wechat", params={"echostr": "123"})
    assert bare.status_code == 403


# ---- answers (plain mode) ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "script", "head", "source"),
    [
        (GUILIN, "zh-Hans", "来源：", SOURCE_HANS),
        (GUILIN_HANT, "zh-Hant", "來源：", SOURCE_HANT),
        (HONG_KONG_EN, "en", "Sources:", "Senior Citizen Card"),
    ],
)
def test_text_question_gets_a_cited_passive_answer_in_the_askers_script(
    peer: WeChatPeer, question: str, script: str, head: str, source: str
) -> None:
    user = new_openid()
    reply = peer.send(text_xml(user, question))
    assert reply.status == 200 and reply.content, reply.body
    assert reply.xml is not None
    assert reply.xml["ToUserName"] == user and reply.xml["FromUserName"] == ACCOUNT
    assert reply.xml["MsgType"] == "text"
    assert _fits(reply.content) and "[1]" in reply.content
    text, sources = reply.content.split(f"\n\n{head}\n")
    assert source in sources.split("\n")[0]
    if script == "zh-Hant":
        assert "按您提供的情況" in text and "符合" in text
    if script == "zh-Hans":
        # the answering sentence leads (a clause, with the whole sentence it is a clause of)
        assert "90岁以上老人享受" in text.split("\n")[0]


def test_follow_up_questions_share_one_session_per_openid(peer: WeChatPeer) -> None:
    user = new_openid()
    first = peer.send(text_xml(user, GUILIN_HANT))
    assert first.content and "您父親92歲" in first.content
    follow = peer.send(text_xml(user, "那我妈妈呢？她72岁"))
    assert follow.content and "您母亲72岁" in follow.content and SOURCE_HANS in follow.content
    stranger = peer.send(text_xml(new_openid(), "那我妈妈呢？她72岁"))  # no earlier question: no Guilin
    assert stranger.content != follow.content


def test_a_retried_msgid_gets_the_same_single_answer(peer: WeChatPeer) -> None:
    user = new_openid()
    xml = text_xml(user, "广州养老金领取资格认证怎么做？")
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(peer.send(xml))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 3 and all(r.status == 200 for r in results)
    assert len({r.content for r in results}) == 1 and "资格认证" in (results[0].content or "")
    again = peer.send(xml)  # a fourth try, after the answer was given
    assert again.content == results[0].content


def test_subscribe_gets_the_welcome_and_other_events_get_success(peer: WeChatPeer) -> None:
    user = new_openid()
    created = int(time.time())
    welcome = peer.send(event_xml(user, "subscribe", created))
    assert welcome.content == WELCOME
    for example in (
        "桂林90岁以上老人有什么居家服务？",
        "我妈妈64岁，住在香港，可以申请长者咭吗？",
        "广州养老金领取资格认证怎么做？",
    ):
        assert example in WELCOME
    assert peer.send(event_xml(user, "subscribe", created)).content == WELCOME  # the retry: same reply
    assert peer.send(event_xml(user, "subscribe", created + 1, key="qrscene_42")).content == WELCOME
    for event in ("unsubscribe", "CLICK", "VIEW"):
        reply = peer.send(event_xml(user, event, created + 2))
        assert reply.status == 200 and reply.body == "success"
        created += 1


def test_voice_with_recognition_is_answered_as_text(peer: WeChatPeer) -> None:
    user = new_openid()
    fields = (
        "<MediaId><![CDATA[v1]]></MediaId><Format><![CDATA[amr]]></Format>"
        f"<Recognition><![CDATA[{GUILIN}]]></Recognition>"
    )
    reply = peer.send(media_xml(user, "voice", fields))
    assert reply.content and SOURCE_HANS in reply.content
    unrecognised = peer.send(
        media_xml(user, "voice", "<MediaId><![CDATA[v2]]></MediaId><Recognition></Recognition>")
    )
    assert unrecognised.content == say("text_only", "zh-Hans")


def test_other_message_types_get_a_polite_text_only_reply_in_the_users_script(peer: WeChatPeer) -> None:
    user = new_openid()
    for kind, fields in (("image", IMAGE_FIELDS), ("location", LOCATION_FIELDS), ("link", LINK_FIELDS)):
        reply = peer.send(media_xml(user, kind, fields))
        assert reply.content == say("text_only", "zh-Hans"), kind  # nothing to detect: simplified Chinese
    assert peer.send(text_xml(user, HONG_KONG_EN)).content
    later = peer.send(media_xml(user, "shortvideo", "<MediaId><![CDATA[m]]></MediaId>"))
    assert later.content == say("text_only", "en")


def test_more_with_nothing_left_says_so(peer: WeChatPeer) -> None:
    assert peer.send(text_xml(new_openid(), "更多")).content == say("no_more", "zh-Hans")
    assert peer.send(text_xml(new_openid(), "More")).content == say("no_more", "en")


def test_rate_limit_per_openid(peer: WeChatPeer) -> None:
    user = new_openid()
    for _ in range(5):  # the plain server allows 5 messages a minute
        assert peer.send(media_xml(user, "image", IMAGE_FIELDS)).content == say("text_only", "zh-Hans")
    limited = peer.send(text_xml(user, GUILIN))
    assert limited.content == say("rate_limited", "zh-Hans")
    assert peer.send(text_xml(new_openid(), "更多")).content == say("no_more", "zh-Hans")  # others unaffected


# ---- refused requests (plain mode) ------------------------------------------------------------------
def _expect_refused(response: httpx.Response, statuses: tuple[int, ...]) -> None:
    assert response.status_code in statuses, (response.status_code, response.text)
    assert len(response.text) < 100 and "<xml" not in response.text
    for secret in ("root:", "passwd", TOKEN, "Traceback"):
        assert secret not in response.text


def test_bad_signatures_and_timestamps_are_refused(peer: WeChatPeer, api: StandInApi) -> None:
    user = new_openid()
    body = text_xml(user, GUILIN).encode()
    for params in (
        {},
        {**peer.query(), "signature": sign("wrong-token", "1", "2")},
        {**peer.query(), "signature": "签名" * 20},
        {k: v for k, v in peer.query().items() if k != "nonce"},
        peer.query(timestamp=int(time.time()) - 301),
        peer.query(timestamp=int(time.time()) + 600),
    ):
        _expect_refused(peer.post_raw(body, params), (403,))
    assert not api.sends_to(user)
    _still_serving(peer)


def test_a_replayed_signature_with_another_body_is_refused(peer: WeChatPeer) -> None:
    user = new_openid()
    query = peer.query()
    first = peer.read(peer.post_raw(text_xml(user, GUILIN).encode(), query))
    assert first.content and SOURCE_HANS in first.content
    replay = peer.post_raw(text_xml(user, "广州养老金领取资格认证怎么做？").encode(), query)
    _expect_refused(replay, (403,))
    _still_serving(peer)


XXE_FILE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>gh_eldercare0001</ToUserName><FromUserName>{user}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>9</MsgId></xml>"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]><xml><ToUserName>gh_eldercare0001</ToUserName><FromUserName>{user}</FromUserName>"
    "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>8</MsgId></xml>"
)
BAD_BODIES = {
    "xxe": (XXE_FILE, (400,)),
    "xxe-lowercase-spaced": (XXE_FILE.replace("<!DOCTYPE", "<! doctype"), (400,)),
    "entity-only": ('<!ENTITY x "y"><xml></xml>', (400,)),
    "billion-laughs": (BILLION_LAUGHS, (400,)),
    "malformed": ("<xml><ToUserName>gh_eldercare0001</ToUserName><FromUserName>", (400,)),
    "not-xml": ("hello, please answer", (400,)),
    "empty": ("", (400,)),
    "wrong-root": ("<root><MsgType>text</MsgType></root>", (400,)),
    "no-msgtype": (
        "<xml><ToUserName>gh_eldercare0001</ToUserName><FromUserName>{user}</FromUserName></xml>",
        (400,),
    ),
    "bad-openid": (text_xml("o<script>", "hi").replace("<![CDATA[o<script>]]>", "o&lt;script&gt;"), (400,)),
    "nested-content": (text_xml("{user}", "x").replace("<![CDATA[x]]>", "<a>b</a>"), (400,)),
    "bad-msgid": (text_xml("{user}", "hi", msg_id="12ab"), (400,)),
    "bad-createtime": (text_xml("{user}", "hi", create_time="²"), (400,)),
    "openid-with-space": (text_xml("o {user}", "hi"), (400,)),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_hostile_or_malformed_xml_is_refused_and_nothing_is_answered(
    peer: WeChatPeer, api: StandInApi, case: str
) -> None:
    user = new_openid()
    body, statuses = BAD_BODIES[case]
    _expect_refused(peer.post_raw(body.replace("{user}", user).encode("utf-8"), peer.query()), statuses)
    assert not api.sends_to(user)
    _still_serving(peer)


def test_encodings_that_could_hide_a_doctype_are_refused(peer: WeChatPeer) -> None:
    user = new_openid()
    utf16 = XXE_FILE.replace("{user}", user).replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    _expect_refused(peer.post_raw(utf16.encode("utf-16"), peer.query()), (400,))
    _expect_refused(peer.post_raw(b"<xml>\xff\xfe</xml>", peer.query()), (400,))
    _still_serving(peer)


def test_oversized_bodies_are_refused(peer: WeChatPeer) -> None:
    user = new_openid()
    huge = text_xml(user, "养" * 22_000).encode()  # 66 KB
    assert len(huge) > 64 * 1024
    _expect_refused(peer.post_raw(huge, peer.query()), (413,))

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
        for _ in range(70):
            yield b"<a>" + b"x" * 1021

    _expect_refused(peer.client.post(f"{peer.base}/wechat", params=peer.query(), content=chunks()), (413,))
    _still_serving(peer)


def test_encrypted_messages_are_refused_when_safe_mode_is_not_configured(peer: WeChatPeer) -> None:
    other = WeChatPeer(peer.base, TOKEN, aes_key=new_aes_key())
    body, query = other.envelope(text_xml(new_openid(), GUILIN), other.query())
    _expect_refused(peer.post_raw(body, query), (400,))
    other.close()
    _still_serving(peer)


# ---- fuzzing (Hypothesis) against the real server ------------------------------------------------------
_SOUP = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body onload='x()'>",
            '<div class="a">',
            "</div>",
            "<script>alert(1)</script>",
            "<xml>",
            "</xml>",
            "<![CDATA[",
            "]]>",
            "<!--",
            "-->",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "&lt;",
            "<?xml version='1.0'?>",
            "<Content>",
            "</Content>",
            "<MsgType>text</MsgType>",
            "<p>养老</p>",
            "<ToUserName>gh_x</ToUserName>",
            "<FromUserName>o1</FromUserName>",
            "<br/>",
            "<",
            ">",
            "\x00",
        ]
    ),
    max_size=40,
).map("".join)
_CONTROL = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=200)
_MIXED = st.text(
    alphabet=st.sampled_from("养老金長者咭abcXYZ١٢٣αβγабв한국어🙂\u200b\u202e\ufeff<>&]"), max_size=300
)
_XML_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=300)
_BODIES = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=300).map(lambda b: b"<xml>\xe5\x85" + b + b"\xff\xfe\xc0\xaf</xml>"),  # broken UTF-8
    _SOUP.map(str.encode),
    _CONTROL.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _MIXED.map(str.encode),
    st.sampled_from([b"x" * 70_000, "养".encode() * 30_000, b"<xml>" + b"<a>" * 20_000 + b"</xml>", b""]),
    # validly signed XML with this Content: anything, text XML allows, mixed scripts, control characters
    st.text(max_size=400).map(lambda t: ("signed", t)),
    _XML_TEXT.map(lambda t: ("signed", t)),
    st.tuples(st.sampled_from([GUILIN, GUILIN_HANT, HONG_KONG_EN, "更多"]), _XML_TEXT).map(
        lambda q: ("signed", q[0] + q[1])
    ),
    _MIXED.map(lambda t: ("signed", t)),
    _CONTROL.map(lambda t: ("signed", t)),
)
_EXTRAS = st.dictionaries(
    st.sampled_from(["encrypt_type", "msg_signature", "echostr", "openid", "nonce", "timestamp", "x"]),
    st.one_of(st.sampled_from(["aes", "AES", "raw", "", "0" * 40]), st.text(max_size=60)),
    max_size=3,
)
_QUERIES = st.one_of(
    st.just(("signed", {})),
    st.just(("signed", {})),
    _EXTRAS.map(lambda extras: ("signed", extras)),  # signed, with extra or overridden parameters
    st.dictionaries(st.text(max_size=20), st.text(max_size=100), max_size=5).map(lambda q: ("random", q)),
    st.text(max_size=200).map(lambda raw: ("raw", raw)),  # a raw query string, percent-encoded only a little
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=_BODIES, query=_QUERIES, content_type=st.sampled_from(["text/xml", "application/json", "", "x/y"])
)
def test_random_and_adversarial_posts_never_get_a_5xx(
    peer: WeChatPeer, body: bytes | tuple[str, str], query: tuple[str, object], content_type: str
) -> None:
    kind, value = query
    url = f"{peer.base}/wechat"
    if kind == "raw":
        url += "?" + quote(str(value), safe="=&%+;/?")
        params: dict[str, str] = {}
    elif kind == "random":
        params = dict(value)  # type: ignore[call-overload]
    else:
        params = {**peer.query(), **value}  # type: ignore[dict-item]
    if isinstance(body, tuple):
        body = text_xml(new_openid(), body[1]).encode("utf-8", "surrogatepass")
    headers = {"content-type": content_type} if content_type else {}
    response = peer.client.post(url, params=params, content=body, headers=headers, timeout=60)
    record(f"{kind} query, HTTP {response.status_code}")  # --hypothesis-show-statistics shows the spread
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and len(response.content) < 8192
    if response.status_code == 200:
        assert response.text == "success" or response.text.startswith("<xml>")  # a reply, or nothing


def test_the_server_is_healthy_after_the_fuzzing(peer: WeChatPeer) -> None:
    assert httpx.get(f"{peer.base}/healthz", timeout=10).json() == {"status": "ok"}
    _still_serving(peer)
    reply = peer.send(text_xml(new_openid(), GUILIN))
    assert reply.content and SOURCE_HANS in reply.content


# ---- safe mode ----------------------------------------------------------------------------------------
def test_safe_mode_verification_and_encrypted_answers(safe_peer: WeChatPeer) -> None:
    assert safe_peer.verify("987654321").text == "987654321"
    user = new_openid()
    reply = safe_peer.send(text_xml(user, GUILIN))
    outer = xmltodict.parse(reply.body)["xml"]
    assert set(outer) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}  # nothing in clear
    assert GUILIN not in reply.body and "来源" not in reply.body
    assert reply.xml is not None and reply.xml["ToUserName"] == user and reply.xml["FromUserName"] == ACCOUNT
    assert reply.content and SOURCE_HANS in reply.content and _fits(reply.content)
    welcome = safe_peer.send(event_xml(user, "subscribe"))
    assert welcome.content == WELCOME


def test_safe_mode_refuses_plain_forged_and_undecryptable_messages(
    safe_peer: WeChatPeer, api: StandInApi
) -> None:
    user = new_openid()
    xml = text_xml(user, GUILIN)
    # a plain message (no encryption) to an account in safe mode
    _expect_refused(safe_peer.post_raw(xml, safe_peer.query()), (403,))
    # a wrong msg_signature
    body, query = safe_peer.envelope(xml, safe_peer.query())
    _expect_refused(safe_peer.post_raw(body, {**query, "msg_signature": "0" * 40}), (403,))
    # no msg_signature at all
    body, query = safe_peer.envelope(xml, safe_peer.query())
    _expect_refused(
        safe_peer.post_raw(body, {k: v for k, v in query.items() if k != "msg_signature"}), (403,)
    )
    # garbage ciphertext, correctly signed
    query = safe_peer.query()
    garbage = "bm90IGEgY2lwaGVydGV4dA=="
    body = f"<xml><ToUserName>{ACCOUNT}</ToUserName><Encrypt>{garbage}</Encrypt></xml>"
    signed = {
        **query,
        "encrypt_type": "aes",
        "msg_signature": sign(TOKEN, query["timestamp"], query["nonce"], garbage),
    }
    _expect_refused(safe_peer.post_raw(body, signed), (400,))
    # sealed for another AppID, or with another key
    for crypto in (
        WeChatCrypto(TOKEN, AES_KEY, "wx_someone_else"),
        WeChatCrypto(TOKEN, new_aes_key(), APP_ID),
    ):
        body, query = safe_peer.envelope(xml, safe_peer.query(), crypto=crypto)
        _expect_refused(safe_peer.post_raw(body, query), (400, 403))
    # XXE inside the encrypted message, and a DOCTYPE around it
    body, query = safe_peer.envelope(XXE_FILE.replace("{user}", user), safe_peer.query())
    _expect_refused(safe_peer.post_raw(body, query), (400,))
    body, query = safe_peer.envelope(xml, safe_peer.query())
    _expect_refused(safe_peer.post_raw('<!DOCTYPE xml [<!ENTITY a "b">]>' + body, query), (400,))
    assert not api.sends_to(user)
    reply = safe_peer.send(media_xml(new_openid(), "image", IMAGE_FIELDS))  # still serving
    assert reply.content == say("text_only", "zh-Hans")


# ---- slow answers: customer-service messages ----------------------------------------------------------
def test_a_slow_answer_arrives_once_through_the_customer_service_api(
    slow_peer: WeChatPeer, api: StandInApi
) -> None:
    user = new_openid()
    xml = text_xml(user, GUILIN)
    started = time.monotonic()
    first = slow_peer.send(xml)
    assert first.status == 200 and first.body == "success" and time.monotonic() - started < 3
    retry_while_computing = slow_peer.send(xml)
    assert retry_while_computing.body == "success"
    sends = api.wait_for_sends(user, 1, timeout=60)
    assert len(sends) == 1
    assert sends[0]["msgtype"] == "text" and SOURCE_HANS in sends[0]["text"]["content"]
    assert _fits(sends[0]["text"]["content"]) and sends[0]["token"] in api.issued
    for _ in range(2):  # retries after the answer went out: "success", no second message
        assert slow_peer.send(xml).body == "success"
    time.sleep(1.0)
    assert len(api.sends_to(user)) == 1


def test_slow_answers_reuse_the_access_token_and_keep_the_conversation(
    slow_peer: WeChatPeer, api: StandInApi
) -> None:
    user = new_openid()
    assert slow_peer.send(text_xml(user, GUILIN_HANT)).body == "success"
    assert slow_peer.send(text_xml(user, "那我妈妈呢？她72岁")).body == "success"  # before the first is done
    sends = api.wait_for_sends(user, 2, timeout=60)
    assert len(sends) == 2
    assert "您父親92歲" in sends[0]["text"]["content"] and "您母亲72岁" in sends[1]["text"]["content"]
    assert sends[0]["token"] == sends[1]["token"]
    assert all(q["appid"] == APP_ID and q["secret"] == SECRET for q in api.token_requests)


def test_failed_sends_are_logged_without_openids_or_questions(
    slow_peer: WeChatPeer, slow: Server, api: StandInApi
) -> None:
    user = new_openid()
    api.refuse_users.add(user)  # outside the 48-hour window
    question = "我妈妈64岁，住在香港，可以申请长者咭吗？"
    assert slow_peer.send(text_xml(user, question)).body == "success"
    hashed = hash_openid(user, TOKEN)
    deadline = time.monotonic() + 60
    while hashed not in slow.log_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    log = slow.log_text()
    assert hashed in log and "45015" in log
    assert user not in log and question not in log and SECRET not in log
    assert not api.sends_to(user)


def test_no_log_shows_an_openid_or_a_question(plain: Server, safe: Server, slow: Server) -> None:
    for server in (plain, safe, slow):
        log = server.log_text()
        assert not OPENID_IN_CLEAR.search(log), server.log
        for text in (GUILIN, GUILIN_HANT, HONG_KONG_EN, TOKEN, SECRET, AES_KEY):
            assert text not in log


# ---- long answers: "more" -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "script", "more"),
    [(GUILIN, "zh-Hans", "更多"), (GUILIN_HANT, "zh-Hant", "更多"), (HONG_KONG_EN, "en", "more")],
)
def test_a_long_answer_is_cut_and_more_sends_the_rest(
    short: Server, question: str, script: str, more: str
) -> None:
    peer = WeChatPeer(short.base, TOKEN)
    user = new_openid()
    hint = "\n\n" + say("more", script)
    parts = [peer.send(text_xml(user, question)).content or ""]
    for _ in range(10):
        if not parts[-1].endswith(hint):
            break
        parts.append(peer.send(text_xml(user, more)).content or "")
    assert 2 <= len(parts) <= 10
    assert all(_fits(p, SHORT_LIMIT) for p in parts) and not parts[-1].endswith(hint)
    whole = "\n".join(p.removesuffix(hint) for p in parts)
    assert "[1]" in whole and f"\n\n{say('sources', script)}\n[1]" in whole
    assert peer.send(text_xml(user, more)).content == say("no_more", script)
    peer.close()


# ---- failures of the assistant (in process, with a stand-in assistant) --------------------------------
class _StandInAssistant:
    def __init__(self, error: Exception | None = None, delay: float = 0.0, loaded: bool = True) -> None:
        self.error, self.delay, self.loaded, self.calls = error, delay, loaded, 0

    def ask(self, question: str, session_id: str | None = None, lang: str | None = None) -> Answer:
        self.calls += 1
        time.sleep(self.delay)
        if len(question) > 4000:
            raise BadQuery(f"the question is {len(question)} characters; the limit is 4000")
        if self.error is not None:
            raise self.error
        return Answer(
            True,
            "zh-Hans",
            f"答：{len(question)}。 [1]",
            [_citation(1, "资料", "2024-01-01")],
            session_id="s1",
        )


def _in_process(assistant: _StandInAssistant, **settings: object):  # type: ignore[no-untyped-def]
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.server.wechat import wechat_router
    from assistant.settings import Settings

    def get_assistant() -> _StandInAssistant:
        if not assistant.loaded:
            raise IndexMissing("the index is not loaded yet")
        return assistant

    app = FastAPI()
    app.include_router(wechat_router(get_assistant, Settings(wechat_token=TOKEN, **settings)))  # type: ignore[arg-type]
    return TestClient(app)


def _post(client, xml: str) -> str:  # type: ignore[no-untyped-def]
    peer = WeChatPeer("", TOKEN)
    response = client.post("/wechat", params=peer.query(), content=xml.encode())
    assert response.status_code == 200
    return xmltodict.parse(response.text)["xml"]["Content"] if response.text != "success" else "success"


def test_assistant_failures_get_a_polite_reply_and_leak_nothing(caplog: pytest.LogCaptureFixture) -> None:
    question = "我的身份证号是110101194001011234，能领养老金吗？"
    with _in_process(_StandInAssistant(RuntimeError(f"boom on {question}"))) as client:
        assert _post(client, text_xml(new_openid(), question)) == say("error", "zh-Hans")
    assert "RuntimeError" in caplog.text and question not in caplog.text
    with _in_process(_StandInAssistant(loaded=False)) as client:
        assert _post(client, text_xml(new_openid(), HONG_KONG_EN)) == say("starting", "en")
    with _in_process(_StandInAssistant()) as client:
        assert _post(client, text_xml(new_openid(), "养" * 5000)) == say("too_long", "zh-Hans")


def test_without_api_credentials_a_slow_answer_asks_the_user_to_resend() -> None:
    assistant = _StandInAssistant(delay=0.5)
    with _in_process(assistant, wechat_reply_seconds=0.05) as client:
        user = new_openid()
        xml = text_xml(user, GUILIN)
        assert _post(client, xml) == say("slow", "zh-Hans")
        time.sleep(0.7)
        again = _post(client, xml)  # WeChat's retry, after the answer was computed: nothing new
        assert again == "success" and assistant.calls == 1


def test_a_retry_while_the_answer_is_computed_waits_for_it() -> None:
    assistant = _StandInAssistant(delay=0.8)
    with _in_process(assistant, wechat_reply_seconds=3.0) as client:
        xml = text_xml(new_openid(), GUILIN)
        results: list[str] = []
        threads = [threading.Thread(target=lambda: results.append(_post(client, xml))) for _ in range(2)]
        for t in threads:
            t.start()
            time.sleep(0.2)
        for t in threads:
            t.join(timeout=30)
        assert results == [results[0]] * 2 and results[0].startswith("答：") and assistant.calls == 1


def test_a_screen_is_a_numbered_list_a_number_gives_details_and_a_fact_decides_it(peer: WeChatPeer) -> None:
    user = new_openid()
    first = peer.send(text_xml(user, "我爸85歲住喺澳門，有咩可以攞？"))
    assert first.content and first.content.startswith("1. Subsidy for Senior Citizens"), first.content
    assert "需要更多資料" in first.content and "回覆編號" in first.content and _fits(first.content)
    details = peer.send(text_xml(user, "1"))
    assert details.content and "還需知道" in details.content and "永久居民" in details.content
    assert "[1] Subsidy for Senior Citizens" in details.content  # its source, numbered
    assert peer.send(text_xml(user, "9")).content == say("screen_none", "zh-Hant")
    likely = peer.send(text_xml(user, "佢有永久居民身份證"))
    assert likely.content and "1. Subsidy for Senior Citizens（可能符合）" in likely.content
    no = peer.send(text_xml(new_openid(), "我爸85歲住喺澳門，有咩可以攞？"))
    assert no.content
    # a number sent with no screen before is a question like any other, not a benefit's number
    stranger = peer.send(text_xml(new_openid(), "1"))
    assert stranger.content != details.content
