"""Chapter parameters, declared in one place, typed and validated (never evaluated as code)."""
from __future__ import annotations

from dataclasses import dataclass


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

    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(map(str, self.choices))
        if self.min is not None or self.max is not None:
            return f"a {self.type.__name__} from {self.min} to {self.max}"
        return f"a {self.type.__name__}"

    def convert(self, raw: object) -> object:
        """The typed value of ``raw`` (a string from the command line or a Python value), or ParamError."""
        try:
            if self.type is float and isinstance(raw, (int, float)) and not isinstance(raw, bool):
                value = float(raw)
            elif isinstance(raw, self.type) and not isinstance(raw, bool):
                value = raw
            elif isinstance(raw, str) and self.type in (int, float):
                value = self.type(raw)
            else:
                raise ValueError
        except ValueError:
            raise ParamError(f"parameter {self.name!r}: {raw!r} is not {self.allowed()}") from None
        if self.choices and value not in self.choices:
            raise ParamError(f"parameter {self.name!r}: {value!r} is not allowed; use {self.allowed()}")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise ParamError(f"parameter {self.name!r}: {value!r} is out of range; use {self.allowed()}")
        return value


LANG = Param("lang", str, "zh", "language of text and charts", choices=("zh", "en"))

CHAPTERS: dict[str, tuple[Param, ...]] = {
    "01_status": (
        LANG,
        Param("material_class", str, "all", "material class of Table 1 to show, or all",
              choices=("all", "rare_earth", "semiconductor", "display", "energy")),
        Param("threshold", float, 50.0, "flag materials whose domestic share (%) is below this", min=0.0, max=100.0),
    ),
}


def declared(chapter: str) -> tuple[Param, ...]:
    if chapter not in CHAPTERS:
        raise ParamError(f"unknown chapter {chapter!r}; chapters with parameters: {', '.join(CHAPTERS)}")
    return CHAPTERS[chapter]


def check(chapter: str, **values: object) -> dict:
    """Typed values for ``chapter``; ParamError names an unknown parameter or a bad value and what is allowed."""
    decl = {p.name: p for p in declared(chapter)}
    unknown = sorted(set(values) - set(decl))
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r} for {chapter}; allowed: {', '.join(decl)}")
    return {name: p.convert(values.get(name, p.default)) for name, p in decl.items()}


def describe(chapter: str) -> str:
    """A table of the chapter's parameters for ``materials-book params``."""
    rows = [f"{p.name:<16} {p.type.__name__:<6} default={p.default!r:<8} {p.allowed()}  — {p.help}" for p in declared(chapter)]
    return "\n".join(rows)
