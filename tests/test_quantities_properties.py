"""Properties of English notation: any stated value in any unit and qualifier gets an English text, and the number
in that text reads back as the stored value (no digit rounded away by a scale word)."""

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from materials_book import quantities
from materials_book.labels import QUALIFIER_LABELS

# a stated value: at most 15 significant digits (documents write up to 6), from 0.0001 to 100 billion
STATED = st.decimals(min_value=0, max_value=Decimal("1e11") - 1, places=4, allow_nan=False, allow_infinity=False)
UNITS = st.sampled_from(sorted(quantities.SCALES) + sorted(quantities.SUFFIX) + ["km", "kWh"])
QUALIFIERS = st.sampled_from(sorted(QUALIFIER_LABELS))
# the scale word of each step, longest first: "billion tce" before "tce"
STEPS = sorted(((word, d) for steps in quantities.SCALES.values() for _, d, word in steps), key=lambda s: -len(s[0]))


def _read_back(text: str, unit: str) -> list[Decimal]:
    """The numbers of an English text times the divisor of its scale word."""
    divisor = next((d for word, d in STEPS if text.endswith(" " + word)), 1) if unit in quantities.SCALES else 1
    return [Decimal(n.replace(",", "")) * Decimal(divisor) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


@given(value=st.floats(allow_nan=False, allow_infinity=False), unit=UNITS, qualifier=QUALIFIERS)
def test_any_value_has_an_english_text_without_chinese(value, unit, qualifier):
    text = quantities.english(value, unit, qualifier)
    assert text and not re.search(r"[\u3400-\u9fff]", text) and "nan" not in text, text


@given(value=STATED, unit=UNITS, qualifier=QUALIFIERS)
def test_the_number_shown_reads_back_as_the_stored_value(value, unit, qualifier):
    text = quantities.english(float(value), unit, qualifier)
    if unit == "number" and not re.search(r"\d", text):  # a fraction in words: half, a third
        return
    assert _read_back(text, unit)[-1] == value.normalize(), text


@given(low=STATED, high=STATED, unit=UNITS)
def test_both_ends_of_a_range_read_back(low, high, unit):
    text = quantities.english(float(high), unit, "range", float(low), float(high))
    assert _read_back(text, unit)[-2:] == [low.normalize(), high.normalize()], text


@given(text=st.text(max_size=40))
def test_restoring_superscripts_is_idempotent_and_keeps_the_digits_count(text):
    once = quantities.restored(text)
    assert quantities.restored(once) == once
    assert quantities.significant_digits(once) in (quantities.significant_digits(text), None) or "×10" in text
