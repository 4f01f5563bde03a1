"""What kind of answer a question asks for, and whether a text states one: an amount of money, hours, a
phone line, a ratio, a length of time (how often, how long since), a date, the day a rule takes effect, a
count of people, beds or places; the policy years a question asks about. Language facts (numerals, units,
currencies, dates), read the same way from questions (by `understand`) and from passages (by the answer
stage)."""

from __future__ import annotations

import re

from assistant.text.limits import money
from assistant.text.numbers import CN_NUMERALS, arabic_numerals
from assistant.text.script import to_simplified

_CN = CN_NUMERALS
_EN_NUMBERS = r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
# A sum of money, as a passage states one: what the amount and fee kinds both read.
_STATES_AMOUNT = (
    rf"(\d[\d,.]*|[{_CN}]+)\s*(万|千)?\s*(元|块|蚊|圆)|(HK|NT|US|S|MOP)?\$\s*\d|\d[\d,.]*\s*(dollars|patacas|yuan)|"
    rf"新台币\s*[\d{_CN}]|(MOP|HKD|RMB|NTD|SGD)\s*\d"
)
# A paper one brings or hands in, named: an identity card, a photocopy, a photo, a bank book, a form
# ('《…待遇申报表》'). The answer kind 'documents' and the card reader's list of papers both read it.
PAPER = re.compile(
    r"identity card|\bID card|photocop|\bcopy of|certificate|passbook|saving book|bank (?:book|statement)|"
    r"photos?\b|application form|身份证|户口簿|复印件|影本|影印|照片|相片|存折|[之的]证明|证明(?:文件|材料|书)|申请表|申请书|社会保障卡|证件|"
    r"《[^》]{2,40}(?:表|书|证)》",
    re.I,
)

# Papers named as what one hands in, brings or shows ('提交健康证明及其他文件', 'produce one of these
# valid identity documents'), not policy papers a page cites ('出台…等文件').
_HANDED_IN = (
    r"(提交|递交|携带|带备|带齐|出示|提供|检附|附上|附具|交验|备齐|准备)[^。；;]{0,16}(证明|文件|材料|证件|银行卡)|"
    r"(所需|需要的|申请|证明)(材料|文件)|"
    r"\b(produce|submit|bring|show|enclose|provide|present|attach)\b[^.;]{0,60}\b(documents?|papers|proof|ID|photos?)\b|"
    r"\b(identity|identification|supporting|required|relevant) documents?\b|\bdocuments? (required|needed)\b|"
    r"\bbank account\b"
)

# Points a card carries, asked ('每个月有几点', '点数有多少', 'how many points') and stated ('480点',
# '1000 points'): an amount a question on points asks, and no other question does.
_POINTS_ASKED = (
    r"多少点(?!钟)|几多点(?!钟)|点数(?:有|是)?(?:多少|几多)|(?:每|一)个?月(?:有)?几点(?!钟)|"
    r"how many points|\bpoints? (?:a|per|each|every) (?:month|year)"
)
_STATES_POINTS = re.compile(r"\d[\d,]*\s*(?:点(?!钟)|points?\b)", re.I)


def asks_points(question: str) -> bool:
    return bool(re.search(_POINTS_ASKED, to_simplified(question), re.I))


def states_points(text: str) -> bool:
    return bool(_STATES_POINTS.search(to_simplified(text)))


# How many times a period ('一年给几回', 'how many times a year'): how often.
_TIMES_A_PERIOD = (
    r"(?:一年|每年|一个月|每月|每个月|一周|每周|每星期)\S{0,6}?(?:几回|几次|多少次|多少回)|"
    r"\bhow many times (?:a|per|each) (?:year|month|week)\b"
)
# How old one must be, asked ('几岁', '多大年纪', 'what age'; bare: '多大可以领', '几大先可以攞', not of a size:
# '多大面积'): the kind asked (`asked_kind`), and a question on who qualifies (`asks.asks_rule`).
AGE_ASKED = (
    r"几岁|几多岁|多少岁|多大年纪|\bwhat age\b|\bhow old\b|"
    r"(?:多大|几大)(?:才|就|先|先至)?(?:可以|能够?|会)?(?:领|申请|申领|办|享受|攞|拿|坐|搭|乘|入住|参加)"
)
# Whether one pays, asked yes or no in everyday words ('要钱吗', '要花钱吗', '收钱吗', '要缴费吗', '花不花钱',
# '有没有费用', '是免费的吗'): one pattern, read for the kind asked (`asked_kind`) and for whether a 'no' is
# good news (`asks.fee_asked`). Money one is given ('能领到钱吗') is not asked by it.
PAYING_ASKED = (
    r"(?:要|需要|用|收|交|付|缴|花)[\u4e00-\u9fff]{0,3}?钱[\u4e00-\u9fff]{0,3}?[吗吧嗎么]|"
    r"(?:收|交|付|缴)[\u4e00-\u9fff]{0,3}?费[\u4e00-\u9fff]{0,3}?[吗吧嗎么]|"
    r"(?:花不花|花唔花|交不交|交唔交|付不付|付唔付|缴不缴)(?:钱|费)|"
    r"(?:要不要|要唔要|需不需要|需要)费用|(?:有没有|有冇|有无)(?:费用|收费)|费用[吗吧嗎]"
)
FREE_ASKED = r"免费的?[吗吧嗎]"


