"""The shape of the code: three floors (app → queries → loaders) with no arrow back up, and no
import circle — counting imports inside functions, so none can hide a circle."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "loaders", "queries")
FLOOR = {"loaders": 0, "queries": 1, "app": 2}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every project module `name` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _is_package_init(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").is_file()


def test_no_module_imports_one_that_imports_it_back():
    graph = _graph()
    # A package's __init__ re-exporting its submodules is not a circle of code: drop those edges.
    graph = {m: {t for t in ts if not (_is_package_init(t) and m.startswith(t + "."))} for m, ts in graph.items()}
    assert _circles(graph) == []


def test_no_floor_imports_a_floor_above_it():
    upward = sorted((m, t) for m, ts in _graph().items() for t in ts
                    if FLOOR[t.split(".")[0]] > FLOOR[m.split(".")[0]])
    assert upward == []


def test_the_graph_is_read_through_one_front_door():
    """Nothing outside queries/graph.py and queries/runner.py runs SPARQL on a store itself, except
    the build (loaders/), which makes the graph, and the benchmark that times the engines themselves."""
    direct = re.compile(r"\.query\(")
    allowed = ("graph.py", "runner.py", "benchmark.py")
    offenders = [str(p.relative_to(ROOT)) for pkg in ("app", "queries") for p in (ROOT / pkg).rglob("*.py")
                 if p.name not in allowed and direct.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_file_the_readme_names_exists():
    """The README's account of the code names real modules and folders (a rename must update it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {p for p in re.findall(r"`((?:app|loaders|queries|ontology|tests|corpus)/[^`\s]*)`", readme)
             if not re.search(r"<|\b[A-Z]{3,}\b", p)}          # not a pattern like queries/NAME.rq
    assert len(named) > 10
    missing = sorted(p for p in named if not list(ROOT.glob(p.rstrip("/"))))
    assert missing == []


def test_namespaces_are_written_only_in_the_vocabulary():
    """A namespace IRI in Python code comes from loaders/vocab.py (SPARQL text declares its own PREFIX lines;
    XSD datatype IRIs are left out: they name a datatype, not our vocabulary)."""
    written = re.compile(r"[\"'](?:https://w3id\.org/cdtkg/|http://www\.w3\.org/(?:2004/02/skos/|1999/02/22-rdf-syntax-ns#"
                         r"|2000/01/rdf-schema#|2002/07/owl#|ns/shacl#)|http://purl\.org/dc/terms/|http://xmlns\.com/foaf/)")
    offenders = sorted(f"{p.relative_to(ROOT)}:{n}" for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
                       if p.name != "vocab.py"
                       for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if written.search(line))
    assert offenders == []
