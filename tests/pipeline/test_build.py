"""data build: the committed data set equals a fresh build, which is deterministic, whole or not at all, and
switched in one step."""

import hashlib
import json
import os

import pandas as pd
import pytest

from materials_book import data, paths, yamlfile
from materials_book import files as folders
from materials_book.pipeline import build, manifest, sources


def snapshot(folder):
    """Name -> SHA-256 of every file in a folder (hidden ones included)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_committed_data_equals_fresh_build():
    prepared = build.prepare()
    assert data.names() == sorted(prepared) == sources.datasets(), "datasets differ from data/sources/: run `make data`"
    for name, (df, meta) in prepared.items():
        pd.testing.assert_frame_equal(data.load(name), df, obj=f"{name} (run `make data`)")
        assert json.loads(paths.metadata(name).read_text(encoding="utf-8")) == json.loads(build.meta_bytes(meta)), name
    assert manifest.problems() == []


def test_the_built_folder_holds_the_set_and_nothing_else():
    names = {f"{n}.{ext}" for n in data.names() for ext in ("parquet", "meta.json")} | {"manifest.json"}
    assert {p.name for p in paths.DATA.iterdir()} == names
    assert [p.name for p in paths.DATA.parent.iterdir() if p.name.startswith(".built")] == []


@pytest.fixture(scope="module")
def files():
    """The bytes of a fresh build, computed once."""
    return build.set_files(build.prepare())


@pytest.fixture
def out(tmp_path, files):
    folder = tmp_path / "built"
    build.write_set(folder, files)
    return folder


def _bad_source(tmp_path, monkeypatch):
    src = tmp_path / "sources"
    src.mkdir()
    text = (paths.SOURCES / "localization.yaml").read_text(encoding="utf-8").replace("value: 32\n", "value: 33\n", 1)
    (src / "localization.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(sources, "source_files", lambda: [src / "localization.yaml"])


def test_failed_build_leaves_files_intact(out, tmp_path, monkeypatch):
    before = snapshot(out)
    _bad_source(tmp_path, monkeypatch)
    with pytest.raises(yamlfile.SourceError, match=r"localization.yaml row 3 .*value 33"):
        build.build(out)
    assert snapshot(out) == before


def test_an_io_failure_in_the_middle_leaves_the_previous_set(out, files, monkeypatch):
    """The new set is written beside the old one: a failure after some files (disk full) changes nothing."""
    before = snapshot(out)
    written = []
    real = folders._write

    def failing(path, data_, previous):
        if len(written) == 7:
            raise OSError(28, "No space left on device", str(path))
        written.append(path.name)
        real(path, data_, previous)

    monkeypatch.setattr(folders, "_write", failing)
    with pytest.raises(OSError, match="No space left"):
        build.write_set(out, {name: b"changed " + content for name, content in files.items()})
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_switch_exchanges_the_folders_in_one_step(out, tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    (new / "x.parquet").write_bytes(b"new")
    old_names = set(snapshot(out))
    folders.switch(new, out)
    assert set(snapshot(out)) == {"x.parquet"} and set(snapshot(new)) == old_names


def test_without_exchange_two_renames_and_recovery(out, files, monkeypatch):
    """Where renameat2 cannot exchange, two renames switch the set; a build that died between them is put back by
    the next one before anything else."""
    monkeypatch.setattr(folders, "exchange", lambda a, b: False)
    before = snapshot(out)
    build.write_set(out, {**files, "manifest.json": b"{}"})
    assert snapshot(out)["manifest.json"] != before["manifest.json"]
    build.write_set(out, files)
    assert snapshot(out) == before
    os.rename(out, out.with_name(".built.old"))  # as if killed between the two renames
    assert not out.exists()
    assert folders.recover(out) and snapshot(out) == before


def test_build_is_deterministic_and_keeps_unchanged_files(out, files):
    assert build.set_files(build.prepare()) == files
    times = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    build.write_set(out, files)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == times


def test_built_files_follow_the_umask(tmp_path, files):
    old = os.umask(0o027)
    try:
        build.write_set(tmp_path / "built", files)
    finally:
        os.umask(old)
    modes = {oct(p.stat().st_mode & 0o777) for p in (tmp_path / "built").iterdir()}
    assert modes == {"0o640"} and oct((tmp_path / "built").stat().st_mode & 0o777) == "0o750"


def test_the_build_never_switches_a_folder_that_holds_sources(tmp_path):
    (tmp_path / "sources").mkdir()
    with pytest.raises(ValueError, match="holds more than built data"):
        build.write_set(tmp_path, {"x.parquet": b"x"})


def test_glossary_names_every_term_and_unit_in_both_languages():
    from materials_book.pipeline import values

    gl = data.load("glossary").set_index("key")
    facts = data.all_facts()
    for key in set(facts["entity"]) | set(facts["indicator"]):
        assert key in gl.index and gl.loc[key, "type"] != "label", key
    for unit in values.units():
        assert gl.loc[f"unit:{unit}", "type"] == "unit"
    assert (gl["zh"].str.len() > 0).all() and (gl["en"].str.len() > 0).all()


@pytest.fixture
def copied(tmp_path):
    """A project holding a copy of the sources and the raw documents."""
    import shutil

    for folder in ("sources", "raw"):
        shutil.copytree(paths.ROOT / "data" / folder, tmp_path / "data" / folder)
    return tmp_path


def prepared_in(root):
    """A build's prepared datasets in ``root``, read afresh (a new project: its cached readers start empty)."""
    with paths.use(root):
        return build.prepare()


def test_kept_datasets_give_the_same_set_and_an_edit_rebuilds_its_own(copied, monkeypatch):
    fresh = build.set_files(prepared_in(copied))
    with paths.use(copied):
        kept = sorted(p.name.split(".")[0] for p in (copied / ".cache" / "memo" / "datasets").iterdir())
        assert kept == sorted(p.stem for p in sources.source_files())
    framed = []
    original = build._framed
    monkeypatch.setattr(build, "_framed", lambda path, doc: framed.append(path.stem) or original(path, doc))
    assert build.set_files(prepared_in(copied)) == fresh and framed == []
    source = copied / "data" / "sources" / "minerals_demand.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n  note: ", "\n  note: (edited) ", 1), encoding="utf-8")
    edited = prepared_in(copied)
    assert framed == ["minerals_demand"]
    assert edited["minerals_demand"][0]["note"].str.startswith("(edited)").sum() == 1
    assert build.set_files(edited) != fresh


def test_a_shared_input_or_a_broken_file_is_seen_though_datasets_are_kept(copied):
    prepared_in(copied)
    glossary = copied / "data" / "sources" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("en: silicon carbide (SiC),", "en: SiC,"), encoding="utf-8")
    facts = pd.concat([df for df, meta in prepared_in(copied).values() if meta["kind"] == "facts"])
    assert set(facts.loc[facts["entity"] == "silicon_carbide", "entity_en"]) == {"SiC"}
    source = copied / "data" / "sources" / "localization.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("value: 32\n", "value: 33\n", 1), encoding="utf-8")
    with pytest.raises(yamlfile.SourceError, match=r"localization.yaml row 3 .*value 33"):
        prepared_in(copied)


def test_a_build_with_a_cache_that_cannot_be_written_builds_the_same_set(copied):
    fresh = build.set_files(prepared_in(copied))
    blocked = copied / "not a folder"
    blocked.write_text("", encoding="utf-8")
    with paths.use(copied, cache=blocked):
        assert build.set_files(build.prepare()) == fresh
