"""The persisted union tells what each update changed (loaders/union_store.py): the subjects a reader of the
union after a build (the search index) reads again instead of the whole graph."""
import pyoxigraph as ox

from loaders.union_store import KEPT_CHANGES, UnionStore, changed_since, read_mark

TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
TEXT = ox.NamedNode("https://w3id.org/cdtkg/ontology#text")


def triple(s: str, p: ox.NamedNode, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"urn:x:{s}"), p, ox.Literal(o, language="zh"))


def test_an_update_names_the_subjects_it_changed_and_only_those(tmp_path):
    union = UnionStore(tmp_path)
    union.synchronise([("a", "1", [triple("a1", TEXT, "甲"), triple("shared", TITLE, "共同")]),
                       ("b", "1", [triple("b1", TEXT, "乙")])])
    before = union.mark()
    union.synchronise([("a", "1", [triple("a1", TEXT, "甲"), triple("shared", TITLE, "共同")]),
                       ("b", "2", [triple("b1", TEXT, "乙"), triple("b2", TEXT, "丙")])])
    assert changed_since(tmp_path, before, union.mark()) == {"urn:x:b2"}
    union.synchronise([("b", "2", [triple("b1", TEXT, "乙"), triple("b2", TEXT, "丙")])])   # a dropped
    assert changed_since(tmp_path, before, union.mark()) == {"urn:x:b2", "urn:x:a1", "urn:x:shared"}
    assert read_mark(tmp_path) == union.mark()


def test_an_update_that_changes_nothing_counts_no_generation(tmp_path):
    union = UnionStore(tmp_path)
    sources = [("a", "1", [triple("a1", TEXT, "甲")])]
    union.synchronise(sources)
    mark = union.mark()
    union.synchronise(sources)
    assert union.mark() == mark and changed_since(tmp_path, mark, union.mark()) == set()


def test_changes_are_not_told_across_a_fresh_start_or_past_the_generations_kept(tmp_path):
    union = UnionStore(tmp_path)
    union.synchronise([("a", "0", [triple("a1", TEXT, "0")])])
    first = union.mark()
    for k in range(1, KEPT_CHANGES + 2):
        union.synchronise([("a", str(k), [triple("a1", TEXT, str(k))])])
    assert changed_since(tmp_path, first, union.mark()) is None           # its first changes are dropped
    recent = {"epoch": first["epoch"], "generation": union.mark()["generation"] - 3}
    assert changed_since(tmp_path, recent, union.mark()) == {"urn:x:a1"}
    assert changed_since(tmp_path, None, union.mark()) is None             # a reader that never read it
    del union
    fresh = UnionStore(tmp_path, fresh=True)
    fresh.synchronise([("a", "x", [triple("a1", TEXT, "x")])])
    assert fresh.mark()["epoch"] != first["epoch"]
    assert changed_since(tmp_path, recent, fresh.mark()) is None


def test_a_store_left_dirty_has_no_mark_to_read_changes_by(tmp_path):
    union = UnionStore(tmp_path)
    union.synchronise([("a", "1", [triple("a1", TEXT, "甲")])])
    union._write_state(dirty=True)           # as an interrupted update leaves it
    assert read_mark(tmp_path) is None


def test_a_source_loaded_whole_from_its_file_gives_the_union_a_comparison_gives(tmp_path):
    """A source new to the store, or much larger than the version held, is bulk-loaded from its file (the old
    version retracted); a source given as triples is compared with the version held: the same union either way."""
    def default(union: UnionStore) -> set:
        return set(union.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    small = [triple("p1", TITLE, "旧名"), triple("p1", TEXT, "甲")]
    large = [triple("p1", TITLE, "新名"), triple("shared", TITLE, "另一名")] + [triple(f"p{i}", TEXT, str(i)) for i in range(9)]
    file = tmp_path / "b.nt"
    ox.serialize(large, str(file), format=ox.RdfFormat.N_TRIPLES)
    first = [("a", "1", [triple("shared", TITLE, "共同"), triple("a1", TEXT, "乙")])]
    loaded, compared = UnionStore(tmp_path / "loaded"), UnionStore(tmp_path / "compared")
    for union, source in ((loaded, file), (compared, large)):
        union.synchronise([*first, ("b", "1", small)])
        before = union.mark()
        union.synchronise([*first, ("b", "2", source)])
        union.changes = changed_since(union.folder, before, union.mark())
    assert default(loaded) == default(compared)
    assert ox.Quad(ox.NamedNode("urn:x:shared"), TITLE, ox.Literal("共同", language="zh")) in default(loaded)
    assert {"urn:x:p1", "urn:x:shared", "urn:x:p8"} <= loaded.changes and compared.changes <= loaded.changes
