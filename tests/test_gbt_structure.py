"""The clause tree of GB/T 1.1 text: small fixtures, a damaged file, and mangled real documents."""
from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders import ids
from loaders.gbt_document import load_gbt_document
from loaders.gbt_structure import parse_structure, split_blocks
from loaders.gbt_terms import parse_entry
from loaders.manifest import Entry, read_manifest
from loaders.pdf_text import Line, physical_lines
from loaders.problems import Severity
from loaders.validation import validate
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "gbt_small_standard.txt"
DAMAGED = FIXTURES / "gbt_damaged.txt"


def load_text(tmp_path: Path, text: str, name: str):
    """The reader's result (graph and problems) for `text` saved as the file `name` in `tmp_path`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_gbt_document(path, entry_for(path))


def entry_for(path: Path, number: str = "") -> Entry:
    return Entry(id=path.stem, file=path.name, kind="standard", title="示例", number=number,
                 plan_number="", status="Published", source_file="", source="")


def one(g, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def small():
    e = entry_for(SMALL, "GB/T 99999-2030")
    return ids.entry_iri(e), load_gbt_document(SMALL, e)


# --- small fixture: one case per rule ---------------------------------------------------
def test_a_wrapped_english_term_is_rejoined():
    doc, r = small()
    t = ids.term_entry_iri(doc, "3.1")
    assert set(r.graph.objects(t, SKOS.prefLabel)) == {
        Literal("示例系统参考架构", lang="zh"), Literal("reference architecture of an example system", lang="en")}
    assert str(one(r.graph, t, SKOS.definition)) == "用于说明示例系统组成要素及其关系的抽象模型。"
    assert one(r.graph, t, CDT.sourceRelation) == CDT.Modified
    assert one(r.graph, t, CDT.sourceStandard) == ids.standard_iri("GB/T 12345-2020")


def test_a_provision_split_by_a_page_break_is_one_provision():
    doc, r = small()
    b = ids.provision_iri(ids.clause_iri(doc, "4.1"), ["b"])
    assert str(one(r.graph, b, CDT.text)) == "支持多种协议接入，并符合 GB/T 12345 的第 5 章规定，接入过程中的状态信息宜实时上报；"
    assert one(r.graph, b, CDT.modality) == CDT.Should  # its own 宜, not the lead-in's 应
    c = ids.provision_iri(ids.clause_iri(doc, "4.1"), ["c"])
    assert str(one(r.graph, c, CDT.text)) == "可根据需要扩展接入能力。" and one(r.graph, c, CDT.modality) == CDT.May


def test_a_citation_with_a_locator():
    doc, r = small()
    g = r.graph
    a = ids.provision_iri(ids.clause_iri(doc, "4.1"), ["a"])
    (cite,) = g.subjects(CDT.fromText, a)
    assert one(g, cite, CDT.toStandard) == ids.standard_iri("GB/T 28181-2022")
    assert str(one(g, cite, CDT.citedLocator)) == "4.1.4"
    assert str(one(g, cite, CDT.citationKind)) == "in-text"


def test_an_undated_reference_is_its_own_node_and_is_cited_by_chapter():
    doc, r = small()
    g = r.graph
    undated = ids.standard_iri("GB/T 12345")
    assert undated in set(g.objects(doc, CDT.normativeReference))
    assert str(one(g, undated, CDT.standardNumber)) == "GB/T 12345"
    assert one(g, undated, DCTERMS.title) == Literal("示例系统 通用要求", lang="zh")
    assert set(g.subjects(CDT.baseNumber, Literal("GB/T 12345"))) == {undated, ids.standard_iri("GB/T 12345-2020")}
    b = ids.provision_iri(ids.clause_iri(doc, "4.1"), ["b"])
    (cite,) = g.subjects(CDT.fromText, b)
    assert one(g, cite, CDT.toStandard) == undated and str(one(g, cite, CDT.citedLocator)) == "第5章"


def test_contributors_broken_across_lines():
    doc, r = small()
    g = r.graph
    tc = ids.committee_iri("SAC/TC 28")
    assert one(g, doc, CDT.committee) == tc
    units = {int(one(g, c, CDT.position)): one(g, c, CDT.agent)
             for c in g.subjects(CDT.role, Literal("drafting-unit"))}
    assert [str(one(g, units[i], __import__("rdflib").namespace.FOAF.name)) for i in (1, 2, 3)] == \
        ["甲（北京）科技有限公司", "乙研究院", "丙大学"]
    people = {int(one(g, c, CDT.position)): one(g, c, CDT.agent) for c in g.subjects(CDT.role, Literal("drafter"))}
    assert people[2] == ids.person_iri("钱二")
    assert r.problems == []


# --- a damaged file ------------------------------------------------------------------
def test_a_damaged_document_gives_warnings_and_a_partial_graph():
    e = entry_for(DAMAGED)
    doc = ids.entry_iri(e)
    r = load_gbt_document(DAMAGED, e)
    g = r.graph
    assert {str(n) for c in g.subjects(RDF.type, CDT.Clause) for n in g.objects(c, CDT.number)} == {"前言", "1", "5", "5.1"}
    assert one(g, ids.provision_iri(ids.clause_iri(doc, "5.1"), ["a"]), CDT.modality) == CDT.Shall
    assert all(p.severity == Severity.WARNING for p in r.problems)
    by_line = {(p.line, p.message[:6]) for p in r.problems}
    assert (1, "无法识别的字") in by_line and (12, "无法识别的字") in by_line   # garbage lines
    assert any(p.line == 14 and "缺少中间的章" in p.message for p in r.problems)  # chapters 2–4 missing
    assert any(p.line == 22 and "截断" in p.message for p in r.problems)         # truncated end
    assert any("规范性引用文件" in p.message for p in r.problems)
    assert list(g.objects(doc, CDT.proposedBy))  # 本文件由某某联盟提出。


def test_a_repeated_contributor_list_or_abbreviation_is_kept_once_with_a_warning(tmp_path):
    # extraction repeats a page's lines: the second copy must not give one position two agents
    text = SMALL.read_text(encoding="utf-8")
    repeated = text.replace("本文件主要起草人：", "本文件起草单位：丁公司。\n\n本文件主要起草人：", 1) \
        .replace("4 要求", "4 缩略语\n\nAPI：应用程序编程接口（Application Programming Interface）\n\n"
                 "API：应用程序编程接口（Application Programming Interface）\n\n5 要求", 1) \
        .replace("4.1 接入", "5.1 接入", 1)
    path = tmp_path / "gbt_repeated.txt"
    path.write_text(repeated, encoding="utf-8")
    e = entry_for(path, "GB/T 99999-2030")
    doc, r = ids.entry_iri(e), load_gbt_document(path, e)
    units = [c for c in r.graph.subjects(CDT.role, Literal("drafting-unit"))]
    assert len(units) == 3 and all(len(set(r.graph.objects(c, CDT.agent))) == 1 for c in units)
    api = ids.abbreviation_iri(doc, "API")
    assert len(list(r.graph.objects(api, CDT.sourceLine))) == 1
    assert sum("只收录第一" in p.message for p in r.problems) == 2
    assert validate(r.graph).violations == 0


def test_a_file_that_is_not_text_is_one_error_and_an_empty_graph(tmp_path):
    bad = tmp_path / "gbt_binary.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    r = load_gbt_document(bad, entry_for(bad))
    assert len(r.graph) == 0 and [p.severity for p in r.problems] == [Severity.ERROR]


def test_empty_file():
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "gbt_empty.txt"
        p.write_text("", encoding="utf-8")
        r = load_gbt_document(p, entry_for(p))
        assert any(pr.severity == Severity.ERROR for pr in r.problems)


# --- parts of the structure reader ----------------------------------------------------------
def test_running_text_starting_with_digits_is_not_a_heading():
    text = "1 范围\n\n本文件适用于\n\n2017 年版的第 5 章；\n\n2 规范性引用文件\n\n3年～5年为周期。\n"
    st_ = parse_structure(physical_lines(text))
    assert [c.number for c in st_.clauses] == ["1", "2"]
    assert st_.clauses[0].blocks[0].text == "本文件适用于2017 年版的第 5 章；"


def test_markers_in_every_width():
    lines = [Line(1, "a）全角括号"), Line(2, "b)半角无空格"), Line(3, "1） 嵌套"), Line(4, "① 圈码"), Line(5, "- c) 列表前缀")]
    from loaders.gbt_structure import clean
    blocks = split_blocks([Line(ln.no, clean(ln.text)) for ln in lines])
    assert [(b.marker, b.level, b.text) for b in blocks] == [
        ("a)", 1, "全角括号"), ("b)", 1, "半角无空格"), ("1)", 2, "嵌套"), ("①", 3, "圈码"), ("c)", 1, "列表前缀")]


# --- mangled real documents never crash the loader ------------------------------------------
ENTRIES = {e.file: e for e in read_manifest(CORPUS)}
REAL = ["gbt-technical-reference-model-draft.txt", "gbt-maturity-model-ctmm-draft.txt",
        "tszs-4042-2021-top-level-design-guide.txt"]
TEXTS = {f: (CORPUS / f).read_text(encoding="utf-8").splitlines() for f in REAL}
OPS = st.tuples(st.sampled_from(["drop", "duplicate", "swap", "rewrap", "join", "truncate",
                                 "dashes", "space", "heading", "glue", "furniture"]),
                st.integers(0, 10**6), st.integers(0, 10**6))


def mangle(lines: list[str], ops) -> list[str]:
    lines = list(lines)
    for op, a, b in ops:
        if len(lines) < 2:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "drop":
            del lines[i:i + 1 + b % 40]
        elif op == "duplicate":
            lines[i:i] = lines[i:i + 1 + b % 20]
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "rewrap":
            cut = b % (len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + lines[i + 1]]
        elif op == "truncate":
            lines = lines[: max(1, i)]
            lines[-1] = lines[-1][: b % (len(lines[-1]) + 1)]
        elif op == "dashes":  # OCR doubles a dash or mixes it with a hyphen
            lines[i] = lines[i].replace("—", "——" if b % 2 else "-—").replace("-", "--" if b % 3 else "—")
        elif op == "space":  # OCR inserts a space anywhere, inside a number too
            cut = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + " " + lines[i][cut:]
        elif op == "heading":  # OCR Markdown: heading marks and bold
            lines[i] = ("#" * (1 + b % 4) + " " + lines[i]) if b % 2 else f"**{lines[i]}**"
        elif op == "glue":  # a clause number glued to its title
            lines[i] = lines[i].replace(" ", "", 1)
        elif op == "furniture":  # a running header at the top of a new page
            lines[i:i] = [" GB/T 99999—2030 示例标准", "\f", str(b % 300)]
    return lines


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=st.sampled_from(REAL), ops=st.lists(OPS, min_size=1, max_size=10))
def test_mangled_documents_load_into_a_graph_that_passes_the_shapes(f, ops):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f
        path.write_text("\n".join(mangle(TEXTS[f], ops)), encoding="utf-8")
        r = load_gbt_document(path, ENTRIES[f])
    assert all(p.severity != Severity.ERROR or "失败" not in p.message for p in r.problems), r.problems
    report = validate(r.graph)
    assert report.violations == 0, report.render_text()[:2000]


# real standards from outside the corpus, as their readers give them (OCR Markdown, PDF lines), mangled the
# same way; third-party texts are not in the repository (the text cache, `~/.cache/cdtkg/realtexts`)
OUTSIDE = ["jrt-0025.11-2013.txt", "t-camet-04011.6-2018.txt", "gbt-45256-2025.txt", "db44-814-2010.pdf",
           "hj-7-2022.pdf", "db44-2159-2019.pdf"]


@functools.lru_cache(maxsize=None)
def _outside_text(name: str) -> list[str] | None:
    from app.gold_score import texts_dir
    from loaders.source_document import read_source

    path = texts_dir() / name
    return read_source(path).text.splitlines() if path.is_file() else None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(OUTSIDE), ops=st.lists(OPS, min_size=1, max_size=10))
def test_mangled_real_standards_from_outside_the_corpus_load_into_a_graph_that_passes_the_shapes(name, ops):
    lines = _outside_text(name)
    if lines is None:
        pytest.skip(f"{name} 不在文本缓存中：第三方标准文本不随仓库分发（见 tests/gold/real-standards/INDEX.md）")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / (Path(name).stem + ".txt")
        path.write_text("\n".join(mangle(lines, ops)), encoding="utf-8")
        r = load_gbt_document(path, entry_for(path))
    assert all(p.severity != Severity.ERROR or "失败" not in p.message for p in r.problems), r.problems
    report = validate(r.graph)
    assert report.violations == 0, report.render_text()[:2000]


@pytest.mark.parametrize("name, foreword, units", [
    # OCR Markdown: `## 目 次` then a bare `前言` line; the foreword is the later `## 前 言`
    ("gbt-29871-2013.txt", 30, "福建省计量科学研究院"),
    # `前言 VI` then a bare `引言` line: the contents end at the foreword, the introduction comes after it
    ("t-camet-04011.4-2018.txt", 20, "北京全路通信信号研究设计院集团有限公司"),
])
def test_a_contents_list_naming_the_foreword_without_a_page_number_runs_up_to_the_foreword(name, foreword, units):
    lines = _outside_text(name)
    if lines is None:
        pytest.skip(f"{name} 不在文本缓存中：第三方标准文本不随仓库分发（见 tests/blind/*/DOCUMENTS_added.tsv）")
    clauses = parse_structure(physical_lines("\n".join(lines))).clauses
    first = {c.number: c for c in reversed(clauses)}
    assert [c.number for c in clauses].count("前言") == 1 and first["前言"].line == foreword
    assert first["1"].line > first["前言"].line and first.get("引言", first["1"]).line > first["前言"].line
    assert any("起草单位" in b.text and units in b.text for b in first["前言"].blocks)


# --- one node per standard ---------------------------------------------------------------------
def test_a_standard_added_without_a_number_is_the_node_of_its_printed_number(tmp_path):
    path = tmp_path / "new.txt"
    path.write_text("中华人民共和国国家标准\nGB/T 99999—2030\n代替 GB/T 99999—2010\n" + SMALL.read_text(encoding="utf-8"),
                    encoding="utf-8")
    r = load_gbt_document(path, entry_for(path))  # `cdtkg add` without --number
    node = ids.standard_iri("GB/T 99999-2030")
    assert (node, CDT.ingested, Literal(True)) in r.graph
    assert (node, DCTERMS.replaces, ids.standard_iri("GB/T 99999-2010")) in r.graph
    assert (ids.standard_iri("GB/T 99999-2010"), DCTERMS.isReplacedBy, node) in r.graph


def test_a_consortium_cover_names_the_document_by_its_own_series_and_an_all_parts_reference_keeps_its_title(tmp_path):
    # a 联盟规范 prints a number of its issuer's own series alone on its cover line; `（所有部分）` after a
    # listed number marks every part of the standard (GB/T 1.1), it is not the first words of its title
    path = tmp_path / "consortium.txt"
    text = SMALL.read_text(encoding="utf-8").replace("GB/T 12345 示例系统 通用", "DL/T 860（所有部分） 电力自动化通信网络和系统")
    path.write_text("隐私计算跨平台互联互通\n联盟规范\nPPCA 7 —2023\n" + text, encoding="utf-8")
    r = load_gbt_document(path, entry_for(path))
    node = ids.standard_iri("PPCA 7-2023")
    assert (node, CDT.ingested, Literal(True)) in r.graph and one(r.graph, node, CDT.standardNumber) == Literal("PPCA 7-2023")
    assert str(one(r.graph, ids.standard_iri("DL/T 860"), DCTERMS.title)).startswith("电力自动化通信网络和系统")
    assert validate(r.graph).violations == 0


@pytest.mark.parametrize("sentence, replaced", [
    # GB/T 1.1—2000's wording of a revision, the earlier edition printed without its slash: the same standard
    ("本标准是对 DB 4426-1989《水污染物排放标准》的修订。", "DB44/26-1989"),
    ("本标准代替DB 4426-1989《水污染物排放标准》。", "DB44/26-1989"),
    ("本标准是对 JT/T 808-2011《终端通讯协议及数据格式》的补充和完善。", None),   # a supplement replaces nothing
])
def test_the_edition_a_revision_replaces_is_the_same_standard_however_its_number_was_printed(tmp_path, sentence, replaced):
    path = tmp_path / "revision.txt"
    text = SMALL.read_text(encoding="utf-8").replace("前 言\n", "前 言\n" + sentence + "\n", 1)
    path.write_text("广东省地方标准\nDB44/ 26—2001\n" + text, encoding="utf-8")
    g = load_gbt_document(path, entry_for(path)).graph
    doc = ids.standard_iri("DB44/26-2001")
    assert set(g.objects(doc, DCTERMS.replaces)) == ({ids.standard_iri(replaced)} if replaced else set())


def test_a_foreword_whose_heading_was_lost_does_not_name_the_document_after_the_standard_it_cites(tmp_path):
    # without `前 言` the foreword's lines come before chapter 1, where the cover prints the document's number:
    # `本文件按照GB/T 1.1—2020《…》的规定` cites GB/T 1.1, it does not make this document GB/T 1.1—2020
    path = tmp_path / "headless.txt"
    path.write_text(SMALL.read_text(encoding="utf-8").replace("前 言", "", 1), encoding="utf-8")
    r = load_gbt_document(path, entry_for(path))
    doc = ids.entry_iri(entry_for(path))
    assert (doc, CDT.ingested, Literal(True)) in r.graph
    assert (ids.standard_iri("GB/T 1.1-2020"), CDT.ingested, Literal(True)) not in r.graph
    assert validate(r.graph).violations == 0


# --- is it a standard at all? -----------------------------------------------------------------
def test_a_standard_looks_like_one():
    from loaders.gbt_structure import looks_like_standard

    assert looks_like_standard(SMALL.read_text(encoding="utf-8")) == (True, "")
    for f in REAL:
        assert looks_like_standard((CORPUS / f).read_text(encoding="utf-8"))[0], f


def test_text_without_clauses_is_refused_with_the_reason():
    from loaders.gbt_structure import looks_like_standard

    ok, reason = looks_like_standard("关于开展城市全域数字化转型工作的通知\n各有关单位：\n现将有关事项通知如下。\n")
    assert not ok and "编号条款" in reason
    ok, reason = looks_like_standard("犌犅／犜３９７８４—２０２１\n!\"#$%&'()\n犈犾犲犮狋狉狅狀犻犮\n")  # a font-garbled text layer
    assert not ok and reason
    assert looks_like_standard("") == (False, "文件中没有文字。")


# --- a group standard of 2009, OCR'd to Markdown ---------------------------------------------
GROUP_2009 = """# 团体标准

