import contextlib
import shutil
from pathlib import Path

import pytest

from materials_book import paths

FIXTURE_BOOK = Path(__file__).parent / "fixtures" / "book"  # tests/fixtures/build.py writes it
collect_ignore = ["fixtures"]  # its notebooks run on their own data only (small_book), never under nbval


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


@pytest.fixture
def small_book(tmp_path, monkeypatch):
    """A private copy of the small book of tests/fixtures/ made the current project, for this process and (through
    MATERIALS_BOOK_ROOT) for the commands and kernels it starts: for machinery tests that no rewording of the book
    breaks."""
    root = tmp_path / "book"
    shutil.copytree(FIXTURE_BOOK, root, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    monkeypatch.setenv(paths.ENV, str(root))
    with paths.use(root):
        yield root


def pytest_terminal_summary(terminalreporter):
    failed = terminalreporter.stats.get("failed", [])
    if any(r.nodeid.endswith(".ipynb") or ".ipynb::" in r.nodeid for r in failed):
        terminalreporter.write_line(
            "Committed chapter outputs no longer follow from today's data and code: "
            "run `make outputs` and commit the notebooks.",
            red=True,
        )


@pytest.fixture(scope="session")
def bare_browser():
    """One headless Chromium for the whole run, for pages of the tests' own (no built book needed)."""
    from playwright.sync_api import sync_playwright

    import chromium

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def browser(bare_browser):
    """The session's Chromium, for the built book: fails when the book is not built."""
    import chromium

    missing = [str(p.relative_to(paths.HTML)) for p in chromium.expected_pages() if not p.exists()]
    if missing:
        pytest.fail(f"pages missing from _build/html ({', '.join(missing[:3])} …): run `make book` first")
    return bare_browser
