"""Committed outputs and execution.

Three guards used to overlap; each kept one catches what the others cannot:
- nbval (``make test`` runs it on every committed notebook): outputs that no longer follow from code and data.
- ``test_committed_outputs_follow_current_data`` (fast tier): the data changed although the outputs did not
  (nbval compares outputs only, not which data they were computed from), and the recorded parameters.
- ``test_execution_is_deterministic``: two runs give the same bytes and no run-specific metadata (nbval ignores
  metadata, so it cannot see timestamps, paths or random ids).
"""
import pytest

from materials_book import paths
from materials_book.publish import notebooks, params

EDITIONS = [(nb, lang) for nb in notebooks.chapters() for lang in ("zh", "en")]


@pytest.mark.parametrize("nb_path, lang", EDITIONS, ids=[f"{nb.stem}-{lang}" for nb, lang in EDITIONS])
def test_committed_outputs_follow_current_data(nb_path, lang):
    path = notebooks.edition_path(nb_path, lang)
    assert path.exists(), f"{path} missing: run `make outputs`"
    recorded = notebooks.recorded(path)
    assert recorded.get("fingerprint") == notebooks.fingerprint(), (
        f"{path.name} ({lang}) was executed against other data: run `make outputs` and commit the notebooks")
    assert recorded.get("parameters") == params.check(nb_path.stem, lang=lang)


def test_each_chart_output_carries_its_manifest_entry():
    import nbformat

    nb = nbformat.read(paths.CHAPTERS / "01_status.ipynb", as_version=4)
    entries = [o.metadata["materials_book"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if "materials_book" in o.get("metadata", {})]
    assert len(entries) == 4
    assert all(len(e["chart"]) == 12 and e["rows"] for e in entries)


@pytest.mark.slow
def test_execution_is_deterministic(tmp_path):
    src = paths.CHAPTERS / "01_status.ipynb"
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    for dest in (a, b):
        notebooks.execute(src, dest, params.check("01_status"), inject=False)
    text = a.read_text(encoding="utf-8")
    assert text == b.read_text(encoding="utf-8")
    for word in ("start_time", "end_time", "duration", str(paths.ROOT), "altair-viz-", "cdn.jsdelivr"):
        assert word not in text, word
