"""The GB/T 1.1—2020 rules a draft is checked against: each finds its defect on small texts, stays quiet on
the bundled drafts, and finds at least 95 % of defects seeded at random places in real documents, in the
right clause."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.gold_score import texts_dir
from loaders.draft_source import plain_draft_text
from loaders.gbt_structure import parse_structure
from loaders.pdf_text import physical_lines
from queries.checks_gbt11 import FOREWORD_DRAFTING, FOREWORD_PATENT, REFERENCES_LEAD_IN, check_structure
import seeded_defects as seeded

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REALTEXTS = texts_dir()
BUNDLED_DRAFTS = ("gbt-technical-reference-model-draft.txt", "gbt-maturity-model-ctmm-draft.txt")
# real standards as text (fetched with the search tool, never committed); used when present
REAL_TEXTS = ("gbt-43851-2024.txt", "jrt-0325-2024.txt", "gbt-39787-2021.txt", "gbt-44795-2024.txt",
              "gbt-38614-2020.txt")


def structure(text: str):
    return parse_structure(physical_lines(text))


def findings(text: str, check: str | None = None):
    found = check_structure(structure(text))
    return [f for f in found if check is None or f.check == check]


GOOD = f"""前言
{FOREWORD_DRAFTING}
{FOREWORD_PATENT}
本文件由全国某某标准化技术委员会提出并归口。
示例标准
1 范围
本文件规定了某系统的要求。
2 规范性引用文件
{REFERENCES_LEAD_IN}
GB/T 22239—2019 信息安全技术 网络安全等级保护基本要求
3 术语和定义
下列术语和定义适用于本文件。
3.1
平台 platform
支撑应用运行的软件系统。
4 要求
4.1 总体要求
平台应符合 GB/T 22239—2019 的规定。
4.2 功能要求
平台应具备下列功能：
a) 数据汇聚；
b) 数据共享；
c) 数据开放。
注：功能的实现方式不限。
"""


def test_a_well_drafted_text_has_no_findings():
    assert findings(GOOD) == []


def test_the_bundled_drafts_only_lack_the_patent_statement():
    for name in BUNDLED_DRAFTS:
        text = (CORPUS / name).read_text(encoding="utf-8")
        assert [(f.check, f.clause, f.problem) for f in findings(text) if f.check != "modal_verb"] == [
            ("fixed_wording", "前言", "前言没有专利说明。")], name


def test_modal_verbs_outside_the_forms_are_found_but_not_words_that_contain_them():
    text = GOOD.replace("平台应符合", "平台必须符合")
    assert [f.clause for f in findings(text, "modal_verb")] == ["4.1"]
    ordinary = GOOD.replace("数据汇聚；", "满足业务需要的数据汇聚，主要用于重要场景；")
    assert findings(ordinary, "modal_verb") == []


@pytest.mark.parametrize("printed, drafted, check, clause", [
    ("注：功能的实现方式不限。", "注：功能应由平台实现。", "requirement_in_note", "4.2"),
    ("3 术语和定义", "3 名词解释", "required_element", "3"),
], ids=["a requirement in a note", "a missing required element"])
def test_an_error_of_drafting_is_found_in_its_clause(printed, drafted, check, clause):
    [f] = findings(GOOD.replace(printed, drafted), check)
    assert f.clause == clause and f.severity == "error"


def test_a_hanging_paragraph_is_found():
    text = GOOD.replace("4 要求\n", "4 要求\n本章规定平台的要求。\n")
    [f] = findings(text, "hanging_paragraph")
    assert f.clause == "4" and "4.1" in f.suggestion


def test_gaps_in_clause_and_list_numbering_are_found():
    text = GOOD.replace("4.2 功能要求", "4.3 功能要求").replace("c) 数据开放", "d) 数据开放")
    assert [f.clause for f in findings(text, "clause_numbering")] == ["4.3"]
    assert [f.clause for f in findings(text, "list_numbering")] == ["4.3"]


def test_the_fixed_wording_of_the_foreword_and_the_lead_ins_is_checked():
    text = GOOD.replace(REFERENCES_LEAD_IN, "本文件引用了下列文件。").replace(FOREWORD_PATENT, "")
    got = {(f.clause, f.problem[:12]) for f in findings(text, "fixed_wording")}
    assert got == {("2", "第 2 章的引导语不是 "), ("前言", "前言没有专利说明。")}
    older = GOOD.replace(FOREWORD_DRAFTING, "本标准按照 GB/T 1.1—2009 给出的规则起草。")
    assert "GB/T 1.1—2009" in findings(older, "fixed_wording")[0].problem


def test_two_digit_and_colon_years_of_cited_standards_are_found():
    text = GOOD.replace("平台应符合 GB/T 22239—2019 的规定。", "平台应符合 GB/T 22239-19 和 GB/T 25070:2019 的规定。")
    assert len(findings(text, "number_form")) == 2


# --- seeded defects in real documents ---------------------------------------------------------------------
def real_documents() -> list[tuple[str, str]]:
    docs = [(n, (CORPUS / n).read_text(encoding="utf-8")) for n in BUNDLED_DRAFTS]
    docs += [(n, plain_draft_text((REALTEXTS / n).read_text(encoding="utf-8"))) for n in REAL_TEXTS
             if (REALTEXTS / n).is_file()]
    return docs


@pytest.mark.parametrize("kind", sorted(seeded.ONE_COPY))
def test_whole_document_defects_seeded_in_real_documents_are_found_in_the_right_clause(kind):
    rng = random.Random(f"gbt11-{kind}")
    docs = [(n, t, structure(t)) for n, t in real_documents()]
    found, missed, tries = 0, [], 0
    while found + len(missed) < 20 and tries < 200:
        tries += 1
        name, text, st = rng.choice(docs)
        seeded_doc = seeded.ONE_COPY[kind](text, st, rng)
        if seeded_doc is None:
            continue
        changed, clause = seeded_doc
        clauses = [f.clause.split()[0] for f in findings(changed, kind)]
        if clause in clauses:
            found += 1
        else:
            missed.append((name, clause, clauses))
    assert found + len(missed) == 20, f"only {found + len(missed)} places for {kind}"
    assert found / 20 >= 0.95, missed


@pytest.mark.parametrize("kind", sorted(seeded.LOCAL))
def test_local_defects_seeded_twenty_at_a_time_are_found_in_the_right_clause(kind):
    rng = random.Random(f"gbt11-{kind}")
    total, missed = 0, []
    for name, text in real_documents():
        changed, clauses = seeded.inject_many(text, structure(text), seeded.LOCAL[kind], rng)
        if len(clauses) < 20:
            continue
        got = [f.clause.split()[0] for f in findings(changed, kind)]
        total += len(clauses)
        missed += [(name, c) for c in clauses if c not in got]
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed
