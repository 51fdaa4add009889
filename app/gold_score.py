"""Score the reading of real standards against gold facts written by a person.

A gold file (`<id>.json`, schema in tests/gold/real-standards/README.md) names
a third-party text kept outside the repository (the text cache,
`~/.cache/cdtkg/realtexts/` or `CDTKG_REALTEXTS`) and the facts a reader of
that text sees. `score_folder(gold_dir)` adds each text to a fresh corpus
exactly as a user would (`cdtkg add`, then the per-document build step), and
checks every fact against the graph only, after normalising dashes, widths,
brackets and spaces. Nothing here looks at the loaders' internals.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders.vocab import CDT

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold" / "real-standards"
TARGET = 0.95


def gold_dir() -> Path:
    """The gold folder: `CDTKG_GOLD_DIR`, else the tuning gold in the repository."""
    return Path(os.environ.get("CDTKG_GOLD_DIR") or DEFAULT_GOLD)


def texts_dir() -> Path:
    """The text cache: `CDTKG_REALTEXTS`, else `~/.cache/cdtkg/realtexts`."""
    return Path(os.environ.get("CDTKG_REALTEXTS") or Path.home() / ".cache" / "cdtkg" / "realtexts")


def norm(text) -> str:
    """Fold widths, dashes, brackets, quotes and spaces so printed variants compare equal."""
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = re.sub(r"[—–－‐‑‒―─~～]+", "-", t)
    t = t.translate(str.maketrans("〔［【[〕］】]", "((((" + "))))"))
    t = re.sub(r"[\s“”\"'‘’《》·•]", "", t)
    return t.lower().rstrip("。.;；,，")


@dataclass
class Fact:
    category: str
    expected: str
    ok: bool


@dataclass
class DocScore:
    id: str
    kind: str
    facts: list[Fact] = field(default_factory=list)
    skipped: str = ""          # the reason the document was not scored
    seconds: float = 0.0
    violations: int = 0        # SHACL violations of the document's graph

    @property
    def rate(self) -> float:
        return sum(f.ok for f in self.facts) / len(self.facts) if self.facts else 0.0

    def missed(self) -> list[Fact]:
        return [f for f in self.facts if not f.ok]


# --- reading the graph --------------------------------------------------------------
class _View:
    """The graph around one ingested document, with normalised lookups."""

    def __init__(self, g: Graph, doc: URIRef):
        self.g, self.doc = g, doc

    def values(self, s, p) -> list[str]:
        return [str(o) for o in self.g.objects(s, p)]

    def names(self, node) -> list[str]:
        out = self.values(node, FOAF.name) + self.values(node, SKOS.notation)
        names = self.values(node, FOAF.name)
        out += [f"{n}({c})" for n in names for c in self.values(node, SKOS.notation)]
        return out

    def numbers(self, node) -> list[str]:
        return self.values(node, CDT.standardNumber) + self.values(node, CDT.baseNumber) + \
            self.values(node, CDT.documentNumber) + self.values(node, CDT.number)

    def clause_nodes(self, number: str) -> list[URIRef]:
        return [c for c in self.g.subjects(CDT.number, Literal(number)) if (c, CDT.inDocument, self.doc) in self.g
                and (c, RDF.type, CDT.Clause) in self.g]

    def texts_under(self, number: str) -> list[URIRef]:
        """The clause `number`, its provisions and paragraphs (the things that can cite)."""
        out = []
        for c in self.clause_nodes(number):
            out.append(c)
            out += list(self.g.subjects(CDT.inClause, c)) + list(self.g.subjects(CDT.paragraphOf, c))
        return out


def _number_norm(text: str) -> str:
    """norm() of a standard number, with a two-digit year of the last century written in full (`—94`) and
    no hyphen between the prefix and the serial (`DBJ50/T-249` is `DBJ50/T 249`), an RFC without its
    publisher's name (`IETF RFC 3550` is `RFC 3550`, as the reader writes it), an all-parts reference
    without its `（所有部分）` and a NIST Special Publication's revision in one spelling."""
    text = re.sub(r"^(?:ietf|ieee)(?=rfc)", "", norm(text))
    # an ITU-T Recommendation as printed (`Rec.ITU-T G.723.1(2006)`, `ITU-T Rec.G.711—1988`) is `ITU-T G.723.1-2006`
    text = re.sub(r"\((\d{4})\)$", r"-\1", re.sub(r"^(?:rec\.?)?(itu-t)(?:rec\.?)?", r"\1", text))
    # `X（所有部分）` (GB/T 1.1: every part of the undated X) names the standard X
    text = re.sub(r"\(所有部分\)$", "", text)
    if text.startswith("nistsp"):   # NIST's short forms: `800-90Ar1` is 800-90A Rev. 1, `pt1` Part 1
        text = re.sub(r"(?:rev\.?|r)(\d+)$", r"rev.\1", re.sub(r"(?:part|pt)(\d+)", r"part\1", text))
    return re.sub(r"(/[a-z]{1,2})-(?=\d)", r"\1", re.sub(r"-([89]\d)$", r"-19\1", text))


