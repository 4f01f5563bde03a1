"""The answer's own words, in the asker's script. Chinese templates are written once in simplified
characters and converted with OpenCC (s2tw for Taiwan, s2hk for Hong Kong wording)."""

from __future__ import annotations

import re
from functools import cache

from assistant.text.script import to_script
from assistant.types import Script

_ZH = {
    "from": "（来源：《{title}》{date}）",
    "date": "，{published}",
    "newer": "这些资料发布时间不同，以较新的资料（{published}）为准。",
    "eligibility_head": "按您提供的情况：",
    "eligibility_rules": "需要符合的条件：",
    "met": "{who}{value}：符合“{required}”的条件 [{n}]。",
    "not met": "{who}{value}：不符合“{required}”的条件 [{n}]。",
    "unknown": "资料要求“{required}” [{n}]，请确认是否符合。",
    "abstain": "抱歉，我们的资料库里没有能回答这个问题的内容，我不想猜测。",
    "abstain_off_topic": "这个问题不在我能回答的范围内。我回答的是养老政策方面的问题：津贴和补贴、养老服务、谁有资格、怎么申请。",
    "abstain_place": "现有资料没有涉及{places}。",
    "abstain_place_weak": "关于{places}的资料没有回答这一点。",
    "places_we_have": "关于这个问题，现有资料涉及的地区有：{places}。",
    "abstain_year": "现有资料没有涉及{years}年的安排。",
    "abstain_kind": "找到的资料没有写明您问的{kind}。",
    "abstain_benefit": "现有资料没有提到“{benefit}”。",
    "suggest": "建议向当地民政部门或社区居委会查询。",
    "suggest_hotline": "可以参考资料中提到的服务电话：",
    "see_also": "相关内容还可参阅：{refs}",
    "quote_original": "（原文：{quote}）",
    "amount": "金额",
    "fee": "收费",
    "age": "年龄",
    "documents": "所需文件",
    "where": "办理地点",
    "who": "负责的机构",
    "consequence": "后果",
    "area": "面积",
    "limit": "收入或资产上限",
    "storey": "楼层",
    "web": "网址",
    "year": "年份",
    "hours": "时数",
    "clock": "开放时间",
    "phone": "电话",
    "duration": "时长",
    "ratio": "比例",
    "count": "数目",
    "date_kind": "日期",
    "verdict_yes": "按您说的情况，可以。",
    "verdict_yes_rule": "按资料，可以。",
    "verdict_yes_verb": "按您说的情况，{verb}。",
    "verdict_yes_rule_verb": "按资料，{verb}。",
    "verdict_no_verb": "按资料，{verb}。",
    "verdict_free_yes": "按您说的情况，可以免费。",
    "verdict_free_no": "按您说的情况，不是免费，但有优惠。",
    "verdict_pay_yes": "按您说的情况，不用付费（免费）。",
    "verdict_pay_no": "按您说的情况，要付费，但有优惠。",
    "verdict_full_yes": "按您说的情况，不用付全费（有优惠）。",
    "verdict_full_no": "按您说的情况，要付全费。",
    "verdict_free_none": "按您说的情况，不是免费（您说的年龄不在免费或优惠的范围内）。",
    "verdict_pay_none": "按您说的情况，要付费（您说的年龄不在免费或优惠的范围内）。",
    "verdict_full_none": "按您说的情况，要付全费（您说的年龄不在免费或优惠的范围内）。",
    "verdict_no": "按资料，不可以（不符合条件）。",
    "verdict_safe": "按资料，不会：规定不允许这样做。",
    "verdict_duty": "按资料，不可以：规定要这样做。",
    "verdict_depends": "要看具体情况：请告诉我{facts}。",
    "verdict_depends_rules": "要看具体情况，请对照下面资料的条件。",
    "fact_age": "年龄",
    "fact_residence": "住在哪里（户籍或居住地）",
    "fact_status": "户籍或居民身份（是否本地户籍、永久居民）",
    "fact_means": "收入和存款",
    "fact_care": "身体和照顾需要",
    "fact_income": "每年的收入",
    "fact_assets": "存款和财产",
    "fact_years": "缴费（参保）或居住的年数",
    "fact_born": "出生年份",
    "fact_citizen": "入籍年份",
    "fact_exclusion": "是否已经领取其他津贴",
    "fact_cared": "是否已经请了看护或住在养老机构",
    "who_father": "您父亲",
    "who_mother": "您母亲",
    "who_grandparent": "您家老人",
    "who_spouse": "您的老伴",
    "who_parent": "您家老人",
    "who_self": "您",
    "who_": "年龄",
    "age_unit": "岁",
    # the WeChat channel's own messages
    "wechat_more": "回复“更多”查看其余内容",
    "wechat_sources": "来源：",
    "wechat_text_only": "抱歉，我目前只能阅读文字消息。请用文字发送您的问题，例如：广州养老金领取资格认证怎么做？",
    "wechat_rate_limited": "您发送得有点快，请稍等一分钟再提问。谢谢您的耐心！",
    "wechat_no_more": "这个回答已经全部发送了。欢迎继续提问。",
    "wechat_screen_pick": "回复编号（例如 1）查看该项福利的条件、申请方法和出处。",
    "wechat_screen_none": "没有这个编号。请回复上面列出的编号。",
    "wechat_too_long": "您的问题太长了，请缩短后再发送。",
    "wechat_empty": "请用文字发送您的问题。",
    "wechat_starting": "服务正在启动，请一分钟后再提问。",
    "wechat_error": "抱歉，暂时无法回答，请稍后再试。",
    "wechat_slow": "这个问题需要多一点时间，请稍后再发送一次。",
    "wechat_welcome": "您好，欢迎关注！我是养老政策小助手，可以用简体、繁體或 English 回答养老服务、长者福利和养老金方面的问题，并注明资料来源。\n\n您可以这样问：\n1. 桂林90岁以上老人有什么居家服务？\n2. 我妈妈64岁，住在香港，可以申请长者咭吗？\n3. 广州养老金领取资格认证怎么做？\n\n回答较长时，回复“更多”查看其余内容。",
}
_EN = {
    "from": "(Source: “{title}”{date})",
    "date": ", {published}",
    "newer": "These sources were published at different times; the newer one ({published}) takes precedence.",
    "eligibility_head": "From what you told me:",
    "eligibility_rules": "Conditions to check:",
    "met": "{who} {value}: meets “{required}” [{n}].",
    "not met": "{who} {value}: does not meet “{required}” [{n}].",
    "unknown": "The source requires “{required}” [{n}]; please check this applies.",
    "abstain": "Sorry, our documents do not answer this question, and I will not guess.",
    "abstain_off_topic": "That is outside what I can answer. I answer questions on elder-care policy: allowances and subsidies, care services, who qualifies and how to apply.",
    "abstain_place": "They do not cover {places}.",
    "abstain_place_weak": "The documents on {places} do not answer this.",
    "places_we_have": "On this topic they cover: {places}.",
    "abstain_year": "They do not cover {years}.",
    "abstain_kind": "The documents found do not state the {kind} you asked about.",
    "abstain_benefit": "They do not mention “{benefit}”.",
    "suggest": "Please ask your local civil affairs or social welfare office.",
    "suggest_hotline": "A service line named in our documents:",
    "see_also": "More on this in: {refs}",
    "quote_original": "",
    "amount": "amount",
    "fee": "fee",
    "age": "age",
    "documents": "documents to bring",
    "where": "place to apply",
    "who": "body in charge",
    "consequence": "what follows",
    "area": "floor area",
    "limit": "income or asset limit",
    "storey": "floor",
    "web": "web address",
    "year": "year",
    "hours": "number of hours",
    "clock": "opening hours",
    "phone": "phone number",
    "duration": "length of time",
    "ratio": "percentage",
    "count": "number",
    "date_kind": "date",
    "verdict_yes": "From what you told me: yes.",
    "verdict_yes_rule": "According to the documents: yes.",
    "verdict_yes_verb": "From what you told me: yes.",
    "verdict_yes_rule_verb": "According to the documents: yes.",
    "verdict_no_verb": "According to the documents: no.",
    "verdict_free_yes": "From what you told me: yes, it is free.",
    "verdict_free_no": "From what you told me: not free, but at a reduced price.",
    "verdict_pay_yes": "From what you told me: no, there is nothing to pay (it is free).",
    "verdict_pay_no": "From what you told me: yes, but at a reduced price.",
    "verdict_full_yes": "From what you told me: no, not the full price (there is a reduction).",
    "verdict_full_no": "From what you told me: yes, the full price.",
    "verdict_free_none": "From what you told me: no, it is not free (the age you gave is in no free or reduced tier).",
    "verdict_pay_none": "From what you told me: yes, you pay (the age you gave is in no free or reduced tier).",
    "verdict_full_none": "From what you told me: yes, the full price (the age you gave is in no free or reduced tier).",
    "verdict_no": "According to the documents: no, this does not qualify.",
    "verdict_safe": "According to the documents: no, the rules do not allow that.",
    "verdict_duty": "According to the documents: no, the rules require it.",
    "verdict_depends": "It depends: please tell me {facts}.",
    "verdict_depends_rules": "It depends: please check the conditions below.",
    "fact_age": "the age",
    "fact_residence": "where the person lives (household registration or residence)",
    "fact_status": "the residence status (local household registration, permanent residence)",
    "fact_means": "income and savings",
    "fact_care": "health and care needs",
    "fact_income": "the yearly income",
    "fact_assets": "savings and property",
    "fact_years": "the years of contribution (or of residence)",
    "fact_born": "the year of birth",
    "fact_citizen": "the year of citizenship",
    "fact_exclusion": "whether another benefit is already received",
    "fact_cared": "whether a carer is already hired or the person lives in a care home",
    "who_father": "Your father is",
    "who_mother": "Your mother is",
    "who_grandparent": "Your relative is",
    "who_spouse": "Your spouse is",
    "who_parent": "Your parent is",
    "who_self": "You are",
    "who_": "Age",
    "age_unit": "",
    "wechat_more": "Reply 'more' for the rest.",
    "wechat_sources": "Sources:",
    "wechat_text_only": "Sorry, I can only read text messages. Please send your question as text, for example: How do I apply for a Senior Citizen Card in Hong Kong?",
    "wechat_rate_limited": "You are sending messages a little fast. Please wait a minute and ask again. Thank you!",
    "wechat_no_more": "That was the whole answer. Feel free to ask another question.",
    "wechat_screen_pick": "Reply with a number (e.g. 1) for that benefit's conditions, how to apply and sources.",
    "wechat_screen_none": "There is no such number. Please reply with one of the numbers listed above.",
    "wechat_too_long": "Your question is too long; please shorten it and send it again.",
    "wechat_empty": "Please send your question as text.",
    "wechat_starting": "The service is starting; please ask again in a minute.",
    "wechat_error": "Sorry, I cannot answer right now; please try again later.",
    "wechat_slow": "This question needs a little more time; please send it again shortly.",
    "wechat_welcome": "Hello, and welcome! I answer questions on elder-care services, benefits for older people and pensions, in 简体, 繁體 or English, and say where each answer comes from.\n\nYou can ask, for example:\n1. What home care services are there for people over 90 in Guilin?\n2. My mother is 64 and lives in Hong Kong. Can she apply for a Senior Citizen Card?\n3. How do I do the Guangzhou pension qualification certification?\n\nWhen an answer is long, reply 'more' for the rest.",
}


