"""The data access layer: load() errors name file, column and row; metadata is bilingual."""

import pandas as pd
import pytest

from materials_book import data
from materials_book.pipeline import manifest


def test_every_dataset_has_bilingual_metadata():
    for name in data.names():
        meta = data.meta(name)
        for key in ("title", "description", "processing"):
            assert meta[key]["zh"] and meta[key]["en"], (name, key)
        assert meta["row_count"] == len(data.load(name))


def test_load_keeps_the_rows_asked_for_as_a_copy():
    whole = data.load("bulletin_monitor")
    rows = data.load("bulletin_monitor", group="hf_korea", kind=("stated", "derived"))
    expected = whole[(whole["group"] == "hf_korea") & whole["kind"].isin(["stated", "derived"])]
    assert len(rows) and rows.equals(expected)
    rows["value"] = -1
    assert (data.load("bulletin_monitor", group="hf_korea")["value"] != -1).all()


def test_missing_dataset(data_copy):
    (data_copy / "localization.parquet").unlink()
    with pytest.raises(data.DataError, match=r"localization.parquet.*not found.*materials-book data build"):
        data.load("localization")


def test_corrupt_dataset(data_copy):
    (data_copy / "localization.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(data.DataError, match=r"localization.parquet: cannot read Parquet.*data build"):
        data.load("localization")


def test_schema_violation_names_column_and_row(data_copy):
    df = pd.read_parquet(data_copy / "localization.parquet")
    df.loc[2, "kind"] = "rumour"
    df.to_parquet(data_copy / "localization.parquet")
    with pytest.raises(data.DataError) as err:
        data.load("localization")
    msg = str(err.value)
    assert "localization.parquet breaks its schema" in msg and "column 'kind'" in msg
    assert f"row 2 (id '{df.loc[2, 'id']}')" in msg and "rumour" in msg


def test_a_file_changed_within_its_schema_is_refused(data_copy):
    df = pd.read_parquet(data_copy / "localization.parquet")
    df.loc[0, "note"] = "edited by hand"
    df.to_parquet(data_copy / "localization.parquet")
    with pytest.raises(data.DataError, match=r"localization.parquet changed since it was built and checked"):
        data.load("localization")


def test_chapters_read_the_data_without_pandera():
    """A chapter's kernel checks each file against the manifest's SHA-256, not the schema again: importing pandera
    alone took about a quarter of a second of every execution."""
    import subprocess
    import sys

    code = (
        "import sys; from materials_book.chapters import bottlenecks, industry_progress, minerals_roadmap, status, "
        "supply_chain_monitor, tis_comparison; from materials_book import data; "
        "[data.load(n) for n in data.names()]; print('pandera' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "False\n"), run.stderr[-2000:]


def test_the_built_set_is_whole_and_current():
    assert manifest.problems() == []
    assert data.names() == manifest.expected()


def test_a_missing_dataset_is_named_not_dropped(data_copy):
    (data_copy / "localization.parquet").unlink()
    assert "localization" in data.names()
    with pytest.raises(data.DataError, match=r"built/localization.parquet is missing"):
        manifest.verify()


def test_a_missing_metadata_file_is_noticed(data_copy):
    (data_copy / "localization.meta.json").unlink()
    with pytest.raises(data.DataError, match=r"built/localization.meta.json is missing"):
        manifest.verify()


def test_a_changed_or_unknown_file_is_noticed(data_copy):
    (data_copy / "glossary.meta.json").write_text("{}", encoding="utf-8")
    (data_copy / "extra.parquet").write_bytes(b"x")
    problems = "\n".join(manifest.problems())
    assert "glossary.meta.json changed since it was built" in problems
    assert "extra.parquet: unknown file in the built data" in problems


def test_a_missing_manifest_stops_everything(data_copy):
    (data_copy / "manifest.json").unlink()
    with pytest.raises(data.DataError, match="manifest of the built data missing.*data build"):
        data.names()


def test_a_source_changed_since_the_build_makes_the_set_stale(data_copy, tmp_path, repoint):
    import shutil

    from materials_book import paths

    sources = tmp_path / "sources"
    shutil.copytree(paths.SOURCES, sources)
    repoint(sources=sources)
    with open(sources / "units.yaml", "a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    (sources / "new_set.yaml").write_text("dataset: new_set\n", encoding="utf-8")
    problems = "\n".join(manifest.problems())
    assert "units.yaml changed since the last data build" in problems
    assert "dataset 'new_set' (data/sources/new_set.yaml) is not built" in problems
