"""Judging the values read from the source files: plain text, types, field names, and each entry of a table, with
problems worded alike. The lowest stage of the pipeline (reading the files is materials_book.yamlfile's)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..yamlfile import describe

NONE = type(None)
# Characters and sequences that are markup somewhere between these files and a web page.
_MARKUP = re.compile(r"[<>`{}|\\$]|&#?\w+;|\]\(|:::|\*\*|__|~~|javascript:", re.IGNORECASE)
PLAIN_RULE = (
    "plain text only: no line breaks, control or invisible characters (bidi marks, zero-width, fillers, "
    "private-use), nor "
    "markup (< > ` { } | \\ $ &…; ]( ::: ** __ ~~ javascript:), nor a formula sign at the start (= @, "
    "or + - before anything but a number: a spreadsheet opening the CSV download would run it)"
)
# What a spreadsheet runs as a formula when a cell starts with it. A signed number ("-3.5%") may stand there: with no
# function call (no "(") and no "|" (markup), it can only compute a number.
_FORMULA = re.compile(r"[=@]|[+\-](?![\d.][^(]*$)")


# Characters that show nothing (or something else than they are) on a page: Unicode's Default_Ignorable_Code_Point
# (DerivedCoreProperties.txt: soft hyphen, combining grapheme joiner, Hangul fillers, variation selectors, tags, …),
# and the Braille blank, a filler that is not ignorable. Categories Cf, Co (private use) and Cn (unassigned) are
# refused as well, by category.
_INVISIBLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def invisible(ch: str) -> bool:
    """True for a character that a reader cannot see or that is not a character of any script: format and
    default-ignorable characters, fillers, private-use and unassigned code points."""
    n = ord(ch)
    return unicodedata.category(ch) in ("Cf", "Co", "Cn", "Cs", "Zl", "Zp") or any(a <= n <= b for a, b in _INVISIBLE)


_PLAIN: set[str] = set()  # characters already found plain: the sources repeat a few thousand characters


def text_problem(value: str) -> str | None:
    """Why ``value`` is not plain text (None when it is)."""
    for i, ch in enumerate(value):
        if ch in _PLAIN:
            continue
        category = unicodedata.category(ch)
        if ch in "\n\r\u2028\u2029":
            return f"a line break at character {i + 1}"
        if category == "Cc":
            return f"the control character U+{ord(ch):04X} at character {i + 1}"
        if invisible(ch):
            what = unicodedata.name(ch, "private use" if category == "Co" else "unassigned")
            return f"the invisible character U+{ord(ch):04X} ({what}) at character {i + 1}"
        _PLAIN.add(ch)
    m = _MARKUP.search(value)
    if m:
        return f"markup {m.group()!r} at character {m.start() + 1}"
    return f"a formula sign {value[0]!r} at character 1" if _FORMULA.match(value) else None


def text_problems(where: str, field: str, value) -> list[str]:
    """Problems of a plain-text field: a string, a {zh, en} pair or a list of strings (others are not checked)."""
    if isinstance(value, dict):
        return [p for lang, v in value.items() for p in text_problems(where, f"{field}.{lang}", v)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in text_problems(where, f"{field}[{i}]", v)]
    why = text_problem(value) if isinstance(value, str) else None
    return [f"{where}: field {field!r} has {why}; {PLAIN_RULE}"] if why else []


_TYPE_WORDS = {str: "text", int: "an integer", float: "a number", list: "a list", NONE: "null", dict: "a mapping"}


def type_problem(where: str, field: str, value, types) -> str | None:
    """A message when ``value`` is not of ``types`` (bool never counts as a number), with a hint for the usual
    mistakes: a number written in quotes, text that YAML read as a number."""
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
        return None
    wanted = " or ".join(
        dict.fromkeys("a number" if t in (int, float) and float in types else _TYPE_WORDS[t] for t in types)
    )
    hint = ""
    if field == "source" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1000:
        hint = f" (a document id is three digits in quotes: '{value:03d}')"
    elif str in types and isinstance(value, (int, float)) and not isinstance(value, bool):
        hint = f" (write it in quotes: '{value}')"
    elif float in types and isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        hint = " (write it without quotes)"
    return f"{where}: field {field!r} must be {wanted}, not {describe(value)}{hint}"


def did_you_mean(word, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def name_problems(where: str, entry: dict, required, allowed) -> list[str]:
    """Missing and unknown fields of one mapping (a misspelled field is named with the field it resembles)."""
    problems = [f"{where}: missing field {f!r}" for f in required if f not in entry]
    return problems + [f"{where}: unknown field {f!r}{did_you_mean(f, allowed)}" for f in entry if f not in allowed]


def field_problems(where: str, entry: dict, fields: dict, required=None) -> list[str]:
    """Missing (of ``required``, by default every field), unknown and mistyped fields of one mapping; ``fields`` maps
    each field to its type(s)."""
    problems = name_problems(where, entry, fields if required is None else required, fields)
    return problems + [p for f, t in fields.items() if f in entry and (p := type_problem(where, f, entry[f], t))]


def entry_problems(where: str, table: dict | list, label: str, fields: dict, required=None, check=None) -> list[str]:
    """Problems of each entry of a mapping (or of a list, numbered from 1) of YAML mappings, each message beginning
    ``where label key``: an entry that is not a mapping, its fields (:func:`field_problems`) and text that is not
    plain, then, for an entry with none of those, ``check(at, key, entry)``."""
    problems = []
    numbered = isinstance(table, list)
    for key, entry in enumerate(table, 1) if isinstance(table, list) else table.items():
        at = f"{where} {label} {key if numbered else repr(key)}"
        if not isinstance(entry, dict):
            problems.append(f"{at}: must be a mapping of {', '.join(fields)}, not {describe(entry)}")
            continue
        found = field_problems(at, entry, fields, required)
        found += [p for f in fields if f in entry for p in text_problems(at, f, entry[f])]
        problems += found or (check(at, key, entry) if check else [])
    return problems
