"""One YAML file read safely: only a regular file of bounded size, no anchors or aliases, nesting bounded, every
key text, held to the id rule in the source files and never defined twice; SourceError names the file and line.
Used by the pipeline for the sources and by labels for the texts beside each chapter module."""

from __future__ import annotations

import errno
import re
import unicodedata
from pathlib import Path

import yaml

from . import paths
from .files import NotRegularFile, read_regular


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
MAX_BYTES = 4 * 1024**2
MAX_DEPTH = 20
MAX_PROBLEMS = 50
# Letters of other scripts that look like Latin ones (Cyrillic, Greek), named when a key holds one.
_LOOK_ALIKES = dict(zip("аеорсухіјѕһԁԛԝӏкмтвнαονριτυχεκ", "aeopcyxijshdqwlkmtbhaovpituxek"))


def capped(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first ``limit`` problems and a line counting the rest: a file that breaks everywhere prints a page, not
    a flood."""
    if len(problems) <= limit:
        return problems
    return problems[:limit] + [f"… and {len(problems) - limit} more problems ({len(problems)} in all): fix these first"]


def key_problem(key: str) -> str | None:
    """Why the text ``key`` breaks the id rule, None when it keeps it."""
    if not key:
        return "is empty"
    if ID.fullmatch(key):
        return None
    i, ch = next((i, ch) for i, ch in enumerate(key) if not ID.fullmatch(ch))
    what = f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"
    alike = _look_alike(ch)
    return (
        f"holds {ch!r} ({what}) at character {i + 1}"
        if ch.isprintable() and not ch.isspace()
        else f"holds {what} at character {i + 1}"
    ) + (f", a look-alike of {alike!r}" if alike != ch else "")


def _look_alike(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    return _LOOK_ALIKES.get(ch.lower(), folded if folded.isascii() else ch)


def skeleton(key: str) -> str:
    """``key`` with each look-alike letter replaced by the ASCII letter it imitates (cobаlt -> cobalt)."""
    return "".join(_look_alike(ch) for ch in key)


def _in_sources(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(paths.SOURCES.resolve())


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml when PyYAML has it
    """A YAML loader whose mapping keys are text, held to the id rule when ``ids`` (text keys instead at the top
    level when ``text_keys``: the units as written), and that refuses a key defined twice (plain YAML keeps the last
    silently), at the line of the key. libyaml's parser when PyYAML has it (ten times faster than pure Python)."""

    ids = True
    text_keys = False

    def construct_document(self, node):
        self._root = node
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict = {}
        text_keys = self.text_keys and node is getattr(self, "_root", None)
        ids = {
            k.value: k.start_mark.line + 1
            for k, _ in node.value
            if isinstance(k, yaml.ScalarNode) and ID.fullmatch(k.value)
        }  # what a look-alike may imitate
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
                raise SourceError(
                    f"line {line}: key {key_node.value or '(empty)'} is read as {describe(key)}, not "
                    f"text{quote}; {KEY_RULE}"
                )
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
            return (
                f"{at}: {what} ({mark}{event.anchor}); anchors and aliases are not allowed in source files: "
                "write each value out"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return f"{at}: nested more than {MAX_DEPTH} levels deep; source files are at most {MAX_DEPTH}"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load_yaml(path: Path, text_keys: bool = False, ids: bool | None = None, data: bytes | None = None):
    """The content of a YAML file; SourceError, on one line, names the file and the line of bad YAML, of an anchor
    or alias, of nesting too deep, of a key that is not text or is repeated, or that breaks the id rule (``ids``; by
    default in the source files under data/sources/; ``text_keys``: the top-level keys are text, not ids). Only a
    regular file of at most MAX_BYTES is read: a named pipe or a device is refused unread. ``data``: the file's bytes,
    read already."""
    where = name(path)
    try:
        text = (read_regular(path, MAX_BYTES) if data is None else data).decode("utf-8")
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
        why = (
            "source files are hand-entered and small"
            if exc.errno == errno.EFBIG
            else "refused unread (only regular files are read)"
        )
        raise SourceError(f"{where}: {exc.strerror}; {why}") from None
    except OSError as exc:
        raise SourceError(f"{where}: cannot read ({exc.strerror})") from None


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
    kinds: dict[type, str] = {list: "a list", dict: "a mapping"}
    return kinds.get(type(value), type(value).__name__)