def _std_match(expected: str, candidates: list[str]) -> bool:
    e = _number_norm(expected)
    e_base = re.sub(r"-(\d{4}|x{4})$|:\d{4}$", "", e)
    for c in candidates:
        n = _number_norm(c)
        if n == e or (n == e_base and e_base != e and e.endswith("x" * 4)):
            return True
    return False


def _date_ok(v: _View, prop, expected: str) -> bool:
    """Whether the graph has the expected date; a date given as printed (`2017 年 12 月 11 日`, or with its
    month and day unpadded, `2017-4-24`) is read as ISO."""
    m = re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})", expected.strip())
    if m:
        year, month, day = (g for g in m.groups() if g is not None)
        expected = f"{year}-{int(month):02d}-{int(day):02d}"
    return expected in v.values(v.doc, prop)


def _listed(facts: dict, key: str) -> list:
    """A list field of the gold as a list: a single value written as a string (`"replaces": "GB 19266—2003"`)
    is one fact, not one per character."""
    value = facts.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def _term_entries(g, doc, term: dict) -> list:
    """The term entries of `doc` a gold term names: by its number, or by its Chinese name when the document
    prints the term without one."""
    if term.get("number"):
        candidates = g.subjects(CDT.number, Literal(term["number"]))
    else:
        candidates = (e for lbl in (Literal(term["term"], lang="zh"), Literal(term["term"]))
                      for e in g.subjects(SKOS.prefLabel, lbl))
    return [e for e in candidates if (e, RDF.type, CDT.TermEntry) in g and (e, CDT.inDocument, doc) in g]


