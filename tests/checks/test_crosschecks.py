"""Cross-source and internal consistency of the stated numbers (differences are shown, not hidden)."""

import pytest

from materials_book import data


@pytest.fixture(scope="module")
def facts():
    return data.all_facts().set_index("id")


# (a figure stated in two documents, tolerance in the normalized unit)
SAME_FIGURE = [
    ("i002.industry.output_value.2020", "s003.chain.new_materials.2020", 0),  # new-materials output 2020: 002 vs 003
]
# (stated total, its stated parts, tolerance: the documents' rounding)
TOTALS = [
    (
        "s003.chain.total.2020",
        [
            "s003.chain.mining.2020",
            "s003.chain.smelting.2020",
            "s003.chain.new_materials.2020",
            "s003.chain.recycling.2020",
        ],
        0.05e12,
    ),
]
# (stated share in %, stated part, stated whole, tolerance in percentage points: half of the last digit written)
SHARES = [
    ("b004.re.china_reserves_share", "b004.re.china_reserves", "b004.re.world_reserves", 0.05),
    ("b004.re.china_production_share.2020", "b004.re.china_production.2020", "b004.re.world_production.2020", 0.05),
]


@pytest.mark.parametrize(("a", "b", "tol"), SAME_FIGURE)
def test_same_figure_in_two_documents(facts, a, b, tol):
    assert facts.loc[a, "source"] != facts.loc[b, "source"]
    assert abs(facts.loc[a, "value"] - facts.loc[b, "value"]) <= tol, (
        f"{a} ({facts.loc[a, 'value_as_written']}) vs {b} ({facts.loc[b, 'value_as_written']})"
    )


@pytest.mark.parametrize(("total", "parts", "tol"), TOTALS)
def test_stated_total_equals_its_parts(facts, total, parts, tol):
    assert abs(facts.loc[parts, "value"].sum() - facts.loc[total, "value"]) <= tol


@pytest.mark.parametrize(("share", "part", "whole", "tol"), SHARES)
def test_stated_share_matches_its_parts(facts, share, part, whole, tol):
    assert abs(100 * facts.loc[part, "value"] / facts.loc[whole, "value"] - facts.loc[share, "value"]) <= tol


def test_figures_in_two_documents_agree_or_are_listed():
    from materials_book.checks import reconcile

    pairs = reconcile.same_figures()
    assert len(pairs) >= len(SAME_FIGURE)
    off = pairs[~pairs["agrees"]]
    listed = reconcile.listed_rows("between_documents")
    assert {(a, b) for a, b in zip(off["a"], off["b"]) if not {a, b} <= listed} == set(), off.to_string()


@pytest.mark.parametrize(
    ("written", "value", "step"),
    [("5万亿元", 5e12, 1e12), ("约 58.3%", 58.3, 0.1), ("1.3×107 t", 1.3e7, 1e6), ("零", 0, 0)],
)
def test_rounding_step_of_a_written_value(written, value, step):
    from materials_book.checks import reconcile

    assert reconcile._last_digit(written, value) == pytest.approx(step)


# A count the paper states (4个阶段, 5个典型特征 …) equals the number of items of its structured table.
STATED_COUNTS = [
    ("p000.framework.stages", "paper_framework", "stage"),
    ("p000.framework.typical_traits", "paper_framework", "trait"),
    ("p000.framework.breakthrough_areas_2_1", "paper_framework", "breakthrough"),
    ("p000.framework.capabilities_2_2_2", "paper_framework", "capability"),
    ("p000.conclusion.capabilities", "paper_framework", "capability"),
    ("p000.tis.functions", "paper_framework", "tis_function"),
]


@pytest.mark.parametrize(("count_id", "dataset", "element"), STATED_COUNTS)
def test_stated_count_equals_items_of_its_table(facts, count_id, dataset, element):
    table = data.load(dataset)
    assert facts.loc[count_id, "value"] == (table["element"] == element).sum(), count_id