_ANSWER_TYPES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    # kind: (how a question asks for it, how a passage states it)
    "amount": (
        re.compile(
            r"多少钱|几多钱|几钱|多少元|多少蚊|几多蚊|几[百千万]块|多少块|几多块|几块钱|金额|补贴标准|补助标准|收费多少|费用多少|多少费用|"
            r"发多少|领多少|拿多少|补多少|(?:补贴|津贴|补助|资助|援助金|养老金|敬老金)(?:是|有|大概|大约|一般){0,2}(?:多少|几多)(?![个人岁年天家间张次名项])|"
            r"罚款|罚多少|租金|房租|月租|几多钱|"
            r"(?:工资|薪酬|薪水|月薪)(?:是|有|大概|大约|一般){0,2}(?:多少|几多)|"
            r"(扣除?|减免|抵扣|抵|报销|缴|付|给)(多少|几多)|"
            # points a card carries ('每个月有几点', 'how many points'), not a time of day
            rf"{_POINTS_ASKED}|"
            # '每月多少？', '每个月有几多？': how much a period, not how many of something
            r"(每|一)个?(月|年|季|周|星期)(有)?(多少|几多)(?![个小时钟次人天日年月岁周份名点张项间床位平方])|"
            r"how much|what amount|the amount of|"
            # ('is there a fee?' asks whether one pays, not how much)
            # ('does it charge a fee?' neither)
            r"amount (?:is|of|do|does|can|will)|payouts?\b|(?<!there a )(?<!there any )(?<!\bin )charges?\b"
            r"(?!\s+(?:a|any)\s+fees?\b)|\brent\b|"
            r"cost|price|(?<!there a )(?<!there any )(?<!charge a )(?<!charge any )fee\b|fines?\b|worth",
            re.I,
        ),
        re.compile(_STATES_AMOUNT, re.I),
    ),
    "ratio": (
        re.compile(
            r"比率|比例|百分之几|百分比|几成|几多成|多少成|percentage|what percent|\bratio\b|\brate\b|"
            r"\b(?:what|which) (?:share|proportion|fraction)\b",
            re.I,
        ),
        re.compile(
            rf"\d[\d.]*\s*(%|％|percent)|百分之[\d{_CN}]+|[{_CN}\d]+\s*成(?![员为年立本功])|"
            # a staffing ratio: '1:6', '每照顾六人应置一人', 'one carer for every six'
            rf"\d+\s*[:：比]\s*\d+|每\S{{0,4}}?[\d{_CN}]+\s*[人名位床]\S{{0,6}}?[\d{_CN}]+\s*[人名位]|"
            r"\b(one|\d+)\s+\w+\s+(for|per|to)\s+(every\s+)?(\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
            re.I,
        ),
    ),
    # Whether one pays at all ('收唔收錢', 'is it free?'): stated by a charge, an amount or 'free'.
    "fee": (
        re.compile(
            r"收唔收钱|收不收钱|收不收费|收唔收费|收费[吗吧嗎]|"
            # how it is charged ('收费标准是什么', '怎么收费'): stated by a charge, or by its being free
            r"(?:收费|价格|价钱|费用|服务费)(?:标准|是多少|是几多|怎么算|点计)|(?:怎么|怎样|如何|点样|点)收费|要不要钱|要唔要钱|使唔使钱|"
            r"(使唔使|要唔要|要不要|需不需要|需要)((俾|畀|给|交|付|缴)(钱|费)|收[\u4e00-\u9fff]{0,3}费)|"
            + PAYING_ASKED
            + "|"
            + FREE_ASKED
            + "|"
            r"是否(免费|收费)|(要|需要|使唔使|用不用|收)门票|\bis (?:it|this|that|the [\w' -]{1,40}?) free\b|"
            r"\b(?:is|are) there (?:a|any) (?:fees?|charges?|costs?)\b|"
            r"\b(?:do|does|will|would) (?:i|we|you|they|he|she|(?:my|her|his|our|the) \w+) (?:have|need) to pay\b|"
            r"\bcost anything\b|\bcost (?:\w+ )?(?:any )?money\b|\bcharge for\b|\bcharges? (?:a |any )?fees?\b",
            re.I,
        ),
        re.compile(
            r"免费|免收|全免|不收|减免|减收|减半收|无需(缴|交|付)费|不需(缴|交|付)费|收费|费用|\bfree\b|no (?:fee|charge)|\bwaive|"
            r"at no cost|\bfees?\b|\bcharges?\b|" + _STATES_AMOUNT,
            re.I,
        ),
    ),
    # The age a rule sets ('幾多歲先可以…', 'what age…'): stated by an age with its unit.
    "age": (
        re.compile(
            AGE_ASKED
            + r"|几周岁|多少周岁|多大岁数|多大年龄|年龄(要求|限制|门槛|条件)|minimum age|age (?:limit|requirement)",
            re.I,
        ),
        re.compile(
            rf"(\d{{2,3}}|[{_CN}]{{1,4}})\s*周?岁|\baged?\s+\d{{2,3}}|\bage of \d{{2,3}}|"
            r"\b\d{2,3}\s+years?\s+(?:old|of age)|\b\d{2,3}\s+(?:or|and)\s+(?:above|over|older)",
            re.I,
        ),
    ),
    # The papers to bring or hand in ('要准备哪些材料', '要交咩文件', 'what documents'): stated by a list
    # of them or a sentence naming them. Lead-only: which sentence leads is the card reader's list.
    "documents": (
        re.compile(
            r"(什么|甚么|哪些|啥|什么样的?)(证明)?(材料|资料|文件|证件|证明|照片|相片|相(?=[？?。]|$))|(材料|资料|文件|证件)(有哪些|是什么)|"
            r"what (?:kind of |sort of )?(?:documents|papers|ID|identification|photos?|photographs?)|which (?:documents|papers)|documents? (?:do|does|are|is|to|should|must|needed|required)|"
            r"(?:need|have) to bring|(?:what|which) .{0,30}\bbring\b",
            re.I,
        ),
        re.compile(PAPER.pattern + "|" + _HANDED_IN, re.I),
    ),
    # Where to apply or hand in ('去哪里申领', '寄去邊度', 'where do we go'): stated by an office, a
    # counter, a centre, an address or a channel (by post, in person, online), not by an authority alone
    # ('向社会福利署申请' names who decides, not where to go). Lead-only: the rule quoted answers even
    # when it names no office.
    "where": (
        re.compile(
            r"(哪里|哪儿|何处|什么地方|(去|在|到|向|寄|交)哪(?!些|个|一|种|类|位)|哪个(窗口|网点|地方|中心|办事处))"
            r"[^？?。，,]{0,6}(申请|申领|办理|办|领|寄|交|递|报名|登记|续期|补办|认证|投诉|咨询|问)|"
            r"(申请|申领|办理|领取|寄|交|递交|报名|登记|续期|补办|认证|投诉|咨询)[^？?。，,]{0,6}"
            r"(哪里|哪儿|何处|什么地方|边度|哪(?!些|个|一|种|类|位))|"
            r"\bwhere\b.{0,40}\b(apply|applying|application|submit|hand|send|post|mail|register|renew|collect|"
            r"claim|go|get (?:it|one|the)|report|ask|enquire|make|sign up|enrol|enroll|join|book)\b",
            re.I,
        ),
        re.compile(
            r"(到|向|前往|去|于|在|通过|经|寄(往|至|到|交)?|递交|交到|送交|交至|携带)[^。；;]{0,30}?"
            r"(中心|窗口|网点|办事处|公所|服务站|服务点|平台|网站|柜台|信箱|大厅|营业厅|银行|居委会|村委会|"
            r"街道办|乡镇|小程序|APP|App)[^。；;]{0,24}?(申请|申领|办理|提交|递交|提出|报名|登记|咨询|认证|领取|续期|补办|办)|"
            r"地址|网址|邮寄|(线上|网上|现场)(申请|申领|办理|提交|递交)|"
            r"\b(at|to|in|from|through|via)\b[^.;]{0,60}?\b(offices?|cent(re|er)s?|units?|counters?|branch(es)?|"
            r"post offices?|P\.?\s?O\.?\s?Box|website|app|portal|locations?|points?)\b|"
            r"\baddress(ed)?\b|\bby (post|mail)\b|\bin person\b|\bonline\b",
            re.I,
        ),
    ),
    # Who runs or handles something ('由哪个部门负责', 'who runs the service?'): stated by the body that
    # runs, handles or is in charge of it ('交由…承办', 'operated by', 'responsible for').
    "who": (
        re.compile(
            r"(?:哪个|哪一个|哪一|什么)(?:部门|单位|机构|机关|组织|团体|政府)|谁(?:负责|承办|营办|运营|营运|管|主管|提供|办)|"
            r"由谁|\bwho (?:runs|operates|manages|administers|handles|provides|is (?:in charge|responsible))\b|"
            r"\bwhich (?:department|agency|body|organi[sz]ation|authority|bureau|government|office)\b",
            re.I,
        ),
        re.compile(
            r"负责|承办|营办|运营|营运|主管|组织实施|\b(?:run|operated|managed|administered|handled|provided) by\b|"
            r"\bresponsible for\b|\bin charge of\b",
            re.I,
        ),
    ),
    # What follows from something ('过期没续会怎样', 'what happens if…'): stated by what is stopped, locked,
    # taken back or fined ('优待功能将于…次月中止', 'the card will be locked').
    "consequence": (
        re.compile(
            r"(?:会|会被)(?:怎样|怎么样|点|如何)(?:处理)?(?=\s*(?:呢|啊|吖)?\s*(?:[？?。，,]|$))|后果|怎么处理|点处理|如何处理|"
            r"\bwhat (?:happens|will happen|would happen)\b|\bwhat are the consequences\b",
            re.I,
        ),
        re.compile(
            r"中止|终止|停止|暂停|停发|取消|收回|注销|锁卡|罚款|处以|追回|退回|失效|作废|"
            r"\b(?:suspend|cancel|revok|lock|fine[ds]?\b|invalid|lapse|forfeit|stopp?ed|withdrawn)",
            re.I,
        ),
    ),
    # The ceiling on income or wealth a benefit sets ('收入上限', '资产限额', 'what income limit'): stated by a
    # sum, a share or a multiple said of income or wealth ('合计新台币五百万元以上', '175% of the median').
    "limit": (
        re.compile(
            r"(?:收入|所得|资产|财产|存款|积蓄|入息)\s*(?:上限|限额|限制|门槛)|"
            r"(?:收入|所得|资产|财产|存款|积蓄|入息)[^，,。？?]{0,6}(?:不能|不可以|唔可以|不得)?(?:超过|高过|多过)(?:多少|几多)|"
            r"\b(?:income|asset|assets|savings|wealth|property)[- ](?:limits?|ceilings?|caps?|thresholds?)\b",
            re.I,
        ),
        re.compile(
            rf"(?:收入|所得|资产|财产|存款|土地|房屋|入息|income|assets?|savings|property)[^。；;]{{0,80}}?"
            rf"(?:\d[\d,.]*\s*(?:%|％|元|万|倍)|\$\s*\d|百分之|[{_CN}]+(?:万)?元|[{_CN}]+倍|\d+\s*percent)|"
            rf"(?:\d[\d,.]*\s*(?:%|％|元|万)|\$\s*\d[\d,]*)[^。；;]{{0,40}}?(?:收入|所得|资产|财产|income|assets?)",
            re.I,
        ),
    ),
    # How much floor space ('每位住民应有几平方公尺', 'how much space per resident'): stated by an area.
    "area": (
        re.compile(
            r"面积|多少平方|几多平方|几平方|\bhow (?:much|big|large)\b[^?]{0,30}\b(?:space|area|room)\b|"
            r"\bfloor (?:area|space)\b|\bsquare (?:met(?:re|er)s|feet)\b",
            re.I,
        ),
        re.compile(
            rf"[\d{_CN}]+\s*(?:平方公尺|平方米|平方尺|平米|㎡)|\d[\d,.]*\s*(?:square (?:met(?:re|er)s?|feet|foot)|sq\.? ?m\b|m2\b|m²)",
            re.I,
        ),
    ),
    # Which storey ('可以设在几楼', 'which floor'): stated by a floor's number ('地面楼层五楼').
    "storey": (
        re.compile(
            r"几楼|几层|几多楼|几多层|哪一?层|\b(?:which|what) (?:floor|storey|story)\b|\bhow many (?:floors|storeys|stories)\b",
            re.I,
        ),
        re.compile(
            rf"[\d{_CN}]+\s*(?:楼|层)(?!梯)|\b\d+(?:st|nd|rd|th)? (?:floor|storey|story)\b|\b(?:floor|storey|story) \d+\b",
            re.I,
        ),
    ),
    # A web address ('网址是什么', 'what is the website?'): stated by one.
    "web": (
        re.compile(r"网址|网站|链接|网页|\b(?:website|web address|url|link|web page)\b", re.I),
        re.compile(
            r"https?://|\bwww\.|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu)(?:\.[a-z]{2})?\b", re.I
        ),
    ),
    # The year something began or was passed ('哪一年开始发的', 'in what year'): stated by a year.
    "year": (
        re.compile(r"哪一?年|(what|which) year", re.I),
        re.compile(rf"(?<!\d)(19|20)\d{{2}}(?!\d)|[{_CN}]{{4}}年|民国\S{{1,6}}年", re.I),
    ),
    # The time of day something opens or is done ('几点开门', '办公时间', 'what time does it open'): stated
    # by a time on the clock ('上午八时至下午八时', '9:00', '5 p.m.') or round the clock, not by 'during
    # office hours' alone.
    "clock": (
        re.compile(
            r"几点钟|几点(?:开|关|到|至|前|后|之前|之后|以前|以后|上班|下班|营业|办公|可以|能|去)|"
            r"(?:开门|关门|营业|办公|上班|下班)时间|几时(?:开|关)门|"
            r"\bwhat time (?:do|does|is|are|can|should)\b|\b(?:opening|office|business) hours\b",
            re.I,
        ),
        re.compile(
            rf"(?<![\d:])\d{{1,2}}\s*[:：]\s*\d{{2}}(?![\d:])|[上下]午\s*[\d{_CN}]{{1,3}}\s*[时点]|"
            rf"[\d{_CN}]{{1,3}}\s*[点时]\s*(?:至|到|—|-|～|~)\s*[\d{_CN}]{{1,3}}\s*[点时]|"
            r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|24\s*小时|24-hour|round the clock",
            re.I,
        ),
    ),
    "hours": (
        re.compile(r"几个小时|几小时|多少小时|几多个钟|多少个钟|几个钟|how many hours", re.I),
        re.compile(rf"(\d+|[{_CN}]+)\s*(个)?\s*(小时|钟头)|\d+\s*hours?", re.I),
    ),
    "phone": (
        re.compile(
            r"电话号码|热线|哪个电话|什么电话|打边个|电话是|(咨询|联系|查询|服务|投诉|办事|求助)电话|电话(多少|几号)|"
            r"打(哪个|几号)|hotline|phone number|telephone number|number to call|contact number|"
            r"\b(?:who|what number|which number) (?:do|should|can|could) (?:i|we|you|they) (?:call|phone|ring|dial)\b",
            re.I,
        ),
        re.compile(
            # not a run of digits longer than a number, nor a notice's ('院台规字第 1020141353 号', '第 8969348 号令')
            r"(?<!\d)1234\d(?!\d)|(?<![\d第])(?!(?:19|20)\d\d-(?:19|20)\d\d(?!\d))\d{3,4}[- ]?\d{4}(?!\d|\s*号)|(?<!\d)1[3-9]\d{9}(?!\d)|\(\d{2,4}\)\s*\d{4}|"
            # a short service number named as one: 'hotline 1966', '拨打1957', '1999专线'
            r"(hotline|call|dial|热线|专线|拨打|致电|电话)\D{0,12}(?<!\d)\d{3,5}(?!\d)|"
            # ... or followed by its name: '1966長照專線', 'the "1966" long-term care hotline'
            r"(?<!\d)\d{3,5}(?!\d)([\"”」'](\s+[a-z][\w-]*){0,2}\s+hotline|\s*[^\d\s年月日号]{0,4}?(热线|专线)|\s+hotline)",
            re.I,
        ),
    ),
    "duration": (
        re.compile(
            r"多久|多长时间|多长|几年|几天|几个月|几周(?!岁)|几个?星期|几个?礼拜|几耐|几多日|几多年|几多个月|(多少|几多)\s*个?\s*(年|天|日|月|周(?!岁)|星期)|"
            r"(几|多少)\s*个?\s*工作(日|天)|"
            r"how long|how soon|how often|how many (working |calendar )?(days|months|years|weeks)|"
            + _TIMES_A_PERIOD,
            re.I,
        ),
        re.compile(
            # not a day of the month ('次月10日') nor a year ('2018年')
            rf"(?<![月\d])(\d{{1,3}}|[{_CN}]+)\s*(个)?\s*(年|个月|月|天|日|工作日|周|星期|小时)|"
            rf"(\d+|{_EN_NUMBERS})\s*(working\s+)?(days?|months?|years?\b(?!\s+(?:old|of age|or (?:above|over|older)))|weeks?)",
            re.I,
        ),
    ),
    "date": (
        re.compile(
            r"几号|几月几|截止|什么时候|什么时间|几时|何时|哪一?天|哪一?个月|deadline|what date|when\b|"
            r"\bwhat day\b",
            re.I,
        ),
        re.compile(
            rf"\d{{1,2}}月\d{{1,2}}日|\d{{4}}年\d{{1,2}}月|(次|下|本|当|每|同)月\s*\d{{1,2}}\s*[日号]|"
            r"(?<!\d)\d{1,2}\s*[日号]\s*(前|之前|以前|起)|\b(by|before|on|from) the \d{1,2}(st|nd|rd|th)\b|"
            rf"[{_CN}]+月[{_CN}]+日|\d{{4}}-\d{{2}}-\d{{2}}|"
            r"\b\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October|November|December)|"
            r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
            r"每月|每年|每季|monthly|annually|each month|each year|working days|"
            # a time relative to an event: '满65周岁前一个月', 'one month before', 'in advance'
            rf"(前|提前)\s*[\d{_CN}]+\s*个?\s*(月|天|日|周|星期)|in advance|(days?|weeks?|months?) (before|prior to)|"
            # ... or after one, from which it runs: '自受理申请日当月起算', '于翌月开始发放', 'from the following month'
            r"(?:次|下|当|翌)月\s*(?:起|开始|发放|发给|计)|之日起|\b(?:from|in|as of) the (?:following|next) month\b|"
            r"\bthe month (?:following|after)\b",
            re.I,
        ),
    ),
}
# How often ('多久检查一次', '几年调整一次', 'how often'): a length of time, or a frequency stating it ('每月',
# '每逢老年节', 'monthly', 'every two years').
_ASKS_OFTEN = re.compile(
    r"(?:多久|多长时间|几年|几个月|几天|多少年|多少天)\S{0,8}?一次|how often|频率|多频繁|" + _TIMES_A_PERIOD,
    re.I,
)
_FREQUENCY = re.compile(
    rf"每(?:个|隔)?\s*(?:[\d{_CN}]+\s*个?)?\s*(?:月|年|季|周|星期|天|日)|每逢|逐月|逐年|按月|按年|"
    # so many times a period ('一年至少进行一次', '两年一次', 'once a year')
    rf"[\d{_CN}]+\s*个?\s*(?:月|年|季|周|星期|天|日)\S{{0,8}}?[\d{_CN}]+\s*次|"
    r"\b(?:monthly|annually|yearly|weekly|daily|every\s+(?:\w+\s+)?(?:day|week|month|year)s?)\b|"
    r"\b(?:once|twice|\w+ times) (?:a|per|every) (?:\w+ )?(?:day|week|month|year)s?\b",
    re.I,
)