def score_document(gold: dict, g: Graph, doc: URIRef) -> list[Fact]:
    """Return one Fact per gold fact: its category, what was expected, and whether the graph has it."""
    v, facts = _View(g, doc), []
    f = gold["facts"]

    def add(category: str, expected, ok: bool) -> None:
        facts.append(Fact(category, str(expected), bool(ok)))

    if "number" in f:
        number = f["number"]
        printed = v.numbers(doc) + [str(o) for o in g.objects(doc, SKOS.note)]
        ok = _std_match(number, printed) or any(norm(number) in norm(p) for p in printed)
        add("number", number, ok)
    if "title" in f:
        add("title", f["title"], norm(f["title"]) in {norm(t) for t in g.objects(doc, DCTERMS.title)
                                                      if getattr(t, "language", None) != "en"})
    if "english_title" in f:
        add("english_title", f["english_title"],
            norm(f["english_title"]) in {norm(t) for t in g.objects(doc, DCTERMS.title)
                                         if getattr(t, "language", None) == "en"})
    for key, prop in (("ics", CDT.ics), ("ccs", CDT.ccs)):
        if key in f:
            # a cover with several codes (`ICS 03.220.20;35.240.60`): each code is one value of the graph
            codes = {norm(x) for x in v.values(doc, prop)}
            add(key, f[key], all(norm(c) in codes for c in re.split(r"[;；]", f[key]) if c.strip()))
    if "issued" in f:
        add("issued", f["issued"], _date_ok(v, DCTERMS.issued, f["issued"]))
    if "implemented" in f:
        add("implemented", f["implemented"], _date_ok(v, CDT.effectiveDate, f["implemented"]))
    if "gbt11_edition" in gold and gold["gbt11_edition"] in ("2009", "2020"):
        add("gbt11_edition", gold["gbt11_edition"], gold["gbt11_edition"] in v.values(doc, CDT.gbt11Edition))
    for number in _listed(f, "replaces"):
        add("replaces", number, any(_std_match(number, v.numbers(o)) for o in g.objects(doc, DCTERMS.replaces)))
    if "adopts" in f:
        a = f["adopts"]
        nodes = list(g.objects(doc, CDT.adopts))
        add("adopts", a.get("standard"), any(_std_match(a.get("standard", ""), v.numbers(o)) for o in nodes))
        if a.get("degree"):
            add("adopts", a["degree"], a["degree"] in v.values(doc, CDT.adoptionDegree))
    for key, prop in (("proposed_by", CDT.proposedBy), ("under", CDT.responsibleBody)):
        if key in f:
            bodies = [{norm(n) for n in v.names(o)} for o in g.objects(doc, prop)]
            add(key, f[key], any(norm(f[key]) in names for names in bodies) or _joint(norm(f[key]), bodies))
    for key, prop in (("drafting_units", CDT.draftedBy), ("drafters", CDT.drafter)):
        names = {norm(n) for o in g.objects(doc, prop) for n in v.names(o)}
        for name in _listed(f, key):
            add(key, name, norm(name) in names)
    for number in _listed(f, "normative_references"):
        nodes = list(g.objects(doc, CDT.normativeReference))
        add("normative_references", number, any(_std_match(number, v.numbers(o)) for o in nodes)
            or norm(number) in {norm(t) for o in nodes for t in g.objects(o, DCTERMS.title)}
            or _placeholder_printed(g, number, nodes))
    for entry in _listed(f, "bibliography"):
        nodes = list(g.objects(doc, CDT.bibliographyEntry))
        add("bibliography", entry, any(_std_match(entry, v.numbers(o)) for o in nodes)
            or any(norm(entry) in norm(t) or norm(t) == norm(entry)
                   for o in nodes for t in g.objects(o, DCTERMS.title)))
    for term in f.get("terms", []):
        entries = _term_entries(g, doc, term)
        labels = {(norm(lbl), getattr(lbl, "language", None)) for e in entries for lbl in g.objects(e, SKOS.prefLabel)}
        add("terms", f"{term.get('number', '(无编号)')} {term['term']}", (norm(term["term"]), "zh") in labels)
        if term.get("english"):
            # an English term printed with its abbreviation in brackets (`volatile organic compounds（VOCs）`) is
            # read as the English term and the abbreviation apart
            english = {lbl for lbl, lang in labels if lang == "en"}
            abbreviations = {norm(a) for e in entries for a in g.objects(e, SKOS.altLabel)}
            english |= {f"{en}({a})" for en in english for a in abbreviations}
            add("terms.english", term["english"], norm(term["english"]) in english)
        if term.get("abbr"):
            add("terms.abbr", term["abbr"], any(norm(term["abbr"]) == norm(a) for e in entries
                                                for a in g.objects(e, SKOS.altLabel)))
        if term.get("source"):
            sources = {norm(re.sub(r"^[\[【［]?\s*(?:来源\s*[:：])?\s*|[\]】］]$", "", str(s).strip()))
                       for e in entries for s in g.objects(e, CDT.sourceNote)}
            add("terms.source", term["source"], norm(term["source"]) in sources)
    for ab in f.get("abbreviations", []):
        nodes = [a for a in g.subjects(CDT.abbreviation, Literal(ab["abbr"]))
                 if (a, CDT.inDocument, doc) in g]
        add("abbreviations", ab["abbr"], bool(nodes))
        if ab.get("expansion"):
            wanted = re.sub(r"[()]", "", norm(ab["expansion"]))
            forms = set()
            for a in nodes:
                zh_ = [str(x) for x in g.objects(a, CDT.expansion) if getattr(x, "language", None) != "en"]
                en_ = [str(x) for x in g.objects(a, CDT.expansion) if getattr(x, "language", None) == "en"]
                for z in zh_ or [""]:
                    forms.add(re.sub(r"[()]", "", norm(z)))
                    for e in en_:
                        forms.add(re.sub(r"[()]", "", norm(z + e)))
            add("abbreviations.expansion", ab["expansion"], wanted in forms)
    for p in f.get("provisions", []):
        add("provisions", f"{p['clause']} {p.get('marker', '')} {p['starts_with']}", _provision_ok(v, p))
    for c in f.get("citations", []):
        add("citations", f"{c['clause']} → {c['cites']}", _citation_ok(v, c))
    for c in f.get("clauses", []):
        nodes = v.clause_nodes(c["number"])
        add("clauses", f"{c['number']} {c.get('title', '')}",
            any(norm(c.get("title", "")) in {norm(t) for t in g.objects(n, DCTERMS.title)} or
                (not c.get("title") and n) for n in nodes))
    return facts


