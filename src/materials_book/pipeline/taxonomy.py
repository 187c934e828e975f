"""The book's grouping of minerals and materials into profile pages (data/sources/taxonomy.yaml): which glossary
entities each profile gathers, its class and related profiles; checked against the glossary and the built facts,
so that no mineral or material with two or more rows goes without a page unless left out with a reason."""

from __future__ import annotations

import pandas as pd

from .. import paths
from ..yamlfile import SourceError, describe, load_yaml, name
from . import sources
from .yamlio import did_you_mean, entry_problems, text_problems

PROFILED_TYPES = ("mineral", "material")  # entity types that get a page once they have two rows
MIN_ROWS = 2
PROFILE_FIELDS = {"class": str, "entities": list, "related": list, "name": dict}
COLUMNS = ["profile", "class", "class_zh", "class_en", "zh", "en", "entities", "related"]


@paths.cached
def taxonomy() -> dict:
    """{classes, profiles, left_out} from data/sources/taxonomy.yaml; SourceError names file, entry and field."""
    doc = load_yaml(paths.TAXONOMY)
    where = name(paths.TAXONOMY)
    if not isinstance(doc, dict) or set(doc) != {"classes", "profiles", "left_out"}:
        raise SourceError(f"{where}: must hold classes, profiles and left_out, not {describe(doc)}")
    classes, profiles, left = doc["classes"], doc["profiles"], doc["left_out"]
    if not all(isinstance(t, dict) for t in (classes, profiles, left)):
        raise SourceError(f"{where}: classes, profiles and left_out are mappings")
    gl = sources.glossary()
    problems = entry_problems(where, classes, "class", {"zh": str, "en": str})
    problems += entry_problems(
        where,
        profiles,
        "profile",
        PROFILE_FIELDS,
        required=("class", "entities", "related"),
        check=lambda at, key, e: _profile_problems(at, key, e, classes, profiles, gl),
    )
    problems += [p for key, why in left.items() for p in text_problems(where, f"left_out {key!r}", why)]
    problems += [f"{where} left_out {k!r}: not a key of the glossary{did_you_mean(k, gl)}" for k in left if k not in gl]
    seen: dict[str, str] = {}
    for key, entry in profiles.items():
        for entity in entry.get("entities", []) if isinstance(entry, dict) else []:
            if entity in seen:
                problems.append(f"{where} profile {key!r}: entity {entity!r} is already on profile {seen[entity]!r}")
            elif entity in left:
                problems.append(f"{where} profile {key!r}: entity {entity!r} is also in left_out")
            seen.setdefault(entity, key)
    if problems:
        raise SourceError("\n".join(problems))
    return doc


def _profile_problems(at: str, key: str, entry: dict, classes: dict, profiles: dict, gl: dict) -> list[str]:
    problems = []
    if entry["class"] not in classes:
        problems.append(
            f"{at}: class {entry['class']!r} is not one of the classes{did_you_mean(entry['class'], classes)}"
        )
    if "name" in entry:
        if set(entry["name"]) != {"zh", "en"} or not all(isinstance(v, str) and v for v in entry["name"].values()):
            problems.append(f"{at}: name needs zh and en, each text")
        problems += text_problems(at, "name", entry["name"])
    elif key not in gl:
        problems.append(f"{at}: a profile is named by its glossary key or by name: {{zh, en}}{did_you_mean(key, gl)}")
    if not entry["entities"]:
        problems.append(f"{at}: entities lists at least one glossary key")
    problems += [
        f"{at}: entity {e!r} is not a key of the glossary{did_you_mean(e, gl)}"
        for e in entry["entities"]
        if not isinstance(e, str) or e not in gl
    ]
    problems += [
        f"{at}: related {r!r} is not a profile{did_you_mean(r, profiles)}"
        for r in entry["related"]
        if r not in profiles or r == key
    ]
    return problems


def coverage_problems(facts: pd.DataFrame) -> list[str]:
    """Minerals and materials with two or more rows that are on no profile and not left out, named with the fix."""
    doc = taxonomy()
    placed = {e for p in doc["profiles"].values() for e in p["entities"]} | set(doc["left_out"])
    rows = facts[facts["entity_type"].isin(PROFILED_TYPES)].groupby("entity").size()
    return [
        f"{name(paths.TAXONOMY)}: entity {e!r} ({n} rows) is on no profile: add it to a profile's entities or to "
        "left_out with the reason"
        for e, n in rows.items()
        if n >= MIN_ROWS and e not in placed
    ]


def frame() -> tuple[pd.DataFrame, dict]:
    """The taxonomy as a dataset: one row per profile (entities and related ;-joined), with its metadata."""
    doc, gl = taxonomy(), sources.glossary()
    rows = []
    for key, p in doc["profiles"].items():
        names = p.get("name") or gl[key]
        cls = doc["classes"][p["class"]]
        rows.append(
            {
                "profile": key,
                "class": p["class"],
                "class_zh": cls["zh"],
                "class_en": cls["en"],
                "zh": names["zh"],
                "en": names["en"],
                "entities": ";".join(p["entities"]),
                "related": ";".join(p["related"]),
            }
        )
    df = pd.DataFrame(rows, columns=COLUMNS).astype("str")
    meta = {
        "name": "taxonomy",
        "kind": "taxonomy",
        "row_count": int(len(df)),
        "built_from": "data/sources/taxonomy.yaml",
        "columns": COLUMNS,
        "sources": [],
        "title": {"zh": "材料分类", "en": "Materials taxonomy"},
        "description": {
            "zh": "本书把数据中的矿产与材料归入各材料概览页的方式：每页汇集的实体、所属类别与相关材料。",
            "en": "How the book groups the data's minerals and materials into profile pages: the "
            "entities each page gathers, its class and related materials.",
        },
        "processing": {
            "zh": "本书自定的分类，不出自文献；有两行以上数据的矿产与材料均有概览页，"
            "或在 left_out 中注明原因（已检查）。",
            "en": "The book's own grouping, not taken from a document; every mineral and material "
            "with two or more rows has a page or is left out with the reason (checked).",
        },
    }
    return df, meta
