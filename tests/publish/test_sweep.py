"""materials-book sweep: values checked before any kernel, one notebook per combination, a tidy summary. The
machinery runs on the small book of tests/fixtures/ (small_book); the roadmap's own headline stays tested here."""

import json
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from helpers import outputs_of, run_cli
from materials_book import paths
from materials_book.publish import params, sweep

ROADMAP = "04_minerals_roadmap"
DEMAND = "01_demand"  # the small book's chapter, its numbers in tests/fixtures/book/chapters/demand.py


@pytest.fixture
def demand_headline(small_book, monkeypatch):
    """The small book's chapter module is the one with headline(): its demand.py, imported from beside the chapter
    (the kernel's folder), stands in for a materials_book.chapters module, which headline_module looks for."""
    monkeypatch.setattr(sweep, "headline_module", lambda nb: "demand")


def test_values_are_comma_separated_and_subsets_repeat_the_parameter(small_book):
    got = sweep.values(DEMAND, [("scale", "0.8,1.0, 1.3"), ("metals", "copper,nickel"), ("metals", "tin")])
    assert got == {"scale": ["0.8", "1.0", "1.3"], "metals": ["copper,nickel", "tin"]}


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ([("nope", "1")], "unknown parameter 'nope'"),
        ([("scale", "0.8,,1")], "empty value"),
        ([("scale", "0.8,0.8")], "'0.8' given twice"),
    ],
)
def test_bad_lists_are_refused(small_book, given, words):
    with pytest.raises(params.ParamError, match=words):
        sweep.values(DEMAND, given)


def test_grid_is_every_combination_checked_like_rerun(small_book):
    runs = sweep.grid(DEMAND, {"scale": ["0.8", "1.3"], "metals": ["copper", "nickel,tin", "all"]})
    assert len(runs) == 6
    assert runs[0] == ({"scale": "0.8", "metals": "copper"}, params.check(DEMAND, scale=0.8, metals="copper"))
    assert runs[-1][1] == params.check(DEMAND, scale=1.3) and runs[-1][1]["metals"] == "all"
    with pytest.raises(params.ParamError, match="combination scale=9: parameter 'scale': 9.0 is out"):
        sweep.grid(DEMAND, {"scale": ["1", "9"]})
    with pytest.raises(params.ParamError, match="combination base_year=2025, year=2025: .* must be after"):
        sweep.grid(DEMAND, {"base_year": ["2020", "2025"], "year": ["2025"]})


def test_run_names_are_numbered_safe_and_short():
    assert (
        sweep.run_name(1, {"demand_scale": "0.8", "recycling_share_2035": "20"})
        == "001_demand_scale=0.8_recycling_share_2035=20"
    )
    assert sweep.run_name(2, {"minerals": "lithium,cobalt", "x": "a/b c"}) == "002_minerals=lithium,cobalt_x=a_b_c"
    assert len(sweep.run_name(3, {"x": "y" * 500})) < 120
    assert sweep.run_name(4, {}) == "004_defaults"


def test_headline_cell_is_appended_hidden_and_read_back():
    nb = json.loads((paths.CHAPTERS / f"{ROADMAP}.ipynb").read_text(encoding="utf-8"))
    module = sweep.headline_module(nb)
    assert module == "materials_book.chapters.minerals_roadmap"
    copy = sweep.with_headline(nb, ROADMAP, module)
    assert len(copy["cells"]) == len(nb["cells"]) + 1
    cell = copy["cells"][-1]
    assert cell["metadata"]["tags"] == ["headline", "remove-cell"] and "_chapter.headline(" in cell["source"]
    cell["outputs"] = [
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"application/json": {"headline": {"secondary_t.steel": 1.0}}},
        }
    ]
    assert sweep.headline_of(copy) == {"secondary_t.steel": 1.0}
    assert sweep.headline_of(nb) == {}


def test_the_roadmap_headline_follows_its_parameters():
    from materials_book.chapters import minerals_roadmap

    base = minerals_roadmap.headline(params.in_notebook(ROADMAP, params.check(ROADMAP)))
    more = minerals_roadmap.headline(
        params.in_notebook(ROADMAP, params.check(ROADMAP, demand_scale=1.5, recycling_share_2035=50))
    )
    assert base.keys() == more.keys() and "secondary_t.steel" in base
    assert more["demand_t.steel"] == pytest.approx(1.5 * base["demand_t.steel"])
    assert more["secondary_t.steel"] == pytest.approx(more["demand_t.steel"] * 0.5)
    assert base["secondary_t.steel"] + base["primary_t.steel"] == pytest.approx(base["demand_t.steel"])


