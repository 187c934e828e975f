"""The layers of the package README hold: checked on the import graph (tests/layers.py, `make layers`)."""

import shutil

import layers


def test_no_import_breaks_a_layer_rule():
    assert layers.violations() == []


def test_each_rule_is_enforced(tmp_path, monkeypatch):
    """A copy of the package with one import of each forbidden kind is caught, each with its rule."""
    shutil.copytree(
        layers.SRC / layers.PACKAGE, tmp_path / layers.PACKAGE, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(layers, "SRC", tmp_path)
    edits = {
        "data.py": "from .pipeline import sources\n",
        "chapters/status.py": "from . import minerals_roadmap\n",
        "chapters/kit.py": "from . import status\n",
        "pipeline/derive.py": "from ..publish import render\n",
        "checks/reconcile.py": "from ..publish import site\n",
        "publish/mirror.py": "def f():\n    from .. import paths\n",
    }
    for rel, line in edits.items():
        path = tmp_path / layers.PACKAGE / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    assert sorted(layers.violations()) == sorted(
        [
            "data -> pipeline.sources: base imports only base modules",
            "chapters.status -> chapters.minerals_roadmap: a chapter imports only data, labels, quantities, "
            "formulas, the chart kit",
            "chapters.kit -> chapters.status: the chart kit imports only base modules and itself",
            "pipeline.derive -> publish.render: the pipeline imports nothing of presentation or publishing",
            "checks.reconcile -> publish.site: checks import nothing of publishing",
            "publish.mirror -> paths: a package import inside a function",
        ]
    )
