"""Bytes a user hands in as text: Unicode with or without its byte-order mark, or a refusal naming the file."""
from __future__ import annotations

from .problems import CdtkgError


def decode_unicode(data: bytes, name: str, *, what_to_give: str) -> str | None:
    """Return `data` decoded when it is UTF-16 with its BOM or UTF-8 (BOM or none); None when it is another
    encoding the caller may still try. Raises CdtkgError, ending with `what_to_give`, when it holds a NUL
    byte — binary content, not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise CdtkgError(f"{name} 不是文本文件（含有二进制内容）：{what_to_give}")
    return None
