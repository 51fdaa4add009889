"""The PDF reader on six real published standards (../shared/realdocs, never committed here).

Lines come out whole with their pages, page furniture is gone, English words
keep their spaces and hanzi lose the spurious ones, headings are known by
their font, and a file that cannot be read as text is refused with a reason.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from loaders import build, ids
from loaders.corpus_add import add_document
from loaders.manifest import read_manifest
from loaders.pdf_reader import page_is_garbled, read_pdf, recovered_ascii
from loaders.problems import CdtkgError, SourceParseError
from loaders.source_document import read_source
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
CLEAN = ("ttaf-083-2022", "gbt-18894-2016", "dat-104-2024", "dat-95-2022", "dat-92-2022")

pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"真实标准 PDF 不在 {REALDOCS}（第三方文件，不入库）")


@pytest.fixture(scope="module")
def docs():
    return {name: read_pdf(REALDOCS / f"{name}.pdf") for name in CLEAN}


def _texts(source) -> list[str]:
    return [ln.text for ln in source.lines]


def _line(source, pattern: str):
    return next(ln for ln in source.lines if re.search(pattern, ln.text))


def test_every_clean_pdf_is_read_with_its_pages(docs):
    assert {n: d.pages for n, d in docs.items()} == {
        "ttaf-083-2022": 81, "gbt-18894-2016": 18, "dat-104-2024": 22, "dat-95-2022": 63, "dat-92-2022": 16}
    for d in docs.values():
        assert d.format == "pdf"
        assert all(ln.page is not None and 1 <= ln.page <= d.pages for ln in d.lines)
        assert [ln.page for ln in d.lines] == sorted(ln.page for ln in d.lines)


def test_lines_stay_whole_numbers_and_titles_together(docs):
    texts = _texts(docs["dat-95-2022"])
    assert "GB/T7408—2005 数据元和交换格式 信息交换 日期和时间表示法" in texts
    assert "5.3.1 电子原始凭证元数据的归档范围" in texts
    assert "5.2.1 供电设备侧信号线电平规则" in _texts(docs["ttaf-083-2022"])
    assert "3.1.17" in _texts(docs["ttaf-083-2022"])
    assert "7.3.2.1 分类方法" in _texts(docs["dat-104-2024"])


def test_a_line_knows_its_page(docs):
    assert _line(docs["ttaf-083-2022"], r"^1 范围$").page == 7
    assert _line(docs["dat-92-2022"], r"^1 范围$").page == 5
    assert _line(docs["gbt-18894-2016"], r"^参\s*考\s*文\s*献$").page == 18


def test_running_headers_page_numbers_and_the_copyright_page_are_gone(docs):
    for name, d in docs.items():
        body = [ln.text for ln in d.lines if ln.page > 1]
        assert not [t for t in body if re.fullmatch(r"[-—\s]*(\d{1,4}|[IVX]{1,5}|[Ⅰ-Ⅻ])[-—\s]*", t)], name
    running = {"dat-95-2022": "DA/T95—2022", "dat-104-2024": "DA/T104—2024", "dat-92-2022": "DA/T92—2022",
               "gbt-18894-2016": "GB/T18894—2016", "ttaf-083-2022": "T/TAF 083-2022"}
    for name, header in running.items():   # left once: the cover's own number line
        assert [t.strip() for t in docs[name].text.splitlines()].count(header) == 1, name
    assert not any("版权所有" in t.replace(" ", "") for t in _texts(docs["ttaf-083-2022"]))
    assert _texts(docs["ttaf-083-2022"])[-1].startswith("[3] Secure Hash Signature Standard")


def test_english_words_keep_their_spaces(docs):
    assert "Specification on electronic documents archiving and" in _texts(docs["gbt-18894-2016"])
    assert "电子签名 electronic signature" in _texts(docs["dat-92-2022"])
    assert "Universal fast charging specification for mobile devices" in _texts(docs["ttaf-083-2022"])
    assert "会计凭证 accounting voucher" in _texts(docs["dat-95-2022"])


def test_a_space_between_hanzi_is_kept_only_where_the_gap_is_wide():
    from loaders.pdf_reader import _Char, _line_of

    def chars(*spec):   # (char, left, generated): 10 pt glyphs on one baseline
        return [_Char(c, x, x + (10 if c.strip() else 0), 0, 10, 10.0, g, i, x, x + 10) for i, (c, x, g) in enumerate(spec)]

    tight = chars(("档", 0, False), (" ", 10, True), ("案", 11, False))      # justified text: 1 pt apart
    wide = chars(("档", 0, False), (" ", 10, True), ("案", 20, False))       # a real gap of 10 pt
    printed = chars(("档", 0, False), (" ", 10, False), ("案", 11, False))   # a space glyph in the file
    assert [_line_of(c, 100, lambda i: "").text for c in (tight, wide, printed)] == ["档案", "档 案", "档 案"]


def test_prose_lines_carry_no_space_between_hanzi(docs):
    between = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
    for name in ("dat-95-2022", "dat-92-2022", "dat-104-2024"):
        prose = [ln.text for ln in docs[name].lines if ln.text.endswith(("。", "；", ";")) and len(ln.text) > 20]
        assert len(prose) > 50
        assert [t for t in prose if between.search(t)] == [], name


def test_a_line_hyphen_pdfium_joined_is_split_again(docs):
    texts = _texts(docs["ttaf-083-2022"])
    assert "D- 低电平数据线 Data-" in texts
    assert "D+OVP 高电平数据线过压保护 Data+ Overvoltage Protection" in texts


def test_headings_are_known_by_their_font(docs):
    for name in ("dat-92-2022", "ttaf-083-2022"):
        assert _line(docs[name], r"^2 规范性引用文件$").heading is True
        assert _line(docs[name], r"^下列.*文件").heading is False


def test_a_table_row_numbered_like_a_chapter_does_not_open_one(docs):
    from loaders.gbt_structure import parse_structure

    chapters = [c.number for c in parse_structure(docs["ttaf-083-2022"].lines).clauses if c.kind == "chapter"]
    assert chapters == [str(i) for i in range(1, 10)]


def test_the_garbled_national_standard_is_refused_with_its_number_recovered():
    with pytest.raises(SourceParseError) as e:
        read_pdf(REALDOCS / "gbt-39784-2021.pdf")
    message = str(e.value)
    assert "乱码" in message and "OCR" in message and "GB/T 39784" in message


def test_garbling_is_told_from_chinese_and_from_english():
    assert recovered_ascii("犌犅／犜３９７８４—２０２１") == "GB/T39784—2021"
    assert page_is_garbled("犌犅／犜３９７８４—２０２１" * 10)
    assert not page_is_garbled("本文件规定了电子档案单套管理的基本原则，规定了实现单套管理需要在制度建设方面达到的要求。" * 3)
    assert not page_is_garbled("ISO 15489-1:2016 Information and documentation — Records management — Part 1 " * 3)
    assert page_is_garbled("!\"#$%&'*+<=>?@^_`{|}~" * 5)


# --- what cannot be read -------------------------------------------------------------
def _encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose empty user password fails."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
            b"<00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n") % (len(objects) + 1, xref)
    return bytes(out)


def test_a_scan_an_encrypted_a_truncated_and_a_fake_pdf_are_refused_with_what_to_do(tmp_path):
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument.new()
    scan.new_page(595, 842)
    scan.save(tmp_path / "scan.pdf")
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf())
    (tmp_path / "cut.pdf").write_bytes((REALDOCS / "dat-92-2022.pdf").read_bytes()[:200_000])
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.7\n" + "这不是 PDF".encode() * 100)
    expected = {"scan.pdf": ("扫描件", "OCR"), "locked.pdf": ("加密",), "cut.pdf": ("不是可读的 PDF",),
                "fake.pdf": ("不是可读的 PDF",)}
    for name, words in expected.items():
        with pytest.raises(SourceParseError) as e:
            read_source(tmp_path / name)
        assert all(w in str(e.value) for w in words), str(e.value)


def test_the_reader_follows_the_content_not_the_extension(tmp_path):
    disguised = tmp_path / "standard.txt"
    shutil.copy(REALDOCS / "dat-92-2022.pdf", disguised)
    assert read_source(disguised).format == "pdf"


# --- from `cdtkg add` to the graph --------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A corpus of four of the PDFs, added as users add them and built once."""
    corpus = tmp_path_factory.mktemp("pdfcorpus")
    shutil.copy(ROOT / "corpus" / "manifest.csv", corpus / "manifest.csv")
    (corpus / "manifest.csv").write_text((corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
                                         encoding="utf-8")
    for name in ("ttaf-083-2022", "dat-104-2024", "dat-95-2022", "dat-92-2022"):
        add_document(corpus, REALDOCS / f"{name}.pdf", "standard", status="Published")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDTKG_HOME", str(tmp_path_factory.mktemp("home")))
        summary = build.build(corpus)
        store = build.load_store(corpus)
    return corpus, summary, store


def _document(store, entry):
    """The node of an ingested document: the standard its cover names, found by its corpus file."""
    import pyoxigraph as ox

    quads = store.quads_for_pattern(None, ox.NamedNode(str(CDT.sourceFile)), ox.Literal(entry.file))
    return next(q.subject.value for q in quads)


def _values(store, subject, predicate) -> list[str]:
    import pyoxigraph as ox

    return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), None)]


