"""The `cdtkg` command line: the spine of the product; every page of the explorer has a command.

Exit codes: 0 ok; 1 checks failed / no answer; 2 bad input or usage.
Errors are one line on stderr, in Chinese; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

from loaders.manifest import KINDS, STATUSES
from loaders.problems import CdtkgError, os_error_exit_code, os_error_reason
from queries.result_formats import FORMATS

from . import commands


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in Chinese, and "did you mean" for a mistyped command."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"cdtkg: {_usage_error(message)}\n")


def _usage_error(message: str) -> str:
    """The Chinese form of one argparse error message."""
    choice = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        what, given, options = choice.groups()
        options = re.findall(r"'?([^',\s]+)'?", options)
        close = difflib.get_close_matches(given, options, n=3, cutoff=0.5)
        hint = f"你是不是要找：{'、'.join(close)}？" if close else f"可选：{'、'.join(options)}。"
        if what == "COMMAND":
            return f"未知的命令 '{given}'。{hint}（cdtkg --help 查看全部）"
        return f"{what} 不能取 '{given}'。{hint}"
    required = re.match(r"the following arguments are required: (.*)", message)
    if required:
        return f"缺少参数：{required.group(1)}。"
    unknown = re.match(r"unrecognized arguments: (.*)", message)
    if unknown:
        return f"无法识别的参数：{unknown.group(1)}。"
    invalid = re.match(r"argument (\S+): invalid (\w+) value: '([^']*)'", message)
    if invalid:
        return f"{invalid.group(1)} 的值 '{invalid.group(3)}' 不对：应为{ {'int': '整数', 'float': '数字'}.get(invalid.group(2), invalid.group(2)) }。"
    return message


def _command(sub, name: str, handler, **options) -> argparse.ArgumentParser:
    """Add the subcommand `name`, run by `handler` (a function of app/commands.py)."""
    parser = sub.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    # Defaults are filled in main(): a subcommand's default would otherwise overwrite
    # the same option given before the subcommand (`cdtkg --corpus X stats`).
    common.add_argument("--corpus", type=Path, default=argparse.SUPPRESS,
                        help="语料目录（默认：项目自带的 corpus/）/ corpus folder")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="出错时显示完整的 Python 调用栈")
    common.add_argument("--endpoint", default=argparse.SUPPRESS, metavar="URL",
                        help="查询共享的 SPARQL 1.1 端点而不是内置图谱（也可设环境变量 CDTKG_ENDPOINT）")

    # Options of the commands that may talk to a shared endpoint.
    remote = _Parser(add_help=False)
    remote.add_argument("--graph", metavar="IRI", help="端点上的命名图（查询时作默认图；push 时为目标图）")
    remote.add_argument("--user", help="端点账号")
    remote.add_argument("--password", help="端点密码（也可设环境变量 CDTKG_ENDPOINT_PASSWORD）")
    # Options of the commands that run queries.
    running = _Parser(add_help=False)
    running.add_argument("--format", default="table", choices=FORMATS,
                         help="输出格式：table（终端）、csv（Excel 可直接打开）、tsv、json（SPARQL 1.1 JSON 结果）、"
                              "xlsx、ttl/nt（CONSTRUCT、DESCRIBE）")
    running.add_argument("-o", "--output", type=Path, help="写入文件（xlsx 必须指定）")
    running.add_argument("--limit", type=int, default=10_000, help="最多返回的行数（默认 10000，超出时会提示）")
    running.add_argument("--timeout", type=float, default=10.0, help="查询时限，秒（默认 10）")

    p = _Parser(
        prog="cdtkg",
        description="城市全域数字化转型标准体系知识图谱 / knowledge graph of the city-wide digital transformation standards system",
        parents=[common],
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = _command(sub, "build", commands.cmd_build, parents=[common], help="解析语料、校验并保存图谱 / build the graph")
    b.add_argument("--force", action="store_true", help="重新解析全部文档、从头构建（即使没有变化）")
    b.add_argument("--json", action="store_true", help="以 JSON 输出构建摘要")

    v = _command(sub, "validate", commands.cmd_validate, parents=[common], help="用 SHACL 约束校验图谱 / validate with the shapes")
    v.add_argument("--json", action="store_true", help="以 JSON 输出校验报告")
    v.add_argument("--owl", action="store_true",
                   help="另用 HermiT 推理机检查图谱与本体是否一致、有无不可满足的类（需要 Java）")

    s = _command(sub, "stats", commands.cmd_stats, parents=[common], help="各类资源的数量 / counts per class")
    s.add_argument("--json", action="store_true")

    e = _command(sub, "export", commands.cmd_export, parents=[common], help="导出图谱（含本体）/ export graph and ontology")
    e.add_argument("-o", "--output", type=Path, required=True, help="输出文件：.ttl .nt .jsonld .rdf")

    i = _command(sub, "init", commands.cmd_init, parents=[common], help="新建一个空语料目录 / start an empty corpus")
    i.add_argument("directory", type=Path, help="新语料的文件夹（不存在时创建）")

    a = _command(sub, "add", commands.cmd_add, parents=[common], help="把新文档加入语料 / add a document to the corpus")
    a.add_argument("file", type=Path, help="文档文件（UTF-8、GBK、GB18030 或 UTF-16 文本），保留其文件名")
    a.add_argument("--kind", choices=KINDS, required=True)
    a.add_argument("--title", default="", help="标题（默认：标准封面或第 1 章之上印的标题）")
    a.add_argument("--number", default="", help="标准号，如 GB/T 12345-2026（默认：封面印的标准号）")
    a.add_argument("--plan-number", default="", help="计划号，如 20250317-T-469")
    a.add_argument("--status", default="", choices=STATUSES,
                   help="默认由封面判断：印有征求意见稿/送审稿/报批稿为 Draft，印有标准号而无草案阶段为 Published")

    r = _command(sub, "remove", commands.cmd_remove, parents=[common], help="从语料中移除一份文档 / take a document out")
    r.add_argument("document", help="标准号、计划号、标题或文件名")

    ls = _command(sub, "list", commands.cmd_list, parents=[common], help="列出语料中的文档及其上次解析结果 / list the corpus")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")

    sh = _command(sub, "show", commands.cmd_show, parents=[common], help="查看语料中的一份文档 / show a corpus document")
    sh.add_argument("doc", help="文档：语料编号、文件名、标准号或标题的一部分")
    sh.add_argument("--text", action="store_true", required=True,
                    help="打印读取器看到的文字（带行号与页码标记），用来查明某条内容为何没有读到")

    se = _command(sub, "search", commands.cmd_search, parents=[common], help="全文搜索条款、术语、框架节点、标准… / full-text search")
    se.add_argument("query", nargs="*", help="搜索词：中文、英文或标准号（任意写法）")
    se.add_argument("--kind", help="只看某类资源，如 条款、术语条目、模型要素、Clause")
    se.add_argument("--doc", help="只看某份文档：标准号、计划号或标题的一部分")
    se.add_argument("--limit", type=int, default=10, help="每页条数（1–100，默认 10）")
    se.add_argument("--page", type=int, default=1, help="页码（默认 1）")
    se.add_argument("--json", action="store_true", help="以 JSON 输出")
    se.add_argument("--batch", type=Path, help="批量搜索：文件每行一个查询（- 为标准输入），输出 JSON Lines")

    ask = _command(sub, "ask", commands.cmd_ask, parents=[common], help="用中文或英文提问，答案注明出处 / ask a question")
    ask.add_argument("question", nargs="?", default=None, help="问题，如 什么是城市智能中枢？")
    ask.add_argument("--json", action="store_true", help="以 JSON 输出（含意图、实体和所用 SPARQL）")
    ask.add_argument("--batch", type=Path, help="批量提问：文件每行一个问题（- 为标准输入），配合 --json 输出 JSON Lines")

    ap = _command(sub, "app", commands.cmd_app, parents=[common], help="打开中文探索界面 / open the explorer (Streamlit)")
    ap.add_argument("--port", type=int, default=8501, help="端口（默认 8501）")
    ap.add_argument("--host", default="127.0.0.1", help="监听地址（默认只允许本机访问；0.0.0.0 供局域网访问）")
    ap.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    ap.add_argument("--read-only", action="store_true",
                    help="只读（供委员会服务器共享）：不构建、不显示“重新构建图谱”，界面不写任何文件；需先运行 cdtkg build")

    qs = _command(sub, "queries", commands.cmd_queries, parents=[common], help="列出具名查询及其参数 / list the named queries")
    qs.add_argument("--json", action="store_true", help="以 JSON 输出")
    qs.add_argument("--all", action="store_true", help="也列出探索界面内部使用的查询（app_*，参数为 IRI）")

    q = _command(sub, "query", commands.cmd_query, parents=[common, running, remote],
                       help="运行具名查询、.rq 文件或 SPARQL（只读、限时、限行）/ run a query")
    q.add_argument("name", nargs="?", help="具名查询的名称（见 `cdtkg queries`）或 .rq 文件")
    q.add_argument("--sparql", metavar="TEXT", help="直接给出 SPARQL 文本（- 表示从标准输入读取）")
    q.add_argument("--param", action="append", default=[], metavar="名称=值",
                   help="查询参数，可重复，如 --param standard=GB/T 22239-2019")

    g = _command(sub, "gaps", commands.cmd_gaps, parents=[common, running, remote],
                       help="标准体系缺口分析：每个框架节点的规划标准、覆盖标准和结论 / gap analysis")
    g.add_argument("--part", help="只看某一部分（A–E）")
    g.add_argument("--plan", action="store_true",
                   help="工作计划对 2027 年目标的进展：各方向已发布、在编、预研的项目，超期和到期过晚的项目；"
                        "--format xlsx 导出导入的项目清单并填上体系节点、路线图方向、覆盖依据")
    g.add_argument("--on", metavar="YYYY-MM-DD", help="按哪一天判断超期（默认今天）")

    pl = _command(sub, "plan", commands.cmd_plan, parents=[common], help="委员会的项目清单（标准计划）/ the committee's plan list")
    pls = pl.add_subparsers(dest="plan_command", metavar="ACTION")
    pi = pls.add_parser("import", parents=[common],
                        help="导入项目清单（.xlsx，或 UTF-8/GB18030 的 .csv），保存到语料 / import a plan list")
    pi.add_argument("file", type=Path)
    pi.add_argument("--sheet", help="只读这一个工作表（默认读所有有表头的工作表）")

    pu = _command(sub, "push", commands.cmd_push, parents=[common, remote],
                        help="把构建好的图谱上传到 SPARQL 端点（图存储协议）/ load the graph into an endpoint")
    pu.add_argument("--store", metavar="URL", help="图存储协议地址（默认从 --endpoint 推断）")
    pu.add_argument("--append", action="store_true", help="追加到命名图，而不是替换它")
    pu.add_argument("--timeout", type=float, default=300.0, help="上传时限，秒（默认 300）")

    ck = _command(sub, "check", commands.cmd_check, parents=[common],
                        help="对照 GB/T 1.1—2020 和整个图谱检查一份草案（不加入语料）/ review a draft")
    ck.add_argument("file", type=Path, help="草案文件：.docx、.pdf 或 UTF-8 文本")
    ck.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    ck.add_argument("--format", choices=["text", "xlsx"], default="text",
                    help="xlsx：意见汇总处理表（序号、章条编号、问题、建议、依据），须同时给出 -o")
    ck.add_argument("-o", "--output", type=Path, help="写入文件（--format xlsx 时必须指定）")

    bench = _command(sub, "bench", commands.cmd_bench, parents=[common], help="性能基准 / benchmarks",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="测量并列出各项性能指标（每项在新进程中测，数字即用户所见）：\n"
                    "  构建：首次构建与未变化时的重建用时、峰值内存、每份文档的解析与校验用时；\n"
                    "  检索：建索引用时、评测集上的检索质量、检索延迟；\n"
                    "  问答：每题延迟（p50、p95）与问题集上的准确率；\n"
                    "  具名查询：每个查询的用时（目标：自带语料 ≤ 50 毫秒，--scale 100 时 ≤ 500 毫秒）及与 rdflib 的对比；\n"
                    "  探索界面：各页面在无头 Chromium 中的渲染用时（首次 ≤ 1500 毫秒，再次 ≤ 500 毫秒）；\n"
                    "  读取 PDF 与加入真实标准后重建；\n"
                    "  加入一份文档并重建（图谱与索引，目标 ≤ 5 秒）、再移除，及加入约 40 页的真实标准 PDF 并重建，各给墙钟与 CPU 秒数；\n"
                    "  工作计划：导入 10,000 个项目的计划表并重建（目标 ≤ 30 秒），进展数字与总览、差距分析页面（目标 ≤ 1500 毫秒）。\n"
                    "默认只测自带语料（放大倍数 1，不另测合成语料），工作计划一项另需数分钟；--scale 另测放大的合成语料。")
    bench.add_argument("--json", action="store_true", help="以一个 JSON 对象输出全部指标")
    bench.add_argument("--scale", type=int, nargs="*", default=None,
                       help="另测合成语料的放大倍数，如 --scale 1 10 100（默认不测）")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.corpus = getattr(args, "corpus", None)
    args.debug = getattr(args, "debug", False)
    args.endpoint = getattr(args, "endpoint", None) or os.environ.get("CDTKG_ENDPOINT") or None
    if not args.command:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except CdtkgError as e:
        if args.debug:
            raise
        print(f"cdtkg: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("cdtkg: 已中断；上一次成功的构建和语料保持不变。", file=sys.stderr)
        return 130
    except OSError as e:   # the machine said no: a path, a permission, a full disk
        if args.debug:
            raise
        print(f"cdtkg: {_os_message(e)}", file=sys.stderr)
        return os_error_exit_code(e)
    except Exception as e:  # a bug: say so plainly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"cdtkg: 内部错误（{type(e).__name__}: {e}）；加 --debug 查看详情并报告此问题。", file=sys.stderr)
        return 1


def _os_message(e: OSError) -> str:
    """One Chinese line for an operating-system error, naming the build folder when it is the one."""
    from loaders.locations import build_root

    home = Path(os.environ.get("CDTKG_HOME") or build_root(Path(".")).parent)
    where = Path(e.filename) if e.filename else None
    reason = os_error_reason(e)
    if where is not None and (where == home or home in where.parents):
        return (f"无法写入构建目录 {home}（{reason}）：把环境变量 CDTKG_HOME 设为一个可写的文件夹再试。"
                "上一次成功的构建保持不变。")
    if where is not None:
        return f"无法读写 {where}（{reason}）：请检查路径、写权限和磁盘空间。"
    return f"操作系统报告错误（{reason}）：请检查路径、写权限和磁盘空间。"


if __name__ == "__main__":
    sys.exit(main())
