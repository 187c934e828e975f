"""The YAML reader and the value checks every source file goes through."""
import pytest

from materials_book.pipeline import yamlio

FIELDS = {"zh": str, "en": str, "n": (int, float)}


def test_a_key_defined_twice_names_both_lines(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(yamlio.SourceError, match=r"x.yaml line 3: key 'a' defined twice \(first at line 1\)"):
        yamlio.load_yaml(bad)


@pytest.mark.parametrize("text", ["稀土功能材料", "R&D (research and development)", "70%~80%", "1.3×107 t", "[13-15]",
                                  "It's 5/6 of the 'total'", "p000.sic.us_output_share", "1 in=25.4 mm", "-3.5%",
                                  "+12 万吨", "-.5"])
def test_plain_text_passes(text):
    assert yamlio.text_problem(text) is None


@pytest.mark.parametrize("text", ["=1+1", "@SUM(A1)", "+cmd", "- note", "-1+HYPERLINK(1)"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_refused(text):
    """The datasets are downloaded as CSV: a cell that starts with a formula sign runs in a spreadsheet."""
    assert yamlio.text_problem(text) == f"a formula sign {text[0]!r} at character 1"


def test_a_misspelled_field_is_named_with_the_one_it_resembles():
    assert yamlio.field_problems("f.yaml key 'a'", {"zh": "甲", "eng": "a", "n": 1}, FIELDS) == [
        "f.yaml key 'a': missing field 'en'", "f.yaml key 'a': unknown field 'eng' (did you mean 'en'?)"]


def test_entries_of_a_mapping_are_named_by_key_and_of_a_list_by_number():
    table = {"a": {"zh": "甲", "en": "a", "n": 1}, "b": "text", "c": {"zh": "丙", "en": "c<", "n": "2"}}
    assert yamlio.entry_problems("f.yaml", table, "key", FIELDS) == [
        "f.yaml key 'b': must be a mapping of zh, en, n, not the text 'text'",
        "f.yaml key 'c': field 'n' must be a number, not the text '2' (write it without quotes)",
        f"f.yaml key 'c': field 'en' has markup '<' at character 2; {yamlio.PLAIN_RULE}"]
    assert yamlio.entry_problems("f.yaml", [{"zh": "甲"}], "entry", FIELDS, required=()) == []


def test_the_check_runs_only_on_entries_whose_fields_pass():
    seen = []
    table = {"a": {"zh": "甲", "en": "a", "n": 0}, "b": {"zh": "乙", "n": 1}}
    problems = yamlio.entry_problems("f.yaml", table, "key", FIELDS,
                                     check=lambda at, key, e: seen.append(key) or [f"{at}: n is {e['n']}"])
    assert seen == ["a"]
    assert problems == ["f.yaml key 'a': n is 0", "f.yaml key 'b': missing field 'en'"]
