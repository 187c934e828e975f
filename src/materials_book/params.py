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
    multi: bool = False  # a comma-separated subset of choices, or "all"

    def allowed(self) -> str:
        if self.multi:
            return "all, or a comma-separated subset of " + ", ".join(map(str, self.choices))
        if self.type is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(map(str, self.choices))
        if self.min is not None or self.max is not None:
            return f"a {self.type.__name__} from {self.min} to {self.max}"
        return f"a {self.type.__name__}"

    def convert(self, raw: object) -> object:
        """The typed value of ``raw`` (a string from the command line or a Python value), or ParamError."""
        if self.multi:
            return self._subset(raw)
        if self.type is bool:
            return self._bool(raw)
        try:
            if self.type is float and isinstance(raw, (int, float)) and not isinstance(raw, bool):
                value = float(raw)
            elif isinstance(raw, self.type) and not isinstance(raw, bool):
                value = raw
            elif isinstance(raw, str) and self.type in (int, float) and raw.strip().lstrip("+-").replace(".", "", 1).isdigit():
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

    def _bool(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
        if isinstance(raw, str) and raw.strip().lower() in words:
            return words[raw.strip().lower()]
        raise ParamError(f"parameter {self.name!r}: {raw!r} is not {self.allowed()}")

    def _subset(self, raw: object) -> str:
        items = [x.strip() for x in raw.split(",")] if isinstance(raw, str) else None
        if not items or any(not x for x in items):
            raise ParamError(f"parameter {self.name!r}: {raw!r} is not {self.allowed()}")
        if items == ["all"]:
            return "all"
        bad = [x for x in items if x not in self.choices]
        if bad:
            raise ParamError(f"parameter {self.name!r}: {bad[0]!r} is not allowed; use {self.allowed()}")
        return ",".join(dict.fromkeys(items))


def subset(value: str, choices: tuple) -> list[str]:
    """The items of a multi-choice value ("all" means every choice)."""
    return list(choices) if value == "all" else value.split(",")


RECYCLING_TARGET = "steel,copper,aluminium,lithium,cobalt,nickel"  # 003 §五: 废钢、废铜、废铝、废旧电池中锂、钴、镍
MINERALS = ("steel", "iron_concentrate", "manganese_ore", "copper", "aluminium", "lithium", "cobalt", "nickel", "rare_earths")

LANG = Param("lang", str, "zh", "language of text and charts", choices=("zh", "en"))

CHAPTERS: dict[str, tuple[Param, ...]] = {
    "01_status": (
        LANG,
        Param("material_class", str, "all", "material class of Table 1 to show, or all",
              choices=("all", "rare_earth", "semiconductor", "display", "energy")),
        Param("threshold", float, 50.0, "flag materials whose domestic share (%) is below this", min=0.0, max=100.0),
    ),
    "02_bottlenecks": (
        LANG,
        Param("focus", str, "btl.1", "bottleneck to highlight (paper_framework id)", choices=("btl.1", "btl.2", "btl.3", "btl.4", "btl.5")),
    ),
    "03_tis_comparison": (
        LANG,
        Param("regions", str, "all", "regions to compare", choices=("US", "EU", "JP", "CN"), multi=True),
        Param("function", str, "all", "TIS function to highlight (paper_framework id), or all",
              choices=("all", "tis.1", "tis.2", "tis.3", "tis.4", "tis.5", "tis.6")),
    ),
    "05_industry_progress": (
        LANG,
        Param("show_derived", bool, True, "show the growth rates computed from the stated figures"),
        Param("money_unit", str, "万亿元", "unit of output value in charts and text", choices=("万亿元", "亿元")),
    ),
    "06_supply_chain_monitor": (
        LANG,
        Param("show_controls", bool, True, "mark the start of Japan's July 2019 export controls in the chart"),
        Param("rare_earth_measure", str, "reserves", "rare-earth figure to compare, China against the world", choices=("reserves", "production")),
    ),
    "04_minerals_roadmap": (
        LANG,
        Param("minerals", str, RECYCLING_TARGET, "minerals to show (glossary keys); default: those the 2035 recycling target names",
              choices=MINERALS, multi=True),
        Param("demand_scale", float, 1.0, "multiplier on the documented demand at the horizon", min=0.5, max=2.0),
        Param("recycling_share_2035", float, 30.0, "secondary supply as % of consumption at the horizon (document target: 30%)",
              min=0.0, max=100.0),
        Param("base_year", int, 2020, "first year of the scenario", choices=(2020, 2025, 2030)),
        Param("horizon", int, 2035, "last year of the scenario (after base_year)", choices=(2025, 2030, 2035)),
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
    typed = {name: p.convert(values.get(name, p.default)) for name, p in decl.items()}
    if "base_year" in typed and typed["horizon"] <= typed["base_year"]:
        raise ParamError(f"parameter 'horizon': {typed['horizon']} must be after base_year {typed['base_year']}")
    return typed


def describe(chapter: str) -> str:
    """A table of the chapter's parameters for ``materials-book params``."""
    rows = [f"{p.name:<16} {p.type.__name__:<6} default={p.default!r:<8} {p.allowed()}  — {p.help}" for p in declared(chapter)]
    return "\n".join(rows)