def states_frequency(text: str) -> bool:
    """The text states how many times a period ('每年', '一年至少进行一次', 'once a year'), not only a length."""
    return bool(_FREQUENCY.search(to_simplified(text)))


# How long since ('实施多久了', '开了几年了', 'how long has it been'): a date answers it as well as a length.
_ASKS_SINCE = re.compile(r"(?:多久|多长时间|几年|几多年|多少年)了|how long (?:has|have|ago)|since when", re.I)


# How long it takes to get something done ('几天能拿到', '多久批下来', 'how long does it take to get'): a
# processing time, stated in working days or as a time limit ('15个工作日内完成制发', '办结时限'), not
# how long a card is valid.
_ASKS_PROCESSING = re.compile(
    r"(?:多久|多长时间|几天|几多日|几耐|多少天|几个工作日|几个星期)\S{0,6}?(?:拿到|攞到|拿|攞|办好|办完|办妥|"
    r"下来|批|收到|到手|制发|发卡|出卡|审批|审核)|"
    r"\bhow long\b[^?]{0,30}\b(?:take|get|receive|process|approv|issu)|\bhow many (?:working )?days\b[^?]{0,30}"
    r"\b(?:take|get|receive|process|approv|issu)",
    re.I,
)
_STATES_PROCESSING = re.compile(
    r"工作日|办结|时限|制发|审批|批准|审核通过|working days?|processing|within \d+ days", re.I
)


