"""Standard numbers of every kind: find them in text and normalize every spelling to one form.

One grammar: a prefix that says who issued the standard, a serial number (with
part numbers), and the year after a dash or a colon.

* national `GB`, `GB/T`, `GB/Z`; industry `DA/T`, `JR/T`, `TB/T`, `JGJ`… (the
  code list of the 行业标准代号; a code without `/T` needs its year to count);
  local `DB11/T`, and local engineering `DBJ43/T`, `DG/TJ 08-2100-2020`; group `T/CAICT`; enterprise `Q/GDW`; metrology `JJF`, `JJG`
  with an optional field in brackets `JJF(通信)`;
* international and foreign: `ISO`, `IEC`, `ISO/IEC`, `ITU-T X.509`, `IEEE`,
  `RFC`, `EN`…; plan numbers of standards in preparation (`20250317-T-469`).

OCR and PDF damage is absorbed: dashes of any width, doubled or mixed with a
hyphen (`——`, `-—`), missing or extra spaces, a number broken over lines.
`GB/T 34678—2017`, `GB/T34678-2017`, `gb/t 34678－2017` all normalize to
`GB/T 34678-2017` (ASCII hyphen, one space after the prefix).

References that are not standards are read too, with their kind: a document
number such as `运基信号[2010]267号` or `国办发〔2020〕12号` (`find_document_numbers`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from .han import HAN

_DASHES = "—–－‐‑‒―─"
# 行业标准代号 (industry codes) and the metrology codes; longer codes first.
INDUSTRY_CODES = (
    "JGJ", "CJJ", "JTG", "JTJ", "JTS", "CECS", "AQ", "BB", "CB", "CH", "CJ", "CY", "DA", "DL", "DZ", "EJ", "FZ", "GA", "GH", "GM", "GY",
    "HB", "HG", "HJ", "HS", "HY", "JB", "JC", "JG", "JR", "JT", "JY", "LB", "LD", "LS", "LY", "MH",
    "MT", "MZ", "NB", "NY", "QB", "QC", "QJ", "QX", "RB", "SB", "SC", "SF", "SH", "SJ", "SL", "SN",
    "SW", "SY", "TB", "TD", "TY", "WB", "WH", "WJ", "WM", "WS", "WW", "XB", "XF", "YB", "YC", "YD", "YJ", "YS",
    "YY", "YZ", "ZY", "DB",
)
_INDUSTRY = "|".join(sorted(INDUSTRY_CODES, key=len, reverse=True))
_FIELD = rf"[（(]\s*[{HAN}]{{1,8}}\s*[）)]"
_PREFIX = (
    r"(?:(?i:GB\s*[/.]?\s*[TZ])(?![A-Za-z])|GB(?![A-Za-z/])"
    r"|DB\s*\d{2,4}\s*/\s*[TZ](?![A-Za-z])|DB\s*\d{2,4}\s*/(?=\s*\d)|DB\s*\d{2,4}(?=\s)"
    # local engineering-construction standards: `DBJ43/T 123-2020`, `DBJ/T 15-101-2014`, `DBJ15-31-2016`,
    # Shanghai's `DG/TJ 08-2100-2020` and `DGJ 08-9-2013`, Jiangsu's `DGJ32/TJ 112-2010`
    # (Chongqing prints a hyphen after the prefix: `DBJ50/T-249—2016`)
    r"|DBJ\s*\d{0,2}\s*/\s*TJ?(?:-(?=\d))?(?![A-Za-z])|DBJ(?:\s*\d{2})?(?!\s*\d+\s*/)(?=\s*\d)"
    r"|DG\s*/\s*TJ(?![A-Za-z])|DGJ\s*\d{0,2}\s*/\s*TJ(?![A-Za-z])|DGJ(?:\s*\d{2})?(?!\s*\d+\s*/)(?=\s*\d)"
    r"|JJ[FG](?:\s*" + _FIELD + r")?"
    r"|JTG(?:\s*/\s*T)?(?=\s*[A-H]\d{2}(?!\d))"
    r"|(?:" + _INDUSTRY + r")\s*/\s*[TZ](?![A-Za-z])"
    r"|(?:" + _INDUSTRY + r")(?![A-Za-z/])"
    r"|(?:" + _INDUSTRY + r")T(?=\s*\d)"
    r"|T\s*/\s*[A-Z][A-Z0-9]{1,11}(?![a-z])"
    r"|Q\s*/\s*[A-Z0-9]{2,12}(?![a-z])"
    r"|ISO\s*/\s*IEC(?:\s*/\s*IEEE)?(?:\s*(?:TR|TS))?|ISO(?:\s*/\s*(?:TR|TS|PAS))?|IEC(?:\s*/\s*(?:TR|TS|PAS))?"
    r"|(?:Rec\.?\s*)?ITU-T\s*(?:Rec\.?\s*)?[A-Z]\.|IEEE(?:\s+Std)?|(?:(?:IETF|IEEE)\s*)?RFC|EN|ANSI|ASTM|NIST\s+SP|FIPS\s+PUB|ETSI\s+(?:TS|EN|TR)|3GPP\s+TS"
    # ETSI's GSM specifications: a series and a number of two digits each (`GSM 03.40`; not the band `GSM 900`)
    r"|GSM(?=\s*\d{2}\.\d{2,3}(?![\d.])))"
)
# a year after a dash of any kind, doubled or mixed (OCR), or after a colon (ISO);
# editions may print two digits: `HJ/T 7—94` of 1994, `GB3838-02` of 2002 (a part number never starts with 0)
_YEAR = r"(?:\s*[-" + _DASHES + r"]{1,3}\s*(?:\d{4}|[xX]{4}|[89]\d(?!\d)|0\d(?!\d))|\s*:\s*\d{4}" \
    + r"|\((?:19|20)\d{2}\))"
# an ITU-T Recommendation dates its edition in brackets (`Rec.ITU-T G.723.1(2006)`); an ISO or IEC amendment or
# corrigendum follows its base standard (`ISO/IEC 14496-2:2004/Amd.2:2005`)
_SUPPLEMENT = r"(?:\s*/\s*(?:Amd|Cor)\s*\.?\s*\d{1,2}(?:\s*:\s*\d{4})?)"
_NIST_SP = r"\d{3}-\d{1,3}(?-i:[A-Z])?(?:-\d{1,2}(?!\d))?(?:\s*Part\s*\d{1,2})?(?:r\d{1,2}|\s*Rev\.?\s*\d{1,2})?(?![A-Za-z])"
# The number part: digits with optional part numbers, or a placeholder XXXXX; a one-digit
# number needs a part number or its year (`GB/T 1.1`, `HJ 7—2022`).
_BODY = (r"(?:(?:"
         # a NIST Special Publication: series, number, a letter of the volume, then its part and revision
         # (`800-57 Part1 Rev. 5`, `800-90Ar1`); a two-digit number after the series is no year
         r"(?:(?<=NIST\sSP)|(?<=NIST\sSP\s))" + _NIST_SP + r"|"
         # ETSI prints its serial in two groups of three (`ETSI EN 303 645`)
         r"(?:(?<=ETSI\s[ET][NSR]\s)|(?<=[^A-Za-z]EN\s)|(?<=^EN\s))\d{3}\s\d{3}(?!\d)|"
         r"\d{2,6}|\d(?=\.\d)|\d(?=\s*[-" + _DASHES + r"]{1,3}\s*(?:\d{4}|[890]\d)(?!\d))"
         r"|\d(?:(?<=/[TZtz]\d)|(?<=/[TZtz] \d))(?![\d.])"
         # a highway standard's letter and series (`JTG D62-2004`, `JTG/T F50-2011`, `JTGD60`)
         r"|(?:(?<=JTG)|(?<=JTG )|(?<=JTG/T)|(?<=JTG/T ))[A-H]\d{2}(?![\dA-Za-z])"
         r")"
         # part numbers of up to four digits (`DL/T 860.7420`, IEC 61850-7-420 adopted)
         r"(?:\.\d{1,4})*(?:-(?![890]\d(?!\d))\d{1,3}(?!\d))*"
         # a series and a four-digit serial before the year (`DG/TJ 08-2100-2020`)
         r"(?:-\d{4}(?=\s*[-" + _DASHES + r"]{1,3}\s*\d{4}(?!\d)))?(?-i:[a-z]{0,2})|[xX]{3,6})")
# case-insensitive: questions and search queries are folded to lower case before numbers are looked for
NUMBER_RE = re.compile(r"(?<![A-Za-z/])(" + _PREFIX + r")\s*(" + _BODY + r")(" + _YEAR + r")?(" + _SUPPLEMENT
                       + r")?(?![\d.])",
                       re.IGNORECASE)
PLAN_RE = re.compile(r"(?<!\d)(20\d{6}-[TZ]-\d{3})(?!\d)")
_BARE_INDUSTRY = re.compile(r"^(?:" + _INDUSTRY + r")$")
# a document number: issuer, year in brackets of any kind, serial, 号 (`国办发〔2020〕12号`; OCR prints
# the 〔〕 as math markup: `国办发 $$ 2016 $$ 23号`)
DOC_NUMBER_RE = re.compile(
    rf"([{HAN}]{{1,12}})\s*(?:[〔［\[【(（]|\$\$)\s*((?:19|20)\d{{2}})\s*(?:[〕］\]】)）]|\$\$)\s*(第?\s*\d{{1,5}})\s*号"
)
# an order: issuer ending in 令, its serial (`国家环境保护总局令 第28号`, `国务院令第380 号`)
_CITING_WORDS = re.compile(r"符合|按照|依照|依据|根据|参照|执行|遵守|落实|贯彻|以及|见|和|及|与|或|的|为|由|在|对|是|了")
ORDER_RE = re.compile(rf"([{HAN}]{{1,24}}令)\s*(第\s*\d{{1,5}}\s*号)")
# 和 inside the name of an issuing body (中华人民共和国, 国家发展和改革委员会, 住房和城乡建设部…) is no citing word
_HE_IN_NAME = re.compile(r"(?<=共)和(?=国)|(?<=发展)和(?=改革)|(?<=住房)和(?=城乡)|(?<=工业)和(?=信息化)"
                         r"|(?<=人力资源)和(?=社会保障)|(?<=文化)和(?=旅游)|(?<=卫生)和(?=计划生育)")

KINDS = ("national", "industry", "local", "group", "enterprise", "metrology", "international", "plan")


@dataclass(frozen=True)
class FoundNumber:
    """A standard number found in text: the normalized number and its span."""

    number: str
    start: int
    end: int

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.number)


@dataclass(frozen=True)
class FoundDocumentNumber:
    """A document number that is not a standard (`运基信号[2010]267号`): normalized, kind, span."""

    number: str
    kind: str           # "policy-document"
    start: int
    end: int


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for d in _DASHES:
        text = text.replace(d, "-")
    return text


def _prefix(raw: str) -> str:
    p = re.sub(r"\s+", "", raw).upper().rstrip("-")
    if re.fullmatch(r"(?i)GB[/.]?[TZ]", p):
        return "GB/" + p[-1].upper()
    field = re.match(r"^(JJ[FG])\((.+)\)$", p)
    if field:
        return f"{field.group(1)}({field.group(2)})"
    for spaced in ("IEEE Std", "NIST SP", "FIPS PUB", "ETSI TS", "ETSI EN", "ETSI TR", "3GPP TS", "IETF RFC"):
        if p == spaced.replace(" ", "").upper():
            return "IEEE" if spaced == "IEEE Std" else ("RFC" if spaced == "IETF RFC" else spaced)
    if p == "IEEERFC":
        return "RFC"   # an RFC misprinted as IEEE's (`IEEE RFC 3640`): the IETF's
    p = re.sub(r"^(" + _INDUSTRY + r")T$", r"\1/T", p)   # `CHT 1007` (OCR lost the slash)
    p = re.sub(r"^(ISO/IEC(?:/IEEE)?)(TR|TS)$", r"\1 \2", p)
    return re.sub(r"^(?:REC\.?)?ITU-T(?:REC\.?)?([A-Z]\.)$", r"ITU-T \1", p)


def normalize(raw: str) -> str:
    """Return the normalized form of one standard number, e.g. `GB/T 22239-2019`.

    An undated year placeholder (`—xxxx`) is dropped: `GB/T 37043—xxxx` is the
    forthcoming edition, referenced as the undated `GB/T 37043`. A string that is
    nothing but the number of an issuer's own series (`PPCA 7—2023`) is that number.
    """
    m = NUMBER_RE.search(_mend_lookalikes(_fold(raw)))
    if not m:
        series = series_number(raw)
        if series:
            return series
        raise ValueError(f"not a standard number: {raw!r}")
    return _normalized(m)


# the number of a series the code list does not hold — a consortium's or society's own (`PPCA 7—2023` on the
# cover of a 联盟规范): its code in capitals, a serial and a year after a dash. Capitals and digits in running
# text are too often something else (`SHA 256`, `AES 128`), so it counts only where it is all a line prints.
_SERIES = re.compile(r"\s*([A-Z]{2,8})\s*(\d{1,6}(?:\.\d{1,4})*)\s*-{1,3}\s*((?:19|20)\d{2})\s*")
# codes of other publishers the grammar reads (their numbers are international ones, not a series of this kind)
_INTERNATIONAL_CODES = frozenset({"ISO", "IEC", "IEEE", "RFC", "EN", "ANSI", "ASTM", "NIST", "FIPS", "ETSI", "GSM"})


def series_number(line: str) -> str | None:
    """The normalized number (`PPCA 7-2023`) when `line` prints the dated number of an issuer's own series and
    nothing else, and the grammar reads no other number there; else None."""
    folded = _fold(line)
    m = _SERIES.fullmatch(folded)
    if not m or NUMBER_RE.search(folded) or m.group(1) in _INTERNATIONAL_CODES:
        return None
    return f"{m.group(1)} {m.group(2)}-{m.group(3)}"


def _normalized(m: re.Match) -> str:
    prefix = _prefix(m.group(1))
    body = m.group(2)
    body = body.upper() if re.fullmatch(r"[xX]+", body) else re.sub(r"^[a-z]+", lambda x: x.group(0).upper(), body)
    year = re.sub(r"\s+", "", m.group(3) or "")
    if re.search(r"[xX]{4}", year):
        year = ""
    year = re.sub(r"^-+", "-", re.sub(r"^\((\d{4})\)$", r"-\1", year))
    year = re.sub(r"^-(0\d)$", r"-20\1", re.sub(r"^-([89]\d)$", r"-19\1", year))
    if prefix.startswith(("ISO", "IEC")) and year.startswith("-"):
        year = ":" + year[1:]  # ISO and IEC date their editions after a colon: ISO 13008-2012 is ISO 13008:2012
    if prefix == "NIST SP":
        body = _nist_sp(body)
    supplement = ""
    if m.group(4):
        kind, serial, sup_year = re.match(r"\s*/\s*(\w{3})\s*\.?\s*(\d+)(?:\s*:\s*(\d{4}))?", m.group(4)).groups()
        supplement = f"/{kind.capitalize()}.{serial}" + (f":{sup_year}" if sup_year else "")
    if prefix.endswith((".", "/")):  # ITU-T X.509, DB44/765: prefix and number are one
        return f"{prefix}{body}{year}{supplement}"
    return f"{prefix} {body}{year}{supplement}"


def _nist_sp(body: str) -> str:
    """A NIST Special Publication's number as NIST titles it: `800-57 Part 1 Rev. 5`, `800-90A Rev. 1`
    (`800-90Ar1` and `800-57pt1r5` are its short forms)."""
    m = re.fullmatch(r"(\d{3}-\d{1,3}[A-Z]?(?:-\d{1,2})?)\s*(?:Part\s*(\d+))?\s*(?:(?:r|Rev\.?)\s*(\d+))?", body)
    if not m:
        return body
    return m.group(1) + (f" Part {m.group(2)}" if m.group(2) else "") + (f" Rev. {m.group(3)}" if m.group(3) else "")


# Shanghai's engineering numbers are a series and a serial (`DG/TJ 08-2100`): their last four digits are no year
_SERIES_UNDATED = re.compile(r"^(?:DG/TJ|DGJ\d{0,2}(?:/TJ)?) \d{2}-\d{1,4}$")


def base_number(number: str) -> str:
    """Return the number without its year: `GB/T 22239-2019` → `GB/T 22239`."""
    return number if _SERIES_UNDATED.match(number) else re.sub(r"(?:-\d{4}|:\d{4})$", "", number)


def other_force(number: str) -> str | None:
    """The normalized `number` with its code read the other way — recommended for mandatory and back
    (`GB 39046-2020` ↔ `GB/T 39046-2020`, `DA/T 92` ↔ `DA 92`, `DB11/T 1982` ↔ `DB11 1982`); None for
    a code without such a pair (a group's `T/…`, `GB/Z`, `DG/TJ`)."""
    code, _, rest = number.partition(" ")
    if not rest or not re.fullmatch(r"[A-Z]+\d*(?:/T)?", code):
        return None
    return f"{code[:-2]} {rest}" if code.endswith("/T") else f"{code}/T {rest}"


def year_of(number: str) -> int | None:
    """Return the year of a dated number, else None."""
    m = None if _SERIES_UNDATED.match(number) else re.search(r"(?:-|:)(\d{4})$", number)
    return int(m.group(1)) if m else None


def is_placeholder(number: str) -> bool:
    """True for a number not yet assigned (`GB/T XXXXX`)."""
    return bool(re.search(r"X{3,}", number, re.IGNORECASE))


def kind_of(number: str) -> str:
    """Return the kind of a normalized number: one of KINDS."""
    if PLAN_RE.fullmatch(number):
        return "plan"
    prefix = number.split(" ")[0]
    if prefix in ("GB", "GB/T", "GB/Z"):
        return "national"
    if re.match(r"DB\d|DBJ|DGJ|DG/TJ", prefix):
        return "local"
    if prefix.startswith("T/"):
        return "group"
    if prefix.startswith("Q/"):
        return "enterprise"
    if prefix.startswith(("JJF", "JJG")):
        return "metrology"
    if _BARE_INDUSTRY.match(prefix.split("/")[0]):
        return "industry"
    if series_number(number):
        return "group"     # an issuer's own series (a consortium's 联盟规范)
    return "international"


def _accepts(m: re.Match) -> bool:
    """A bare industry code (`HJ 700`, no `/T`) needs its year, three digits, to open a listed reference, or
    to follow its title in book-title marks (an engineering standard's `《…规程》CJJ 68`).

    `HJ 57 固定污染源废气…` at the start of a line is a reference; `共有 SC 20 个` is not.
    """
    prefix = re.sub(r"\s+", "", m.group(1)).upper()
    if _BARE_INDUSTRY.match(prefix) and not m.group(3):
        return bool(re.match(r"\d{3}|\d+\.\d|[A-Ha-h]\d{2}$", m.group(2))) or (
            m.string[:m.start()].strip() == "" and bool(re.match(rf"\s+[{HAN}《]", m.string[m.end():]))) or (
            m.string[:m.start()].rstrip().endswith("》"))   # printed after its title: `《…规程》CJJ 68`
    return True


# OCR reads digits as the letters that look like them (`GB19266-zO03`, `GB 5O84`): O and o for 0, l and I for 1,
# z and Z for 2 — mended in a year after a number's dash (it must then read 19xx or 20xx) and, O and l only,
# inside a serial of three or more digits after a national or industry code
_LOOKALIKE = str.maketrans("OolIzZ", "001122")
_OCR_YEAR = re.compile(r"(?:(?<=\d-)|(?<=\d -)|(?<=\d- ))([0-9OolIzZ]{4})(?![0-9A-Za-z])")
_OCR_SERIAL = re.compile(r"(?:(?<=\b[A-Z]{2})|(?<=\b[A-Z]{2} )|(?<=\b[A-Z]{2}/T)|(?<=\b[A-Z]{2}/T ))"
                         r"(\d[0-9OolI]{2,5})(?![0-9A-Za-z])")


def _mend_lookalikes(folded: str) -> str:
    """`folded` with the look-alike letters of standard numbers' years and serials read as the digits
    (the same length, so spans still index the text)."""
    def year(m: re.Match) -> str:
        token = m.group(1)
        digits = token.translate(_LOOKALIKE)
        real = sum(c.isdigit() for c in token)
        return digits if real < 4 and real >= 2 and digits[:2] in ("19", "20") else token

    def serial(m: re.Match) -> str:
        token = m.group(1)
        real = sum(c.isdigit() for c in token)
        return token.translate(_LOOKALIKE) if real >= 3 and real < len(token) else token

    if not re.search("[OolIzZ]", folded):
        return folded
    return _OCR_SERIAL.sub(serial, _OCR_YEAR.sub(year, folded))


def find_numbers(text: str, listed: frozenset[str] | set[str] = frozenset()) -> list[FoundNumber]:
    """Return every standard number in `text`, normalized, with its span in `text`.

    `listed` holds the numbers a document's references list: there a bare industry number
    (`应符合 JGJ 64 的有关要求`) is that reference, though alone it would be too short to count.
    Spans index the original text (NFKC folding keeps these characters' lengths).
    """
    folded = _fold(text)
    if len(folded) != len(text):  # NFKC changed the length (rare ligatures): fold per character
        folded = "".join(_fold(ch)[:1] or " " for ch in text)
    folded = _mend_lookalikes(folded)
    return [FoundNumber(_normalized(m), m.start(), m.end()) for m in NUMBER_RE.finditer(folded)
            if _accepts(m) or _normalized(m) in listed]


def find_plan_numbers(text: str) -> list[str]:
    """Return the plan numbers (`20250317-T-469`) in `text`."""
    return PLAN_RE.findall(_fold(text))


def _issuer(words: str) -> str:
    """The issuer at the end of `words`: what follows the last citing word (`应符合` or `和`), keeping the
    和 of a body's own name."""
    kept = _HE_IN_NAME.sub("\0", words)
    return (_CITING_WORDS.split(kept)[-1] or kept).replace("\0", "和")


def find_document_numbers(text: str) -> list[FoundDocumentNumber]:
    """Return the document numbers (`运基信号[2010]267号`) in `text`, normalized to 〔〕 brackets."""
    folded = _fold(text)
    out = []
    for m in DOC_NUMBER_RE.finditer(folded):
        # the issuer's abbreviation follows the words of the sentence that cites it (…应符合运基信号〔2010〕…)
        issuer = _issuer(m.group(1))
        serial = re.sub(r"\s+", "", m.group(3))
        number = f"{issuer}〔{m.group(2)}〕{serial}号"
        start = m.start(1) + len(m.group(1)) - len(issuer)
        out.append(FoundDocumentNumber(number, "policy-document", start, m.end()))
    for m in ORDER_RE.finditer(folded):
        issuer = _issuer(m.group(1))
        number = re.sub(r"\s+", "", issuer + m.group(2))
        out.append(FoundDocumentNumber(number, "policy-document", m.end(1) - len(issuer), m.end()))
    return sorted(out, key=lambda f: f.start)



# A file name cannot hold a slash, so names drop it (`JTT 1078-2016.pdf`, `GBT29871-2013.pdf`,
# `TGDRTA 002-2020.pdf`) and slugs separate the parts with hyphens (`jtt-1078-2016.pdf`, `db32t-1580-2019.pdf`,
# `db11-t-1982-2022.pdf`, `t-gdrta-002-2020.pdf`): a group's `T`, the code, its region digits, the slash's
# `T`/`Z`, then the number.
_FILE_CODE = re.compile(r"^\s*(?:(?P<group>[Tt])[\s_-]+)?(?P<code>[A-Za-z]{1,12})"
                        r"(?P<region>(?<=[Bb])\d{2,4}|(?<=[Bb][Jj])\d{2})?(?:[\s_-]*(?P<slash>[TZtz]))?[\s_-]*(?=\d)")
_FILE_SUFFIX = re.compile(r"\.(?:pdf|docx?|txt|md|markdown|html?)$", re.IGNORECASE)


def _file_codes(code: str, region: str, slash: str, group: bool) -> list[str]:
    """The codes a file name's letters may stand for, most likely first: `JTT` is `JT/T`, `DB32T` `DB32/T`,
    `TGDRTA` a group's `T/GDRTA`; a code the grammar does not know gives none."""
    if group:
        return [f"T/{code}{region}"]
    out = []
    splits = [(code, slash)] if slash else [(code[:-1], code[-1])] * (code[-1] in "TZ") + [(code, "")]
    for letters, t in splits:
        if letters == "DB" and region:
            out.append(f"DB{region}/{t}" if t else f"DB{region}/")
        elif not region and (letters == "GB" or letters in INDUSTRY_CODES or (letters in ("JJF", "JJG") and not t)):
            out.append(f"{letters}/{t}" if t else letters)
    if not out and not region and not slash and code[0] == "T" and len(code) > 2:
        out.append(f"T/{code[1:]}")
    return out


def number_in_file_name(name: str) -> str | None:
    """The dated standard number a file's name opens with, normalized (`jtt-1078-2016.pdf` → `JT/T 1078-2016`),
    read by the grammar of standard numbers with the slash a file name cannot hold put back; None when the
    name opens with none (a title, a date, an undated number, a code the grammar does not know)."""
    # a slash-like character (`GB∕T`, `GB／T`) stands for the slash
    stem = _FILE_SUFFIX.sub("", re.split(r"[\\/]", str(name))[-1]).translate(str.maketrans("∕／⁄", "///"))
    m = _FILE_CODE.match(stem)
    candidates = [stem]
    if m:
        codes = _file_codes(m.group("code").upper(), m.group("region") or "", (m.group("slash") or "").upper(),
                            bool(m.group("group")))
        candidates[:0] = [f"{c}{'' if c.endswith('/') else ' '}{stem[m.end():]}" for c in codes]
    for text in candidates:
        found = find_numbers(text)
        if found and found[0].start == 0 and year_of(found[0].number) and not found[0].is_placeholder:
            return found[0].number
    return None
