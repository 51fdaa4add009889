"""Answer a question from the graph: normalize → link → classify → fill a template → render.

No language model: the question is understood by the graph's own names and the
rules of intents.tsv; an answer is only what a template returns, with its sources.
"""
from __future__ import annotations

import itertools
import re
import threading
import weakref
from functools import lru_cache

from loaders.problems import CdtkgError
from loaders.standard_numbers import find_numbers

from ..normalize import compact, fold, is_traditional, spell_numbers, to_traditional
from ..search import Search
from ..search_index import index_dir
from ..segmenter import STOP_WORDS, dictionary_words, segmenter
from . import render
from .answer import Answer
from .english import MIN_SHARE, EnglishReader, english_reader, is_english
from .compound import AGAIN, AND, EACH, PASSAGE_LEAD, SAME, SHARED, WHICH_N, count_parts, joined, which
from .classify import Choice, choices, narrow_to_documents
from .intents import INDEX_DIR, IntentTable, load_intents, template
from .label_index import LabelIndex, add_title_aliases, build_index, expand, match_key
from .linking import THING, Linked, link, marked, partial_candidates
from .yes_no import (ANNEX_NATURE_WORDS, SELF_ANSWERING, asks_leave, claims_of, counted, denies, forbids,
                     referred_elsewhere, verdict, yes_no_question)
from .passages import MISSING, PASSAGE_THRESHOLD, QUANTITY_WORDS, SEARCH_DEPTH, Contexts, Passage, contexts, find_passages, passage_query
from loaders.han import HAN, HAN_CHAR

MAX_QUESTION_CHARS = 500
MAX_NAMED_SEARCHED = 3   # documents a question names that are searched on their own for its passages
ANSWER_THRESHOLD = 0.5
MAX_RUNS = 8          # template runs per question when a name is shared by several things
MAX_TRIES = 4         # readings tried, best first, until one finds something
_MEANINGFUL = re.compile(rf"[0-9A-Za-z{HAN}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a provision says must be done (应支持, 宜具备, 需要符合): a question about what a provision requires.
_ASKS_A_PROVISION = re.compile(r"(?:应|应当|宜|需要|需|要|必须)(?:支持|支援|符合|具备|满足|提供|遵循|采用|建立|兼容)")
# A word jieba tags as a place is one when it says so (杭州市, 余杭区) or the documents' content never uses it.
_PLACE_SUFFIX = "省市区县州镇乡村"
# 跟数字孪生有关的标准, 这类标准归在哪一部分, 体系里…的标准: where a subject sits in the standards system.
_ASKS_TOPIC = re.compile(r"(?:有关|相关|涉及|关于|关联)的?(?:标准|国标)|标准.{0,12}(?:归在|归哪|归入|放在|出现在|在体系|哪个分类|哪一类|哪一部分|哪个部分|哪一块)"
                         r"|(?:体系|框架)(?:里|中).{0,12}标准")
_SYSTEM_WORDS = frozenset({"标准", "体系", "标准体系", "框架", "分类", "部分", "一块", "地方", "这类", "新型"})
MAX_TOPIC_PLACES = 6
MAX_LISTED = 12       # the provisions listed under a lead-in shown with it
STATEMENT_DEPTH = 10  # the clauses searched for a document's own statement of a count or of a thing's parts
PASSAGE_MARGIN = 0.3  # how much surer than an answer of the rules that misses words a passage must be to replace it
SURE_PASSAGE = 0.85   # how sure a passage must be to stand in for an answer of the rules that misses words
# what a document cites or covers is about that document, not about where a subject sits
_NOT_TOPICS = frozenset({"outside", "standard_coverage", "normative_references", "document_cites", "bibliography",
                         "citing_clauses", "clause_cites", "missing_references",
                         # 到2027年要制修订多少项相关标准: what a dated target calls for, not where a subject sits
                         "target", "target_count", "target_topics", "target_goals"})
TOPIC_KEEPS = 0.8     # an answer about a thing's parts or parent this sure is not a topic question
# answers of the changes between editions, which an explanatory note states too
MAX_NOTE_NAMES = 2   # changes looked up by name in a note; more are cited by the note's list of them
CHANGES_LISTED = "技术变化"   # how a note (and a foreword) introduces the changes from the edition replaced
_CHANGE_INTENTS = frozenset({"renamed", "edition_added", "edition_removed", "edition_renamed", "changes"})
# 发布后替代 GB/T 34678-2017: an explanatory note proposes what its standard replaces (its 十二、替代或废止…)
_REPLACEMENT_INTENTS = frozenset({"replaces", "replaced_by"})
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]+)[”\"」』]")
# 对应哪一级, 要到几级, 是第几级: which level of a maturity table holds what the question describes.
_ASKS_LEVEL = re.compile(r"(?:哪一|哪个|哪|第几|几|什么)(?:级|等级|级别)")
_COUNTS_LEVELS = re.compile(r"(?:分|分为|分成|有|共|一共|包括|划分)(?:几|多少|哪几)个?(?:级|等级|级别)|(?:几|多少|哪几)个(?:级|等级|级别)|哪几(?:级|等级)")
_LEVEL_IN_LOCATOR = re.compile(r"(?<=\s)([一二三四五六七八九十]级)(?=\s|$)")
# 有什么不一样, 相比, 有何差别: a question comparing two things; 各分几部分, 分别: asking each of them
_COMPARES = re.compile(r"(?:有什么|有何|有啥|有哪些|存在什么)?(?:不一样|不同|差别|差异|区别|出入|异同)|相比|对比|比较")
_EACH_ASKED = re.compile(r"各自|各(?=[分有包由是自])|分别")
_ASK_WORD = re.compile(r"哪|什么|几|多少|啥|吗")
# 引导语, 开头那句话, 前提说法: how a list is introduced (of the technical changes, with _CHANGE_WORD)
_ASKS_LEAD = re.compile(r"引导语|导语|引语|开头|开场白|前提|那句话|引出")
_CHANGE_WORD = re.compile(r"变化|变动|改动|changes")
_CLAUSE_WORD = re.compile(r"^[章节条]|第$")   # what surrounds a clause number named as 第9章
# A number with its measure word (三个, 8条, 两份) says how many, not what about.
# a place in a list the answer gives whole (参考文献第一条, 起草人前三位): not a word the graph must hold
_ORDINAL = re.compile(r"^[第前][0-9一二三四五六七八九十两]+[个项条位名]?$")
# a question asking when something happened (哪天印发, 什么时候实施, 哪年发布)
# (什么时候 is also "at which stage": 啥时候算完成…对应哪一级)
_ASKS_DATE = re.compile(r"哪天|哪一天|哪日|何日|哪年|哪一年|几月几[日号]|日期|what date|which year|on which day")
_DATE = re.compile(r"(?:19|20)\d{2}\s*(?:年|[-./])\s*\d{1,2}|(?:19|20)\d{2}\s*年")
_COUNTED = re.compile(r"^[0-9一二三四五六七八九十百两几多]+[个项条种类步级层份家位部章节款处次]?$")


@lru_cache(maxsize=1024)
def _asked_of_thing(word: str) -> re.Pattern:
    """◆的…◆…word: the word is what the question asks of the thing it names (城市智能中枢的预算)."""
    gap = "[^" + THING + "]{0,2}"
    return re.compile(THING + "的" + gap + THING + "?" + gap + re.escape(word))


