"""A synthetic corpus N times the real one, for scale benchmarks.

Variant k of each document renumbers the standards and plan numbers it
mentions, so the variants are new documents citing new standards, read by
the same loaders. The guide is kept once: the framework is one per graph.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from .manifest import Entry, read_manifest, write_manifest
from .standard_numbers import NUMBER_RE, PLAN_RE


def _variant_text(text: str, k: int) -> str:
    text = PLAN_RE.sub(lambda m: f"20{k:06d}-{m.group(1)[9:]}", text)

    def renumber(m: re.Match) -> str:
        body = m.group(2)
        if not body[0].isdigit():
            return m.group(0)
        return m.group(0).replace(body, f"{body}.{k}", 1)

    return NUMBER_RE.sub(renumber, text)


def _variant(e: Entry, k: int) -> Entry:
    return replace(
        e, id=f"{e.id}-v{k}", file=f"{Path(e.file).stem}-v{k}.txt", title=f"{e.title}（变体 {k}）",
        number=_variant_text(e.number, k) if e.number else "",
        plan_number=_variant_text(e.plan_number, k) if e.plan_number else "",
    )


def make_scaled_corpus(source: Path, dest: Path, n: int) -> Path:
    """Write a corpus of `n` variants of `source` into `dest` (recreated); returns `dest`."""
    dest = Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    entries = []
    for csv in Path(source).glob("*.csv"):
        if csv.name != "manifest.csv":
            shutil.copy(csv, dest / csv.name)
    for e in read_manifest(source):
        text = (Path(source) / e.file).read_text(encoding="utf-8-sig")
        for k in range(n):
            if k and e.kind == "guideline":
                continue
            variant = _variant(e, k) if k else e
            (dest / variant.file).write_text(_variant_text(text, k) if k else text, encoding="utf-8")
            entries.append(variant)
    write_manifest(dest, entries)
    return dest


LINES_PER_PAGE = 60   # lines of the extracted text of one printed page of the bundled drafts


def long_draft(text: str, pages: int) -> str:
    """A GB/T 1.1 draft of at least `pages` pages: `text` with its last chapter repeated as chapters
    N+1, N+2 … (clause numbers renumbered), for timing `cdtkg check` on a long draft."""
    lines = text.split("\n")
    heads = [i for i, ln in enumerate(lines) if re.match(r"^\s*\d{1,2}\s+\S", ln) and not re.match(r"^\s*\d+\s*$", ln)]
    numbered = [(i, int(lines[i].split()[0])) for i in heads if lines[i].split()[0].isdigit()]
    # the last chapter: the highest chapter heading in sequence, up to 参考文献 or an annex
    last_at, last = max(numbered, key=lambda x: (x[1], x[0]))
    end = next((j for j in range(last_at + 1, len(lines)) if re.match(r"^\s*(参考文献|附\s*录)", lines[j])), len(lines))
    chapter, tail = lines[last_at:end], lines[end:]
    out = lines[:end]
    n = last
    while len(out) < pages * LINES_PER_PAGE:
        n += 1
        out += [re.sub(rf"^(\s*){last}(?=[.\s])", rf"\g<1>{n}", ln) for ln in chapter]
    return "\n".join(out + tail)


def add_variant(corpus: Path, entry_id: str, k: int) -> Entry:
    """Add variant `k` of the document `entry_id` of `corpus` to it (a new document citing new
    standards, listed last in the manifest); returns its entry."""
    entries = read_manifest(corpus)
    e = next(x for x in entries if x.id == entry_id)
    variant = _variant(e, k)
    text = (Path(corpus) / e.file).read_text(encoding="utf-8-sig")
    (Path(corpus) / variant.file).write_text(_variant_text(text, k), encoding="utf-8")
    write_manifest(corpus, [*entries, variant])
    return variant
