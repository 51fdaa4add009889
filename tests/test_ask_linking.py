"""Finding what a question names: every name in the graph, longest first (queries/ask/linking.py, label_index.py)."""
from urllib.parse import unquote

from loaders.vocab import CDTR_IRI
from queries.ask.label_index import match_key
from queries.ask.linking import link, marked


def mentions(asker, question):
    key = match_key(question)
    return link(key, asker.index, asker.words_of, asker.ignore, asker.table.cue_words).mentions


def named(asker, question):
    """[(text, {(kind, short iri or value)})] of a question's mentions."""
    out = []
    for m in mentions(asker, question):
        things = {(c.kind, unquote(c.iri[len(CDTR_IRI):]) if c.iri else c.value) for c in m.candidates}
        out.append((m.text, things))
    return out


def test_a_standard_number_in_any_spelling_names_the_standard(asker):
    for spelling in ("GB/T 28181-2022", "GB/T28181—2022", "gb/t 28181-2022", "ＧＢ／Ｔ　２８１８１－２０２２"):
        assert named(asker, f"{spelling}是什么标准")[0][1] == {("document", "std/GB-T-28181-2022")}, spelling


def test_a_number_written_with_the_other_force_names_the_standard_the_corpus_has(asker):
    # GB for GB/T (and back): what askers write from memory; an exact number is surer
    assert named(asker, "GB 22239-2019是什么标准")[0][1] == {("document", "std/GB-T-22239-2019")}
    assert mentions(asker, "GB 22239-2019是什么标准")[0].candidates[0].score < 1.0
    key = match_key("GB 99999-2030是什么标准")
    assert link(key, asker.index, asker.words_of, asker.ignore, asker.table.cue_words).unknown_numbers == ["GB 99999-2030"]


def test_an_undated_number_names_every_edition_of_it(asker):
    ((_, things),) = named(asker, "GB/T 33356的名称")
    assert things == {("document", "std/GB-T-33356"), ("document", "std/GB-T-33356-2022")}


def test_a_plan_number_names_the_draft_it_belongs_to(asker):
    ((_, things),) = named(asker, "20250317-t-469代替了什么")
    assert things == {("document", "std/plan-20250317-T-469")}


def test_an_unknown_number_is_kept_to_say_so(asker):
    key = match_key("GB/T 99999-2030是什么标准")
    linked = link(key, asker.index, asker.words_of, asker.ignore, asker.table.cue_words)
    assert linked.unknown_numbers == ["GB/T 99999-2030"]


def test_the_longest_name_wins(asker):
    assert [t for t, _ in named(asker, "数据流通利用设施有哪些要求")] == ["数据流通利用设施"]
    assert [t for t, _ in named(asker, "什么是城市智能中枢")] == ["城市智能中枢"]


def test_one_name_may_stand_for_several_things_of_different_kinds(asker):
    ((_, things),) = named(asker, "城市智能中枢")
    assert {kind for kind, _ in things} == {"concept", "model_element", "framework_node", "roadmap_topic"}


def test_a_clause_number_names_the_clause_in_every_document_that_has_it(asker):
    text, things = named(asker, "7.5引用了哪些标准")[0]
    assert text == "7.5"
    assert things == {("clause", "std/plan-20250317-T-469/clause/7.5"), ("clause", "std/T-SZS-4042-2021/clause/7.5")}


def test_levels_are_named_by_number_chinese_numeral_name_or_in_english(asker):
    for way in ("三级", "3级", "第三级", "协同级", "level 3"):
        ((_, things),) = named(asker, f"感知设施在{way}")[1:]
        assert things == {("level", "doc/gbt-maturity-model-ctmm-draft/level/3")}, way


def test_a_shortened_name_stands_for_the_only_thing_it_shortens(asker):
    assert named(asker, "华为参与了哪些标准")[0] == ("华为", {("organization", "org/华为技术有限公司")})
    assert ("concept", "concept/城市全域数字化转型概念模型") in named(asker, "概念模型是什么")[0][1]
    # an ingested document's title outranks a cited one's: 顶层设计指南 is T/SZS 4042-2021 before GB/T 36333
    scores = {c.iri.rsplit("/", 1)[-1]: c.score for c in mentions(asker, "顶层设计指南的起草人")[0].candidates
              if c.kind == "document"}
    assert scores["T-SZS-4042-2021"] > scores["GB-T-36333"]