def _ends_a_name(word: str, item: str) -> bool:
    """Whether `word` ends a name `item` gives: before a closing quote or at its end (“数据流通利用设施”)."""
    return (item.endswith(word) or item.endswith(word + "\n")
            or any(word + q in item for q in "”」』\""))


def _no_answer(question: str, reason: str, **extra) -> Answer:
    return Answer(question=question, answered=False, answer="", reason=reason, **extra)


def check_question(question) -> str | None:
    """Why `question` cannot be asked at all (empty, too long, no words), or None."""
    if not isinstance(question, str) or not question.strip():
        return "问题是空的：请输入一个问题，例如“什么是城市智能中枢？”"
    if len(question) > MAX_QUESTION_CHARS:
        return f"问题太长（{len(question)} 字，上限 {MAX_QUESTION_CHARS} 字）：请一次只问一个问题。"
    if not _MEANINGFUL.search(fold(_CONTROL.sub(" ", question))):
        return "问题里没有可识别的文字：请用中文或英文提问。"
    return None


def _dated(text: str, words: list[str], near: int = 24) -> bool:
    """Whether `text` gives a date with every one of `words` close to it (2025年2月28日…正式立项 for 哪天立项):
    the date of the event asked about, not a date of something else the passage mentions."""
    text = match_key(text)
    return any(all(w in text[max(0, m.start() - near):m.end() + near] for w in words) for m in _DATE.finditer(text))


