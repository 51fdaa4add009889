"""One function per `cdtkg` subcommand: parse nothing, decide nothing, call the domain, print."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from loaders import locations
from loaders.build_counts import CORPUS_WIDE, build_counts

from .progress import built, indexed, step


def _corpus(args) -> Path:
    return Path(args.corpus) if args.corpus else locations.DEFAULT_CORPUS


def _class_labels() -> dict[str, str]:
    from rdflib import RDFS, Graph

    g = Graph()
    if locations.ONTOLOGY.is_file():
        g.parse(locations.ONTOLOGY)
    return {str(s): str(o) for s, o in g.subject_objects(RDFS.label) if getattr(o, "language", None) == "zh"}


def _print_counts(summary) -> None:
    from loaders.vocab import PREFIXES

    labels = _class_labels()
    shown = {ns: prefix for prefix, ns in PREFIXES.items() if prefix in ("cdt", "skos", "foaf")}
    rows = [(labels.get(c, ""), f"{shown[ns]}:{c[len(ns):]}", n) for c, n in summary.classes.items()
            for ns in shown if c.startswith(ns)]
    width = max((len(r[1]) for r in rows), default=10)
    for zh, name, n in sorted(rows, key=lambda r: -r[2]):
        print(f"  {name:<{width}}  {n:>6}  {zh}")
    print(f"  {'三元组 triples':<{width}}  {summary.triples:>6}")


def _documents_apart(record: dict) -> dict:
    """Return a build's JSON record with the manifest's documents under `documents` and the corpus-wide steps'
    records (`(corpus)`, `(plan projects)`) apart under `derived`, as `cdtkg build --json` and `cdtkg stats
    --json` print it."""
    documents = record.pop("documents")
    return {**record, "documents": [d for d in documents if d.get("kind") != CORPUS_WIDE],
            "derived": [d for d in documents if d.get("kind") == CORPUS_WIDE]}


def cmd_build(args) -> int:
    summary = built(_corpus(args), force=args.force)
    if args.json:
        from dataclasses import asdict

        print(json.dumps(_documents_apart(asdict(summary)), ensure_ascii=False, indent=2))
        return 0
    counts = build_counts(summary)
    state = "未变化，沿用上次构建" if summary.reused else "构建完成"
    print(f"{state}（{summary.seconds:.2f} 秒）：{counts.documents} 份文档，{summary.triples} 个三元组")
    _print_counts(summary)
    for doc in summary.left_out:
        first = doc["problems"][0] if doc["problems"] else {"line": None, "message": "无法解析"}
        print(f"未纳入：{doc['file']}:{first['line'] or ''}: {first['message']}（其余文档照常构建；修正后再运行 `cdtkg build`）")
    if counts.warnings:
        among = f"，其中解析警告 {counts.parse_warnings} 条" if counts.parse_warnings else ""
        print(f"警告 {counts.warnings} 条{among}（`cdtkg validate` 查看）")
    _, update = indexed(_corpus(args))   # the search index follows the graph
    if update:
        print(f"搜索索引已更新：{update.records} 条记录，重新索引 {update.reindexed} 条、删除 {update.removed} 条"
              f"（{update.seconds:.2f} 秒）")
    return 0


def cmd_stats(args) -> int:
    summary = built(_corpus(args))
    if args.json:
        record = {"triples": summary.triples, "classes": summary.classes, "documents": summary.documents,
                  "document_count": build_counts(summary).documents}
        print(json.dumps(_documents_apart(record), ensure_ascii=False, indent=2))
    else:
        print(f"{build_counts(summary).documents} 份文档，{summary.triples} 个三元组")
        _print_counts(summary)
    return 0


def cmd_validate(args) -> int:
    """Print the validation report of the build (the failed one when the corpus no longer builds)."""
    from loaders.corpus_validation import recorded_report
    from loaders.problems import BuildError

    corpus = _corpus(args)
    try:
        built(corpus)
        record = locations.build_root(corpus) / "current" / locations.SUMMARY_FILE
    except BuildError:
        record = locations.build_root(corpus) / "failed" / locations.SUMMARY_FILE
        if not record.is_file():
            raise
    report = recorded_report(json.loads(record.read_text(encoding="utf-8")), corpus)
    if args.owl:
        from loaders.owl_reasoning import report_for

        with step("正在用 HermiT 推理（约需十几秒）"):
            owl, retyped = report_for(record.parent / locations.GRAPH_FILE)
        report.extend(owl.results + owl.extra_results)
        print(f"OWL 推理：{'一致' if not owl.results and not owl.extra_results else '发现问题'}"
              f"（推理前把 {retyped} 个 xsd:date 等 OWL 2 之外的日期值当作文字）。", file=sys.stderr)
    print(report.to_json() if args.json else report.render_text())
    return 0 if report.conforms else 1


def cmd_export(args) -> int:
    from loaders.export import export_graph

    from loaders.export import FORMATS
    from loaders.problems import CdtkgError

    folder = args.output.parent
    if args.output.suffix.lower() in FORMATS and not folder.is_dir():
        raise CdtkgError(f"无法写入 {args.output}：文件夹 {folder} 不存在。请先创建它，或换一个输出路径。")
    if args.output.suffix.lower() in FORMATS:
        built(_corpus(args))
    n = export_graph(args.output, _corpus(args))
    print(f"已导出 {n} 个三元组到 {args.output}")
    return 0


def cmd_add(args) -> int:
    from loaders.corpus_add import add_document
    from loaders.document_names import entry_name

    entry = add_document(_corpus(args), args.file, args.kind, args.title, args.number,
                         args.plan_number, args.status)
    print(f"已加入语料：{entry_name(entry)}（文件 {entry.file}，{KIND_ZH[entry.kind]}）；运行 `cdtkg build` 纳入图谱。")
    return 0


KIND_ZH = {"standard": "标准", "guideline": "指南", "note": "编制说明"}


def cmd_init(args) -> int:
    from loaders.corpus_add import init_corpus

    manifest = init_corpus(args.directory)
    print(f"已新建空语料：{args.directory}（{manifest.name}）。加入文档：cdtkg add 文件.txt --kind standard "
          f"--corpus {args.directory}")
    return 0


def cmd_remove(args) -> int:
    from loaders.corpus_add import remove_document
    from loaders.document_names import entry_name

    entry = remove_document(_corpus(args), args.document)
    print(f"已从语料中移除：{entry_name(entry)}（文件 {entry.file}）；运行 `cdtkg build` 更新图谱。")
    return 0


def cmd_list(args) -> int:
    from loaders.corpus_add import list_corpus

    listed = list_corpus(_corpus(args))
    if args.json:
        print(json.dumps([{"id": d.entry.id, "name": d.name, "file": d.entry.file, "kind": d.entry.kind,
                           "status": d.entry.status, "last_parse": d.status} for d in listed],
                         ensure_ascii=False, indent=2))
        return 0
    for n, d in enumerate(listed, start=1):
        print(f"{n}. {d.name}")
        print(f"   {KIND_ZH[d.entry.kind]} · 文件 {d.entry.file} · {d.status}")
    print(f"共 {len(listed)} 份文档。" if listed else
          "语料中还没有文档：用 `cdtkg add 文件.txt --kind standard` 加入。")
    return 0


def cmd_show(args) -> int:
    from loaders.corpus_add import find_entry
    from loaders.manifest import read_manifest
    from loaders.source_document import read_source

    corpus = _corpus(args)
    entry = find_entry(read_manifest(corpus), args.doc)
    source = read_source(corpus / entry.file)
    pages = f"，{source.pages} 页" if source.pages else ""
    print(f"# {entry.file}（{source.format}{pages}）：读取器看到的文字，左侧为行号（问题报告与 cdt:sourceLine 所指）")
    sys.stdout.write(source.marked_text())
    return 0


def cmd_search(args) -> int:
    from loaders.problems import CdtkgError
    from queries.search import open_search, search_batch

    options = {"kind": args.kind, "doc": args.doc, "limit": args.limit, "page": args.page}
    if args.batch:
        try:
            lines = (sys.stdin if str(args.batch) == "-" else
                     open(args.batch, encoding="utf-8-sig", errors="strict").read().splitlines())
            indexed(_corpus(args))
            engine = open_search(_corpus(args))
            for row in search_batch(engine, lines, **options):
                print(json.dumps(row, ensure_ascii=False))
        except (OSError, UnicodeDecodeError) as e:
            raise CdtkgError(f"读不了批量查询文件 {args.batch}：{e}（应为 UTF-8 文本，每行一个查询）") from e
        return 0
    if not " ".join(args.query).strip():
        raise CdtkgError("请给出搜索词，例如 `cdtkg search 城市智能中枢`，或用 --batch FILE 批量搜索。")
    indexed(_corpus(args))
    results = open_search(_corpus(args)).search(" ".join(args.query), **options)
    print(json.dumps(results.to_json(), ensure_ascii=False, indent=2) if args.json
          else results.render_text(color=sys.stdout.isatty()))
    return 0 if results.hits else 1


def cmd_ask(args) -> int:
    """Exit 0 when every question got an answer, 1 when one did not (its reason is printed)."""
    from loaders.problems import CdtkgError
    from queries.ask import asker_for
    from queries.graph import Graph

    if args.batch is None and args.question is None:
        raise CdtkgError("请给出问题，例如 `cdtkg ask 什么是城市智能中枢？`，或用 --batch FILE 批量提问。")
    if args.batch is not None:
        try:
            questions = (sys.stdin.read() if str(args.batch) == "-" else
                         Path(args.batch).read_text(encoding="utf-8-sig")).splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise CdtkgError(f"读不了批量提问文件 {args.batch}：{e}（应为 UTF-8 文本，每行一个问题）") from e
        questions = [q for q in questions if q.strip()]
    else:
        questions = [args.question]
    indexed(_corpus(args))   # passages and suggestions read the search index
    asker = asker_for(Graph.open(_corpus(args)))
    all_answered = True
    for n, question in enumerate(questions, start=1):
        answer = asker.ask(question)
        all_answered &= answer.answered
        if args.json:
            print(answer.to_json() if args.batch is not None else
                  json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        else:
            if args.batch is not None:
                print(f"{n}. {question}")
            print(answer.render_text())
    return 0 if all_answered else 1


def cmd_app(args) -> int:
    from .explorer_server import serve

    return serve(_corpus(args), port=args.port, host=args.host, browser=not args.no_browser,
                 read_only=getattr(args, "read_only", False))


def _params(pairs: list[str]) -> dict[str, str]:
    from loaders.problems import CdtkgError

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CdtkgError(f"参数 {pair!r} 的写法不对：应为 --param 名称=值，如 --param standard=GB/T 22239-2019")
        params[name.strip().lstrip("?$")] = value.strip()
    return params


def _graph(args):
    """The graph a query command reads: the shared endpoint when --endpoint is given, else the current
    build (built first when the corpus changed), with the command's row limit and timeout."""
    from queries.graph import Graph

    options = {"limit": args.limit, "timeout": args.timeout}
    if args.endpoint:
        return Graph.at_endpoint(args.endpoint, args.graph, args.user, args.password, **options)
    built(_corpus(args))
    return Graph.open(_corpus(args), **options)


