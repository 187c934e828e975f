"""One project root: the environment variable and ``paths.use`` move every path, and cached readers keep their
results per project."""

import os
import subprocess
import sys

from materials_book import paths
from materials_book.pipeline import sources


def test_the_environment_variable_names_the_root(tmp_path):
    env = dict(os.environ, MATERIALS_BOOK_ROOT=str(tmp_path))
    code = "from materials_book import paths; print(paths.GLOSSARY); print(paths.parquet('x'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == [
        str(tmp_path / "data" / "sources" / "glossary.yaml"),
        str(tmp_path / "data" / "built" / "x.parquet"),
    ]


def test_use_moves_every_path_and_restores_them(tmp_path):
    before = paths.SOURCES
    with paths.use(tmp_path) as project:
        assert paths.ROOT == project.root == tmp_path.resolve()
        assert tmp_path.resolve() / "data" / "sources" / "glossary.yaml" == paths.GLOSSARY
        assert paths.generated("en") == tmp_path.resolve() / "en" / "generated"
        with paths.use(glossary=tmp_path / "g.yaml"):  # one file moved, the rest of the project kept
            assert (tmp_path / "g.yaml", tmp_path.resolve()) == (paths.GLOSSARY, paths.ROOT)
    assert before == paths.SOURCES


def test_cached_readers_keep_results_per_project(tmp_path):
    real = sources.glossary()
    bad = tmp_path / "glossary.yaml"
    bad.write_text("region_cn: {zh: 中国, en: China, definition: The country.}\n", encoding="utf-8")
    with paths.use(glossary=bad):
        assert set(sources.glossary()) == {"region_cn"}
    assert sources.glossary() is real  # the real project's result is still there, not re-read


def test_an_unknown_folder_is_named():
    import pytest

    with pytest.raises(TypeError, match="no such folder or file of a project: sorces"), paths.use(sorces="x"):
        pass
