"""The bad-input catalogue: what a careless or hostile contributor or user can do, and what they now see.

Each case puts one bad input into a private copy of the project (data/raw, data/sources, data/built and the
committed notebooks of both editions), runs one command of the CLI on that copy and checks three things: the exit
code (1: a problem in the data, listed; 2: a bad value, path or OS error, one line), the words of the message, and
that nothing changed: the SHA-256 of every file of the copy's data/ and committed notebooks (and of the generated
pages and downloads) is the same after the command as before it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from materials_book import cli, paths, yamlfile

COPIED = (
    "data/raw",
    "data/sources",
    "data/built",
    "chapters",
    "en/chapters",
    "en/_toc.yml",
    "_toc.yml",
    "_config.yml",
    "references.bib",
)


def _copy(src: Path, dest: Path) -> None:
    for rel in COPIED:
        if (src / rel).is_dir():
            shutil.copytree(src / rel, dest / rel, ignore=shutil.ignore_patterns(".*"))
        else:
            dest.joinpath(rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / rel, dest / rel)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = tmp_path_factory.mktemp("pristine")
    _copy(paths.ROOT, root)
    return root


@pytest.fixture
def project(pristine, tmp_path, monkeypatch):
    """A private copy of the project, made the current one (paths.use): every path of materials_book points into it,
    and its cached readers start empty."""
    root = tmp_path / "repo"
    root.mkdir()
    _copy(pristine, root)
    monkeypatch.chdir(root)
    with paths.use(root):
        yield root


def state(root: Path) -> dict[str, str]:
    """SHA-256 of every file of data/, of the committed notebooks, the generated pages and the downloads."""
    found = {}
    for folder in ("data", "chapters", "en", "generated", "_static", "reruns"):
        for p in sorted((root / folder).rglob("*")) if (root / folder).exists() else []:
            if p.is_file():
                found[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    """A change to one file of the copy: ``old`` (which must be there) replaced by ``new``."""

    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} does not contain {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return change


def append(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as fh:
            fh.write(text)

    return change


def move(rel: str, to: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).rename(root / to)


def delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def write(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    return change


def fifo(rel: str) -> Callable[[Path], None]:
    """A named pipe in place of a file: reading it would wait for a writer that never comes."""

    def change(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.mkfifo(root / rel)

    return change


def crafted_chart(chart_id: str) -> Callable[[Path], None]:
    """reruns/crafted.ipynb: an executed chapter whose first chart's metadata names ``chart_id``."""

    def change(root: Path) -> None:
        nb = json.loads((root / "en" / STATUS).read_text(encoding="utf-8"))
        out = next(o for c in nb["cells"] for o in c.get("outputs", []) if o.get("metadata", {}).get("materials_book"))
        out["metadata"]["materials_book"]["chart"] = chart_id
        write("reruns/crafted.ipynb", json.dumps(nb))(root)

    return change


def nothing(root: Path) -> None:
    pass


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for c in changes:
            c(root)

    return change


RAW0 = "data/raw/000_ee39e1757339c3cd.txt"
LOC = "data/sources/localization.yaml"
TAB1 = "data/sources/table1_materials.yaml"
TIS = "data/sources/tis_measures_table.yaml"
STATUS = "chapters/01_status.ipynb"
GLOSSARY = "data/sources/glossary.yaml"
SIC = 'silicon_carbide: {zh: 碳化硅, en: silicon carbide (SiC), definition: "'
BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 12))
KEY_RULE = "a key holds only lower-case ASCII letters a-z, digits and _ . -"


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    argv: list[str]
    code: int
    words: list[str] = field(default_factory=list)
    one_line: bool = False  # the whole message is one line on stderr


