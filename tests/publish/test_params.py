import pytest

from materials_book.publish import params


def test_defaults_and_types():
    assert params.check("01_status") == {"lang": "zh", "material_class": "all", "threshold": 50.0}
    assert params.check("01_status", threshold="30")["threshold"] == 30.0
    assert params.check("01_status", threshold=30)["threshold"] == 30.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"lang": "fr"}, "parameter 'lang': 'fr' is not allowed; use one of zh, en"),
        ({"threshold": "high"}, "parameter 'threshold': 'high' is not a float from 0.0 to 100.0"),
        ({"threshold": "150"}, "parameter 'threshold': 150.0 is out of range"),
        ({"threshold": "__import__('os')"}, "is not a float"),
        ({"material_class": "wood"}, "one of all, rare_earth, semiconductor, display, energy"),
        ({"colour": "red"}, "unknown parameter 'colour' for 01_status; allowed: lang, material_class, threshold"),
        ({"threshold": True}, "is not a float"),
    ],
)
def test_refused(values, message):
    with pytest.raises(params.ParamError, match=message.replace("(", r"\(").replace(")", r"\)")):
        params.check("01_status", **values)


def test_unknown_chapter():
    with pytest.raises(params.ParamError, match="unknown chapter"):
        params.check("99_nothing")


def test_recycling_default_is_the_documents_target():
    from materials_book import data

    target = data.load("minerals_recycling").set_index("id").loc["t003.recycled_share.2035"]
    assert target["kind"] == "target" and target["year"] == 2035
    assert params.check("04_minerals_roadmap")["recycling_share_2035"] == target["value"]


def test_declarations_are_read_from_the_parameters_cell():
    horizon = {p.name: p for p in params.declared("04_minerals_roadmap")}["horizon"]
    assert (horizon.type, horizon.default, horizon.after) == (int, 2035, "base_year")
    assert horizon.choices == (2025, 2030, 2035)
    regions = {p.name: p for p in params.declared("03_tis_comparison")}["regions"]
    assert regions.multi and regions.choices == ("US", "EU", "JP", "CN")


def test_a_constraint_between_parameters():
    with pytest.raises(params.ParamError, match="'horizon': 2025 must be after base_year 2030"):
        params.check("04_minerals_roadmap", base_year="2030", horizon="2025")


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        (("x", "list", "[]", "help"), "type 'list' not supported"),
        (("x", "str", "'a'", "help; some of a, b"), "constraint 'some of a, b' not understood"),
    ],
)
def test_bad_declarations_are_refused(declaration, message):
    with pytest.raises(ValueError, match=message):
        params._parse(*declaration)


def test_notebook_values_are_checked_and_expanded():
    got = params.in_notebook("03_tis_comparison", {"lang": "en", "regions": "US,CN", "function": "all"})
    assert got == {"lang": "en", "regions": ["US", "CN"], "function": "all"}
    with pytest.raises(params.ParamError, match="'lang': 'fr'"):
        params.in_notebook("03_tis_comparison", {"lang": "fr", "regions": "all", "function": "all"})