T/CAMET 04010—2018

# 城市轨道交通 计算机联锁技术条件

## 前言

本标准按照GB/T 1.1—2009给出的规则起草。

本标准由中国城市轨道交通协会提出并归口。

本标准起草单位:甲研究院、乙公司。

本标准主要起草人:

编写组:赵一、钱二

审查组:孙三

# 1范围

本标准规定了计算机联锁的技术条件。

# 2规范性引用文件

下列文件对于本文件的应用是必不可少的。

CJ/T407——2012 城市轨道交通基于通信的列车自动控制系统技术要求

IEEE 1474.1-2004 CBTC性能和功能要求

## 3 术语和定义

### 3.1

**计算机联锁computer interlocking**

以计算机为主要技术手段实现的联锁。

[CJ/T407——2012，定义3.1.1]

# 4 要求

## 4.1 一般要求

联锁设计应符合运基信号[2010]267号的规定。

5.3.1.3.2CI应能记录操作。
"""


def test_a_2009_group_standard_in_ocr_markdown(tmp_path):
    r = load_text(tmp_path, GROUP_2009, "group.txt")
    g, doc = r.graph, ids.standard_iri("T/CAMET 04010-2018")
    assert (doc, CDT.gbt11Edition, Literal("2009")) in g
    names = lambda p: {str(n) for o in g.objects(doc, p) for n in g.objects(o, FOAF.name)}  # noqa: E731
    assert names(CDT.drafter) == {"赵一", "钱二", "孙三"}
    assert names(CDT.draftedBy) == {"甲研究院", "乙公司"}
    refs = {str(n) for o in g.objects(doc, CDT.normativeReference) for n in g.objects(o, CDT.standardNumber)}
    assert refs == {"CJ/T 407-2012", "IEEE 1474.1-2004"}
    term = ids.term_entry_iri(doc, "3.1")
    assert {str(x) for x in g.objects(term, SKOS.prefLabel)} == {"计算机联锁", "computer interlocking"}
    assert one(g, term, CDT.sourceClause) == Literal("3.1.1")
    assert one(g, term, CDT.sourceStandard) == ids.standard_iri("CJ/T 407-2012")
    policy = [o for o in g.objects(ids.clause_iri(doc, "4.1"), CDT.cites) if (o, RDF.type, CDT.PolicyDocument) in g]
    assert [str(one(g, p, CDT.documentNumber)) for p in policy] == ["运基信号〔2010〕267号"]


def test_a_policy_document_cited_by_title_and_number_keeps_both(tmp_path):
    path = tmp_path / "group.txt"
    path.write_text(GROUP_2009.replace("应符合运基信号[2010]267号的规定", "应符合《铁路信号安全管理办法》（运基信号[2010]267号）的规定"),
                    encoding="utf-8")
    g = load_gbt_document(path, entry_for(path)).graph
    clause = ids.clause_iri(ids.standard_iri("T/CAMET 04010-2018"), "4.1")
    [policy] = [o for o in g.objects(clause, CDT.cites) if (o, RDF.type, CDT.PolicyDocument) in g]
    assert str(one(g, policy, CDT.documentNumber)) == "运基信号〔2010〕267号"
    assert one(g, policy, DCTERMS.title) == Literal("铁路信号安全管理办法", lang="zh")


# --- 缩略语 lists: the abbreviation alone on its line, its expansion under it -----------------
def _abbreviation_blocks(*texts: str):
    return [(b.kind, b.marker, b.text) for b in split_blocks([Line(i, t) for i, t in enumerate(texts, 1)],
                                                             "abbreviations")]


def test_an_abbreviation_alone_on_its_line_takes_the_next_line_as_its_expansion():
    blocks = _abbreviation_blocks("下列缩略语适用于本文件。", "CRC_A", "Type A 的循环冗余校验码（Cyclic Redundancy Check",
                                  "for Type A）", "etu", "基本时间单元（Elementary time unit）", "除数（Divisor）")
    assert blocks[1:4] == [
        ("abbr", "CRC_A", "Type A 的循环冗余校验码（Cyclic Redundancy Check for Type A）"),
        ("abbr", "etu", "基本时间单元（Elementary time unit）"),
        ("para", "", "除数（Divisor）"),   # a finished expansion does not swallow the next line
    ]


def test_abbreviations_on_their_own_lines_and_in_a_table_become_abbreviation_nodes(tmp_path):
    lines = ["1 范围", "本文件规定了X。", "2 规范性引用文件", "本文件没有规范性引用文件。",
             "3 缩略语", "下列缩略语适用于本文件。", "N/A", "不适用（Not Applicable）",
             "ATS", "Type A 的选择应答（Answer To Select, Type A）",
             "<table><tr><td>缩略语</td><td>中文名称</td><td>英文名称</td></tr>"
             "<tr><td>DOM</td><td>数字正射影像</td><td>Digital Orthophoto Map</td></tr></table>",
             "4 要求", "系统应可用。"]
    g = load_text(tmp_path, "\n".join(lines), "abbr.txt").graph
    expansions = {str(g.value(a, CDT.abbreviation)): {str(e) for e in g.objects(a, CDT.expansion)}
                  for a in g.subjects(RDF.type, CDT.Abbreviation)}
    assert expansions == {"N/A": {"不适用", "Not Applicable"},
                          "ATS": {"Type A 的选择应答", "Answer To Select, Type A"},
                          "DOM": {"数字正射影像", "Digital Orthophoto Map"}}


def test_a_clause_under_a_lost_heading_and_a_cross_reference_opening_a_line():
    st_ = parse_structure([Line(i, t) for i, t in enumerate([
        "1 范围", "本文件规定了X。", "9 协议", "9.2 校验", "要求： CRC_B", "9.2.1.1 两个CRC_B 字节应位于数据字节之后",
        "9.2.1.2 寄存器的初始值应为FFFF", "9.3 命令", "PCD应在时间内按", "9.7的规定继续处理", "9.4 结束"], 1)])
    numbers = [c.number for c in st_.clauses]
    assert numbers == ["1", "9", "9.2", "9.2.1.1", "9.2.1.2", "9.3", "9.4"]
    assert st_.by_number()["9.2.1.1"].parent == "9.2"


def test_a_lone_letter_is_debris_unless_it_stands_between_two_expansions():
    lines = physical_lines("串联标记（Cascade Tag）\nD\n除数（Divisor）\n附录\nA\n（规范性）\n")
    assert [ln.text for ln in lines] == ["串联标记（Cascade Tag）", "D", "除数（Divisor）", "附录", "（规范性）"]


def test_a_converter_page_mark_and_an_image_placeholder_are_not_text():
    lines = physical_lines("正文第一行\n---\n**[p10]**\n<div style=\"x\"><img src=\"a.jpg\" /></div>\n下一页的行\n")
    assert [(ln.text, ln.page_start) for ln in lines] == [("正文第一行", False), ("下一页的行", True)]


def test_a_short_requirement_after_a_clause_number_is_an_untitled_paragraph_not_a_title():
    st_ = parse_structure([Line(i, t) for i, t in enumerate([
        "1 范围", "本文件规定了X。", "8 帧", "8.1 长度", "8.1.1 TL 值不应大于20", "8.1.2 格式字节T0"], 1)])
    numbers = st_.by_number()
    assert numbers["8.1.1"].title is None and [b.text for b in numbers["8.1.1"].blocks] == ["TL 值不应大于20"]
    assert numbers["8.1.2"].title == "格式字节T0"


def _lines(*texts: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(texts, start=1)]


def test_an_annex_named_at_a_line_start_inside_a_sentence_is_not_an_annex():
    st = parse_structure(_lines("1 范围", "本文件规定了要求。", "2 要求", "2.1 系统功能性应符合",
                                "附录 C 的要求。", "2.2 系统应自检。", "A 附录 A", "（规范性）", "最小数据集", "A.1 内容"))
    by = st.by_number()
    assert "C" not in by and by["2.2"].parent == "2"
    assert by["A"].kind == "annex" and by["A"].title == "最小数据集" and by["A.1"].parent == "A"


def test_a_number_ending_a_cross_reference_at_a_line_start_opens_no_clause():
    st = parse_structure(_lines("1 范围", "本文件规定了要求。", "2 试验", "2.1 方法", "滑台按照图 2.1 的曲线和表",
                                "2.2 的参数进行加速。", "2.2 结果", "检查结果。"))
    assert st.by_number()["2.2"].title == "结果"


def test_markdown_escapes_and_a_heading_number_split_at_its_dot_are_read_through():
    st = parse_structure(_lines("# 1 范围", "本文件规定了要求。", "# 2 要求", "### 2 \\.1 总则", "内容\\*一。",
                                "# 附录 A", "（资料性）", "关系", "### A. 1 概述", "内容。"))
    by = st.by_number()
    assert by["2.1"].title == "总则" and by["A.1"].title == "概述"
    assert by["2.1"].lines[0].text == "内容*一。"


def test_a_terms_and_abbreviations_chapter_holds_term_entries_and_an_abbreviation_list():
    st = parse_structure(_lines("1 范围", "本文件规定了要求。", "2 术语和缩略语", "2.1 术语", "2.1.1",
                                "正线 main line", "载客列车运营的线路。", "2.2 缩略语", "ATS：列车自动监控"))
    by = st.by_number()
    assert by["2"].role == "terms" and by["2.1"].role == "terms" and by["2.1.1"].role == "term"
    assert by["2.2"].role == "abbreviations" and by["2.2"].blocks[0].kind == "abbr"


HTML_COVER_STANDARD = """<div align="center">
<p><strong>中华人民共和国国家标准</strong></p>
<h1>示例车辆 辅助系统安全要求</h1>
<h2>Example vehicles - Safety requirements for assistance systems</h2>
</div>

