"""The materials-book command: good and bad input, exit codes, nothing overwritten. Chapters are run on the small
book of tests/fixtures/ (small_book), so that rewording the book's chapters changes nothing these tests see."""

import hashlib

import nbformat
import pytest

from helpers import outputs_of, run_cli
from materials_book.publish import reruns

CHAPTER = "chapters/01_demand.ipynb"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_params_lists_declarations(small_book):
    r = run_cli("params", CHAPTER)
    assert r.returncode == 0
    assert [line.split()[:2] for line in r.stdout.splitlines()] == [
        ["lang", "str"],
        ["metals", "str"],
        ["scale", "float"],
        ["base_year", "int"],
        ["year", "int"],
    ]
    for allowed in ("one of zh, en", "a comma-separated subset of copper, nickel, tin", "a float from 0.5 to 2.0"):
        assert allowed in r.stdout, allowed
    assert "one of 2025, 2030, after base_year" in r.stdout and "default=2030" in r.stdout


def test_bad_values_exit_2_before_any_kernel(small_book, tmp_path):
    for args, msg in [
        (["-p", "lang", "fr"], "'lang': 'fr' is not allowed"),
        (["-p", "scale", "lots"], "'scale': 'lots' is not a float"),
        (["-p", "nope", "1"], "unknown parameter 'nope'"),
    ]:
        r = run_cli("rerun", CHAPTER, *args, "-o", str(tmp_path / "x.ipynb"))
        assert r.returncode == 2, r.stderr
        assert msg in r.stderr
        assert not (tmp_path / "x.ipynb").exists()


def test_committed_chapter_is_not_overwritten_without_force(small_book):
    before = digest(small_book / CHAPTER)
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", CHAPTER)
    assert r.returncode == 2 and "--force" in r.stderr
    assert digest(small_book / CHAPTER) == before


def test_existing_output_needs_force(small_book, tmp_path):
    out = tmp_path / "out.ipynb"
    out.write_text("keep me", encoding="utf-8")
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", str(out))
    assert r.returncode == 2 and "exists; add --force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_rerun_in_english_writes_a_new_notebook(small_book, tmp_path):
    """What the run showed is read from its outputs only (the notebook's sources hold both editions' text)."""
    out = tmp_path / "demand-en.ipynb"
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-p", "scale", "1.5", "-q", "-o", str(out))
    assert r.returncode == 0, r.stderr
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata["materials_book"]["parameters"] == {
        "lang": "en",
        "metals": "all",
        "scale": 1.5,
        "base_year": 2020,
        "year": 2030,
    }
    shown = outputs_of(out)
    assert "In 2030, demand for copper, nickel, tin comes to 339.0 kt" in shown and "(scaled by 1.5)" in shown
    assert "千吨" not in shown
    assert str(small_book) not in out.read_text(encoding="utf-8"), "absolute paths leak into outputs"


@pytest.mark.slow
def test_failed_run_leaves_no_file(small_book, tmp_path):
    src = tmp_path / "01_demand.ipynb"
    nb = nbformat.read(small_book / CHAPTER, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('boom')"))
    nbformat.write(nb, src)
    out = tmp_path / "out.ipynb"
    r = run_cli("rerun", str(src), "-q", "-o", str(out))
    assert r.returncode == 1
    assert "RuntimeError: boom" in r.stderr and "raise RuntimeError('boom')" in r.stderr
    assert not out.exists() and list(tmp_path.glob(".*.ipynb")) == []


def test_data_check_passes():
    r = run_cli("data", "check")
    assert r.returncode == 0 and "0 problems" in r.stdout


@pytest.mark.parametrize("args", [["-p", "scale", "-inf"], ["-p", "scale=-inf"], ["--param", "scale", "-inf"]])
def test_a_value_beginning_with_a_dash_is_a_value(small_book, tmp_path, args):
    r = run_cli("rerun", CHAPTER, *args, "-o", str(tmp_path / "x.ipynb"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "parameter 'scale': '-inf' is not a float" in r.stderr and not (tmp_path / "x.ipynb").exists()


def test_long_values_give_a_short_file_name():
    name = reruns.name("01_demand", {"scale": "0" * 400 + "1"})
    assert len(name) < 80 and name.startswith("01_demand.params-")
    assert reruns.name("01_demand", {"lang": "en"}) == "01_demand.lang=en.ipynb"
    assert "/" not in reruns.name("01_demand", {"x": "../../etc/passwd"})


def test_an_output_is_claimed_exclusively(tmp_path):
    """-o without --force creates the file with O_EXCL: a second writer finds it taken; a run that writes nothing
    leaves nothing behind."""
    from materials_book.publish.params import ParamError

    dest = tmp_path / "out.ipynb"
    with reruns.claim(dest, exclusive=True, force=False):
        assert dest.exists()
        with pytest.raises(ParamError, match="exists; add --force"), reruns.claim(dest, exclusive=True, force=False):
            pass
    assert not dest.exists()
    with reruns.claim(dest, exclusive=True, force=False):
        dest.write_text("written", encoding="utf-8")
    assert dest.read_text(encoding="utf-8") == "written"


def test_a_second_rerun_to_the_same_default_file_waits_for_none(tmp_path):
    from materials_book.publish.params import ParamError

    dest = tmp_path / "01_demand.defaults.ipynb"
    with reruns.claim(dest, exclusive=False, force=False):
        with (
            pytest.raises(ParamError, match="being written by another rerun"),
            reruns.claim(dest, exclusive=False, force=False),
        ):
            pass
        with reruns.claim(dest, exclusive=False, force=True):
            pass
    assert list(tmp_path.iterdir()) == []


def test_files_are_written_with_the_users_umask(tmp_path):
    import os
    import stat

    from materials_book.files import atomic_write_bytes

    old = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "a.bin", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.bin").stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("en/chapters/01_demand.ipynb", "is a committed chapter; add --force"),
        ("chapters/99_new.ipynb", "in a folder of committed chapters; add --force"),
        ("/proc", "is a folder"),
        ("/proc/version", "give a file name ending in .ipynb"),
    ],
)
def test_bad_destinations_are_refused_before_any_kernel(small_book, target, words):
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", target)
    assert r.returncode == 2 and words in r.stderr and r.stderr.count("\n") == 1, r.stderr
