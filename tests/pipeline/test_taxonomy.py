"""The taxonomy of material profiles: checked against the glossary and the facts, every problem named."""

import json
import re

import pytest
import yaml

from materials_book import data, paths
from materials_book.pipeline import taxonomy


def test_every_mineral_and_material_with_two_rows_is_on_a_profile_or_left_out():
    assert taxonomy.coverage_problems(data.all_facts()) == []
    df, meta = taxonomy.frame()
    assert len(df) == meta["row_count"] >= 20 and set(df["class"]) <= set(taxonomy.taxonomy()["classes"])


def write(tmp_path, change):
    doc = yaml.safe_load(paths.TAXONOMY.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


CASES = {
    "unknown entity": (
        lambda d: d["profiles"]["lithium"]["entities"].append("lithum"),
        "profile 'lithium': entity 'lithum' is not a key of the glossary (did you mean 'lithium'?)",
    ),
    "unknown class": (
        lambda d: d["profiles"]["lithium"].update({"class": "mineral"}),
        "profile 'lithium': class 'mineral' is not one of the classes (did you mean 'minerals'?)",
    ),
    "related to no profile": (
        lambda d: d["profiles"]["lithium"].update({"related": ["cobalts"]}),
        "profile 'lithium': related 'cobalts' is not a profile",
    ),
    "entity on two profiles": (
        lambda d: d["profiles"]["cobalt"]["entities"].append("lithium"),
        "entity 'lithium' is already on profile",
    ),
    "unnamed profile": (
        lambda d: d["profiles"].update(
            {"batteries": {"class": "energy_materials", "entities": ["lithium_x"], "related": []}}
        ),
        "profile 'batteries': a profile is named by its glossary key or by name: {zh, en}",
    ),
    "misspelled field": (
        lambda d: d["profiles"]["lithium"].update({"relatd": []}),
        "profile 'lithium': unknown field 'relatd' (did you mean 'related'?)",
    ),
    "markup in a name": (
        lambda d: d["profiles"]["photoresists"].update({"name": {"zh": "光刻胶", "en": "<b>x</b>"}}),
        "profile 'photoresists'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_taxonomy_is_named(case, tmp_path, repoint):
    change, message = CASES[case]
    repoint(taxonomy=write(tmp_path, change))
    with pytest.raises(taxonomy.SourceError) as err:
        taxonomy.taxonomy()
    assert message in str(err.value) and str(err.value).split(" ")[0].endswith("taxonomy.yaml")


def test_a_material_on_no_profile_is_named_with_its_row_count(tmp_path, repoint):
    def drop(d):
        del d["profiles"]["lithium"]
        for p in d["profiles"].values():
            p["related"] = [r for r in p["related"] if r != "lithium"]

    repoint(taxonomy=write(tmp_path, drop))
    (problem,) = taxonomy.coverage_problems(data.all_facts())
    assert problem.endswith(
        "taxonomy.yaml: entity 'lithium' (5 rows) is on no profile: add it to a profile's "
        "entities or to left_out with the reason"
    )


def test_the_taxonomy_is_a_dataset_with_its_download():
    meta = json.loads(paths.metadata("taxonomy").read_text(encoding="utf-8"))
    assert meta["kind"] == "taxonomy" and "taxonomy" in data.names()
    df = data.load("taxonomy")
    assert re.fullmatch(r"[a-z0-9_;]+", ";".join(df["entities"])) and "rare_earths" in set(df["profile"])
