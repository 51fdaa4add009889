"""Query results as files and screens: terminal table, CSV, TSV, SPARQL JSON, xlsx, and RDF for graphs.

- table: for a terminal, Chinese column headings, IRIs shown by their labels,
  wide cells cut with …;
- csv: UTF-8 with a byte-order mark (Excel then shows Chinese correctly),
  variable names as headings, as the SPARQL 1.1 CSV results format;
- tsv: the same with tabs and without the byte-order mark, for scripts;
- json: the standard SPARQL 1.1 Query Results JSON format (SELECT and ASK),
  JSON-LD for CONSTRUCT and DESCRIBE;
- xlsx: Chinese headings, sensible widths, a frozen heading row and a filter,
  and a second sheet recording the query text, its parameters, when it ran,
  where the data came from and whether the result was cut at the row limit;
- ttl / nt: Turtle or N-Triples for CONSTRUCT and DESCRIBE.

Chinese column names come from COLUMN_NAMES, the one mapping of variable
names to headings (a variable not in it keeps its name).
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from loaders.problems import CdtkgError
from loaders.vocab import XSD_IRI

from .runner import QueryResult, Term
from .sparql_guard import DEFAULT_PREFIXES

# Variable name → Chinese column heading, for every column the named queries return (queries/column_names.tsv).
COLUMN_NAMES_FILE = Path(__file__).resolve().parent / "column_names.tsv"


def _read_column_names(path: Path = COLUMN_NAMES_FILE) -> dict[str, str]:
    """The table of column headings: variable name → heading, in file order."""
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {row["variable"]: row["heading"] for row in csv.DictReader(rows, delimiter="\t")}


COLUMN_NAMES: dict[str, str] = _read_column_names()

FORMATS = ("table", "csv", "tsv", "json", "xlsx", "ttl", "nt")
GRAPH_ONLY = ("ttl", "nt")
MIME = {
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json", "jsonld": "application/ld+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ttl": "text/turtle", "nt": "application/n-triples", "table": "text/plain; charset=utf-8",
}
TABLE_CELL_WIDTH = 40      # display columns of one terminal cell
XLSX_MAX_WIDTH = 60        # display columns (a Chinese character is two) before a cell wraps
XLSX_MAX_CELL = 32_767     # Excel's limit on one cell
CUT_NOTE = "…（超出 Excel 单元格上限，已截断）"
FORM_NAMES = {"SELECT": "SELECT 查询", "ASK": "ASK 查询", "CONSTRUCT": "CONSTRUCT 查询", "DESCRIBE": "DESCRIBE 查询"}


def column_label(variable: str) -> str:
    """The Chinese heading of a result column (the variable name when none is defined)."""
    return COLUMN_NAMES.get(variable.lstrip("?$"), variable.lstrip("?$"))


def compact_iri(iri: str) -> str:
    """An IRI shortened with the well-known prefixes and percent-decoded (cdtr:std/GB-T-22239-2019)."""
    for prefix, ns in DEFAULT_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{unquote(iri[len(ns):])}"
    return unquote(iri)


def iris_of(result) -> list[str]:
    """The IRIs a QueryResult shows, in order of first appearance."""
    return list(dict.fromkeys(t.value for row in result.rows for t in row if t is not None and t.kind == "uri"))


def labelled_rows(result, labels: dict[str, str]) -> list[list]:
    """The rows of a QueryResult as plain values, each IRI shown by its name in `labels`
    (or its compact form when it has none)."""
    return [[None if t is None else (labels.get(t.value) or compact_iri(t.value)) if t.kind == "uri" else t.python()
             for t in row] for row in result.rows]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _plain(term: Term | None) -> str:
    """A term as text for CSV/TSV cells: the value, without quotes or tags."""
    return "" if term is None else term.value


def _shown(term: Term | None, labels: dict[str, str]) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return labels.get(term.value) or compact_iri(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


# --- terminal -----------------------------------------------------------------------------------------
def render_table(result: QueryResult, labels: dict[str, str] | None = None) -> str:
    """The result as a text table for a terminal, with Chinese headings and a summary line."""
    labels = labels or {}
    if result.form == "ASK":
        body = "是（true）" if result.boolean else "否（false）"
        return f"{body}\n（{FORM_NAMES['ASK']}，用时 {result.elapsed_ms:.0f} 毫秒）"
    # an ?iri column is there for pages to link; a terminal shows the labels instead
    keep = [i for i, v in enumerate(result.variables) if v != "iri"]
    headings = [column_label(result.variables[i]) for i in keep]
    cells = [[_cut(_shown(row[i], labels), TABLE_CELL_WIDTH) for i in keep] for row in result.rows]
    widths = [max([_display_width(h)] + [_display_width(r[i]) for r in cells]) for i, h in enumerate(headings)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headings, widths)).rstrip(),
             "  ".join("─" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: QueryResult) -> str:
    """One line saying how many rows, how long, and whether the row limit cut the result."""
    unit = "个三元组" if result.form in ("CONSTRUCT", "DESCRIBE") else "行"
    line = f"共 {len(result)} {unit}，用时 {result.elapsed_ms:.0f} 毫秒"
    if result.truncated:
        line += f"；结果超过 {result.limit} {unit}的上限，只保留了前 {result.limit} {unit}（用 --limit 调整）"
    return f"（{line}）"


# --- delimited text ------------------------------------------------------------------------------------
def to_delimited(result: QueryResult, delimiter: str = ",", bom: bool = True) -> bytes:
    """CSV (or TSV) bytes: variable names as headings, plain values; a byte-order mark for Excel when `bom`."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            values = [_plain(t) for t in row]
            if delimiter == "\t":  # TSV has no quoting convention readers agree on
                values = [" ".join(v.split()) for v in values]
            writer.writerow(values)
    return ("\ufeff" if bom else "").encode("utf-8") + buf.getvalue().encode("utf-8")


