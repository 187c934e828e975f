"""Every number a reader sees on the built site, read back to its row: page text, tables, alt text, data tables
(the charts' tooltips, field by field) and the texts of each chart drawn from the page's own Vega spec.

A number is explained when it is one of the declared kinds that are not data (a year, a small count, a document
number, a number inside a verbatim quote, a document title or a section name, an axis tick) or when a row's value
reads back from it: same value at the number's precision, no fewer digits than the document wrote (a stated value)
and no more than its least precise input allows (a derived one), the row's qualifier beside it, no flattened power
of ten, and on an English page no Chinese number without the English one next to it. Everything else is a
:class:`Problem` naming page, text and what was expected.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from .. import data
from ..chapters import minerals_roadmap as rc
from ..labels import LANGS, QUALIFIER_WORDS
from ..pipeline import sources
from ..quantities import derived_digits, restored, significant_digits, to_digits

SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_CJK = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
NUMBER = re.compile(rf"(?<![A-Za-z0-9_.,\-])(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?(?:e([+-]\d+))?(?:×10([{SUPER}]+))?")
FLATTENED = re.compile(r"\d[\d,.]*×10\d+")
UNIT_DEFINITION = re.compile(r"(tenths \()?1 \S+ = [\d,.]+ ?\S*\)?")
# Scale words after a number (longest first) and the factor they stand for.
SCALES = (
    ("万亿", 1e12),
    ("亿", 1e8),
    ("万", 1e4),
    ("成", 10),
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("Mt", 1e6),
)
SCALE_AFTER = re.compile(r"[\s\xa0]*(" + "|".join(w for w, _ in SCALES) + ")")
# Table columns by header: the documents' sentences, the documents' writing of a value (both must stand in a
# document as shown), and counts of rows or items.
QUOTE_HEADERS = {"原句", "原文", "sentence", "quote"}
WRITTEN_HEADERS = {
    "原文数值",
    "as written",
    "原文 A",
    "原文 B",
    "as written A",
    "as written B",
    "原文数值（000）",
    "as written (000)",
    "001 中有该数字",
    "number in 001",
    "数量（原文）",
}
COUNT_HEADERS = {
    "000",
    "001",
    "002",
    "003",
    "004",
    "stated",
    "projection",
    "target",
    "derived",
    "total",
    "文献数值",
    "预测值",
    "目标值",
    "推算值",
    "合计",
    "数字条数",
    "figures",
    "条数",
    "count",
    "行数",
    "rows",
}


@dataclass(frozen=True)
class Candidate:
    """A value a number may read back to: a row's value (or an end of its range), or a value the chapters compute
    from rows (an interpolated year, an index, a scenario's share), with the digits it may show."""

    value: float
    row: str
    stated_digits: int | None  # digits the document wrote (stated rows): no fewer may be shown
    max_digits: int | None  # digits a computed value may show: no more may be shown
    qualifier: str = "exact"


@dataclass(frozen=True)
class Problem:
    page: str
    text: str
    number: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.number!r} in {self.text[:160]!r}: {self.reason}"


@dataclass
class Segment:
    """A piece of text a reader reads as one: a paragraph, a table cell (``row`` its row's text), an alt text, a
    text drawn in a chart; ``role`` is ``quote`` or ``written`` for the document's own writing."""

    text: str
    row: str = ""
    role: str = ""


def read_number(m: re.Match, text: str) -> tuple[float, int, float]:
    """(value, significant digits shown, factor of the scale word after it) of one NUMBER match in ``text``."""
    whole, frac, exp, sup = m.group(1), m.group(2) or "", m.group(3), m.group(4)
    value = float(whole.replace(",", "") + frac)
    shown = significant_digits(whole + frac) or 1
    if exp:
        value *= 10 ** int(exp)
    if sup:
        value *= 10 ** int(sup.translate(str.maketrans(SUPER, "0123456789")))
    after = SCALE_AFTER.match(text, m.end())
    factor = dict(SCALES)[after.group(1)] if after else 1.0
    return value * factor, shown, factor


