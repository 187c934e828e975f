"""Properties of the as-written value parser: any text is read or refused with ValueParseError (never another
exception), and a number written the way documents and pages write it reads back as itself."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from materials_book import quantities
from materials_book.pipeline import values

# what documents write around numbers: digits, separators, Chinese numerals, qualifier words, units, ranges
PIECES = st.sampled_from(
    list("0123456789.,/×~～—-至到十百千万亿两一半分之 %")
    + list(values.QUALIFIER_WORDS)
    + ["t", "万吨", "m2", "10", "×10"]
)
WRITTEN = st.one_of(st.text(max_size=30), st.lists(PIECES, max_size=12).map("".join))
# a decimal as a document writes it: up to 12 significant digits, with thousands separators or without
DECIMALS = st.decimals(min_value=0, max_value=Decimal("1e12"), places=3, allow_nan=False, allow_infinity=False)
UNITS = st.sampled_from(["t", "万吨", "%", "亿元", "km", "mAh/cm2", ""])


def _read(text: str):
    try:
        return values.parse(text)
    except values.ValueParseError as exc:
        message = str(exc)
        assert "\n" not in message, message
        return exc


@given(text=WRITTEN)
def test_any_text_is_read_as_numbers_or_refused_with_a_parse_error(text):
    got = _read(text)
    if isinstance(got, values.Parsed):
        assert got.low == got.low and got.low not in (float("inf"), float("-inf")), text
        assert got.high is None or got.high == got.high, text


@given(number=DECIMALS, unit=UNITS, word=st.sampled_from(["", "约", "近", "超过"]), after=st.sampled_from(["", "左右"]))
def test_a_written_number_reads_back_as_itself(number, unit, word, after):
    written = f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"
    for text in (written, f"{Decimal(written):,f}"):
        got = values.parse(f"{word}{text}{unit}{after}")
        assert (got.low, got.high, got.unit_as_written) == (float(Decimal(written)), None, unit), text


@given(low=DECIMALS, high=DECIMALS, unit=UNITS, sep=st.sampled_from(["~", "～", "—", "至"]))
def test_a_written_range_reads_back_as_its_ends(low, high, unit, sep):
    got = values.parse(f"{low}{sep}{high}{unit}")
    assert (got.low, got.high, got.unit_as_written) == (float(low), float(high), unit)


@given(mantissa=st.decimals(min_value=1, max_value=Decimal("9.999"), places=3), power=st.integers(2, 15))
def test_a_flattened_exponent_is_read_in_decimal(mantissa, power):
    """3.28×107 is 32,800,000 exactly, as the document printed it, not the float product 32,799,999.999999996."""
    got = values.parse(f"{mantissa}×10{power} t")
    assert got.low == float(mantissa.scaleb(power)) and got.unit_as_written == "t"


@given(value=DECIMALS, digits=st.integers(1, 6))
def test_what_a_page_shows_reads_back_as_the_value_it_rounded(value, digits):
    """A derived value shown to its digits (1,030 for 1028 with three) is read back as that rounded value."""
    shown = quantities.significant(float(value), digits)
    assert values.parse(shown + "t").low == quantities.to_digits(float(value), digits), shown