def _emit(result, args, graph) -> None:
    from queries.result_formats import iris_of, summary_line, write_result

    labels = graph.labels(iris_of(result)) if args.format == "table" and result.rows else None
    write_result(result, args.format, args.output, sys.stdout, labels)
    if args.output is not None:
        print(f"已写入 {args.output}{summary_line(result)}", file=sys.stderr)
    elif args.format != "table" and result.truncated:
        print(f"cdtkg: 注意{summary_line(result)}", file=sys.stderr)


def cmd_queries(args) -> int:
    from queries.library import is_internal, named_queries

    everything = named_queries()
    queries = {n: q for n, q in everything.items() if args.all or not is_internal(n)}
    if args.json:
        print(json.dumps([{"name": q.name, "title": q.title, "purpose": q.purpose, "returns": list(q.returns),
                           "params": [{"name": p.name, "type": p.type, "required": p.required,
                                       "default": p.default, "doc": p.doc} for p in q.params]}
                          for q in queries.values()], ensure_ascii=False, indent=2))
        return 0
    for q in queries.values():
        print(f"{q.name}  {q.title}")
        for p in q.params:
            need = "必填" if p.required else (f"默认 {p.default}" if p.default else "可选")
            print(f"    --param {p.name}=…  （{p.type}，{need}）{p.doc}")
    print(f"共 {len(queries)} 个具名查询；运行：cdtkg query 名称 [--param 名称=值] [--format csv|xlsx|json…]")
    if len(queries) < len(everything):
        print(f"（另有 {len(everything) - len(queries)} 个探索界面内部使用的查询，参数为 IRI；--all 显示）")
    return 0


