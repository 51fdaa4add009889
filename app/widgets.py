"""The explorer's shared building blocks: page addresses and links, query-string state,
tables with downloads, plain-word errors, empty states, highlighted differences.

Nothing here knows the domain: pages pass in what queries/ returned.
"""
from __future__ import annotations

import difflib
import html
import json
import re
import weakref
from contextlib import contextmanager
from typing import Callable, Iterable
from urllib.parse import parse_qs, urlencode

import pandas as pd
import streamlit as st

from loaders.problems import CdtkgError
from queries.result_formats import column_label, iris_of, labelled_rows

from app import resources

# Page name → title. The url path is the name; the page is pages/<name>.py beside app/explorer.py.
PAGES: dict[str, str] = {
    "overview": "总览",
    "framework": "标准体系",
    "gaps": "差距分析",
    "terms": "术语",
    "standards": "标准与引用",
    "maturity": "成熟度模型",
    "reference_model": "参考模型",
    "search": "搜索",
    "ask": "问答",
    "sparql": "SPARQL",
    "changes": "变更",
    "draft_check": "检查草案",
    "resource": "资源",
}


def page_file(page: str) -> str:
    """Return the file of `page`, relative to app/explorer.py."""
    return f"pages/{page}.py"

# The colours of the gap verdicts of queries/gap_analysis.rq, shared by every chart.
VERDICT_COLORS = {"已覆盖": "#2e7d32", "部分覆盖": "#f9a825", "缺口": "#c62828", "遵循外部标准": "#78909c",
                  "见下级": "#cfd8dc"}