def _contributors(store, doc, role: str) -> list[str]:
    rows = store.query(f"""
        PREFIX cdt: <{CDT._NS}> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name WHERE {{ ?c cdt:contributionTo <{doc}> ; cdt:role "{role}" ; cdt:position ?p ; cdt:agent ?a .
                              ?a foaf:name ?name }} ORDER BY ?p""")
    return [r["name"].value for r in rows]


def test_added_pdfs_are_kept_as_originals_with_format_pages_and_sha256(built):
    corpus, _, _ = built
    entries = {e.id: e for e in read_manifest(corpus)}
    assert (entries["ttaf-083-2022"].file, entries["ttaf-083-2022"].format, entries["ttaf-083-2022"].pages) == \
        ("ttaf-083-2022.pdf", "pdf", "81")
    assert (corpus / "dat-92-2022.pdf").read_bytes() == (REALDOCS / "dat-92-2022.pdf").read_bytes()
    import hashlib
    assert entries["dat-92-2022"].sha256 == hashlib.sha256((REALDOCS / "dat-92-2022.pdf").read_bytes()).hexdigest()


def test_the_built_graph_holds_number_title_units_drafters_references_and_terms(built):
    corpus, summary, store = built
    docs = {e.id: _document(store, e) for e in read_manifest(corpus)}
    ttaf = docs["ttaf-083-2022"]
    assert "T/TAF 083-2022" in _values(store, ttaf, CDT.standardNumber)
    assert "移动终端融合快速充电技术规范" in _values(store, ttaf, "http://purl.org/dc/terms/title")
    assert len(_contributors(store, ttaf, "drafting-unit")) == 11
    drafters = _contributors(store, ttaf, "drafter")
    assert len(drafters) == 38 and drafters[9] == "杨成军"         # a name the PDF wraps across two lines
    dat95 = docs["dat-95-2022"]
    assert _contributors(store, dat95, "drafting-unit") == [
        "国家档案局档案科学技术研究所", "北京四方启点科技有限公司", "中国科学院自动化研究所", "百望股份有限公司"]
    refs = {r.rsplit("/", 1)[-1] for r in _values(store, dat95, CDT.normativeReference)}
    assert {"GB-T-7408-2005", "GB-T-24589.2-2010", "GB-T-29194-2012", "GB-T-33190-2016", "GB-T-35275-2017",
            "GB-T-38540-2020", "GB-T-39784-2021"} <= refs
    terms = store.query(f"""PREFIX cdt: <{CDT._NS}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?n ?label WHERE {{ ?t a cdt:TermEntry ; cdt:inDocument <{docs['dat-92-2022']}> ; cdt:number ?n ;
                                   skos:prefLabel ?label FILTER(lang(?label) = "en") }}""")
    assert {(r["n"].value, r["label"].value) for r in terms} >= {("3.1", "electronic document"),
                                                                 ("3.8", "electronic signature")}


