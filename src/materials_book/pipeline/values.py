"""Parse a value as written in a document ("80%左右", "70%~80%", "1.3×107 t") into numbers and a unit.

Rules (documented in data/sources/README.md):
- ``a~b`` / ``a～b`` / ``a—b`` / ``a-b`` / ``a至b`` is a range; the unit may follow either end or both.
- Flattened exponents: ``1.3×107`` is 1.3×10^7 (the PDF extraction lost the superscript).
- Qualifier words (约, 左右, 以上, 多, 近, ...) are not part of the unit, also inside it (``7万多吨`` is 万吨).
- Chinese numerals (一…九, 两, 十, 百, 千: 十二, 二十二, 一百二十, 百) are read as numbers; 一半 / 半 is 0.5.
- Fractions ``1/3`` and ``三分之一`` are read as the number 1/3 (a share of one, unit "").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .. import paths
from ..yamlfile import SourceError, load_yaml, name
from .yamlio import entry_problems, text_problems

# Words around a number that are not its unit (longer words first: 约为 before 约, 及以上 before 以上); 第 marks a rank.
QUALIFIER_WORDS = (
    "约为",
    "约合",
    "约占",
    "约有",
    "约",
    "不低于",
    "至少",
    "不超过",
    "突破",
    "最高",
    "左右",
    "前后",
    "前",
    "及以上",
    "及以下",
    "第",
    "以上",
    "以下",
    "以内",
    "超过",
    "超",
    "不足",
    "不到",
    "多",
    "余",
    "近",
    "仅为",
    "仅",
    "达到",
    "达",
    "逾",
    "上下",
)
_PLACES = {"十": 10, "百": 100, "千": 1000}
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH = "零一二两三四五六七八九十百千"
_NUM = rf"(?:\d+/\d+|[{_ZH}]+分之[{_ZH}]+|一?半|\d+(?:,\d{{3}})*(?:\.\d+)?(?:×10\d+)?|[{_ZH}]+)"
_RANGE_SEP = r"[~～—–\-‒至到]"
_UNIT = r"(?:\D*?[A-Za-z]\d|\D*)"  # non-digits, or a unit ending in a power such as m2, in2, m3


class ValueParseError(ValueError):
    pass


@dataclass(frozen=True)
class Parsed:
    low: float
    high: float | None  # None unless a range
    unit_as_written: str


UNIT_FIELDS = {"unit": str, "factor": (int, float), "zh": str, "en": str}


@paths.cached
def units() -> dict:
    """The unit table: as written -> {unit, factor, zh, en}; SourceError names the unit and field of a bad entry."""

    table = load_yaml(paths.UNITS, text_keys=True)  # units as written: plain text, not ids
    where = name(paths.UNITS)
    if not isinstance(table, dict):
        raise SourceError(f"{where}: must map each unit as written to {{unit, factor, zh, en}}")
    problems = [p for key in table for p in text_problems(where, "unit as written", str(key))]
    problems += entry_problems(
        where,
        table,
        "unit",
        UNIT_FIELDS,
        check=lambda at, _, e: [f"{at}: factor must be positive, not {e['factor']}"] if not e["factor"] > 0 else [],
    )
    if problems:
        raise SourceError("\n".join(problems))
    return {str(k): v for k, v in table.items()}


def _chinese(text: str) -> int:
    """A Chinese numeral below 10000: 七, 十二, 二十二, 一百二十, 百, 两千零五."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _PLACES:
            total += (1 if digit is None else digit) * _PLACES[ch]
            digit = None
        else:
            raise ValueParseError(f"cannot read number {text!r}")
    return total + (digit or 0)


def read_number(text: str) -> float:
    """One number as written: Arabic (with flattened exponent), a fraction, or a Chinese numeral."""
    text = text.replace(",", "")
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)×10(\d+)", text):  # in decimal: 3.28×107 is 32800000, not 32799999.99…
        return _finite(float(Decimal(m.group(1)).scaleb(int(m.group(2)))), text)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _finite(float(text), text)
    if m := re.fullmatch(r"(\d{1,300})/(\d{1,300})", text):
        return _ratio(int(m.group(1)), int(m.group(2)), text)
    if m := re.fullmatch(r"(.+)分之(.+)", text):
        return _ratio(_chinese(m.group(2)), _chinese(m.group(1)), text)
    if text in ("半", "一半"):
        return 0.5
    if text and re.fullmatch(rf"[{_ZH}]+", text):
        return float(_chinese(text))
    raise ValueParseError(f"cannot read number {text!r}")


def _finite(number: float, text: str) -> float:
    if not math.isfinite(number):
        raise ValueParseError(f"cannot read number {text!r}: too large")
    return number


def _ratio(part: int, whole: int, text: str) -> float:
    if whole == 0:
        raise ValueParseError(f"cannot read number {text!r}: a fraction of zero")
    return _finite(part / whole, text)


def _strip_qualifiers(text: str) -> str:
    text = re.sub(r"^(万亿|亿|万|千|百)(多|余)", r"\1", text)  # 7万多吨 -> 万吨
    changed = True
    while changed:
        changed = False
        for word in QUALIFIER_WORDS:
            if text.startswith(word):
                text, changed = text[len(word) :], True
            if text.endswith(word):
                text, changed = text[: -len(word)], True
    return text


def parse(value_as_written: str) -> Parsed:
    """Read ``value_as_written``; raise ValueParseError if it is not one number or one range."""
    text = re.sub(r"\s+", "", value_as_written)
    core = _strip_qualifiers(text)
    m = re.fullmatch(rf"({_NUM})(\D*?){_RANGE_SEP}({_NUM})({_UNIT})", core)
    if m:
        unit_a, unit_b = _strip_qualifiers(m.group(2)), _strip_qualifiers(m.group(4))
        if unit_a and unit_b and unit_a != unit_b:
            raise ValueParseError(f"range {value_as_written!r} has two different units")
        return Parsed(read_number(m.group(1)), read_number(m.group(3)), unit_b or unit_a)
    m = re.fullmatch(rf"({_NUM})({_UNIT})", core)
    if m:
        return Parsed(read_number(m.group(1)), None, _strip_qualifiers(m.group(2)))
    raise ValueParseError(f"{value_as_written!r} is not a number or a range followed by a unit")


def normalize_unit(unit_as_written: str) -> tuple[str, float]:
    """(normalized unit, factor) for a unit as written; KeyError names the missing unit."""
    key = re.sub(r"\s+", "", unit_as_written)
    table = units()
    if key not in table:
        raise KeyError(f"unit {unit_as_written!r} is not in {paths.UNITS.name}; add it there")
    return table[key]["unit"], float(table[key]["factor"])
