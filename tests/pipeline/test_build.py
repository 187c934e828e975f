"""data build: the committed Parquet equals a fresh build, which is deterministic and atomic."""
import json

import pandas as pd
import pytest

from materials_book import data, paths
from materials_book.pipeline import build, sources


def test_committed_parquet_equals_fresh_build():
    prepared = build.prepare()
    committed = sorted(p.stem for p in paths.DATA.glob("*.parquet"))
    assert committed == sorted(prepared), "datasets differ from data/sources/: run `make data`"
    for name, (df, meta) in prepared.items():
        pd.testing.assert_frame_equal(data.load(name), df, obj=f"{name} (run `make data`)")
        assert json.loads(paths.metadata(name).read_text(encoding="utf-8")) == json.loads(build.meta_bytes(meta)), name


def test_failed_build_leaves_files_intact(tmp_path, monkeypatch):
    out = tmp_path / "data"
    out.mkdir()
    build.build(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    src = tmp_path / "sources"
    src.mkdir()
    text = (paths.SOURCES / "localization.yaml").read_text(encoding="utf-8").replace("value: 32\n", "value: 33\n", 1)
    (src / "localization.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(sources, "source_files", lambda: [src / "localization.yaml"])
    with pytest.raises(sources.SourceError, match=r"localization.yaml row 3 .*value 33"):
        build.build(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    build.build(a), build.build(b)
    assert {p.name: p.read_bytes() for p in a.iterdir()} == {p.name: p.read_bytes() for p in b.iterdir()}


def test_glossary_names_every_term_and_unit_in_both_languages():
    from materials_book.pipeline import values

    gl = data.load("glossary").set_index("key")
    facts = data.all_facts()
    for key in set(facts["entity"]) | set(facts["indicator"]):
        assert key in gl.index and gl.loc[key, "type"] != "label", key
    for unit in values.units():
        assert gl.loc[f"unit:{unit}", "type"] == "unit"
    assert (gl["zh"].str.len() > 0).all() and (gl["en"].str.len() > 0).all()
