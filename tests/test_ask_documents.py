"""Generic questions about any ingested standard: a corpus holding only the plain-text fixture
tests/fixtures/gbt_small_standard.txt (added as GB/T 99001-2025, the way `cdtkg add` does), and
nothing of the bundled documents. Every answer names the document by its number."""
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.corpus_add import add_document
from loaders.build import load_store
from queries.ask import asker_for
from queries.ask.pipeline import Asker
from built import built_graph, built_index
from queries.graph import Graph
from queries.runner import EmbeddedBackend

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gbt_small_standard.txt"
NUMBER = "GB/T 99001-2025"
NAME = "GB/T 99001-2025《示例标准 小型文件》"   # documents are named by number and title


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("one-standard")
    corpus = root / "corpus"
    corpus.mkdir()
    header = (Path(__file__).resolve().parents[1] / "corpus" / "manifest.csv").read_text(encoding="utf-8").splitlines()[0]
    (corpus / "manifest.csv").write_text(header + "\n", encoding="utf-8")
    add_document(corpus, FIXTURE, "standard", title="示例标准 小型文件", number=NUMBER, status="Published")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDTKG_HOME", str(root / "build"))
        built_index(corpus)
        yield corpus


@pytest.fixture(scope="module")
def engine(corpus):
    return built_graph(corpus)


@pytest.mark.parametrize("question, intent, pieces", [
    ("GB/T 99001-2025的范围是什么", "scope", ["本文件规定了示例系统的要求"]),
    ("What is the scope of GB/T99001—2025?", "scope", ["示例系统的要求"]),
    ("GB/T 99001-2025叫什么", "standard_info", ["示例标准 小型文件"]),
    ("GB/T99001—2025的起草单位", "drafting_units", ["甲（北京）科技有限公司", "乙研究院", "丙大学"]),
    ("参与起草 GB/T 99001-2025 的单位有哪些", "drafting_units", ["甲（北京）科技有限公司", "乙研究院"]),
    ("GB/T 99001-2025的起草人有哪些", "drafters", ["赵一", "钱二", "孙三"]),
    ("GB/T 99001-2025规范性引用了哪些文件", "normative_references", ["GB/T 28181-2022", "GB/T 12345"]),
    ("GB/T 99001-2025唯一的规范性引用文件是什么", "normative_references", ["GB/T 28181-2022"]),
    ("哪里引用了GB/T 28181-2022", "citing_clauses", ["4.1 a)"]),
    ("GB/T 99001-2025由哪个技术委员会归口", "committee", ["SAC/TC 28"]),
    ("GB/T 99001-2025有哪些章节", "chapters", ["1 范围", "4 要求"]),
    ("示例系统参考架构的定义出自哪里", "term_source", ["GB/T 12345—2020，2.1，有修改"]),
    ("示例系统参考架构是什么", "definition", ["抽象模型", "3.1", "GB/T 12345—2020"]),
    ("示例系统参考架构用英文怎么说", "english_name", ["reference architecture of an example system"]),
])
def test_a_document_question_is_answered_for_any_ingested_standard(engine, question, intent, pieces):
    a = asker_for(engine).ask(question)
    assert (a.answered, a.intent) == (True, intent), a.reason
    for piece in pieces:
        assert piece in a.answer + "".join(a.items)
    assert any(s["document"] == NAME for s in a.sources) or NAME in a.answer


def test_a_provision_no_rule_asks_for_is_answered_with_its_passage(engine):
    a = asker_for(engine).ask("接入过程中的状态信息要怎么上报")
    assert (a.answered, a.intent) == (True, "passage")
    assert "【宜】" in a.answer and "实时上报" in a.answer and "4.1 b)" in a.answer
    assert a.sources[0]["document"] == NAME


def test_a_date_the_cover_does_not_give_is_refused_not_guessed(engine):
    a = asker_for(engine).ask("GB/T 99001-2025什么时候实施")
    assert (a.answered, a.intent) == (False, "document_dates")
    assert "没有GB/T 99001-2025《示例标准 小型文件》的发布日期、实施日期或分类号" in a.reason


def test_dates_and_classification_the_graph_holds_are_answered(corpus):
    store = load_store(corpus)
    doc = ox.NamedNode("https://w3id.org/cdtkg/resource/std/GB-T-99001-2025")
    cdt, dct = "https://w3id.org/cdtkg/ontology#", "http://purl.org/dc/terms/"
    date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    store.add(ox.Quad(doc, ox.NamedNode(dct + "issued"), ox.Literal("2025-04-24", datatype=date)))
    store.add(ox.Quad(doc, ox.NamedNode(cdt + "effectiveDate"), ox.Literal("2025-11-01", datatype=date)))
    store.add(ox.Quad(doc, ox.NamedNode(cdt + "ics"), ox.Literal("35.240.01")))
    asker = Asker(Graph(EmbeddedBackend(store), corpus))
    a = asker.ask("GB/T 99001-2025什么时候实施？")
    assert (a.answered, a.intent) == (True, "document_dates")
    assert "2025-11-01 实施" in a.answer and "2025-04-24 发布" in a.answer   # as a cover prints them
    assert "ICS 35.240.01" in asker.ask("GB/T 99001-2025 的 ICS 分类号").answer
