"""Streamlit's icons without their font: text that never shows the names of icons.

Streamlit draws every icon (expanders' arrows, the sidebar's page icons, alerts, download buttons) as a word
set in the Material Symbols font it serves itself (`static/media/MaterialSymbols-Rounded.*.woff2`, from the
app's own host: no request leaves the network). The font is declared `font-display: block`: the browser
hides the word for three seconds, then shows it in the next font of the stack until the font arrives. On a
loaded server, or when the font cannot be fetched, the page showed the English words (`keyboard_arrow_right`,
`dashboard`) spilling over the Chinese labels.

Here the next font of the stack is one whose every printable ASCII character is a blank glyph of no width:
until the icon font arrives an icon is an empty space, never a word. The rule is drawn in each run's page
(at once) and put in the document's head by a script (for good: a rerun may drop what the page drew for a
moment, and a style in the page went with it). The font (808 bytes, one empty glyph) was
made by this project with fontTools:

    fb = FontBuilder(1000, isTTF=True); fb.setupGlyphOrder([".notdef", "blank"])
    fb.setupCharacterMap({c: "blank" for c in range(0x20, 0x7F)})
    fb.setupGlyf({g: TTGlyphPen(None).glyph() for g in (".notdef", "blank")})
    fb.setupHorizontalMetrics({g: (0, 0) for g in (".notdef", "blank")})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "cdtkg blank", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200); fb.setupPost()
"""
from __future__ import annotations

import json

BLANK_FONT = "cdtkg blank"
# TrueType, base64: every character from U+0020 to U+007E a glyph without outline and of advance 0
BLANK_FONT_TTF = (
    "AAEAAAAKAIAAAwAgT1MvMkUAQhoAAAEoAAAAYGNtYXAAXwG+AAABkAAAAPJnbHlmAAAAAAAAAowAAAABaGVhZC2PxSwAAACsAAAA"
    "NmhoZWEDIf86AAAA5AAAACRobXR4AAAAAAAAAYgAAAAGbG9jYQAAAAAAAAKEAAAABm1heHAAAwACAAABCAAAACBuYW1lu8D+fwAA"
    "ApAAAABscG9zdG1nc80AAAL8AAAALAABAAAAAQAAZx+kLl8PPPUAAwPoAAAAAOc8wiYAAAAA5zzCJgAAAAAAAAAAAAAAAwACAAAA"
    "AAAAAAEAAAMg/zgAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAEAAAACAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAwAA"
    "AZAABQAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAPz8/PwAAACAAfgMg/zgAAAMgAMgA"
    "AAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAIAAAADAAAAFAADAAEAAAAUAAQA3gAAAAQABAABAAAAfv//AAAAIP//AAAAAQAE"
    "AAAAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEA"
    "AQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQAB"
    "AAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAAAAAAAAAAAAAAAAAAAAAAEADYAAQAAAAAAAQALAAAA"
    "AQAAAAAAAgAHAAsAAwABBAkAAQAWABIAAwABBAkAAgAOAChjZHRrZyBibGFua1JlZ3VsYXIAYwBkAHQAawBnACAAYgBsAGEAbgBr"
    "AFIAZQBnAHUAbABhAHIAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAABAgVibGFuaw=="
)

ICON_FALLBACK_RULES = f"""
@font-face {{ font-family: "{BLANK_FONT}"; src: url(data:font/ttf;base64,{BLANK_FONT_TTF}) format("truetype"); }}
[data-testid="stIconMaterial"] {{ font-family: "Material Symbols Rounded", "{BLANK_FONT}" !important; }}"""
# In the page drawn: at once, but only while the run that drew it is shown (a rerun may drop it for a moment).
ICON_FALLBACK_CSS = f"<style>{ICON_FALLBACK_RULES}</style>"
# In the document's head, once: for as long as the browser shows the explorer, whatever the runs draw.
ICON_FALLBACK_SCRIPT = f"""<script>
if (!parent.document.getElementById("cdtkg-icon-fallback")) {{
  const style = parent.document.createElement("style");
  style.id = "cdtkg-icon-fallback";
  style.textContent = {json.dumps(ICON_FALLBACK_RULES)};
  parent.document.head.appendChild(style);
}}
</script>"""
