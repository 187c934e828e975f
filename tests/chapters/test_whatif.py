"""The in-page controls compute what Python computes: each control is moved in Chromium (edges included) and the
numbers drawn are compared with status.domestic_shares and minerals_roadmap.scenario for the same setting."""

import pytest

from chromium import visit
from materials_book import paths
from materials_book.chapters import minerals_roadmap, status, style
from materials_book.publish import params

pytestmark = pytest.mark.slow
ROADMAP = params.check("04_minerals_roadmap")
MINERALS = params.in_notebook("04_minerals_roadmap", ROADMAP)["minerals"]


def _set(page, chart: str, name: str, value) -> None:
    """Move one bound control of a chart as a reader would (input or change event)."""
    page.evaluate(
        """([chart, name, value]) => {
        const el = document.querySelector(`#${chart} .mb-controls [name="${name}"]`);
        el.value = String(value);
        el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
    }""",
        [chart, name, value],
    )


def _texts(page, chart: str, contains: str, where: str = "g.role-mark text") -> list[str]:
    page.wait_for_timeout(150)
    texts = page.locator(f"#{chart} svg {where}").evaluate_all("ts => ts.map(t => t.textContent)")
    return sorted(t for t in texts if contains in t)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scenario_controls_draw_the_python_numbers(browser, lang):
    rel = ("" if lang == "zh" else "en/") + "chapters/04_minerals_roadmap.html"
    page, _, errors = visit(browser, paths.HTML / rel, width=1400)
    page.wait_for_function("() => document.querySelector('#chart-roadmap-scenario svg')")
    word = "二次资源" if lang == "zh" else "secondary"
    settings = [
        (1.0, 30, 2035, "all"),
        (0.5, 0, 2025, "all"),
        (2.0, 100, 2030, "all"),
        (1.3, 45, 2035, "lithium"),
        (0.8, 20, 2030, "steel"),
        (2.0, 0, 2035, "cobalt"),
    ]
    for scale, share, year, mineral in settings:
        for name, value in (("scale", scale), ("share", share), ("year", year), ("mineral", mineral)):
            _set(page, "chart-roadmap-scenario", name, value)
        expected = minerals_roadmap.scenario_labels(
            MINERALS, demand_scale=scale, share_pct=share, base_year=2020, horizon=year, lang=lang, mineral=mineral
        )
        assert _texts(page, "chart-roadmap-scenario", word) == expected, (scale, share, year, mineral)
    assert errors == []
    page.context.close()


def test_threshold_control_draws_the_python_count(browser):
    page, _, errors = visit(browser, paths.HTML / "chapters" / "01_status.html", width=1400)
    page.wait_for_function("() => document.querySelector('#chart-status-shares svg')")
    for threshold in (0, 100, 12, 30, 50, 75):
        _set(page, "chart-status-shares", "threshold", threshold)
        below = int((status.domestic_shares("all", "zh")["value"] < threshold).sum())  # as the chapter counts
        title = _texts(page, "chart-status-shares", "低于", "g.role-title-text tspan")
        assert title == [f"低于 {threshold}%：{below} 项"], threshold
        fills = page.locator("#chart-status-shares svg g.role-mark.mark-rect path").evaluate_all(
            "ps => ps.map(p => p.getAttribute('fill'))"
        )
        assert fills.count(style.ORANGE) == below, threshold
    assert errors == []
    page.context.close()
