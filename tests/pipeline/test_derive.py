"""Derived rows: known inputs give known outputs; every derived row in the data recomputes from its inputs."""

import pandas as pd
import pytest

from materials_book import data, formulas


def test_cagr_known_values():
    assert formulas.cagr(100, 121, 2) == pytest.approx(0.10)
    assert formulas.cagr(5, 5, 4) == 0
    with pytest.raises(ValueError, match="CAGR needs a positive"):
        formulas.cagr(0, 5, 3)
    with pytest.raises(ValueError, match="CAGR needs a positive"):
        formulas.cagr(5, 6, 0)


def test_every_derived_row_recomputes_from_its_inputs():
    facts = data.all_facts()
    by_id = facts.set_index("id")
    derived = facts[facts["kind"] == "derived"]
    assert len(derived) > 0
    for row in derived.itertuples():
        inputs = {role: by_id.loc[i] for role, i in formulas.roles(row.inputs).items()}
        if row.indicator == "derived_share":
            assert list(inputs) == ["whole", "part"], row.id
            expected = inputs["part"]["value"] / inputs["whole"]["value"]
        else:
            assert list(inputs) == ["v0", "v1"], row.id
            a, b = inputs["v0"], inputs["v1"]
            if row.indicator == "cagr":
                expected = formulas.cagr(a["value"], b["value"], int(b["year"]) - int(a["year"]))
            else:
                expected = b["value"] / a["value"] - 1
        assert row.value == pytest.approx(100 * expected), row.id
        assert pd.isna(row.quote) and row.formula and row.unit == "%"


def test_derived_rows_are_never_typed_by_hand():
    from materials_book.pipeline import sources

    typed = [row for path in sources.source_files() for row in sources.read(path)["rows"] or []]
    assert typed and not [r["id"] for r in typed if r.get("kind") == "derived"]
    row = next(r for r in typed if r.get("kind") == "stated" and "value_as_written" in r)
    problems = sources.check_fact("r", dict(row, kind="derived"))
    assert any("derived rows are computed by code" in p for p in problems)


def test_derived_share_sits_beside_the_stated_share():
    facts = data.all_facts().set_index("id")
    derived = facts.loc["b004.re.china_reserves.derived_share"]
    assert derived["kind"] == "derived"
    assert derived["formula"].startswith("100 * (part / whole) with whole = b004.re.world_reserves")
    assert formulas.roles(derived["inputs"]) == {"whole": "b004.re.world_reserves", "part": "b004.re.china_reserves"}
    assert derived["value"] == pytest.approx(100 * 4400e4 / 1.2e8)
    assert abs(derived["value"] - facts.loc["b004.re.china_reserves_share", "value"]) < 0.05
