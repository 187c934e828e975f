"""A stated value in English notation (3,026 t; about 90%; more than 60%; 120 Mt; 5 trillion yuan), built from the
row's number, unit and qualifier. The document's own writing stays in ``value_as_written`` (tooltips, quotes, data
tables); this is what English labels and sentences show. Numbers are never rounded here beyond their own digits."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from typing import overload

from .labels import QUALIFIER_LABELS, QUALIFIER_WORDS
from .labels import qualifier as qualifier_label

# unit -> (large-number steps as (threshold, divisor, word)), spelled after the number
SCALES = {
    "t": ((1e6, 1e6, "Mt"), (0, 1, "t")),
    "tce": ((1e9, 1e9, "billion tce"), (1e6, 1e6, "million tce"), (0, 1, "tce")),
    "CNY": ((1e12, 1e12, "trillion yuan"), (1e9, 1e9, "billion yuan"), (1e6, 1e6, "million yuan"), (0, 1, "yuan")),
    "USD": ((1e9, 1e9, "billion US dollars"), (1e6, 1e6, "million US dollars"), (0, 1, "US dollars")),
    "JPY": ((1e9, 1e9, "billion yen"), (0, 1, "yen")),
    "KRW": ((1e12, 1e12, "trillion won"), (0, 1, "won")),
    "m2": ((1e6, 1e6, "million m²"), (0, 1, "m²")),
    "m3": ((1e9, 1e9, "billion m³"), (0, 1, "m³")),
    "in2": ((1e6, 1e6, "million in²"), (0, 1, "in²")),
    "persons": ((1e6, 1e6, "million people"), (0, 1, "people")),
}
SUFFIX = {
    "%": "%",
    "pp": " percentage points",
    "years": " years",
    "days": " days",
    "minutes": " minutes",
    "times": "×",
    "nm": " nm",
    "μm": " μm",
    "inch": "-inch",
    "°C": " °C",
    "MW": " MW",
    "mAh/cm2": " mAh/cm²",
    "generation": "th generation",
    "doublings": " doubling",
    "count": "",
    "number": "",
    "rank": "",
}
FRACTIONS = {0.5: "half", 0.25: "a quarter", 1 / 3: "a third", 2 / 3: "two thirds", 0.75: "three quarters"}


def plain(value: float) -> str:
    """A number with thousands separators and only the digits it has (3026 -> 3,026; 58.3 -> 58.3)."""
    return _trimmed(f"{value:,.6f}")


def exact(value: float) -> str:
    """A stated number with thousands separators and all its digits (1,234,567.891 t is 1.234567891 Mt, not
    1.234568): its 15 significant digits, beyond which a float's last bit, not the document, speaks."""
    return _trimmed(f"{Decimal(f'{value:.15g}'):,f}") if math.isfinite(value) else plain(value)


def _trimmed(text: str) -> str:
    """A number's text without the zeros after its last digit, and 0 for -0."""
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def _scaled(values: list[float], unit: str) -> tuple[list[float], str]:
    steps = SCALES[unit]
    top = max(abs(v) for v in values)
    threshold, divisor, word = next(s for s in steps if top >= s[0])
    return [v / divisor for v in values], word


def english(
    value: float, unit: str, qualifier: str = "exact", low: float | None = None, high: float | None = None
) -> str:
    """``value`` (or the range ``low``–``high``) in ``unit`` as English text, with its qualifier word."""
    numbers = (
        [low, high] if low is not None and high is not None and not (math.isnan(low) or math.isnan(high)) else [value]
    )
    is_range = len(numbers) == 2
    word = QUALIFIER_LABELS[qualifier][1] if qualifier not in ("exact", "range", "target") else ""
    if unit == "number" and not is_range:
        fraction = next((name for f, name in FRACTIONS.items() if math.isclose(value, f)), None)
        if fraction:
            return f"{word} {fraction}".strip()
    if unit in SCALES:
        numbers, after = _scaled(numbers, unit)
        after = " " + after
    else:
        after = SUFFIX.get(unit, f" {unit}")
    if unit == "generation":
        after = "th generation" if all(float(n).is_integer() for n in numbers) else " generation"
    text = "–".join(exact(n) for n in numbers) + after
    if unit == "rank":
        text = f"number {text}"
    return f"{word} {text}".strip()