CASES = [
    # --- raw documents: a changed or missing document stops everything, naming the file and both hashes -----------
    Case(
        "raw document changed (check)",
        append(RAW0, "x"),
        ["data", "check"],
        1,
        ["data/raw/000_ee39e1757339c3cd.txt", "changed: expected SHA-256 4b06bef52fcee13a", "found "],
        True,
    ),
    Case(
        "raw document changed (build)",
        append(RAW0, "x"),
        ["data", "build"],
        1,
        ["data build failed, previous files left intact", "000_ee39e1757339c3cd.txt", "expected SHA-256"],
    ),
    Case("raw document missing", delete(RAW0), ["data", "build"], 1, ["000_ee39e1757339c3cd.txt", "cannot read"]),
    # --- what lies in data/sources/: refused, never dropped ---------------------------------------------------------
    Case(
        "dataset renamed to .yml",
        move(LOC, "data/sources/localization.yml"),
        ["data", "build"],
        1,
        ["localization.yml: unknown file in data/sources/"],
    ),
    Case(
        "stray file in sources",
        write("data/sources/notes.txt", "todo"),
        ["data", "check"],
        1,
        ["notes.txt: unknown file"],
    ),
    Case(
        "dataset name with capitals",
        move(LOC, "data/sources/Localization.yaml"),
        ["data", "build"],
        1,
        ["Localization.yaml: a dataset name may hold only lowercase letters"],
    ),
    Case(
        "stray coverage list",
        write("data/sources/coverage/notes.yaml", "[]"),
        ["data", "check"],
        1,
        ["coverage/notes.yaml: unknown file in data/sources/coverage/"],
    ),
    # --- YAML: syntax and keys defined twice, at their own line -----------------------------------------------------
    Case(
        "malformed YAML",
        edit(LOC, "rows:\n", "rows: [\n"),
        ["data", "check"],
        1,
        ["localization.yaml line", "not valid YAML"],
    ),
    Case(
        "unit defined twice",
        append("data/sources/units.yaml", '"吨": {unit: t, factor: 2, zh: 吨, en: t}\n'),
        ["data", "build"],
        1,
        ["units.yaml line", "key '吨' defined twice (first at line"],
    ),
    Case(
        "document defined twice",
        append("data/sources/documents.yaml", '"000": {file: x}\n'),
        ["data", "check"],
        1,
        ["documents.yaml line", "key '000' defined twice"],
    ),
    Case(
        "difference with a key twice",
        edit("data/sources/differences.yaml", "- kind: reprint\n", "- kind: reprint\n  kind: reprint\n"),
        ["data", "check"],
        1,
        ["differences.yaml line", "key 'kind' defined twice"],
    ),
    Case(
        "coverage entry with a key twice",
        edit("data/sources/coverage/002.yaml", "  reason: name\n", "  reason: name\n  reason: date\n"),
        ["data", "check"],
        1,
        ["coverage/002.yaml line", "key 'reason' defined twice"],
    ),
    Case(
        "row with a field twice",
        edit(LOC, "    value: 50\n", "    value: 50\n    value: 51\n"),
        ["data", "build"],
        1,
        ["localization.yaml line", "key 'value' defined twice"],
    ),
    Case(
        "malformed unit table",
        append("data/sources/units.yaml", '"斤": {unit: kg, factor: half, zh: 斤, en: jin}\n'),
        ["data", "check"],
        1,
        ["units.yaml unit '斤': field 'factor' must be a number, not the text 'half'"],
    ),
    # --- bounded reading: no anchors or aliases, no deep nesting, only regular files, capped output ---------------
    Case(
        "alias bomb in a glossary definition",
        append(GLOSSARY, "bomb: &l0 [x]\n" + BOMB),
        ["data", "build"],
        1,
        ["glossary.yaml line", "an anchor (&l0); anchors and aliases are not allowed in source files"],
    ),
    Case(
        "alias to another entry",
        append(GLOSSARY, "copy: *x\n"),
        ["data", "check"],
        1,
        ["glossary.yaml line", "an alias (*x)"],
    ),
    Case(
        "definition nested thousands deep",
        append(GLOSSARY, "deep: {zh: 深, en: deep, definition: " + "[" * 5000 + "]" * 5000 + "}\n"),
        ["data", "build"],
        1,
        ["glossary.yaml line", "nested more than 20 levels deep"],
    ),
    Case(
        "a dataset file of 5 MB",
        append("data/sources/minerals_demand.yaml", "# " + "x" * (5 * 1024**2) + "\n"),
        ["data", "build"],
        1,
        ["minerals_demand.yaml", "source files are hand-entered and small"],
    ),
    Case(
        "named pipe as a dataset (check)",
        fifo("data/sources/pipe.yaml"),
        ["data", "check"],
        1,
        ["pipe.yaml: a named pipe, not a regular file; data/sources/ holds only files"],
    ),
    Case(
        "named pipe as a dataset (build)",
        fifo("data/sources/pipe.yaml"),
        ["data", "build"],
        1,
        ["pipe.yaml: a named pipe, not a regular file"],
    ),
    Case(
        "named pipe as a dataset (pages)",
        fifo("data/sources/pipe.yaml"),
        ["site", "pages"],
        1,
        ["pipe.yaml: a named pipe, not a regular file"],
    ),
    Case(
        "named pipe for the glossary",
        fifo(GLOSSARY),
        ["data", "check"],
        1,
        ["glossary.yaml: a named pipe, not a regular file; refused unread"],
    ),
    Case(
        "named pipe checked by name",
        fifo("data/sources/pipe.yaml"),
        ["data", "check", "pipe.yaml"],
        1,
        ["pipe.yaml: a named pipe, not a regular file; refused unread"],
    ),
    Case(
        "a folder named as a dataset",
        lambda root: (root / "data/sources/folder.yaml").mkdir(),
        ["data", "check"],
        1,
        ["folder.yaml: a folder, not a regular file"],
    ),
    Case(
        "a thousand broken rows",
        lambda root: _many_bad_rows(root),
        ["data", "check"],
        1,
        ["more problems", "fix these first"],
    ),
    # --- keys: text keeping the id rule, in every source file ----------------------------------------------------
    Case(
        "glossary key read as a number",
        append(GLOSSARY, "2024: {zh: 年, en: year, definition: a year}\n"),
        ["data", "build"],
        1,
        ["glossary.yaml line", "key 2024 is read as the number 2024, not text (write it in quotes: '2024')", KEY_RULE],
    ),
    Case(
        "glossary key read as null",
        append(GLOSSARY, "~: {zh: 空, en: none, definition: nothing}\n"),
        ["data", "check"],
        1,
        ["glossary.yaml line", "key ~ is read as null, not text"],
    ),
    Case(
        "glossary key read as a boolean",
        append(GLOSSARY, "yes: {zh: 是, en: yes, definition: yes}\n"),
        ["data", "check"],
        1,
        ["key yes is read as the boolean true"],
    ),
    Case(
        "look-alike glossary key used by a row",
        both(
            append(GLOSSARY, "cob\u0430lt: {zh: 钴, en: cobalt, definition: look-alike}\n"),
            edit("data/sources/bulletin_metals.yaml", "  entity: cobalt\n", "  entity: cob\u0430lt\n"),
        ),
        ["data", "build"],
        1,
        [
            "key 'cob\u0430lt' holds '\u0430' (U+0430 CYRILLIC SMALL LETTER A) at character 4, a "
            "look-alike of 'a'; it imitates key 'cobalt' at line 137"
        ],
    ),
    Case(
        "markup in a glossary key",
        append(GLOSSARY, '"<b>x</b>": {zh: 粗, en: bold, definition: markup}\n'),
        ["data", "check"],
        1,
        ["key '<b>x</b>' holds '<' (U+003C LESS-THAN SIGN) at character 1"],
    ),
    Case(
        "right-to-left override in a field name",
        edit(LOC, "    value: 50\n", "    val\u202eue: 50\n"),
        ["data", "check"],
        1,
        ["localization.yaml line", "holds U+202E RIGHT-TO-LEFT OVERRIDE at character 4"],
    ),
    Case(
        "capital letter in a taxonomy key",
        edit("data/sources/taxonomy.yaml", "  lithium: {class", "  Lithium: {class"),
        ["data", "check"],
        1,
        ["taxonomy.yaml line", "key 'Lithium' holds 'L'"],
    ),
    Case(
        "a list as a key",
        append("data/sources/documents.yaml", "? [a, b]\n: x\n"),
        ["data", "check"],
        1,
        ["documents.yaml line", "a key is a list"],
    ),
    Case(
        "merge key in a row",
        edit(LOC, "    value: 50\n", "    <<: {value: 50}\n"),
        ["data", "check"],
        1,
        ["localization.yaml line", "merge keys (<<) are not allowed"],
    ),
    # --- invisible characters beyond category Cf -------------------------------------------------------------------
    *[
        Case(
            f"{what} in a name shown on pages",
            edit(GLOSSARY, SIC, SIC.replace("silicon carbide", f"silicon{ch}carbide")),
            ["data", "build"],
            1,
            [f"field 'en' has the invisible character U+{ord(ch):04X}"],
        )
        for what, ch in (
            ("Hangul filler", "\u3164"),
            ("Braille blank", "\u2800"),
            ("combining grapheme joiner", "\u034f"),
            ("Hangul choseong filler", "\u115f"),
            ("halfwidth Hangul filler", "\uffa0"),
            ("private-use character", "\ue000"),
            ("variation selector", "\ufe0f"),
            ("tag character", "\U000e0041"),
        )
    ],
    # --- rows: fields and types, checked before anything is read from them ------------------------------------------
    Case(
        "misspelled field",
        edit(TAB1, "  parent: null\n", "  parnet: null\n"),
        ["data", "build"],
        1,
        [
            "table1_materials.yaml row 1 (id 'tab1.rare_earth.1')",
            "unknown field 'parnet' (did you mean 'parent'?)",
            "missing field 'parent'",
        ],
    ),
    Case(
        "missing field",
        edit(TAB1, "  order: 1\n", ""),
        ["data", "check"],
        1,
        ["table1_materials.yaml row 1", "missing field 'order'"],
    ),
    Case(
        "text written as a number",
        edit(LOC, "value_as_written: 约 50%", "value_as_written: 32"),
        ["data", "build"],
        1,
        [
            "localization.yaml row 1 (id 'p000.ksm.unstable_share')",
            "field 'value_as_written' must be text, not the number 32 (write it in quotes: '32')",
        ],
    ),
    Case(
        "number written in quotes",
        edit(LOC, "    value: 50\n", '    value: "50"\n'),
        ["data", "check"],
        1,
        ["field 'value' must be a number, not the text '50' (write it without quotes)"],
    ),
    Case(
        "list where text belongs",
        edit(LOC, "    section: 引言\n", "    section: [引言, 结论]\n"),
        ["data", "check"],
        1,
        ["field 'section' must be text, not a list"],
    ),
    Case(
        "empty rows",
        lambda root: _truncate_rows(root, "data/sources/paper_costs.yaml", "[]"),
        ["data", "build"],
        1,
        ["paper_costs.yaml: rows must be a list of at least one row, not an empty list"],
    ),
    Case(
        "rows left blank",
        lambda root: _truncate_rows(root, "data/sources/paper_costs.yaml", ""),
        ["data", "build"],
        1,
        ["paper_costs.yaml: rows must be a list of at least one row, not null"],
    ),
    Case(
        "document id without quotes",
        edit(LOC, '    source: "000"\n', "    source: 000\n"),
        ["data", "check"],
        1,
        ["field 'source' must be text, not the number 0 (a document id is three digits in quotes: '000')"],
    ),
    Case(
        "table without declared fields",
        edit(TAB1, "  fields:", "  fields_:"),
        ["data", "build"],
        1,
        ["unknown key meta.fields_", "a table dataset declares its fields"],
    ),
    Case(
        "reference to no row",
        edit(TAB1, "  parent: tab1.rare_earth.1\n", "  parent: tab1.nowhere\n"),
        ["data", "check"],
        1,
        ["field 'parent' names row 'tab1.nowhere', which is not a row of this dataset"],
    ),
    Case(
        "reference to no row of another dataset",
        edit(TIS, "  function: tis.1\n", "  function: tis.9\n"),
        ["data", "check"],
        1,
        [
            "tis_measures_table.yaml row 1 (id 'tab2.us.1.1')",
            "field 'function' names row 'tis.9', which is not a row of dataset 'paper_framework'",
        ],
    ),
    Case(
        "reference to a misspelled dataset",
        edit(TIS, ": ref:paper_framework", ": ref:paper_framwork"),
        ["data", "build"],
        1,
        ["field 'function': 'ref:paper_framwork' names no dataset (did you mean 'paper_framework'?)"],
    ),
    Case(
        "misspelled top-level key",
        edit(LOC, "\nrows:\n", "\nrow:\n"),
        ["data", "check"],
        1,
        ["localization.yaml: missing top-level key 'rows'"],
    ),
    Case(
        "glossary entry without English",
        edit("data/sources/glossary.yaml", ", en: key strategic materials,", ","),
        ["data", "build"],
        1,
        ["glossary.yaml key 'key_strategic_materials': missing field 'en'"],
    ),
    Case(
        "glossary entry that a spreadsheet would run",
        edit("data/sources/glossary.yaml", "en: key strategic materials,", "en: =1+1,"),
        ["data", "build"],
        1,
        [
            "glossary.yaml key 'key_strategic_materials': field 'en' has a formula sign '=' at character 1",
            "a spreadsheet opening the CSV download would run it",
        ],
    ),
    # --- text fields are plain text: line breaks, control and invisible characters, markup ----------------------------
    Case(
        "line break in a quote",
        both(
            edit(LOC, "    quote: 中国部分核心", '    quote: "中国部分核心'),
            edit(LOC, "约 50%关键战略材料性能", "约 50%关键战略材料\\n性能"),
            edit(LOC, "“有材不敢用”困境。\n", '“有材不敢用”困境。"\n'),
        ),
        ["data", "check"],
        1,
        ["localization.yaml row 1", "field 'quote' has a line break at character"],
    ),
    Case(
        "script in a glossary name",
        edit("data/sources/glossary.yaml", "en: key strategic materials,", 'en: "KrF<script>alert(1)</script>",'),
        ["data", "check"],
        1,
        ["glossary.yaml key 'key_strategic_materials'", "field 'en' has markup '<'"],
    ),
    Case(
        "right-to-left mark in a title",
        edit(LOC, "{zh: 关键战略材料国产化", "{zh: 关键战略材料\u202e国产化"),
        ["data", "build"],
        1,
        ["localization.yaml", "meta.title.zh", "invisible character U+202E"],
    ),
    Case(
        "directive in a difference note",
        edit(
            "data/sources/differences.yaml",
            "  zh: 001 丢失了表 2",
            "  zh: 001 ```{include} /etc/hostname``` 丢失了表 2",
        ),
        ["data", "check"],
        1,
        ["differences.yaml entry", "field 'zh' has markup '`'"],
    ),
    Case(
        "role in a coverage note",
        edit(
            "data/sources/coverage/002.yaml",
            "  note: 5G is the name of a technology",
            "  note: 5G {download}`/etc/passwd` is the name of a technology",
        ),
        ["data", "check"],
        1,
        ["coverage/002.yaml entry 1", "field 'note' has markup"],
    ),
    Case(
        "HTML entity in a table cell",
        edit(TAB1, "    en: rare-earth functional materials\n", "    en: rare-earth &lt;b&gt; materials\n"),
        ["data", "check"],
        1,
        ["table1_materials.yaml row 1", "field 'class.en' has markup '&lt;'"],
    ),
    # --- the built set: missing, changed or stale files stop the pages --------------------------------------------
    Case(
        "Parquet file deleted",
        delete("data/built/localization.parquet"),
        ["site", "pages"],
        1,
        ["data/built/localization.parquet is missing", "materials-book data build"],
    ),
    Case(
        "metadata file deleted",
        delete("data/built/localization.meta.json"),
        ["site", "pages"],
        1,
        ["data/built/localization.meta.json is missing"],
    ),
    Case(
        "manifest deleted",
        delete("data/built/manifest.json"),
        ["site", "pages"],
        1,
        ["manifest of the built data missing"],
    ),
    Case(
        "built file changed by hand",
        append("data/built/glossary.meta.json", " "),
        ["site", "pages"],
        1,
        ["data/built/glossary.meta.json changed since it was built"],
    ),
    Case(
        "source changed after the build",
        append("data/sources/units.yaml", "# note\n"),
        ["site", "pages"],
        1,
        ["data/sources/units.yaml changed since the last data build"],
    ),
    Case(
        "source added, not built",
        lambda root: shutil.copy(root / LOC, root / "data/sources/localization_2.yaml"),
        ["site", "pages"],
        1,
        ["dataset 'localization_2' (data/sources/localization_2.yaml) is not built"],
    ),
    # --- the command line: one line, exit 2, before any kernel ----------------------------------------------------
    Case(
        "value beginning with a dash",
        nothing,
        ["rerun", STATUS, "-p", "threshold", "-inf"],
        2,
        ["parameter 'threshold': '-inf' is not a float"],
        True,
    ),
    Case(
        "value not allowed",
        nothing,
        ["rerun", STATUS, "-p", "lang", "fr"],
        2,
        ["parameter 'lang': 'fr' is not allowed; use one of zh, en"],
        True,
    ),
    Case("unknown parameter", nothing, ["rerun", STATUS, "-p", "nope", "1"], 2, ["unknown parameter 'nope'"], True),
    Case(
        "parameter given twice",
        nothing,
        ["rerun", STATUS, "-p", "lang", "en", "-p", "lang", "zh"],
        2,
        ["parameter 'lang' given twice"],
        True,
    ),
    Case(
        "parameter without value",
        nothing,
        ["rerun", STATUS, "-p", "lang"],
        2,
        ["'lang': give NAME VALUE or NAME=VALUE"],
        True,
    ),
    Case("output onto a folder", nothing, ["rerun", STATUS, "-o", "data"], 2, ["data is a folder"], True),
    Case(
        "output onto a system file",
        nothing,
        ["rerun", STATUS, "-o", "/proc/version", "--force"],
        2,
        ["give a file name ending in .ipynb"],
        True,
    ),
    Case(
        "output onto the English chapter",
        nothing,
        ["rerun", STATUS, "-o", "en/chapters/01_status.ipynb"],
        2,
        ["en/chapters/01_status.ipynb is a committed chapter; add --force"],
        True,
    ),
    Case(
        "output onto the Chinese chapter",
        nothing,
        ["rerun", STATUS, "-o", "chapters/01_status.ipynb"],
        2,
        ["chapters/01_status.ipynb is a committed chapter; add --force"],
        True,
    ),
    Case(
        "new notebook among the chapters",
        nothing,
        ["rerun", STATUS, "-o", "chapters/07_mine.ipynb"],
        2,
        ["is in a folder of committed chapters"],
        True,
    ),
    Case(
        "existing output",
        write("reruns/mine.ipynb", "{}"),
        ["rerun", STATUS, "-o", "reruns/mine.ipynb"],
        2,
        ["reruns/mine.ipynb exists; add --force to overwrite it"],
        True,
    ),
    Case("unknown chapter", nothing, ["rerun", "99_nothing"], 2, ["chapter '99_nothing' not found"], True),
    Case("unknown option", nothing, ["rerun", STATUS, "--colour"], 2, ["unrecognized arguments: --colour"], True),
    Case(
        "new notebook in a folder under the chapters",
        nothing,
        ["rerun", STATUS, "-o", "chapters/mine/01.ipynb"],
        2,
        ["chapters/mine/01.ipynb is in a folder of committed chapters; add --force"],
        True,
    ),
    Case(
        "new notebook anywhere under en/",
        nothing,
        ["rerun", STATUS, "-o", "en/generated/x/y.ipynb"],
        2,
        ["is in a folder of committed chapters; add --force"],
        True,
    ),
    Case(
        "preview of a chart named by an absolute path",
        crafted_chart("/tmp/mb-preview-escape"),
        ["preview", "reruns/crafted.ipynb"],
        2,
        ["crafted.ipynb: chart id in an output's metadata", "'/tmp/mb-preview-escape.csv' is not a file name"],
        True,
    ),
    Case(
        "preview of a chart named by a relative path",
        crafted_chart("../../../../escape"),
        ["preview", "reruns/crafted.ipynb"],
        2,
        ["chart id in an output's metadata", "is not a file name"],
        True,
    ),
    Case(
        "sweep of a million runs",
        nothing,
        [
            "sweep",
            "04_minerals_roadmap",
            "-p",
            "demand_scale",
            ",".join(f"1.{i:03d}" for i in range(1000)),
            "-p",
            "recycling_share_2035",
            ",".join(f"{i / 10}" for i in range(1000)),
        ],
        2,
        [
            "sweep 04_minerals_roadmap: 1000000 runs (1000 demand_scale × 1000 recycling_share_2035), about",
            "more than 200 runs need --many",
        ],
        True,
    ),
    Case(
        "preview of a missing notebook",
        nothing,
        ["preview", "reruns/none.ipynb"],
        2,
        ["reruns/none.ipynb", "No such file"],
        True,
    ),
    Case(
        "data check of a missing file",
        nothing,
        ["data", "check", "nothing.yaml"],
        1,
        ["nothing.yaml: cannot read (No such file or directory)"],
    ),
]