def asks_processing(question: str) -> bool:
    return bool(_ASKS_PROCESSING.search(mandarin_question_words(to_simplified(question))))


def states_processing(text: str) -> bool:
    """The text states a processing time: a length of time with working days or a time limit."""
    return states("duration", text) and bool(_STATES_PROCESSING.search(to_simplified(text)))


# Where to send something by post ('表格邮寄到哪里', 'where do I mail it'): a postal address answers.
_ASKS_POST = re.compile(r"寄(?!养|宿|托|居)|\bmail\b|\bpost\b|\bsend\b", re.I)  # not '寄养' (foster care)
_STATES_POST = re.compile(
    r"P\.?\s?O\.?\s?Box|by post|by mail|addressed to|邮寄|邮政信箱|信箱|寄往|寄至|寄到|寄回|邮政", re.I
)


# Applying online ('网上申请', '喺手机度办', 'apply online', 'on the app'): asked, and stated by a channel online
# ('“穗好办”APP', '线上申领', 'Online Application', 'iAM Smart').
# ('APP' beside Chinese characters has no word boundary: letters alone bound it)
_ONLINE = re.compile(
    r"网上|线上|在线|网站|手机上|手机度|用手机|小程序|(?<![a-z])app(?![a-z])|\bonline\b|\binternet\b|"
    r"\bwebsite\b|\be-?service|\biam smart\b|https?://",
    re.I,
)


