"""Reading the project's YAML files and judging their values: the error every problem raises, the loader that refuses
a key defined twice, and the checks of types and plain text. The lowest stage of the pipeline: sources, values and
documents build on it, it builds on nothing of theirs."""
from __future__ import annotations

import difflib
import errno
import re
import unicodedata
from pathlib import Path

import yaml

from .. import paths
from ..files import NotRegularFile, read_regular

NONE = type(None)
# Characters and sequences that are markup somewhere between these files and a web page.
_MARKUP = re.compile(r"[<>`{}|\\$]|&#?\w+;|\]\(|:::|\*\*|__|~~|javascript:", re.IGNORECASE)
PLAIN_RULE = ("plain text only: no line breaks, control or invisible characters (bidi marks, zero-width, fillers, "
              "private-use), nor "
              "markup (< > ` { } | \\ $ &…; ]( ::: ** __ ~~ javascript:), nor a formula sign at the start (= @, "
              "or + - before anything but a number: a spreadsheet opening the CSV download would run it)")
# What a spreadsheet runs as a formula when a cell starts with it. A signed number ("-3.5%") may stand there: with no
# function call (no "(") and no "|" (markup), it can only compute a number.
_FORMULA = re.compile(r"[=@]|[+\-](?![\d.][^(]*$)")


# Characters that show nothing (or something else than they are) on a page: Unicode's Default_Ignorable_Code_Point
# (DerivedCoreProperties.txt: soft hyphen, combining grapheme joiner, Hangul fillers, variation selectors, tags, …),
# and the Braille blank, a filler that is not ignorable. Categories Cf, Co (private use) and Cn (unassigned) are
# refused as well, by category.
_INVISIBLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
              (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
              (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))


def invisible(ch: str) -> bool:
    """True for a character that a reader cannot see or that is not a character of any script: format and
    default-ignorable characters, fillers, private-use and unassigned code points."""
    n = ord(ch)
    return unicodedata.category(ch) in ("Cf", "Co", "Cn", "Cs", "Zl", "Zp") or any(a <= n <= b for a, b in _INVISIBLE)


class SourceError(ValueError):
    """A source file that cannot be read or whose rows break the contract."""


def name(path: Path) -> str:
    """A file as messages name it: relative to data/sources/ (units.yaml, coverage/003.yaml), else in full."""
    try:
        return Path(path).resolve().relative_to(paths.SOURCES.resolve()).as_posix()
    except ValueError:
        return str(path)


# The id rule: row ids, keys of every YAML mapping, key fields. ASCII only, so a look-alike letter is refused.
ID = re.compile(r"[a-z0-9_.\-]+")
KEY_RULE = "a key holds only lower-case ASCII letters a-z, digits and _ . -"
# Bounds of a source file: hand-entered data is small and shallow (the largest file is about 60 KB, 5 levels deep).
MAX_BYTES = 4 * 1024 ** 2
MAX_DEPTH = 20
MAX_PROBLEMS = 50
# Letters of other scripts that look like Latin ones (Cyrillic, Greek), named when a key holds one.
_LOOK_ALIKES = dict(zip("аеорсухіјѕһԁԛԝӏкмтвнαονριτυχεκ", "aeopcyxijshdqwlkmtbhaovpituxek"))


