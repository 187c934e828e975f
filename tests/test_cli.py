"""The materials-book command: good and bad input, exit codes, nothing overwritten."""

import hashlib

import nbformat
import pytest

from helpers import run_cli
from materials_book import paths
from materials_book.publish import reruns

CHAPTER = "chapters/01_status.ipynb"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_params_lists_declarations():
    r = run_cli("params", CHAPTER)
    assert r.returncode == 0
    assert "lang" in r.stdout and "one of zh, en" in r.stdout and "threshold" in r.stdout


def test_bad_values_exit_2_before_any_kernel(tmp_path):
    for args, msg in [
        (["-p", "lang", "fr"], "'lang': 'fr' is not allowed"),
        (["-p", "threshold", "lots"], "'threshold': 'lots' is not a float"),
        (["-p", "nope", "1"], "unknown parameter 'nope'"),
    ]:
        r = run_cli("rerun", CHAPTER, *args, "-o", str(tmp_path / "x.ipynb"))
        assert r.returncode == 2, r.stderr
        assert msg in r.stderr
        assert not (tmp_path / "x.ipynb").exists()


def test_committed_chapter_is_not_overwritten_without_force():
    before = digest(paths.ROOT / CHAPTER)
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", CHAPTER)
    assert r.returncode == 2 and "--force" in r.stderr
    assert digest(paths.ROOT / CHAPTER) == before


def test_existing_output_needs_force(tmp_path):
    out = tmp_path / "out.ipynb"
    out.write_text("keep me", encoding="utf-8")
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", str(out))
    assert r.returncode == 2 and "exists; add --force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_rerun_in_english_writes_a_new_notebook(tmp_path):
    out = tmp_path / "status-en.ipynb"
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-p", "threshold", "20", "-q", "-o", str(out))
    assert r.returncode == 0, r.stderr
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata["materials_book"]["parameters"]["lang"] == "en"
    text = out.read_text(encoding="utf-8")
    assert "Source: " in text and "below 20%" in text and "来源：" not in text
    assert str(paths.ROOT) not in text, "absolute paths leak into outputs"


@pytest.mark.slow
def test_failed_run_leaves_no_file(tmp_path):
    src = tmp_path / "01_status.ipynb"
    nb = nbformat.read(paths.ROOT / CHAPTER, as_version=4)
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


@pytest.mark.parametrize(
    "args", [["-p", "threshold", "-inf"], ["-p", "threshold=-inf"], ["--param", "threshold", "-inf"]]
)
def test_a_value_beginning_with_a_dash_is_a_value(tmp_path, args):
    r = run_cli("rerun", CHAPTER, *args, "-o", str(tmp_path / "x.ipynb"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "parameter 'threshold': '-inf' is not a float" in r.stderr and not (tmp_path / "x.ipynb").exists()


def test_long_values_give_a_short_file_name():

    name = reruns.name("01_status", {"threshold": "0" * 400 + "1"})
    assert len(name) < 80 and name.startswith("01_status.params-")
    assert reruns.name("01_status", {"lang": "en"}) == "01_status.lang=en.ipynb"
    assert "/" not in reruns.name("01_status", {"x": "../../etc/passwd"})


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

    dest = tmp_path / "01_status.defaults.ipynb"
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
        ("en/chapters/01_status.ipynb", "is a committed chapter; add --force"),
        ("chapters/99_new.ipynb", "in a folder of committed chapters; add --force"),
        ("/proc", "is a folder"),
        ("/proc/version", "give a file name ending in .ipynb"),
    ],
)
def test_bad_destinations_are_refused_before_any_kernel(target, words):
    r = run_cli("rerun", CHAPTER, "-p", "lang", "en", "-o", target)
    assert r.returncode == 2 and words in r.stderr and r.stderr.count("\n") == 1, r.stderr
