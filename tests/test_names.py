"""Where a name shown in a table leads (app/names.py): the resource page of the standard or document it names."""
from __future__ import annotations

import pytest

from app.names import document_targets, iri_targets, label_targets
from loaders.build import DEFAULT_CORPUS, build

R = "https://w3id.org/cdtkg/resource/"


@pytest.fixture(scope="module", autouse=True)
def built():
    build(DEFAULT_CORPUS)


def test_a_number_a_plan_number_or_a_title_leads_to_the_resource_page_of_what_it_names():
    assert document_targets(["GB/T 34678-2017", "20250317-T-469", "城市数字化转型顶层设计指南"]) == [
        ("resource", {"iri": R + "std/GB-T-34678-2017"}),
        ("resource", {"iri": R + "std/plan-20250317-T-469"}),
        ("resource", {"iri": R + "std/T-SZS-4042-2021"}),
    ]


def test_an_empty_cell_an_unknown_name_or_a_name_two_resources_bear_leads_nowhere():
    # 智慧城市 术语 is the title of two editions: which one a bare title means is not known
    assert document_targets([None, float("nan"), "", "GB/T 99999-2099", "智慧城市 术语"]) == [None] * 5


def test_a_label_leads_to_the_resource_page_of_the_one_resource_of_its_class_so_named():
    [topic] = label_targets(["数字孪生"], "RoadmapTopic")
    assert topic[0] == "resource" and topic[1]["iri"].startswith(R)
    [domain, unknown, empty] = label_targets(["城市数字底座", "城市数字底座", None], "CapabilityDomain")[:1] + \
        label_targets(["没有这个能力域", None], "CapabilityDomain")
    assert domain == ("resource", {"iri": R + "doc/gbt-maturity-model-ctmm-draft/domain/8.2"})
    assert unknown is None and empty is None


def test_an_iri_leads_to_its_resource_page_and_an_empty_cell_nowhere():
    assert iri_targets([R + "std/GB-T-34678-2017", None, float("nan"), ""]) == [
        ("resource", {"iri": R + "std/GB-T-34678-2017"}), None, None, None]
