"""The YAML reader and the value checks every source file goes through."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from materials_book import yamlfile
from materials_book.pipeline import yamlio

FIELDS = {"zh": str, "en": str, "n": (int, float)}


def test_a_key_defined_twice_names_both_lines(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(yamlfile.SourceError, match=r"x.yaml line 3: key 'a' defined twice \(first at line 1\)"):
        yamlfile.load_yaml(bad)


@pytest.mark.parametrize(
    "text",
    [
        "稀土功能材料",
        "R&D (research and development)",
        "70%~80%",
        "1.3×107 t",
        "[13-15]",
        "It's 5/6 of the 'total'",
        "p000.sic.us_output_share",
        "1 in=25.4 mm",
        "-3.5%",
        "+12 万吨",
        "-.5",
    ],
)
def test_plain_text_passes(text):
    assert yamlio.text_problem(text) is None


@pytest.mark.parametrize("text", ["=1+1", "@SUM(A1)", "+cmd", "- note", "-1+HYPERLINK(1)"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_refused(text):
    """The datasets are downloaded as CSV: a cell that starts with a formula sign runs in a spreadsheet."""
    assert yamlio.text_problem(text) == f"a formula sign {text[0]!r} at character 1"


def test_a_misspelled_field_is_named_with_the_one_it_resembles():
    assert yamlio.field_problems("f.yaml key 'a'", {"zh": "甲", "eng": "a", "n": 1}, FIELDS) == [
        "f.yaml key 'a': missing field 'en'",
        "f.yaml key 'a': unknown field 'eng' (did you mean 'en'?)",
    ]


def test_entries_of_a_mapping_are_named_by_key_and_of_a_list_by_number():
    table = {"a": {"zh": "甲", "en": "a", "n": 1}, "b": "text", "c": {"zh": "丙", "en": "c<", "n": "2"}}
    assert yamlio.entry_problems("f.yaml", table, "key", FIELDS) == [
        "f.yaml key 'b': must be a mapping of zh, en, n, not the text 'text'",
        "f.yaml key 'c': field 'n' must be a number, not the text '2' (write it without quotes)",
        f"f.yaml key 'c': field 'en' has markup '<' at character 2; {yamlio.PLAIN_RULE}",
    ]
    assert yamlio.entry_problems("f.yaml", [{"zh": "甲"}], "entry", FIELDS, required=()) == []


def test_the_check_runs_only_on_entries_whose_fields_pass():
    seen = []
    table = {"a": {"zh": "甲", "en": "a", "n": 0}, "b": {"zh": "乙", "n": 1}}
    problems = yamlio.entry_problems(
        "f.yaml", table, "key", FIELDS, check=lambda at, key, e: seen.append(key) or [f"{at}: n is {e['n']}"]
    )
    assert seen == ["a"]
    assert problems == ["f.yaml key 'a': n is 0", "f.yaml key 'b': missing field 'en'"]


# ---- property-based: any YAML is read or refused with one line naming the file, never another exception ----------

KEYS = st.one_of(
    st.from_regex(r"[a-z0-9_.\-]{1,8}", fullmatch=True),
    st.integers(-5, 3000).map(str),
    st.sampled_from(
        [
            "~",
            "null",
            "yes",
            "no",
            "2024-01-01",
            "1e3",
            ".inf",
            '""',
            "<b>",
            "'a b'",
            "cob\u0430lt",
            "K",
            '"x\u202ey"',
            "'=1+1'",
        ]
    ),
)
SCALARS = st.one_of(
    st.from_regex(r"[a-z]{1,6}", fullmatch=True),
    st.integers(-9, 9).map(str),
    st.sampled_from(["~", "1.5", "'quoted'", '"\u3164"', "[]", "{}"]),
)


@st.composite
def documents(draw, depth=0):
    """YAML text: nested block mappings and flow lists of generated keys and values, with anchors and aliases."""
    if depth > 3 or draw(st.booleans()):
        value = draw(SCALARS)
        return f"&a{depth} {value}" if draw(st.integers(0, 9)) == 0 else value
    if draw(st.integers(0, 5)) == 0:
        return "[" + ", ".join(draw(st.lists(documents(depth + 1).filter(lambda t: "\n" not in t), max_size=3))) + "]"
    keys = draw(st.lists(KEYS, min_size=1, max_size=4))
    lines = []
    for key in keys:
        value = draw(documents(depth + 1))
        if draw(st.integers(0, 15)) == 0:
            value = f"*a{draw(st.integers(0, 4))}"
        if value.endswith("\n"):  # a block mapping: on the lines below its key, indented
            lines += [f"{key}:"] + ["  " + line for line in value.splitlines()]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def _read_or_refuse(tmp_path, text: str):
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return yamlfile.load_yaml(path, ids=True)
    except yamlfile.SourceError as exc:
        message = str(exc)
        assert message.startswith(str(path)) and "\n" not in message, message
        return exc


def _keys(value):
    if isinstance(value, dict):
        yield from value
        for v in value.values():
            yield from _keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(text=documents())
def test_any_document_is_read_with_id_keys_or_refused_in_one_line(tmp_path, text):
    got = _read_or_refuse(tmp_path, text)
    if not isinstance(got, yamlfile.SourceError):
        assert all(isinstance(k, str) and yamlfile.ID.fullmatch(k) for k in _keys(got)), text
    if "*a" in text or "&a" in text:  # refused for the anchor or alias, or for bad YAML before it
        assert isinstance(got, yamlfile.SourceError), text
        assert "anchors and aliases are not allowed" in str(got) or "not valid YAML" in str(got), got


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(1, 200000), flow=st.booleans())
def test_nesting_of_any_depth_is_read_or_refused_without_a_crash(tmp_path, depth, flow):
    """libyaml's composer recurses in C: without the bound, some thousands of levels crash the process."""
    if flow:  # a mapping holding lists in lists
        text, levels = "a: " + "[" * depth + "]" * depth, depth + 1
    else:  # mappings in mappings (indented: the file grows with the square of the depth)
        depth = depth % 600 + 1
        text, levels = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "x", depth
    got = _read_or_refuse(tmp_path, text)
    assert isinstance(got, yamlfile.SourceError) == (levels > yamlfile.MAX_DEPTH), depth
    if isinstance(got, yamlfile.SourceError):
        assert f"nested more than {yamlfile.MAX_DEPTH} levels deep" in str(got)


@given(text=st.text(max_size=40))
def test_text_is_plain_or_named_at_its_character(text):
    why = yamlio.text_problem(text)
    assert why is None or "at character" in why
    if any(yamlio.invisible(ch) for ch in text):
        assert why is not None


@pytest.mark.parametrize(
    "ch",
    [
        "\u3164",
        "\u2800",
        "\u034f",
        "\u115f",
        "\u1160",
        "\uffa0",
        "\ue000",
        "\U000f0000",
        "\u00ad",
        "\u180e",
        "\ufe0f",
        "\U000e0041",
        "\u2065",
    ],
)
def test_fillers_ignorables_and_private_use_are_invisible(ch):
    assert yamlio.text_problem(f"a{ch}b").startswith(f"the invisible character U+{ord(ch):04X}")