# --- SPARQL JSON --------------------------------------------------------------------------------------------
def _json_term(term: Term) -> dict:
    if term.kind == "uri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_sparql_json(result: QueryResult) -> bytes:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if result.form == "ASK":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    elif result.form == "SELECT":
        doc = {"head": {"vars": list(result.variables)},
               "results": {"bindings": [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                                        for row in result.rows]}}
    else:
        return to_rdf(result, "jsonld")
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


# --- RDF (CONSTRUCT / DESCRIBE) -------------------------------------------------------------------------------
def _ox_term(term: Term):
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def to_rdf(result: QueryResult, fmt: str) -> bytes:
    """The triples of a CONSTRUCT or DESCRIBE result as Turtle (ttl), N-Triples (nt) or JSON-LD (jsonld)."""
    import pyoxigraph as ox

    if result.form not in ("CONSTRUCT", "DESCRIBE"):
        raise CdtkgError(f"--format {fmt} 只用于 CONSTRUCT 和 DESCRIBE 的结果；SELECT 结果请用 table、csv、tsv、json 或 xlsx。")
    triples = [ox.Triple(*(_ox_term(t) for t in row)) for row in result.rows]
    rdf_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    kwargs = {"prefixes": dict(DEFAULT_PREFIXES)} if fmt == "ttl" else {}
    return ox.serialize(triples, format=rdf_format, **kwargs)


# --- xlsx ------------------------------------------------------------------------------------------------------
def _xlsx_value(term: Term | None):
    if term is None:
        return None
    value = term.python()
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > XLSX_MAX_CELL:
            value = value[: XLSX_MAX_CELL - len(CUT_NOTE)] + CUT_NOTE
    return value


