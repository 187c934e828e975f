"""Reading the project's YAML files and judging their values: the error every problem raises, the loader that refuses
a key defined twice, and the checks of types and plain text. The lowest stage of the pipeline: sources, values and
documents build on it, it builds on nothing of theirs."""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import yaml

from .. import paths

NONE = type(None)
# Characters and sequences that are markup somewhere between these files and a web page.
_MARKUP = re.compile(r"[<>`{}|\\$]|&#?\w+;|\]\(|:::|\*\*|__|~~|javascript:", re.IGNORECASE)
PLAIN_RULE = ("plain text only: no line breaks, control or invisible characters (bidi marks, zero-width), nor "
              "markup (< > ` { } | \\ $ &…; ]( ::: ** __ ~~ javascript:), nor a formula sign at the start (= @, "
              "or + - before anything but a number: a spreadsheet opening the CSV download would run it)")
# What a spreadsheet runs as a formula when a cell starts with it. A signed number ("-3.5%") may stand there: with no
# function call (no "(") and no "|" (markup), it can only compute a number.
_FORMULA = re.compile(r"[=@]|[+\-](?![\d.][^(]*$)")


class SourceError(ValueError):
    """A source file that cannot be read or whose rows break the contract."""


def name(path: Path) -> str:
    """A file as messages name it: relative to data/sources/ (units.yaml, coverage/003.yaml), else in full."""
    try:
        return Path(path).resolve().relative_to(paths.SOURCES.resolve()).as_posix()
    except ValueError:
        return str(path)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader that refuses a mapping with the same key twice (plain YAML keeps the last silently), naming the
    line of the second definition. libyaml's parser when PyYAML has it (ten times faster than the pure-Python one)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:
                raise SourceError(f"line {line}: a key must be text, not {type(key).__name__}") from None
            if first is not None:
                raise SourceError(f"line {line}: key {key!r} defined twice (first at line {first})")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path):
    """The content of a YAML file; SourceError names the file and the line of bad YAML or of a repeated key."""
    where = name(path)
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_UniqueKeyLoader)
    except SourceError as exc:
        raise SourceError(f"{where} {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SourceError(f"{where}{at}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: not UTF-8 text (byte {exc.start + 1})") from None
    except OSError as exc:
        raise SourceError(f"{where}: cannot read ({exc.strerror})") from None


def text_problem(value: str) -> str | None:
    """Why ``value`` is not plain text (None when it is)."""
    for i, ch in enumerate(value):
        category = unicodedata.category(ch)
        if ch in "\n\r\u2028\u2029":
            return f"a line break at character {i + 1}"
        if category == "Cc":
            return f"the control character U+{ord(ch):04X} at character {i + 1}"
        if category in ("Cf", "Zl", "Zp"):
            return f"the invisible character U+{ord(ch):04X} ({unicodedata.name(ch, 'format')}) at character {i + 1}"
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


def describe(value) -> str:
    """A value as a message shows it: the number 32, the text '130', a list, a mapping, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


_TYPE_WORDS = {str: "text", int: "an integer", float: "a number", list: "a list", NONE: "null", dict: "a mapping"}


def type_problem(where: str, field: str, value, types) -> str | None:
    """A message when ``value`` is not of ``types`` (bool never counts as a number), with a hint for the usual
    mistakes: a number written in quotes, text that YAML read as a number."""
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
        return None
    wanted = " or ".join(dict.fromkeys("a number" if t in (int, float) and float in types else _TYPE_WORDS[t]
                                       for t in types))
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
    for key, entry in enumerate(table, 1) if numbered else table.items():
        at = f"{where} {label} {key if numbered else repr(key)}"
        if not isinstance(entry, dict):
            problems.append(f"{at}: must be a mapping of {', '.join(fields)}, not {describe(entry)}")
            continue
        found = field_problems(at, entry, fields, required)
        found += [p for f in fields if f in entry for p in text_problems(at, f, entry[f])]
        problems += found or (check(at, key, entry) if check else [])
    return problems


