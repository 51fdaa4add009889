"""The question patterns of `cdtkg ask`, read from queries/ask/intents.tsv.

The file is data a drafter can edit: each intent line says which cue words a
question must contain, which kinds of things it must name, which SPARQL
template answers it and how the answer is phrased. A malformed line is
reported with its line number; nothing in it is guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.problems import CdtkgError

from ..library import NamedQuery, parse_header

ASK_DIR = Path(__file__).resolve().parent
INDEX_DIR = ASK_DIR / "index"     # the queries that build the name index, not intents
INTENTS_FILE = ASK_DIR / "intents.tsv"

# The kinds of things a question can name (what linking finds, see label_index.py).
ENTITY_KINDS = frozenset({
    "concept", "abbreviation", "document", "clause", "framework_node", "planned_standard",
    "roadmap_target", "roadmap_topic", "model_element", "capability_domain", "capability_subdomain",
    "capability_item", "level", "city_category", "method_phase", "method_step", "bte_dimension",
    "operation_model", "principle", "system_part", "activity", "scheme", "person", "organization",
    "committee", "class", "modality",
})
# Kinds a line of the [words] section may give a word.
WORD_KINDS = frozenset({"class", "modality"})
# Placeholders every answer phrasing may use besides the template's columns and slot names.
BUILT_IN_PLACEHOLDERS = frozenset({"entity", "n", "items", "document", "locator"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SLOT = re.compile(r"^(?:(?P<param>[a-z]\w*)=)?(?P<kinds>[a-z_|]+)(?P<optional>\?)?$")


class IntentFileError(CdtkgError):
    """intents.tsv has malformed lines; the message lists each with its line number."""


@dataclass(frozen=True)
class Slot:
    """One thing a question must (or may) name: any of `kinds`, bound to template parameter `param`."""

    kinds: tuple[str, ...]
    param: str
    optional: bool = False


@dataclass(frozen=True)
class IntentRule:
    """One line of the [intents] section."""

    intent: str
    cues: tuple[tuple[str, ...], ...]   # every group must match; any word of a group matches it
    slots: tuple[Slot, ...]
    template: str
    answer: str                         # Chinese phrasing: "one result || several results"
    answer_en: str
    line: int

    @property
    def specificity(self) -> int:
        return len(self.cues) + len(self.slots)


@dataclass(frozen=True)
class Word:
    """One line of the [words] section: a word standing for a class or a verbal form."""

    word: str
    kind: str
    value: str        # a prefixed name such as cdt:CapabilityItem
    line: int


@dataclass
class IntentTable:
    rules: list[IntentRule] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    filler: frozenset[str] = frozenset()
    outside: frozenset[str] = frozenset()   # phrases asking about facts no standard records

    _cue_words: tuple[int, frozenset[str]] = field(default=(-1, frozenset()), init=False, repr=False, compare=False)

    @property
    def cue_words(self) -> frozenset[str]:
        """Every cue word of every rule (they never count as unexplained words of a question); worked out
        once for the rules as they stand (every question asks for it several times)."""
        if self._cue_words[0] != len(self.rules):
            self._cue_words = (len(self.rules), frozenset(w for r in self.rules for g in r.cues for w in g))
        return self._cue_words[1]


def _split_alternatives(text: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in text.split("|") if w.strip())


def _parse_cues(text: str) -> tuple[tuple[str, ...], ...]:
    text = text.strip()
    if text in ("", "-"):
        return ()
    groups = tuple(_split_alternatives(g) for g in text.split(" + "))
    if any(not g for g in groups):
        raise ValueError(f"提示词 {text!r} 里有空的一组（用“ + ”连接各组，组内用“|”分隔）")
    return groups


def _parse_slots(text: str) -> tuple[Slot, ...]:
    text = text.strip()
    if text in ("", "-"):
        return ()
    slots = []
    for i, raw in enumerate(p.strip() for p in text.split(",")):
        m = _SLOT.match(raw)
        if not m:
            raise ValueError(f"实体 {raw!r} 写法不对（应如 capability_item|capability_subdomain 或 level?）")
        kinds = tuple(k for k in m.group("kinds").split("|") if k)
        unknown = [k for k in kinds if k not in ENTITY_KINDS]
        if unknown:
            raise ValueError(f"未知的实体种类 {', '.join(unknown)}；可用的有：{', '.join(sorted(ENTITY_KINDS))}")
        param = m.group("param") or ("entity" if i == 0 else kinds[0])
        slots.append(Slot(kinds, param, bool(m.group("optional"))))
    params = [s.param for s in slots]
    if len(set(params)) != len(params):
        raise ValueError(f"两个实体绑定了同一个参数（{', '.join(params)}）：用 名称=种类 区分")
    return tuple(slots)


@lru_cache(maxsize=None)
def template(name: str, directory: Path = ASK_DIR) -> NamedQuery:
    """The SPARQL template `name` of queries/ask/ (header as in queries/library.py)."""
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise CdtkgError(f"queries/ask/ 下没有模板 {name}.rq")
    return parse_header(path)


def _check_rule(rule: IntentRule, directory: Path) -> None:
    query = template(rule.template, directory)
    params = {p.name for p in query.params}
    for slot in rule.slots:
        if slot.param not in params:
            raise ValueError(f"模板 {rule.template}.rq 没有参数 ?{slot.param}（它的参数：{', '.join(sorted(params)) or '无'}）")
    known = BUILT_IN_PLACEHOLDERS | {r.lstrip("?") for r in query.returns} | {s.param for s in rule.slots}
    for phrasing in (rule.answer, rule.answer_en):
        for name in _PLACEHOLDER.findall(phrasing):
            if name not in known:
                raise ValueError(f"回答句式里的 {{{name}}} 既不是模板 {rule.template}.rq 的返回列，也不是实体名")


def parse_intents(text: str, source: str = "intents.tsv", directory: Path = ASK_DIR) -> IntentTable:
    """Return the IntentTable of `text`; raises IntentFileError listing every malformed line."""
    table, errors, section = IntentTable(), [], None
    filler: set[str] = set()
    outside: set[str] = set()
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip().strip("[]").split()[-1].lower()
            if section not in ("intents", "words", "filler", "outside"):
                errors.append(f"{source} 第 {no} 行：未知的段落 {line.strip()}（应为 [intents]、[words]、[filler] 或 [outside]）")
            continue
        cols = [c.strip() for c in line.split("\t")]
        try:
            if section == "intents":
                if cols[0] == "intent":
                    continue  # the column header
                if len(cols) < 5:
                    raise ValueError(f"应有至少 5 列（意图、提示词、实体、模板、回答，用 Tab 分隔），这里只有 {len(cols)} 列")
                if not re.fullmatch(r"[a-z][a-z0-9_]*", cols[0]):
                    raise ValueError(f"意图名 {cols[0]!r} 只能用小写字母、数字和下划线")
                if not cols[4]:
                    raise ValueError("回答句式是空的")
                rule = IntentRule(cols[0], _parse_cues(cols[1]), _parse_slots(cols[2]), cols[3], cols[4],
                                  cols[5] if len(cols) > 5 else "", no)
                _check_rule(rule, directory)
                table.rules.append(rule)
            elif section == "words":
                if cols[0] == "word":
                    continue
                if len(cols) < 3 or not all(cols[:3]):
                    raise ValueError("应有 3 列：词语、种类、取值")
                if cols[1] not in WORD_KINDS:
                    raise ValueError(f"种类 {cols[1]!r} 不对（可用：{', '.join(sorted(WORD_KINDS))}）")
                if not re.fullmatch(r"[a-z]+:\w+", cols[2]):
                    raise ValueError(f"取值 {cols[2]!r} 应是带前缀的名称，如 cdt:CapabilityItem")
                for word in _split_alternatives(cols[0]):
                    table.words.append(Word(word, cols[1], cols[2], no))
            elif section == "filler":
                filler.update(w for c in cols for w in _split_alternatives(c))
            elif section == "outside":
                outside.update(w for c in cols for w in _split_alternatives(c))
            else:
                raise ValueError("这一行不在任何段落里（先写 [intents]、[words] 或 [filler]）")
        except (ValueError, CdtkgError) as e:
            errors.append(f"{source} 第 {no} 行：{e}")
    if errors:
        raise IntentFileError("问答规则表有误：\n" + "\n".join(errors))
    table.filler = frozenset(filler)
    table.outside = frozenset(outside)
    return table


@lru_cache(maxsize=4)
def load_intents(path: Path = INTENTS_FILE) -> IntentTable:
    """The IntentTable of `path` (read once per process)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise IntentFileError(f"读不到问答规则表 {path}：{e}") from e
    return parse_intents(text, Path(path).name, Path(path).parent)
