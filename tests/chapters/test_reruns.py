"""Every chapter reruns with a non-default value of every parameter and changes what it should. The run with
lang=en is the committed English edition: ``make outputs`` executes it exactly as ``rerun -p lang en`` would (the
parameters injected), and nbval and the inputs record keep it current, so it is read here instead of run again."""

import pytest

from helpers import outputs_of
from materials_book import paths
from materials_book.publish import notebooks, params

RERUNS = {
    "01_status": [
        ({"lang": "en"}, ["Source: ", "below the threshold"], ["来源："]),
        (
            {"material_class": "semiconductor", "threshold": "20"},
            ['\\"name\\":\\"threshold\\",\\"value\\":20.0', "在所选的 6 个数字中", "有 5 个低于 20%"],
            ["三元正极材料"],
        ),
    ],
    "02_bottlenecks": [
        ({"lang": "en"}, ["Source: ", "Bottlenecks → capabilities → TIS functions"], ["来源："]),
        (
            {"focus": "btl.3"},
            ["由“技术应用转化力”回应", "TIS 的创业实验功能", "**研发到应用的长周期特性**"],
            ["**原始创新及面向应用的基础研究创新能力弱**"],
        ),
    ],
    "03_tis_comparison": [
        ({"lang": "en"}, ["Source: ", "Policy measures per TIS function", "European Investment Bank"], ["来源："]),
        (
            {"regions": "US,JP", "function": "tis.3"},
            ["选择中国与至少一个其他地区后", "小企业创新研究计划"],
            ["欧洲投资银行", "合法化机制"],
        ),
    ],
    "05_industry_progress": [
        ({"lang": "en"}, ["Source: ", "Output value of the new-materials industry"], ["来源："]),
        ({"show_derived": "false", "money_unit": "亿元"}, ["产值（亿元）"], ["推算年均增长率", "据此推算"]),
    ],
    "06_supply_chain_monitor": [
        ({"lang": "en"}, ["Source: ", "Korea's hydrogen fluoride imports from Japan"], ["来源："]),
        (
            {"show_controls": "false", "rare_earth_measure": "production"},
            ["稀土2020 年产量：中国与全球", "约占 58.3%"],
            ["日本启动出口管制", "4400万吨"],
        ),
    ],
    "04_minerals_roadmap": [
        ({"lang": "en"}, ["Source: ", "documented demand"], ["来源："]),
        (
            {
                "minerals": "lithium,cobalt",
                "demand_scale": "1.5",
                "recycling_share_2035": "50",
                "base_year": "2025",
                "horizon": "2030",
            },
            ["2030 年，2 种矿产中二次资源供给量最大的是", "需求按文献数值乘以 1.5", "为插值推算"],
            ["95,000 万吨"],
        ),
    ],
}


def test_every_parameter_is_exercised():
    for chapter, runs in RERUNS.items():
        changed = {name for values, _, _ in runs for name in values}
        assert changed == {p.name for p in params.declared(chapter)}, chapter
    assert set(RERUNS) == {nb.stem for nb in notebooks.chapters()}


def test_every_check_can_fail():
    """Checked against what the default run shows (the committed chapter): a string said to go must be there now, and
    each run must bring at least one string that is not (a string that was there anyway would pass unchanged)."""
    for chapter, runs in RERUNS.items():
        default = outputs_of(paths.CHAPTERS / f"{chapter}.ipynb")
        for values, present, absent in runs:
            assert [s for s in absent if s not in default] == [], (chapter, values)
            assert [s for s in present if s not in default], (chapter, values)


ENGLISH = [(c, v, p, a) for c, runs in RERUNS.items() for v, p, a in runs if v == {"lang": "en"}]
OTHER = [(c, v, p, a) for c, runs in RERUNS.items() for v, p, a in runs if v != {"lang": "en"}]


@pytest.mark.parametrize(("chapter", "values", "present", "absent"), ENGLISH, ids=[c for c, *_ in ENGLISH])
def test_the_english_edition_is_the_rerun_in_english(chapter, values, present, absent):
    out = paths.EN_CHAPTERS / f"{chapter}.ipynb"
    assert notebooks.recorded(out)["parameters"] == params.check(chapter, **values)
    _changed_as_expected(out, chapter, present, absent)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("chapter", "values", "present", "absent"), OTHER, ids=[f"{c}-{'-'.join(v)}" for c, v, *_ in OTHER]
)
def test_rerun_with_other_parameters(tmp_path, chapter, values, present, absent):
    typed = params.check(chapter, **values)
    out = tmp_path / f"{chapter}.ipynb"
    notebooks.execute(paths.CHAPTERS / f"{chapter}.ipynb", out, typed, inject=True)
    _changed_as_expected(out, chapter, present, absent)


def _changed_as_expected(out, chapter: str, present: list[str], absent: list[str]) -> None:
    """Only outputs count: a string the notebook's sources hold (its code, its other edition's text) proves nothing."""
    shown = outputs_of(out)
    assert shown != outputs_of(paths.CHAPTERS / f"{chapter}.ipynb"), "the new values changed no output"
    for s in present:
        assert s in shown, s
    for s in absent:
        assert s not in shown, s
