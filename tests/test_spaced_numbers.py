"""Numbers typeset with spaces (`3. 1. 1`, `JT / T 808—2011`), a CCS code naming two classes, 推荐 as a
recommendation and a title without a cover, on the real standards of round 6 in the text cache."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS

from app.gold_score import _View, load_text, texts_dir
from loaders.gbt_modality import find_modality
from loaders.pdf_reader import read_pdf
from loaders.vocab import CDT


def _cached(name: str) -> Path:
    path = texts_dir() / name
    if not path.is_file():
        pytest.skip(f"原文不在文本缓存中：{path}")
    return path


def test_spaced_clause_and_standard_numbers_are_closed_up():
    texts = [ln.text for ln in read_pdf(_cached("jtt-1078-2016.pdf")).lines]
    assert "3.1.1" in texts and "4.1 协议基本约定" in texts
    assert any("按照 JT/T 808—2011 中第 4 章" in t for t in texts)
    assert not any("3. 1" in t or "JT / T" in t for t in texts)


def test_a_standard_without_a_cover_has_its_subclauses_and_whole_title():
    g, doc, _ = load_text(_cached("jtt-1078-2016.pdf"))
    assert Literal("道路运输车辆卫星定位系统 视频通信协议", lang="zh") in set(g.objects(doc, DCTERMS.title))
    view = _View(g, doc)
    for number, title in (("3.1", "术语和定义"), ("5.3.1", "终端音视频参数设置"), ("10.5", "远程录像下载")):
        assert any(Literal(title) in {Literal(str(t)) for t in g.objects(n, DCTERMS.title)}
                   for n in view.clause_nodes(number)), number


def test_a_ccs_code_of_two_classes_is_kept_whole():
    for name in ("t-gdrta-002-2020.pdf", "t-jsatl-12-2017.pdf"):
        g, doc, _ = load_text(_cached(name))
        assert {str(o) for o in g.objects(doc, CDT.ccs)} == {"R10/19"}


def test_tuijian_recommends_but_tuijianxing_does_not():
    assert find_modality("终端与外设之间推荐网络方式进行通讯") == CDT.Should
    assert find_modality("本标准为推荐性标准") is None
    assert find_modality("推荐值为 5") is None
