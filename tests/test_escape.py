"""One escaping function per target, proven on hostile strings rendered as the book renders them (MyST Markdown
through docutils, with include and raw enabled, so an unescaped directive would really read a file)."""

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from hostile import HOSTILE
from materials_book import escape

CASES = list(HOSTILE.items())
IDS = [k for k, _ in CASES]


def render(md: str) -> str:
    from docutils.core import publish_parts
    from myst_parser.parsers.docutils_ import Parser

    overrides = {
        "myst_enable_extensions": ["colon_fence", "deflist"],
        "report_level": 5,
        "halt_level": 5,
        "raw_enabled": True,
        "file_insertion_enabled": True,
    }
    return publish_parts(md, parser=Parser(), writer_name="html5", settings_overrides=overrides)["body"]


class Parts(HTMLParser):
    """Tags, attributes and text of an HTML fragment."""

    def __init__(self, html_text: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []
        self.feed(html_text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("!--")

    @property
    def joined(self) -> str:
        return " ".join("".join(self.text).split())


def visible(s: str) -> str:
    """What a reader should see: the string with controls as spaces, whitespace collapsed."""
    return " ".join(escape.plain(s).split())


@pytest.mark.parametrize(("name", "s"), CASES, ids=IDS)
def test_html_text_shows_the_string_and_adds_no_element(name, s):
    parts = Parts(f"<td>{escape.html_text(s)}</td>")
    assert parts.tags == ["td"] and parts.joined == visible(s)


@pytest.mark.parametrize(("name", "s"), CASES, ids=IDS)
def test_html_attribute_stays_one_attribute(name, s):
    for quote in ('"', "'"):
        parts = Parts(f"<span title={quote}{escape.html_attribute(s)}{quote}>x</span>")
        assert parts.tags == ["span"] and len(parts.attrs) == 1
        assert parts.attrs[0] == ("title", escape.plain(s))


@pytest.mark.parametrize(("name", "s"), CASES, ids=IDS)
@pytest.mark.parametrize(
    "context", ["{}", "start {} end", "intro\n\n## {}\n\ntext", "- item: {}", '<span lang="zh">{}</span> after']
)
def test_markdown_renders_as_plain_text(name, s, context):
    out = render(context.format(escape.markdown(s)) + "\n")
    parts = Parts(out)
    assert set(parts.tags) <= {"p", "ul", "li", "span", "section", "h1", "h2"}, out
    assert visible(s) in parts.joined, out
    assert ("javascript:" not in str(parts.attrs)) and ("href" not in dict(parts.attrs)), out


@pytest.mark.parametrize(("name", "s"), CASES, ids=IDS)
def test_table_cell_stays_in_its_cell(name, s):
    cell = escape.table_cell(s)
    out = render(f"| a | b | c |\n|---|---|---|\n| {cell} | {escape.code(s, in_table=True)} | z |\n")
    parts = Parts(out)
    assert parts.tags.count("td") == 3 and parts.tags.count("tr") == 2, out
    assert set(parts.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "p", "span", "colgroup", "col"}, out
    cells = out.split("<td>")[1:]
    assert visible(s.strip()) == Parts(cells[0]).joined, out
    assert visible(s) == " ".join(Parts(cells[1]).joined.split()), out


@pytest.mark.parametrize(("name", "s"), CASES, ids=IDS)
def test_code_span_holds_the_whole_string(name, s):
    out = render(f"before {escape.code(s)} after\n")
    parts = Parts(out)
    assert set(parts.tags) == {"p", "span"}, out
    assert visible(s) in parts.joined


def test_fence_cannot_be_closed_by_its_content():
    content = "x\n````\n```{include} /etc/hostname\n```"
    ticks = escape.fence(content)
    out = render(f"{ticks}text\n{content}\n{ticks}\n\nafter\n")
    assert "/etc/hostname" in html.unescape(out) and out.count("<pre") == 1 and "after" in out


@pytest.mark.parametrize(("name", "s"), HOSTILE.items(), ids=list(HOSTILE))
def test_script_json_cannot_close_its_script(name, s):
    import json

    text = json.dumps({"title": s, "end": "</script><script>alert(1)</script>"}, ensure_ascii=False)
    safe = escape.script_json(text)
    assert "</" not in safe and json.loads(safe) == json.loads(text)


def test_plain_text_is_unchanged():
    for s in ("稀土功能材料", "R&D (research and development)", "70%~80%", "1.3×107 t", "[13-15]", "It's 5/6"):
        assert Parts(render(escape.markdown(s) + "\n")).joined == s
        assert html.unescape(escape.html_text(s)) == s


# --- the generated pages, with hostile text injected past the data check -------------------------------------------

FACT_TEXT = (
    "entity_zh",
    "entity_en",
    "indicator_zh",
    "indicator_en",
    "section",
    "quote",
    "value_as_written",
    "unit_as_written",
    "unit",
    "formula",
    "note",
    "period",
    "group",
    "region",
)


@pytest.fixture(scope="module")
def clean_state():
    """Small real data (a few rows of each dataset) and the coverage counts, read once."""
    from materials_book import data
    from materials_book.checks import coverage

    names = data.names()
    frames = {n: data.load(n).head(4) for n in names}
    facts = data.all_facts()
    from materials_book.publish import findings

    cited = {i for ids, *_ in findings.FINDINGS for i in ids}  # rows the landing page's findings quote
    frames["_facts"] = pd.concat(
        [
            facts[facts["kind"] != "derived"].groupby("source").head(2),
            facts[facts["kind"] == "derived"].head(2),
            facts[facts["id"].isin(cited)],
        ],
        ignore_index=True,
    ).drop_duplicates("id")
    return names, frames, {n: data.meta(n) for n in names}, coverage.report()


def _inject(monkeypatch, state, h: str) -> None:
    """Every text field that reaches a generated page holds ``h``."""
    from materials_book import data
    from materials_book.checks import coverage, reconcile
    from materials_book.publish import pages

    names, frames, metas, counts = state
    facts = frames["_facts"].copy()
    for col in FACT_TEXT:
        facts[col] = h
    glossary = frames["glossary"].assign(zh=h, en=h, definition=h, type=h)

    def meta(name):
        m = dict(metas[name], title={"zh": h, "en": h}, description={"zh": h, "en": h}, processing={"zh": h, "en": h})
        m["units"] = [{"unit": h, "zh": h, "en": h}] if m.get("units") else []
        m["sources"] = [dict(s, title=h, title_en=h, publication=h) for s in m["sources"]]
        return m

    def load(name):
        if name == "glossary":
            return glossary.copy()
        if metas[name]["kind"] == "facts":
            return facts[facts["dataset"] == facts["dataset"].iloc[0]].drop(columns="dataset")
        return frames[name].copy()

    monkeypatch.setattr(data, "names", lambda: names)
    monkeypatch.setattr(data, "meta", meta)
    monkeypatch.setattr(data, "load", load)
    monkeypatch.setattr(data, "all_facts", lambda: facts.copy())
    monkeypatch.setattr(pages, "documents", lambda: {d: {"title": h, "title_en": h} for d in facts["source"]})
    monkeypatch.setattr(coverage, "report", lambda: counts)
    monkeypatch.setattr(coverage, "listed", lambda: {"000": [{"text": h, "reason": "not_encodable", "note": h}]})
    monkeypatch.setattr(reconcile, "differences", lambda: [{"kind": "reprint", "rows": [h, "x.y"], "zh": h, "en": h}])
    pairs = pd.DataFrame(
        [{c: h for c in reconcile.SAME_FIGURE_COLUMNS} | {"year": 2020, "difference": 0.0, "agrees": True}]
    )
    monkeypatch.setattr(reconcile, "same_figures", lambda: pairs)
    monkeypatch.setattr(
        pages,
        "_chapter_runs",
        lambda lang: [
            {"chapter": "01_status", "title": h, "parameters": {"lang": h, "threshold": 50.0}, "datasets": {h: h}}
        ],
    )


def _pages(monkeypatch, state, h: str) -> dict[str, str]:
    from materials_book.publish import pages

    _inject(monkeypatch, state, h)
    return {f"{name}.{lang}": page(lang) for lang in ("zh", "en") for name, page in pages.PAGES.items()}


class Shape(HTMLParser):
    """The elements of a page and their attribute names, without text (docutils' per-word spans left out)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.shape, self.links = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if not (tag == "span" and ("class", "pre") in attrs):
            self.shape.append((tag, tuple(sorted(k for k, _ in attrs))))
        self.links += [v for k, v in attrs if k in ("href", "src", "srcdoc") or k.startswith("on")]

    def handle_comment(self, data):
        self.shape.append(("!--", ()))


MARKDOWN_MARKERS = (
    "<script",
    "<img",
    "<svg",
    "<iframe",
    "<a ",
    "<!--",
    "{include}",
    "{raw}",
    "{eval-rst}",
    "{download}",
    "](javascript:",
    "\u202e",
    "\u200f",
    "\u2066",
    "\x1b",
    "\x00",
    "\n```{",
    "\n:::",
)


def _outside_code(md: str) -> str:
    """Markdown without its fenced code blocks and code spans (literal text, never markup)."""
    md = re.sub(r"^(`{3,})[^\n]*\n.*?^\1$", "", md, flags=re.S | re.M)
    return re.sub(r"(`+).*?\1", "", md)


@pytest.fixture(scope="module")
def benign_pages(clean_state):
    mp = pytest.MonkeyPatch()
    try:
        pages = _pages(mp, clean_state, "KrF plain")
    finally:
        mp.undo()
    return pages, {k: Shape(render(v)).shape for k, v in pages.items()}


@pytest.mark.parametrize(("name", "h"), CASES, ids=IDS)
def test_generated_pages_show_hostile_text_as_text(monkeypatch, clean_state, benign_pages, name, h):
    """Every generated page of both editions, with every data text field holding ``h``, has exactly the elements
    and attributes it has with plain text there: no script, element, attribute, directive, role, table cell or
    included file comes from the data; no link points anywhere new."""
    benign, shapes = benign_pages
    for page, md in _pages(monkeypatch, clean_state, h).items():
        for marker in MARKDOWN_MARKERS:
            assert _outside_code(md).count(marker) == _outside_code(benign[page]).count(marker), (page, marker)
        shape = Shape(render(md))
        assert shape.shape == shapes[page], page
        assert not [link for link in shape.links if "javascript:" in link.lower()], page


@pytest.mark.slow
def test_hostile_pages_built_by_sphinx_fire_no_dialog_in_chromium(monkeypatch, clean_state, tmp_path, browser):
    """Every generated page with every hostile string at once in every data text field, built to HTML by Sphinx
    with MyST as the book is, then opened in Chromium: no dialog fires, no script element or event handler comes
    from the data, and the strings show as text."""
    from sphinx.cmd.build import build_main

    h = " ".join(HOSTILE.values())
    pages = _pages(monkeypatch, clean_state, h)
    src, out = tmp_path / "src", tmp_path / "html"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser']\nmyst_enable_extensions = ['colon_fence', 'deflist']\n"
        "suppress_warnings = ['myst.header', 'toc.not_included', 'myst.xref_missing']\n",
        encoding="utf-8",
    )
    names = [name.replace(".", "_") for name in pages]
    (src / "index.md").write_text(
        "# Index\n\n```{toctree}\n" + "\n".join(names + ["control"]) + "\n```\n", encoding="utf-8"
    )
    # the control: the same string unescaped must fire, or the harness proves nothing
    (src / "control.md").write_text(f"# Control\n\n{h}\n", encoding="utf-8")
    for name, md in pages.items():
        (src / f"{name.replace('.', '_')}.md").write_text(md, encoding="utf-8")
    assert build_main(["-q", "-b", "html", str(src), str(out)]) == 0
    for name in names:
        html_file = out / f"{name}.html"
        text = html_file.read_text(encoding="utf-8")
        body = Shape(text[text.index('<div class="body"') : text.index('<div class="sphinxsidebar"')])
        assert not [
            tag
            for tag, attrs in body.shape
            if tag in ("script", "img", "svg", "iframe") or any(a.startswith("on") for a in attrs)
        ], name
        assert not [link for link in body.links if link.strip().lower().startswith(("javascript:", "data:"))], name
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        page.goto(html_file.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert dialogs == [], (name, dialogs)
        assert "alert(1)" in page.inner_text("div.body"), name
        page.close()
    page = browser.new_page()
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.goto((out / "control.html").as_uri(), wait_until="load")
    page.wait_for_timeout(200)
    assert fired, "the unescaped control page fired no dialog: the check above proves nothing"
