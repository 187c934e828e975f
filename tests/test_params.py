import nbformat
import pytest

from materials_book import notebooks, params


def test_defaults_and_types():
    assert params.check("01_status") == {"lang": "zh", "material_class": "all", "threshold": 50.0}
    assert params.check("01_status", threshold="30")["threshold"] == 30.0
    assert params.check("01_status", threshold=30)["threshold"] == 30.0


@pytest.mark.parametrize("values, message", [
    ({"lang": "fr"}, "parameter 'lang': 'fr' is not allowed; use one of zh, en"),
    ({"threshold": "high"}, "parameter 'threshold': 'high' is not a float from 0.0 to 100.0"),
    ({"threshold": "150"}, "parameter 'threshold': 150.0 is out of range"),
    ({"threshold": "__import__('os')"}, "is not a float"),
    ({"material_class": "wood"}, "one of all, rare_earth, semiconductor, display, energy"),
    ({"colour": "red"}, "unknown parameter 'colour' for 01_status; allowed: lang, material_class, threshold"),
    ({"threshold": True}, "is not a float"),
])
def test_refused(values, message):
    with pytest.raises(params.ParamError, match=message.replace("(", r"\(").replace(")", r"\)")):
        params.check("01_status", **values)


def test_unknown_chapter():
    with pytest.raises(params.ParamError, match="unknown chapter"):
        params.check("99_nothing")


@pytest.mark.parametrize("nb_path", notebooks.chapters(), ids=lambda p: p.stem)
def test_parameters_cell_matches_declaration(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert notebooks.parameters_cell(nb) == params.check(nb_path.stem)


EDITIONS = [(nb, lang) for nb in notebooks.chapters() for lang in ("zh", "en")]


@pytest.mark.parametrize("nb_path, lang", EDITIONS, ids=[f"{nb.stem}-{lang}" for nb, lang in EDITIONS])
def test_committed_outputs_follow_current_data(nb_path, lang):
    path = notebooks.edition_path(nb_path, lang)
    assert path.exists(), f"{path} missing: run `make outputs`"
    recorded = notebooks.recorded(path)
    assert recorded.get("fingerprint") == notebooks.fingerprint(), (
        f"{path.name} ({lang}) was executed against other data: run `make outputs` and commit the notebooks")
    assert recorded.get("parameters") == params.check(nb_path.stem, lang=lang)


def test_recycling_default_is_the_documents_target():
    from materials_book import data

    target = data.load("minerals_recycling").set_index("id").loc["t003.recycled_share.2035"]
    assert target["kind"] == "target" and target["year"] == 2035
    assert params.check("04_minerals_roadmap")["recycling_share_2035"] == target["value"]
