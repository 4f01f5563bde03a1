"""No 5xx from the answer path: every kind of answer a question can ask for (assistant.answer.checks), in
each script, on the answering and the abstaining path, sent to a real uvicorn server on 127.0.0.1 through
POST /api/ask and as signed WeChat text messages through POST /wechat.

The answers' content is not checked here (it is tested in tests/answer/); only that every question gets an
answer or an abstention rather than a server error."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.server.wechat import say
from assistant.text.kinds import KINDS as ANSWER_KINDS
from assistant.text.kinds import asked_kind
from assistant.types import SCRIPTS, Script
from tests.wechat_support import Server, WeChatPeer, new_openid, text_xml, wechat_server

TOKEN = "eldercare-answer-kinds-token"
KINDS: tuple[str | None, ...] = (*ANSWER_KINDS, None)  # None: no particular kind of answer asked for
PATHS = ("answering", "abstaining")

# (kind, script, path) -> questions. Answering: something kb/documents states. Abstaining: the same kind
# asked about a place or a thing the documents do not cover (London, Tokyo, a pet subsidy, how long a Hong
# Kong voucher takes). The zh-Hant rows are partly Cantonese (幾多個鐘, 係咩, 幾耐, 嘅).
TEMPLATES: dict[tuple[str | None, Script, str], tuple[str, ...]] = {
    ("clock", "zh-Hans", "answering"): ("台湾老人福利机构所说的日间，从早上几点开始算？",),
    ("clock", "zh-Hant", "answering"): ("台灣嘅老人福利機構，日間係指幾點至幾點？",),
    ("clock", "en", "answering"): ("What time does the daytime shift begin in Taiwan's care homes?",),
    ("clock", "zh-Hans", "abstaining"): ("伦敦的老年活动中心几点开门？",),
    ("clock", "zh-Hant", "abstaining"): ("東京嘅長者中心幾點開門？",),
    ("clock", "en", "abstaining"): ("What are the opening hours of the London senior centre?",),
    ("hours", "zh-Hans", "answering"): ("桂林90岁以上老人每月有几个小时的入户服务？",),
    ("hours", "zh-Hant", "answering"): ("桂林90歲以上老人每月有幾個小時的入戶服務？",),
    ("hours", "en", "answering"): ("How many hours of home care a month do people over 90 in Guilin get?",),
    ("hours", "zh-Hans", "abstaining"): ("伦敦老人每月有几个小时的居家护理服务？",),
    ("hours", "zh-Hant", "abstaining"): ("東京長者每個月有幾多個鐘嘅上門服務？",),
    ("hours", "en", "abstaining"): ("How many hours of home care does Tokyo give people over 90?",),
    ("phone", "zh-Hans", "answering"): ("云浮12349养老服务热线的电话号码是什么？",),
    ("phone", "zh-Hant", "answering"): ("雲浮居家養老服務熱線電話是多少？",),
    ("phone", "en", "answering"): ("What is the Yunfu 12349 home care hotline number?",),
    ("phone", "zh-Hans", "abstaining"): ("伦敦养老服务热线的电话号码是什么？",),
    ("phone", "zh-Hant", "abstaining"): ("東京長者熱線電話號碼係咩？",),
    ("phone", "en", "abstaining"): ("What is the phone number of the London pet subsidy office?",),
    ("amount", "zh-Hans", "answering"): (
        "台湾老年农民福利津贴每月发多少钱？",
        "香港长者医疗券每年有多少钱？",
    ),
    ("amount", "zh-Hant", "answering"): ("台灣老農津貼每個月有幾多錢？", "香港長者醫療券每年有多少錢？"),
    ("amount", "en", "answering"): (
        "How much is the Taiwan elderly farmers allowance each month?",
        "What is the yearly amount of the Hong Kong Elderly Health Care Voucher?",
    ),
    ("amount", "zh-Hans", "abstaining"): ("伦敦老人养宠物补贴有多少钱？",),
    ("amount", "zh-Hant", "abstaining"): ("東京長者養寵物津貼有幾多錢？",),
    ("amount", "en", "abstaining"): ("How much is the pet subsidy for elderly people in London?",),
    ("ratio", "zh-Hans", "answering"): ("台湾老人福利机构照顾服务员的配置比例是多少？",),
    ("ratio", "zh-Hant", "answering"): ("台灣失智症日間照顧中心照顧服務員同長者嘅比例係幾多？",),
    ("ratio", "en", "answering"): ("What is the staff ratio in Taiwan's dementia day care centres?",),
    ("ratio", "zh-Hans", "abstaining"): ("伦敦养老院护工和老人的比例是多少？",),
    ("ratio", "zh-Hant", "abstaining"): ("東京安老院護理員同長者嘅比例係幾多？",),
    ("ratio", "en", "abstaining"): ("What percentage of the London pet subsidy does the council pay?",),
    ("duration", "zh-Hans", "answering"): ("广州老年人优待卡有效期多长？",),
    ("duration", "zh-Hant", "answering"): ("廣州長者優待卡有效期係幾耐？",),
    ("duration", "en", "answering"): ("How long is the Guangzhou senior concession card valid?",),
    ("duration", "zh-Hans", "abstaining"): (
        "香港长者住院舍券要等多久才能拿到？",
        "香港长者医疗券要等多久才能用？",
    ),
    ("duration", "zh-Hant", "abstaining"): (
        "香港長者醫療券要等幾耐先可以用？",
        "東京長者寵物津貼要等幾耐先批？",
    ),
    ("duration", "en", "abstaining"): (
        "How many days does the Macao senior citizens subsidy take to be paid?",
        "How long does the London pet subsidy take to be approved?",
    ),
    ("date", "zh-Hans", "answering"): ("北京市居家养老服务条例什么时候开始施行？",),
    ("date", "zh-Hant", "answering"): ("北京市居家養老服務條例什麼時候開始施行？",),
    ("date", "en", "answering"): ("When did the Beijing home care regulation take effect?",),
    ("date", "zh-Hans", "abstaining"): ("伦敦老人宠物补贴什么时候截止申请？",),
    ("date", "zh-Hant", "abstaining"): ("東京長者寵物津貼幾時截止申請？",),
    ("date", "en", "abstaining"): ("When is the deadline for the London pet subsidy?",),
    ("fee", "zh-Hans", "answering"): ("办广州老年人优待卡要不要交钱？",),
    ("fee", "zh-Hant", "answering"): ("喺香港攞長者咭要唔要俾錢？",),
    ("fee", "en", "answering"): ("Is the Hong Kong Senior Citizen Card free?",),
    ("fee", "zh-Hans", "abstaining"): ("伦敦老人给宠物看病要不要交钱？",),
    ("fee", "zh-Hant", "abstaining"): ("東京長者養寵物收唔收錢？",),
    ("fee", "en", "abstaining"): ("Do I have to pay for the London pet subsidy form?",),
    ("age", "zh-Hans", "answering"): ("香港长者咭要几岁才能申请？",),
    ("age", "zh-Hant", "answering"): ("澳門敬老金要幾多歲先可以攞？",),
    ("age", "en", "answering"): ("What age do you have to be for the Hong Kong Senior Citizen Card?",),
    ("age", "zh-Hans", "abstaining"): ("伦敦老人领宠物补贴要几岁？",),
    ("age", "zh-Hant", "abstaining"): ("東京長者寵物津貼要幾多歲先可以申請？",),
    ("age", "en", "abstaining"): ("How old must you be for the London pet subsidy?",),
    ("documents", "zh-Hans", "answering"): ("办广州老年人优待卡需要带什么证件？",),
    ("documents", "zh-Hant", "answering"): ("澳門敬老金要帶甚麼證件去申請？",),
    ("documents", "en", "answering"): (
        "What documents should I send with a Senior Citizen Card application?",
    ),
    ("documents", "zh-Hans", "abstaining"): ("伦敦老人申请宠物补贴要准备哪些材料？",),
    ("documents", "zh-Hant", "abstaining"): ("東京長者申請寵物津貼要交咩文件？",),
    ("documents", "en", "abstaining"): ("Which documents are needed for the London pet subsidy?",),
    ("year", "zh-Hans", "answering"): ("澳门敬老金最早是哪年发放的？",),
    ("year", "zh-Hant", "answering"): ("澳門敬老金係邊一年開始發嘅？",),
    ("year", "en", "answering"): ("In what year did Macao start the Subsidy for Senior Citizens?",),
    ("year", "zh-Hans", "abstaining"): ("伦敦的宠物补贴是哪一年开始的？",),
    ("year", "zh-Hant", "abstaining"): ("東京寵物津貼係邊一年開始？",),
    ("year", "en", "abstaining"): ("In what year did London start its pet subsidy?",),
    ("where", "zh-Hans", "answering"): ("广州老年人优待卡去哪里办理？",),
    ("where", "zh-Hant", "answering"): ("澳門敬老金申請表應該郵寄到邊度？",),
    ("where", "en", "answering"): ("Where do I send the Guangdong Scheme application form?",),
    ("where", "zh-Hans", "abstaining"): ("伦敦老人的宠物补贴去哪里申请？",),
    ("where", "zh-Hant", "abstaining"): ("東京長者寵物津貼去邊度申請？",),
    ("where", "en", "abstaining"): ("Where do I apply for the London pet subsidy?",),
    ("count", "zh-Hans", "answering"): ("桂林建了多少个基层老年协会？",),
    ("count", "zh-Hant", "answering"): ("桂林新建咗幾多間日間照料中心？",),
    ("count", "en", "answering"): ("How many elderly day care centres has Guilin built?",),
    ("count", "zh-Hans", "abstaining"): ("伦敦一共有多少家养宠物的养老院？",),
    ("count", "zh-Hant", "abstaining"): ("東京有幾多間安老院？",),
    ("count", "en", "abstaining"): ("How many nursing homes are there in Tokyo?",),
    ("web", "zh-Hans", "answering"): ("香港长者咭的申请表格在哪个网站下载？",),
    ("web", "zh-Hant", "answering"): ("廣東計劃嘅網址係咩？",),
    ("web", "en", "answering"): ("What is the website for the Guangdong Scheme?",),
    ("web", "zh-Hans", "abstaining"): ("伦敦宠物补贴的网址是什么？",),
    ("web", "zh-Hant", "abstaining"): ("東京寵物津貼嘅網址係咩？",),
    ("web", "en", "abstaining"): ("What is the web address of the London pet subsidy?",),
    ("who", "zh-Hans", "answering"): ("北京的居家养老服务由哪个部门负责？",),
    ("who", "zh-Hant", "answering"): ("台灣老人保護通報由哪個機關負責處理？",),
    ("who", "en", "answering"): ("Which department is responsible for the Guangzhou concession card?",),
    ("who", "zh-Hans", "abstaining"): ("伦敦的宠物补贴由哪个部门负责？",),
    ("who", "zh-Hant", "abstaining"): ("東京長者寵物津貼由邊個部門負責？",),
    ("who", "en", "abstaining"): ("Who runs the London pet subsidy?",),
    ("limit", "zh-Hans", "answering"): ("台湾老农津贴对土地和房屋的价值有什么上限？财产限额是多少？",),
    ("limit", "zh-Hant", "answering"): ("申請台灣老農津貼，收入上限係點？",),
    ("limit", "en", "answering"): ("What income limit does Taiwan set for the elderly farmers' allowance?",),
    ("limit", "zh-Hans", "abstaining"): ("伦敦宠物补贴的收入上限是多少？",),
    ("limit", "zh-Hant", "abstaining"): ("東京長者寵物津貼嘅資產限額係點？",),
    ("limit", "en", "abstaining"): ("What is the asset limit for the London pet subsidy?",),
    ("area", "zh-Hans", "answering"): ("台湾养护型机构的寝室每人需要几平方公尺？",),
    ("area", "zh-Hant", "answering"): ("台灣失智照顧型機構每位住民要有幾多平方公尺？",),
    ("area", "en", "answering"): ("What floor area must each resident of a Taiwan care home have?",),
    ("area", "zh-Hans", "abstaining"): ("伦敦养老院每人要有几平方米？",),
    ("area", "zh-Hant", "abstaining"): ("東京安老院每位長者有幾多平方米？",),
    ("area", "en", "abstaining"): ("What floor space per resident do London care homes need?",),
    ("storey", "zh-Hans", "answering"): ("台湾的老人福利机构可以设在几楼？",),
    ("storey", "zh-Hant", "answering"): ("台灣新設嘅老人福利機構可以起喺幾樓？",),
    ("storey", "en", "answering"): ("Which floor may a new Taiwan elderly welfare institution be on?",),
    ("storey", "zh-Hans", "abstaining"): ("伦敦的老人中心在几楼？",),
    ("storey", "zh-Hant", "abstaining"): ("東京長者中心喺幾樓？",),
    ("storey", "en", "abstaining"): ("Which floor is the London senior centre on?",),
    ("consequence", "zh-Hans", "answering"): ("广州老年人优待卡过期了没有续期会怎样？",),
    ("consequence", "zh-Hant", "answering"): ("台灣老農津貼領多咗會點？",),
    ("consequence", "en", "answering"): ("What happens if someone uses a fake Guangzhou concession card?",),
    ("consequence", "zh-Hans", "abstaining"): ("伦敦的宠物补贴领多了会怎样？",),
    ("consequence", "zh-Hant", "abstaining"): ("東京長者寵物津貼過咗期會點？",),
    ("consequence", "en", "abstaining"): ("What happens if the London pet subsidy is not renewed?",),
    (None, "zh-Hans", "answering"): ("桂林90岁以上老人有什么居家服务？",),
    (None, "zh-Hant", "answering"): ("我父親92歲，住在桂林，可以得到什麼居家服務？",),
    (None, "en", "answering"): ("How do I apply for the Senior Citizen Card in Hong Kong?",),
    (None, "zh-Hans", "abstaining"): ("伦敦有没有给养宠物老人的补贴？",),
    (None, "zh-Hant", "abstaining"): ("東京有冇俾長者養寵物嘅資助？",),
    (None, "en", "abstaining"): ("Is there a pet subsidy for elderly people in London?",),
}


@dataclass(frozen=True)
class Case:
    kind: str | None
    script: Script
    path: str
    question: str
    n: int  # its place among the questions of its (kind, script, path)

    @property
    def id(self) -> str:
        return f"{self.kind or 'none'}-{self.script}-{self.path}-{self.n}"


CASES = [Case(*key, q, n) for key, questions in TEMPLATES.items() for n, q in enumerate(questions, start=1)]
ERROR_REPLIES = {say("error", script) for script in SCRIPTS}
FAILED = "the assistant failed"  # what the WeChat channel logs when an answer raised


# ---- the matrix itself ----------------------------------------------------------------------------------
def test_the_matrix_covers_every_kind_script_and_path() -> None:
    assert set(TEMPLATES) == set(itertools.product(KINDS, SCRIPTS, PATHS))
    assert all(TEMPLATES.values())
    assert len({case.question for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_question_asks_for_the_kind_it_was_written_for(case: Case) -> None:
    assert asked_kind(case.question) == case.kind


# ---- the server -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for both channels: /api/ask, and /wechat in plain mode with a reply window long enough
    for every answer to come back passively. No app ID or secret: the server never calls WeChat's API."""
    env = {
        "ELDERCARE_ASK_RATE_PER_MINUTE": "100000",
        "ELDERCARE_WECHAT_TOKEN": TOKEN,
        "ELDERCARE_WECHAT_REPLY_SECONDS": "30",
        "ELDERCARE_WECHAT_RATE_PER_MINUTE": "100000",
        "ELDERCARE_LOG_QUESTIONS": "false",
    }
    log = tmp_path_factory.mktemp("answer-kinds") / "server.log"
    with wechat_server(real_index, env, log) as running:
        yield running


