"""What changed between two builds (queries/changes.py): a committee edits the corpus between two
meetings, rebuilds, and sees exactly what moved."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.build import build
from loaders.problems import CdtkgError
from queries.changes import aspects, changes_since_previous, compare
from queries.graph import Graph
from queries.runner import EmbeddedBackend

GUIDE = "guideline-standards-system-2026.txt"
DESIGN_GUIDE = "tszs-4042-2021-top-level-design-guide.txt"
DATA_BEFORE = "信息的可再解释的形式化表示，以适用于通信、解释或处理。"
DATA_AFTER = "信息的可再解释的形式化表示，以适用于通信、解释和处理。"


def _edit(path: Path, line_start: str, old: str, new: str) -> None:
    """Replace `old` by `new` in the one line of `path` starting with `line_start`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    [i] = [n for n, line in enumerate(lines) if line.startswith(line_start)]
    assert old in lines[i]
    lines[i] = lines[i].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def edited(tmp_path_factory, copy_corpus):
    """The corpus built, then edited the way drafters edit between meetings, then built again."""
    root = tmp_path_factory.mktemp("changes")
    mp = pytest.MonkeyPatch()
    mp.setenv("CDTKG_HOME", str(root / "home"))
    corpus = copy_corpus(root / "corpus")
    build(corpus)
    first = changes_since_previous(corpus)
    # the guide drops one planned standard of B.2.1.1.1; 004 rewords the definition of 数据
    _edit(corpus / GUIDE, "①城市数据资源目录标准", "数据分类分级指南、", "")
    _edit(corpus / DESIGN_GUIDE, DATA_BEFORE, DATA_BEFORE, DATA_AFTER)
    build(corpus)
    second = changes_since_previous(corpus)
    build(corpus, force=True)
    unchanged = changes_since_previous(corpus)
    mp.undo()
    return first, second, unchanged


def test_a_first_build_has_nothing_to_compare_with(edited):
    first, _, _ = edited
    assert first is None


def test_the_aspects_a_committee_reads_come_in_order():
    assert [a.name for a in aspects()] == ["nodes", "planned_standards", "plan_projects", "coverage", "terms",
                                           "citations", "counts"]
    assert [a.title for a in aspects()][:6] == ["标准体系节点", "规划标准", "工作计划中的项目", "覆盖关系", "术语定义", "引用"]


def test_a_planned_standard_dropped_from_the_guide_is_reported_removed(edited):
    _, changes, _ = edited
    planned = changes.aspect("planned_standards")
    assert planned.removed == [{"notation": "B.2.1.1.1", "plannedStandard": "数据分类分级指南", "nodeLabel": "城市数据资源目录"}]
    assert planned.added == [] and planned.changed == []
    assert (planned.before, planned.after) == (290, 289)


def test_the_node_whose_scope_note_changed_is_reported_changed(edited):
    _, changes, _ = edited
    nodes = changes.aspect("nodes")
    assert nodes.added == [] and nodes.removed == []
    [(before, after)] = nodes.changed
    assert before["notation"] == after["notation"] == "B.2.1.1.1"
    assert "数据目录编制指南、数据分类分级指南、编码要求" in before["scopeNote"]
    assert "数据目录编制指南、编码要求" in after["scopeNote"]


def test_a_reworded_definition_is_reported_with_both_texts(edited):
    _, changes, _ = edited
    terms = changes.aspect("terms")
    assert terms.changed == [(
        {"document": "T/SZS 4042-2021", "term": "数据", "number": "3.4", "definition": DATA_BEFORE},
        {"document": "T/SZS 4042-2021", "term": "数据", "number": "3.4", "definition": DATA_AFTER},
    )]
    assert terms.added == [] and terms.removed == []


def test_untouched_citations_and_counts_follow_the_edit(edited):
    _, changes, _ = edited
    assert changes.aspect("citations").count == 0
    counts = changes.aspect("counts")
    assert ({"class": "拟制定标准", "count": 290}, {"class": "拟制定标准", "count": 289}) in counts.changed


def test_rebuilding_an_unchanged_corpus_shows_no_change(edited):
    _, _, unchanged = edited
    assert unchanged is not None and unchanged.count == 0
    assert unchanged.previous_built_at < unchanged.current_built_at


# --- each aspect's query, on hand-made graphs -------------------------------------------------------------
CDT = "https://w3id.org/cdtkg/ontology#"
R = "https://w3id.org/cdtkg/resource/"
PREFIXES = f"""@prefix cdt: <{CDT}> . @prefix r: <{R}> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."""
COMMON = """
r:doc a cdt:Standard ; cdt:standardNumber "T/X 1-2024" ; dcterms:title "某标准"@zh .
r:std a cdt:Standard ; cdt:standardNumber "GB/T 2-2020" ; dcterms:title "被引标准"@zh .
r:node a cdt:FrameworkNode ; skos:notation "B.1" ; skos:prefLabel "某节点"@zh .
r:clause a cdt:Clause ; cdt:sourceDocument r:doc ; cdt:locator "5.1" .
cdt:Subset rdfs:label "部分覆盖"@zh . cdt:Intersects rdfs:label "交叉"@zh .
cdt:Citation rdfs:label "引用"@zh .
"""


def _engine(turtle: str) -> Graph:
    store = ox.Store()
    store.load(PREFIXES + COMMON + turtle, format=ox.RdfFormat.TURTLE)
    return Graph(EmbeddedBackend(store))


def test_citations_and_coverage_are_compared_by_their_keys():
    before = _engine("""
        r:m a cdt:CoverageMapping ; cdt:mappedStandard r:std ; cdt:mappedTo r:node ;
            cdt:relationship cdt:Subset ; cdt:mappingMethod "derived" .
    """)
    after = _engine("""
        r:m a cdt:CoverageMapping ; cdt:mappedStandard r:std ; cdt:mappedTo r:node ;
            cdt:relationship cdt:Intersects ; cdt:mappingMethod "curated" .
        r:c a cdt:Citation ; cdt:fromText r:clause ; cdt:toStandard r:std ; cdt:citationKind "in-text" .
    """)
    result = {a.aspect.name: a for a in compare(before, after)}
    assert result["citations"].added == [{"document": "T/X 1-2024", "locator": "5.1", "cited": "GB/T 2-2020", "kind": "in-text"}]
    assert result["coverage"].changed == [(
        {"standard": "GB/T 2-2020", "target": "B.1 某节点", "relationship": "部分覆盖", "method": "derived"},
        {"standard": "GB/T 2-2020", "target": "B.1 某节点", "relationship": "交叉", "method": "curated"},
    )]
    assert result["counts"].added == [{"class": "引用", "count": 1}]
    reverse = {a.aspect.name: a for a in compare(after, before)}
    assert reverse["citations"].removed == result["citations"].added


def test_an_aspect_query_must_say_which_columns_identify_a_row(tmp_path):
    (tmp_path / "bad.rq").write_text("# title: 坏 / Bad\n# returns: ?a ?b\nSELECT ?a ?b WHERE { ?a ?p ?b }\n",
                                     encoding="utf-8")
    with pytest.raises(CdtkgError, match="key"):
        aspects(tmp_path)