def _agrees(value: float, shown: int, c: Candidate) -> str | None:
    """None when ``c`` reads back from a number of ``value`` shown with ``shown`` significant digits, else why not.
    A stated value must be shown exactly (every digit the document wrote); a computed one rounded to at least two
    and at most ``max_digits`` significant digits."""
    if math.isclose(value, c.value, rel_tol=1e-9, abs_tol=1e-12):
        if c.max_digits is not None and shown > c.max_digits:
            return f"{shown} digits where its inputs allow {c.max_digits} (derived, row {c.row})"
        return None
    step = 10 ** (math.floor(math.log10(abs(value))) - shown + 1) if value else 0
    close = abs(value - c.value) <= step / 2 * (1 + 1e-9)
    if c.max_digits is None:
        digits = f"{c.stated_digits} " if c.stated_digits else ""
        return f"rounded past the document's {digits}digits (row {c.row})" if close else "different value"
    if any(math.isclose(to_digits(c.value, d), value, rel_tol=1e-9) for d in range(max(shown, 2), c.max_digits + 1)):
        return None
    if close and shown > c.max_digits:
        return f"{shown} digits where its inputs allow {c.max_digits} (derived, row {c.row})"
    return "different value"


def _qualified(c: Candidate, context: str) -> bool:
    words = QUALIFIER_WORDS.get(c.qualifier)
    return words is None or any(w in context for w in (*words[0], *words[1]))


class Checker:
    """The values of the data set and the texts every number may be explained by."""

    def __init__(self, candidates: list[Candidate], verbatim: list[str], names: list[str]):
        self.candidates = sorted(candidates, key=lambda c: c.value)
        self._values = [c.value for c in self.candidates]
        self.verbatim = _squash(_typeset("\n".join(restored(t) for t in verbatim)))
        # longest first, so that a section name is taken out before a shorter name inside it
        self.names = sorted({_typeset(n) for n in names if n and re.search(r"\d", n)}, key=len, reverse=True)
        self.read: Counter[str] = Counter()  # numbers read, by what explained them

    def near(self, value: float) -> list[Candidate]:
        import bisect

        lo = bisect.bisect_left(self._values, value * 0.94 if value > 0 else value * 1.06)
        hi = bisect.bisect_right(self._values, value * 1.06 if value > 0 else value * 0.94)
        return self.candidates[lo:hi]

    def segment(self, page: str, seg: Segment, lang: str) -> list[Problem]:  # noqa: C901  one branch per kind of number
        text = _typeset(seg.text)
        problems = []
        for m in FLATTENED.finditer(text):
            problems.append(Problem(page, text, m.group(0), "flattened power of ten (superscript lost)"))
        text = FLATTENED.sub(" ", text)
        if UNIT_DEFINITION.fullmatch(text.strip()):
            self.read["unit definition"] += len(NUMBER.findall(text))
            return problems  # the glossary's 1 万吨 = 10,000 t
        if seg.role:
            self.read[seg.role] += len(NUMBER.findall(text))
        if seg.role == "count":
            if re.search(r"\d", text) and not re.fullmatch(r"\d+", text.strip()):
                problems.append(Problem(page, text, text, "a count column holds more than a whole number"))
            return problems
        if seg.role in ("quote", "written"):
            own = re.sub(r"\s*\((19|20)\d\d\)$", "", text)  # the year a label adds
            if re.search(r"\d", own) and _squash(own) not in self.verbatim:
                problems.append(Problem(page, text, "", f"{seg.role} text not found in any document"))
            return problems
        for name in self.names:  # titles and section names keep their own numbers
            if name in text:
                self.read["name"] += len(NUMBER.findall(name))
                text = text.replace(name, " ")
        for quoted in re.findall(r"“([^”]*\d[^”]*)”", text):
            if _squash(quoted) in self.verbatim:
                self.read["quote"] += len(NUMBER.findall(quoted))
                text = text.replace(quoted, " ")
            else:
                problems.append(Problem(page, quoted, "", "quoted text not found in any document or row"))
        for m in NUMBER.finditer(text):
            problems += self._number(page, text, m, seg, lang)
        return problems

    def _number(self, page: str, text: str, m: re.Match, seg: Segment, lang: str) -> list[Problem]:
        before, after = text[max(0, m.start() - 14) : m.start()], text[m.end() : m.end() + 14]
        raw = m.group(0)
        if _not_data(raw, before, after, m):
            self.read["not data"] += 1
            return []
        value, shown, factor = read_number(m, text)
        chinese = bool(re.match(rf"[\s]*[{_CJK}]", after) or re.search(rf"[{_CJK}][\s]*$", before))
        found = self.near(value)
        reasons = [r for c in found if (r := _agrees(value, shown, c)) is not None]
        good = [c for c in found if _agrees(value, shown, c) is None]
        if not good:
            if _count(value, factor, m, before, after):
                self.read["count"] += 1
                return []
            why = next((r for r in reasons if r != "different value"), None)
            return [Problem(page, text, raw, why or "no row has this value")]
        context = _typeset(seg.row) or text
        if not any(_qualified(c, context) for c in good):
            if _count(value, factor, m, before, after):
                self.read["count"] += 1
                return []
            return [Problem(page, text, raw, f"qualifier {good[0].qualifier!r} of row {good[0].row} not beside it")]
        if lang == "en" and chinese and seg.role != "written":
            same = [
                n
                for n in NUMBER.finditer(text)
                if n.start() != m.start()
                and any(_agrees(read_number(n, text)[0], read_number(n, text)[1], c) is None for c in good)
            ]
            if not same:
                return [Problem(page, text, raw, "a Chinese number on an English page without the English one")]
        self.read["row"] += 1
        return []