@pytest.fixture(scope="module")
def peer(server: Server) -> Iterator[WeChatPeer]:
    p = WeChatPeer(server.base, TOKEN)
    yield p
    p.close()


def _log_since(server: Server, offset: int) -> str:
    return server.log_text()[offset:]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_api_ask_answers_or_abstains_never_5xx(server: Server, case: Case) -> None:
    start = len(server.log_text())
    response = httpx.post(f"{server.base}/api/ask", json={"question": case.question}, timeout=60)
    assert response.status_code == 200, f"{response.status_code} {response.text}\n{_log_since(server, start)}"
    body = response.json()
    assert isinstance(body["answered"], bool)
    assert isinstance(body["answer"], str) and body["answer"].strip()
    assert isinstance(body["citations"], list)
    assert body["lang"] == case.script


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_wechat_replies_never_an_error(server: Server, peer: WeChatPeer, case: Case) -> None:
    # A fresh OpenID per question: no session, profile or script carried over from another case.
    start = len(server.log_text())
    reply = peer.send(text_xml(new_openid(), case.question))
    log = _log_since(server, start)
    assert reply.status == 200, f"{reply.status} {reply.body}\n{log}"
    assert reply.content and reply.content.strip(), f"no passive reply: {reply.body!r}\n{log}"
    # The channel turns an exception into its apology with a 200: the log says which exception it was.
    assert reply.content not in ERROR_REPLIES and FAILED not in log, log
