"""Properties of parameter conversion: any value is converted or refused with ParamError naming the parameter (never
another exception), any declaration is read or refused naming it, and an accepted value written on a command line
converts back to itself."""

from hypothesis import given
from hypothesis import strategies as st

from materials_book.publish import params

DECLARED = [
    params.Param("lang", str, "zh", "edition", choices=("zh", "en")),
    params.Param("threshold", float, 50.0, "percent", min=0, max=100),
    params.Param("base_year", int, 2020, "year", choices=(2020, 2025, 2030)),
    params.Param("horizon", int, 2035, "year", min=2000, max=2100),
    params.Param("show", bool, True, "flag"),
    params.Param("minerals", str, "all", "subset", choices=("steel", "copper", "lithium"), multi=True),
    params.Param("note", str, "", "free text"),
]
RAW = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["1e-05", "1E3", "nan", "inf", "-0", "+7", " 12 ", "1_000", "٣", "0x10", "1e999", "all", "yes"]),
    st.integers(-(10**400), 10**400),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@given(param=st.sampled_from(DECLARED), raw=RAW)
def test_any_value_is_converted_or_refused_naming_the_parameter(param, raw):
    try:
        value = param.convert(raw)
    except params.ParamError as exc:
        message = str(exc)
        assert message.startswith(f"parameter {param.name!r}: ") and "\n" not in message and len(message) < 400
    else:
        assert isinstance(value, param.type) and not isinstance(value, bool) or param.type is bool
        assert param.convert(value) == value  # converting is idempotent


@given(param=st.sampled_from(DECLARED), raw=RAW)
def test_an_accepted_value_written_on_a_command_line_converts_back_to_itself(param, raw):
    try:
        value = param.convert(raw)
    except params.ParamError:
        return
    written = str(value).lower() if param.type is bool else str(value)
    assert param.convert(written) == value, written


@given(subset=st.lists(st.sampled_from(["steel", "copper", "lithium"]), min_size=1))
def test_a_subset_keeps_its_order_without_repeats(subset):
    got = DECLARED[5].convert(",".join(subset))
    assert got.split(",") == list(dict.fromkeys(subset))


RULES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["one of a, b", "any of 1, x", "from 0 to", "from a to b", "from 1 to 2 to 3", "after", "after x y"]
    ),
    st.builds(lambda a, b: f"from {a} to {b}", st.integers(-5, 5), st.integers(-5, 5)),
)


@given(
    kind=st.sampled_from(["str", "int", "float", "bool", "list"]),
    default=st.sampled_from(["'a'", "1", "2.5", "True", "[1]", "(", "x", "1e999", "'x' 'y'"]),
    rules=st.lists(RULES, max_size=3),
)
def test_any_declaration_is_read_or_refused_naming_the_parameter(kind, default, rules):
    try:
        param = params._parse("p", kind, default, "; ".join(["help", *rules]))
    except ValueError as exc:
        message = str(exc)
        assert message.startswith("parameter 'p': ") and "\n" not in message, message
    else:
        assert param.convert(param.default) == param.default
