"""A preview shows a notebook's HTML only as far as the book's own outputs use it: nothing that can run, load or
navigate survives, and the book's own notebooks pass through unchanged."""

import json

import nbformat
import pytest

from materials_book import paths
from materials_book.publish import preview, untrusted

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" JAVASCRIPT:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://example.org"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<form action="https://example.org"><input name="q"></form>',
    '<meta http-equiv="refresh" content="0;url=https://example.org">',
    '<base href="https://example.org/">',
    '<link rel="stylesheet" href="https://example.org/x.css">',
    "<style>body{background:url(https://example.org/track)}</style>",
    '<div style="background:url(https://example.org/track)">x</div>',
    '<details open ontoggle="alert(1)">x</details>',
    '<script type="application/json" class="mb-spec" onload="alert(1)">{}</script>',
    '<script type="module" class="mb-spec">alert(1)</script>',
    '<custom-element onclick="alert(1)">text kept</custom-element>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "<!--<script>alert(1)</script>-->",
]


@pytest.mark.parametrize("markup", HOSTILE)
def test_nothing_that_can_run_or_load_survives(markup):
    out, dropped = untrusted.clean(markup)
    low = out.lower()
    assert dropped >= 1
    for active in (
        "<script>",
        "alert(1)</script",
        "onerror",
        "onload",
        "onclick",
        "ontoggle",
        "javascript",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<meta",
        "<base",
        "<link",
        "<style",
        "example.org",
        "srcdoc",
        "data:text",
    ):
        assert active not in low, (markup, out)


def test_text_and_safe_links_are_kept():
    markup = (
        '<p>About <b>96%</b> <a href="../generated/quotes.html#q-1">quote</a> <a href="https://www.example.org/a">'
        'web</a> <a href="#top">top</a></p><custom>kept text</custom>'
    )
    out, dropped = untrusted.clean(markup)
    assert dropped == 1 and "kept text" in out and "<custom>" not in out
    assert out.replace("kept text", "") == markup.replace("<custom>kept text</custom>", "")


@pytest.mark.parametrize(
    "notebook",
    sorted(paths.CHAPTERS.glob("*.ipynb")) + sorted(paths.EN_CHAPTERS.glob("*.ipynb")),
    ids=lambda p: "/".join(p.parts[-2:]),
)
def test_the_books_own_outputs_pass_unchanged(notebook):
    nb = nbformat.read(notebook, as_version=4)
    lang = nb.metadata["materials_book"]["parameters"]["lang"]
    parts, _ = preview._cells(nb, lang)
    assert parts
    for part in parts:
        assert untrusted.clean(part)[1] == 0, part[:300]


@pytest.mark.slow
def test_a_preview_of_a_notebook_with_a_script_leaves_it_out(tmp_path, repoint, capsys):
    if not paths.BUNDLE.exists():
        pytest.skip("needs the chart bundle (make book)")
    nb = json.loads((paths.EN_CHAPTERS / "01_status.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs"))
    cell["outputs"].append(
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/html": '<p>note</p><script>document.title="owned"</script><img src="x" onerror="alert(1)">'},
        }
    )
    crafted = tmp_path / "crafted.ipynb"
    crafted.write_text(json.dumps(nb), encoding="utf-8")
    repoint(previews=tmp_path / "preview")
    page = preview.write(crafted).read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert err == (
        "crafted.ipynb: 2 elements or attributes that the book's outputs do not use left out (scripts, "
        "handlers, embedded frames, active links)\n"
    )
    assert "<p>note</p>" in page and "owned" not in page and "onerror" not in page
    assert page.count("<script") == 3 + page.count('class="mb-spec"')  # the page's own three, and chart specs
