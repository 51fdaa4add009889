"""The blank font standing in for Streamlit's icon font (app/icon_font.py): a TrueType font whose every printable
ASCII character is a glyph without outline and of no width, so an icon's name never shows."""
import base64
import json
import struct

from app.icon_font import BLANK_FONT, BLANK_FONT_TTF, ICON_FALLBACK_CSS, ICON_FALLBACK_RULES, ICON_FALLBACK_SCRIPT


def _tables(font: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        tables[tag.decode()] = font[offset:offset + length]
    return tables


def test_every_printable_character_is_a_blank_glyph_of_no_width():
    font = base64.b64decode(BLANK_FONT_TTF)
    assert font[:4] == b"\x00\x01\x00\x00"                                   # TrueType outlines
    tables = _tables(font)
    assert {"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "OS/2", "post"} <= set(tables)
    glyphs = struct.unpack(">H", tables["maxp"][4:6])[0]
    advances = [struct.unpack(">H", tables["hmtx"][4 * g:4 * g + 2])[0] for g in range(glyphs)]
    assert advances == [0] * glyphs
    assert len(tables["glyf"].rstrip(b"\x00")) == 0                          # no outline anywhere
    # cmap format 4 maps U+0020–U+007E (a single segment, then the closing 0xFFFF one)
    cmap = tables["cmap"]
    offset = struct.unpack(">I", cmap[8:12])[0]
    fmt, _, _, segx2 = struct.unpack(">HHHH", cmap[offset:offset + 8])
    ends = struct.unpack(f">{segx2 // 2}H", cmap[offset + 14:offset + 14 + segx2])
    starts = struct.unpack(f">{segx2 // 2}H", cmap[offset + 16 + segx2:offset + 16 + 2 * segx2])
    assert fmt == 4 and (starts[0], ends[0]) == (0x20, 0x7E)


def test_the_icons_fall_back_to_it_in_the_page_and_in_the_documents_head():
    assert f'"Material Symbols Rounded", "{BLANK_FONT}"' in ICON_FALLBACK_RULES
    assert "data:font/ttf;base64," + BLANK_FONT_TTF in ICON_FALLBACK_RULES
    assert ICON_FALLBACK_CSS == f"<style>{ICON_FALLBACK_RULES}</style>"
    assert json.dumps(ICON_FALLBACK_RULES) in ICON_FALLBACK_SCRIPT and "parent.document.head" in ICON_FALLBACK_SCRIPT