# --- addresses --------------------------------------------------------------------------
def url(page: str, **params) -> str:
    """Return the relative address of `page` with `params` in its query string (for tables and Markdown)."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return page + (f"?{urlencode(clean)}" if clean else "")


MODEL_ELEMENT_CLASSES = {"ModelElement", "Layer", "SupportSystem", "Component", "Perspective", "Aggregate"}


def target_of(cls: str, label: str, notation: str | None = None) -> tuple[str, dict] | None:
    """Return the page (and its parameters) showing a resource of vocabulary class `cls`
    (local name), or None when no page shows that kind."""
    if cls == "CapabilityItem":
        return "maturity", {"view": "能力项", "item": label}
    if cls in MODEL_ELEMENT_CLASSES:
        return "reference_model", {"element": label}
    if cls in ("FrameworkNode", "Part") and notation:
        return "framework", {"node": notation}
    if cls == "Concept":
        return "terms", {"term": label}
    return None


def matches(df: pd.DataFrame) -> None:
    """Show the rows of queries/app_matches.rq: each aligned notion as a link (to its resource page when no
    page shows its kind), with why it matches."""
    for _, m in df.iterrows():
        notation = m["notation"] if isinstance(m["notation"], str) and m["notation"] else ""
        name = f"【{m['kind']}】{notation + ' ' if notation else ''}{m['label']}（{m['relation']}）"
        target = target_of(m["class"], m["label"], notation) or ("resource", {"iri": m["match"]})
        link(target[0], name, **target[1])
        if isinstance(m["rationale"], str) and m["rationale"]:
            st.caption(f"{'人工整理' if m['method'] == 'curated' else '自动对齐'}：{m['rationale']}")


def page_for(rows: list[dict]) -> tuple[str, dict] | None:
    """Return the page (and its parameters) that shows a resource, from the resource's rows of
    queries/app_resource_link.rq (one per class), or None when no page shows it."""
    if not rows:
        return None
    r = {k: (None if isinstance(v, float) and v != v else v) for k, v in rows[0].items()}  # NaN → None
    classes = {str(x["class"]).rsplit("#", 1)[-1] for x in rows}
    if r.get("concept"):
        return "terms", {"term": r["concept"]}
    if r.get("node"):
        return "framework", {"node": r["node"]}
    if r.get("item"):
        return "maturity", {"view": "能力项", "item": r["item"]}
    if r.get("element"):
        return "reference_model", {"element": r["element"]}
    if classes & {"Standard", "TechnicalDocument", "PolicyDocument", "Guideline", "Document"} and not r.get("clauseNumber"):
        if r.get("number") or r.get("label"):
            return "standards", {"view": "标准", "standard": r.get("number") or r["label"]}
    if r.get("clauseNumber") and r.get("documentDesignation"):
        return "standards", {"view": "文件", "document": r["documentDesignation"], "clause": r["clauseNumber"]}
    return None


def here(page: str | None = None) -> str:
    """Return the name of the page this run shows; with `page`, record it (explorer.py does, once a run)."""
    if page is not None:
        st.session_state["_cdtkg_page"] = page
        st.session_state["_cdtkg_links"] = {}
    return st.session_state.get("_cdtkg_page", "")


def _show_view(params: dict) -> None:
    """Show another view of the page shown: its parameters in the address (a new entry in the browser's
    history), checked by the browser once drawn (`arrived`)."""
    st.query_params.from_dict(params)
    st.session_state[_WENT] = (here(), dict(params))


def link(page: str, label: str, **params) -> None:
    """Show a link to a view of the explorer (opening in the same tab), carrying `params` in the
    query string. A link to another view of the page shown is a link-styled button that sets
    the address: Streamlit's own page link would show the view but leave the address bar (and
    so Back and a copied address) at the view before."""
    clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
    if page != here():
        st.page_link(page_file(page), label=label, query_params=clean or None)
        return
    seen = st.session_state.setdefault("_cdtkg_links", {})
    base = f"link-{urlencode(sorted(clean.items()))}-{label}"
    seen[base] = seen.get(base, 0) + 1
    st.button(label, key=f"{base}-{seen[base]}", type="tertiary", on_click=_show_view, args=(clean,),
              help=None)


def go(page: str, **params) -> None:
    """Switch to a view now, carrying `params`: one new entry in the browser's history.

    st.switch_page with parameters first writes them to the address of the page being left,
    leaving a history entry that Back opens as a wrong view; so the browser is sent to the
    address itself, and Streamlit follows it as it follows Back and Forward."""
    clean = {k: str(v) for k, v in params.items() if v not in (None, "")}
    if page == here():
        _show_view(clean)
        st.rerun()
    if st.runtime.exists():
        from streamlit.components.v1 import html as script

        address = json.dumps(url(page, **clean))
        st.session_state[_WENT] = (page, clean)
        script(f"<script>const a = new URL({address}, parent.location.href);"
               "parent.history.pushState({}, '', a);"
               "parent.dispatchEvent(new PopStateEvent('popstate', {state: {}}));</script>", height=0)
        st.stop()
    st.switch_page(page_file(page), query_params=clean or None)


# The view a link or `go` sent the browser to, until the run that draws it has ended.
_WENT = "_cdtkg_went"
# In the browser: whether the address still shows the view just drawn (path and parameters in any order and
# spelling); if not — Back was pressed while it was being drawn, and the browser's request for the view Back
# returned to did not reach a run — ask for the view the address shows, as Back itself does.
_STILL_HERE = """<script>
const want = new URL(%s, parent.location.href), at = new URL(parent.location.href);
const view = u => u.pathname.replace(/\\/+$/, '') + '?' + [...u.searchParams].map(p => p.join('=')).sort().join('&');
if (view(want) !== view(at)) parent.dispatchEvent(new PopStateEvent('popstate', {state: {}}));
</script>"""


def arrived() -> None:
    """End a run (explorer.py calls it after the page): when the run drew the view a link or `go` sent the
    browser to, have the browser check that its address still shows that view, and draw the one it shows if
    not.

    Back pressed while the view opened was being drawn once left that view drawn under the address Back
    returned to: the browser had asked for the earlier view, but the view opened was what the page showed.
    The check runs in the browser once, after the run that draws a view a click opened; every other run
    draws nothing."""
    went = st.session_state.pop(_WENT, None)
    if not went or not st.runtime.exists() or not _showing(went):
        return                                  # another view was asked for meanwhile: it is the one drawn
    from streamlit.components.v1 import html as script

    script(_STILL_HERE % json.dumps(url(went[0], **went[1])), height=0)


def scroll_to(selector: str) -> None:
    """Scroll the page so that the first element matching the CSS `selector` is in view (a search hit
    arriving from the search page); nothing when there is no browser."""
    if st.runtime.exists():
        from streamlit.components.v1 import html as script

        target = json.dumps(selector)
        script(f"<script>const el = parent.document.querySelector({target});"
               "if (el) el.scrollIntoView({block: 'center'});</script>", height=0)


# --- state in the query string ---------------------------------------------------------------
def from_url(key: str, param: str | None = None, default: str = "", cast=None) -> bool:
    """Seed the widget state `key` from the query-string parameter `param` whenever the
    address changed it (a shared link, a link from another page, Back), so the widget shows
    it (read by `cast`, e.g. int, where the widget holds no text; the default when that fails);
    return whether it did."""
    param = param or key
    value = st.query_params.get(param, default)
    seen = f"_url_{key}"
    # Streamlit forgets a widget's state once a run does not draw it (another page, another
    # view): seed it again then, or Back and a view switch show an empty widget.
    if key not in st.session_state or st.session_state.get(seen) != value:
        if cast:
            try:
                value = cast(value)
            except ValueError:
                value = cast(default)
        st.session_state[key] = value
        st.session_state[seen] = st.query_params.get(param, default)
        return True
    return False


def url_text(label: str, key: str, param: str, placeholder: str) -> str:
    """Draw a text input under `key` kept in step with the query-string parameter `param` (a link
    fills it, typing changes the address); return its text without surrounding spaces."""
    from_url(key, param)
    return st.text_input(label, key=key, placeholder=placeholder, on_change=to_url, args=(key, param)).strip()


def url_toggle(label: str, key: str, param: str) -> bool:
    """Draw a toggle under `key` kept in step with the query-string parameter `param` (`1` when on), so
    that what it shows is part of the view's address; return whether it is on."""
    value = st.query_params.get(param, "")
    if key not in st.session_state or st.session_state.get(f"_url_{key}") != value:
        st.session_state[key] = value == "1"
        st.session_state[f"_url_{key}"] = value
    return st.toggle(label, key=key, on_change=lambda: put(param, "1" if st.session_state.get(key) else "", key=key))


