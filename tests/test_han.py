"""The Han character class: one definition, the wide one."""
import re
from pathlib import Path

from loaders.han import HAN, HAN_CHAR


def test_han_covers_the_unified_ideographs_extension_a_and_the_compatibility_ideographs():
    for ch in ("城", "数", "㐀", "䶵", "豈", "﨎"):
        assert HAN_CHAR.fullmatch(ch), ch


def test_han_leaves_out_punctuation_letters_digits_and_full_width_forms():
    for ch in ("，", "。", "（", "《", "a", "Z", "7", "Ａ", "ー", " "):
        assert not HAN_CHAR.search(ch), ch


def test_han_is_a_class_body_that_composes_with_other_characters():
    assert re.fullmatch(f"[{HAN}A-Z]+", "gb城市") is None
    assert re.fullmatch(f"[{HAN}A-Z]+", "GBT城市")
    assert re.findall(f"[^{HAN}]+", "城市 digital 转型") == [" digital "]


def test_no_module_writes_a_han_range_of_its_own():
    """Every pattern takes the class from loaders/han.py: a range written out (`\\u4e00-\\u9fff`, the narrow one)
    leaves out Extension A and the compatibility ideographs, and a reader that does so reads less than the others."""
    root = Path(__file__).resolve().parent.parent
    own = re.compile(r"\\u4e00|\\u9fff|\\u3400|[\u4e00\u9fff\u3400]\s*-|一-龥")
    offenders = [str(p.relative_to(root)) for pkg in ("app", "loaders", "queries") for p in (root / pkg).rglob("*.py")
                 if p.name != "han.py" and own.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
