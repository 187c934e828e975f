"""Chapter texts: looked up by key and language, names from the glossary, counts and words from the data."""

import pytest

from materials_book import data, labels
from materials_book.chapters import frames, minerals_roadmap, status, supply_chain_monitor, tis_comparison
from materials_book.quantities import significant


def test_texts_fill_placeholders_and_fall_back_to_shared_words():
    text = labels.Texts({"hello": ("你好，{name}", "hello, {name}")})
    assert text("hello", "zh", name="甲") == "你好，甲" and text("hello", "en", name="A") == "hello, A"
    assert text("as_written", "zh") == "原文数值" and text("as_written", "en") == "as written"
    with pytest.raises(KeyError, match="as_written"):
        labels.Texts({"as_written": ("原文", "source")})


def test_count_words():
    assert [labels.count_word(n, "zh") for n in (2, 6, 10, 12)] == ["两", "六", "十", "12"]
    assert [labels.count_word(n, "en") for n in (0, 6, 11)] == ["zero", "six", "11"]


def test_region_names_come_from_the_glossary_with_variants():
    assert frames.region_names("en")["EU"] == "European Union"
    assert frames.region_names("en", EU="region_eu_abbr")["EU"] == "EU"
    assert frames.region_names("zh", JP="region_jp_firms")["JP"] == "日本企业"
    assert set(frames.region_names("zh")) == set(frames.REGIONS)


def test_every_region_the_chapters_name_has_a_name():
    named = ("localization", "paper_costs", "tis_measures_table", "minerals_recycling", "bulletin_monitor")
    regions = {r for name in named for r in data.load(name)["region"].dropna()}
    assert regions <= set(frames.REGIONS)


def test_coverage_sentence_counts_chinas_strategies():
    m = tis_comparison.matrix(list(tis_comparison.REGIONS), "all", "zh")
    assert tis_comparison.coverage_sentence(m, "zh").startswith("中国的六项战略覆盖了6项功能")
    fewer = m.assign(n=m["n"].where(~((m["region"] == "CN") & (m["function"] == "tis.1")), 0))
    assert tis_comparison.coverage_sentence(fewer, "zh").startswith("中国的五项战略覆盖了5项功能（未覆盖：")
    assert tis_comparison.coverage_sentence(fewer, "en").startswith("China's five strategies cover 5 functions")


def test_case_sentence_says_zero_only_for_zero(monkeypatch):
    assert "in August imports fell to zero;" in supply_chain_monitor.case_sentence("en")
    assert "8 月降至零；" in supply_chain_monitor.case_sentence("zh")
    load = data.load

    def changed(name):
        df = load(name)
        if name == "bulletin_monitor":
            row = df["id"] == "b004.hf.japan_imports.2019_08"
            df.loc[row, ["value", "value_as_written"]] = [12.0, "12吨"]
        return df

    monkeypatch.setattr(data, "load", changed)  # frames.load reads through data.load
    sentence = supply_chain_monitor.case_sentence("en")
    assert "zero" not in sentence and "in August imports fell to 12\xa0t;" in sentence


def test_dominance_of_a_class_without_figures_is_a_sentence():
    df = status.dominance("display", "zh")
    assert df.empty
    assert status.dominance_view(df, "en").data.startswith("The source gives no output-share")


def test_chain_shares_read_the_part_role_of_derived_inputs():
    df = minerals_roadmap.chain_frame(frames.load("minerals_chain"), "en")
    links = df[~df["is_total"]]
    assert (links["share"].str.endswith("% (derived)")).all() and df[df["is_total"]]["share"].eq("").all()
    total = df[df["is_total"]]["value"].iloc[0]
    # each part over the total, to the digits of the least precise input (约6 of 51.8: two), with "about"
    expected = [f"about\xa0{significant(v / total * 100, 2)}% (derived)" for v in links["value"]]
    assert links["share"].tolist() == expected == [f"about\xa0{s}% (derived)" for s in ("12", "77", "9.7", "1.5")]
