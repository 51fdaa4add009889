"""`cdtkg check`: a draft checked against the graph of the corpus around it, without being added to it."""
from __future__ import annotations

import json
import random
from io import BytesIO
from pathlib import Path

import pytest

import seeded_defects as seeded
from app.cli import main
from loaders import build
from loaders.draft_source import DraftRefused, DraftText, plain_draft_text
from loaders.gbt_modality import find_modality
from loaders.gbt_structure import parse_structure
from loaders.pdf_text import physical_lines
from loaders.vocab import CDT
from queries.draft_check import COMMENT_SHEET_COLUMNS, check_draft, comment_sheet, corpus_store
from test_checks_gbt11 import GOOD, REAL_TEXTS, REALTEXTS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TRM = CORPUS / "gbt-technical-reference-model-draft.txt"
CTMM = CORPUS / "gbt-maturity-model-ctmm-draft.txt"


@pytest.fixture(scope="module")
def store():
    build.build(CORPUS)
    return corpus_store(CORPUS)


def check_text(name: str, text: str, store):
    return check_draft(DraftText(name, text), CORPUS, store)


def by_check(report, check: str) -> list:
    return [f for f in report.findings if f.check == check]


def test_the_technical_reference_model_draft_shows_the_references_the_graph_knows_are_wrong(store):
    report = check_text(TRM.name, TRM.read_text(encoding="utf-8"), store)
    [cited] = by_check(report, "cited_not_listed")
    assert cited.clause == "7.2.9 a)" and "GB/T 43697-2024" in cited.problem and cited.line
    [lead_in] = by_check(report, "term_source_not_listed")
    assert lead_in.clause == "3" and "GB/T 37043" in lead_in.problem
    # the maturity model defines two of its terms differently; both definitions are shown
    differing = by_check(report, "term_defined_differently")
    assert {f.clause for f in differing} == {"3.1", "3.5"}
    assert all(f.problem.count("定义为") == 2 and "[来源：" in f.suggestion for f in differing)
    # its own earlier edition in the corpus is not "another document"
    assert not by_check(report, "restated_requirement")
    assert report.exit_code == 1


def test_a_draft_citing_a_planned_standard_is_told_it_is_unpublished(store):
    report = check_text(CTMM.name, CTMM.read_text(encoding="utf-8"), store)
    drafts = by_check(report, "draft_citation")
    assert drafts and all("未发布" in f.problem and f.basis.startswith("图谱：") for f in drafts)


def test_a_clean_draft_has_no_findings_and_exits_zero(store, tmp_path):
    report = check_text("clean.txt", GOOD, store)
    assert report.findings == [] and report.exit_code == 0
    draft = tmp_path / "clean.txt"
    draft.write_text(GOOD, encoding="utf-8")
    assert main(["check", str(draft)]) == 0


def test_a_text_that_is_no_standard_is_refused(store):
    with pytest.raises(DraftRefused, match="没有识别出任何章条"):
        check_text("notes.txt", "会议纪要\n今天讨论了三件事。\n", store)


def test_checking_never_changes_the_build_or_the_corpus(store, tmp_path):
    graph = build.build_root(CORPUS) / "current" / build.GRAPH_FILE
    before = (graph.stat().st_mtime_ns, (CORPUS / "manifest.csv").read_bytes(), len(store))
    draft = tmp_path / "draft.txt"
    draft.write_text(TRM.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(draft)]) == 1
    check_text("again.txt", TRM.read_text(encoding="utf-8"), store)
    assert (graph.stat().st_mtime_ns, (CORPUS / "manifest.csv").read_bytes(), len(store)) == before


def test_without_a_build_only_the_drafting_rules_are_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "nobuild"))
    report = check_draft(DraftText(TRM.name, TRM.read_text(encoding="utf-8")), CORPUS)
    assert not report.graph_used
    assert {f.check for f in report.findings} == {"fixed_wording"}
    assert not (tmp_path / "nobuild").exists()


