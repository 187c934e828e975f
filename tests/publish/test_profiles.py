"""Material profile pages: one per profile in both editions, found by search in both names, linked from the
glossary, every row of their entities shown with a link to its sentence."""

import json
import re

import pytest

from materials_book import data, paths
from materials_book.chapters import frames
from materials_book.publish import profiles

pytestmark = pytest.mark.slow
TAXONOMY = data.load("taxonomy")


@pytest.mark.parametrize("edition", ["", "en/"])
def test_every_profile_has_a_page_with_every_row_of_its_entities(edition):
    facts = data.all_facts()
    for p in TAXONOMY.itertuples():
        html = (paths.HTML / f"{edition}generated" / f"{profiles.page_name(p.profile)}.html").read_text(
            encoding="utf-8"
        )
        ids = facts[facts["entity"].isin(p.entities.split(";"))]["id"]
        linked = set(re.findall(r'href="quotes.html#row-([a-z0-9_.\-]+)"', html))
        assert set(ids) == linked, f"{p.profile}: rows without a link to their sentence: {set(ids) - linked}"


@pytest.mark.parametrize(("edition", "names"), [("", "zh"), ("en/", "en")])
def test_search_finds_a_profile_by_its_names(edition, names):
    index = (paths.HTML / f"{edition}searchindex.js").read_text(encoding="utf-8")
    titles = " ".join(json.loads(index[index.index("(") + 1 : index.rindex(")")])["titles"])
    for p in TAXONOMY.itertuples():  # a page's title ranks first; the other edition's name stands in its text
        html = (paths.HTML / f"{edition}generated" / f"{profiles.page_name(p.profile)}.html").read_text(
            encoding="utf-8"
        )
        assert getattr(p, names) in titles and (p.en if names == "zh" else p.zh) in html, p.profile


def test_the_glossary_links_a_term_to_its_profile():
    html = (paths.HTML / "en" / "generated" / "glossary.html").read_text(encoding="utf-8")
    for key, profile in profiles.profile_of().items():
        if key in set(data.load("glossary")["key"]):
            assert f'href="{profiles.page_name(profile)}.html"' in html, key


def test_each_profile_s_rows_are_a_download():
    for p in TAXONOMY.itertuples():
        csv = paths.HTML / "_static" / "downloads" / "materials" / f"{profiles.page_name(p.profile)}.csv"
        assert csv.read_text(encoding="utf-8-sig").startswith("id,"), p.profile


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_profile_chart_is_valid_vega_lite(lang):
    """Pages are built without Altair's schema check (a third of their time): it runs here, on every chart."""
    facts, regions, checked = profiles._facts(), frames.region_names(lang), 0
    for _, p in profiles.taxonomy().iterrows():
        for g in profiles.series(profiles.rows_of(p, facts)):
            profiles.series_chart(p, g, lang, regions).to_dict(validate=True)
            checked += 1
    assert checked >= 9  # the 9 series of two or more years in the current data


def test_a_kept_profile_page_is_the_page_made_afresh_and_follows_its_rows(tmp_path, monkeypatch):
    from materials_book.checks import reconcile

    with paths.use(cache=tmp_path):
        tax, facts, pairs = profiles.taxonomy(), profiles._facts(), reconcile.same_figures()
        charts, shared = profiles.chapter_charts("en"), profiles._read_by_pages()
        profile = tax.iloc[0]
        rows = profiles.rows_of(profile, facts)
        made = profiles.profile_page(profile, tax, rows, charts, pairs, "en")
        assert profiles.kept_page(profile, tax, rows, charts, pairs, "en", shared) == made
        calls, real = [], profiles.profile_page
        monkeypatch.setattr(profiles, "profile_page", lambda *args: calls.append(args) or real(*args))
        assert profiles.kept_page(profile, tax, rows, charts, pairs, "en", shared) == made and calls == []
        edited = rows.copy()
        edited.loc[edited.index[0], "section"] = "editedsection"
        again = profiles.kept_page(profile, tax, edited, charts, pairs, "en", shared)
        assert len(calls) == 1 and "editedsection" in again[0] and "editedsection" not in made[0]
        profiles.kept_page(profile, tax, rows, charts, pairs, "zh", shared)  # the other edition is its own page
        profiles.kept_page(profile, tax, rows, charts, pairs, "en", shared + b"another data set")
        assert len(calls) == 3
