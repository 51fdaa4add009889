"""The list markers of GB/T 1.1 documents and of guideline outlines, written once.

Each name is a regex fragment for one kind of marker as printed, with half- or
full-width brackets alike and the marker's number as its only group:

- GB/T 1.1 list items by level: ``a)`` (LETTER_ITEM), ``1)`` (NUMBER_ITEM), ``①`` (CIRCLED_ITEM);
  an unordered item opens with a dash (DASH_ITEM, ``——``; no group).
- Outline headings of guidelines and explanatory notes, by rank: ``一、`` (CN_ITEM), ``（一）``
  (PAREN_CN_ITEM), ``1.`` (DOTTED_ITEM), ``（1）`` (PAREN_NUMBER_ITEM), ``1）``, ``①`` (OUTLINE_MARKERS).

Put a fragment in a pattern with an f-string: ``re.compile(rf"^{LETTER_ITEM}\\s*(.*)$")``.
"""

CN_NUMERAL = "[一二三四五六七八九十]"
_OPEN = "[（(]"
_CLOSE = "[)）]"

LETTER_ITEM = rf"([a-z])\s*{_CLOSE}"
NUMBER_ITEM = rf"(\d{{1,2}})\s*{_CLOSE}"
CIRCLED_ITEM = "([①-⑳])"
DASH_ITEM = "(?:——|--|－－|—)"
LIST_ITEM_LEVELS = {1: LETTER_ITEM, 2: NUMBER_ITEM, 3: CIRCLED_ITEM}

CN_ITEM = rf"({CN_NUMERAL}{{1,3}})\s*、"
PAREN_CN_ITEM = rf"{_OPEN}\s*({CN_NUMERAL}{{1,3}})\s*{_CLOSE}"
DOTTED_ITEM = r"(\d{1,2})\s*[.．](?![\d.．])"
PAREN_NUMBER_ITEM = rf"{_OPEN}\s*(\d{{1,2}})\s*{_CLOSE}"
OUTLINE_MARKERS = (CN_ITEM, PAREN_CN_ITEM, DOTTED_ITEM, PAREN_NUMBER_ITEM, NUMBER_ITEM, CIRCLED_ITEM)
