"""Export the built graph, with the ontology, to a file whose suffix names the format."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .build import DEFAULT_CORPUS, load_store
from .problems import CdtkgError, os_error_reason, os_failure
from .vocab import PREFIXES

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
# No prefix for resources: their IRIs hold percent-escapes, which as prefixed
# names need backslash escapes that several Turtle readers (rdflib's) reject.


def export_graph(out: Path, corpus: Path = DEFAULT_CORPUS) -> int:
    """Write the graph and ontology to `out` (.ttl .nt .jsonld .rdf); returns the triple count."""
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise CdtkgError(f"不支持的导出格式 {out.suffix or '（无后缀）'}：请用 {' '.join(FORMATS)} 之一作为文件后缀。")
    store = load_store(corpus)  # the build already contains the ontology
    tmp = out.with_name(out.name + ".tmp")
    kwargs = {"prefixes": {p: ns for p, ns in PREFIXES.items() if p != "cdtr"}} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
    try:
        store.dump(str(tmp), format=fmt, from_graph=ox.DefaultGraph(), **kwargs)
        tmp.replace(out)
    except OSError as e:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise os_failure(f"无法写入 {out}（{os_error_reason(e)}）：请检查路径、写权限和磁盘空间。", e) from e
    return len(store)
