"""Word files made at test time from a real standard's text (no binary is committed).

`word_from_text(txt, out)` writes the text of a GB/T 1.1 document as a .docx the
way a drafter's Word file holds it: clause headings in Heading styles whose
numbers come from a multi-level numbering definition (not typed), list items
as numbered paragraphs (`a)` and `1)` from the numbering, restarting with each
list), annex clauses with typed numbers, and the rest as body paragraphs.
Which line is a clause heading or a list item is taken from the text reader's
own parse, so the Word file and the text file say the same thing.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from loaders.gbt_structure import parse_structure
from loaders.text_reader import read_text_source

_CLAUSE_LEVELS = "".join(
    f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    f'<w:lvlText w:val="{".".join(f"%{k + 1}" for k in range(i + 1))}"/></w:lvl>' for i in range(4))
_LIST_LEVELS = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl>')
CLAUSES_ABSTRACT, LIST_ABSTRACT = 90, 91


class _Numbering:
    def __init__(self, document):
        self.root = document.part.numbering_part.element
        for aid, levels in ((CLAUSES_ABSTRACT, _CLAUSE_LEVELS), (LIST_ABSTRACT, _LIST_LEVELS)):
            self.root.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">{levels}</w:abstractNum>'))
        self.next_id = 900
        self.clauses = self.new(CLAUSES_ABSTRACT)

    def new(self, abstract: int) -> str:
        """A new w:num on `abstract`: a list that starts counting again."""
        self.next_id += 1
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{self.next_id}">'
                                   f'<w:abstractNumId w:val="{abstract}"/></w:num>'))
        return str(self.next_id)


def number(paragraph, num_id: str, ilvl: int) -> None:
    """Give `paragraph` Word numbering (numId, level)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def word_from_text(txt: Path, out: Path) -> Path:
    """Write the GB/T 1.1 text file `txt` as the Word file `out`; returns `out`."""
    source = read_text_source(txt)
    structure = parse_structure(source.lines)
    heading_at = {c.line: c for c in structure.clauses}
    item_at = {b.line: b for c in structure.clauses for b in c.blocks if b.kind == "item"}
    document = docx.Document()
    numbering = _Numbering(document)
    list_id, last_level = None, 0
    counters = _Counters()
    for ln in source.lines:
        clause = heading_at.get(ln.no)
        item = item_at.get(ln.no)
        if clause is not None and clause.number[0].isdigit() and clause.number == counters.next(clause.number):
            rest = ln.text[len(clause.number):].strip() if ln.text.startswith(clause.number) else (clause.title or "")
            p = document.add_paragraph(rest, style=f"Heading {min(clause.number.count('.') + 1, 4)}")
            number(p, numbering.clauses, clause.number.count("."))
            counters.take(clause.number)
            list_id = None
        elif clause is not None:
            # 前言, 引言, annexes and their clauses: the number is typed, as drafters do
            document.add_paragraph(ln.text, style="Heading 1" if "." not in clause.number else "Heading 2")
            list_id = None
        elif item is not None and item.level in (1, 2):
            if list_id is None or item.marker.strip("()（）") in ("a", "1") and item.level == 1 or \
                    (item.level == 2 and item.marker.startswith("1") and last_level == 2):
                list_id = numbering.new(LIST_ABSTRACT)
            p = document.add_paragraph(_without_marker(ln.text, item.marker))
            number(p, list_id, item.level - 1)
            last_level = item.level
        else:
            document.add_paragraph(ln.text)
    document.save(out)
    return out


class _Counters:
    """What Word's multi-level numbering will print next; a clause the source misnumbers is typed instead."""

    def __init__(self):
        self.counts = [0] * 6

    def next(self, printed: str) -> str:
        level = printed.count(".")
        counts = self.counts[: level + 1]
        counts[level] += 1
        return ".".join(str(max(c, 1)) for c in counts)

    def take(self, printed: str) -> None:
        level = printed.count(".")
        self.counts[level] += 1
        self.counts[level + 1:] = [0] * (len(self.counts) - level - 1)


def _without_marker(text: str, marker: str) -> str:
    t = text.lstrip()
    return t[len(marker):].lstrip() if t.startswith(marker) else t


def add_tracked_change_and_comment(path: Path, kept: str, deleted: str, inserted: str) -> None:
    """Append a paragraph to the .docx at `path` with a deletion, an insertion and a comment."""
    document = docx.Document(str(path))
    p = document.add_paragraph(kept)
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="801" w:author="审稿人" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="802" w:author="审稿人" w:date="2024-01-01T00:00:00Z">'
                          f'<w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
    run = p.add_run("。")
    document.add_comment(run, text="这是一条批注，不是正文", author="审稿人")
    document.save(path)


def table_paragraphs(document, rows: list[list[str]], caption: str) -> None:
    """Add a caption and a real Word table of `rows` to `document`."""
    document.add_paragraph(caption)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