def to_xlsx(result: QueryResult) -> bytes:
    """An Excel workbook: the result sheet (Chinese headings, widths, frozen heading row, filter) and a
    sheet recording the query, its parameters, when it ran and whether the row limit cut it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "结果"
    heading_font = Font(bold=True)
    heading_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    variables = ["结果"] if result.form == "ASK" else list(result.variables)
    ws.append([column_label(v) for v in variables] if result.form != "ASK" else ["结果"])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = heading_font, heading_fill, Alignment(vertical="center")
    widths = [_display_width(column_label(v)) for v in variables]
    rows = [[Term("literal", "是" if result.boolean else "否")]] if result.form == "ASK" else result.rows
    for r, row in enumerate(rows, start=2):
        for c, term in enumerate(row, start=1):
            value = _xlsx_value(term)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"   # never a formula, whatever the text starts with
                widths[c - 1] = max(widths[c - 1], min(_display_width(value), XLSX_MAX_WIDTH))
                cell.alignment = wrap if _display_width(value) > XLSX_MAX_WIDTH else top
            elif value is not None:
                widths[c - 1] = max(widths[c - 1], len(str(value)))
    for c, w in enumerate(widths, start=1):  # Excel's width unit is about one Latin character
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(w, XLSX_MAX_WIDTH) * 1.1 + 2)
    ws.freeze_panes = "A2"
    if result.rows and result.form != "ASK":
        ws.auto_filter.ref = f"A1:{get_column_letter(len(variables))}{len(result.rows) + 1}"

    info = wb.create_sheet("查询信息")
    params = "\n".join(f"{k} = {v}" for k, v in result.params.items()) or "（无）"
    cut = (f"是：结果超过 {result.limit} 行的上限，只保存了前 {result.limit} 行" if result.truncated
           else f"否（上限 {result.limit} 行）")
    facts = [
        ("查询", f"{result.name}：{result.title}" if result.name else "自定义 SPARQL 查询"),
        ("查询类型", result.form),
        ("运行时间", result.started.isoformat(timespec="seconds")),
        ("用时（毫秒）", result.elapsed_ms),
        ("行数", len(result.rows) if result.form != "ASK" else 1),
        ("是否截断", cut),
        ("数据来源", result.source),
        ("参数", params),
        ("列名对照", "\n".join(f"{column_label(v)} = ?{v}" for v in result.variables) or "（无）"),
        ("查询语句", result.query),
    ]
    info.append(["项目", "内容"])
    for cell in info[1]:
        cell.font, cell.fill = heading_font, heading_fill
    for key, value in facts:
        info.append([key, value])
        info.cell(row=info.max_row, column=2).alignment = wrap
        if isinstance(value, str):
            info.cell(row=info.max_row, column=2).data_type = "s"
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 100
    info.freeze_panes = "A2"
    wb.properties.title = result.title or "cdtkg 查询结果"
    wb.properties.creator = "cdtkg"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- dispatch ----------------------------------------------------------------------------------------------------
def result_bytes(result: QueryResult, fmt: str, labels: dict[str, str] | None = None) -> tuple[bytes, str]:
    """The result in format `fmt` as (bytes, MIME type); an unknown or unfitting format raises CdtkgError."""
    if fmt not in FORMATS and fmt != "jsonld":
        raise CdtkgError(f"未知的输出格式 {fmt!r}：可用 {'、'.join(FORMATS)}。")
    if fmt in GRAPH_ONLY or fmt == "jsonld":
        return to_rdf(result, fmt), MIME[fmt]
    if fmt == "table":
        return (render_table(result, labels) + "\n").encode("utf-8"), MIME["table"]
    if fmt == "csv":
        return to_delimited(result, ",", bom=True), MIME["csv"]
    if fmt == "tsv":
        return to_delimited(result, "\t", bom=False), MIME["tsv"]
    if fmt == "json":
        graph = result.form in ("CONSTRUCT", "DESCRIBE")
        return to_sparql_json(result), MIME["jsonld" if graph else "json"]
    return to_xlsx(result), MIME["xlsx"]


def write_result(result: QueryResult, fmt: str, output: Path | None, stdout, labels: dict[str, str] | None = None) -> None:
    """Write the result to `output` (a file) or to `stdout` (a text stream); xlsx needs a file."""
    data, _ = result_bytes(result, fmt, labels)
    if output is None:
        if fmt == "xlsx":
            raise CdtkgError("xlsx 是二进制文件，请用 -o 文件名.xlsx 指定输出文件。")
        text = data.decode("utf-8")
        stdout.write(text[1:] if text.startswith("\ufeff") else text)  # no byte-order mark on a terminal
        stdout.flush()
        return
    output = Path(output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(output)
    except OSError as e:
        raise CdtkgError(f"无法写入 {output}：{e.strerror or e}。请检查路径和写权限。") from e


def frame_result(frame, *, query_text: str = "", params: dict | None = None, title: str | None = None) -> QueryResult:
    """A pandas DataFrame (as a page shows it) as a QueryResult, so it exports like one."""
    variables = [str(c) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        row = []
        for v in values:
            if v is None or (isinstance(v, float) and v != v):
                row.append(None)
            elif isinstance(v, bool):
                row.append(Term("literal", "true" if v else "false", XSD_IRI + "boolean"))
            elif isinstance(v, int) or (hasattr(v, "dtype") and "int" in str(v.dtype)):
                row.append(Term("literal", str(int(v)), XSD_IRI + "integer"))
            elif isinstance(v, float):
                row.append(Term("literal", repr(v), XSD_IRI + "double"))
            else:
                row.append(Term("literal", str(v)))
        rows.append(row)
    return QueryResult(form="SELECT", variables=variables, rows=rows, query=query_text,
                       params={k: str(v) for k, v in (params or {}).items()}, title=title, source="cdtkg 探索界面")


def export_bytes(data, fmt: str, *, query_text: str = "", params: dict | None = None,
                 title: str | None = None) -> tuple[bytes, str]:
    """A QueryResult or a pandas DataFrame as (bytes, MIME type) in csv, tsv, json or xlsx."""
    result = data if isinstance(data, QueryResult) else frame_result(data, query_text=query_text, params=params,
                                                                      title=title)
    return result_bytes(result, fmt)
