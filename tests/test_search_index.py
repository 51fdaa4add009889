"""What the search index holds, and how it is built, persisted and updated (queries/search_index.py)."""
import collections
import subprocess
import sys
from urllib.parse import unquote

import pyoxigraph as ox
import pytest

from built import built_index

from loaders.build import DEFAULT_CORPUS, build_root, load_store
from loaders.vocab import CDTR_IRI
from queries.search import Search
from queries.search_index import MADE_DIR, MADE_INDEX, extract_records, index_dir, read_meta, update_index


def short(iri: str) -> str:
    return "cdtr:" + unquote(iri)[len(CDTR_IRI):]


@pytest.fixture(scope="module")
def store():
    return load_store(DEFAULT_CORPUS)


@pytest.fixture(scope="module")
def extracted(store):
    return extract_records(store)


@pytest.fixture(scope="module")
def records(extracted):
    return {short(r.iri): r for r in extracted[0]}


def test_every_kind_of_resource_with_text_is_indexed_with_its_chinese_kind_name(records):
    counts = collections.Counter(r.kind for r in records.values())
    assert counts["术语条目"] == 19
    assert counts["缩略语"] == 26
    assert counts["能力项"] == 39
    assert counts["能力子域"] == 20
    assert counts["能力域"] == 6
    assert counts["成熟度等级"] == 5
    assert counts["等级特征"] == 195
    assert counts["设计阶段"] == 3 and counts["设计步骤"] == 8
    assert counts["标准体系部分"] == 5
    assert counts["组成要素"] == 40 and counts["层次要素"] == 4 and counts["组合要素"] == 2
    assert counts["人员"] == 139
    for kind in ("条款", "列项", "标准", "组织", "标准体系框架节点", "拟制定标准", "重点主题", "建设目标"):
        assert counts[kind] > 0, kind


def test_structure_is_not_indexed_and_table_cells_only_when_nothing_else_carries_their_text(records):
    kinds = {r.kind for r in records.values()}
    assert not kinds & {"引用", "起草贡献", "表格行", "覆盖映射", "对齐映射", "概念体系"}
    assert not any(r.kind_key == "cdt:Concept" for r in records.values())
    # every CTMM cell repeats a level feature or a capability item of the same document
    assert not any(r.kind == "单元格" for r in records.values())


def test_a_model_element_record(records):
    r = records["cdtr:trm/城市智能中枢"]
    assert (r.kind, r.kind_key, r.label, r.locator) == ("组合要素", "cdt:Aggregate", "城市智能中枢", "6")
    assert r.kinds == ["cdt:Aggregate", "cdt:ModelElement", "skos:Concept"]
    assert r.document == "20250317-T-469《城市全域数字化转型 技术参考模型》"
    assert r.group == CDTR_IRI + "std/plan-20250317-T-469"


def test_a_standard_is_found_by_its_own_numbers_and_names_itself_as_its_document(records):
    r = records["cdtr:std/GB-T-28181-2022"]
    assert r.label == "GB/T 28181-2022 公共安全视频监控联网系统信息传输、交换、控制技术要求"
    assert r.own_numbers == ["GB/T 28181", "GB/T 28181-2022"]
    assert (r.document, r.group) == ("GB/T 28181-2022《公共安全视频监控联网系统信息传输、交换、控制技术要求》", "shared")


def test_a_provision_carries_the_numbers_it_cites(records):
    r = records["cdtr:std/plan-20250317-T-469/clause/7.3.2.4/p/b"]
    assert r.cited_numbers == ["GB/T 28181", "GB/T 28181-2022"]
    assert r.locator == "7.3.2.4 b)" and r.codes == ["7.3.2.4b)"]
    assert r.label.startswith("应提供视频监控联网功能") and r.label.endswith("…")


def test_a_list_item_lead_in_is_a_label_but_not_a_name(records):
    r = records["cdtr:std/plan-20250317-T-469/clause/7.2.1/p/d"]
    assert r.label == "开放共享" and r.labels == ["开放共享"] and r.names == []


def test_an_abbreviation_shows_its_chinese_expansion(records):
    r = records["cdtr:std/plan-20250317-T-469/abbr/CIM"]
    assert r.label == "CIM（城市信息模型）"
    assert r.labels == ["CIM", "城市信息模型", "City Information Modeling"]


def test_a_maturity_cell_is_located_by_clause_table_item_and_level(records):
    r = records["cdtr:doc/gbt-maturity-model-ctmm-draft/item/态势感知/level/1"]
    assert (r.kind, r.locator) == ("等级特征", "8.5.3 表17 态势感知 一级")
    assert r.body == "a) 可实现基于经济指标的数值监测，能够支撑对单一领域或局部环节的经济信息分析"