@pytest.fixture
def fake_runs(monkeypatch):
    """Runs that return a notebook naming their values, without a kernel."""

    def run(notebook_json, name, values):
        assert json.loads(notebook_json)["cells"][-1]["metadata"]["tags"][0] == "headline"
        if values["year"] == 2030:
            return "cell 7 failed: ValueError: boom"
        nb = {"cells": [], "metadata": {"values": values}, "nbformat": 4, "nbformat_minor": 5}
        return json.dumps(nb).encode(), {"demand_kt": values["scale"], "x": 1.0}

    monkeypatch.setattr(sweep, "run", run)


def test_sweep_writes_a_notebook_per_run_and_a_tidy_summary_through_any_executor(tmp_path, demand_headline, fake_runs):
    out = tmp_path / "sweep"
    out.mkdir()
    (out / "001_old_run.ipynb").write_text("{}")
    (out / "notes.txt").write_text("mine")
    with ThreadPoolExecutor(2) as ex:  # any concurrent.futures executor
        folder, rows, failed = sweep.sweep(
            DEMAND, [("scale", "0.8,1.3"), ("year", "2025,2030")], ex, progress=False, out=out
        )
    assert sorted(p.name for p in folder.iterdir()) == [
        "001_scale=0.8_year=2025.ipynb",
        "003_scale=1.3_year=2025.ipynb",
        "notes.txt",
        "summary.csv",
        "summary.parquet",
    ]
    assert failed == {
        "002_scale=0.8_year=2030": "cell 7 failed: ValueError: boom",
        "004_scale=1.3_year=2030": "cell 7 failed: ValueError: boom",
    }
    table = pd.read_parquet(folder / "summary.parquet")
    assert list(table.columns) == ["run", "notebook", "scale", "year", "number", "value"]
    assert table.to_dict("records")[:2] == [
        {
            "run": 1,
            "notebook": "001_scale=0.8_year=2025.ipynb",
            "scale": 0.8,
            "year": 2025,
            "number": "demand_kt",
            "value": 0.8,
        },
        {
            "run": 1,
            "notebook": "001_scale=0.8_year=2025.ipynb",
            "scale": 0.8,
            "year": 2025,
            "number": "x",
            "value": 1.0,
        },
    ]
    assert len(table) == 4
    assert pd.read_csv(folder / "summary.csv").equals(table)


def test_a_bad_value_exits_2_with_one_line_before_any_kernel(small_book):
    before = sorted(small_book.rglob("*"))
    for args, words in [
        (["-p", "scale", "0.8,9"], "scale=9: parameter 'scale': 9.0 is out of"),
        (["-p", "year", "2025", "-p", "base_year", "2020,2025"], "must be after"),
        (["-p", "lang", "fr"], "'fr' is not allowed"),
    ]:
        r = run_cli("sweep", DEMAND, *args)
        assert r.returncode == 2, r.stderr
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run_cli("sweep", "99_nothing", "-p", "lang", "en")
    assert r.returncode == 2 and "unknown chapter '99_nothing'" in r.stderr
    assert sorted(small_book.rglob("*")) == before and not paths.RERUNS.exists()


@pytest.mark.slow
def test_a_real_sweep(tmp_path, demand_headline):
    """Kernels run the chapter with each value, and the headline numbers come back from the executed notebooks."""
    folder, rows, failed = sweep.sweep(DEMAND, [("scale", "0.8,1.3")], progress=False, out=tmp_path / "sweep")
    assert failed == {}
    table = pd.read_csv(folder / "summary.csv")
    demand = table[table["number"] == "demand_kt"].set_index("scale")["value"]
    assert demand[1.3] == pytest.approx(demand[0.8] / 0.8 * 1.3)
    nb = json.loads((folder / "001_scale=0.8.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["materials_book"]["parameters"]["scale"] == 0.8
    assert "需求合计 180.8 千吨" in outputs_of(folder / "001_scale=0.8.ipynb")
    assert sweep.headline_of(nb)["demand_kt"] == demand[0.8] == pytest.approx(180.8)
