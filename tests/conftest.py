import contextlib
import shutil

import pytest

from materials_book import paths


@pytest.fixture
def repoint():
    """``repoint(folder=path, …)``: until the test ends, the current project with these folders or files elsewhere
    (``data``, ``glossary``, ``chapters``: paths.Project's names), its cached readers starting empty."""
    with contextlib.ExitStack() as stack:
        yield lambda **moved: stack.enter_context(paths.use(**moved))


@pytest.fixture
def data_copy(tmp_path, repoint):
    """A private copy of the built data set (data/built/: Parquet, metadata, manifest); materials_book reads it
    instead."""
    copy = tmp_path / "built"
    shutil.copytree(paths.DATA, copy, ignore=shutil.ignore_patterns(".*"))
    repoint(data=copy)
    return copy


def pytest_terminal_summary(terminalreporter):
    failed = terminalreporter.stats.get("failed", [])
    if any(r.nodeid.endswith(".ipynb") or ".ipynb::" in r.nodeid for r in failed):
        terminalreporter.write_line(
            "Committed chapter outputs no longer follow from today's data and code: "
            "run `make outputs` and commit the notebooks.",
            red=True,
        )


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run; fails when the book is not built."""
    import chromium

    missing = [str(p.relative_to(paths.HTML)) for p in chromium.expected_pages() if not p.exists()]
    if missing:
        pytest.fail(f"pages missing from _build/html ({', '.join(missing[:3])} …): run `make book` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        yield b
        b.close()