def test_a_person_is_found_by_the_organization_they_work_for(records):
    r = records["cdtr:person/杨珍"]
    assert (r.kind, r.document, r.group) == ("人员", "", "shared")
    assert "上海零数众合信息科技有限公司" in r.body


def test_documents_table_names_documents_by_number_else_title(extracted):
    documents = {d["display"]: d for d in extracted[1] if d["ingested"]}
    assert sorted(documents) == sorted(["20250317-T-469《城市全域数字化转型 技术参考模型》", "T/SZS 4042-2021《城市数字化转型顶层设计指南》",
                                        "国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明",
                                        "《城市全域数字化转型 成熟度模型》", "《城市全域数字化转型标准体系建设指南》"])
    assert documents["20250317-T-469《城市全域数字化转型 技术参考模型》"]["plans"] == ["20250317-T-469"]


def test_the_index_lives_in_the_build_folder_and_is_reused_while_the_graph_is_unchanged():
    directory, _ = built_index(DEFAULT_CORPUS)
    assert directory == index_dir(DEFAULT_CORPUS) and directory.parent == build_root(DEFAULT_CORPUS)
    assert built_index(DEFAULT_CORPUS) == (directory, None)


def test_an_unchanged_graph_loads_neither_jieba_nor_the_graph():
    built_index(DEFAULT_CORPUS)
    code = ("import sys; from queries.search_index import ensure_index; from loaders.build import DEFAULT_CORPUS; "
            "print(ensure_index(DEFAULT_CORPUS)[1], 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "False"]


def test_only_the_records_that_changed_are_reindexed(store, tmp_path):
    first = update_index(store, tmp_path, "graph-1")
    assert first.full and first.reindexed == first.records
    assert len(first.groups_reindexed) == 6     # five documents and the shared records

    again = update_index(store, tmp_path, "graph-1")
    assert not again.full and (again.reindexed, again.removed) == (0, 0) and again.groups_reindexed == []

    changed = ox.Store()
    changed.extend(store)
    provision = ox.NamedNode(CDTR_IRI + "std/plan-20250317-T-469/clause/7.3.2.4/p/b")
    text = ox.NamedNode("https://w3id.org/cdtkg/ontology#text")
    cites = ox.NamedNode("https://w3id.org/cdtkg/ontology#cites")
    for q in [*changed.quads_for_pattern(provision, text, None), *changed.quads_for_pattern(provision, cites, None)]:
        changed.remove(q)
    changed.add(ox.Quad(provision, text, ox.Literal("应支持鲲鹏视联互通协议。", language="zh"), ox.DefaultGraph()))
    update = update_index(changed, tmp_path, "graph-2")
    assert (update.reindexed, update.removed, update.full) == (1, 0, False)
    assert update.groups_reindexed == [CDTR_IRI + "std/plan-20250317-T-469"]
    assert read_meta(tmp_path)["graph"] == "graph-2"

    search = Search(tmp_path)
    assert search.search("视联互通协议").hits[0].iri == provision.value
    assert provision.value not in [h.iri for h in search.search("GB/T 28181").hits]
    assert search.search("GB/T 28181").total == 1      # the standard alone: nothing cites it any more
    search.close()


@pytest.mark.parametrize("first", [True, False], ids=["full build", "update"])
def test_an_index_build_that_fails_leaves_the_last_index_whole(store, tmp_path, monkeypatch, first):
    import queries.search_index as si

    update_index(store, tmp_path, "graph-1")
    before = indexed(tmp_path)
    changed = ox.Store()
    changed.extend(store)
    provision = ox.NamedNode(CDTR_IRI + "std/plan-20250317-T-469/clause/7.3.2.4/p/b")
    changed.add(ox.Quad(provision, ox.NamedNode("https://w3id.org/cdtkg/ontology#text"),
                        ox.Literal("应支持鲲鹏视联互通协议。", language="zh"), ox.DefaultGraph()))
    if first:   # a change of the index code: everything is indexed again
        monkeypatch.setattr(si, "_code_fingerprint", lambda: "another-code")
    real, added = si._document_fields, []

    def failing(record, seg):
        added.append(record.iri)
        if len(added) > (1 if first else 0):     # a full build fails after its first record
            raise OSError("磁盘已满")
        return real(record, seg)

    monkeypatch.setattr(si, "_document_fields", failing)
    with pytest.raises(OSError):
        update_index(changed, tmp_path, "graph-2")
    monkeypatch.undo()
    assert read_meta(tmp_path)["graph"] == "graph-1"
    assert indexed(tmp_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("index")] == ["index"]


def test_an_open_search_follows_a_full_rebuild_of_its_index(store, tmp_path, monkeypatch):
    import queries.search_index as si

    update_index(store, tmp_path, "graph-1")
    search = Search(tmp_path)
    before = search.search("数据治理").total
    monkeypatch.setattr(si, "_code_fingerprint", lambda: "another-code")   # the next update rebuilds whole
    assert update_index(store, tmp_path, "graph-2").full
    assert search.search("数据治理").total == before   # the open search reopens the new index
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("index")] == ["index"]
    search.close()


