"""The verbal forms of GB/T 1.1-2020 (表 3–6): which modality a sentence expresses.

应/应该/应当/不应/不得 express a requirement, 宜/不宜 (and 表 4's equivalent 推荐) a recommendation,
可/可以/不必/无须 a permission, 能/能够/不能 a possibility or capability.
The same characters also occur inside ordinary words (应用, 适宜, 可靠, 功能…):
a character counts as a verbal form only when the words around it do not
absorb it. The rule is lexical: a short list of the compounds each character
forms, plus one structural rule for 可 (`可复用、可调用的` is an adjective,
not a permission).
"""
from __future__ import annotations

import re

from rdflib import URIRef

from .vocab import CDT
from .han import HAN

# Compounds that contain a modal character without expressing modality:
# the characters that, right after or right before it, absorb it into a word.
_NOT_MODAL_AFTER = {
    "应": "用急变答允聘征邀收付届声援激试运验力",        # 应用 应急 应变 应答 … 应力 (stress: 预应力)
    "宜": "居人",                                       # 宜居 宜人
    "可": "靠信视控用能行衡达持追溯复调替再操落读观见比量扩配重恢计记管验编",
    "能": "力源耗效级量手评",                           # 能力 能源 能耗 能效 …
    "须": "知",                                         # 须知
}
_NOT_MODAL_BEFORE = {
    # (not 报: 报应 never occurs in a standard, while 预报应, 上报应, 汇报应 open requirements)
    "应": "响对适供相反效回感呼顺答照",                 # 响应 对应 适应 供应 相应 …
    "宜": "适便事权合",                                 # 适宜 便宜 事宜 权宜 合宜
    "可": "认许不",                                     # 认可 许可 (不可 is not a GB/T form)
    "能": "功智性效赋动技职产潜节储本可才体全势万热电核光风化算",  # 功能 智能 性能 …
    "须": "必无毋",
}

# Multi-character forms first (longest match wins at each position).
_FORMS: list[tuple[str, URIRef]] = [
    ("不应该", CDT.ShallNot), ("不应当", CDT.ShallNot), ("不准许", CDT.ShallNot),
    ("不应", CDT.ShallNot), ("不得", CDT.ShallNot),
    ("严禁", CDT.ShallNot), ("禁止", CDT.ShallNot),               # engineering-construction standards: 必须 / 严禁 are the strictest pair
    ("不宜", CDT.ShouldNot),
    ("可以不", CDT.NeedNot), ("不必", CDT.NeedNot), ("无须", CDT.NeedNot), ("无需", CDT.NeedNot),
    ("不能够", CDT.Cannot), ("不能", CDT.Cannot),
    ("应该", CDT.Shall), ("应当", CDT.Shall), ("只准许", CDT.Shall), ("必须", CDT.Shall), ("应", CDT.Shall),
    ("须", CDT.Shall),                   # older and mandatory standards (GB, DB) print 须 for 应
    ("宜", CDT.Should), ("推荐", CDT.Should),
    ("可以", CDT.May), ("允许", CDT.May), ("可", CDT.May),
    ("能够", CDT.Can), ("能", CDT.Can),
]
# Where a sentence ends (after 。！？): each sentence of a paragraph is one provision (GB/T 1.1).
SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_FORM_RE = re.compile("|".join(re.escape(f) for f, _ in _FORMS))
_FORM_OF = dict(_FORMS)
# 可X、可Y的 / 可X的 / 可X性: 可 makes an adjective ("-able"), not a permission.
# (not when a preposition follows 可: `可按计划的时间间隔…评审` is a permission to act 按计划)
_ADJECTIVAL_KE = re.compile(rf"可(?![按通在对向从由以经将把])[{HAN}]{{1,4}}?(?:[、和与及]可|的|性)")
# …存在和可解释；: 可 coordinated with a preceding word and closing the phrase is an adjective too
_COORDINATED_KE = re.compile(rf"可[{HAN}]{{1,3}}(?=[；;。，,、]|$)")
# 应对 is "cope with" unless 对 is a preposition: 应对资源进行注册, 应对外提供, 应对其….
_DUI_VERB = re.compile(r"应对(?:[外内其此各所本上下不相]|[^，。；,;]*?(?:进行|实施|实行|开展|加以|予以|作出|做出|提出|采取|给予))")


