"""Roadmap computations on known inputs, including the edges."""
import pandas as pd
import pytest

from materials_book.chapters import minerals_roadmap as roadmap


def points(rows):
    return pd.DataFrame(rows, columns=["entity", "year", "value"])


TWO = points([("li", 2020, 100.0), ("li", 2035, 100.0 * 1.1 ** 15),
              ("cu", 2020, 50.0), ("cu", 2025, 60.0), ("cu", 2035, 80.0)])


def test_milestones_are_not_derived_and_gaps_are():
    assert roadmap.value_at(TWO[TWO.entity == "li"], 2020) == (100.0, False)
    value, derived = roadmap.value_at(TWO[TWO.entity == "li"], 2030)
    assert derived and value == pytest.approx(100 * 1.1 ** 10)


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


@pytest.mark.parametrize("kw", [dict(recycling_share=1.2), dict(recycling_share=-0.1),
                                dict(base_year=2035, horizon=2030)])
def test_scenario_refuses_bad_input(kw):
    args = dict(demand_scale=1.0, recycling_share=0.3, base_year=2020, horizon=2035) | kw
    with pytest.raises(ValueError):
        roadmap.scenario(TWO, **args)
