"""Chapter parameters: declared once, in each notebook's cell tagged ``parameters``, read back as papermill reads it.

A declaration is one line ``name: type = default  # help; constraint; …``. Constraints (after the help, each after
``; ``): ``one of a, b``; ``any of a, b`` (a comma-separated subset, or ``all``); ``from 0 to 100``; ``after other``
(greater than the parameter ``other``). Values are typed and validated, never evaluated as code. The CLI
(``params``, ``rerun``), the check inside each notebook and the reproducibility page all read this declaration.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

from .. import paths
from . import notebooks

TYPES = {"str": str, "int": int, "float": float, "bool": bool}


class ParamError(ValueError):
    """A parameter name or value that the chapter does not accept."""


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: object
    help: str
    choices: tuple | None = None
    min: float | None = None
    max: float | None = None
    multi: bool = False  # a comma-separated subset of choices, or "all"
    after: str | None = None  # must be greater than this parameter

    def allowed(self) -> str:
        if self.multi:
            return "all, or a comma-separated subset of " + ", ".join(map(str, self.choices or ()))
        if self.after:
            return "one of " + ", ".join(map(str, self.choices or ())) + f", after {self.after}"
        if self.type is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(map(str, self.choices or ()))
        if self.min is not None or self.max is not None:
            return f"a {self.type.__name__} from {self.min} to {self.max}"
        return f"a {self.type.__name__}"

    def convert(self, raw: object) -> Any:
        """The typed value of ``raw`` (a string from the command line or a Python value), or ParamError."""
        if self.multi:
            return self._subset(raw)
        if self.type is bool:
            return self._bool(raw)
        value = self._typed(raw)
        if self.choices and value not in self.choices:
            raise ParamError(f"parameter {self.name!r}: {_shown(value)} is not allowed; use {self.allowed()}")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ParamError(f"parameter {self.name!r}: {_shown(value)} is out of range; use {self.allowed()}")
        return value

    def _typed(self, raw: object) -> Any:
        """The value of ``raw`` in the declared type: a finite number (text as written on a command line, 1e-05
        included), never evaluated; ParamError otherwise."""
        value = raw
        if isinstance(raw, str) and self.type in (int, float):
            numeral = _INTEGER if self.type is int else _NUMERAL
            value = self.type(raw.strip()) if numeral.fullmatch(raw.strip()) else raw
        if isinstance(value, bool):
            pass
        elif self.type is float and isinstance(value, (int, float)) and _finite(value):
            return float(value)
        elif isinstance(value, self.type) and (self.type is not float or _finite(value)):
            return value
        raise ParamError(f"parameter {self.name!r}: {_shown(raw)} is not {self.allowed()}")

    def _bool(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
        if isinstance(raw, str) and raw.strip().lower() in words:
            return words[raw.strip().lower()]
        raise ParamError(f"parameter {self.name!r}: {_shown(raw)} is not {self.allowed()}")

    def _subset(self, raw: object) -> str:
        items = [x.strip() for x in raw.split(",")] if isinstance(raw, str) else None
        if not items or any(not x for x in items):
            raise ParamError(f"parameter {self.name!r}: {_shown(raw)} is not {self.allowed()}")
        if items == ["all"]:
            return "all"
        bad = [x for x in items if x not in (self.choices or ())]
        if bad:
            raise ParamError(f"parameter {self.name!r}: {_shown(bad[0])} is not allowed; use {self.allowed()}")
        return ",".join(dict.fromkeys(items))


_NUMERAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


def _finite(number: object) -> bool:
    try:
        return math.isfinite(number)  # type: ignore[arg-type]
    except OverflowError:  # an int too large for a float
        return False


def _shown(raw: object) -> str:
    """``raw`` as a message quotes it: at most 60 characters, on one line."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def _parse(name: str, type_name: str, default: str, text: str) -> Param:
    """One declaration as papermill reports it, with the constraints read from its help text; ValueError names the
    parameter and the part of its declaration that cannot be read, or a default its own constraints refuse."""
    if type_name not in TYPES:
        raise ValueError(f"parameter {name!r}: type {type_name!r} not supported; use {', '.join(TYPES)}")
    kind = TYPES[type_name]
    help_text, *rules = [part.strip() for part in text.split("; ")]
    fields: dict = {}
    for rule in rules:
        try:
            fields.update(_rule(kind, rule))
        except (ValueError, TypeError, OverflowError):
            raise ValueError(
                f"parameter {name!r}: constraint {_shown(rule)} not understood; use one of a, b; any of a, b; "
                "from low to high; after other"
            ) from None
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ValueError(f"parameter {name!r}: default {_shown(default)} is not a plain value") from None
    param = Param(name, kind, value, help_text, **fields)
    try:
        param.convert(value)
    except ParamError as exc:
        raise ValueError(f"{exc} (the declared default)") from None
    return param


