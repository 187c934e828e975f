"""The data contract: every hand-entered row quotes its document and reads back to its value."""

import copy

import pytest
import yaml

from hostile import HOSTILE
from materials_book import paths, yamlfile
from materials_book.pipeline import sources, yamlio

FILES = sources.source_files()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_source_file_keeps_the_contract(path):
    assert sources.check_file(path) == []


def _row():
    doc = sources.read(paths.SOURCES / "localization.yaml")
    return copy.deepcopy(next(r for r in doc["rows"] if r["id"] == "p000.sic.us_output_share"))


def test_good_row_passes():
    assert sources.check_fact("r", _row()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": "美国拥有全球90%碳化硅半导体产量"}, "quote does not occur"),
        ({"value_as_written": "60%~80%"}, "does not occur in the quote"),
        ({"value_low": 60}, "needs value_low=70"),
        ({"value": 80}, "midpoint"),
        ({"qualifier": "exact"}, "needs qualifier 'range'"),
        ({"qualifier": "perhaps"}, "qualifier 'perhaps' not allowed"),
        ({"unit_as_written": "万吨"}, "unit in value_as_written"),
        ({"entity": "unobtainium"}, "not a key of the glossary"),
        ({"kind": "derived"}, "computed by code"),
        ({"source": "009"}, "source '009'"),
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"quote": None}, "field 'quote' must be text, not null"),
    ],
)
def test_bad_rows_are_named(change, message):
    row = _row()
    row.update(change)
    problems = sources.check_fact("localization.yaml row 7 (id 'x')", row)
    assert any(message in p for p in problems), problems
    assert all(p.startswith("localization.yaml row 7") for p in problems)


def test_malformed_file_names_file(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("dataset: broken\nrows: [\n", encoding="utf-8")
    with pytest.raises(yamlfile.SourceError, match="broken.yaml"):
        sources.read(bad)
    bad.write_text(yaml.safe_dump({"dataset": "broken", "kind": "facts", "meta": {}}), encoding="utf-8")
    with pytest.raises(yamlfile.SourceError, match="missing top-level key 'rows'"):
        sources.read(bad)


def test_quotes_match_whitespace_insensitively():
    row = _row()
    row["quote"] = row["quote"].replace("美国", "美  国")
    assert sources.check_fact("r", row) == []


def _monitor_row(row_id):
    doc = sources.read(paths.SOURCES / "bulletin_monitor.yaml")
    return copy.deepcopy(next(r for r in doc["rows"] if r["id"] == row_id))


def test_qualifier_must_match_the_words_written():
    row = _monitor_row("b004.hf.japan_imports.2020_monthly_avg")  # 400 吨左右
    assert sources.check_fact("r", row) == []
    row["qualifier"] = "exact"
    assert any("says 左右: qualifier must be one of about" in p for p in sources.check_fact("r", row))


def test_a_number_without_unit_is_allowed():
    row = _monitor_row("b004.hf.japan_imports.2020_monthly_avg")
    row.update(value_as_written="400", unit_as_written="", qualifier="exact")
    assert sources.check_fact("r", row) == []


def test_a_qualifier_word_next_to_the_value_cannot_be_dropped():
    row = _monitor_row("b004.hf.japan_imports.2020_monthly_avg")  # quote: …月均进口仅为400 吨左右
    row.update(value_as_written="400 吨", qualifier="exact")
    assert any("has 左右 next to '400 吨'" in p for p in sources.check_fact("r", row))


def test_raw_documents_are_unchanged():
    """data/raw/ holds the five documents as published to the project: each file's SHA-256 is in documents.yaml,
    and where the seed folder sits beside the checkout (../shared/seeds, as in CI) the copies are identical to it."""
    import hashlib

    docs = yaml.safe_load(paths.DOCUMENTS_FILE.read_text(encoding="utf-8"))
    assert sorted(p.name for p in paths.RAW.glob("*.txt")) == sorted(d["file"] for d in docs.values())
    seeds = paths.ROOT.parent / "shared" / "seeds"
    for doc in docs.values():
        raw = (paths.RAW / doc["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == doc["sha256"], f"data/raw/{doc['file']} changed"
        if seeds.is_dir():
            assert raw == (seeds / doc["file"]).read_bytes(), f"data/raw/{doc['file']} differs from {seeds}"


def test_glossary_refuses_a_key_defined_twice(tmp_path, repoint):
    bad = tmp_path / "glossary.yaml"
    bad.write_text(
        "a: {zh: 甲, en: a, definition: x}\nb: {zh: 乙, en: b, definition: y}\na: {zh: 丙, en: c, definition: z}\n",
        encoding="utf-8",
    )
    repoint(glossary=bad)
    with pytest.raises(yamlfile.SourceError, match=r"glossary.yaml line 3: key 'a' defined twice \(first at line 1\)"):
        sources.glossary()


@pytest.mark.parametrize(("name", "text"), list(HOSTILE.items()), ids=list(HOSTILE))
def test_every_hostile_string_is_refused_in_every_text_field(name, text):
    """The data check refuses each hostile string in a text field, naming file, row and field."""
    row = _row()
    for field in ("quote", "section", "note", "value_as_written"):
        problems = sources.check_fact("localization.yaml row 7 (id 'x')", dict(row, **{field: text}))
        assert any(p.startswith(f"localization.yaml row 7 (id 'x'): field {field!r} has ") for p in problems), problems
    assert yamlio.text_problems("table1_materials.yaml row 2", "material", {"zh": "稀土", "en": text})


def test_a_source_file_parsed_before_is_read_from_the_cache_and_an_edit_afresh(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(paths.SOURCES, tmp_path / "data" / "sources")
    with paths.use(tmp_path):
        path = paths.SOURCES / "minerals_demand.yaml"
        first = sources.read(path)
        parsed = []
        real = sources.load_yaml
        monkeypatch.setattr(sources, "load_yaml", lambda p, **kw: parsed.append(p) or real(p, **kw))
        assert sources.read(path) == first and parsed == []
        path.write_text(path.read_text(encoding="utf-8").replace("\n  note: ", "\n  note: (edited) ", 1), "utf-8")
        edited = sources.read(path)
        assert parsed == [path] and edited != first
        assert sum(str(r.get("note", "")).startswith("(edited)") for r in edited["rows"]) == 1
        elsewhere = tmp_path / "minerals_demand.yaml"  # outside data/sources/: not held to the id rule, its own key
        shutil.copy(path, elsewhere)
        assert sources.read(elsewhere) == edited and parsed == [path, elsewhere]
        path.write_text("rows: [", encoding="utf-8")
        with pytest.raises(yamlfile.SourceError, match=r"minerals_demand.yaml line \d+, column \d+: not valid YAML"):
            sources.read(path)


def test_a_parse_kept_outside_the_sources_is_not_taken_for_a_file_held_to_the_id_rule(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "loose.yaml"
    path.write_text("dataset: loose\nkind: table\nmeta: {Bad Key: 1}\nrows: [{id: a}]\n", encoding="utf-8")
    with paths.use(tmp_path):
        assert sources.read(path)["meta"] == {"Bad Key": 1}  # outside data/sources/: keys are not ids
        with paths.use(sources=folder), pytest.raises(yamlfile.SourceError, match="Bad Key"):
            sources.read(path)