def to_url(key: str, param: str | None = None) -> None:
    """Write the widget state `key` back to the query string (empty values are dropped)."""
    put(param or key, st.session_state.get(key), key=key)


def put(param: str, value, key: str | None = None) -> None:
    """Write `value` to the query-string parameter `param` (dropping it when empty), and remember
    it as what the widget `key` was seeded from, so that the next run keeps what the user typed."""
    value = "" if value is None else str(value)
    if value:
        if st.query_params.get(param) != value:
            st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]
    if key:
        st.session_state[f"_url_{key}"] = value


def choose(options: list[str], key: str, default: str = "") -> None:
    """Make sure the state of a select widget `key` is one of `options` (a stale link falls back)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)


# --- errors and empty states ---------------------------------------------------------------------
@contextmanager
def plain_errors(what: str = ""):
    """Show an error a user can cause (CdtkgError) in plain words instead of a traceback,
    and let the rest of the page render."""
    try:
        yield
    except CdtkgError as e:
        st.error(f"{what}：{e}" if what else str(e), icon=":material/warning:")


def empty(message: str, elsewhere: tuple[str, str, dict] | None = None) -> None:
    """Say that there is nothing to show, and what to do about it; with `elsewhere` (page, label,
    parameters), a link to the view to try instead, opening in the same tab (a Markdown link would
    open a new tab, a new session)."""
    st.info(message, icon=":material/info:")
    if elsewhere:
        link(elsewhere[0], elsewhere[1], **elsewhere[2])


@contextmanager
def fold(label: str, key: str, expanded: bool = False):
    """Draw a folded section titled `label`; yield whether it is open, its contents being drawn only then
    (a closed section's contents are elements the browser draws on every visit for nothing). The
    section remembers being opened or closed under `key`."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    if not box.open:
        yield False
        return
    with box:
        yield True


def url_tabs(labels: list[str], key: str, param: str, default: str = "") -> list:
    """Draw tabs titled `labels`, the one chosen kept in the address's `param` (`default`, or the first,
    when it names none); return the tab containers, whose `.open` says which one is shown: only its
    contents need drawing."""
    default = default or labels[0]
    from_url(key, param, default)
    choose(labels, key, default)
    return st.tabs(labels, key=key, on_change=to_url, args=(key, param))


# --- page frames --------------------------------------------------------------------------------------
def page(title: str, query: str, missing: str, body: Callable[[pd.DataFrame], None], caption: str = "") -> None:
    """Draw a page headed `title` (and `caption`) that shows the rows of the named query `query` by
    `body`; say `missing` instead when the graph holds none, and a user's error in plain words."""
    st.title(title)
    if caption:
        st.caption(caption)
    with plain_errors():
        rows = resources.named(query)
        if rows.empty:
            empty(missing)
            return
        body(rows)


def tree_and_detail(rows: pd.DataFrame, column: str, param: str, tree: Callable[[], None],
                    detail: Callable[[pd.Series], None], hint: str, unknown: str) -> None:
    """Draw a browsing tree of `rows` on the left and, on the right, the `detail` of the row whose
    `column` the address's `param` names; `hint` says how to choose one while none is chosen, and
    `unknown` (formatted with the name) that no row has that name."""
    chosen = st.query_params.get(param, "")
    left, right = st.columns([2, 3])
    with left:
        tree()
    with right:
        found = rows[rows[column] == chosen]
        if not chosen:
            empty(hint)
        elif found.empty:
            empty(unknown.format(chosen))
        else:
            detail(found.iloc[0])


# --- tables ------------------------------------------------------------------------------------------
def column_labels(columns: Iterable[str]) -> dict[str, str]:
    """Return the Chinese heading of each result column (from queries/result_formats.py)."""
    return {c: column_label(c) for c in columns}


def target_from_url(address: str) -> tuple[str, dict] | None:
    """Return the page and parameters of an address made by `url` (None for an empty cell)."""
    if not isinstance(address, str) or not address:
        return None
    page, _, query = address.split("#", 1)[0].partition("?")
    return page, {k: v[0] for k, v in parse_qs(query).items()}


def table(df: pd.DataFrame, *, key: str, links: dict[str, str] | None = None, hide: Iterable[str] = (),
          height: int | str = "auto", targets: dict[str, list] | None = None, pin: Iterable[str] = (),
          widths: dict[str, str | int] | None = None, row_height: int | None = None,
          unpinned: Iterable[str] = ()) -> pd.DataFrame:
    """Show a result table with Chinese headings, full width, unbound cells empty; return the
    frame as shown (Chinese headings), for downloads.

    `links` maps a column holding addresses (see `with_link`) to the column whose text it
    shows; `targets` maps a column to the page (and parameters) of each row, as a list or a function
    of the row number. A click on a cell
    of such a column opens that page in the same tab (a link column would open a new tab, a
    new session). A cell naming several things has as its target a list of (name, page and parameters):
    a click on it lists each name under the table as a link to its own page. `pin` keeps key columns in
    view when the table scrolls sideways, as are the columns whose cells open a page, but those `unpinned`
    (a pinned column is drawn before every column that is not); `widths` gives columns their width ("small",
    "medium", "large" or pixels) and `row_height` the rows theirs, in which the text then wraps
    (`wrapped_row_height`)."""
    hide = set(hide)
    targets = dict(targets or {})
    for link_col, text_col in (links or {}).items():
        targets[text_col] = [target_from_url(a) for a in df[link_col]]
        hide.add(link_col)
    shown = df[[c for c in df.columns if c not in hide]].copy()
    targets = {c: t for c, t in targets.items() if c in shown.columns}
    for c in shown.columns:  # an unbound value is shown empty, not as None or nan
        if shown[c].dtype == object or shown[c].isna().any():
            shown[c] = shown[c].astype(object).where(shown[c].notna(), "")
    labels = column_labels(shown.columns)
    config: dict = {}
    for c in shown.columns:
        opts = {}
        several = c in targets and _several(targets[c])
        if c in targets:
            opts["help"] = "点击单元格，在表格下方列出其中各项的链接" if several else "点击单元格打开它的页面"
        # a long list of names pinned would hide the rest
        if c in set(pin) or c in targets and not several and c not in set(unpinned):
            opts["pinned"] = True
            opts["width"] = _key_width([labels[c] + " ›", *shown[c]])
        if widths and c in widths:
            opts["width"] = widths[c]
        if opts:
            heading = labels[c] + (" ›" if c in targets else "")
            config[heading] = st.column_config.TextColumn(heading, **opts)
            labels[c] = heading
    shown = shown.rename(columns=labels)
    kwargs = dict(hide_index=True, width="stretch", column_config=config or None, key=key)
    if height != "auto":
        kwargs["height"] = height
    if row_height:
        kwargs["row_height"] = row_height
    if not targets:
        st.dataframe(shown, **kwargs)
        return shown
    event = st.dataframe(shown, on_select="rerun", selection_mode="single-cell", **kwargs)
    cells = (event.selection.get("cells") if event is not None else None) or []
    by_heading = {labels[c]: c for c in targets}
    # The cell whose page this table last opened. Back, pressed before the page opened had finished running,
    # sends the browser's selection of the page left along with the address of it: followed again, it
    # would open the page just left instead of the one Back returns to.
    followed = st.session_state.setdefault("_cdtkg_followed", {})
    if not cells:
        followed.pop(key, None)
    for row, column in cells:
        if followed.get(key) == (row, column):
            continue
        if column in by_heading and 0 <= row < len(shown):
            known = targets[by_heading[column]]
            target = known(row) if callable(known) else known[row]
            if isinstance(target, list):
                named = [(name, t) for name, t in target if t]
                if len(named) == 1:
                    target = named[0][1]
                else:
                    _cell_names(column.removesuffix(" ›"), row, named)
                    continue
            if target and not _showing(target):
                followed[key] = (row, column)
                go(target[0], **target[1])
    return shown


# The widest a key column is made: a longer name is cut there rather than pushing the other columns out of view.
KEY_MAX_PX = 200
NARROW = set(" .,:;·-/()[]|'!il1")


def _text_px(value) -> int:
    """Return the width in pixels of `value` in the grid's 14 px font: a Han character 14 px, a dot or space 4,
    others at most 8."""
    return sum(14 if ord(ch) > 0x2E7F else 4 if ch in NARROW else 8 for ch in text(value))


def _key_width(values) -> int:
    """Return the width in pixels of a key column holding `values` (its heading and cells): each value whole,
    or KEY_MAX_PX. The grid sized a column by its first rows only, cutting a deeper notation further down to
    "B.2.1.1.", and a long title took half the table at 1024 px."""
    # cell padding and menu 28
    widest = max((_text_px(v) for v in values), default=0) + 28
    return min(widest, KEY_MAX_PX)


# A grid row of wrapped text: 20 px a line and 14 px of padding; the grid wraps a cell's text only in rows
# taller than one line.
LINE_PX, ROW_PADDING_PX = 20, 14


def wrapped_row_height(columns: dict[int, Iterable], max_lines: int = 8) -> int:
    """Return the height of the rows of a table whose cells wrap: `columns` maps the width in pixels of each
    column of long text to its values; the rows are as high as the longest value needs (at most `max_lines`
    lines: a longer one is read whole on its own page)."""
    lines = 1
    for width, values in columns.items():
        # a line holds as many 14 px characters as the cell leaves room for (28 px of padding); counted all as
        # wide as a Han character, since a line breaks early before a closing mark or within a word
        per_line = max(1, (width - 28) // 14)
        for v in values:
            lines = max(lines, -(-len(text(v)) // per_line))
    return min(lines, max_lines) * LINE_PX + ROW_PADDING_PX


def _showing(target: tuple[str, dict]) -> bool:
    """Whether `target` is the view shown (its cell, still selected, must not open it again and again)."""
    page, params = target
    return page == here() and {k: str(v) for k, v in params.items()} == st.query_params.to_dict()


def _several(known) -> bool:
    """Whether a column's targets (a list, or a function of the row) name several things in a cell."""
    return not callable(known) and any(isinstance(t, list) and len(t) > 1 for t in known)


def _cell_names(heading: str, row: int, named: list[tuple[str, tuple[str, dict]]]) -> None:
    """List the names of the clicked cell (column `heading`, row `row`), each a link to its page."""
    with st.container(border=True):
        st.caption(f"第 {row + 1} 行“{heading}”中的 {len(named)} 项，点击打开它的页面：")
        for name, (page, params) in named:
            link(page, name, **params)


def with_link(df: pd.DataFrame, column: str, page: str, param: str, value_column: str | None = None,
              **extra) -> pd.DataFrame:
    """Return `df` with a column `column + '_link'` addressing `page` with `param` taken from
    `value_column` (default: `column`) and the fixed parameters `extra`; show it with
    table(links={column+'_link': column})."""
    source = value_column or column
    out = df.copy()
    out[column + "_link"] = [
        f"{url(page, **extra, **{param: v})}#{t}" if v not in (None, "") and not pd.isna(v) else None
        for v, t in zip(out[source], out[column])
    ]
    cols = list(out.columns)
    cols.insert(cols.index(column), cols.pop())
    return out[cols]


def downloads(df: pd.DataFrame, name: str, *, key: str, query: str = "", filters: dict | None = None,
              formats: Iterable[str] = ("csv", "xlsx", "json")) -> None:
    """Offer `df` — the rows shown, with the headings shown — as files named `name` (CSV with a
    byte-order mark for Excel; xlsx with a provenance sheet naming the named query `query` that
    gave the rows, the `filters` that chose them, the build and the time). Each file is written
    when its button is pressed, not on every run of the page."""
    from functools import partial

    from queries.result_formats import MIME

    df = df.rename(columns=lambda c: str(c).removesuffix(" ›"))
    cols = st.columns(len(list(formats)))
    for col, fmt in zip(cols, formats):
        col.download_button(f"下载 {fmt.upper()}", data=partial(_table_file, df, fmt, query, dict(filters or {})),
                            file_name=f"{name}.{fmt}", mime=MIME[fmt], key=f"{key}-{fmt}", width="stretch",
                            on_click="ignore")


def _table_file(df: pd.DataFrame, fmt: str, query: str, filters: dict) -> bytes:
    """Return the file of `downloads`: `df` in `fmt` with its provenance."""
    from queries.result_formats import export_bytes, frame_result

    result = frame_result(df, query_text=resources_query_text(query), params=filters)
    if query:
        from queries.library import named_query

        result.name, result.title = query, named_query(query).title_zh
    result.elapsed_ms = float(df.attrs.get("elapsed_ms", 0.0)) or result.elapsed_ms
    result.source = build_source()
    return export_bytes(result, fmt)[0]


def resources_query_text(name: str) -> str:
    """Return the SPARQL text of the named query `name` ('' for none)."""
    if not name:
        return ""
    from queries.library import named_query

    return named_query(name).text


def build_source() -> str:
    """Return where the explorer's data comes from: the corpus and the time of its build."""
    from datetime import datetime
    from pathlib import Path

    info = resources.build_info()
    when = datetime.fromtimestamp(info.get("built_at") or 0).strftime("%Y-%m-%d %H:%M:%S")
    return f"cdtkg 探索界面 · 语料 {Path(info.get('corpus', '')).name} · 构建于 {when}（{info.get('fingerprint', '')[:12]}）"


def result_downloads(result, name: str, *, key: str, shown: pd.DataFrame | None = None,
                     formats: Iterable[str] = ("csv", "xlsx", "json")) -> None:
    """Offer a runner QueryResult as files: CSV and xlsx hold the table `shown` on screen (its
    headings, names or IRIs as chosen) with the query, its parameters, the build and the time on
    the xlsx's second sheet; JSON is SPARQL JSON results (JSON-LD for a graph). Each file is written
    when its button is pressed."""
    from functools import partial

    from queries.result_formats import MIME

    graph = result.form in ("CONSTRUCT", "DESCRIBE")
    formats = list(formats)
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats):
        ext = "jsonld" if fmt == "json" and graph else fmt
        col.download_button(f"下载 {fmt.upper()}", data=partial(_result_file, result, fmt, shown),
                            file_name=f"{name}.{ext}", mime=MIME["jsonld" if fmt == "json" and graph else fmt],
                            key=f"{key}-{fmt}", width="stretch", on_click="ignore")


def _result_file(result, fmt: str, shown: pd.DataFrame | None) -> bytes:
    """Return the file of `result_downloads`."""
    from dataclasses import replace

    from queries.result_formats import export_bytes, frame_result

    data = result
    if fmt in ("csv", "xlsx") and shown is not None and result.form == "SELECT":
        screen = frame_result(shown)
        data = replace(result, variables=screen.variables, rows=screen.rows)
    return export_bytes(data, fmt)[0]


# --- charts ---------------------------------------------------------------------------------------------------
CHART_FONT = "Noto Sans CJK SC"
CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def chart_image(chart, fmt: str) -> bytes:
    """Return the Altair `chart` drawn as a PNG (twice the screen's resolution) or an SVG file, on the
    server by vl-convert with the machine's Chinese font, so no request leaves the network. A chart
    sized to its container on screen is drawn 800 px wide."""
    import vl_convert as vlc

    spec = chart.to_dict()
    if spec.get("width") == "container" or "width" not in spec and not ({"hconcat", "vconcat", "concat"} & set(spec)):
        spec["width"] = 800
    config = spec.setdefault("config", {})
    config.setdefault("font", CHART_FONT)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    raise ValueError(f"不支持的图表格式：{fmt}")


# The Vega-Lite specs of the charts a page keeps from run to run (see `kept`), by the chart's id.
_SPECS: dict[int, dict] = {}


def kept(chart_):
    """Return `chart_` marked as one a cached loader keeps and shows again on each run: `chart` converts it
    to Vega-Lite once, not on every run (Altair's validation and the Arrow copy of its data take longer than
    the rest of a page's run)."""
    object.__setattr__(chart_, "_cdtkg_kept", True)
    return chart_


def _spec(chart_) -> dict:
    """Return the Vega-Lite spec Streamlit draws for the Altair `chart_`, its data as Arrow datasets."""
    import altair as alt
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    if chart_.autosize is alt.Undefined:
        # Streamlit's default ("fit") squeezes the legend and the axis titles into the height given, packing
        # a chart's rows together until their labels overlap: the height given is the plot's
        chart_ = chart_.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return _convert_altair_to_vega_lite_spec(chart_)


def chart(chart_, name: str, *, key: str, **kwargs):
    """Show an Altair chart with buttons that download it as PNG and SVG, named `name`; return what
    st.altair_chart returns (the selection, for a chart with `on_select`). The image is drawn only
    when a button is pressed."""
    from functools import partial

    spec = _SPECS.get(id(chart_))
    if spec is None:
        spec = _spec(chart_)
        if getattr(chart_, "_cdtkg_kept", False):
            _SPECS[id(chart_)] = spec
            weakref.finalize(chart_, _SPECS.pop, id(chart_), None)
    # the spec is copied: Streamlit moves its datasets out of it
    event = st.vega_lite_chart(spec={**spec, "datasets": dict(spec["datasets"])}, key=key, **kwargs)
    # side by side, each as wide as its label: in columns a half-width chart cut them to “下载图 …”
    with st.container(horizontal=True):
        for fmt, mime in CHART_FORMATS.items():
            st.download_button(f"下载图 {fmt.upper()}", data=partial(chart_image, chart_, fmt), file_name=f"{name}.{fmt}",
                               mime=mime, key=f"{key}-{fmt}", on_click="ignore", type="tertiary",
                               icon=":material/download:", width="content")
    return event


# --- text ---------------------------------------------------------------------------------------------------
def text(value) -> str:
    """Return a cell as text: '' for an unbound value (None, NaN), never "None" or "nan"."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def marked_diff(a: str, b: str) -> tuple[str, str]:
    """Return `a` and `b` as HTML with the characters that differ between them marked."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = html.escape(a[i1:i2]), html.escape(b[j1:j2])
        if op == "equal":
            left.append(x)
            right.append(y)
        else:
            if x:
                left.append(f"<mark>{x}</mark>")
            if y:
                right.append(f"<mark>{y}</mark>")
    return "".join(left), "".join(right)


def highlighted(text_: str, words: str) -> str:
    """Return `text_` as HTML, escaped, with each of the space-separated `words` it contains marked."""
    out = html.escape(text_ or "")
    for w in sorted({w for w in (words or "").split() if w}, key=len, reverse=True):
        out = out.replace(html.escape(w), f"<mark>{html.escape(w)}</mark>")
    return out


# A word search marked in a snippet (`**城市**`), the word its group.
MARKED = re.compile(r"\*\*(.+?)\*\*")


def bold_marks(snippet: str) -> str:
    """Return a search snippet whose **marked** words are HTML <mark>, the rest escaped."""
    parts = MARKED.split(snippet or "")
    return "".join(f"<mark>{html.escape(p)}</mark>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def result_frame(result, labels: bool = True) -> tuple[pd.DataFrame, dict]:
    """Return a runner QueryResult as a DataFrame headed by its variables, each IRI shown by its
    name (`labels`) or in full, and the targets of its IRI columns for widgets.table: per column,
    a function from a row number to the page showing that row's resource (or None)."""
    if labels:
        rows = labelled_rows(result, resources.graph().labels(iris_of(result)))
    else:
        rows = [[None if t is None else t.value if t.kind == "uri" else t.python() for t in row] for row in result.rows]
    df = pd.DataFrame(rows, columns=list(result.variables), dtype=object)
    for c in df.columns:  # a column mixing numbers and text is text (Arrow refuses mixed columns)
        kinds = {type(v) for v in df[c] if v is not None}
        if len(kinds) > 1:
            df[c] = [None if v is None else str(v) for v in df[c]]
    targets = {}
    for i, v in enumerate(result.variables):
        if any(row[i] is not None and row[i].kind == "uri" for row in result.rows):
            targets[v] = (lambda n, i=i: page_of(result.rows[n][i].value)
                          if result.rows[n][i] is not None and result.rows[n][i].kind == "uri" else None)
    return df, targets


def page_of(iri: str) -> tuple[str, dict] | None:
    """Return the explorer page (and its parameters) that shows the resource `iri`: the page of its
    kind where there is one, else its resource page."""
    rows = resources.named("app_resource_link", resource=iri)
    return page_for(rows.to_dict("records")) or ("resource", {"iri": iri})