def capped(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems and a line counting the rest: a file that breaks everywhere prints a page, not
    a flood."""
    if len(problems) <= limit:
        return problems
    return problems[:limit] + [f"… and {len(problems) - limit} more problems ({len(problems)} in all): fix these "
                               "first"]


def key_problem(key: str) -> str | None:
    """Why the text ``key`` breaks the id rule, None when it keeps it."""
    if not key:
        return "is empty"
    if ID.fullmatch(key):
        return None
    i, ch = next((i, ch) for i, ch in enumerate(key) if not ID.fullmatch(ch))
    what = f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"
    alike = _look_alike(ch)
    return (f"holds {ch!r} ({what}) at character {i + 1}" if ch.isprintable() and not ch.isspace()
            else f"holds {what} at character {i + 1}") + (f", a look-alike of {alike!r}" if alike != ch else "")


def _look_alike(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return _LOOK_ALIKES.get(ch.lower(), folded if folded.isascii() else ch)


def skeleton(key: str) -> str:
    """``key`` with each look-alike letter replaced by the ASCII letter it imitates (cobаlt -> cobalt)."""
    return "".join(_look_alike(ch) for ch in key)


def _in_sources(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(paths.SOURCES.resolve())


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A YAML loader whose mapping keys are text, held to the id rule when ``ids`` (text keys instead at the top
    level when ``text_keys``: the units as written), and that refuses a key defined twice (plain YAML keeps the last
    silently), at the line of the key. libyaml's parser when PyYAML has it (ten times faster than pure Python)."""

    ids = True
    text_keys = False

    def construct_document(self, node):
        self._root = node
        return super().construct_document(node)

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        text_keys = self.text_keys and node is getattr(self, "_root", None)
        ids = {k.value: k.start_mark.line + 1 for k, _ in node.value
               if isinstance(k, yaml.ScalarNode) and ID.fullmatch(k.value)}  # what a look-alike may imitate
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                raise SourceError(f"line {line}: a key is {kind}; {KEY_RULE}")
            if key_node.tag.endswith(":merge"):
                raise SourceError(f"line {line}: merge keys (<<) are not allowed in source files; write the fields out")
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                quote = f" (write it in quotes: '{key_node.value}')" if ID.fullmatch(key_node.value) else ""
                raise SourceError(f"line {line}: key {key_node.value or '(empty)'} is read as {describe(key)}, not "
                                  f"text{quote}; {KEY_RULE}")
            if self.ids and not text_keys and (why := key_problem(key)):
                twin = ids.get(skeleton(key))
                twin = f"; it imitates key {skeleton(key)!r} at line {twin}" if twin else ""
                raise SourceError(f"line {line}: key {key!r} {why}{twin}; {KEY_RULE}")
            if key in seen:
                raise SourceError(f"line {line}: key {key!r} defined twice (first at line {seen[key]})")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _shape_problem(text: str) -> str | None:
    """Anchors, aliases and nesting beyond MAX_DEPTH, found in the event stream before any node is built (libyaml's
    composer recurses in C: a few thousand levels crash it; an alias bomb expands to millions of values)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        at = f"line {event.start_mark.line + 1}, column {event.start_mark.column + 1}"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            what = "an alias" if isinstance(event, yaml.AliasEvent) else "an anchor"
            mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
            return (f"{at}: {what} ({mark}{event.anchor}); anchors and aliases are not allowed in source files: "
                    "write each value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return f"{at}: nested more than {MAX_DEPTH} levels deep; source files are at most {MAX_DEPTH}"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load_yaml(path: Path, text_keys: bool = False, ids: bool | None = None):
    """The content of a YAML file; SourceError, on one line, names the file and the line of bad YAML, of an anchor
    or alias, of nesting too deep, of a key that is not text or is repeated, or that breaks the id rule (``ids``; by
    default in the source files under data/sources/; ``text_keys``: the top-level keys are text, not ids). Only a
    regular file of at most MAX_BYTES is read: a named pipe or a device is refused unread."""
    where = name(path)
    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8")
        if problem := _shape_problem(text):
            raise SourceError(problem)
        loader = _Loader(text)
        loader.text_keys = text_keys
        loader.ids = _in_sources(path) if ids is None else ids
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
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
    except NotRegularFile as exc:
        why = "source files are hand-entered and small" if exc.errno == errno.EFBIG else \
            "refused unread (only regular files are read)"
        raise SourceError(f"{where}: {exc.strerror}; {why}") from None
    except OSError as exc:
        raise SourceError(f"{where}: cannot read ({exc.strerror})") from None


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


