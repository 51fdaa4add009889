"""Standard numbers: find them in text and normalize every spelling to one form.

`GB/T 34678—2017`, `GB/T34678-2017`, `gb/t 34678－2017` all normalize to
`GB/T 34678-2017` (ASCII hyphen, one space after the prefix, upper case).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DASHES = "—–－‐‑‒―"
_PREFIX = (
    r"(?:GB\s*/?\s*[TZ](?![A-Za-z])|GB|GA\s*/\s*T|YD\s*/\s*T|SJ\s*/\s*T|JR\s*/\s*T|"
    r"ISO\s*/\s*IEC|ISO|IEC|ITU-T\s*[A-Z]?|T\s*/\s*[A-Z]{2,10})"
)
_YEAR = r"(?:\s*[-" + _DASHES + r"]\s*(?:\d{4}|[xX]{4})|\s*:\s*\d{4})"
# The number part: digits with optional part numbers, or a placeholder XXXXX.
_BODY = r"(?:(?:\d{2,6}|\d(?=\.\d))(?:\.\d{1,3})*(?:-\d{1,3})?|[xX]{3,6})"
NUMBER_RE = re.compile(
    r"(?<![A-Za-z/])(" + _PREFIX + r")\s*(" + _BODY + r")(" + _YEAR + r")?(?![\d.])",
    re.IGNORECASE,
)
PLAN_RE = re.compile(r"(?<!\d)(20\d{6}-[TZ]-\d{3})(?!\d)")


@dataclass(frozen=True)
class FoundNumber:
    """A standard number found in text: the normalized number and its span."""

    number: str
    start: int
    end: int

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.number)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for d in _DASHES:
        text = text.replace(d, "-")
    return text


def normalize(raw: str) -> str:
    """Return the normalized form of one standard number, e.g. `GB/T 22239-2019`.

    An undated year placeholder (`—xxxx`) is dropped: `GB/T 37043—xxxx` is the
    forthcoming edition, referenced as the undated `GB/T 37043`.
    """
    m = NUMBER_RE.search(_fold(raw))
    if not m:
        raise ValueError(f"not a standard number: {raw!r}")
    prefix = re.sub(r"\s+", "", m.group(1)).upper()
    prefix = re.sub(r"^GB/?([TZ])$", r"GB/\1", prefix)
    body = m.group(2).upper()
    year = (m.group(3) or "").strip()
    year = re.sub(r"\s+", "", year)
    if re.search(r"[xX]{4}", year):
        year = ""
    if year.startswith("-"):
        year = "-" + year[1:]
    return f"{prefix} {body}{year}"


def base_number(number: str) -> str:
    """Return the number without its year: `GB/T 22239-2019` → `GB/T 22239`."""
    return re.sub(r"(?:-\d{4}|:\d{4})$", "", number)


def year_of(number: str) -> int | None:
    m = re.search(r"(?:-|:)(\d{4})$", number)
    return int(m.group(1)) if m else None


def is_placeholder(number: str) -> bool:
    return bool(re.search(r"X{3,}", number, re.IGNORECASE))


def find_numbers(text: str) -> list[FoundNumber]:
    """Return every standard number in `text`, normalized, with its span in `text`.

    Spans index the original text (NFKC folding keeps these characters' lengths).
    """
    folded = _fold(text)
    found = []
    for m in NUMBER_RE.finditer(folded):
        found.append(FoundNumber(normalize(m.group(0)), m.start(), m.end()))
    return found


def find_plan_numbers(text: str) -> list[str]:
    """Return the plan numbers (`20250317-T-469`) in `text`."""
    return PLAN_RE.findall(_fold(text))