def _placeholder_printed(g: Graph, number: str, nodes: list) -> bool:
    """A number not yet assigned (`GB/T XXXX`) names no node by itself: a Planned node whose note keeps it
    as printed is that reference."""
    return bool(re.search(r"[xX]{3,}", number)) and any(
        (o, CDT.status, CDT.Planned) in g and any(norm(number) in norm(t) for t in g.objects(o, SKOS.note))
        for o in nodes)


def _joint(printed: str, bodies: list[set[str]]) -> bool:
    """True when `printed` (`A（SAC/TC 287）和B（SAC/TC 28）`, one gold string for several bodies) names
    each of two or more bodies once, joined by 和/与/及/、."""
    if len(bodies) < 2:
        return False
    rest = printed
    for names in bodies:
        found = max((n for n in names if n and n in rest), key=len, default=None)
        if found is None:
            return False
        rest = rest.replace(found, "", 1)
    return re.fullmatch(r"[和与及、,，]*", rest) is not None


_MODALITY = {"Shall": CDT.Shall, "ShallNot": CDT.ShallNot, "Should": CDT.Should, "ShouldNot": CDT.ShouldNot,
             "May": CDT.May, "NeedNot": CDT.NeedNot, "Can": CDT.Can, "Cannot": CDT.Cannot,
             "Statement": CDT.Statement}


def _provision_ok(v: _View, p: dict) -> bool:
    """A provision (list item) or paragraph of the clause that starts with the text, with its modality."""
    g, start = v.g, norm(p["starts_with"])
    candidates = []
    for c in v.clause_nodes(p["clause"]):
        stack = list(g.subjects(CDT.inClause, c)) + list(g.subjects(CDT.paragraphOf, c))
        while stack:
            node = stack.pop()
            candidates.append(node)
            stack += list(g.subjects(CDT.parentProvision, node))
    matching = [n for n in candidates if any(norm(t).startswith(start) for t in g.objects(n, CDT.text))]
    if not matching:
        matching = [n for n in candidates if any(start in norm(t) for t in g.objects(n, CDT.text))]
    want = _MODALITY.get(p.get("modality", ""), None)
    if not matching and want == CDT.Statement:
        # a term entry's definition and notes are statements (GB/T 1.1 puts no requirement in them): the entry
        # holds them as its definition and notes, not as provisions
        return any(norm(re.sub(r"^注\s*\d*\s*[:：]?\s*", "", str(t))).startswith(start)
                   for e in _term_entries(g, v.doc, {"number": p["clause"]})
                   for t in list(g.objects(e, SKOS.definition)) + list(g.objects(e, SKOS.note)))
    return any((n, CDT.modality, want) in g for n in matching)


def _citation_ok(v: _View, c: dict) -> bool:
    g = v.g
    sources = set(v.texts_under(c["clause"]))
    for src in sources:
        for cit in g.subjects(CDT.fromText, src):
            if any(_std_match(c["cites"], v.numbers(t)) for t in g.objects(cit, CDT.toStandard)):
                return True
    # a term's source names the standard it is taken from
    for e in g.subjects(CDT.number, Literal(c["clause"])):
        if (e, CDT.inDocument, v.doc) in g and (e, RDF.type, CDT.TermEntry) in g:
            if any(_std_match(c["cites"], v.numbers(t)) for t in g.objects(e, CDT.sourceStandard)):
                return True
    return False


# --- loading one text as a user would ------------------------------------------------------
def load_text(text: Path) -> tuple[Graph, URIRef | None, list[str]]:
    """Add `text` to an empty corpus (`cdtkg add`) and read it; return graph, document node, problems."""
    from loaders.build import load_document
    from loaders.corpus_add import add_document
    from loaders.manifest import write_manifest

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_manifest(corpus, [])
        entry = add_document(corpus, text, kind="standard")
        result = load_document(entry, corpus)
    g = result.graph
    docs = [s for s in g.subjects(CDT.sourceFile, Literal(entry.file)) if (s, CDT.ingested, Literal(True)) in g]
    return g, (docs[0] if docs else None), [str(p) for p in result.problems]