def _many_bad_rows(root: Path) -> None:
    path = root / LOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nrows:\n")] + "\nrows:\n" + "- {id: Bad}\n" * 1000, encoding="utf-8")


def _truncate_rows(root: Path, rel: str, rows: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nrows:\n")] + f"\nrows: {rows}\n", encoding="utf-8")


def _hang(signum, frame):
    raise AssertionError("the command hung (still running after 120 s)")


def run(argv: list[str], capsys) -> tuple[int, str]:
    """Run the command in this process; a command that would wait forever (on a named pipe) fails the test."""
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(120)
    try:
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return stop.value.code, capsys.readouterr().err


def test_the_catalogue_has_at_least_30_cases():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(project, capsys, case):
    case.change(project)
    paths.project().memo.clear()  # nothing read before the change is kept
    before = state(project)
    code, err = run(case.argv, capsys)
    assert code == case.code, err
    for words in case.words:
        assert words in err, err
    assert "Traceback" not in err
    if case.one_line:
        assert err.count("\n") == 1, err
    assert err.count("\n") <= yamlfile.MAX_PROBLEMS + 3, "the message is not capped"
    assert state(project) == before, "the command changed files although it failed"


def test_the_pristine_copy_is_accepted(project, capsys):
    """The copy itself is good data: checking it succeeds, and a build changes no byte."""
    before = state(project)
    assert run(["data", "check"], capsys)[0] == 0
    assert run(["data", "build"], capsys)[0] == 0
    assert state(project) == before


def test_a_second_writer_to_the_same_output_refuses(project, capsys, monkeypatch):
    """Two reruns to the same -o: the second finds the file claimed and refuses; the first writes it."""
    from materials_book.publish import notebooks

    seen = {}

    def execute(src, dest, values_, **kw):
        seen["second"] = run(["rerun", STATUS, "-p", "lang", "en", "-o", "reruns/both.ipynb"], capsys)
        Path(dest).write_text("first", encoding="utf-8")

    monkeypatch.setattr(notebooks, "execute", execute)
    before = {k: v for k, v in state(project).items() if not k.startswith("reruns/")}
    code, err = run(["rerun", STATUS, "-p", "lang", "zh", "-o", "reruns/both.ipynb"], capsys)
    assert code == 0 and seen["second"][0] == 2 and "exists; add --force" in seen["second"][1]
    assert (project / "reruns" / "both.ipynb").read_text(encoding="utf-8") == "first"
    assert {k: v for k, v in state(project).items() if not k.startswith("reruns/")} == before


def test_a_value_too_long_for_a_file_name_gets_a_short_one(project, capsys, monkeypatch):
    from materials_book.publish import notebooks

    written = []
    monkeypatch.setattr(notebooks, "execute", lambda src, dest, values_, **kw: written.append(Path(dest)))
    code, err = run(["rerun", STATUS, "-p", "threshold", "0" * 300 + "1"], capsys)
    assert code == 0, err
    assert len(written[0].name) < 60 and written[0].parent == project / "reruns"