COUNTED = re.compile(r"\s*(项|个|条|行|种|items?\b|rows?\b|numbers?\b|Arabic|also\b|are\b|stand\b)")
KINDS = re.compile(r"(stated|derived|target|projection|文献数值|推算值|目标值|预测值)\s*$")


def _count(value: float, factor: float, m: re.Match, before: str, after: str) -> bool:
    """A count of what the page shows: a small whole number (seven of eight, 3 charts), or one that says what it
    counts (共24项, 438 rows, stated 47)."""
    if factor > 1 or m.group(2) is not None or m.group(4) is not None:
        return False
    return value <= 12 or bool(COUNTED.match(after) or KINDS.search(before))


def _not_data(raw: str, before: str, after: str, m: re.Match) -> bool:
    """The declared kinds of numbers that are not data: years (and fiscal years, periods), document numbers."""
    digits = raw.replace(",", "")
    if re.match(r"\.\d", after) or re.search(r"(版本|version|v)\s*$", before):
        return True  # a version (0.2.0)
    if re.fullmatch(r"(19|20)\d\d", digits) and not re.match(r"[\s\xa0]*(万|亿|家|次|项|个|t\b|Mt|%)", after):
        return True
    if re.fullmatch(r"0\d\d", digits):  # document 000 … 004, [003]
        return True
    if re.fullmatch(r"(19|20)\d\d\.\d\d", digits):
        return True  # an issue of a bulletin (2021.02)
    if re.search(r"(§|第|[Ss]ections?|[Tt]ables?|[Ff]igures?|[Pp]art|表|图)\s*$", before) or re.match(
        r"\s*(章|节|条|部分)", after
    ):
        return True  # section, table and figure numbers
    return False


def _typeset(text: str) -> str:
    """``text`` with the marks Sphinx typesets (curly single quotes, ellipsis, no-break spaces) as typed."""
    return text.replace("\xa0", " ").replace("’", "'").replace("‘", "'").replace("…", "...")


def _squash(text: str) -> str:
    return re.sub(r"[\s\xa0]+", "", text)


# --- reading the built pages ------------------------------------------------------------------------------------------
def _header_roles(table) -> list[str]:
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    return [
        "quote" if h in QUOTE_HEADERS else "written" if h in WRITTEN_HEADERS else "count" if h in COUNT_HEADERS else ""
        for h in heads
    ]


