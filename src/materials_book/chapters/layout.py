"""Text layout for charts that take their column's width, from a 390 px phone to a desktop: the px sizes, text
widths estimated from the fonts' advance widths, line wrapping for both languages, titles in lines."""

from __future__ import annotations

import json
import re
from typing import Any

import altair as alt

PHONE = 330  # px: the plot a chart must fit on a 390 px phone (a 342 px drawing less its padding)


WIDE = 730  # px: the plot of a desktop column (a 768 px drawing)


NARROW_BELOW = 500  # px: containers narrower than this get the phone's line breaks in titles


LINE = 15  # px: one line of 12 px text


BAR = 14  # px: thickness of a bar or range


GAP = 12  # px: between two rows


PAD = 5  # px: padding around a chart


# Advance widths (1/100 em) of ASCII 32–126, the wider of the Latin and the CJK font; anything else counts 1 em.
_ASCII = (
    32,
    40,
    47,
    84,
    64,
    95,
    78,
    28,
    39,
    39,
    50,
    84,
    32,
    36,
    32,
    39,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    64,
    34,
    34,
    84,
    84,
    84,
    53,
    100,
    68,
    69,
    70,
    77,
    63,
    58,
    77,
    75,
    29,
    53,
    66,
    56,
    86,
    75,
    79,
    63,
    79,
    69,
    63,
    61,
    73,
    68,
    99,
    69,
    61,
    69,
    39,
    39,
    39,
    84,
    56,
    61,
    61,
    63,
    55,
    63,
    62,
    35,
    63,
    63,
    28,
    28,
    58,
    28,
    97,
    63,
    61,
    63,
    63,
    41,
    52,
    39,
    63,
    59,
    82,
    59,
    59,
    52,
    64,
    34,
    64,
    84,
)


_NARROW = {
    "\xa0": 32,
    "·": 38,
    "–": 54,
    "’": 38,
    "‘": 38,
    "×": 84,
    "°": 40,
    "μ": 64,
    "é": 62,
    **{c: 44 for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"},
}


_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f《》“”]|[^ \t\n\u2e80-\u9fff\uf900-\ufaff"
    r"\uff00-\uffef\u3000-\u303f《》“”]+|[ \t\n]+"
)  # a no-break space (U+00A0) joins


_NO_LINE_START = set("，。、；：？！）》」』”%％")


_NO_LINE_END = set("（《「『“")


def text_width(text: str, font: float = 12, bold: bool = False) -> float:
    """Estimated width in px of ``text`` set at ``font`` px (bold about 8% wider)."""
    units = sum(_ASCII[ord(c) - 32] if 32 <= ord(c) < 127 else _NARROW.get(c, 100) for c in text)
    return units / 100 * font * (1.08 if bold else 1.0)


def wrap(text: str, px: float = PHONE, font: float = 12, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``px``: between words in English, between characters in Chinese
    (never before a closing or after an opening punctuation mark, after a comma where one is near); a word longer than
    a line keeps a line of its own. Lines are balanced: as narrow as they can be without needing one more line."""
    greedy = _wrap(text, px, font, bold)
    if len(greedy) < 2:
        return greedy
    lo, hi = px * 0.5, px
    while hi - lo > 2:
        mid = (lo + hi) / 2
        if len(_wrap(text, mid, font, bold)) > len(greedy):
            lo = mid
        else:
            hi = mid
    return _wrap(text, hi, font, bold)


def _wrap(text: str, px: float, font: float, bold: bool) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(str(text)):
        if not token.strip(" \t\n"):
            line += " " if line else ""
            continue
        candidate = line + token
        if (
            not line
            or text_width(candidate.rstrip(), font, bold) <= px
            or token[0] in _NO_LINE_START
            or (line[-1] in _NO_LINE_END)
        ):
            line = candidate
        else:
            # Chinese: break after the last comma-like mark in the second half of the line, if there is one
            cut = max(line.rfind(m) for m in "，；、：")
            if cut >= len(line) / 2 and cut < len(line) - 1:
                lines.append(line[: cut + 1])
                line = line[cut + 1 :] + token
            else:
                lines.append(line.rstrip())
                line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def lines(text: str, px: float = PHONE, font: float = 12, bold: bool = False) -> str:
    """:func:`wrap` joined by newlines, for a text mark with ``lineBreak="\\n"`` or an axis label split in Vega."""
    return "\n".join(wrap(text, px, font, bold))


def title(text: str, subtitle: str | None = None) -> alt.Title:
    """A chart title that fits its column: on one line where there is room, in the phone's lines in a narrow
    container; the subtitle in lines that fit a phone."""
    narrow, wide = wrap(text, PHONE, 15, bold=True), wrap(text, WIDE, 15, bold=True)
    head: str | list[str] | alt.ExprRef
    if narrow == wide:
        head = wide[0] if len(wide) == 1 else wide
    else:
        head = alt.ExprRef(
            expr=f"containerSize()[0] < {NARROW_BELOW} ? {json.dumps(narrow, ensure_ascii=False)} : "
            f"{json.dumps(wide if len(wide) > 1 else wide[0], ensure_ascii=False)}"
        )
    extra: dict[str, Any] = {"subtitle": wrap(subtitle, PHONE, 12)} if subtitle else {}
    return alt.Title(head, **extra)
