"""The `cdtkg` command line: the spine of the product; every page of the explorer has a command.

Exit codes: 0 ok; 1 checks failed / no answer; 2 bad input or usage.
Errors are one line on stderr, in Chinese; a traceback only with --debug.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from loaders.problems import CdtkgError

from . import commands


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", type=Path, default=None,
                        help="语料目录（默认：项目自带的 corpus/）/ corpus folder")
    common.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 调用栈")

    p = argparse.ArgumentParser(
        prog="cdtkg",
        description="城市全域数字化转型标准体系知识图谱 / knowledge graph of the city-wide digital transformation standards system",
        parents=[common],
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", parents=[common], help="解析语料、校验并保存图谱 / build the graph")
    b.add_argument("--force", action="store_true", help="即使没有变化也重新构建")
    b.add_argument("--json", action="store_true", help="以 JSON 输出构建摘要")

    v = sub.add_parser("validate", parents=[common], help="用 SHACL 约束校验图谱 / validate with the shapes")
    v.add_argument("--json", action="store_true", help="以 JSON 输出校验报告")

    s = sub.add_parser("stats", parents=[common], help="各类资源的数量 / counts per class")
    s.add_argument("--json", action="store_true")

    e = sub.add_parser("export", parents=[common], help="导出图谱（含本体）/ export graph and ontology")
    e.add_argument("-o", "--output", type=Path, required=True, help="输出文件：.ttl .nt .jsonld .rdf")

    a = sub.add_parser("add", parents=[common], help="把新文档加入语料 / add a document to the corpus")
    a.add_argument("file", type=Path)
    a.add_argument("--kind", choices=["standard", "guideline", "note"], required=True)
    a.add_argument("--title", default="")
    a.add_argument("--number", default="", help="标准号，如 GB/T 12345-2026")
    a.add_argument("--plan-number", default="", help="计划号，如 20250317-T-469")
    a.add_argument("--status", default="Draft", choices=["Published", "Draft", "Superseded", "Planned"])

    bench = sub.add_parser("bench", parents=[common], help="性能基准 / benchmarks")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--scale", type=int, nargs="*", default=None,
                       help="合成语料的放大倍数，如 --scale 1 10 100")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return getattr(commands, f"cmd_{args.command}")(args)
    except CdtkgError as e:
        if args.debug:
            raise
        print(f"cdtkg: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("cdtkg: 已中断", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: say so plainly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"cdtkg: 内部错误（{type(e).__name__}: {e}）；加 --debug 查看详情并报告此问题。", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
