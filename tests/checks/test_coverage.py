"""Coverage: every number of the documents is entered as data or listed as not data, with a reason."""

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from materials_book import paths, yamlfile
from materials_book.checks import coverage
from materials_book.pipeline import sources


@pytest.mark.parametrize("doc", coverage.COVERED_DOCUMENTS)
def test_every_number_is_entered_or_listed(doc):
    gaps = coverage.missing(doc)
    assert not gaps, (
        f"{len(gaps)} numbers of {doc} are neither entered nor listed (materials-book data coverage "
        f"{doc}):\n" + "\n".join(gaps[:20])
    )


def test_numbers_are_found_in_the_whitespace_free_text():
    found = [n.text for n in coverage.numbers("002")]
    assert "2030" in found and "三" in found  # 科技创新2030, 三个方面


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("需求预计将增长至2018年的五倍。", ["2018", "五"]),
        ("至少需要十年", ["十"]),
        ("降低至少三分之一", ["三分之一"]),
        ("百余种材料", ["百"]),
        ("二次资源回收利用", []),  # 二次 is "secondary"
        ("一种新材料", []),  # 一 alone is mostly an article
        ("第十四个规划和二〇三五年", []),  # an ordinal and a year written in characters
    ],
)
def test_chinese_numerals_with_a_measure_word_are_numbers(text, found):
    assert [m.group() for p in (coverage._NUMBER, coverage._ZH_NUMBER) for m in p.finditer(text)] == found


def test_a_number_held_by_a_row_quoting_its_sentence_is_entered():
    statuses = {(n.start, n.text): s for n, s in coverage.classify("004")}
    text = sources.document_text("004")
    at = text.index("3026吨")
    assert statuses[(at, "3026")] == "entered"


def test_reference_marks_are_recognised():
    assert "reference" in {s for _, s in coverage.classify("000")}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"text": "服务于5G通讯", "reason": "whim"}, "reason 'whim' not allowed"),
        ({"text": "不在文中的句子9", "reason": "name"}, "does not occur in document 002"),
        ({"text": "服务于5G通讯", "reason": "not_encodable"}, "needs a note"),
    ],
)
def test_bad_list_entries_are_named(tmp_path, repoint, entry, message):
    (tmp_path / "002.yaml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    repoint(coverage_dir=tmp_path)
    with pytest.raises(yamlfile.SourceError, match=rf"coverage/002.yaml entry 1: .*{message}"):
        coverage.listed()


def test_cli_reports_counts(capsys):
    from materials_book import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["data", "coverage", "002"])
    out = capsys.readouterr()
    assert exit_.value.code == 0 and out.out == "" and "002: entered" in out.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appendix_shows_completeness_per_document(lang):
    from materials_book.publish import pages

    text = "\n".join(pages.completeness_lines(lang))
    for doc in coverage.COVERED_DOCUMENTS:
        assert f"| {doc} |" in text
    used = {s for doc in coverage.COVERED_DOCUMENTS for _, s in coverage.classify(doc)} - {"entered"}
    for reason in used:
        assert coverage.REASONS[reason][0 if lang == "zh" else 1] in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quotes_page_lists_every_row_with_its_sentence(lang):
    from materials_book import data, escape
    from materials_book.publish import pages
    from materials_book.quantities import restored

    page = pages.quotes_markdown(lang)
    facts = data.all_facts()
    for r in facts.itertuples():
        assert f"`{r.id}`" in page, r.id
        if r.kind != "derived":  # as the document printed it: 003's superscripts restored
            assert escape.table_cell(restored(r.quote)) in page, r.id


def _steel_rows(*ids):
    rows = sources.read(paths.SOURCES / "minerals_demand.yaml")["rows"]
    return {"003": [r for r in rows if r["id"] in ids]}


def test_each_numeral_is_matched_by_its_position(monkeypatch):
    """In 分别为 1.02×109 t、1×109 t、9.5×108 t the two 109 are two numbers: the 2025 row holds the first only, and
    the second stays missing until the 2030 row is there (an equal number of another row no longer covers it)."""
    text = sources.document_text("003")
    at = text.index("1.02×109t、1×109t")
    first, second = at + len("1.02×"), at + len("1.02×109t、1×")
    monkeypatch.setattr(coverage, "_rows_by_doc", lambda: _steel_rows("m003.steel.demand.2025"))
    held = coverage.entered("003")
    assert first in held and second not in held and at in held
    monkeypatch.setattr(
        coverage, "_rows_by_doc", lambda: _steel_rows("m003.steel.demand.2025", "m003.steel.demand.2030")
    )
    assert {first, second} <= coverage.entered("003")


def test_a_value_is_never_found_inside_a_longer_numeral(monkeypatch):
    """'21' (21 board members) is not the 21 of 2021 in the same sentence."""
    rows = sources.read(paths.SOURCES / "bulletin_policy_markets.yaml")["rows"]
    row = next(r for r in rows if r["id"] == "b004.pm.sia.board_letter_signatories")
    monkeypatch.setattr(coverage, "_rows_by_doc", lambda: {"004": [row]})
    text = sources.document_text("004")
    held = coverage.entered("004")
    assert text.index("21位董事会") in held and text.index("2021年2月11日") in held


def _offsets_by_pattern(haystack: str, needle: str) -> list[int]:
    before = r"(?<![\d.])" if needle[0].isdigit() else ""
    after = r"(?![\d]|\.\d)" if needle[-1].isdigit() else ""
    return [m.start() for m in re.finditer(f"{before}(?={re.escape(needle)}{after})", haystack)]


CHARS = st.sampled_from(list("12.a年０٣²"))  # ASCII, full-width and Arabic-Indic digits, a superscript, a point


@given(st.text(CHARS, max_size=14), st.text(CHARS, min_size=1, max_size=4))
def test_places_found_by_str_find_are_those_the_patterns_found(haystack, needle):
    assert coverage._offsets(haystack, needle) == _offsets_by_pattern(haystack, needle)
    squashed = sources.squash(needle)
    by_pattern = [(m.start(), m.end()) for m in re.finditer(re.escape(squashed), haystack)] if squashed else []
    assert coverage._spans(haystack, needle) == by_pattern
