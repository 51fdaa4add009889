"""loaders/validation_changes.py: a new version of a derived graph validated by what changed gives the
findings of validating it whole."""
from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef

from loaders.validation import validate
from loaders.validation_changes import changed_subjects, revalidate
from loaders.vocab import CDT


def _findings(report: dict) -> list[tuple]:
    return sorted((r["severity"], r["shape"], r["focus"], r["path"], r["value"], r["message"], r["label"],
                   r["document"], r["locator"]) for r in report["results"])


def test_a_changed_derivation_is_validated_by_what_changed_with_the_findings_of_a_whole_validation(
        parsed_documents, tmp_path):
    cached = next(parsed_documents.glob("(corpus).*.nt"))
    old = Graph().parse(cached, format="nt")
    before = json.loads(validate(old).to_json())
    new = Graph()
    for t in old:
        new.add(t)
    mappings = sorted(new.subjects(None, CDT.CoverageMapping))
    broken, dropped = mappings[0], mappings[1]
    new.remove((broken, CDT.relationship, None))             # a mapping without its relationship: a violation
    new.remove((dropped, None, None))                        # a mapping the new version no longer makes
    added = URIRef(str(broken) + "-new")                     # a mapping the new version makes, incomplete
    new.add((added, next(new.predicates(broken, CDT.CoverageMapping)), CDT.CoverageMapping))
    new.add((added, CDT.mappingMethod, Literal("derived")))
    written = tmp_path / "new.nt"
    new.serialize(written, format="nt", encoding="utf-8")

    changed, subjects = changed_subjects(cached, written)
    assert changed == {broken, dropped, added}
    assert subjects == len(set(new.subjects()))
    got = revalidate(new, changed, subjects, before)
    whole = json.loads(validate(new).to_json())
    assert _findings(got) == _findings(whole)
    assert got["violations"] == whole["violations"] > before["violations"]
    assert any(r["focus"] == str(added) for r in got["results"])


def test_an_unchanged_derivation_keeps_its_findings(parsed_documents):
    cached = next(parsed_documents.glob("(corpus).*.nt"))
    graph = Graph().parse(cached, format="nt")
    before = json.loads(validate(graph).to_json())
    changed, subjects = changed_subjects(cached, cached)
    assert changed == set() and subjects == len(set(graph.subjects()))
    assert _findings(revalidate(graph, changed, subjects, before)) == _findings(before)


def test_a_derivation_changed_in_most_resources_is_validated_whole_without_the_old_findings(parsed_documents):
    cached = next(parsed_documents.glob("(corpus).*.nt"))
    graph = Graph().parse(cached, format="nt")
    old = Graph()
    for t in graph:
        old.add(t)
    broken = sorted(old.subjects(None, CDT.CoverageMapping))[0]
    old.remove((broken, CDT.relationship, None))             # the last version had a violation the new one fixed
    before = json.loads(validate(old).to_json())
    assert before["violations"] == 1
    everything = set(graph.subjects())
    got = revalidate(graph, everything, len(everything), before)
    assert _findings(got) == _findings(json.loads(validate(graph).to_json()))
    assert got["violations"] == 0