def _rule(kind: type, rule: str) -> dict:
    """The fields one constraint sets; ValueError when it is not written as the rules say or does not fit ``kind``
    (a range or an order only for numbers, choices not for true/false)."""
    word, _, rest = rule.partition(" of ") if rule.startswith(("one of", "any of")) else rule.partition(" ")
    numeric = kind in (int, float)
    if word in ("one", "any") and kind is not bool and (word == "one" or kind is str):
        return {"choices": tuple(kind(x.strip()) for x in rest.split(",")), "multi": word == "any"}
    if word == "from" and numeric:
        low, high = (float(x) for x in rest.split(" to "))
        if math.isfinite(low) and math.isfinite(high) and low <= high:
            return {"min": low, "max": high}
    if word == "after" and numeric and rest.isidentifier():
        return {"after": rest}
    raise ValueError(rule)


@paths.cached
def _declared(chapter: str) -> tuple[Param, ...]:
    # imported here, not with the module: `make outputs` with nothing changed reads no parameters (0.1 s less)
    import nbformat
    from papermill.translators import PythonTranslator

    path = paths.CHAPTERS / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise ParamError(f"{chapter}: no cell tagged 'parameters'")
    declared = tuple(_parse(p.name, p.inferred_type_name, p.default, p.help) for p in PythonTranslator.inspect(cell))
    names = {p.name for p in declared}
    if stray := next((p for p in declared if p.after and p.after not in names), None):
        raise ValueError(f"parameter {stray.name!r}: after {stray.after!r} names no parameter of {chapter}")
    return declared


def chapters() -> list[str]:
    """The chapters (notebook stems), in book order."""
    return [p.stem for p in notebooks.chapters()]


def declared(chapter: str) -> tuple[Param, ...]:
    if chapter not in chapters():
        raise ParamError(f"unknown chapter {chapter!r}; chapters: {', '.join(chapters())}")
    return _declared(chapter)


def check(chapter: str, **values: object) -> dict:
    """Typed values for ``chapter``; ParamError names an unknown parameter or a bad value and what is allowed."""
    decl = {p.name: p for p in declared(chapter)}
    unknown = sorted(set(values) - set(decl))
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r} for {chapter}; allowed: {', '.join(decl)}")
    typed = {name: p.convert(values.get(name, p.default)) for name, p in decl.items()}
    for p in decl.values():
        if p.after and typed[p.name] <= typed[p.after]:
            raise ParamError(f"parameter {p.name!r}: {typed[p.name]} must be after {p.after} {typed[p.after]}")
    return typed


def in_notebook(chapter: str, namespace: dict) -> dict:
    """The checked parameters of a running chapter, read from its namespace; multi-choice values as lists."""
    typed = check(chapter, **{p.name: namespace[p.name] for p in declared(chapter)})
    return {p.name: subset(typed[p.name], p.choices or ()) if p.multi else typed[p.name] for p in declared(chapter)}


def subset(value: str, choices: tuple) -> list[str]:
    """The items of a multi-choice value ("all" means every choice)."""
    return list(choices) if value == "all" else value.split(",")


def describe(chapter: str) -> str:
    """A table of the chapter's parameters for ``materials-book params``."""
    rows = [
        f"{p.name:<20} {p.type.__name__:<6} default={p.default!r:<10} {p.allowed()}  — {p.help}"
        for p in declared(chapter)
    ]
    return "\n".join(rows)