# 1 范围

本文件规定了示例车辆辅助系统的安全要求。

# 2 规范性引用文件

下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。

AQ/T 4274—2016 局部排风设施控制风速检测与评估技术规范

《医疗废物管理条例》（中华人民共和国国务院令第 588 号）

《清洁生产审核办法》（国家发展和改革委员会环境保护部令第 38 号）

# 3 术语和定义

下列术语和定义适用于本文件。

### 3.1

**换道过程 lane change procedure**

从触发换道至完成换道的过程。

#### 3.1.1

**换道准备阶段 lane change preparation phase**

换道过程触发至车辆开始横向运动的阶段。

### 3.2

**驾驶员设置的最高车速 driver-set maximum speed；V<sub>smaxset</sub>**

驾驶员设置的车辆最高行驶速度。

# 4 技术要求

4.1 符合下列条件之一的设备可延迟修复。企业应将延迟修复方案报主管部门备案。

a) 装置停车条件下才进行修复；

b) 立即修复存在安全风险。
"""


def test_a_standard_in_markdown_and_html_reads_its_cover_narrower_terms_symbols_and_order_numbers(tmp_path):
    # the rules GB 37822—2019, HJ 364—2022 and the cdas draft of round 5 needed, on one small text
    path = tmp_path / "cover.txt"
    path.write_text(HTML_COVER_STANDARD, encoding="utf-8")
    e = entry_for(path)
    g, doc = (r := load_gbt_document(path, e)).graph, ids.entry_iri(e)
    assert {str(t) for t in g.objects(doc, DCTERMS.title)} == {
        "示例车辆 辅助系统安全要求", "Example vehicles - Safety requirements for assistance systems"}
    refs = {str(n) for o in g.objects(doc, CDT.normativeReference)
            for n in list(g.objects(o, CDT.standardNumber)) + list(g.objects(o, CDT.documentNumber))}
    assert refs == {"AQ/T 4274-2016", "中华人民共和国国务院令第588号", "国家发展和改革委员会环境保护部令第38号"}
    labels = lambda n: {str(x) for x in g.objects(ids.term_entry_iri(doc, n), SKOS.prefLabel)}  # noqa: E731
    assert labels("3.1") == {"换道过程", "lane change procedure"}          # an entry with a narrower entry under it
    assert labels("3.1.1") == {"换道准备阶段", "lane change preparation phase"}
    assert labels("3.2") == {"驾驶员设置的最高车速", "driver-set maximum speed"}
    assert str(one(g, ids.term_entry_iri(doc, "3.2"), SKOS.altLabel)) == "V<sub>smaxset</sub>"
    # the items continue the sentence that announced them (可延迟修复), not the paragraph's last sentence (应)
    b = ids.provision_iri(ids.clause_iri(doc, "4.1"), ["b"])
    assert one(g, b, CDT.modality) == CDT.May, r.problems


def test_a_letter_spaced_cover_and_units_named_in_a_sentence(tmp_path):
    # the cover and foreword of DB44/613—2009 as its PDF text layer prints them
    path = tmp_path / "spaced.txt"
    path.write_text("I CS 13.040.40\nZ 60\n广东省地方标准\nD B44 /613—2009\n畜禽养殖业污染物排放标准\n"
                    "2009-01-07 发布 2009-08-01 实施\n前 言\n本标准由广东省环境保护局提出。\n"
                    "本标准由广东省环境科学研究所、华南农业大学负责起草。\n畜禽养殖业污染物排放标准\n1 范围\n"
                    "本标准规定了畜禽养殖业污染物的排放限值。\n", encoding="utf-8")
    e = entry_for(path)
    g = load_gbt_document(path, e).graph
    doc = next(g.subjects(CDT.standardNumber, Literal("DB44/613-2009")))
    assert {str(x) for x in g.objects(doc, CDT.ics)} == {"13.040.40"}
    units = {str(n) for o in g.objects(doc, CDT.draftedBy) for n in g.objects(o, FOAF.name)}
    assert units == {"广东省环境科学研究所", "华南农业大学"}


def test_drafters_labelled_without_the_document_naming_itself(tmp_path):
    # T/CAMET 04011.4—2018 prints `主要起草人：编写组：…。审查组：…。` in one paragraph
    path = tmp_path / "group.txt"
    text = re.sub(r"本标准主要起草人:\n+编写组:赵一、钱二\n+审查组:孙三", "主要起草人：编写组：赵一、钱二。审查组：孙三。", GROUP_2009)
    assert text != GROUP_2009
    path.write_text(text, encoding="utf-8")
    g = load_gbt_document(path, entry_for(path)).graph
    doc = ids.standard_iri("T/CAMET 04010-2018")
    assert {str(n) for o in g.objects(doc, CDT.drafter) for n in g.objects(o, FOAF.name)} == {"赵一", "钱二", "孙三"}


def test_clause_numbers_below_chapter_level_printed_with_a_trailing_dot():
    text = ("前言\n本文件按照 GB/T 1.1—2020 的规定起草。\n1. 范围\n本文件规定了示例系统的要求。\n2. 要求\n"
            "2.1. 总体要求\n系统应支持多种协议接入。\n2.2. 安全要求\n2.2.1. 系统应对用户进行身份鉴别。\n"
            "2.2.2. 系统宜记录操作日志。\n")
    st = parse_structure(physical_lines(text))
    assert [(c.number, c.title) for c in st.clauses if c.kind != "preface"] == [
        ("1", "范围"), ("2", "要求"), ("2.1", "总体要求"), ("2.2", "安全要求"), ("2.2.1", None), ("2.2.2", None)]
    assert [b.text for b in st.by_number()["2.2.1"].blocks] == ["系统应对用户进行身份鉴别。"]


def test_a_lower_case_word_in_brackets_is_part_of_the_english_term_not_its_abbreviation():
    from loaders.gbt_structure import Block

    # HJ 589—2021 3.3 and GB 37822—2019 3.1
    point = parse_entry([Block("term", "采样断面（点） sampling section（point）", 1), Block("para", "定义。", 2)])
    assert (point.term_zh, point.term_en, point.abbreviation) == ("采样断面（点）", "sampling section（point）", "")
    vocs = parse_entry([Block("term", "挥发性有机物 volatile organic compounds（VOCs）", 1), Block("para", "定义。", 2)])
    assert (vocs.term_zh, vocs.term_en, vocs.abbreviation) == ("挥发性有机物", "volatile organic compounds", "VOCs")


def test_list_items_in_markdown_block_quotes_are_items_that_continue_their_lead_in(tmp_path):
    # the cdas draft prints its lists as `> a)` and `>> 1)` under `…并应符合以下要求：`
    path = tmp_path / "quoted.txt"
    path.write_text(HTML_COVER_STANDARD + "\n# 5 用户告知\n\n**5.1** 车辆应提供确认方式，并应符合以下要求：\n\n"
                    "> a) 每次上电后提示驾驶员确认；\n\n> b) 确认方式至少包括两个独立的动作。\n\n>> 1) 长按；\n", encoding="utf-8")
    e = entry_for(path)
    g, doc = load_gbt_document(path, e).graph, ids.entry_iri(e)
    b = ids.provision_iri(ids.clause_iri(doc, "5.1"), ["b"])
    assert str(one(g, b, CDT.text)) == "确认方式至少包括两个独立的动作。"
    assert one(g, b, CDT.modality) == CDT.Shall
    assert (ids.provision_iri(ids.clause_iri(doc, "5.1"), ["b", "1"]), CDT.parentProvision, b) in g


# A scanned 2009-style standard as its OCR reads (text written for this test, after GB/T 19266—2008's scan):
# the cover's 发布 label garbled, 实施 letter-spaced over two lines, the 前言 heading unreadable
SCANNED = """中 华 人 民 共 和 国 国 家 标 准
GB/T 30001—2008
代替 GB 30001—2003
示例产品 小型文件
2008-10-22犭乏刁亩 2009-01-01实
施
本标准代替 GB30001-zO03《示例产品》。
本标准由全国示例标准化工作组提出并归口。
本标准主要起草单位：甲研究院、乙公司。
本标准主要起草人：张三、李四。
艹刖
1 范围
本标准规定了示例产品的要求。
"""


def test_a_scan_s_garbled_cover_labels_and_foreword_heading_are_read_by_the_rules_of_the_layout(tmp_path):
    result = load_text(tmp_path, SCANNED, "scanned.txt")
    g, doc = result.graph, ids.standard_iri("GB/T 30001-2008")
    # of two cover dates the earlier is 发布, the later 实施
    assert (str(one(g, doc, DCTERMS.issued)), str(one(g, doc, CDT.effectiveDate))) == ("2008-10-22", "2009-01-01")
    # the paragraphs that speak as 本标准 before chapter 1 are the foreword, its heading lost
    assert {str(n) for o in g.objects(doc, CDT.drafter) for n in g.objects(o, FOAF.name)} == {"张三", "李四"}
    assert (doc, CDT.proposedBy, None) in g
    replaced = one(g, doc, DCTERMS.replaces)
    assert replaced == ids.standard_iri("GB 30001-2003")
    assert any("没有识别出“前言”标题" in str(p) for p in result.problems)


def test_two_dates_a_label_contradicts_are_left_as_the_labels_give_them(tmp_path):
    mended = SCANNED.replace("2009-01-01实\n施", "2009-01-01").replace("犭乏刁亩", "实施")
    g = load_text(tmp_path, mended, "dates.txt").graph
    doc = ids.standard_iri("GB/T 30001-2008")
    assert str(one(g, doc, CDT.effectiveDate)) == "2008-10-22" and (doc, DCTERMS.issued, None) not in g


def test_a_listed_number_ocr_damaged_is_the_one_number_cited_intact_that_fits_its_legible_digits(tmp_path):
    # after GB/T 19266's scan: `GB57厶 9` is GB 5749, `JJF10zO` is JJF 1070, `GB/T549‘` fits nothing cited
    text = ("GB/T 30001—2008\n示例产品\n1 范围\n本标准规定了示例产品的要求。\n2 规范性引用文件\n"
            "下列文件中的条款通过本标准的引用而成为本标准的条款。\n"
            "GB57厶 9 生活饮用水卫生标准\nJJF10zO 定量包装商品净含量计量检验规则\nGB/T549‘ 粮食检验\n"
            "3 要求\n3.1 用水应符合 GB 5749 的要求。\n3.2 净含量按 JJF 1070 的规定检验。\n3.3 检验按 GB/T 5502 执行。\n")
    result = load_text(tmp_path, text, "damaged.txt")
    g, doc = result.graph, ids.standard_iri("GB/T 30001-2008")
    listed = {str(n) for o in g.objects(doc, CDT.normativeReference) for n in g.objects(o, CDT.standardNumber)}
    assert {"GB 5749", "JJF 1070"} <= listed and "GB 57" not in listed
    warned = [str(p) for p in result.problems if "有损坏" in str(p)]
    assert any("“GB57厶 9”有损坏，已按正文引用的 GB 5749 读取" in w for w in warned)
    assert any("“GB/T549‘”有损坏，无法确定" in w for w in warned)


def test_a_title_element_the_cover_sets_in_brackets_keeps_them_and_the_body_title_is_joined(tmp_path):
    # after T/JSATL 12—2017: the cover prints `（通讯协议规范）` under the title, the body prints it bare
    text = ("T/ABC 12—2017\n道路运输车辆主动安全智能防控系统\n（通讯协议规范）\n"
            "Intelligent prevention system for active safety\n（Specifications for communication protocol）\n"
            "前 言\n本标准由甲协会提出并归口。\n"
            "道路运输车辆主动安全智能防控系统\n通讯协议规范\n1 范围\n本标准规定了通讯协议。\n")
    g = load_text(tmp_path, text, "bracketed.txt").graph
    titles = {str(t) for t in g.objects(ids.standard_iri("T/ABC 12-2017"), DCTERMS.title)}
    assert titles == {"道路运输车辆主动安全智能防控系统（通讯协议规范）",
                      "Intelligent prevention system for active safety (Specifications for communication protocol)"}


def test_an_english_title_with_the_number_set_at_its_end_is_the_title_alone():
    from loaders.gbt_front_matter import english_title
    # after GB 55001—2021: a layout that sets the number on the English title's line
    assert english_title(["工程结构通用规范", "General code for engineering structures GB55001-2021", "2021-04-09 发布"]) \
        == "General code for engineering structures"
    assert english_title(["GB/T 20001.1—2024", "Rules for drafting standards", "—Part 1: Terminology standards"]) \
        == "Rules for drafting standards —Part 1: Terminology standards"


def _clauses(text: str) -> dict:
    """The clauses of `text` read as a document, by number."""
    return parse_structure(physical_lines(text)).by_number()


def test_a_titled_group_of_the_terms_chapter_numbers_its_entries_that_lost_their_numbers():
    text = ("1 范围\n本部分给出术语。\n2 规范性引用文件\n本部分没有规范性引用文件。\n3 术语与定义\n下列术语适用于本部分。\n"
            "3.1 应用层术语\n报文  message\n由终端向卡发出的字节串。\n\n磁条  magstripe\n包括磁编码信息的条状物。\n\n"
            "3.2 安全层术语\n密钥  key\n控制密码变换的符号序列。\n\n私钥  private key\n仅由一个实体使用的密钥。\n")
    by = _clauses(text)
    assert [by[n].role for n in ("3.1", "3.1.1", "3.1.2", "3.2", "3.2.1", "3.2.2")] == \
        ["terms", "term", "term", "terms", "term", "term"]
    assert by["3.1.2"].lines[0].text.startswith("磁条")


def test_one_term_printed_without_its_number_after_a_lead_in_announcing_terms_is_an_entry():
    # after GB/T 45223—2025: one entry, its abbreviation after a colon (`…substations: APS`)
    head = "1 范围\n本文件规定了接口。\n2 规范性引用文件\n本文件没有规范性引用文件。\n3 术语和定义\n"
    entry = ("电力厂站低压用电系统 low voltage auxiliary power system for electric power stations and substations: APS\n\n"
             "为发电厂、变电站等电力工程的低压设备提供电源的系统。\n")
    by = _clauses(head + "GB/T 2900.1 界定的以及下列术语和定义适用于本文件。\n\n" + entry + "4 缩略语\n")
    assert by["3.1"].role == "term" and by["3.1"].lines[0].text.startswith("电力厂站低压用电系统")
    entries = parse_entry(by["3.1"].blocks)
    assert (entries.term_en, entries.abbreviation) == ("low voltage auxiliary power system for electric power stations "
                                                       "and substations", "APS")
    # a lone line of the kind under a lead-in that defines no terms here is left as text
    assert "3.1" not in _clauses(head + "GB/T 2900.1 界定的术语和定义适用于本文件。\n\n" + entry + "4 缩略语\n")


def test_the_chapters_of_a_terminology_standard_named_for_their_terms_are_terms_chapters():
    # GB/T 20001.1: a terminology standard groups its entries in chapters named for them (`2 一般术语`)
    text = ("1 范围\n本标准规定了术语。\n2 一般术语\n2.1 基本概念\n2.1.1\n单元 element\n具有几何属性的最小求解域。\n"
            "2.1.2\n激励 excitation: stimulus\n作用于系统的外力。\n[GB/T 2298—2010, 定义 2.16]\n"
            "3 典型结构数值分析术语\n3.1\n板壳 plate and shell\n表面为平面或曲面的结构。\n")
    by = _clauses(text)
    assert [by[n].role for n in ("2", "2.1", "2.1.1", "2.1.2", "3", "3.1")] == \
        ["terms", "terms", "term", "term", "terms", "term"]
    entry = parse_entry(by["2.1.2"].blocks)
    assert (entry.term_en, entry.abbreviation, entry.source.number) == ("excitation: stimulus", "", "GB/T 2298-2010")


def test_a_chapter_title_ending_in_terms_elsewhere_is_no_terms_chapter():
    st = parse_structure(physical_lines("1 范围\n本标准规定了要求。\n2 统一术语的要求\n2.1 一般要求\n应采用统一的术语。\n"))
    assert st.by_number()["2"].role == ""


def test_a_term_source_ocr_set_as_maths_text_is_read_as_printed():
    from loaders.gbt_structure import clean
    assert clean(" $$  \\text{[GB/T 10853—2008, 定义 5.2.58]}  $$ ") == "[GB/T 10853—2008, 定义 5.2.58]"


def test_a_first_chapter_numbered_with_an_enumeration_comma_and_numbers_split_at_a_dot_are_read():
    # a text layer without heading fonts: `1、范围` under the body's title, term numbers `3.1 .2` split at a dot,
    # and the first entry's number misprinted as its group's (`3.1`)
    lines = [Line(i + 1, t, heading=None) for i, t in enumerate([
        "前言", "本标准按 GB/T 1.1-2009 给出的规则起草。", "道路运输车辆卫星定位系统", "终端通讯协议", "1、范围",
        "本标准规定了通讯协议。", "2 规范性引用文件", "下列文件对于本文件的应用是必不可少的。", "3 术语和定义、缩略语",
        "3.1 术语和定义", "下列术语和定义适用于本文件。", "3.1", "数据通信链路异常 abnormal data communication link",
        "无线通信链路断开。", "3.1 .2", "注册 register", "终端向平台发送消息。", "3.1 .3", "注销 unregister",
        "终端向平台发送消息告知拆下。", "3.2 缩略语", "下列缩略语适用于本文件。", "4 协议基础", "协议采用大端模式。",
        "1 包参数个数 BYTE"])]
    st = parse_structure(lines)
    assert [c.number for c in st.clauses] == ["前言", "1", "2", "3", "3.1", "3.1.2", "3.1.3", "3.2", "4"]
    assert st.by_number()["1"].title == "范围"
    assert st.by_number()["3.1.3"].lines[0].text == "注销 unregister"


def test_level_two_headings_whose_numbers_a_layout_drew_as_graphics_take_the_next_number_of_that_level():
    # the heading font marks titles whose level-2 numbers were lost; the counts settle 4.1 and 4.2 between
    # `4` and `4.2.1`; the others are the next clauses of level 2 after the last number printed or given
    def h(t):
        return (t, True)
    rows = [h("1 范围"), ("本文件规定了要求。", False), h("4 互联结构"), h("SIP 监控域互联结构"), h("4.1.1 概述"),
            ("联网系统由监控域组成。", False), h("非 SIP 监控域互联结构"), h("4.2.1 概述"), ("网关完成转换。", False),
            h("5 传输要求"), h("网络传输协议要求"), ("网络层应支持IP协议。", False), h("媒体传输协议要求"),
            ("应支持RTP协议。", False), h("5.3.1"), h("前端设备 front-end device"), ("联网系统中的设备。", False),
            h("A A"), h("附录 A"), h("（规范性）"), h("命令集"), ("表中见附录A.2.6.8", False), h("A.1 命令")]
    lines = [Line(i + 1, t, heading=hd) for i, (t, hd) in enumerate(rows)]
    st = parse_structure(lines)
    titles = {c.number: c.title for c in st.clauses}
    assert titles["4.1"] == "SIP 监控域互联结构" and titles["4.2"] == "非 SIP 监控域互联结构"
    assert titles["5.1"] == "网络传输协议要求" and titles["5.2"] == "媒体传输协议要求"
    assert "5.4" not in titles    # the term line under a number standing alone is no heading
    assert titles["A"] == "命令集" and [c.number for c in st.clauses if c.kind == "annex"] == ["A"]


def test_a_bibliography_entry_marked_with_full_width_brackets_is_an_entry():
    from loaders.gbt_structure import classify
    assert classify("［1］GB/T 19392-2003 汽车 GPS 导航系统通用规范", "bibliography")[:3] == \
        ("bib", "[1]", "GB/T 19392-2003 汽车 GPS 导航系统通用规范")
    assert classify("【12】 《中华人民共和国道路交通安全法实施条例》", "bibliography")[1] == "[12]"


# --- older layouts ------------------------------------------------------------------------------
_OLD_STYLE = """目 次
1 适用范围 .......... 1
2 引用标准 .......... 1
3 数据传输 .......... 2
附 录 A（规范性附录）校验算法 .......... 5
1 适用范围
本标准适用于数据传输。
2 引用标准
本标准引用了下列文件或其中的条款。
GB 3096-2008 声环境质量标准
3 数据传输
3.1 应答代码
应答代码如表 1 所示。
表 1 应答代码表
编号 描述
1 准备执行请求
4 MN 错误
5 ST 错误
3.2 校验方法
数据应按附录 A 校验。
附录 A
（规范性附录）
校验算法
"""


def test_a_standard_drafted_before_gbt_1_1_names_its_references_chapter_引用标准():
    clauses = parse_structure(physical_lines(_OLD_STYLE)).clauses
    assert [c.role for c in clauses if c.number == "2"] == ["references"]


def test_no_chapter_follows_the_last_one_the_contents_list_before_the_annexes():
    # a table's numbered rows (`4 MN 错误`) after chapter 3 are no chapters: the contents list 1–3, then annex A
    clauses = parse_structure(physical_lines(_OLD_STYLE)).clauses
    assert [c.number for c in clauses if c.kind == "chapter"] == ["1", "2", "3"]
    assert "3.2" in [c.number for c in clauses]


# --- the nature of an annex (GB/T 1.1—2020 8.6.2; 规范性附录/资料性附录 in 2009 documents) -----------------------
@pytest.mark.parametrize("marks, expected", [
    (("（规范性）", "（资料性）"), (CDT.Normative, CDT.Informative)),
    (("(规范性附录)", "(资料性附录)"), (CDT.Normative, CDT.Informative)),
    (("（参考性附录）", ""), (CDT.Informative, None)),
])
def test_an_annex_carries_the_nature_printed_under_its_label(tmp_path, marks, expected):
    text = SMALL.read_text(encoding="utf-8").rstrip("\n")
    for letter, mark in zip("AB", marks):
        text += f"\n\n附录 {letter}\n\n{mark}\n\n示例附录{letter}\n\n{letter}.1 说明\n\n附录中的一段说明文字。" if mark else \
            f"\n\n附录 {letter}\n\n示例附录{letter}\n\n{letter}.1 说明\n\n附录中的一段说明文字。"
    path = tmp_path / "annexes.txt"
    path.write_text(text + "\n", encoding="utf-8")
    e = entry_for(path, "GB/T 99999-2030")
    doc, r = ids.entry_iri(e), load_gbt_document(path, e)
    for letter, nature in zip("AB", expected):
        annex = ids.clause_iri(doc, letter)
        assert (annex, RDF.type, CDT.Clause) in r.graph
        assert list(r.graph.objects(annex, CDT.annexNature)) == ([nature] if nature else [])
        # the nature is the annex's, not its clauses'
        assert list(r.graph.objects(ids.clause_iri(doc, f"{letter}.1"), CDT.annexNature)) == []
    assert validate(r.graph).violations == 0


# --- blind round 9's readers: a chapter the contents list, 术语、符号和代号, a 缩略语 table read as lines ---------------
def _pdf_lines(rows):
    """PDF-like lines: (text, heading) pairs, heading None where the font says nothing."""
    return [Line(i, text, page=1, heading=heading) for i, (text, heading) in enumerate(rows, 1)]


_CONTENTS = [("目 次", None), ("前言……………………Ⅱ", None), ("1 范围 ……………………1", None),
             ("2 术语和定义 ……………………1", None), ("3 物理层 ……………………3", None), ("前 言", True),
             ("本标准代替旧版。", None), ("1 范围", True), ("本标准规定了通信协议。", None), ("2 术语和定义", True),
             ("下列术语和定义适用于本标准。", None), ("2.1", None), ("物理层 physical layer", None),
             ("负责物理媒体上信息的接收和发送.", None)]


@pytest.mark.parametrize("title, heading, opened", [
    ("物理层", False, True),       # listed by the contents, the next chapter: a heading in the body font
    ("数据链路层", False, False),  # the contents list another title: a numbered line of the body, no heading
])
def test_a_chapter_the_contents_list_is_a_heading_whatever_its_font(title, heading, opened):
    st = parse_structure(_pdf_lines(_CONTENTS + [(f"3 {title}", heading), ("3.1 接触式红外光口", True),
                                                  ("读数头的结构如图 1 所示。", None)]))
    numbers = [c.number for c in st.clauses]
    assert ("3" in numbers and "3.1" in numbers) == opened, numbers
    if opened:
        assert next(c for c in st.clauses if c.number == "3").title == "物理层"


def test_terms_symbols_and_codes_chapter_gives_terms_and_abbreviations_of_a_numbered_table(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    head, _, _ = text.partition("4 要求")
    head = re.sub(r"\n3 术语和定义\n.*", "", head, flags=re.S)
    body = ("3 术语、符号和代号\n\n3.1 术语\n\nGB/T 12345 界定的以及下列术语和定义适用于本标准。\n\n3.1.1\n\n"
            "水位基值 water level reference value\n\n水位监测的假定基面。\n\n3.2 符号和代号\n\n"
            "GB/T 12345—2020 界定的以及表1中符号、代号和缩略语适用于本标准。\n\n表1 符号、代号和缩略语\n\n"
            "序号 符号、代号和缩略语 内容\n\n1 3G 第三代移动通信技术，是指支持高速数据传输的蜂窝移动通讯技术\n\n"
            "2 CDMA-1X 基于码分多址的蜂窝数字移动通信系统网络分组交换技术\n\n3 CRC 循环冗余码校验\n\n"
            "2 DDN 是利用数字信道传输数据信号的数据传输网\n\n4 要求\n\n系统应可靠。\n")
    path = tmp_path / "terms-symbols.txt"
    path.write_text(head + body, encoding="utf-8")
    e = entry_for(path, "GB/T 99999-2030")
    doc, r = ids.entry_iri(e), load_gbt_document(path, e)
    g = r.graph
    entries = [t for t in g.subjects(RDF.type, CDT.TermEntry) if str(g.value(t, CDT.number)) == "3.1.1"]
    assert [str(o) for t in entries for c in g.objects(t, CDT.defines) for o in g.objects(c, SKOS.prefLabel)
            if o.language == "zh"] == ["水位基值"]
    read = {str(g.value(a, CDT.abbreviation)): str(g.value(a, CDT.expansion)) for a in g.subjects(RDF.type, CDT.Abbreviation)}
    assert read["3G"] == "第三代移动通信技术" and read["CRC"] == "循环冗余码校验"
    assert read["CDMA-1X"] == "基于码分多址的蜂窝数字移动通信系统网络分组交换技术"
    assert read["DDN"].startswith("是利用数字信道")       # a row that explains: its abbreviation all the same
    assert not any(k[:1].isdigit() and " " in k for k in read)   # no serial number in an abbreviation
    # the lead-in is the clause's text, its citation read
    assert any("GB/T 12345—2020" in str(t) for t in g.objects(ids.clause_iri(doc, "3.2"), CDT.text))
    assert validate(g).violations == 0