def asks_online(question: str) -> bool:
    return bool(_ONLINE.search(mandarin_question_words(to_simplified(question))))


def states_online(text: str) -> bool:
    return bool(_ONLINE.search(to_simplified(text)))


def asks_post(question: str) -> bool:
    return bool(_ASKS_POST.search(to_simplified(question)))


def states_post(text: str) -> bool:
    """The text gives a postal address, or says what to send by post and to whom."""
    return bool(_STATES_POST.search(to_simplified(text)))


# What services there are ('有哪些上门服务', '會提供咩', 'what services'): a list of them answers.
_ASKS_SERVICES = re.compile(
    r"哪些\S{0,8}服务|什么\S{0,6}服务|咩服务|边啲服务|提供(?:哪些|什么|咩|乜嘢)|包括(?:哪些|什么|咩)|"
    r"\bwhat (?:services|kinds? of (?:help|services?|care|support))\b|\bwhich services\b",
    re.I,
)


def asks_services(question: str) -> bool:
    return bool(_ASKS_SERVICES.search(to_simplified(question)))


def asks_since(question: str) -> bool:
    return bool(_ASKS_SINCE.search(mandarin_question_words(to_simplified(question))))


def asks_often(question: str) -> bool:
    return bool(_ASKS_OFTEN.search(mandarin_question_words(to_simplified(question))))


def states_since(text: str) -> bool:
    """The text states since when: a length of time or a date."""
    return states("duration", text) or states("date", text)


def states_often(text: str) -> bool:
    """The text states how often: a length of time or a frequency."""
    return states("duration", text) or bool(_FREQUENCY.search(to_simplified(text)))


# A count of people, places or beds ('最多收几人', '建了几家', 'how many residents'): asked by a question word
# with a measure word, stated by a numeral with the measure word of what is counted ('四十九人', '343家',
# 'five … offices'). What is counted is the count's role: a floor area or a staffing ratio answers no 'how
# many residents'.
_COUNTED = {
    "people": (
        r"[个位名]?\s*(?:人|户|老人|长者|长辈|老年|志愿者|照服员|服务员|员工|会员|申请人)",
        r"人(?![民员士口类群格性数工力事身生寿均权])|名(?![义单称字额])|位(?![置于])|户(?![口籍])",
        r"people|persons|residents|clients|seniors|elders|elderly|older (?:people|persons)|beneficiar\w*|users|"
        r"members|volunteers|staff|workers|carers|caregivers|applicants|households",
    ),
    "beds": (r"张?\S{0,3}床", r"[张床]", r"beds"),
    "places": (
        r"[家所间座处]|个\S{0,8}?(?:中心|站|点|机构|院|办事处|食堂|场馆)",
        r"[家所间座处](?![庭属长人里园中具])|个(?!月|小时|钟|工作日|星期|百分点|人)",
        r"homes|centres|centers|offices|facilities|institutions|stations|sites|venues|canteens",
    ),
}
_COUNT_ASKED = re.compile(
    r"(?<![哪边好])(?:多少|几)(?=\s*(?:[个位名家所间座处张宗项种人户床]|老人|长者|长辈))"
    r"(?!\s*个?\s*(?:小时|钟|月|星期|礼拜|工作日|工作天|天|日|年|季|周|岁|平方|点钟))(?!\s*(?:老人|长者|老年)\S?(?:金|津贴|补贴))|"
    r"\bhow many\b(?!\s+(?:hours|days|weeks|months|years|times|working|calendar))",
    re.I,
)
# People or beds named before their number ('老人为40.76万', '志愿者达39', '床位数达2万'), and a count of
# anything else.
_NAMED_BEFORE = {
    "people": re.compile(rf"(?:人|人口|人数|老人|长者|老年人|志愿者)(?:为|达|有|约|共)\s*(?:\d|[{_CN}]+万)"),
    "beds": re.compile(rf"床位?数?\S{{0,4}}?(?:为|达|有|共|至|到)\s*(?:\d|[{_CN}]+万)"),
}
_ANY_COUNT = re.compile(
    rf"(?:\d[\d,.]*|[{_CN}]+)\s*(?:个|宗|项|种|点|份)|\b(?!(?:19|20)\d\d\b)\d[\d,]*\s+[a-z]{{3,}}", re.I
)
_EN_COUNT = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)"


