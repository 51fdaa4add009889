"""Questions made of several questions: several counts (几个层次要素和几个支撑体系), each of several things
(OTP和OVP分别指什么), and a number that only says how many are expected (哪六个能力域 → 哪些能力域)."""
from __future__ import annotations

import re

from .answer import Answer

# 哪六个能力域, 哪三个视角, 哪两章: asked as 哪些 — the number says how many the asker expects, not which
WHICH_N = re.compile(r"哪([一二三四五六七八九十两]+|\d+)(个|项|大|类|种|条|章|层|级|部分|方面|步|阶段|家|位|份)")
# 分别指什么, 哪个先实施, 都引用了, 同时出现在…名单里, 这几份里哪些…: asked of each thing named, the answers side by side
EACH = re.compile(r"分别|各自|(?:哪个|哪份|哪一个|谁)(?:更|最)?(?:先|早|晚|后)|都|同一个?|相同的?|共同的?|共有的"
                  r"|同时(?:出现|参与了?|列)?在?|既"
                  r"|这几(?:份|个|项|部)(?:标准|文件)?(?:里|中|当中)?")
# 共同的起草单位有哪些, 哪些起草人同时出现在A和B, 既参与了A又参与了B: what the answers for each share, said first
SHARED = re.compile(r"共同|共有的|都有|同时|既.{2,40}又")
# 既参与了A，又是B的…: what joins the second thing named to the first, besides 和、与
AGAIN = re.compile(r"[，,]?(?:又|也|还)(?:是|在|参与了?|参加了?)?")
# 是同一个标委会归口的吗: yes when what each is answered with is shared
SAME = re.compile(r"同一|相同")
AND = frozenset({"", "和", "、", "与", "及", "以及", "跟", ","})
_HOW_MANY = re.compile(r"(?:几|多少)个?")
_JOINER = re.compile(r"(?:、|，|,|和|以及|及|与|还有|分别)+$")


def which(m: re.Match) -> str:
    """哪六个 → 哪些, 哪两章 → 哪些章: a measure word that is no noun goes with the number."""
    return "哪些" + ("" if m.group(2) in "个大项种家位份" else m.group(2))


def count_parts(key: str, class_words: frozenset[str] = frozenset()) -> list[str]:
    """The questions a question asking several counts is made of (技术参考模型包含几个层次要素和几个支撑体系 →
    技术参考模型包含几个层次要素, 技术参考模型包含几个支撑体系); [] for a question asking one count."""
    asks = list(_HOW_MANY.finditer(key))
    if len(asks) == 1:   # 一共有多少个能力项和能力子域: one count cue before several class words
        head, things = key[:asks[0].end()], re.split(r"、|和|以及|与|及", key[asks[0].end():].rstrip("？?。 "))
        if len(things) >= 2 and all(t.strip() in class_words for t in things):
            return [head + t.strip() for t in things]
    if len(asks) < 2:
        return []
    head = key[:asks[0].start()]
    parts = []
    for this, after in zip(asks, asks[1:] + [None]):
        part = key[this.start():after.start() if after else len(key)]
        parts.append(head + _JOINER.sub("", part))
    return parts if all(len(p) > len(head) + len(a.group(0)) for p, a in zip(parts, asks)) else []


PASSAGE_LEAD = "没有直接对应的问法，图谱中与问题最接近的条文："


def joined(question: str, answers: list[Answer]) -> Answer:
    """One answer made of the answers to the parts of a question (the lead of passage answers said once)."""
    said = [a.answer for a in answers]
    said = said[:1] + [t.removeprefix(PASSAGE_LEAD) if PASSAGE_LEAD in "".join(said[:i + 1]) else t
                       for i, t in enumerate(said[1:])]
    return Answer(question=question, answered=True, intent="+".join(dict.fromkeys(a.intent or "" for a in answers)),
                  answer="；".join(said), items=[i for a in answers for i in a.items],
                  sources=[s for a in answers for s in a.sources], confidence=min(a.confidence for a in answers),
                  entities=[e for a in answers for e in a.entities], sparql=[q for a in answers for q in a.sparql])