def test_the_command_prints_json_and_writes_a_comment_sheet(tmp_path, capsys, store):
    from openpyxl import load_workbook

    sheet = tmp_path / "意见.xlsx"
    assert main(["check", str(TRM), "--json", "--format", "xlsx", "-o", str(sheet)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["error"] >= 2 and report["findings"][0]["severity"] == "error"
    ws = load_workbook(sheet).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COMMENT_SHEET_COLUMNS
    assert len(rows) - 1 == len(report["findings"])
    assert rows[1][0] == 1 and rows[1][1] == report["findings"][0]["clause"] and rows[1][4]


def test_unreadable_input_exits_two_with_a_chinese_message(tmp_path, capsys):
    fake = tmp_path / "草案.pdf"
    fake.write_bytes(b"<html></html>")
    assert main(["check", str(fake)]) == 2
    err = capsys.readouterr().err
    assert "不是 PDF" in err and "内部错误" not in err
    assert main(["check", str(TRM), "--format", "xlsx"]) == 2


# --- seeded defects, twenty at a time, found by the graph checks ------------------------------------------
def documents() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in (TRM, CTMM)]
    docs += [(n, plain_draft_text((REALTEXTS / n).read_text(encoding="utf-8"))) for n in REAL_TEXTS
             if (REALTEXTS / n).is_file()]
    return docs


def _recall(store, injector_for, check: str, kinds=("para", "item"), seed: str = "") -> tuple[int, list]:
    rng = random.Random(f"graph-{check}{seed}")
    total, missed = 0, []
    for name, text in documents():
        st = parse_structure(physical_lines(text))
        injector = injector_for(st)
        if injector is None:
            continue
        changed, clauses = seeded.inject_many(text, st, injector, rng, kinds=kinds)
        got = [f.clause.split()[0] for f in by_check(check_text(name, changed, store), check)]
        total += len(clauses)
        missed += [(name, c) for c in clauses if c not in got]
        if total >= 20 and len(documents()) > 2 and name not in (TRM.name, CTMM.name):
            break
    return total, missed


@pytest.mark.parametrize("check, injector", [("cited_not_listed", seeded.cited_not_listed),
                                             ("superseded_citation", seeded.superseded_citation)])
def test_seeded_citations_are_found_in_the_right_clause(store, check, injector):
    total, missed = _recall(store, lambda st: injector, check)
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def _dated_reference(st):
    refs = [b.text for c in st.clauses if c.role == "references" for b in c.blocks if b.kind == "ref"]
    from loaders.standard_numbers import find_numbers, year_of

    for text in refs:
        found = find_numbers(text)
        if found and year_of(found[0].number):
            return seeded.dated_inconsistently_for(found[0].number)
    return None


def test_seeded_references_dated_differently_from_chapter_2_are_found(store):
    total, missed = _recall(store, _dated_reference, "dated_inconsistently")
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def test_seeded_requirements_that_another_standard_sets_are_found(store):
    query = """PREFIX cdt: <https://w3id.org/cdtkg/ontology#>
    SELECT ?text WHERE { ?p a cdt:Provision ; cdt:text ?text ; cdt:modality cdt:Shall ;
                             cdt:sourceDocument <https://w3id.org/cdtkg/resource/std/plan-20250317-T-469> }"""
    trm = sorted(r["text"].value for r in store.query(query))
    requirements = [t for t in trm if len(t) >= 20 and find_modality(t) == CDT.Shall]
    random.Random("restated").shuffle(requirements)
    total, missed = _recall(store, lambda st: None if st.body_title and "技术参考模型" in st.body_title.text
                            else seeded.restated_requirement_from(requirements), "restated_requirement",
                            kinds=("item",))
    if total < 20 and not any((REALTEXTS / n).is_file() for n in REAL_TEXTS):
        pytest.skip(f"the maturity model offers only {total} lists; the real standards in {REALTEXTS} give the rest")
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def test_the_benchmark_draft_is_80_pages_of_continuous_clauses():
    from loaders.synthetic_corpus import LINES_PER_PAGE, long_draft
    from queries.checks_gbt11 import check_structure

    text = long_draft(TRM.read_text(encoding="utf-8"), 80)
    assert len(text.splitlines()) >= 80 * LINES_PER_PAGE
    st = parse_structure(physical_lines(text))
    assert max(int(c.number) for c in st.clauses if c.number.isdigit()) > 10   # chapter 7 repeated as 8, 9 …
    assert [f for f in check_structure(st) if f.check.endswith("numbering")] == []


TSZS_DRAFT = GOOD.replace(
    "GB/T 22239—2019 信息安全技术 网络安全等级保护基本要求",
    "GB/T 22239—2019 信息安全技术 网络安全等级保护基本要求\nT/SZS 4042—2021 城市数字化转型顶层设计指南",
).replace("平台应符合 GB/T 22239—2019 的规定。", "平台应符合 GB/T 22239—2019 和 T/SZS 4042—2021 的规定，汇聚数据要素。")


def test_a_term_a_cited_standard_defines_and_the_draft_uses_without_defining_is_pointed_out(store):
    [f] = by_check(check_text("d.txt", TSZS_DRAFT, store), "term_used_undefined")
    assert f.clause == "4.1" and "数据要素" in f.problem and "T/SZS 4042-2021" in f.basis
    taken_over = TSZS_DRAFT.replace("下列术语和定义适用于本文件。", "T/SZS 4042—2021 界定的以及下列术语和定义适用于本文件。")
    assert by_check(check_text("d.txt", taken_over, store), "term_used_undefined") == []


def test_a_term_defined_differently_from_a_corpus_standard_shows_both_definitions(store):
    text = TSZS_DRAFT.replace("平台 platform\n支撑应用运行的软件系统。", "数据治理 data governance\n对数据进行管理的活动。")
    found = by_check(check_text("d.txt", text, store), "term_defined_differently")
    # T/SZS 4042-2021 and the maturity model both define it, each differently from the draft
    assert {f.basis for f in found} == {"图谱：T/SZS 4042-2021 3.6“数据治理”", "图谱：城市全域数字化转型 成熟度模型 3.4“数据治理”"}
    for f in found:
        assert f.clause == "3.1" and "对数据进行管理的活动" in f.problem and f.problem.count("定义为") == 2
        assert "有修改" in f.suggestion and f.subject == "数据治理"


REALDOCS = ROOT.parent / "shared" / "realdocs"


def test_a_published_pdf_is_checked_with_the_page_of_each_finding(store):
    pytest.importorskip("pypdfium2", reason="PDF drafts are read with pypdfium2 (the PDF reader of `read_source`)")
    if not REALDOCS.is_dir():
        pytest.skip(f"the real PDFs are not here ({REALDOCS})")
    from loaders.draft_source import read_draft_file

    report = check_draft(read_draft_file(REALDOCS / "gbt-18894-2016.pdf"), CORPUS, store)
    assert all(f.page for f in report.findings)
    [old_rules] = [f for f in report.findings if "GB/T1.1—2009" in f.problem]
    assert old_rules.clause == "前言" and old_rules.page == 2
    # the body writes ISO 13028—2010 (read as ISO 13028:2010) where chapter 2 lists ISO/TR 13028:2010
    assert any(f.check == "cited_not_listed" and "ISO 13028:2010" in f.problem and f.page == 6 for f in report.findings)
    # a text layer of garbled glyphs has no clause to check: refused, not checked as nonsense
    with pytest.raises(DraftRefused, match="乱码"):
        check_draft(read_draft_file(REALDOCS / "gbt-39784-2021.pdf"), CORPUS, store)


def test_seeded_references_listed_but_never_cited_are_found_in_chapter_2(store):
    rng = random.Random("graph-listed_not_cited")
    total, missed = 0, []
    for name, text in documents()[:3]:
        st = parse_structure(physical_lines(text))
        if not any(b.kind == "ref" for c in st.clauses if c.role == "references" for b in c.blocks):
            continue
        changed, numbers = seeded.listed_never_cited(text, st, rng)
        found = by_check(check_text(name, changed, store), "listed_not_cited")
        total += len(numbers)
        missed += [(name, n) for n in numbers
                   if not any(f.clause.split()[0] == "2" and n in f.problem for f in found)]
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def test_seeded_term_lead_in_sources_missing_from_chapter_2_are_found(store):
    total, missed = 0, []
    for name, text in documents()[:3]:
        seeded_doc = seeded.term_sources_not_listed(text, parse_structure(physical_lines(text)))
        if seeded_doc is None:
            continue
        changed, numbers = seeded_doc
        found = by_check(check_text(name, changed, store), "term_source_not_listed")
        total += len(numbers)
        missed += [(name, n) for n in numbers
                   if not any(f.clause.split()[0] == "3" and f"{n} 界定" in f.problem for f in found)]
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


TERMS_QUERY = """PREFIX cdt: <https://w3id.org/cdtkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?doc ?term ?definition WHERE {
  ?e a cdt:TermEntry ; cdt:inDocument ?doc ; skos:prefLabel ?term ; skos:definition ?definition .
  FILTER(lang(?term) = "zh")
} ORDER BY ?doc ?term"""
EDITION_OF = {TRM.name: "plan-20250317-T-469", CTMM.name: "gbt-maturity-model-ctmm-draft"}


def test_seeded_terms_defined_otherwise_than_in_the_corpus_are_found_at_their_entries(store):
    entries = [(r["doc"].value, r["term"].value, r["definition"].value) for r in store.query(TERMS_QUERY)]
    total, missed = 0, []
    for name, text in documents()[:2]:
        st = parse_structure(physical_lines(text))
        own = {b.text.split()[0] for c in st.clauses if c.role == "term" for b in c.blocks[:1]}
        others = [(t, d) for doc, t, d in entries if not doc.endswith(EDITION_OF[name]) and t not in own]
        others = list({t: (t, d) for t, d in others}.values())
        changed, added = seeded.redefined_terms(text, st, others)
        found = by_check(check_text(name, changed, store), "term_defined_differently")
        total += len(added)
        missed += [(name, n, t) for n, t in added if not any(f.clause == n and f.subject == t for f in found)]
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def test_seeded_uses_of_terms_a_cited_standard_defines_are_found_where_first_used(store):
    terms = sorted({r["term"].value for r in store.query(TERMS_QUERY)
                    if r["doc"].value.endswith("T-SZS-4042-2021") and len(r["term"].value) >= 4})
    rng = random.Random("graph-term_used_undefined")
    total, missed = 0, []
    for name, text in documents():
        seeded_doc = seeded.used_terms(text, parse_structure(physical_lines(text)), rng, terms,
                                       "T/SZS 4042—2021 城市数字化转型顶层设计指南")
        if seeded_doc is None:
            continue
        changed, used = seeded_doc
        found = by_check(check_text(name, changed, store), "term_used_undefined")
        total += len(used)
        missed += [(name, c, t) for c, t in used
                   if not any(f.clause.split()[0] == c and f.subject == t for f in found)]
    if total < 20 and not any((REALTEXTS / n).is_file() for n in REAL_TEXTS):
        pytest.skip(f"the corpus drafts give {total} uses; the real standards in {REALTEXTS} give the rest")
    assert total >= 20
    assert 1 - len(missed) / total >= 0.95, missed


def test_a_word_draft_gives_the_findings_of_the_same_text(store):
    import io

    import docx as python_docx

    from loaders.draft_source import read_draft

    text = TRM.read_text(encoding="utf-8")
    document = python_docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    from_word = check_draft(read_draft("草案.docx", buf.getvalue()), CORPUS, store)
    from_text = check_text(TRM.name, text, store)
    # lines are those of the text each reader saw (Word has no empty paragraphs): clauses must agree
    assert [(f.check, f.clause) for f in from_word.findings] == [(f.check, f.clause) for f in from_text.findings]