def test_a_generic_word_inside_a_cue_names_nothing(asker):
    # 技术 is a BTE dimension, but in 技术委员会 it asks about a committee
    assert [t for t, _ in named(asker, "成熟度模型的归口技术委员会是哪个")] == ["成熟度模型"]


def test_a_one_character_verbal_form_counts_only_where_it_is_used_as_a_word(asker):
    assert ("宜", {("modality", "cdt:Should")}) in named(asker, "终端设备有哪些宜的要求")
    assert ("宜", {("modality", "cdt:Should")}) in named(asker, "终端设备有哪些“宜”要求")
    assert not any(t == "应" for t, _ in named(asker, "三级对应哪类城市"))
    assert not any(t == "可" for t, _ in named(asker, "可信数据空间属于哪一层"))


def test_class_words_name_kinds_of_things(asker):
    assert ("能力项", {("class", "cdt:CapabilityItem")}) in named(asker, "CTMM有多少个能力项")
    assert ("层", {("class", "cdt:Layer")}) in named(asker, "技术参考模型有几层")


def test_the_masked_question_keeps_only_how_it_is_asked(asker):
    key = match_key("GB/T 34678-2017被什么标准代替了？")
    text, marks = marked(key, mentions(asker, "GB/T 34678-2017被什么标准代替了？"))
    assert text == "◆被什么标准代替了?"
    assert [m.text for m in marks.values()] == ["gb/t 34678-2017"]


def test_a_group_code_run_into_its_number_is_still_the_standard():
    from queries.ask.label_index import Candidate, LabelIndex
    from queries.ask.linking import link

    index = LabelIndex()
    taf = Candidate("document", "https://w3id.org/cdtkg/resource/std/T-TAF-083-2022", None, "T/TAF 083-2022", 1.0)
    index.numbers["T/TAF 083-2022"].append(taf)
    linked = link("t/taf083-2022代替的是哪个版本", index, lambda text: [], frozenset())
    assert [m.candidates for m in linked.mentions] == [[taf]] and linked.unknown_numbers == []


def test_a_price_or_an_officer_of_a_body_is_outside_the_documents(asker):
    for question in ("DA/T 95—2022 的紙質版定價是多少元？", "Who is the president of 全国数据标准化技术委员会?"):
        a = asker.ask(question)
        assert not a.answered and a.intent == "outside"


def test_a_standard_named_by_its_serial_alone_is_the_document_the_corpus_holds(asker):
    # people shorten a number they have just read to its serial (4042 的附录B, 809这个标准)
    assert ("4042", {("document", "std/T-SZS-4042-2021")}) in named(asker, "4042的附录B讲什么？")
    assert ("4042", {("document", "std/T-SZS-4042-2021")}) in named(asker, "4042这个标准是谁起草的")
    # a year, a count or a part of a longer number is no serial
    for question in ("2027年要制定多少项标准？", "4042个能力项是什么", "T/SZS 4042-2021的范围"):
        assert all(text not in ("4042", "2027") for text, _ in named(asker, question)), question


def test_an_enterprise_code_glued_to_its_serial_is_read_apart():
    from queries.ask.linking import _GLUED_CODE

    assert _GLUED_CODE.sub(r"\1 \2\3", "Q/CIB405 2.2") == "Q/CIB 4052.2"
    assert _GLUED_CODE.sub(r"\1 \2\3", "T/TAF08 3-2022") == "T/TAF 083-2022"


def test_a_part_of_a_series_is_named_by_its_own_title_and_the_kind_the_series_title_ends_with():
    """GB/T 1.1 titles a part `<series> 第N部分：<part>`; readers say `<part>` followed by the word that says what
    kind of document the series is (…接口规范 第1部分：应答器报文 → 应答器报文规范), never a kind it does not end with."""
    from queries.ask.label_index import LabelIndex, add_title_aliases

    index = LabelIndex()
    index.titles = [("urn:a", "城市轨道交通 基于通信的列车运行控制系统（CBTC）互联互通接口规范 第1部分：应答器报文"),
                    ("urn:b", "信息技术 云数据存储和管理 第 1 部分: 总则"),
                    ("urn:c", "数据管理能力成熟度评估模型 第 2 部分：评估方法")]
    add_title_aliases(index, lambda text: [text])
    assert {c.iri for c in index.names[match_key("应答器报文规范")]} == {"urn:a"}
    assert not index.names.get(match_key("总则规范")) and not index.names.get(match_key("评估方法标准"))