def score_gold_file(path: Path, texts: Path | None = None) -> DocScore:
    """Score one gold file; a missing or unreadable text gives a skipped DocScore with the reason."""
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    ds = DocScore(gold.get("id", Path(path).stem), gold.get("kind", "other"))
    name = gold.get("text", {}).get("file", "")
    text = (texts or texts_dir()) / name
    if not name or not text.is_file():
        ds.skipped = f"原文不在文本缓存中：{text}（见 {path.name} 的 text.origin 获取方式）"
        return ds
    started = time.perf_counter()
    try:
        g, doc, _ = load_text(text)
    except Exception as e:  # noqa: BLE001 - a refusal is a score of zero with its reason, not a crash
        ds.skipped = f"无法加入语料：{e}"
        return ds
    ds.seconds = round(time.perf_counter() - started, 2)
    if doc is None:
        ds.skipped = "加入后没有读出文档节点"
        return ds
    ds.facts = score_document(gold, g, doc)
    from loaders.validation import validate

    ds.violations = validate(g).violations
    return ds


def score_folder(folder: Path | None = None, texts: Path | None = None) -> list[DocScore]:
    """Score every gold file of `folder` (default `gold_dir()`)."""
    return [score_gold_file(p, texts) for p in sorted(Path(folder or gold_dir()).glob("*.json"))]


def table(scores: list[DocScore]) -> str:
    """A plain-text report: one row per document, per kind and per category, then the misses."""
    rows = ["document                          kind        facts   read    rate"]
    for s in scores:
        if s.skipped:
            rows.append(f"{s.id:<33} {s.kind:<11} skipped: {s.skipped}")
        else:
            rows.append(f"{s.id:<33} {s.kind:<11} {len(s.facts):>5} {sum(f.ok for f in s.facts):>6}  {s.rate:6.1%}")
    by_kind: dict[str, list[Fact]] = {}
    by_cat: dict[str, list[Fact]] = {}
    for s in scores:
        by_kind.setdefault(s.kind, []).extend(s.facts)
        for f in s.facts:
            by_cat.setdefault(f.category, []).append(f)
    rows.append("")
    for k, fs in sorted(by_kind.items()):
        if fs:
            rows.append(f"kind {k:<28} {len(fs):>5} {sum(f.ok for f in fs):>6}  {sum(f.ok for f in fs) / len(fs):6.1%}")
    rows.append("")
    for k, fs in sorted(by_cat.items()):
        rows.append(f"fact {k:<28} {len(fs):>5} {sum(f.ok for f in fs):>6}  {sum(f.ok for f in fs) / len(fs):6.1%}")
    return "\n".join(rows)


def misses(scores: list[DocScore]) -> str:
    return "\n".join(f"{s.id}: {f.category}: {f.expected}" for s in scores for f in s.missed())


def figures(scores: list[DocScore]) -> dict:
    """Bench figures: the rate per document and per kind, and the lowest document rate."""
    out: dict = {}
    scored = [s for s in scores if not s.skipped]
    for s in scores:
        out[f"gold_{s.id}_rate"] = round(s.rate, 3) if not s.skipped else "skipped"
    kinds: dict[str, list[Fact]] = {}
    for s in scored:
        kinds.setdefault(s.kind, []).extend(s.facts)
    for k, fs in kinds.items():
        out[f"gold_kind_{k}_rate"] = round(sum(f.ok for f in fs) / len(fs), 3) if fs else 0.0
    out["gold_documents_scored"] = len(scored)
    out["gold_documents_skipped"] = len(scores) - len(scored)
    out["gold_min_rate"] = round(min((s.rate for s in scored), default=0.0), 3)
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the gold table of a folder (default: CDTKG_GOLD_DIR, else the tuning gold), and with --misses
    every fact not read."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m app.gold_score", description="真实标准金标准事实的读取率 / "
                                     "how many gold facts of real standards the reader reads")
    parser.add_argument("folder", nargs="?", type=Path, help="金标准目录（默认 CDTKG_GOLD_DIR 或 tests/gold/real-standards）")
    parser.add_argument("--misses", action="store_true", help="列出没有读到的事实")
    args = parser.parse_args(argv)
    result = score_folder(args.folder)
    print(table(result))
    if args.misses:
        print(misses(result))


if __name__ == "__main__":
    main()
