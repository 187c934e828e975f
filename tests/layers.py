"""The package's import graph, module -> the package modules it imports (anywhere in it), and the layer rules it must
keep. ``python tests/layers.py`` (or ``make layers``) prints the graph and its counts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "materials_book"
# The layers, lowest first. Base modules import only base modules; kernels import data and never the pipeline.
BASE = {
    "memo",
    "errors",
    "paths",
    "files",
    "escape",
    "signals",
    "lock",
    "yamlfile",
    "formulas",
    "facts",
    "schemas",
    "labels",
    "quantities",
    "data",
}
# What a chapter module may import: the data, words and numbers' display, the formulas, the chart kit.
KIT = ("chapters", "chapters.frames", "chapters.style", "chapters.layout", "chapters.kit")
CHAPTER_MAY = {"data", "labels", "quantities", "formulas", *KIT}
LAZY_ALLOWED = {"cli"}  # the CLI's dispatch imports its command's modules when it runs (start-up time)


def modules() -> dict[str, Path]:
    found = {}
    for p in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = p.relative_to(SRC / PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = p
    return found


def _target(node: ast.ImportFrom, module: str, package: bool) -> str:
    base = module.split(".") if module else []
    if not package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(imported package module, inside a function) for every import of the module ``name``."""
    known, tree = modules(), ast.parse(path.read_text(encoding="utf-8"))
    package = path.name == "__init__.py"
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = _target(child, name, package)
                elif (child.module or "").startswith(PACKAGE):
                    base = child.module.removeprefix(PACKAGE).lstrip(".")
                else:
                    continue
                for alias in child.names:  # a name imported from a package may be a module of it
                    sub = f"{base}.{alias.name}".lstrip(".")
                    found.append((sub if sub in known else base, inner))
            elif isinstance(child, ast.Import):
                found.extend(
                    (a.name.removeprefix(PACKAGE).lstrip("."), inner)
                    for a in child.names
                    if a.name.split(".")[0] == PACKAGE
                )
            visit(child, inner)

    visit(tree, False)
    return [(m, lazy) for m, lazy in dict.fromkeys(found) if m != name]


def graph() -> dict[str, set[str]]:
    return {n: {m for m, _ in imports(n, p) if m} for n, p in modules().items()}


def layer(name: str) -> str:
    if name in BASE or name == "":
        return "base"
    top = name.split(".")[0]
    if top == "chapters":
        return "chart kit" if name in KIT else "chapter"
    return top if top in ("pipeline", "checks", "publish") else "cli"


def violations() -> list[str]:
    """Every import that breaks a layer rule, as 'module -> module: rule'."""
    found = []
    for name, path in modules().items():
        for target, lazy in imports(name, path):
            if lazy and name not in LAZY_ALLOWED:
                found.append(f"{name} -> {target}: a package import inside a function")
            here, there = layer(name), layer(target)
            if here == "base" and there != "base":
                found.append(f"{name} -> {target}: base imports only base modules")
            elif here == "chart kit" and there not in ("base", "chart kit"):
                found.append(f"{name} -> {target}: the chart kit imports only base modules and itself")
            elif here == "chapter" and target not in CHAPTER_MAY:
                found.append(
                    f"{name} -> {target}: a chapter imports only data, labels, quantities, formulas, the chart kit"
                )
            elif here == "pipeline" and there not in ("base", "pipeline"):
                found.append(f"{name} -> {target}: the pipeline imports nothing of presentation or publishing")
            elif here == "checks" and there in ("publish", "cli"):
                found.append(f"{name} -> {target}: checks import nothing of publishing")
            elif here == "publish" and there == "cli":
                found.append(f"{name} -> {target}: nothing imports the CLI")
    return found


def main() -> int:
    g = graph()
    for name in sorted(g):
        print(f"{name or PACKAGE} [{layer(name)}] -> {', '.join(sorted(g[name])) or '-'}")
    edges = sum(len(v) for v in g.values())
    between: dict[tuple[str, str], int] = {}
    for name, targets in g.items():
        for t in targets:
            key = (layer(name), layer(t))
            between[key] = between.get(key, 0) + 1
    print(
        f"\n{len(g)} modules, {edges} imports; by layer: "
        + ", ".join(f"{a} -> {b}: {n}" for (a, b), n in sorted(between.items()))
    )
    bad = violations()
    print(f"{len(bad)} imports break a layer rule" + "".join(f"\n  {v}" for v in bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