def test_opening_an_index_another_process_is_putting_in_place_waits_for_it(store, tmp_path, monkeypatch):
    import tantivy

    update_index(store, tmp_path, "graph-1")
    real, calls = tantivy.Index.open, []

    def not_yet_there(path):
        calls.append(path)
        if len(calls) == 1:
            raise ValueError('Failed to open file for read: \'FileDoesNotExist("meta.json")\'')
        return real(path)

    monkeypatch.setattr(tantivy.Index, "open", staticmethod(not_yet_there))
    search = Search(tmp_path)
    assert len(calls) == 2 and search.search("数据治理").total > 0
    search.close()


def indexed(directory) -> dict:
    """Every record of the index in `directory`: IRI → its stored fields."""
    search = Search(directory)
    try:
        return {r["iri"]: r["hit"] for r in search.stored_records()}
    finally:
        search.close()


def made_files(directory) -> dict:
    """{group: the file keeping its records' entries} as the index in `directory` lists them."""
    import pickle

    with open(directory / MADE_DIR / MADE_INDEX, "rb") as f:
        _, _, names = pickle.load(f)
    assert {p.name for p in (directory / MADE_DIR).iterdir()} == {*names.values(), MADE_INDEX}
    return names


@pytest.fixture(scope="module")
def grown(tmp_path_factory, copy_corpus):
    """A copy of the real corpus, built and indexed, then one document added, edited and removed,
    the index updated after each: {step: (the update, the added entry, the records indexed, the graph,
    the index's metadata)}."""
    from loaders.build import build
    from loaders.manifest import read_manifest, write_manifest
    from loaders.synthetic_corpus import add_variant

    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("grown")
    mp.setenv("CDTKG_HOME", str(root))
    corpus = copy_corpus(root / "corpus")
    built_index(corpus)
    out = {"before": indexed(index_dir(corpus)), "before files": made_files(index_dir(corpus))}
    entry = add_variant(corpus, "gbt-maturity-model-ctmm-draft", 1)
    path = corpus / entry.file

    def edit():
        path.write_text(path.read_text(encoding="utf-8").replace("成熟度", "成熟程度"), encoding="utf-8")

    for step, change in (("add", lambda: None), ("edit", edit),
                         ("remove", lambda: write_manifest(corpus, [e for e in read_manifest(corpus)
                                                                     if e.id != entry.id]))):
        change()
        out[step] = (built_index(corpus)[1], entry, indexed(index_dir(corpus)), load_store(corpus),
                     read_meta(index_dir(corpus)))
        out[f"{step} files"] = made_files(index_dir(corpus))
    yield out
    mp.undo()


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_one_document_more_or_less_updates_its_records_alone(grown, step):
    update, entry, records, _, _ = grown[step]
    assert not update.full
    assert update.read_changes      # the graph was read for what the build changed, not whole
    from loaders.ids import entry_iri

    assert set(update.groups_reindexed) <= {str(entry_iri(entry)), "shared"}
    assert update.reindexed + update.removed < len(grown["before"]) / 2
    if step == "add":
        assert update.removed == 0 and update.reindexed > 0
    elif step == "edit":
        assert update.reindexed > 0
    else:
        assert update.reindexed == 0 and update.removed > 0


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_updated_index_holds_the_records_of_a_full_rebuild(grown, step, tmp_path):
    _, _, records, store, meta = grown[step]
    full = update_index(store, tmp_path, "full")
    assert full.full and not full.read_changes
    assert records == indexed(tmp_path)
    rebuilt = read_meta(tmp_path)
    for part in ("records", "documents", "kinds", "words", "groups", "graph_names"):
        assert meta[part] == rebuilt[part], part


@pytest.mark.parametrize("step,before", [("add", "before"), ("edit", "add"), ("remove", "edit")])
def test_an_update_writes_again_the_records_of_the_groups_it_changed_alone(grown, step, before):
    from loaders.ids import entry_iri

    files, earlier = grown[f"{step} files"], grown[f"{before} files"]
    written = {g for g in {*files, *earlier} if files.get(g) != earlier.get(g)}
    assert written and written <= {str(entry_iri(grown[step][1])), "shared", ""}
    assert len(files) > 3


def test_removing_the_added_document_gives_back_the_index_before_it(grown):
    assert grown["remove"][2] == grown["before"]
    assert len(grown["add"][2]) > len(grown["before"])
