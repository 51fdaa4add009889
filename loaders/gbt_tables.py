"""The captioned tables of a GB/T 1.1 document as cdt:Table, cdt:TableRow and cdt:TableCell.

Tables are reassembled by loaders/tables.py (markdown rows, continuation
chunks `表5 …（续）` merged); this module places each in the clause where its
caption is printed. A table without a caption (a table of contents) is not
part of any clause and is left out.
"""
from __future__ import annotations

from bisect import bisect_right

from rdflib import RDF, XSD, Literal
from rdflib.namespace import DCTERMS

from . import ids
from .tables import numbered_lines, parse_tables
from .vocab import CDT, zh



def add_tables(ctx) -> None:
    """Emit every captioned table with its rows and cells."""
    g = ctx.g
    clauses = ctx.structure.clauses
    starts = [c.line for c in clauses]
    seen: set[str] = set()
    for t in parse_tables(numbered_lines(ctx.raw)):
        for line, message in t.warnings:
            ctx.warn(line, message)
        if t.number is None or t.caption_line is None:
            continue
        i = bisect_right(starts, t.caption_line) - 1
        if i < 0:
            continue
        clause = clauses[i]
        if t.number in seen:
            ctx.warn(t.caption_line, f"{t.number} 重复出现：只收录第一次。")
            continue
        seen.add(t.number)
        table = ids.table_iri(ctx.doc, t.number)
        g.add((table, RDF.type, CDT.Table))
        g.add((table, CDT.number, Literal(t.number)))
        if t.title:
            g.add((table, DCTERMS.title, zh(t.title)))
        g.add((table, CDT.inClause, ctx.clause_iris[clause.number]))
        g.add((table, CDT.continued, Literal(t.continued)))
        ctx.provenance(table, t.number, t.caption_line)
        for r, row in enumerate(t.rows, start=1):
            row_node = ids.row_iri(table, r)
            g.add((row_node, RDF.type, CDT.TableRow))
            g.add((row_node, CDT.inTable, table))
            g.add((row_node, CDT.rowIndex, Literal(r, datatype=XSD.integer)))
            ctx.provenance(row_node, f"{t.number} 第{r}行", row.line)
            for col, cell in enumerate(row.cells, start=1):
                cell_node = ids.cell_iri(row_node, col)
                g.add((cell_node, RDF.type, CDT.TableCell))
                g.add((cell_node, CDT.inRow, row_node))
                g.add((cell_node, CDT.columnIndex, Literal(col, datatype=XSD.integer)))
                if col <= len(t.header) and t.header[col - 1]:
                    g.add((cell_node, CDT.columnHeader, zh(t.header[col - 1])))
                if cell.text:
                    g.add((cell_node, CDT.text, zh(cell.text)))
                ctx.provenance(cell_node, f"{t.number} 第{r}行第{col}列", cell.line or row.line)