def counted(question: str) -> str | None:
    """What a count question counts: 'people', 'per' (people per carer), 'beds', 'places', or None
    (another measure, unsaid, or two things counted: 'how many beds…, and how many people…')."""
    simplified = mandarin_question_words(to_simplified(question))
    roles = {_counted_at(simplified[m.end() : m.end() + 64]) for m in _counts_asked(simplified)}
    role = roles.pop() if len(roles) == 1 else None
    return "per" if role == "people" and _PER.search(simplified) else role


# Staff a rule requires ('未满十人者以十人计', '至少一人', '应置一人', '一人上班'): no count of those taken in.
_STAFFING = re.compile(
    rf"未满[\d{_CN}]+人者?[，,]?\s*以[\d{_CN}]+人计|(?:至少|应置|置)[\d{_CN}]+人|[\d{_CN}]+人(?:上班|值班)"
)
# People counted per one who looks after them ('一个护工要照顾几位老人', 'how many elders does one carer see
# to'): a staffing ratio answers it, and answers no other count of people.
_PER = re.compile(
    r"每\S{0,2}?(?:照顾|照护|顾|服务)|配一个|配备|(?:一|一个|一位|一名)(?:照服员|照顾服务员|服务员|护理人员|社工|工作人员)|"
    r"\bper (?:care ?worker|carer|staff|nurse)|\bfor every\b|\bone (?:care ?worker|carer|nurse|staff)",
    re.I,
)


def _counts_asked(simplified: str) -> list[re.Match[str]]:
    """The counts a question asks for: in Chinese, in a clause that is a question ('我有几个子女，都不在
    身边…' tells of a family: '几个' is 'several' there, as in Cantonese)."""
    return [
        m
        for m in _COUNT_ASKED.finditer(simplified)
        if m.group().isascii() or re.match(r"[^，,。；;！!？?]*(?:[？?]|$)", simplified[m.end() :])
    ]


def _counted_at(after: str) -> str | None:
    for role, (asked_zh, _stated_zh, nouns) in _COUNTED.items():
        if re.match(rf"\s*(?:{asked_zh})", after) or re.match(
            rf"\s+(?:[\w-]+\s+){{0,6}}?(?:{nouns})\b", after, re.I
        ):
            return role
    return None


def states_count(text: str, role: str | None) -> bool:
    """The text states a count of what `role` counts (any count when None)."""
    simplified = to_simplified(text)
    if role == "per":
        return states("ratio", simplified) or states_count(simplified, None)
    if role == "people":  # '每照顾十人应置一人；未满十人者以十人计' is no count of those taken in
        simplified = _STAFFING.sub(" ", _ANSWER_TYPES["ratio"][1].sub(" ", simplified))
    roles = [_COUNTED[role]] if role else list(_COUNTED.values())
    zh = "|".join(stated for _asked, stated, _nouns in roles)
    en = "|".join(nouns for _asked, _stated, nouns in roles)
    if re.search(rf"(?:\d[\d,.]*|[{_CN}]+)\s*(?:万|千|百)?\s*(?:余|多)?\s*(?:{zh})", simplified):
        return True
    if re.search(rf"\b{_EN_COUNT}\s+(?:[\w-]+\s+){{0,6}}?(?:{en})\b", simplified, re.I):
        return True
    if any(pattern.search(simplified) for named, pattern in _NAMED_BEFORE.items() if role in (None, named)):
        return True  # '居家养老的老人为40.76万'
    return role is None and bool(_ANY_COUNT.search(simplified))


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# A year of the asker's life (born 1948, naturalised 1980) is not a policy year the documents must cover.
_PERSONAL_YEAR = re.compile(
    r"^\s*年?.{0,2}?(出生|出世|生|入籍|入.{0,6}籍|移民|来|搬|嫁|结婚|退休|参加|加保|成为|成了|做咗|做了|取得|拿到|获得|定居|落户|迁)|"
    r"^\s*(born|moved|retired|naturali[sz]ed|became a citizen)",
    re.I,
)
# ... or named before it, in English: 'born 1945', 'became a Singapore citizen in 1980', 'moved to Macao in
# 2010' (not 'is a citizen eligible in 2025?': the event comes right before the year).
_PERSONAL_YEAR_BEFORE = re.compile(
    r"\bborn\s*(?:in|on)?\s*$|"
    r"\b(?:moved|retired|married|naturali[sz]ed|citizen(?:ship)?|joined|arrived|settled|emigrated)"
    r"(?:\s+(?:to|from|back to|here)\b[^.,;?!]{0,20}?)?\s+(?:in|since|on)\s*$",
    re.I,
)


# A question about when a rule starts, and a sentence that says from when it applies: the date a
# regulation takes effect (施行), not the day it was adopted (通过).
_ASKS_START = re.compile(
    r"施行|生效|实施|实行|开始|起计|take[sn]? effect|took effect|come into (force|effect)|effective|start|begin",
    re.I,
)
_STATES_START = re.compile(
    r"(自|于|从).{0,24}(施行|生效|实施|实行)|起(施行|生效|实施|实行)|take[sn]? effect|took effect|"
    r"came into (force|effect)|comes? into (force|effect)|effective (from|on|as of)|commenc",
    re.I,
)


_IN_FORCE = re.compile(r"施行|生效|实施|实行|take[sn]? effect|took effect|come into (force|effect)", re.I)


def asks_start(question: str) -> bool:
    simplified = to_simplified(question)
    kind = asked_kind(question)
    if kind == "year":  # '哪年开始施行' asks a rule's start; '哪年起发放' when a benefit began
        return bool(_IN_FORCE.search(simplified))
    return kind == "date" and bool(_ASKS_START.search(simplified))


# What began in a year ('哪年推出的', 'when was it introduced'), asked of a year (`query._role`): stated by a
# sentence naming the year with a verb of beginning.
_BEGAN = re.compile(
    r"开始|推出|推行|启动|开办|设立|创立|\bintroduc|\blaunch|\bstart|\bbegan\b|\bbegun\b|\bset up\b|\bestablished\b",
    re.I,
)


def asks_began(question: str) -> bool:
    return bool(_BEGAN.search(to_simplified(question)))


def states_began(text: str) -> bool:
    return bool(_BEGAN.search(to_simplified(text)))


def states_start(text: str) -> bool:
    return bool(_STATES_START.search(to_simplified(text)))