def test_provenance_of_a_pdf_source_carries_the_page(built):
    corpus, _, store = built
    doc = next(_document(store, e) for e in read_manifest(corpus) if e.id == "dat-92-2022")
    clause = ids.clause_iri(URIRef(doc), "7.1.2")
    assert _values(store, clause, CDT.sourcePage) == ["7"]
    assert _values(store, clause, CDT.locator) == ["7.1.2"]


def test_a_refused_pdf_leaves_the_corpus_and_the_build_as_they_were(built):
    corpus, summary, _ = built
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    with pytest.raises(CdtkgError):
        add_document(corpus, REALDOCS / "gbt-39784-2021.pdf", "standard")
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before


def test_a_long_pdf_reports_progress_page_by_page():
    seen: list[int] = []
    read_pdf(REALDOCS / "dat-92-2022.pdf", progress=seen.append)
    assert seen == list(range(1, 17))


def test_a_layout_with_no_heading_font_gives_no_font_evidence():
    # a 报批稿 set in one font: its `1、范围` and table rows are told apart by the text, not by a font none has
    from loaders.pdf_reader import _assemble, _Page, _PageLine
    rows = ["1、范围", "本标准规定了协议。", "2 规范性引用文件"] + [f"正文第{i}行。" for i in range(20)]

    def page(flagged):
        return _Page([_PageLine(t, 100.0 + 20 * i, 110.0 + 20 * i, flagged and i in (0, 2))
                      for i, t in enumerate(rows)], 842.0, 400, 0)
    assert set(_assemble([page(False), page(False)])[2].values()) == {None}
    assert sum(bool(v) for v in _assemble([page(True), page(True), page(True)])[2].values()) == 6
