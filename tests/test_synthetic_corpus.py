"""The synthetic corpus of `cdtkg bench --scale N`: N variants of the real documents, read by the same loaders."""
from pathlib import Path

import pytest
from rdflib import RDF, Literal

from loaders import ids
from loaders.gbt_document import load_gbt_document
from loaders.manifest import read_manifest
from loaders.synthetic_corpus import make_scaled_corpus
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRM = "gbt-technical-reference-model-draft"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    return make_scaled_corpus(CORPUS, tmp_path_factory.mktemp("scale") / "corpus", 3)


def test_n_variants_of_every_document_but_one_framework(scaled):
    entries = read_manifest(scaled)
    real = read_manifest(CORPUS)
    assert len(entries) == 3 * (len(real) - 1) + 1
    assert sum(e.kind == "guideline" for e in entries) == 1
    assert len({e.id for e in entries}) == len(entries) == len({ids.entry_iri(e) for e in entries})
    assert all((scaled / e.file).is_file() for e in entries)
    assert {p.name for p in CORPUS.glob("*.csv")} <= {p.name for p in scaled.glob("*.csv")}


def test_a_variant_is_read_like_the_original_but_cites_other_standards(scaled):
    entries = {e.id: e for e in read_manifest(scaled)}
    original, variant = entries[TRM], entries[f"{TRM}-v2"]
    assert variant.plan_number == "20000002-T-469"
    a = load_gbt_document(scaled / original.file, original).graph
    b = load_gbt_document(scaled / variant.file, variant).graph
    for cls in (CDT.Clause, CDT.Provision, CDT.TermEntry, CDT.Citation, CDT.Contribution):
        assert len(set(b.subjects(RDF.type, cls))) == len(set(a.subjects(RDF.type, cls))), cls
    refs = {str(n) for s in b.objects(ids.entry_iri(variant), CDT.normativeReference)
            for n in b.objects(s, CDT.standardNumber)}
    assert len(refs) == 14 and "GB/T 22239.2-2019" in refs and "GB/T 22239-2019" not in refs
    assert (ids.standard_iri("GB/T 34678.2-2017"), CDT.standardNumber, Literal("GB/T 34678.2-2017")) in b
