"""Drafting checks (ontology/checks/*.rq run by loaders/checks.py): real findings and hand-made cases."""
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from loaders import build, ids
from loaders.checks import CHECKS_DIR, read_checks, run_check, run_checks
from loaders.problems import CdtkgError, QueryError
from loaders.validation import ValidationReport
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHECKS = {c.name: c for c in read_checks()}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The union of the real corpus, as the build assembles it."""
    store, _ = build.assemble(CORPUS)
    return store


def findings(store: ox.Store, name: str) -> list[tuple[str, str, str]]:
    """(document IRI tail, label, locator) of each row of one check."""
    return [(str(r["document"]).rsplit("/", 1)[-1], r["label"], r["locator"])
            for r in run_check(store, CHECKS[name])]


# --- the check files -------------------------------------------------------------------------
def test_every_check_has_a_title_problem_solution_and_severity():
    assert {name: c.severity for name, c in CHECKS.items()} == {
        "cited_not_listed": "warning",
        "listed_not_cited": "warning",
        "term_source_not_listed": "warning",
        "superseded_citation": "warning",
        "concept_defined_differently": "info",
        "document_without_title": "warning",
    }
    for c in CHECKS.values():
        assert " / " in c.title and c.problem and c.solution
        assert "?resource ?label ?locator ?message ?document" in c.query.replace("\n", " ")


# --- real findings on the corpus ---------------------------------------------------------------
def test_001_cites_gbt_43697_in_7_2_9_a_without_listing_it(store):
    assert findings(store, "cited_not_listed") == [("plan-20250317-T-469", "GB/T 43697-2024", "7.2.9 a)")]


def test_004_lists_four_references_it_never_cites(store):
    assert findings(store, "listed_not_cited") == [
        ("T-SZS-4042-2021", "GB/T 35295-2017", "2 GB/T 35295-2017"),
        ("T-SZS-4042-2021", "GB/T 38667-2020", "2 GB/T 38667-2020"),
        ("T-SZS-4042-2021", "T/AIITRE 10001-2020", "2 T/AIITRE 10001-2020"),
        ("T-SZS-4042-2021", "T/AIITRE 20001-2020", "2 T/AIITRE 20001-2020"),
    ]


def test_001_takes_terms_from_gbt_37043_without_listing_it(store):
    assert findings(store, "term_source_not_listed") == [("plan-20250317-T-469", "GB/T 37043", "3")]


def test_004_cites_gbt_34678_which_001_replaces(store):
    assert findings(store, "superseded_citation") == [("T-SZS-4042-2021", "GB/T 34678-2017", place)
                                                      for place in ("2 GB/T 34678-2017", "8.1.5.2", "8.1.6 b)", "8.2.5.2")]
    message = run_check(store, CHECKS["superseded_citation"])[1]["message"]
    assert message == ("8.1.5.2 引用的 GB/T 34678-2017 已被 20250317-T-469《城市全域数字化转型 技术参考模型》"
                       " 代替（新标准尚在制定中）。")
    # 001's own foreword (本文件代替 GB/T 34678-2017) and its explanatory note are not findings.


def test_three_concepts_are_defined_differently_with_both_texts(store):
    assert findings(store, "concept_defined_differently") == [
        ("gbt-maturity-model-ctmm-draft", "城市全域数字化转型", "3.1；20250317-T-469 3.1"),
        ("gbt-maturity-model-ctmm-draft", "城市数字底座", "3.3；20250317-T-469 3.5"),
        ("gbt-maturity-model-ctmm-draft", "数据治理", "3.4；T/SZS 4042-2021 3.6"),
    ]
    message = run_check(store, CHECKS["concept_defined_differently"])[2]["message"]
    assert "提升数据的质量、安全、合规性，推动数据有效利用的过程。" in message
    assert "数据资源及其应用过程中相关管控活动、绩效和风险管理的集合。" in message


def test_run_checks_reports_in_the_form_of_the_validation_report(store):
    results = run_checks(store)
    assert [(r.source, r.severity) for r in results].count(("concept_defined_differently", "info")) == 3
    assert len(results) == 15
    first = next(r for r in results if r.source == "cited_not_listed")
    assert first.shape == "check:cited_not_listed"
    assert first.shape_name == "正文引用的标准未列入规范性引用文件"
    assert (first.label, first.locator, first.source_line) == ("GB/T 43697-2024", "7.2.9 a)", 697)
    assert first.document == "20250317-T-469"
    assert first.message.endswith("处理：" + CHECKS["cited_not_listed"].solution)
    concept = next(r for r in results if r.source == "concept_defined_differently")
    assert concept.document == "《城市全域数字化转型 成熟度模型》"      # from the row's ?document
    assert concept.place() == "《城市全域数字化转型 成熟度模型》 3.1；20250317-T-469 3.1"
    report = ValidationReport().extend(results)
    assert report.conforms and report.warnings == 12 and report.infos == 3
    assert "7.2.9 a)，第 697 行" in report.render_text()


# --- hand-made documents: each rule fires, and does not fire where it should not ---------------
DOC = URIRef("urn:x:doc")


def std(number: str) -> URIRef:
    return ids.standard_iri(number)


class Drafting:
    """A small standard drafted to GB/T 1.1, built up by each test."""

    def __init__(self, chapter2: bool = True):
        self.g = Graph()
        self.g.add((DOC, RDF.type, CDT.Standard))
        self.g.add((DOC, CDT.ingested, Literal(True)))
        self.g.add((DOC, CDT.standardNumber, Literal("GB/T 99999-2030")))
        for number, title in (("前言", "前言"), ("2", "规范性引用文件" if chapter2 else "术语"), ("3", "术语和定义"),
                              ("7", "要求")):
            c = self.clause(number)
            self.g.add((c, DCTERMS.title, Literal(title, lang="zh")))
        self.n = 0

    def clause(self, number: str) -> URIRef:
        c = ids.clause_iri(DOC, number)
        self.g.add((c, RDF.type, CDT.Clause))
        self.g.add((c, CDT.inDocument, DOC))
        self.g.add((c, CDT.number, Literal(number)))
        return c

    def standard(self, number: str, dated: bool = True) -> URIRef:
        s = std(number)
        self.g.add((s, RDF.type, CDT.Standard))
        self.g.add((s, CDT.standardNumber, Literal(number)))
        self.g.add((s, CDT.baseNumber, Literal(number.rsplit("-", 1)[0] if dated else number)))
        return s

    def cite(self, number: str, kind: str, where: str = "7", dated: bool = True, doc: URIRef = DOC) -> URIRef:
        s = self.standard(number, dated)
        text = ids.clause_iri(doc, where)
        if kind == "in-text" and where == "7":
            text = ids.provision_iri(text, ["a"])
            self.g.add((text, RDF.type, CDT.Provision))
            self.g.add((text, CDT.inClause, ids.clause_iri(doc, where)))
        self.n += 1
        c = URIRef(f"urn:x:citation/{self.n}")
        self.g.add((c, RDF.type, CDT.Citation))
        self.g.add((c, CDT.citationKind, Literal(kind)))
        self.g.add((c, CDT.toStandard, s))
        self.g.add((c, CDT.fromText, text))
        self.g.add((c, CDT.sourceDocument, doc))
        self.g.add((c, CDT.locator, Literal(where)))
        self.g.add((c, CDT.sourceLine, Literal(10 + self.n, datatype=XSD.integer)))
        if kind == "normative":
            self.g.add((doc, CDT.normativeReference, s))
        if kind == "bibliography":
            self.g.add((doc, CDT.bibliographyEntry, s))
        return c

    def labels(self, check: str) -> list[str]:
        store = ox.Store()
        store.load(self.g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return [r["label"] for r in run_check(store, CHECKS[check])]


def test_cited_not_listed_fires_on_a_body_citation_only():
    d = Drafting()
    d.cite("GB/T 11111-2020", "in-text")                     # body, not listed: finding
    d.cite("GB/T 22222-2020", "in-text", where="前言")        # foreword: not the body
    d.cite("GB/T 33333-2020", "in-text")
    d.cite("GB/T 33333", "normative", where="2", dated=False)   # listed undated: covers the 2020 edition
    d.cite("GB/T 44444-2020", "in-text")
    d.cite("GB/T 44444-2020", "bibliography", where="参考文献")  # informative, in the bibliography
    assert d.labels("cited_not_listed") == ["GB/T 11111-2020"]


def test_cited_not_listed_needs_a_chapter_2():
    d = Drafting(chapter2=False)
    d.cite("GB/T 11111-2020", "in-text")
    assert d.labels("cited_not_listed") == []


def test_listed_not_cited_fires_when_only_the_foreword_or_another_edition_cites_it():
    d = Drafting()
    d.cite("GB/T 11111-2020", "normative", where="2")
    d.cite("GB/T 11111-2020", "in-text", where="前言")        # foreword only: finding
    d.cite("GB/T 22222-2008", "normative", where="2")
    d.cite("GB/T 22222-2019", "in-text")                       # another dated edition: finding
    d.cite("GB/T 33333-2020", "normative", where="2")
    d.cite("GB/T 33333", "in-text", dated=False)               # the number cited undated: fine
    d.cite("GB/T 44444", "normative", where="2", dated=False)
    d.cite("GB/T 44444", "term-source", where="3", dated=False)  # cited by the terms chapter: fine
    assert sorted(d.labels("listed_not_cited")) == ["GB/T 11111-2020", "GB/T 22222-2008"]


def test_term_source_not_listed_fires_unless_chapter_2_lists_the_number():
    d = Drafting()
    d.cite("GB/T 37043", "term-source", where="3", dated=False)
    assert d.labels("term_source_not_listed") == ["GB/T 37043"]
    d.cite("GB/T 37043-2018", "normative", where="2")          # a dated edition of the undated source
    assert d.labels("term_source_not_listed") == []


def test_superseded_citation_spares_the_replacing_document_and_its_note():
    d = Drafting()
    old, new, note = std("GB/T 55555-2017"), URIRef("urn:x:new"), URIRef("urn:x:note")
    d.g.add((new, DCTERMS.replaces, old))
    d.g.add((new, CDT.standardNumber, Literal("GB/T 55555-2026")))
    d.g.add((new, DCTERMS.title, Literal("新版", lang="zh")))
    d.g.add((new, CDT.status, CDT.Published))
    d.g.add((note, CDT.explains, new))
    d.cite("GB/T 55555-2017", "in-text")                       # DOC cites the old edition: finding
    d.cite("GB/T 55555-2017", "in-text", where="前言", doc=new)  # 本文件代替…
    d.cite("GB/T 55555-2017", "in-text", where="一", doc=note)
    d.cite("GB/T 66666-2010", "in-text")
    d.g.add((std("GB/T 66666-2010"), CDT.status, CDT.Superseded))  # superseded, replacement unknown
    store = ox.Store()
    store.load(d.g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = run_check(store, CHECKS["superseded_citation"])
    assert sorted((r["label"], str(r["document"])) for r in rows) == [
        ("GB/T 55555-2017", str(DOC)), ("GB/T 66666-2010", str(DOC))]
    assert sorted(r["message"] for r in rows) == [
        "7 引用的 GB/T 55555-2017 已被 GB/T 55555-2026《新版》 代替。",
        "7 引用的 GB/T 66666-2010 已被代替。",
    ]


def test_concept_defined_differently_ignores_punctuation_and_spacing():
    g = Graph()
    concept, other = ids.concept_iri("数字底座"), ids.concept_iri("数据治理")
    for i, (c, doc, text) in enumerate([
        (concept, "urn:x:a", "支撑城市数字化转型的有机整体。"),
        (concept, "urn:x:b", "支撑城市数字化转型的 有机整体"),        # same words: not a finding
        (other, "urn:x:a", "提升数据质量的过程。"),
        (other, "urn:x:b", "数据资源管控活动的集合。"),
    ]):
        e = URIRef(f"urn:x:term/{i}")
        g.add((e, RDF.type, CDT.TermEntry))
        g.add((e, CDT.defines, c))
        g.add((e, CDT.inDocument, URIRef(doc)))
        g.add((e, CDT.number, Literal(f"3.{i}")))
        g.add((e, SKOS.definition, Literal(text, lang="zh")))
    g.add((other, SKOS.prefLabel, Literal("数据治理", lang="zh")))
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = run_check(store, CHECKS["concept_defined_differently"])
    assert [(r["label"], str(r["resource"])) for r in rows] == [("数据治理", str(other))]


# --- broken check files are refused ---------------------------------------------------------------
@pytest.fixture
def checks_copy(tmp_path: Path) -> Path:
    target = tmp_path / "checks"
    shutil.copytree(CHECKS_DIR, target)
    return target


def test_a_check_without_a_solution_line_is_refused(checks_copy):
    path = checks_copy / "cited_not_listed.rq"
    path.write_text(path.read_text(encoding="utf-8").replace("# solution:", "# note:"), encoding="utf-8")
    with pytest.raises(CdtkgError, match="solution"):
        read_checks(checks_copy)


def test_a_check_without_a_severity_is_refused(checks_copy):
    (checks_copy / "new_check.rq").write_text("# title: a / b\n# problem: p\n# solution: s\nSELECT * {}\n",
                                              encoding="utf-8")
    with pytest.raises(CdtkgError, match="new_check"):
        read_checks(checks_copy)


def test_a_severity_without_a_check_or_with_an_unknown_level_is_refused(checks_copy):
    table = checks_copy / "severity.tsv"
    table.write_text(table.read_text(encoding="utf-8") + "gone\twarning\n", encoding="utf-8")
    with pytest.raises(CdtkgError, match="gone"):
        read_checks(checks_copy)
    table.write_text("check\tseverity\ncited_not_listed\tfatal\n", encoding="utf-8")
    with pytest.raises(CdtkgError, match="fatal"):
        read_checks(checks_copy)


def test_a_check_that_is_not_sparql_or_misses_a_column_raises_a_query_error(checks_copy):
    (checks_copy / "severity.tsv").write_text("check\tseverity\nbroken\terror\nnarrow\terror\n", encoding="utf-8")
    for path in checks_copy.glob("*.rq"):
        path.unlink()
    header = "# title: a / b\n# problem: p\n# solution: s\n"
    (checks_copy / "broken.rq").write_text(header + "SELECT ?resource WHERE {", encoding="utf-8")
    (checks_copy / "narrow.rq").write_text(header + "SELECT ?resource WHERE { ?resource ?p ?o }", encoding="utf-8")
    broken, narrow = read_checks(checks_copy)
    with pytest.raises(QueryError, match="broken.rq"):
        run_check(ox.Store(), broken)
    with pytest.raises(QueryError, match=r"\?label"):
        run_check(ox.Store(), narrow)


def test_an_error_check_gives_violations_that_fail_the_report(checks_copy):
    (checks_copy / "severity.tsv").write_text("check\tseverity\nnarrow\terror\n", encoding="utf-8")
    for path in checks_copy.glob("*.rq"):
        path.unlink()
    (checks_copy / "narrow.rq").write_text(
        "# title: 任何条款 / any clause\n# problem: p\n# solution: s\n"
        "PREFIX cdt: <https://w3id.org/cdtkg/ontology#>\n"
        "SELECT ?resource ?label ?locator ?message ?document WHERE {"
        " ?resource a cdt:Clause ; cdt:inDocument ?document . BIND(\"x\" AS ?label) BIND(\"\" AS ?locator)"
        " BIND(\"m\" AS ?message) }", encoding="utf-8")
    d = Drafting()
    store = ox.Store()
    store.load(d.g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    results = run_checks(store, read_checks(checks_copy))
    assert len(results) == 4 and {r.severity for r in results} == {"violation"}
    assert not ValidationReport(extra_results=results).conforms


def test_a_document_no_file_gives_a_title_for_is_reported_once_for_the_whole_graph(store):
    rows = {r.label: r for r in run_checks(store) if r.source == "document_without_title"}
    # GB/T 45402-2025 has no title in 001 but has one in 003's bibliography: not reported;
    # GB/T 37043 inherits its title from GB/T 37043-2018.
    assert set(rows) == {"GB/T 43697-2024", "20255407-T-907"}
    assert rows["GB/T 43697-2024"].locator == "7.2.9 a)"
    assert rows["20255407-T-907"].locator.startswith("3.1")


def test_a_term_many_documents_define_gives_a_finding_per_document_not_per_pair():
    """Every document whose wording differs is in a finding, paired with the first other document (in IRI
    order) that words it differently: at most one finding per document, where every pair was one."""
    g = Graph()
    concept = ids.concept_iri("数字底座")
    wordings = {"a": "支撑城市数字化转型的有机整体。", "b": "城市数据资源的集合。", "c": "城市数据资源的集合",
                "d": "支撑城市数字化转型的 有机整体", "e": "城市数据资源的集合。", "f": "第三种说法。"}
    for i, (doc, text) in enumerate(wordings.items()):
        e = URIRef(f"urn:x:term/{i}")
        g.add((e, RDF.type, CDT.TermEntry))
        g.add((e, CDT.defines, concept))
        g.add((e, CDT.inDocument, URIRef(f"urn:x:{doc}")))
        g.add((e, CDT.number, Literal(f"3.{i}")))
        g.add((e, SKOS.definition, Literal(text, lang="zh")))
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = run_check(store, CHECKS["concept_defined_differently"])
    pairs = sorted((str(r["document"])[-1], r["locator"]) for r in rows)
    # a ~ d and b ~ c ~ e word it alike: a with b; b, c, e, f with a; d with b — 5 findings for the 11 pairs
    assert pairs == [("a", "3.0； 3.1"), ("a", "3.0； 3.2"), ("a", "3.0； 3.4"), ("a", "3.0； 3.5"), ("b", "3.1； 3.3")]