def cmd_query(args) -> int:
    from loaders.problems import CdtkgError

    params = _params(args.param)
    if args.sparql is not None and args.name:
        raise CdtkgError("请只给出一种查询：具名查询/文件 或 --sparql，不要同时给出。")
    if args.sparql is None and not args.name:
        raise CdtkgError("请给出要运行的查询：cdtkg query 名称（见 `cdtkg queries`）、cdtkg query 文件.rq，"
                         "或 cdtkg query --sparql 'SELECT …'。")
    graph = _graph(args)
    if args.sparql is not None:
        text = sys.stdin.read() if args.sparql == "-" else args.sparql
        result = graph.run(text, params)
    elif args.name.endswith(".rq") or Path(args.name).is_file():
        result = graph.run_file(Path(args.name), params)
    else:
        result = graph.named(args.name, params)
    _emit(result, args, graph)
    return 0


def cmd_gaps(args) -> int:
    from queries.gaps import gap_table, summary

    if args.plan:
        return _plan_progress(args)
    graph = _graph(args)
    table = gap_table(graph, args.part)
    _emit(table, args, graph)
    print(summary(table), file=sys.stderr if args.format != "table" or args.output else sys.stdout)
    return 0


def _plan_progress(args) -> int:
    import datetime as dt

    import pandas as pd

    from loaders.plan_projects import read_stored
    from loaders.problems import CdtkgError
    from queries.plan_progress import graph_rows, programme, sheet_rows, topic_rows
    from queries.result_formats import frame_result, write_result

    try:
        today = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    except ValueError as e:
        raise CdtkgError(f"--on {args.on} 不是日期：应写成 2026-12-31。") from e
    progress = programme(graph_rows(_graph(args)), today)
    if args.format == "xlsx":
        sheet = read_stored(_corpus(args))
        if sheet is None:
            raise CdtkgError("语料中还没有项目清单：先运行 `cdtkg plan import 清单.xlsx`，再导出。")
        columns, rows = sheet_rows(progress, sheet)
        frame = pd.DataFrame(rows, columns=columns)
        title = "项目清单（含体系节点、路线图方向、覆盖依据）"
    else:
        frame, title = pd.DataFrame(topic_rows(progress)), "2027 年目标进展"
    write_result(frame_result(frame, title=title), args.format, args.output, sys.stdout)
    out = sys.stderr if args.format != "table" or args.output else sys.stdout
    print(progress.headline() + "。", file=out)
    if progress.topics_without_project:
        print(f"还没有立项的方向：{'、'.join(progress.topics_without_project)}。", file=out)
    for item in progress.late:
        print(f"超期：{item.label()}（{item.stage}，应于 {item.due} 完成）", file=out)
    for item in progress.after_deadline:
        print(f"到期晚于 2027 年底、不能计入：{item.label()}（{item.due}）", file=out)
    if args.output is not None:
        print(f"已写入 {args.output}", file=sys.stderr)
    return 0