# A rule saying when it takes effect itself ('本条例自2016年5月1日起施行'): it answers only when it does.
_OWN_START = re.compile(
    r"本(?:条例|办法|规定|细则|法|通告|通知)(?:自|从)[^。；]{0,24}(?:施行|生效|实施)|"
    r"\bth(?:is|e) (?:act|ordinance|regulations?|rules?)\b[^.;]{0,40}\b(?:comes? into force|takes? effect)",
    re.I,
)


def states_own_start(text: str) -> bool:
    return bool(_OWN_START.search(to_simplified(text)))


# A statute's line of enactment ('2015年1月29日 北京市…会议通过', '中华民国…号令修正'): a date of its own.
_ENACTED = re.compile(r"(?:会议|委员会|号令|令)\s*(?:通过|修正|修订|制定|公布|发布)(?:公布|施行)?\s*$")


def states_enactment(text: str) -> bool:
    return bool(_ENACTED.search(to_simplified(text).strip(" 。")))


# A rule saying why it was made ('为了…，制定本条例', 'This Act is enacted to…').
_OWN_PURPOSE = re.compile(
    r"制定本(?:条例|办法|规定|细则|法)|\bth(?:is|e) (?:act|ordinance|regulations?) (?:is|are) enacted", re.I
)


def states_own_purpose(text: str) -> bool:
    return bool(_OWN_PURPOSE.search(to_simplified(text)))


# Cantonese and colloquial question words and their Mandarin ones ('打咩電話' and '打啥电话' ask what
# '打什么电话' asks), applied before the question patterns so each is written once.
_CANTONESE = (
    ("乜嘢", "什么"),
    ("咩", "什么"),
    ("边个", "哪个"),
    ("边度", "哪里"),
    ("边一年", "哪一年"),
    ("边年", "哪年"),
    ("几多", "多少"),
    ("点样", "怎样"),
    ("啥", "什么"),  # northern colloquial: '啥时候', '有啥'
    ("哪家", "哪个"),  # '哪家单位'
)


# Cantonese content words and the Mandarin a page writes them in ('睇病' is '看病', '拣' is '选'): searched for
# too, beside the question's own words.
CANTONESE_WORDS = (
    ("睇", "看"),
    ("拣", "选"),
    ("搵", "找"),
    ("攞", "领"),
    ("屋企", "家"),
    ("嘢", "东西"),
    ("而家", "现在"),
    ("几时", "什么时候"),
    ("搭", "乘坐"),
    ("过数", "转账"),
    ("返工", "上班"),
    ("老人院", "养老院"),
)


def mandarin_words(simplified: str) -> list[str]:
    """The Mandarin of the Cantonese content words a question uses (`CANTONESE_WORDS`)."""
    return [mandarin for cantonese, mandarin in CANTONESE_WORDS if cantonese in simplified]


def mandarin_question_words(simplified: str) -> str:
    for cantonese, mandarin in _CANTONESE:
        simplified = simplified.replace(cantonese, mandarin)
    return simplified


# Someone asking the elder for money ('子女要钱', '佢个仔问佢攞钱'): no charge the elder pays.
DEMANDS_MONEY = re.compile(
    r"(子女|儿女|儿子|女儿|孙子|孙女|家人|亲属|亲戚|别人|他们|她们|佢哋|仔|女)\s*(?:[向问找跟]\S{0,6}?)?(要|讨|索|拿|攞)钱"
)


# The kinds of answer, in the order a question is read for them: the first it asks for is the one.
KINDS = (
    "clock",  # before 'hours': '几点钟' asks a time of day
    "hours",
    "phone",
    "ratio",
    "limit",  # before 'amount': 'what is the income limit?' asks for a ceiling, not a sum paid
    "amount",
    "duration",  # before 'fee': '要缴费多少年' asks how long, not whether one pays
    "fee",
    "age",
    "year",
    "date",
    "documents",
    "web",  # before 'where': '网址是什么' asks for the address on the web, not an office
    "where",
    "who",
    "consequence",
    "count",  # late: '要带几张相片' asks for papers, '去哪里办…几多间' for an office
    "area",  # after a count: '每人多少面积？一次可收几位？' is answered by both, the count rule first
    "storey",
)


def asked_kind(question: str) -> str | None:
    """One of `KINDS` or None: the kind of answer the question wants."""
    simplified = DEMANDS_MONEY.sub("", mandarin_question_words(to_simplified(question)))
    for kind in KINDS:
        if kind == "count":
            if _counts_asked(simplified):
                return kind
        elif _ANSWER_TYPES[kind][0].search(simplified):
            if kind == "amount" and _PRICE_OF_USE.search(simplified):
                return "fee"  # the price of a ride or an entry: free, reduced or a sum
            return kind
    return None


# How much riding, entering or visiting something costs ('坐地铁要多少钱', '入公园几多钱', 'how much is the bus
# fare'): answered by the rule on its price (free, half price, or a sum), not by any sum.
_PRICE_OF_USE = re.compile(
    r"(?:坐|搭|乘|乘坐|搭乘|进|入|去|游|参观|游览)[\u4e00-\u9fffA-Za-z]{1,8}?(?:要|需要|收|使)?(?:多少钱|几多钱|几钱)|"
    r"\bhow much (?:is|does|do) (?:it cost to |the )?(?:ride|take|travel|enter|visit|bus|metro|subway|mrt|ferry|fare|ticket|admission|entry)",
    re.I,
)


def states(kind: str, text: str) -> bool:
    if kind == "count":
        return states_count(text, None)
    return bool(_ANSWER_TYPES[kind][1].search(to_simplified(text)))


# Kinds that only choose the lead among the sentences the evidence ranks: not a feature of the evidence
# (a charge is stated in many sentences).
LEAD_ONLY = frozenset({"fee", "age", "documents", "where", "who"})
# ... nor is a count: a regulation states one in most sentences ('每照顾十人应置一人', '不得超过四床'); nor
# what follows from something, which any rule's 'stops' or 'takes back' states, though another
# document's may lead (the rule on misusing a card answers what happens to one who does).
NOT_EVIDENCE = LEAD_ONLY | {"count", "consequence"}
# ... but an age is stated by the rule that answers 'what age…', and whether one pays by a charge or its
# being free (read from the answering page's fee line when no quote states it: `Assistant.quote`): a page
# stating neither does not answer them. Only papers, an office, a body or what follows may go unstated by
# the rule quoted.
MAY_GO_UNSTATED = (LEAD_ONLY - {"age", "fee"}) | {"consequence"}