# 最长允许时间, 最大允许偏差, 所允许的: 允许 qualifies a noun
_ATTRIBUTIVE_YUNXU = re.compile(r"(?:最[大小长短高低多少]?|所)$")


# 无需数据载体的编码: 无需 inside a phrase that ends in 的 qualifies the noun after it
_ATTRIBUTIVE_WUXU = re.compile(r"无[需须][^，。；,;：:、]{1,12}?的")


def _is_form(text: str, m: re.Match) -> bool:
    """True when the match `m` of a verbal form's characters is the verbal form, not part of a word."""
    if m.group(0) == "允许":
        return not _ATTRIBUTIVE_YUNXU.search(text, 0, m.start())
    if m.group(0) == "推荐":    # 推荐性标准, 推荐值, 推荐的: an attribute, not a recommendation
        return text[m.end(): m.end() + 1] not in ("性", "值", "的", "")
    if m.group(0) in ("无需", "无须"):
        return not _ATTRIBUTIVE_WUXU.match(text, m.start())
    return len(m.group(0)) > 1 or not _absorbed(text, m.start())


def _absorbed(text: str, at: int) -> bool:
    """True when the single modal character at `at` is part of an ordinary word."""
    core = text[at]
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if core == "应" and after == "对":
        return not _DUI_VERB.match(text, at)
    if core == "可" and after == "选":
        return text[at + 2: at + 3] not in ("择", "取", "用")  # 可选项 (optional), not 可选择 (may choose)
    if before and before in _NOT_MODAL_BEFORE[core]:
        return True
    if after and after in _NOT_MODAL_AFTER[core]:
        return True
    if core == "可" and before in "和与及、" and before and _COORDINATED_KE.match(text, at):
        return True
    return core == "可" and bool(_ADJECTIVAL_KE.match(text, at))


def find_modality(text: str) -> URIRef | None:
    """Return the modality of the first verbal form in `text`, or None if it has none."""
    pos = 0
    while True:
        m = _FORM_RE.search(text, pos)
        if not m:
            return None
        if _is_form(text, m):
            return _FORM_OF[m.group(0)]
        # retry one character later: 不能力 has no form, but 能力 must not hide a later 应
        pos = m.start() + 1


_TIERS = ({CDT.Shall, CDT.ShallNot}, {CDT.Should, CDT.ShouldNot}, {CDT.May, CDT.NeedNot}, {CDT.Can, CDT.Cannot})


def all_modalities(text: str) -> list[URIRef]:
    """Return the modality of every verbal form in `text`, in order."""
    out, pos = [], 0
    while True:
        m = _FORM_RE.search(text, pos)
        if not m:
            return out
        if _is_form(text, m):
            out.append(_FORM_OF[m.group(0)])
            pos = m.end()
        else:
            pos = m.start() + 1


def strongest_modality(text: str) -> URIRef | None:
    """The modality a paragraph expresses: its first requirement, else recommendation, permission, possibility.

    `对…、可将生活污水纳入城镇污水管网的农村，应将…`: the 可 qualifies a noun; the
    paragraph is a requirement. None when the text has no verbal form.
    """
    found = all_modalities(text)
    for tier in _TIERS:
        for m in found:
            if m in tier:
                return m
    return None


def leading_modality(text: str) -> URIRef | None:
    """The modality of a paragraph: that of its first sentence with a verbal form (strongest within it), as
    GB/T 1.1 makes each sentence one provision (`…宜参照附录 A 制定。管理制度应规定…` recommends)."""
    for sentence in SENTENCE_END.split(text):
        found = strongest_modality(sentence)
        if found is not None:
            return found
    return None


def modality(text: str, inherited: URIRef | None = None) -> URIRef:
    """Return the modality of `text`, else the inherited one, else cdt:Statement."""
    return find_modality(text) or inherited or CDT.Statement
