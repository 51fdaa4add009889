"""Yes/no questions: 是否 / 是不是 / 有没有 / …吗 / does … — asked as the statement they test,
and answered 是 or 否 by whether the answer to the statement holds what the question claims
(its numbers and the things it names)."""
from __future__ import annotations

import re

from loaders.han import HAN
from loaders.standard_numbers import NUMBER_RE, PLAN_RE, normalize

# the form of a yes/no question, and what asking the statement itself leaves of it
_ASKS = [
    (re.compile(r"是不是|是否|有没有|是否有|能不能|可不可以|会不会|要不要"), ""),
    (re.compile(r"(?:吗|(?<![什怎那这多])么|嘛)\s*[？?。]?\s*$"), ""),
    (re.compile(r"^(?:is|are|does|do|did|was|were|has|have)\s+(?=\S)"), ""),
    (re.compile(rf"([{HAN}])不\1"), r"\1"),   # 算不算, 管不管, 属不属于: asked as 算, 管, 属于
]
# 能介绍下…吗, 可以列出…吗: a request, not a yes/no question
_REQUEST = re.compile(r"^(?:请|能|能否|可以|可否|麻烦)?(?:不能|不可以)?\s*(?:介绍|讲|说|解释|列出|列举|告诉|给|帮|展示|看看)")
# intents that answer a yes/no question themselves (有效吗, 有遗漏吗, 一样吗)
SELF_ANSWERING = frozenset({"standard_status", "missing_references", "definition_diff"})
_OPEN = re.compile(r"什么|哪些|哪个|哪|几|多少|谁|怎么|如何|为什么|what|which|who|how|when|where|why")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_CN_COUNT = {c: str(i) for i, c in enumerate("零一二三四五六七八九十") if i} | {"两": "2"}
_COUNTED = re.compile(r"([一二三四五六七八九十两])(?=[个项条种类级层份部章节步阶])")


def yes_no_question(key: str) -> str | None:
    """The statement a yes/no question tests (`成熟度等级是不是分为5级` → `成熟度等级分为5级`),
    or None when the question asks something open (什么, 哪些, 几 …)."""
    stripped, changed = key, False
    for pattern, repl in _ASKS:
        new = pattern.sub(repl, stripped)
        changed |= new != stripped
        stripped = new
    if not changed or _OPEN.search(stripped) or len(stripped.strip()) < 2 or _REQUEST.match(stripped):
        return None
    return stripped.strip()


def counted(text: str) -> str:
    """`text` with counted Chinese numerals in digits (三级 → 3级, 两个 → 2个)."""
    return _COUNTED.sub(lambda m: _CN_COUNT[m.group(1)], text)


# the nature an annex is asked to have, as the answer of annex_nature states it (参考性 is the older word for 资料性)
ANNEX_NATURE_WORDS = {"规范性": "规范性", "资料性": "资料性", "参考性": "资料性"}


def claims_of(statement: str, names: list[str]) -> list[str]:
    """What a statement claims that an answer must hold for it to be true: its numbers
    (三级 counts as 3) and the things it names."""
    text = counted(statement)
    standards = [_normalized(m.group(0)) for m in NUMBER_RE.finditer(text)] + PLAN_RE.findall(text)
    text = _without_document_numbers(text)
    numbers = [n for n in _NUMBER.findall(text) if not any(n in name for name in names if not _NUMBER.search(name))]
    return numbers + standards + [name for name in names if not _NUMBER.search(name)]


def _normalized(number: str) -> str:
    try:
        return normalize(number)
    except ValueError:
        return number


def _without_document_numbers(text: str) -> str:
    """`text` without the standard and plan numbers it names: T/SZS 4042 names a document, it claims no
    quantity 4042 (能根据实际情况调整吗 is not denied by a passage that does not repeat its number); a number
    is claimed whole (按 GB/T 1.1—2020 起草的吗 is denied by GB/T 1.1—2009)."""
    return PLAN_RE.sub(" ", NUMBER_RE.sub(" ", text))


_DASH = re.compile(r"[\u2010-\u2015\u2212\uff0d]")
# one verb spelled three ways: 会替代 GB/T 34678 吗 is answered by 代替了 GB/T 34678
_SAME_VERB = re.compile(r"替代|取代|代替")
# a particle the linker left at a name's start (新的技术参考模型 → 的技术参考模型)
_LEADING_PARTICLE = re.compile(r"^[的之和与及或]")


def verdict(claims: list[str], answer: str) -> bool:
    """Whether the answer to the statement holds every claim (a number as a whole number)."""
    text = _SAME_VERB.sub("代替", _DASH.sub("-", answer.lower()))
    squeezed = text.replace(" ", "")
    for claim in claims:
        if NUMBER_RE.fullmatch(claim) or PLAN_RE.fullmatch(claim):   # a standard, as the answer writes it
            if _DASH.sub("-", claim.lower()).replace(" ", "") not in squeezed:
                return False
            continue
        if claim.isdigit() or _NUMBER.fullmatch(claim):
            if not re.search(rf"(?<![\d.]){re.escape(claim)}(?![\d.])", text):
                return False
        elif _SAME_VERB.sub("代替", _LEADING_PARTICLE.sub("", claim.lower())) not in text:
            return False
    return True


# 不同, 不断, 不少于, 无论, 非常 negate nothing: 在不同成熟度等级条件下 does not deny 成熟度等级
_NEGATION = "未|不(?![同断少仅但论])|没有|没|无(?!论)|非(?!常)|不得|不应|不涉及"


_CLAUSE = re.compile(r"[，,。；;]")
_REFERRED = re.compile(r"(?:参照|参见|另见|按照|依照)\s*" + NUMBER_RE.pattern.replace("(?<![A-Za-z/])", "", 1),
                       NUMBER_RE.flags)


def referred_elsewhere(words: list[str], passage: str) -> bool:
    """Whether `passage` sends the statement's most particular word to another standard: a clause holding it
    says 参照/按照 DA/T 94 (会计管理子系统…参照 DA/T94: this document does not cover it itself)."""
    held = sorted((w for w in words if len(w) >= 3 and w.lower() in passage.lower()), key=len, reverse=True)
    if not held:
        return False
    return any(held[0].lower() in c.lower() and _REFERRED.search(c) for c in _CLAUSE.split(passage))


def denies(words: list[str], passage: str) -> bool:
    """Whether `passage` says the statement's words are not so: a negation right before one of them
    (本标准未采用国际国外标准 denies 采用; 本标准不涉及专利 denies 涉及)."""
    text = passage.lower()
    return any(re.search(rf"(?:{_NEGATION})\s*(?:\S{{0,1}})\s*{re.escape(w)}", text) for w in words if len(w) >= 2)


# 能直接连互联网吗, 可以一个人去吗: whether something may be done — no, where the provision forbids or separates it
_LEAVE = re.compile(r"^(?!.*(?:应|必须|需要|要求)).*(?:可以|可否|能否|能够|允许|(?<![功智性效赋技动职产才潜体可])能(?![力源耗效]))")
_FORBIDS = re.compile(r"不得|禁止|严禁|不应|不能|不允许|不宜|隔离")


def asks_leave(statement: str) -> bool:
    """Whether a statement says something may be done (电子档案管理系统的网络能直接连互联网)."""
    return bool(_LEAVE.search(statement))


def forbids(passage: str) -> bool:
    """Whether a provision forbids something or keeps things apart (不得单人作业, 应与互联网物理隔离)."""
    return bool(_FORBIDS.search(passage))
