"""English notation of stated values: the examples the English edition needs, and every row of the data reads."""

import pytest

from materials_book import data, quantities


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3026, "t"), "3,026 t"),
        ((90, "%", "about"), "about 90%"),
        ((60, "%", "more_than"), "more than 60%"),
        ((1.2e8, "t", "about"), "about 120 Mt"),
        ((5e12, "CNY"), "5 trillion yuan"),
        ((8.7e12, "CNY"), "8.7 trillion yuan"),
        ((3.5e9, "CNY"), "3.5 billion yuan"),
        ((75, "%", "range", 70, 80), "70–80%"),
        ((0.5, "number", "nearly"), "nearly half"),
        ((58.3, "%", "about"), "about 58.3%"),
        ((0, "t"), "0 t"),
        ((50, "times"), "50×"),
        ((4, "years", "range", 3, 5), "3–5 years"),
        ((12, "inch"), "12-inch"),
        ((8, "rank"), "number 8"),
        ((3e7, "USD"), "30 million US dollars"),
    ],
)
def test_english_notation(args, expected):
    assert quantities.english(*args) == expected


def test_every_stated_row_has_an_english_form_without_chinese():
    import re

    facts = data.all_facts()
    for row in facts.itertuples():
        text = quantities.english_row(row)
        assert text and not re.search(r"[\u3400-\u9fff]", text), (row.id, text)