def page_segments(html: str, svg_of) -> list[Segment]:
    """The segments of one built page: its article without code cells, with each chart's drawn texts
    (``svg_of(spec) -> svg``) and alt text."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    segments = []
    for spec in article.select("script.mb-spec"):
        svg = BeautifulSoup(svg_of(json.loads(spec.string or "{}")), "html.parser")
        for t in svg.find_all("text"):
            if not any(
                "role-axis-label" in " ".join(str(c) for c in g.get_attribute_list("class"))
                for g in t.find_parents("g")
            ):
                segments.append(Segment(t.get_text("")))
    for img in article.select("[role=img][aria-label]"):
        segments.append(Segment(str(img["aria-label"])))
    for dead in article.select("script, style, div.cell_input, pre, code, .headerlink, .mb-lang-switch"):
        dead.decompose()
    for table in article.find_all("table"):
        roles = _header_roles(table)
        for tr in table.select("tbody tr"):
            row = " | ".join(td.get_text("").strip() for td in tr.find_all("td"))
            for i, td in enumerate(tr.find_all("td")):
                segments.append(Segment(td.get_text("").strip(), row=row, role=roles[i] if i < len(roles) else ""))
        table.decompose()
    for block in article.find_all(["p", "li", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd", "summary"]):
        if block.find(["p", "li"]):
            continue
        segments.append(Segment(block.get_text("").strip()))
    return segments


def check_pages(pages: dict[str, tuple[str, str]], checker: Checker, svg_of) -> list[Problem]:
    """Problems of every page: ``pages`` maps a name to (html, lang)."""
    problems = []
    for name, (html, lang) in sorted(pages.items()):
        for seg in page_segments(html, svg_of):
            problems += checker.segment(name, seg, lang)
    return problems


def built_checker() -> Checker:
    """A checker over the built data set: every row's values, the values chapters compute from rows (interpolated
    demand, its index, the scenario at the chapter's defaults), the documents and every title and section name."""

    facts = data.all_facts()
    written = facts.set_index("id")["value_as_written"].to_dict()
    out = []
    for r in facts.itertuples():
        if r.kind == "derived":
            out.append(
                Candidate(
                    r.value,
                    r.id,
                    None,
                    derived_digits([written.get(i.split("=", 1)[1]) for i in r.inputs.split(";")]),
                    r.qualifier,
                )
            )
            continue
        stated = significant_digits(r.value_as_written)
        for v in (r.value, r.value_low, r.value_high):
            if v is not None and not (isinstance(v, float) and math.isnan(v)):
                out.append(Candidate(float(v), r.id, stated, None, r.qualifier))
    pts = rc.milestones(facts[facts["dataset"] == "minerals_demand"])
    for year in range(2020, 2036):
        places = rc.digits_at(pts, year)
        for e, g in pts.groupby("entity"):
            got = rc.value_at(g, year)
            if got is None:
                continue
            computed = [(got[0], "demand")] if got[1] else []  # a milestone itself is a row
            for v, what in computed + [(got[0] * 0.3, "secondary"), (got[0] * 0.7, "primary")]:
                out.append(Candidate(v, f"{e} {year} {what} (computed)", None, places[e]))
            base = g[g["year"] == 2020]["value"]
            if not base.empty:
                out.append(Candidate(got[0] / float(base.iloc[0]) * 100, f"{e} {year} index (computed)", None, 4))
    docs = data.documents()
    verbatim = [sources.document_text(d) for d in docs] + [q for q in facts["quote"].dropna()]
    # names of things keep their own numbers: titles, sections, glossary entries, the datasets' descriptions
    names = [d.get(k, "") for d in docs.values() for k in ("title", "title_en", "publication")]
    names += facts["section"].dropna().unique().tolist()
    glossary = data.load("glossary")
    names += [t for col in glossary.columns if col != "key" for t in glossary[col].dropna().astype(str)]
    for name in data.names():
        m = data.meta(name)
        names += [
            restored(m[k][lang]) for k in ("description", "processing") if isinstance(m.get(k), dict) for lang in LANGS
        ]
    return Checker(out, verbatim, names)


def svg_renderer() -> Callable[[dict], str]:
    """``spec -> svg`` with vl-convert, each spec drawn once."""
    import vl_convert

    cache: dict[str, str] = {}

    def draw(spec: dict) -> str:
        key = json.dumps(spec, sort_keys=True)
        if key not in cache:
            cache[key] = vl_convert.vega_to_svg(spec)
        return cache[key]

    return draw


def built_pages(html_root: Path) -> dict[str, tuple[str, str]]:
    """Every page of both editions under ``html_root`` (not search and index pages), with its language."""
    pages = {}
    for path in sorted(html_root.rglob("*.html")):
        rel = path.relative_to(html_root).as_posix()
        if "_static/" in rel or rel.startswith("_") or Path(rel).name in ("search.html", "genindex.html", "index.html"):
            continue
        pages[rel] = (path.read_text(encoding="utf-8"), "en" if rel.startswith("en/") else "zh")
    return pages
