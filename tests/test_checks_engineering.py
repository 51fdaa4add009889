"""An engineering-construction draft (工程建设标准) is checked on its own rules, not on GB/T 1.1's."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.gold_score import texts_dir
from loaders.engineering_standard import read_structure
from loaders.pdf_text import physical_lines
from queries.checks_engineering import check_engineering

GOOD = """工程结构通用规范
1 总则
1.0.1 为保障工程结构安全，制定本规范。
1.0.2 工程结构必须执行本规范。
2 基本规定
2.1 一般规定
2.1.1 结构应满足安全性要求。
2.1.2 结构宜采用简单规则的体系。
本规范用词说明
1 为便于在执行本规范条文时区别对待，对要求严格程度不同的用词说明如下。
"""


def _findings(text: str):
    st = read_structure(physical_lines(text))
    assert st.rules == "engineering"
    return check_engineering(st)


def test_a_well_drafted_engineering_text_has_no_finding_and_its_strictest_forms_are_allowed():
    # 1.0.1 numbering, no 范围 / 规范性引用文件 / 术语和定义 chapters, 必须: all right under these rules
    assert _findings(GOOD) == []


def test_a_clause_number_that_skips_one_is_found():
    found = _findings(GOOD.replace("2.1.2 结构宜", "2.1.3 结构宜"))
    assert [(f.check, f.clause) for f in found] == [("clause_numbering", "2.1.3")]
    assert "2.1.2" in found[0].problem and "建标〔2008〕182号" in found[0].basis


def test_a_verbal_form_outside_the_rules_is_found_but_need_as_a_noun_is_not():
    found = _findings(GOOD.replace("结构应满足安全性要求", "结构需要满足安全性要求"))
    assert [(f.check, f.clause) for f in found] == [("modal_verb", "2.1.1")] and "“需要”" in found[0].problem
    assert _findings(GOOD.replace("结构应满足安全性要求", "结构应根据计算需要设置预拱度")) == []


def test_chapter_one_must_be_the_general_chapter():
    found = _findings(GOOD.replace("1 总则", "1 总体要求"))
    assert [f.check for f in found] == ["required_element"] and "总则" in found[0].problem


def test_a_published_engineering_standard_is_checked_without_gbt_1_1_findings():
    # GB 55001 (1.0.1 numbering, 条文说明 after the clauses): no 范围 or 前言 wording is asked of it
    path = texts_dir() / "gb-55001-2021.txt"
    if not path.is_file():
        pytest.skip(f"{path} 不存在：第三方标准文本不随仓库分发（见 tests/gold/real-standards-engineering-untuned/INDEX.md）")
    from loaders.draft_source import DraftText
    from queries.draft_check import check_draft

    report = check_draft(DraftText(path.name, path.read_text(encoding="utf-8")), Path(__file__).resolve().parent.parent / "corpus", store=None)
    assert not any(f.check in ("required_element", "fixed_wording") for f in report.findings)
    assert not any(f.clause.startswith("附录") for f in report.findings)   # the 条文说明 is not read as clauses


def test_a_draft_report_says_which_drafting_rules_it_was_checked_by(tmp_path, monkeypatch):
    from loaders.draft_source import DraftText
    from queries.draft_check import check_draft

    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))   # a corpus never built: the rules alone
    engineering = check_draft(DraftText("draft.txt", GOOD), tmp_path)
    assert (engineering.rules, engineering.graph_used) == ("工程建设标准编写规定", False)
    gbt = check_draft(DraftText("draft.txt", "1 范围\n本文件规定了示例系统的要求。\n"), tmp_path)
    assert gbt.rules == "GB/T 1.1"