class Asker:
    """Answers questions over one Graph; its name index is built once."""

    def __init__(self, graph, table: IntentTable | None = None):
        self.graph = graph
        self.table = table or load_intents()
        self.index: LabelIndex = build_index(graph, self.table)
        self.ignore = self.table.cue_words | self.table.filler | STOP_WORDS
        self._segmenter = None
        self._search = None
        self._context = None
        self._recent: dict[str, list] = {}
        # what one question's answering works out more than once (its words, content words and links), per
        # thread and kept only while that question is asked: a new question starts afresh
        self._asking = threading.local()
        self._orgs: frozenset[str] | None = None
        self._reader: EnglishReader | None = None
        self._explained: dict[str, set[str]] | None = None
        self._levels: dict[str, list[str]] | None = None
        self._class_words = frozenset(w.word for w in self.table.words if w.kind == "class")
        self._lock = threading.Lock()
        add_title_aliases(self.index, self.words_of)

    # --- segmentation (jieba: its dictionary loads once per process, with the graph's names) ---
    def words_of(self, text: str) -> list[str]:
        if self._segmenter is None:
            with self._lock:
                if self._segmenter is None:
                    labels = [self.index.doc_keys.get(c.iri, c.label) if c.kind == "document" else c.label
                              for cands in self.index.names.values() for c in cands]
                    labels += list(self.index.synonyms)
                    self._segmenter = segmenter(dictionary_words(labels))
        # a question's words are asked for many times (each reading, each passage weighed): segmented once
        return list(self._once("words", text, lambda: tuple(self._segmenter.words_of(text))))

    def _once(self, kind: str, key, make):
        """`make()`, worked out once per question for `key` among the things of `kind` (words, content,
        linked) while a question is asked; outside one, `make()` each time."""
        kept = getattr(self._asking, kind, None)
        if kept is None:
            return make()
        if key not in kept:
            kept[key] = make()
        return kept[key]

    def _link(self, key: str) -> Linked:
        """The things `key` names (see linking.link), linked once per question: its readings (each
        sentence, each side of a comparison, the whole) link it again. Nothing changes a Linked once made."""
        return self._once(
            "linked", key, lambda: link(key, self.index, self.words_of, self.ignore, self.table.cue_words))

    # --- the pipeline -------------------------------------------------------------
    def ask(self, question: str, yes_no: bool = True) -> Answer:
        """Return the Answer to `question` (never raises on odd input); `yes_no` False asks a
        是否/吗 question as it stands, without testing the statement in it. A question in
        traditional characters is understood as simplified and answered in traditional ones."""
        asking = self._asking
        outer = not hasattr(asking, "words")
        if outer:   # not a question asked while answering another (a yes/no question's statement)
            asking.words, asking.content, asking.linked = {}, {}, {}
        try:
            answer = self._ask(question, yes_no)
        finally:
            if outer:
                del asking.words, asking.content, asking.linked
        if isinstance(question, str) and is_traditional(question):
            answer.answer, answer.reason = to_traditional(answer.answer), to_traditional(answer.reason)
            answer.items = [to_traditional(i) for i in answer.items]
        return answer

    def _ask(self, question: str, yes_no: bool = True) -> Answer:
        bad = check_question(question)
        if bad:
            shown = question if isinstance(question, str) else str(question)
            if len(shown) > MAX_QUESTION_CHARS:  # not echoed back in full
                shown = shown[:MAX_QUESTION_CHARS] + "…"
            return _no_answer(shown, bad)
        key = WHICH_N.sub(which, match_key(spell_numbers(_CONTROL.sub(" ", question))))
        english = is_english(key)
        reading = self._english().read(key, question) if english else None
        if not english:
            # CTMM 一共多少个能力子域、多少个能力项: each count asked on its own, the answers together
            counted = count_parts(key, self._class_words) or self._each_parts(key)
            same = bool(SAME.search(key) and yes_no_question(key))
            if counted:
                found = [self._answer_key(question, part, english, yes_no and not same) for part in counted]
                if all(a.answered for a in found):
                    answer = joined(question, found)
                    shared = [i for i in found[0].items if all(i in a.items for a in found[1:])]
                    if same:   # 技术参考模型和成熟度模型是同一个标委会归口的吗: 是 when an item is shared
                        answer.answer = ("是。" if shared else "否。") + answer.answer
                        answer.intent = f"yes_no/{answer.intent}"
                    elif SHARED.search(key) and len(found) > 1:   # 共同的起草单位: what every answer holds, first
                        lead = f"共同的有 {len(shared)} 项：{'；'.join(shared)}。" if shared else "没有共同的一项。"
                        answer.answer = lead + "各自：" + answer.answer
                    return answer
        plain = self._answer_key(question, key, english, yes_no)
        compared = self._compared_parts(key) if not english and plain.intent != "definition_diff" else []
        # (两份文件对“数据治理”的定义对比: one term's definitions side by side, answered whole)
        if compared:
            # 转型应用和技术参考模型的应用层覆盖的领域有什么不一样, A–E体系和城市数字化标准体系各分几部分:
            # each side asked on its own, the answers side by side
            found = [self._answer_key(question, part, english, False) for part in compared]
            if all(a.answered for a in found) and len({a.answer for a in found}) == len(found):
                return joined(question, found)
        sentences = self._sentences(key) if not english else []
        if sentences:
            # …哪几家单位起草的？归口在哪个标委会？: each sentence answered, unless the whole is answered surer
            found = [self._answer_key(question, part, english, yes_no) for part in sentences]
            if all(a.answered for a in found) and (not plain.answered
                                                   or min(a.confidence for a in found) >= plain.confidence):
                return joined(question, list({a.answer: a for a in found}.values()))
        if reading and reading.share >= MIN_SHARE:
            # an English question also read in Chinese through the graph's English names: the surer answer
            found = self._answer_key(question, match_key(reading.text), True, yes_no, reading=True)
            if plain.absent and plain.confidence >= ANSWER_THRESHOLD:
                return plain   # the ICS code of X, which X does not give: not X's Chinese name
            if found.answered and (not plain.answered or found.confidence > plain.confidence
                                   or plain.intent == "passage" != found.intent):
                return found
            return plain if plain.answered else found
        return plain

    def _sentences(self, key: str) -> list[str]:
        """The questions of a question asked in several sentences (…是哪几家单位起草的？归口在哪个标委会？),
        a later one naming nothing taking the things the first names, one naming no document the
        documents it names; [] for a question of one sentence."""
        sentences = [p.strip(" ，,。") for p in re.split(r"[?？]", key)]
        sentences = [p for p in sentences if len(_MEANINGFUL.findall(p)) >= 2]
        if len(sentences) < 2:
            return []
        def named(text: str) -> list:
            return [m for m in self._link(text).mentions
                    if not m.is_frame and m.candidates]
        first = named(sentences[0])
        documents = [m.text for m in first if "document" in m.kinds]
        parts = [sentences[0]]
        for sentence in sentences[1:]:
            own = named(sentence)
            if not own:
                sentence = " ".join([m.text for m in first] + [sentence])
            elif documents and not any("document" in m.kinds for m in own):
                sentence = " ".join(documents + [sentence])
            parts.append(sentence)
        return parts

    def _compared_parts(self, key: str) -> list[str]:
        """The two questions of a question comparing two things (X和Y…有什么不一样, X与Y相比, X和Y各分几部分):
        X and Y each asked what the question asks of them, a comparison asked as 有哪些; [] otherwise."""
        cue = _COMPARES.search(key) or _EACH_ASKED.search(key)
        if not cue:
            return []
        mentions = [m for m in self._link(key).mentions
                    if not m.is_frame and m.candidates]
        inside = {i for m in mentions for i in range(m.start, m.end)}
        for conj in re.finditer(r"[和与跟同]", key[:cue.start()]):
            at = conj.start()
            if at in inside:
                continue
            left = [m for m in mentions if m.end <= at]
            stop = min([cue.start()] + [c.start() for c in re.finditer(r"[，,；;]", key) if c.start() > at])
            right = [m for m in mentions if m.start > at and m.end <= stop]
            if not left or not right:
                continue
            things = [[m for m in side if "document" not in m.kinds] for side in (left, right)]
            if not any(things):   # 技术参考模型与2017年版相比: the changes between editions, not two things
                continue
            if all(things) and {c.iri for c in things[0][-1].candidates} & {c.iri for c in things[1][-1].candidates}:
                return []   # one term in two documents: their definitions side by side
            end = right[-1].end
            tail = key[end:]
            compare = _COMPARES.search(tail) or _COMPARES.search(key[:at])
            core = _EACH_ASKED.sub("", tail).strip("，,；; ")
            if not _ASK_WORD.search(core):
                core = core.rstrip("？?。") + "有哪些"
            if compare:   # what each covers (领域, 方面, 部分) is what it includes
                return [key[:left[-1].end] + "包括哪些", key[at + 1:end] + "包括哪些"]
            return [key[:at] + core, key[at + 1:end] + core]
        return []

    def _each_parts(self, key: str) -> list[str]:
        """The questions of a question about each of several things of one kind (OTP和OVP分别指什么 →
        OTP指什么, OVP指什么); [] otherwise."""
        if not EACH.search(key):
            return []
        mentions = [m for m in self._link(key).mentions
                    if not m.is_frame and m.candidates]
        run = mentions[:1]
        for m in mentions[1:]:
            gap = _CLAUSE_WORD.sub("", key[run[-1].end:m.start].strip(" “”\"「」『』"))   # 第9章和第10章
            if not gap and {c.iri for c in run[-1].candidates} & {c.iri for c in m.candidates}:
                continue   # 技术参考模型征求意见稿: one thing named in two words
            if (gap in AND or SHARED.search(key) and AGAIN.fullmatch(gap)) and run[-1].kinds & m.kinds:
                run.append(m)
            elif len(run) < 2:
                run = [m]
        if len(run) < 2:
            return []
        rest = EACH.sub("", key[run[-1].end:])
        return [EACH.sub("", key[:run[0].start]) + m.text + rest for m in run]

    def _english(self) -> EnglishReader:
        if self._reader is None:
            with self._lock:
                if self._reader is None:
                    self._reader = english_reader(self.graph, self.index.names)
        return self._reader

    def _answer_key(self, question: str, key: str, english: bool, yes_no: bool, reading: bool = False) -> Answer:
        """The Answer to `question`, read as `key` (match_key form); `english` phrases it in English;
        `reading` says `key` is an English question's Chinese reading, whose word order is English."""
        if not english and _ASKS_LEAD.search(key) and _CHANGE_WORD.search(key):
            lead = self._changes_lead(question)
            if lead:
                return lead
        answer = self._answer_rules(question, key, english, yes_no, reading)
        if (_ASKS_TOPIC.search(key) and answer.intent not in _NOT_TOPICS
                and not (answer.answered and answer.intent in ("belongs", "contents", "members")
                         and answer.confidence >= TOPIC_KEEPS)):
            # 跟数字孪生有关的标准, 碳足迹这类标准归在哪: where the subject sits in the standards system
            return self._topic_answer(question, key, answer) or answer
        return answer

    def _changes_lead(self, question: str) -> Answer | None:
        """How each document introduces its list of technical changes (GB/T 1.1: the foreword states the
        changes from the edition replaced — 与…相比，除…外，主要技术变化如下), the sentences side by side:
        前言和编制说明对技术变化的引导语有什么不同. None when no document lists changes."""
        search = self._search_index()
        if search is None:
            return None
        try:
            hits = search.search(CHANGES_LISTED, kind="条款", limit=50, snippets=False).hits
        except CdtkgError:
            return None
        items, sources, seen = [], [], set()
        for h in hits:
            text = " ".join((search.full_text(h.iri) or "").split())
            at = text.find(CHANGES_LISTED + "如下")
            if at < 0 or h.document in seen:
                continue
            seen.add(h.document)
            start = max(text.rfind(c, 0, at) for c in "。；：") + 1
            sentence = text[start:at + len(CHANGES_LISTED) + 2].strip()
            items.append(f"{h.document} {h.locator}：“{sentence}”")
            sources.append({"document": h.document, "locator": h.locator, "iri": h.iri})
        if not items:
            return None
        answer = f"{len(items)} 份文件介绍技术变化的引导语：" + "；".join(items) if len(items) > 1 \
            else f"介绍技术变化的引导语：{items[0]}"
        return Answer(question=question, answered=True, intent="changes_lead", answer=answer, items=items,
                      sources=sources, confidence=0.8)

    def _topic_answer(self, question: str, key: str, found: Answer) -> Answer | None:
        """The framework nodes and planned standards a subject's words name (each with its place in the
        framework, a node with the standards planned under it), before the published standards mapped
        to it (`found`, when that is a coverage answer); None when no node or planned standard has them."""
        words = [w for w in self._split_document_words(self.content_words(key))[0] if w not in _SYSTEM_WORDS]
        query = template("topic_places")
        rows, seen, used = [], set(), []
        for w in words:
            for r in self.graph.run(query, {"word": w}).records():
                if w not in used:
                    used.append(w)
                if r["source"] not in seen:
                    seen.add(r["source"])
                    rows.append(r)
        if not rows:
            return None
        rows.sort(key=lambda r: int(r["rank"]))
        parent = template("parent")
        items, sources = [], []
        for r in rows[:MAX_TOPIC_PLACES]:
            above = " › ".join(" ".join(x for x in (str(p.get("notation") or ""), str(p["item"])) if x)
                               for p in self.graph.run(parent, {"entity": r["source"]}).records())
            name = " ".join(x for x in (str(r.get("notation") or ""), str(r.get("heading") or r["item"])) if x)
            if r["kind"] == "planned":
                item = f"拟制定标准“{name}”（{above}）" if above else f"拟制定标准“{name}”"
            else:
                item = f"{above} › {name}" if above else name
                if r.get("planned"):
                    item += f"，其下拟制定：{r['planned']}"
            items.append(item)
            sources.append({"document": self.index.doc_label(str(r["doc"])), "locator": str(r["locator"]),
                            "iri": str(r["source"])})
        if found.answered and found.intent == "coverage":
            items += found.items
            sources += found.sources
        log = found.sparql + [{"template": query.name, "bindings": {"word": words}, "query": query.text,
                               "rows": len(rows)}]
        answer = f"标准体系中与“{'、'.join(used)}”有关的位置有 {len(items)} 处：" + "；".join(items)
        return Answer(question=question, answered=True, intent="topic", answer=answer, items=items,
                      sources=sources, confidence=0.8 if rows[0]["rank"] == 0 else 0.6,
                      entities=found.entities, sparql=log)

    def _answer_rules(self, question: str, key: str, english: bool, yes_no: bool, reading: bool = False) -> Answer:
        """The Answer of the rules of intents.tsv (or passages) to `key`."""
        inner = yes_no_question(key) if yes_no else None
        if inner:
            return self._yes_no(question, key, inner)
        linked = self._link(key)
        text, marks = marked(key, linked.mentions)
        entities = [self._entity_json(m) for m in linked.mentions]
        outside = self._outside(key, linked, english)
        if outside:
            return _no_answer(question, f"问题问的是文件之外的事实（“{'、'.join(outside)}”）：图谱只收录标准文件本身的内容，"
                                        "没有这类信息。下面是图谱中与问题有关的内容。",
                              intent="outside", suggestions=self.suggestions(question, linked), entities=entities)
        unheld = self._clause_of_unheld(linked)
        if unheld:
            return _no_answer(question, f"图谱中没有{unheld}的条文：这份文件只被收录的文件引用，它的正文不在语料里。",
                              intent="unheld_clause", absent=True, suggestions=self.suggestions(question, linked),
                              entities=entities)
        options = choices(self.table.rules, linked.mentions, text, marks, key)
        if not options:
            return self._passage_answer(question, key, entities, []) or self._unanswerable(question, linked, entities)
        sparql_log: list[dict] = []
        for choice in options[:MAX_TRIES]:
            named = {c.iri for m in choice.unused if not m.partial for c in m.candidates if c.kind == "document"}
            named |= {n for d in named for n in self._notes().get(d, ())}   # a note tells of its document too
            if not narrow_to_documents(choice):
                continue
            runs = self._run(choice, sparql_log)
            within = [[r for r in run if str(r.get("doc")) in named] for run in runs]
            if any(within):   # T/SZS 4042-2021 正文哪些条款引用了 GB/T 34678-2017: the rows of the document named
                runs = within
            optional = frozenset(n.lstrip("?") for line in template(choice.rule.template).meta.get("optional", [])
                                 for n in line.split())
            if not render.says_something(self._phrasing(choice, english), runs, optional):
                runs = [[] for _ in runs]
            if any(runs) or render.has_none_form(self._phrasing(choice, english)):
                if ((_ASKS_A_PROVISION.search(key) or reading and not choice.rule.cues
                     or self._asks_level(key, choice))
                        and not choice.rule.template.startswith("requirements")):
                    # 安全保障体系应符合哪些标准: the provision that says so, if one does
                    passage = self._passage_answer(question, key, entities, sparql_log)
                    if passage:
                        return passage
                answer = self._answer(question, linked, text, english, choice, runs, entities, sparql_log)
                if not answer.answered and answer.confidence and not answer.absent:  # too unsure: a passage?
                    return self._passage_answer(question, key, entities, sparql_log) or answer
                if answer.answered and not reading:
                    # 城市数据治理IT架构包含哪几个平台: an answer that holds none of what the question adds to
                    # the thing (架构) yields to a passage that holds it, when that passage is sure
                    frame = {m.text for m in linked.mentions if m.is_frame}
                    said = answer.answer + "".join(answer.items)
                    missed = [w for w in self._unexplained(text, choice, frame) if w not in said]
                    if missed:
                        passage = self._passage_answer(question, key, entities, sparql_log, SURE_PASSAGE)
                        named = [m.text for m in linked.mentions if not m.is_frame]
                        held = match_key(passage.answer) if passage else ""
                        if passage and any(re.search(re.escape(n) + ".{0,4}" + re.escape(w), held)
                                           for n in named for w in missed):
                            return passage   # the passage names the thing with what was added (…IT架构)
                        if passage and passage.confidence - answer.confidence >= PASSAGE_MARGIN:
                            return passage   # 支付频率周期的允许值: a passage holding every word, not a rule's guess
                return answer
        passage = self._passage_answer(question, key, entities, sparql_log)
        if passage:
            return passage
        if linked.unknown_numbers:
            reason = self._unknown_numbers(linked)
        else:
            what = "、".join(dict.fromkeys(self._shown(m.candidates[0]) for m in linked.mentions if m.candidates))
            reason = f"图谱中没有找到与“{what}”相关的这类内容。"
        return _no_answer(question, reason, intent=options[0].rule.intent,
                          suggestions=self.suggestions(question, linked), entities=entities, sparql=sparql_log)

    def _clause_of_unheld(self, linked: Linked) -> str | None:
        """How answers name the one document a question names, with a clause number, when the graph
        holds no text of it (能力评价标准第12章: the standard is only cited); None otherwise."""
        documents = [m for m in linked.mentions if "document" in m.kinds]
        if len(documents) != 1 or not any(m.kinds == {"clause"} for m in linked.mentions):
            return None
        held = {d for d, _ in self.index.titles}
        if documents[0].kinds != {"document"} or any(c.iri in held for c in documents[0].candidates):
            return None
        return self._shown(documents[0].candidates[0])

    def _answer_again(self, question: str, key: str) -> Answer:
        """The answer to a yes/no question an intent answers itself (有效吗): asked as it was."""
        return self.ask(question, yes_no=False)

    def _yes_no(self, question: str, key: str, inner: str) -> Answer:
        """A yes/no question: the statement asked as a question, then 是 or 否 with the fact that
        decides it; refused when the graph holds nothing about the statement."""
        found = self.ask(inner)
        if found.intent in SELF_ANSWERING:
            return self._answer_again(question, key)
        decided = self._yes_no_by_passage(question, key, inner, found)
        if decided:
            return decided
        if not found.answered:
            return _no_answer(question, found.reason, intent=found.intent, suggestions=found.suggestions,
                              entities=found.entities, sparql=found.sparql)
        linked = self._link(key)
        names = [m.text for m in linked.mentions if not m.is_frame and m.candidates]
        if found.intent == "scope":   # 适用于无线充电吗: the scope must name what it is asked to apply to
            names += [w for w in self.content_words(match_key(inner)) if not self._documents_named(w)
                      and not any(w in n or n in w for n in names)]
        if found.intent == "annex_nature":   # 附录A是规范性的吗: the nature asked must be the one the annex has
            names += [nature for word, nature in ANNEX_NATURE_WORDS.items() if word in inner]
        yes = verdict(claims_of(inner, names), found.answer + "\n" + "\n".join(found.items))
        word = ("Yes. " if yes else "No. ") if not HAN_CHAR.search(key) else ("是。" if yes else "否。")
        found.question, found.answer = question, word + found.answer
        found.intent = f"yes_no/{found.intent}"
        return found

    def _yes_no_by_passage(self, question: str, key: str, inner: str, found: Answer) -> Answer | None:
        """A yes/no question no rule answers, decided by the passage that states it: 否 when the passage
        negates what the statement says (本标准未采用…), 是 otherwise; None without such a passage."""
        inner_key = match_key(inner)
        passages = self.passages(inner_key)
        if not passages or passages[0].confidence < PASSAGE_THRESHOLD:
            return None
        best = max(passages, key=lambda p: p.order())   # the one saying it as the question does
        words = self.content_words(inner_key, cues=True)
        if found.answered and found.intent != "passage":
            # an answer of the rules decides, unless the passage is surer and holds words it lacks (涉及专利)
            said = match_key(found.answer + " ".join(found.items))
            if best.confidence <= found.confidence or all(w in said for w in words if w in match_key(best.text)):
                return None
        # the passage must hold what is asked (被新版本替代了吗: 替代, 版本), not a word of its own (已经)
        asked = [w for w in words if not self._documents_named(w) and w not in self.table.filler]
        text = match_key(best.text)
        if len([w for w in asked if w in text]) * 2 < len(asked):
            return None
        numbers = [c for c in claims_of(inner, []) if c[:1].isdigit()]   # 分为6级: the passage must say 6
        no = (denies(words, best.text) or referred_elsewhere(words, best.text) or not verdict(numbers, counted(best.text))
              or asks_leave(inner_key) and forbids(best.text))
        named = self._search_documents()
        best.document = self.index.doc_label(named.get(best.document)) or best.document
        english = not HAN_CHAR.search(key)
        word = ("No. " if no else "Yes. ") if english else ("否。" if no else "是。")
        return Answer(question=question, answered=True, intent="yes_no/passage", answer=word + best.item(),
                      items=[best.item()], sources=[{"document": best.document, "locator": best.locator,
                                                     "iri": best.iri}],
                      confidence=best.confidence, entities=found.entities, sparql=found.sparql)

    def _outside(self, key: str, linked: Linked, english: bool = False) -> list[str]:
        """What a question asks that no document records: a phrase of the [outside] section or a
        place name the graph does not know (深圳的成熟度是几级), outside every name it links."""
        covered = [False] * len(key)
        for m in linked.mentions:
            for i in range(m.start, min(m.end, len(key))):
                covered[i] = True
        found = []
        for phrase in self.table.outside:
            at = key.find(phrase)
            while at >= 0:
                if not any(covered[at:at + len(phrase)]) and (not phrase.isascii() or re.search(
                        rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", key)):
                    found.append(phrase)
                    break
                at = key.find(phrase, at + 1)
        if HAN_CHAR.search(key) and not english:   # an English question read in Chinese names no Chinese place
            self.words_of("")  # the segmenter, loaded once
            search = self._search_index()
            for at, place in self._segmenter.places(key):
                if (not any(covered[at:at + len(place)]) and place not in self.ignore
                        and not self._all_filler(place)   # 旧版本, tagged a place: made of filler words
                        and place not in self.index.names
                        and (place[-1] in _PLACE_SUFFIX or search is None or not search.in_content(place, self._organisations()))):
                    found.append(place)
        return list(dict.fromkeys(found))

    def _organisations(self) -> frozenset[str]:
        """The compact names of every organisation of the graph (longest first matters not: each is removed)."""
        if self._orgs is None:
            self._orgs = frozenset(compact(n) for n, cands in self.index.names.items()
                                   if any(c.kind == "organization" for c in cands) and len(n) > 3)
        return self._orgs

    def content_words(self, key: str, cues: bool = False) -> list[str]:
        """The words of a question that say what it is about: no filler or counted word, no cue
        word unless `cues`, none inside a longer one (worked out once per question)."""
        return list(self._once("content", (key, cues), lambda: tuple(self._content_words(key, cues))))

    def _content_words(self, key: str, cues: bool) -> list[str]:
        ignore = self.ignore - self.table.cue_words if cues else self.ignore
        quoted = [q for q in _QUOTED.findall(key) if 2 <= len(q) <= 12]   # “免申即享”: one word, as the asker marked it
        numbers = []   # JR/T 0294.1: one word naming a document, not the words jr, t and 0294
        for n in reversed(find_numbers(key)):
            numbers.insert(0, n.number)
            key = key[:n.start] + "，" + key[n.end:]
        words = [w for w in dict.fromkeys(numbers + quoted + self.words_of(key))
                 if len(w) >= 2 and w not in ignore and not _COUNTED.match(w) and not _ORDINAL.match(w)
                 and not self._all_filler(w)]
        return [w for w in words if not any(w != o and w in o for o in words)]

    def passages(self, key: str) -> list[Passage]:
        """The passages of the graph closest to a question (in match_key form), best first; the
        verb of a requirement question (应符合 → 符合) is one of the words a passage must hold."""
        words, documents = self._split_document_words(self.content_words(key))
        asked = _ASKS_A_PROVISION.search(key)
        if asked:
            words.append(asked.group(0)[-2:])
        cues = [w for w in self.content_words(key, cues=True) if w not in words and w not in self.table.filler]
        # 才够五级: a level named is a word a cell of a maturity table holds (its locator), not a count;
        # optional, as a question may name two (二级…？三级呢？)
        cues += [w for w in dict.fromkeys(self.words_of(key)) if w not in words and _COUNTED.match(w)
                 and any(c.kind == "level" for c in self.index.lookup(w))]
        cues = [w for w in cues if not self._documents_named(w)]
        synonyms = {**self.index.synonyms, **QUANTITY_WORDS, **self._level_names()}
        found = find_passages(self._search_index(), self._hits(key), words + cues, synonyms,
                              self._contexts(), frozenset(cues), key)
        if documents:   # 技术参考模型里…: a passage of another document lacks what the question named
            named = self._search_documents()
            for p in found:
                if named.get(p.document) not in documents:
                    p.confidence = round(p.confidence * MISSING, 2)
            found.sort(key=lambda p: -p.confidence)
        return found

    def _level_names(self) -> dict[str, list[str]]:
        """Each name of a maturity level → its other names (协同级 → 三级, 3级…): a level cell's locator says 三级."""
        if self._levels is None:
            by_level: dict[str, set[str]] = {}
            for name, cands in self.index.names.items():
                for c in cands:
                    if c.kind == "level" and c.iri and HAN_CHAR.search(name):
                        by_level.setdefault(c.iri, set()).add(name)
            self._levels = {n: sorted(names - {n}) for names in by_level.values() for n in names}
        return self._levels

    def _documents_named(self, word: str) -> set[str]:
        """The documents of the corpus `word` is a name of (技术参考模型, 参考模型)."""
        ingested = {d for d, _ in self.index.titles}
        named = (self.index.numbers.get(word) or self.index.bases.get(word) or self.index.lookup(word)
                 or partial_candidates(self.index, word, set()))
        return {c.iri for c in named if c.kind == "document" and c.iri in ingested}

    def _notes(self) -> dict[str, set[str]]:
        """Each standard → the explanatory notes that explain it."""
        if self._explained is None:
            notes: dict[str, set[str]] = {}
            for r in self.graph.run(template("explains", INDEX_DIR)).records():
                notes.setdefault(str(r["doc"]), set()).add(str(r["note"]))
            self._explained = notes
        return self._explained

    def _split_document_words(self, words: list[str]) -> tuple[list[str], set[str]]:
        """The words that are not names of a document of the corpus, and the documents the others name
        (a passage is looked for in them, not for their names in its text)."""
        rest, documents = [], set()
        for w in words:
            docs = self._documents_named(w)
            if docs:
                documents |= docs | {n for d in docs for n in self._notes().get(d, ())}
            else:
                rest.append(w)
        return (rest or words), (documents if rest else set())

    def _hits(self, key: str) -> list:
        """The search hits for a question's rarest content words (asked once per question:
        passages and suggestions share them); [] without a search index."""
        index = self._search_index()
        if index is None:
            return []
        cached = self._recent.get(key)
        if cached is not None:
            return cached
        try:
            every = self.content_words(key)
            words, documents = self._split_document_words(every)
            query = passage_query(index, words) or key[:200]
            hits = index.search(query, limit=SEARCH_DEPTH, snippets=False).hits
            named = sorted({d for w in every if w not in words for d in self._documents_named(w)})
            if documents and named:   # T/CAMET 04011.4 的附录A: the named document's own hits first, however common the words
                own = [h for d in named[:MAX_NAMED_SEARCHED]
                       for h in index.search(query, doc=d, limit=SEARCH_DEPTH, snippets=False).hits]
                hits = list({h.iri: h for h in own + hits}.values())
        except Exception:  # nothing searchable in the question: no passages, no suggestions
            hits = []
        if len(self._recent) > 64:
            self._recent.clear()
        self._recent[key] = hits
        return hits

    def _search_documents(self) -> dict[str, str]:
        """How search hits name documents → the documents' IRIs."""
        index = self._search_index()
        return {d["display"]: d["iri"] for d in index.documents} if index is not None else {}

    def _contexts(self) -> Contexts:
        if self._context is None:
            with self._lock:
                if self._context is None:
                    self._context = contexts(self.graph)
        return self._context

    def _passage_answer(self, question: str, key: str, entities: list[dict], log: list[dict],
                        threshold: float | None = None) -> Answer | None:
        """An answer made of the provisions or clauses that match the question best, when the best
        is sure enough (`threshold`, PASSAGE_THRESHOLD as the module holds it when None); None otherwise."""
        threshold = PASSAGE_THRESHOLD if threshold is None else threshold
        found = self.passages(key)
        if not found or found[0].confidence < threshold:
            return None
        if _ASKS_DATE.search(key):   # 哪天印发: a passage answers with a date of that event, or not at all
            words = [w for w in self._split_document_words(self.content_words(key))[0]
                     if not self._documents_named(w)]
            found = [p for p in found if _dated(p.text, words)]
            if not found:
                return None
        named = self._search_documents()
        for p in found:  # named as answers name documents, a level by its number and name (四级（融合级）)
            p.document = self.index.doc_label(named.get(p.document)) or p.document
            p.locator = _LEVEL_IN_LOCATOR.sub(lambda m: self._level_name(m.group(1), named.get(p.document)), p.locator)
        search, context = self._search_index(), self._contexts()
        for p in found:   # a lead-in (战略目标应满足以下要求：) is answered by what is listed under it
            if p.text.rstrip().endswith(("：", ":")) and context.children.get(p.iri):
                listed = [search.full_text(c) or (search.record(c) or {}).get("label", "")
                          for c in context.children[p.iri][:MAX_LISTED]]
                p.text = p.text.rstrip() + "".join(f" {x.strip()}" for x in listed if x.strip())
        items = [p.item() for p in found]
        log.append({"template": "passage", "bindings": {"words": self.content_words(key)},
                    "query": "全文检索：列项、条款、等级特征、术语条目", "rows": len(found)})
        sources = [{"document": p.document, "locator": p.locator, "iri": p.iri} for p in found]
        return Answer(question=question, answered=True, intent="passage",
                      answer=PASSAGE_LEAD + "；".join(items), items=items,
                      sources=sources, confidence=found[0].confidence, entities=entities, sparql=log)

    def _count_statement(self, word: str, documents: set[str]) -> tuple[str, str] | None:
        """Where one of `documents` states how many `word` there are in its own words (…、20个核心能力子域、…):
        (document and locator, the words) or None."""
        if not HAN_CHAR.search(word):
            return None
        # counts are stated in a clause's text (…由 6 个能力域、20 个核心能力子域…构成)
        stated = re.compile(rf"[0-9一二三四五六七八九十两]+\s*个[{HAN}]{{0,4}}?{re.escape(word)}")
        return self._stated_in_clause(word, stated, documents)

    def _composition_statement(self, cand, documents: set[str]) -> tuple[str, str] | None:
        """Where one of `documents` says in its own words what a thing is made of (CTMM 由成熟度等级、能力域、
        成熟度等级特征3部分构成): (document and locator, the words) or None."""
        name = compact(self._shown(cand))
        if len(name) < 2 or not HAN_CHAR.search(name):
            return None
        spelled = r"\s*".join(re.escape(ch) for ch in name)   # as printed: 城市全域数字化转型 成熟度模型
        stated = re.compile(rf"{spelled}[^。；]{{0,20}}?由[^。；]{{4,120}}?(?:构成|组成)")
        return self._stated_in_clause(name, stated, documents, fold=match_key)

    def _stated_in_clause(self, query: str, stated: re.Pattern, documents: set[str],
                          fold=lambda text: text) -> tuple[str, str] | None:
        """Where a clause of one of `documents` that a search for `query` finds holds `stated` in its text (folded
        by `fold`): (document and locator, the words) or None."""
        search = self._search_index()
        if search is None:
            return None
        named = self._search_documents()
        try:
            hits = search.search(query, kind="条款", limit=STATEMENT_DEPTH, snippets=False).hits
        except CdtkgError:
            return None
        for h in hits:
            if named.get(h.document) in documents:
                m = stated.search(fold(search.full_text(h.iri) or ""))
                if m:
                    return f"{self.index.doc_label(named[h.document])} {h.locator}".strip(), m.group(0)
        return None

    def _chinese_word(self, cand) -> str:
        """How a Chinese answer names a thing or class an English question named (capability items → 能力项)."""
        if cand.kind in ("class", "modality"):
            return next((w.word for w in self.table.words if w.value == cand.value and HAN_CHAR.search(w.word)),
                        cand.label)
        return self._shown(cand)

    @staticmethod
    def _asks_level(key: str, choice: Choice) -> bool:
        """Whether a question asks at which level something is (要到几级, 对应哪一级), not how many levels
        there are (分几级) nor about a level it names."""
        return bool(_ASKS_LEVEL.search(key) and not _COUNTS_LEVELS.search(key)
                    and not {"level", "city_category"} & {c.kind for b in choice.bindings for c in b.candidates})

    def _level_name(self, level: str, document: str | None) -> str:
        """`四级` → `四级（融合级）` where the graph names that level (of `document`'s model, if known)."""
        names = [c.label for c in self.index.lookup(level) if c.kind == "level" and c.label != level
                 and (document is None or not c.docs or document in c.docs)]
        return f"{level}（{names[0]}）" if len(set(names)) == 1 else level

    def _shown(self, cand) -> str:
        if cand.kind == "document" and cand.iri:
            return self.index.doc_label(cand.iri)
        return (self.index.display.get(cand.iri) if cand.iri else None) or cand.label

    def _entity_json(self, m) -> dict:
        return {"text": m.text, "partial": m.partial,
                "candidates": [{"kind": c.kind, "iri": c.iri, "value": c.value, "label": self._shown(c),
                                "score": round(c.score, 2)} for c in m.candidates[:8]]}

    def _run(self, choice: Choice, log: list[dict]) -> list[list[dict]]:
        """Run the rule's template once per combination of the slots' candidates; returns rows per run."""
        query = template(choice.rule.template)
        types = {p.name: p.type for p in query.params}
        per_slot = [[(b.slot.param, c) for c in b.candidates] for b in choice.bindings]
        runs, seen = [], set()
        for combo in itertools.islice(itertools.product(*per_slot), MAX_RUNS):
            params = {}
            for param, cand in combo:
                if types.get(param) == "iri":
                    params[param] = cand.iri or (expand(cand.value) if cand.value else None)
                else:
                    params[param] = cand.value if cand.value is not None else cand.label
            try:
                found = self.graph.run(query, params).records()
            except CdtkgError as e:  # a thing that cannot be bound (no IRI): this combination says nothing
                log.append({"template": query.name, "bindings": params, "query": query.text, "error": str(e)})
                runs.append([])
                continue
            log.append({"template": query.name, "bindings": params, "query": query.text, "rows": len(found)})
            rows = []
            for r in found:
                k = tuple(sorted((c, str(v)) for c, v in r.items()))
                if k not in seen:
                    seen.add(k)
                    rows.append(r)
            runs.append(rows)
        return runs

    def _unexplained(self, text: str, choice: Choice, frame: set[str]) -> list[str]:
        """Words of the question that neither a name, a cue, nor a filler word accounts for. A rule of
        one thing named alone, without cues (its cover, its definition), accounts only for the cues of
        the rules its template answers: 附录, 代替, 提出 ask for something of the thing it does not give."""
        rule_words = {w for group in choice.rule.cues for w in group if THING not in w}
        for cue in sorted(rule_words | set(choice.cues) | frame, key=len, reverse=True):
            if THING not in cue:
                text = text.replace(cue, "，")  # not a space: folding would join what is left around it
        ignore = self.ignore
        if not choice.rule.cues and len(choice.rule.slots) == 1:
            ignore = ignore - self.table.cue_words | self._template_cues(choice.rule.template)
        words = [w for w in dict.fromkeys(self.words_of(text)) if len(w) >= 2]
        words = [w for w in words if not any(w != o and w in o for o in words)]
        return [w for w in words if w not in ignore and not _COUNTED.match(w) and not _ORDINAL.match(w)
                and not self._all_filler(w)]

    def _template_cues(self, name: str) -> frozenset[str]:
        """The cue words of every rule answered by template `name`."""
        return frozenset(w for r in self.table.rules if r.template == name for g in r.cues for w in g)

    def _all_filler(self, word: str) -> bool:
        """Whether a word is made only of filler words (请问一下 → 请问, 一下)."""
        parts = [p for p in self.words_of(word) if p != word]
        return bool(parts) and all(p in self.ignore or len(p) < 2 for p in parts)

    def _asked_about(self, text: str, unexplained: list[str]) -> bool:
        """Whether an unexplained word is what the question asks of the thing (城市智能中枢的预算)."""
        return any(_asked_of_thing(w).search(text) for w in unexplained)

    def _confidence(self, choice: Choice, unexplained: list[str], text: str) -> float:
        link = min((max(c.score for c in b.candidates) for b in choice.bindings), default=1.0)
        conf = link * (1.0 if choice.rule.cues else 0.85)
        conf *= 0.75 ** len(unexplained)
        if self._asked_about(text, unexplained):
            conf *= 0.5
        conf *= 0.9 ** len([m for m in choice.unused if not m.is_frame])
        if any(len({c.iri for c in b.candidates}) > 1 for b in choice.bindings):
            conf *= 0.95
        return round(conf, 2)

    def _answer(self, question, linked, text, english, choice: Choice, runs, entities, log) -> Answer:
        rule = choice.rule
        query = template(rule.template)
        rows = [r for run in runs for r in run]
        item_format = (query.meta.get("item") or ["{item}"])[0]
        join = query.meta.get("join", [None])[0]
        join = f" {join} " if join else join
        items = render.items_of(runs, item_format, join, self.index, english)
        first = render.row_values(rows[0], self.index, english) if rows else {}
        names = {b.slot.param: self._shown(b.candidates[0]) for b in choice.bindings}
        names.setdefault("entity", names[choice.bindings[0].slot.param] if choice.bindings else "")
        phrasing = self._phrasing(choice, english)
        n = len(rows) if join is None else len(items)
        sentence = render.sentence(phrasing, n, items, first, names, english)
        if rule.intent in ("contents", "members") and choice.bindings and rows:
            said = self._composition_statement(choice.bindings[0].candidates[0],
                                               {str(r.get("doc")) for r in rows if r.get("doc")})
            if said:
                sentence += f"（{said[0]}：“{said[1]}”）"
        if rule.intent.startswith("count") and "class" in names and rows:
            said = self._count_statement(names["class"], {str(r.get("doc")) for r in rows if r.get("doc")})
            if said:
                sentence += f"（{said[0]}：“{said[1]}”）"
        if english and rule.answer_en and not sentence.startswith(render.REFUSAL):
            # the documents are Chinese: an English answer also says it as they do
            chinese = {b.slot.param: self._chinese_word(b.candidates[0]) for b in choice.bindings}
            sentence += "\n" + render.sentence(rule.answer, n, items, first, {**names, **chinese}, False)
        frame = {m.text for m in linked.mentions if m.is_frame}
        # an English question read in Chinese holds only words its reading knew: nothing is unexplained
        unexplained = [] if english and HAN_CHAR.search(text) else self._unexplained(text, choice, frame)
        # 新增了哪些层或设施: a word that ends the names answered (“数据流通利用设施”) says what kind is asked for
        unexplained = [w for w in unexplained if not any(_ends_a_name(w, i) for i in items)]
        if "{text}" in phrasing:   # an answer quoting the document's own sentence explains the words it holds
            unexplained = [w for w in unexplained if w not in match_key(sentence)]
        confidence = self._confidence(choice, unexplained, text)
        sources = render.sources_of(rows, self.index, english) or self._where_named(choice, english)
        if rule.intent in _CHANGE_INTENTS | _REPLACEMENT_INTENTS and rows:
            sources += self._note_sources({str(r.get("doc")) for r in rows if r.get("doc")}, items, english,
                                          listed=rule.intent in _CHANGE_INTENTS)
        if rule.intent == "plan_number" and rows and not english:
            # 立项时叫什么、什么时候下达的: the explanatory note's sentence that gives the plan number
            said = self._note_statement({str(choice.bindings[0].candidates[0].iri)} if choice.bindings else set(),
                                        [str(r.get("plan") or "") for r in rows])
            if said:
                sentence += f"；{said[0]['document']} {said[0]['locator']}：“{said[1]}”"
                sources.append(said[0])
        if not rows and sentence.startswith(render.REFUSAL):
            # the graph does not hold this fact: say so, with what it does hold about the thing
            return _no_answer(question, sentence[len(render.REFUSAL):].strip(), intent=rule.intent, absent=True,
                              confidence=confidence,
                              suggestions=self.suggestions(question, linked), entities=entities, sparql=log)
        if confidence < ANSWER_THRESHOLD:
            reason = (f"问题里的“{'、'.join(unexplained)}”在图谱中找不到对应内容，不能确定答案。" if unexplained
                      else "不能确定问题问的是什么。")
            return _no_answer(question, reason, intent=rule.intent, confidence=confidence,
                              suggestions=self.suggestions(question, None), entities=entities, sparql=log)
        return Answer(question=question, answered=True, intent=rule.intent, answer=sentence, items=items,
                      sources=sources, confidence=confidence, entities=entities, sparql=log)

    def _note_statement(self, documents: set[str], words: list[str]) -> tuple[dict, str] | None:
        """The source and sentence of an explanatory note of `documents` that holds one of `words` as written
        (the plan number: 2025年2月28日…正式立项，该项目计划号为…), or None."""
        search = self._search_index()
        words = [w for w in words if w]
        for note in sorted({n for d in documents for n in self._notes().get(d, ())}) if search is not None else []:
            for word in words:
                try:
                    hits = search.search(word, doc=note, limit=3, snippets=False).hits
                except CdtkgError:
                    continue
                for h in hits:
                    for s in re.split(r"(?<=[。；])", search.full_text(h.iri) or ""):
                        if compact(word) in compact(s):
                            return ({"document": self.index.doc_label(note), "locator": h.locator, "iri": h.iri},
                                    " ".join(s.split()))
        return None

    def _note_sources(self, documents: set[str], items: list[str], english: bool, listed: bool = True) -> list[dict]:
        """Where the explanatory notes of `documents` state the changes of `items` too: the note's clause
        holding the name or standard number one of the first items quotes (将“物联感知层”修改为…, 替代 GB/T 34678-2017),
        else, when `listed`, the one that lists the technical changes."""
        search = self._search_index()
        notes = sorted({n for d in documents for n in self._notes().get(d, ())})
        found: dict[str, dict] = {}
        names = [q.group(1) for q in (_QUOTED.search(i) for i in items[:MAX_NOTE_NAMES]) if q]
        names += [n.number for i in items[:MAX_NOTE_NAMES] for n in find_numbers(i)]
        for note in notes if search is not None else []:
            for name in names + ([CHANGES_LISTED] if listed else []):
                try:
                    hits = search.search(name, doc=note, limit=3, snippets=False).hits
                except CdtkgError:
                    continue
                held = next((h for h in hits if compact(name) in compact(search.full_text(h.iri) or h.label)), None)
                if held:
                    found.setdefault(held.iri, {"document": self.index.doc_label(note, english),
                                                "locator": held.locator, "iri": held.iri})
                    if name == CHANGES_LISTED or len(found) >= len(names):
                        break
        return list(found.values())

    @staticmethod
    def _phrasing(choice: Choice, english: bool) -> str:
        rule = choice.rule
        return rule.answer_en if (english and rule.answer_en) else rule.answer

    def _where_named(self, choice: Choice, english: bool) -> list[dict]:
        """Sources of an answer that found nothing: the documents of the things asked about."""
        out = []
        for b in choice.bindings:
            for c in b.candidates:
                for d in sorted(c.docs):
                    out.append({"document": self.index.doc_label(d, english), "locator": "", "iri": c.iri or d})
        return out[:render.MAX_SOURCES]

    @staticmethod
    def _unknown_numbers(linked: Linked) -> str:
        return f"图谱中没有标准 {'、'.join(linked.unknown_numbers)}：语料里的文件都没有引用或收录它。"

    def _unanswerable(self, question: str, linked: Linked, entities: list[dict]) -> Answer:
        if linked.unknown_numbers:
            reason = self._unknown_numbers(linked)
        elif not [m for m in linked.mentions if not m.is_frame]:
            reason = "问题里没有识别出图谱中的术语、标准、条款或模型要素：它可能超出了这些文件的范围。"
        else:
            named = "、".join(dict.fromkeys(self._shown(m.candidates[0]) for m in linked.mentions
                                            if m.candidates and not m.is_frame))
            reason = f"识别出了“{named}”，但没有能回答这种问法的规则：换个问法试试，例如“{named}的定义是什么？”"
        return _no_answer(question, reason, suggestions=self.suggestions(question, linked), entities=entities)

    # --- suggestions ---------------------------------------------------------------
    def suggestions(self, question: str, linked: Linked | None, limit: int = 5) -> list[dict]:
        """The top search hits for the question: what the graph has that is closest to it."""
        hits = self._hits(match_key(_CONTROL.sub(" ", question)))
        if hits:
            return [{"label": h.label, "kind": h.kind, "document": h.document, "locator": h.locator,
                     "iri": h.iri} for h in hits][:limit]
        return self._label_suggestions(question, limit)

    def _search_index(self):
        """The corpus's search index if one was built (never builds one here: that takes seconds)."""
        if self._search is None:
            directory = index_dir(self.graph.corpus) if self.graph.corpus else None
            # No index (a graph read from elsewhere, or not indexed yet): answers go without passages.
            self._search = (Search(directory, self.graph.corpus)
                            if directory is not None and (directory / "index").is_dir() else False)
        return self._search or None

    def _label_suggestions(self, question: str, limit: int) -> list[dict]:
        words = [w for w in self.words_of(match_key(question)) if w not in self.ignore and len(w) >= 2]
        scored: dict[str, tuple[float, dict]] = {}
        for w in words:
            for name, cands in self.index.names.items():
                if w in name:
                    for c in cands:
                        if not c.iri or c.kind in ("class", "modality"):
                            continue
                        score = len(w) / max(len(name), 1)
                        doc = next(iter(sorted(c.docs)), None)
                        entry = {"label": self._shown(c), "kind": c.kind, "document": self.index.doc_label(doc),
                                 "locator": "", "iri": c.iri}
                        if c.iri not in scored or scored[c.iri][0] < score:
                            scored[c.iri] = (score, entry)
        best = sorted(scored.values(), key=lambda p: -p[0])
        return [e for _, e in best[:limit]]


_askers: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_askers_lock = threading.Lock()


def asker_for(graph) -> Asker:
    """The Asker of `graph` (its name index is built on first use and kept with the graph)."""
    with _askers_lock:
        found = _askers.get(graph)
        if found is None:
            found = Asker(graph)
            _askers[graph] = found
    return found
