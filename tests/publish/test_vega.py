"""Charts carry Vega compiled at build time from the notebooks' Vega-Lite: the same drawing, no compiler in the
browser, every spec still safe inside its <script>, and a rebuild compiles only what changed."""

import json
import re

import pytest

from materials_book import paths
from materials_book.publish import vega


def figure(spec: dict) -> str:
    text = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    return f'<figure class="mb-chart"><script type="application/json" class="mb-spec">{text}</script></figure>'


SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
    "mark": "bar",
    "title": "</script><script>alert(1)</script> 锂",
    "data": {"values": [{"a": "</script>", "b": 1}]},
    "encoding": {"x": {"field": "b", "type": "quantitative"}, "y": {"field": "a", "type": "nominal"}},
}


def test_a_page_carries_vega_safe_inside_its_script(tmp_path, repoint):
    repoint(cache=tmp_path)
    page = vega.compile_page("<p>before</p>" + figure(SPEC) + figure(dict(SPEC, mark="point")))
    specs = re.findall(r'class="mb-spec">(.*?)</script>', page, re.S)
    assert len(specs) == 2 and page.startswith("<p>before</p>")
    for text in specs:
        compiled = json.loads(text.replace("<\\/", "</"))
        assert compiled["$schema"] == "https://vega.github.io/schema/vega/v6.json"
        assert compiled["title"]["text"] == SPEC["title"]
        assert "</script" not in text
    assert len(list(tmp_path.glob("vega-*/*.json"))) == 2


def test_a_rebuild_reads_the_cache(tmp_path, repoint):
    repoint(cache=tmp_path)
    first = vega.compile_page(figure(SPEC))
    [cached] = tmp_path.glob("vega-*/*.json")
    cached.write_text('{"from": "cache"}', encoding="utf-8")
    assert vega.compile_page(figure(SPEC)) == first.replace(
        re.search(r'mb-spec">(.*?)</script>', first).group(1), '{"from": "cache"}'
    )


@pytest.mark.slow
def test_the_built_chart_pages_carry_vega_only():
    pages = sorted(paths.HTML.glob("chapters/*.html")) + sorted(paths.HTML.glob("en/chapters/*.html"))
    schemas = [s for p in pages for s in re.findall(r'"\$schema":"([^"]+)"', p.read_text(encoding="utf-8"))]
    assert len(schemas) >= 30 and set(schemas) == {"https://vega.github.io/schema/vega/v6.json"}
