"""One function per `cdtkg` subcommand: parse nothing, decide nothing, call the domain, print."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from loaders import build as graph_build


def _corpus(args) -> Path:
    return Path(args.corpus) if args.corpus else graph_build.DEFAULT_CORPUS


def _progress(items, total):
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="解析文档", unit="份", file=sys.stderr)


def _class_labels() -> dict[str, str]:
    from rdflib import RDFS, Graph

    g = Graph()
    if graph_build.ONTOLOGY.is_file():
        g.parse(graph_build.ONTOLOGY)
    return {str(s): str(o) for s, o in g.subject_objects(RDFS.label) if getattr(o, "language", None) == "zh"}


def _print_counts(summary) -> None:
    labels = _class_labels()
    rows = [(labels.get(c, ""), c.split("#")[-1].split("/")[-1], n) for c, n in summary.classes.items()
            if c.startswith(("https://w3id.org/cdtkg/", "http://xmlns.com/foaf/", "http://www.w3.org/2004/02/skos/"))]
    width = max((len(r[1]) for r in rows), default=10)
    for zh, name, n in sorted(rows, key=lambda r: -r[2]):
        print(f"  {name:<{width}}  {n:>6}  {zh}")
    print(f"  {'三元组 triples':<{width}}  {summary.triples:>6}")


def cmd_build(args) -> int:
    summary = graph_build.build(_corpus(args), force=args.force, progress=_progress)
    if args.json:
        from dataclasses import asdict

        print(json.dumps(asdict(summary), ensure_ascii=False, indent=2))
        return 0
    state = "未变化，沿用上次构建" if summary.reused else "构建完成"
    print(f"{state}（{summary.seconds:.2f} 秒）：{len(summary.documents)} 份文档，{summary.triples} 个三元组")
    _print_counts(summary)
    warnings = [p for p in summary.problems if p["severity"] == "warning"]
    if warnings:
        print(f"解析警告 {len(warnings)} 条（`cdtkg validate` 查看）")
    if summary.validation.get("warnings"):
        print(f"校验警告 {summary.validation['warnings']} 条（`cdtkg validate` 查看）")
    return 0


def cmd_stats(args) -> int:
    summary = graph_build.build(_corpus(args))
    if args.json:
        print(json.dumps({"triples": summary.triples, "classes": summary.classes,
                          "documents": summary.documents}, ensure_ascii=False, indent=2))
    else:
        _print_counts(summary)
    return 0


def cmd_validate(args) -> int:
    from loaders.corpus_validation import validate_corpus

    report = validate_corpus(_corpus(args))
    print(report.to_json() if args.json else report.render_text())
    return 0 if report.conforms else 1


def cmd_export(args) -> int:
    from loaders.export import export_graph

    n = export_graph(args.output, _corpus(args))
    print(f"已导出 {n} 个三元组到 {args.output}")
    return 0


def cmd_add(args) -> int:
    from loaders.corpus_add import add_document

    entry = add_document(_corpus(args), args.file, args.kind, args.title, args.number,
                         args.plan_number, args.status)
    print(f"已加入语料：{entry.file}（{entry.kind}，{entry.title}）；运行 `cdtkg build` 纳入图谱。")
    return 0


def cmd_bench(args) -> int:
    from .bench import run_bench

    return run_bench(_corpus(args), args)
