"""The standards-system guide (manifest kind "guideline"): document, headings, framework, targets.

`load_guideline(path, entry)` reads a guide such as 《城市全域数字化转型标准体系建设指南》:

- the document (cdt:Guideline): title, draft stage and status, date (`2026 年 1 月`),
  issuing bodies (the cover lines between title and date), the policy documents
  it names in 《…》, cited from the heading whose text names them;
- every heading as a cdt:Clause numbered by its locator (`一`, `三、（二）2.（1）1）①`);
- the A–E framework (guideline_framework.py) with the standards each node plans;
- the dated targets and their topics (guideline_roadmap.py).

Nothing here knows the seed file: a revised edition with renumbered or added
headings reads the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from . import ids
from .guideline_framework import Framework, Node, read_framework
from .guideline_outline import Heading, Outline, Para, is_closed, read_outline
from .guideline_roadmap import CURATED_FILE, Target, read_curated, read_targets, relate_topics
from .manifest import Entry
from .organizations import canonical_organization
from .problems import LoadResult, SourceParseError
from .source_document import SourceDocument, read_source
from .standard_numbers import find_numbers
from .vocab import CDT, zh
from .han import SPACE_BETWEEN_HAN

_STAGE = re.compile(r"^[（(]\s*(\S{2,8}稿)\s*[）)]$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_DRAFT_STAGES = ("征求意见稿", "送审稿", "报批稿", "草案", "讨论稿")
_CITED_TITLE = re.compile(r"《([^《》]{2,80})》")
SCHEME_LABEL_EN = "Standards system framework for city-wide digital transformation"



def integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@dataclass
class FrontMatter:
    title: str = ""
    title_line: int | None = None
    stage: str = ""
    date: str = ""                 # 2026-01 or 2026-01-15
    date_line: int | None = None
    bodies: list[tuple[str, int]] = field(default_factory=list)
    preamble: list[Para] = field(default_factory=list)


def _squeeze(text: str) -> str:
    return SPACE_BETWEEN_HAN.sub("", text).strip()


def read_front_matter(outline: Outline, entry: Entry) -> FrontMatter:
    """Return title, stage, date, issuing bodies and preamble from the text before the first chapter."""
    fm = FrontMatter()
    paras = outline.cover + outline.front
    stage_at = next((i for i, p in enumerate(outline.front) if _STAGE.match(p.text)), None)
    if stage_at is None:
        stage_p = next((p for p in outline.cover if _STAGE.match(p.text)), None)
    else:
        stage_p = outline.front[stage_at]
    if stage_p is not None:
        fm.stage = _STAGE.match(stage_p.text).group(1)
    if stage_at:
        cand = outline.front[stage_at - 1]
        if is_closed(cand.text):
            fm.title, fm.title_line = _squeeze(cand.text), cand.line
    if not fm.title and outline.cover:
        fm.title, fm.title_line = _squeeze(outline.cover[0].text), outline.cover[0].line
    if not fm.title:
        fm.title = re.sub(r"[（(][^（）()]*稿[）)]$", "", entry.title).strip()
    for p in paras:
        m = _DATE.search(p.text)
        if m and is_closed(p.text) and len(p.text) <= 16:
            y, mo, d = m.group(1), int(m.group(2)), m.group(3)
            fm.date = f"{y}-{mo:02d}" + (f"-{int(d):02d}" if d else "")
            fm.date_line = p.line
            break
    cover = outline.cover or [p for p in outline.front[: stage_at or 0]]
    for p in cover[1:]:
        if (is_closed(p.text) and not re.search(r"\d", p.text) and not _STAGE.match(p.text)
                and _squeeze(p.text) != fm.title):
            fm.bodies.append((_squeeze(p.text), p.line))
    start = (stage_at + 1) if stage_at is not None else 0
    fm.preamble = [p for p in outline.front[start:] if not is_closed(p.text)]
    return fm


class _Writer:
    """Adds the triples of one guide to a graph, with provenance on every extracted resource."""

    def __init__(self, result: LoadResult, doc: URIRef, entry: Entry):
        self.g: Graph = result.graph
        self.result = result
        self.doc = doc
        self.entry = entry

    def provenance(self, s: URIRef, locator: str, line: int | None) -> None:
        self.g.add((s, CDT.sourceDocument, self.doc))
        if locator:
            self.g.add((s, CDT.locator, Literal(locator)))
        if line:
            self.g.add((s, CDT.sourceLine, integer(line)))

    def resource(self, s: URIRef, classes: tuple, label: str, locator: str, line: int | None) -> None:
        """Add a resource of the guide: its classes, its Chinese name and where the guide states it."""
        for cls in classes:
            self.g.add((s, RDF.type, cls))
        self.g.add((s, SKOS.prefLabel, zh(label)))
        self.provenance(s, locator, line)

    def document(self, fm: FrontMatter, read: bool = True) -> None:
        """Add the document node; `read` is False when the file could not be read (no complaints then)."""
        g, d = self.g, self.doc
        g.add((d, RDF.type, CDT.Guideline))
        g.add((d, RDF.type, CDT.Document))
        g.add((d, CDT.ingested, Literal(True)))
        g.add((d, CDT.kind, Literal(self.entry.kind)))
        g.add((d, CDT.sourceFile, Literal(self.entry.file)))
        g.add((d, DCTERMS.title, zh(fm.title)))
        if fm.stage:
            g.add((d, CDT.draftStage, zh(fm.stage)))
        draft = any(s in fm.stage for s in _DRAFT_STAGES)
        status = "Draft" if draft else (self.entry.status or "")
        if status:
            g.add((d, CDT.status, CDT[status]))
        if fm.date:
            dt = XSD.date if fm.date.count("-") == 2 else XSD.gYearMonth
            g.add((d, DCTERMS.date, Literal(fm.date, datatype=dt)))
        elif read:
            self.result.warn(self.entry.file, None, "封面上没有找到“YYYY 年 M 月”形式的日期；dcterms:date 未填。")
        for name, line in fm.bodies:
            key, forms = canonical_organization(name)
            org = ids.organization_iri(key)
            g.add((org, RDF.type, FOAF.Organization))
            for f in forms:
                g.add((org, FOAF.name, zh(f)))
            g.add((d, DCTERMS.creator, org))
        if not fm.bodies and read:
            self.result.warn(self.entry.file, fm.title_line, "封面上没有找到发布单位；dcterms:creator 未填。")
        if fm.preamble:
            g.add((d, DCTERMS.description, zh("\n".join(p.text for p in fm.preamble))))

    def clause(self, h: Heading) -> URIRef:
        c = ids.clause_iri(self.doc, h.locator)
        g = self.g
        g.add((c, RDF.type, CDT.Clause))
        g.add((c, CDT.inDocument, self.doc))
        g.add((c, CDT.number, Literal(h.locator)))
        g.add((c, DCTERMS.title, zh(h.title)))
        if h.text:
            g.add((c, CDT.text, zh(h.text)))
        if h.parent is not None:
            g.add((c, CDT.parent, ids.clause_iri(self.doc, h.parent.locator)))
        g.add((c, CDT.order, integer(h.order)))
        self.provenance(c, h.locator, h.line)
        return c

    def citations(self, source: URIRef, locator: str, paras: list[Para], title: str,
                  policies: dict[str, URIRef]) -> None:
        """Cite from `source` every 《…》 title its paragraphs name, except the guide itself."""
        done = set()
        own = re.sub(r"\s+", "", title)
        for p in paras:
            for m in _CITED_TITLE.finditer(p.text):
                printed = re.sub(r"\s+", " ", m.group(1)).strip()
                key = re.sub(r"\s+", "", printed)
                line = p.line_at(m.start())
                if key == own:
                    continue
                if find_numbers(printed):
                    self.result.info(self.entry.file, line, f"《{printed}》带有标准号，不作为政策文件记录")
                    continue
                pol = policies.get(key)
                if pol is None:
                    pol = ids.cited_document_iri("policy", key)
                    policies[key] = pol
                    self.g.add((pol, RDF.type, CDT.PolicyDocument))
                    self.g.add((pol, RDF.type, CDT.Document))
                    self.g.add((pol, DCTERMS.title, zh(printed)))
                if key in done:
                    continue
                done.add(key)
                cit = ids.citation_iri(source, pol, "in-text")
                self.g.add((source, CDT.cites, pol))
                self.g.add((cit, RDF.type, CDT.Citation))
                self.g.add((cit, CDT.fromText, source))
                self.g.add((cit, CDT.toStandard, pol))
                self.g.add((cit, CDT.citationKind, Literal("in-text")))
                self.provenance(cit, locator, line)

    def framework(self, fw: Framework, outline: Outline, title: str) -> None:
        g, scheme = self.g, ids.FRAMEWORK_SCHEME
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, zh(fw.label or f"{title}框架")))
        g.add((scheme, SKOS.prefLabel, Literal(SCHEME_LABEL_EN, lang="en")))
        g.add((scheme, DCTERMS.source, self.doc))
        named = next((h for h in outline.walk() if fw.label and h.title == fw.label), None)
        self.provenance(scheme, named.locator if named else "", named.line if named else None)
        for n in fw.walk():
            self.node(n)

    def node(self, n: Node) -> None:
        g, scheme = self.g, ids.FRAMEWORK_SCHEME
        s = ids.framework_node_iri(n.notation)
        self.resource(s, (CDT.FrameworkNode, SKOS.Concept), n.label, n.locator, n.line)
        g.add((s, SKOS.inScheme, scheme))
        g.add((s, SKOS.notation, Literal(n.notation)))
        g.add((s, CDT.depth, integer(n.depth)))
        if n.parent is None:
            g.add((s, RDF.type, CDT.Part))
            g.add((s, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, s))
        else:
            parent = ids.framework_node_iri(n.parent.notation)
            g.add((s, SKOS.broader, parent))
            g.add((parent, SKOS.narrower, s))
        for text, _ in n.scope_notes:
            g.add((s, SKOS.scopeNote, zh(text)))
        for text in n.editorial_notes:
            g.add((s, SKOS.editorialNote, zh(text)))
        for text in n.follows:
            g.add((s, CDT.followsExternal, zh(text)))
        for p in n.planned:
            ps = ids.planned_standard_iri(n.notation, p.label)
            self.resource(ps, (CDT.PlannedStandard,), p.label, n.locator, p.line)
            g.add((ps, CDT.plannedUnder, s))
            g.add((ps, CDT.order, integer(p.order)))
            if p.scope_note:
                g.add((ps, SKOS.scopeNote, zh(p.scope_note)))

    def targets(self, targets: list[Target]) -> None:
        g = self.g
        for t in targets:
            ts = ids.roadmap_target_iri(t.year)
            self.resource(ts, (CDT.RoadmapTarget,), f"到{t.year}年目标", t.locator, t.line)
            g.add((ts, CDT.targetYear, integer(t.year)))
            if t.min_count is not None:
                g.add((ts, CDT.minStandardCount, integer(t.min_count)))
            g.add((ts, SKOS.definition, zh(t.definition)))
            for goal in t.other_goals:
                g.add((ts, CDT.otherGoal, zh(goal)))
            for topic in t.topics:
                tp = ids.roadmap_topic_iri(t.year, topic.label)
                self.resource(tp, (CDT.RoadmapTopic,), topic.label, t.locator, topic.line)
                g.add((tp, CDT.topicOrder, integer(topic.order)))
                g.add((ts, CDT.targetTopic, tp))
                for notation in topic.related:
                    g.add((tp, CDT.relatedNode, ids.framework_node_iri(notation)))


def _report(result: LoadResult, file: str, problems) -> None:
    for line, severity, message in problems:
        getattr(result, {"warning": "warn", "error": "error", "info": "info"}[severity])(file, line, message)


def load_guideline(path: Path, entry: Entry, source: SourceDocument | None = None) -> LoadResult:
    """Return the graph of a standards-system guide and the problems met reading it.

    `source` is the guide as already read; without it the file at `path` is read here.
    """
    result = LoadResult()
    doc = ids.entry_iri(entry)
    w = _Writer(result, doc, entry)
    path = Path(path)
    try:
        text = (source or read_source(path)).text
    except (SourceParseError, OSError) as e:
        result.error(entry.file, getattr(e, "line", None), getattr(e, "reason", str(e)))
        w.document(FrontMatter(title=re.sub(r"[（(][^（）()]*稿[）)]$", "", entry.title).strip()), read=False)
        return result
    outline, problems = read_outline(text)
    for line, message in problems:
        result.warn(entry.file, line, message)
    for cap in outline.captions:
        result.info(entry.file, cap.line, f"“{cap.text}”的图形内容未能从 PDF 提取；框架按正文文字读取")
    if not outline.headings:
        result.error(entry.file, None, "没有找到“一、”形式的章标题：无法读取指南的结构。")

    fm = read_front_matter(outline, entry)
    w.document(fm)

    # the framework first: it moves misplaced paragraphs to the heading they belong to
    fw = read_framework(outline)
    _report(result, entry.file, fw.problems)

    policies: dict[str, URIRef] = {}
    if fm.preamble:
        w.citations(doc, "导语", fm.preamble, fm.title, policies)
    for h in outline.walk():
        c = w.clause(h)
        w.citations(c, h.locator, h.paras, fm.title, policies)

    w.framework(fw, outline, fm.title)

    targets, t_problems = read_targets(outline, fm.title)
    for line, message in t_problems:
        result.warn(entry.file, line, message)
    if not targets:
        result.warn(entry.file, None, "没有找到“到YYYY年”开头的目标句；路线图目标未读取。")
    curated = read_curated(path.parent / CURATED_FILE, result)
    _report(result, CURATED_FILE, relate_topics(targets, fw, curated))
    w.targets(targets)
    return result
