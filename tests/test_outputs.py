"""Executing a chapter twice gives byte-identical notebooks with no run-specific metadata."""
from materials_book import notebooks, paths, params


def test_execution_is_byte_identical(tmp_path):
    src = paths.CHAPTERS / "01_status.ipynb"
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    for dest in (a, b):
        notebooks.execute(src, dest, params.check("01_status"), inject=False)
    text = a.read_text(encoding="utf-8")
    assert text == b.read_text(encoding="utf-8")
    assert text == src.read_text(encoding="utf-8"), "committed chapter differs from a fresh run: run `make outputs`"
    for word in ("start_time", "end_time", "duration", str(paths.ROOT), "altair-viz-", "cdn.jsdelivr"):
        assert word not in text, word
