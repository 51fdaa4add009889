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
    from loaders.export import PREFIXES

    labels = _class_labels()
    shown = {ns: prefix for prefix, ns in PREFIXES.items() if prefix in ("cdt", "skos", "foaf")}
    rows = [(labels.get(c, ""), f"{shown[ns]}:{c[len(ns):]}", n) for c, n in summary.classes.items()
            for ns in shown if c.startswith(ns)]
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
    from queries.search_index import ensure_index

    _, update = ensure_index(_corpus(args))   # the search index follows the graph
    if update:
        print(f"搜索索引已更新：{update.records} 条记录，重建 {len(update.groups_reindexed)} 组（{update.seconds:.2f} 秒）")
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


def cmd_search(args) -> int:
    from loaders.problems import CdtkgError
    from queries.search import open_search, search_batch

    options = {"kind": args.kind, "doc": args.doc, "limit": args.limit, "page": args.page}
    if args.batch:
        try:
            lines = (sys.stdin if str(args.batch) == "-" else
                     open(args.batch, encoding="utf-8-sig", errors="strict").read().splitlines())
            engine = open_search(_corpus(args))
            for row in search_batch(engine, lines, **options):
                print(json.dumps(row, ensure_ascii=False))
        except (OSError, UnicodeDecodeError) as e:
            raise CdtkgError(f"读不了批量查询文件 {args.batch}：{e}（应为 UTF-8 文本，每行一个查询）") from e
        return 0
    if not " ".join(args.query).strip():
        raise CdtkgError("请给出搜索词，例如 `cdtkg search 城市智能中枢`，或用 --batch FILE 批量搜索。")
    results = open_search(_corpus(args)).search(" ".join(args.query), **options)
    print(json.dumps(results.to_json(), ensure_ascii=False, indent=2) if args.json
          else results.render_text(color=sys.stdout.isatty()))
    return 0 if results.hits else 1


def cmd_ask(args) -> int:
    """Exit 0 when every question got an answer, 1 when one did not (its reason is printed)."""
    from loaders.problems import CdtkgError
    from queries.ask import asker_for
    from queries.engine import Engine

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
    asker = asker_for(Engine.for_corpus(_corpus(args)))
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

    return serve(_corpus(args), port=args.port, host=args.host, browser=not args.no_browser)


def _params(pairs: list[str]) -> dict[str, str]:
    from loaders.problems import CdtkgError

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CdtkgError(f"参数 {pair!r} 的写法不对：应为 --param 名称=值，如 --param standard=GB/T 22239-2019")
        params[name.strip().lstrip("?$")] = value.strip()
    return params


def _runner(args, limit: int | None = None, timeout: float | None = None):
    """The query runner of a command: on the shared endpoint when --endpoint is given, else the build."""
    from queries.runner import Runner

    kw = {"limit": limit if limit is not None else args.limit, "timeout": timeout if timeout is not None else args.timeout}
    if args.endpoint:
        from queries.endpoint import EndpointBackend

        return Runner(EndpointBackend(args.endpoint, args.graph, args.user, args.password), **kw)
    return Runner.embedded(_corpus(args), **kw)


def _emit(result, args, runner) -> None:
    from queries.result_formats import summary_line, write_result
    from queries.runner import iri_labels

    labels = iri_labels(runner.backend, result) if args.format == "table" and result.rows else None
    write_result(result, args.format, args.output, sys.stdout, labels)
    if args.output is not None:
        print(f"已写入 {args.output}{summary_line(result)}", file=sys.stderr)
    elif args.format != "table" and result.truncated:
        print(f"cdtkg: 注意{summary_line(result)}", file=sys.stderr)


def cmd_queries(args) -> int:
    from queries.library import named_queries

    queries = named_queries()
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
    return 0


def cmd_query(args) -> int:
    from loaders.problems import CdtkgError

    params = _params(args.param)
    if args.sparql is not None and args.name:
        raise CdtkgError("请只给出一种查询：具名查询/文件 或 --sparql，不要同时给出。")
    if args.sparql is None and not args.name:
        raise CdtkgError("请给出要运行的查询：cdtkg query 名称（见 `cdtkg queries`）、cdtkg query 文件.rq，"
                         "或 cdtkg query --sparql 'SELECT …'。")
    runner = _runner(args)
    if args.sparql is not None:
        text = sys.stdin.read() if args.sparql == "-" else args.sparql
        result = runner.run(text, params)
    elif args.name.endswith(".rq") or Path(args.name).is_file():
        result = runner.run_file(Path(args.name), params)
    else:
        result = runner.run_named(args.name, params)
    _emit(result, args, runner)
    return 0


def cmd_gaps(args) -> int:
    from queries.gaps import gap_table, summary

    if args.plan:
        return _plan_progress(args)
    runner = _runner(args)
    table = gap_table(runner, args.part)
    _emit(table, args, runner)
    print(summary(table), file=sys.stderr if args.format != "table" or args.output else sys.stdout)
    return 0


def _plan_progress(args) -> int:
    import datetime as dt

    import pandas as pd

    from loaders.plan_projects import read_stored
    from loaders.problems import CdtkgError
    from queries.plan_progress import programme, runner_rows, sheet_rows, topic_rows
    from queries.result_formats import frame_result, write_result

    try:
        today = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    except ValueError as e:
        raise CdtkgError(f"--on {args.on} 不是日期：应写成 2026-12-31。") from e
    progress = programme(runner_rows(_runner(args)), today)
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
    from loaders.build import current_graph_file
    from loaders.problems import CdtkgError
    from queries.endpoint import DEFAULT_GRAPH, push

    if not args.endpoint:
        raise CdtkgError("请用 --endpoint URL 指定要上传到的 SPARQL 端点，如 "
                         "cdtkg push --endpoint http://localhost:8890/sparql --user dba --password …")
    graph = args.graph or DEFAULT_GRAPH
    source = current_graph_file(_corpus(args))
    target, count = push(source, args.endpoint, graph, args.user, args.password, store_url=args.store,
                         replace=not args.append, timeout=args.timeout)
    told = f"，端点报告图中现有 {count} 个三元组" if count is not None else ""
    print(f"已{'追加' if args.append else '上传'}图谱到 {target}（图 <{graph}>）{told}。"
          f"查询：cdtkg --endpoint {args.endpoint} query 名称 --graph {graph}")
    return 0


def cmd_bench(args) -> int:
    from .bench import run_bench

    return run_bench(_corpus(args), args)
