"""Roadmap computations on known inputs, including the edges."""

import pandas as pd
import pytest

from materials_book.chapters import minerals_roadmap as roadmap


def points(rows):
    return pd.DataFrame(rows, columns=["entity", "year", "value"])


TWO = points(
    [("li", 2020, 100.0), ("li", 2035, 100.0 * 1.1**15), ("cu", 2020, 50.0), ("cu", 2025, 60.0), ("cu", 2035, 80.0)]
)


def test_milestones_are_not_derived_and_gaps_are():
    assert roadmap.value_at(TWO[TWO.entity == "li"], 2020) == (100.0, False)
    value, derived = roadmap.value_at(TWO[TWO.entity == "li"], 2030)
    assert derived and value == pytest.approx(100 * 1.1**10)


def test_outside_the_milestones_is_none():
    only = points([("x", 2025, 10.0), ("x", 2035, 20.0)])
    assert roadmap.value_at(only, 2020) is None
    assert roadmap.value_at(only, 2040) is None


def test_path_marks_interpolated_years():
    p = roadmap.path(TWO[TWO.entity == "cu"])
    assert not p[p.year == 2025].derived.item()
    assert p[p.year == 2030].derived.item()
    assert len(p) == 16


@pytest.mark.parametrize("share", [0.0, 1.0, 0.3])
def test_scenario_split(share):
    s = roadmap.scenario(TWO, demand_scale=1.5, recycling_share=share, base_year=2020, horizon=2035).set_index("entity")
    assert s.loc["cu", "scenario_horizon"] == pytest.approx(120.0)
    assert s.loc["cu", "secondary"] == pytest.approx(120.0 * share)
    assert s.loc["cu", "primary"] == pytest.approx(120.0 * (1 - share))
    assert not s.loc["cu", "horizon_derived"]


def test_one_mineral_and_missing_milestones():
    one = points([("ni", 2020, 10.0), ("ni", 2035, 20.0)])
    s = roadmap.scenario(one, demand_scale=1.0, recycling_share=0.3, base_year=2025, horizon=2030)
    assert list(s.entity) == ["ni"] and s.horizon_derived.item()
    short = points([("co", 2025, 5.0), ("co", 2030, 6.0)])
    assert roadmap.scenario(short, demand_scale=1.0, recycling_share=0.3, base_year=2020, horizon=2035).empty


@pytest.mark.parametrize(
    "kw", [dict(recycling_share=1.2), dict(recycling_share=-0.1), dict(base_year=2035, horizon=2030)]
)
def test_scenario_refuses_bad_input(kw):
    args = dict(demand_scale=1.0, recycling_share=0.3, base_year=2020, horizon=2035) | kw
    with pytest.raises(ValueError, match="must be"):
        roadmap.scenario(TWO, **args)


def test_a_translation_with_quotes_still_draws_the_scenario(monkeypatch):
    """The scenario's label and legend are Vega string expressions: an apostrophe or a quote in a translation must be
    text in the chart, not the end of a string."""
    import vl_convert as vlc

    from materials_book import labels

    texts = {k: v for k, v in roadmap.TEXT.items() if k not in labels.WORDS}
    texts["scenario.label"] = ("{mineral}：二次 {sec}", '{mineral}\'s "secondary" {sec} · primary {prim}')
    texts["scenario.secondary"] = ("二次", "the world's secondary")
    monkeypatch.setattr(roadmap, "TEXT", labels.Texts(texts))
    frame = roadmap.scenario_baselines(minerals=["lithium"], base_year=2020, lang="en")
    svg = vlc.vegalite_to_svg(
        roadmap.scenario_chart(frame, demand_scale=1.0, share_pct=30, horizon=2035, lang="en").to_dict()
    )
    assert "the world&apos;s secondary" in svg or "the world's secondary" in svg
    assert "&apos;s &quot;secondary&quot; " in svg or '\'s "secondary" ' in svg