# What an amount is: a charge the person pays, a limit on their means, a benefit paid to them, or public
# money spent. A question about rent is not answered by an allowance's amount, nor a payout by an income
# limit, nor either by what a government invested.
_AMOUNT_ROLES = {
    "charge": re.compile(
        r"租金|房租|月租|收费|费用|自付|自费|付费|缴费|缴纳|票价|价格|价钱|共同付款|(?:交|付|缴|花|俾|畀)(?:多少|几多)|"
        r"\brent\b|\bfees?\b|\bcharges?\b|\bcosts?\b|\bprices?\b|\bfares?\b|co-?pay",
        re.I,
    ),
    # public money spent or set aside ('投入3270万元新建…', '财政拨付50万元'): no one's charge or payout
    "funding": re.compile(
        r"投入|拨付|拨款|投资|筹集|专项资金|经费|花了|花费|\binvest|\bfunding\b|\bbudget|\bspent\b", re.I
    ),
    "limit": re.compile(
        r"收入|资产|存款|储蓄|积蓄|财产|入息|\bincome|\bassets?\b|\bsavings\b|means.test", re.I
    ),
    "benefit": re.compile(
        r"津贴|补贴|补助|援助金|资助|养老金|敬老金|老人金|发放|发给|领取|给付|(领|拿|攞|发|补)(多少|几多)|"
        r"allowance|subsid|\bgrants?\b|pension|payouts?\b|\bbenefits?\b|voucher|stipend",
        re.I,
    ),
}


# A sum taken off a price ('诊查费减收1元', 'reduced by $5'): what one saves, not what one pays.
_REDUCTION = re.compile(
    r"(?:减收|减免|减少|少收|优惠|折抵|便宜|reduced by|discount of|\boff)\s*(?:了|新台币|人民币|NT\$|HK\$|S\$|\$)?\s*$",
    re.I,
)
# ... asked of ('能便宜多少', 'how much off', 'what discount'): then such a sum is the answer.
_REDUCTION_ASKED = re.compile(
    r"减|优惠|折|便宜|少收|抵|\bdiscount|\boff\b|cheaper|\breduc|\bconcession|\bsave|\bdeduct|\boffset", re.I
)


def reductions_only(text: str) -> bool:
    """Every sum the text states is one taken off a price."""
    simplified = to_simplified(text)
    sums = money(simplified)
    if not sums or states_points(text):
        return False  # '每月享有1000點…折抵50元': the points are what one gets
    return all(_REDUCTION.search(simplified[max(0, start - 8) : start]) for start, _, _ in sums)


def amount_roles(text: str) -> set[str]:
    simplified = to_simplified(text)
    return {role for role, pattern in _AMOUNT_ROLES.items() if pattern.search(simplified)}


# A fine: what one pays for breaking a rule, asked ('罚多少', 'what is the fine') or stated next to its sum
# ('处1万元以上10万元以下罚款', '罚款2000元', 'a fine of $5,000'). No question about a benefit or a charge is
# answered by one.
FINE = re.compile(r"罚|\bfines?\b|\bfined\b|\bpenalt", re.I)
# What a regulation says of itself rather than of a benefit: repealing the last one, penalties, who is
# liable for breaking it ('…同时废止', '依照…追究责任', 'shall be liable to a fine').
MACHINERY = re.compile(
    r"废止|廢止|追究[^。；]{0,12}责任|追究[^。；]{0,12}責任|处分|處分|罚款|罰鍰|罰款|责令改正|責令改正|"
    r"\brepeal|\bpenalt|\bliable to\b|\bfined?\b|\boffen[cs]e\b",
    re.I,
)
# A question about a rule's machinery: breaking it, its penalties, who answers for it, its repeal.
_ASKS_MACHINERY = re.compile(
    rf"{MACHINERY.pattern}|罚|处罚|惩罚|违反|违法|违规|责任|废止|失效|作废|目的|宗旨|为什么制定|"
    r"\bpunish|\bliab|\bviolat|\bbreach|\billegal|\bpurpose|\baims?\b",
    re.I,
)


def asks_machinery(question: str) -> bool:
    return bool(_ASKS_MACHINERY.search(to_simplified(question)))


_AMOUNT = re.compile(_STATES_AMOUNT, re.I)
_CLAUSE_BREAK = re.compile(r"[，；。！？]|[,;.!?](?:\s|$)")


def states_fines_only(text: str) -> bool:
    """Every sum the text states is a fine (named within a few words before or after it, in its clause)."""
    simplified = to_simplified(text)
    sums = list(_AMOUNT.finditer(simplified))
    return bool(sums) and all(
        FINE.search(_CLAUSE_BREAK.split(simplified[max(0, m.start() - 12) : m.start()])[-1])
        or FINE.search(_CLAUSE_BREAK.split(simplified[m.end() : m.end() + 16])[0])
        for m in sums
    )


def asked_role(question: str) -> str | None:
    """The one kind of amount an amount question names ('每个月租金' asks a charge; '罚多少' a fine; a
    card's '几点', points), else None."""
    if FINE.search(to_simplified(question)):
        return "fine"
    if asks_points(question):
        return "points"
    roles = amount_roles(question)
    if roles == {"charge"} and _REDUCTION_ASKED.search(to_simplified(question)):
        return None  # what is taken off a charge, asked: a sum off it answers
    return roles.pop() if len(roles) == 1 else None


def years_asked(question: str) -> set[str]:
    """Years the question asks about (the policy year), not years of the asker's own life."""
    simplified = to_simplified(question)
    sums = money(simplified)
    years = set()
    for match in _YEAR.finditer(simplified):
        after = simplified[match.end() : match.end() + 12]
        before = simplified[max(0, match.start() - 24) : match.start()]
        if _PERSONAL_YEAR.search(after) or _PERSONAL_YEAR_BEFORE.search(before):
            continue
        if any(start <= match.start(1) < end for start, end, _value in sums):
            continue  # an amount ('月收入2000新元', '$2000'), not a year
        years.add(match.group(1))
    return years


# A figure with its unit ('6小时', '100元', '200 dollars'), as a question names what it asks to get.
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(小时|个小时|个钟|钟|元|块|蚊|hours?|hrs?|dollars?|patacas?)", re.I)


def figures(text: str) -> set[tuple[float, str]]:
    """(value, 'hour' or 'money') of each figure the text names, in any script."""
    return {
        (float(value), "hour" if re.match(r"[小个钟h]", unit, re.I) else "money")
        for value, unit in _FIGURE.findall(
            re.sub(r"(?<=\d),(?=\d{3})", "", arabic_numerals(to_simplified(text)))
        )
    }
