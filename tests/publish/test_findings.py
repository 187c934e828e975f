"""Key findings on the landing page: 6–10 sentences whose numbers are the rows' own (never typed), qualifiers kept,
each linked to its chapter section and to its sentences on the quotes page."""

import re

import pytest

from materials_book import data, escape, quantities
from materials_book.publish import findings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_glue_their_numbers_from_the_data(lang):
    facts = data.all_facts().set_index("id")
    found = findings.findings(lang)
    assert 6 <= len(found) <= 10
    for f in found:
        template = dict(zip(("zh", "en"), next(x[2:] for x in findings.FINDINGS if x[0] == f["rows"])))[lang]
        dates = r"\{\d\}|\b(19|20)\d\d\b|\d{1,2} 月"  # placeholders, years and months may be written
        assert not re.search(r"\d", re.sub(dates, "", template)), f"a quantity typed into: {template}"
        for row_id in f["rows"]:
            row = facts.loc[row_id]
            value = quantities.shown(row, lang)  # the display rule: what every page shows of a value
            assert escape.markdown(value) in f["text"], (row_id, value)


def test_about_and_more_than_are_kept():
    en = " ".join(f["text"] for f in findings.findings("en")).replace("\xa0", " ")
    assert "about 36.7" in en and "more than 130" in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_finding_links_its_section_and_sentences(lang):
    text = findings.findings_markdown(lang)
    for f in findings.findings(lang):
        assert f"<{f['label']}>`" in text
        for row_id in f["rows"]:
            assert f'href="generated/quotes.html#row-{row_id}"' in text