def cmd_plan(args) -> int:
    from loaders.plan_import import import_plan
    from loaders.problems import CdtkgError

    if getattr(args, "plan_command", None) != "import":
        raise CdtkgError("请给出动作：cdtkg plan import 清单.xlsx")
    result = import_plan(_corpus(args), args.file, args.sheet)
    sheet = result.sheet
    for problem in sheet.problems:
        print(problem, file=sys.stderr)
    print(f"已导入 {len(sheet.rows)} 个项目（工作表：{'、'.join(sheet.sheets)}），保存为 {result.stored.name}。")
    if result.diff is not None:
        d = result.diff
        print(f"与上次导入相比：新增 {len(d.added)} 项，移除 {len(d.removed)} 项，阶段变化 {len(d.moved)} 项。")
        for name in d.added:
            print(f"  新增：{name}")
        for name in d.removed:
            print(f"  移除：{name}")
        for name, old, new in d.moved:
            print(f"  阶段：{name}：{old} → {new}")
    print("运行 `cdtkg build` 纳入图谱，`cdtkg gaps --plan` 查看 2027 年目标进展。")
    return 0


def cmd_push(args) -> int:
    from loaders.locations import current_graph_file
    from loaders.problems import CdtkgError
    from queries.endpoint import DEFAULT_GRAPH, push

    if not args.endpoint:
        raise CdtkgError("请用 --endpoint URL 指定要上传到的 SPARQL 端点，如 "
                         "cdtkg push --endpoint http://localhost:8890/sparql --user dba --password …")
    graph = args.graph or DEFAULT_GRAPH
    built(_corpus(args))
    source = current_graph_file(_corpus(args))
    target, count = push(source, args.endpoint, graph, args.user, args.password, store_url=args.store,
                         replace=not args.append, timeout=args.timeout)
    told = f"，端点报告图中现有 {count} 个三元组" if count is not None else ""
    print(f"已{'追加' if args.append else '上传'}图谱到 {target}（图 <{graph}>）{told}。"
          f"查询：cdtkg --endpoint {args.endpoint} query 名称 --graph {graph}")
    return 0


def cmd_check(args) -> int:
    """Exit 0 when the draft is clean, 1 with findings, 2 when it cannot be read."""
    from loaders.draft_source import read_draft_file
    from loaders.problems import CdtkgError
    from queries.draft_check import check_draft, comment_sheet, render_text

    if args.format == "xlsx" and args.output is None:
        raise CdtkgError("--format xlsx 需要用 -o 指定输出文件，如 -o 草案意见.xlsx")
    report = check_draft(read_draft_file(args.file), _corpus(args))
    if args.format == "xlsx":
        args.output.write_bytes(comment_sheet(report))
        print(f"已写入 {args.output}：{len(report.findings)} 条意见", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif args.format != "xlsx":
        print(render_text(report))
    return report.exit_code


def cmd_bench(args) -> int:
    from .bench import run_bench

    return run_bench(_corpus(args), args)