def english_row(row) -> str:
    """:func:`english` of a facts row (a pandas Series or a namedtuple with value, unit, qualifier, value_low/high)."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    return english(float(get("value")), get("unit"), get("qualifier", "exact"), get("value_low"), get("value_high"))


# --- the display rule: what every page shows of a value ---------------------------------------------------------------
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# The text extraction of document 003 lost its superscripts: "3.708×107 t" is 3.708×10⁷ t, "m3" is m³.
_FLAT_POWER = re.compile(r"×10(\d{1,2})(?!\d)")
_FLAT_UNIT = re.compile(r"(?<=[\d\s×/])((?:c|k)?m|in)([23])(?![\w])")
_MANTISSA = re.compile(r"\d[\d,]*(?:\.\d+)?")


@overload
def restored(text: str) -> str: ...
@overload
def restored(text: None) -> None: ...
def restored(text: str | None) -> str | None:
    """``text`` as the document printed it: flattened powers of ten and of units written as superscripts again
    (3.708×107 t -> 3.708×10⁷ t, 3.28×1011 m3 -> 3.28×10¹¹ m³). Data keep the extraction verbatim."""
    if not isinstance(text, str):
        return text
    text = _FLAT_POWER.sub(lambda m: "×10" + m.group(1).translate(SUPERSCRIPTS), text)
    return _FLAT_UNIT.sub(lambda m: m.group(1) + m.group(2).translate(SUPERSCRIPTS), text)


def significant_digits(written: str | None) -> int | None:
    """How many significant digits a value as written has (1.96×107 t: 3; 约6万亿元: 1; 8000亿元: 1; 58.3%: 3);
    trailing zeros of a whole number are not counted. None when nothing numeric is written."""
    if not isinstance(written, str):
        return None
    m = _MANTISSA.search(_FLAT_POWER.sub("", written))
    if m is None:
        return None
    digits = m.group(0).replace(",", "")
    whole, _, frac = digits.partition(".")
    core = (whole + frac).lstrip("0")
    if not frac:
        core = core.rstrip("0")
    return max(1, len(core))


def to_digits(value: float, digits: int | None) -> float:
    """``value`` rounded to ``digits`` significant digits (unchanged for None or 0), a tie to the larger number as
    JavaScript's toPrecision (and so the page's d3 format) rounds it: 28,500 to two digits is 29,000, not 28,000."""
    if digits is None or value == 0 or not math.isfinite(value):
        return value
    exact = Decimal(float(value))
    step = Decimal(1).scaleb(exact.adjusted() - int(digits) + 1)
    return float(exact.quantize(step, rounding=ROUND_HALF_UP if value > 0 else ROUND_HALF_DOWN))


def derived_digits(input_written: list[str | None]) -> int:
    """The significant digits a value computed from inputs may show: those of its least precise input, at least
    two (a share of 约6 in 51.8 shows 12%, not 11.6%)."""
    counts = [d for d in (significant_digits(w) for w in input_written) if d is not None]
    return max(2, min(counts)) if counts else 3


def significant(value: float, digits: int) -> str:
    """``value`` to ``digits`` significant digits with thousands separators, trailing zeros kept (d3's ``,.Nr``, so
    that a chart computing in the page writes the same text: 1028 -> 1,030 and 2 -> 2.0 with 3 and 2 digits)."""
    if value == 0:  # as d3 writes it: 0.0 with two digits
        return "0" + ("." + "0" * (digits - 1) if digits > 1 else "")
    if not math.isfinite(value):
        return plain(value)
    rounded = to_digits(value, digits)
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(rounded)))))
    return f"{rounded:,.{decimals}f}"


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


_ZH_AFTER = {"more_than": "以上"}  # Chinese qualifiers written after the number; the others stand before it


def shown(row, lang: str) -> str:
    """A value as every chart, table and sentence shows it: the document's own writing in Chinese (superscripts
    restored), English notation in English (its words joined by no-break spaces, so that a line never ends between
    "about 400" and "t"). A derived value shows no more digits than its least precise input, with its qualifier."""
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    value, unit, q = float(get("value")), get("unit"), get("qualifier", "exact")
    derived = get("kind") == "derived"
    if derived:
        value = to_digits(value, int(get("digits")) if _given(get("digits")) else 2)
    if lang == "zh":
        word = qualifier_label(q, "zh") if q not in ("exact", "range", "target") else ""
        written = get("value_as_written")
        if not derived and isinstance(written, str):
            # a qualifier the quote writes outside the value (约 80%) is written beside it here
            written = restored(written)
            said = any(w in written for w in QUALIFIER_WORDS.get(q, ((),))[0])
            return written if said or not word else (written + word if q in _ZH_AFTER else word + written)
        number = plain(value) + ("%" if unit == "%" else f" {unit}")
        return number + word if q in _ZH_AFTER else word + number
    low, high = (None, None) if derived else (get("value_low"), get("value_high"))
    return english(value, unit, q, low, high).replace(" ", "\xa0")
