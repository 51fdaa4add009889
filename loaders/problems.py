"""Problems found while loading, and the error hierarchy shared by every command.

Loaders never drop a problem silently: they collect `Problem`s in their
`LoadResult`, and the build reports them together with file and line.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from rdflib import Graph

if TYPE_CHECKING:
    from .document_tree import DocumentTree


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    severity: Severity
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.message}"


@dataclass
class LoadResult:
    """What a loader returns: the triples it made and the problems it met."""

    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    tree: DocumentTree | None = None   # the parsed clause tree of a GB/T document, for the model loaders

    def warn(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(Severity.WARNING, file, line, message))

    def error(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(Severity.ERROR, file, line, message))

    def info(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(Severity.INFO, file, line, message))

    def merge(self, other: "LoadResult") -> "LoadResult":
        self.graph += other.graph
        self.problems.extend(other.problems)
        self.tree = self.tree or other.tree
        return self


class CdtkgError(Exception):
    """Base of every error a user can cause; its message says what to do next.

    `exit_code` follows the command-line contract: 1 checks failed / no
    answer, 2 bad input or usage.
    """

    exit_code = 2


class SourceParseError(CdtkgError):
    def __init__(self, path: str, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class CorpusError(CdtkgError):
    """The corpus folder or its manifest is missing or inconsistent."""


class BuildError(CdtkgError):
    """A build failed; the last good build is left untouched."""

    exit_code = 1


class QueryError(CdtkgError):
    def __init__(self, reason: str, line: int | None = None, column: int | None = None):
        self.reason, self.line, self.column = reason, line, column
        where = f"第 {line} 行第 {column} 列：" if line else ""
        super().__init__(f"{where}{reason}")


_OS_REASONS = {
    errno.ENOENT: "文件夹不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "只读文件系统",
    errno.ENOSPC: "磁盘已满", errno.EDQUOT: "磁盘配额已满", errno.ENAMETOOLONG: "文件名太长",
}


def os_error_reason(e: OSError) -> str:
    """What an operating-system error means to a user, in Chinese (e.g. 只读文件系统)."""
    return _OS_REASONS.get(e.errno, e.strerror or str(e))


def os_error_exit_code(e: OSError) -> int:
    """2 when the user can fix the path they gave (missing folder, no permission), 1 when the
    machine failed (disk full, other)."""
    return 1 if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO) else 2


def os_failure(message: str, e: OSError) -> CdtkgError:
    """A CdtkgError saying `message` for the operating-system error `e`, with its exit code."""
    error = CdtkgError(message)
    error.exit_code = os_error_exit_code(e)
    return error