def phrase(key: str, lang: Script, flavour: str = "", **values: object) -> str:
    if lang == "en":
        return _EN[key].format(**values)
    template = _ZH[key]
    # Templates are written in simplified characters (a traditional word in one is meant: '繁體'), so only
    # traditional is converted; the template alone, then filled: values (titles, quotes) stay as published.
    if lang == "zh-Hant":
        template = to_script(template, lang, flavour)
    return template.format(**values)


# Lines in the assistant's own words that are not quoted statements: the verdict, the checklist, the
# note on dates. A reader-side figure (FORMATS.md section 3) counts statements only.
_OWN_LINES = (
    "from",
    "verdict_yes",
    "verdict_yes_rule",
    "verdict_yes_verb",
    "verdict_yes_rule_verb",
    "verdict_no_verb",
    "verdict_free_yes",
    "verdict_free_no",
    "verdict_pay_yes",
    "verdict_pay_no",
    "verdict_full_yes",
    "verdict_full_no",
    "verdict_free_none",
    "verdict_pay_none",
    "verdict_full_none",
    "verdict_no",
    "verdict_safe",
    "verdict_duty",
    "verdict_depends",
    "verdict_depends_rules",
    "eligibility_head",
    "eligibility_rules",
    "met",
    "not met",
    "unknown",
    "newer",
    "see_also",
)


def _literal_parts(template: str) -> list[str]:
    """A template's fixed text between its {placeholders}, parts of two characters or more."""
    return [part.strip() for part in re.split(r"\{[^}]*\}", template) if len(part.strip()) >= 2]


@cache
def _own_line_shapes() -> tuple[tuple[str, ...], ...]:
    shapes = []
    for key in _OWN_LINES:
        shapes.append(tuple(_literal_parts(_EN[key])))
        for lang, flavour in (("zh-Hans", ""), ("zh-Hant", ""), ("zh-Hant", "hk"), ("zh-Hant", "tw")):
            shapes.append(tuple(_literal_parts(to_script(_ZH[key], lang, flavour))))  # type: ignore[arg-type]
    return tuple(dict.fromkeys(shape for shape in shapes if shape))


def is_own_line(line: str) -> bool:
    """Whether a line of an answer is one of the assistant's own (verdict, checklist, dates) rather than a
    quoted statement: it holds every fixed part of one of those templates, in order."""
    line = line.strip()
    for shape in _own_line_shapes():
        at = 0
        for part in shape:
            at = line.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            return True
    return False
