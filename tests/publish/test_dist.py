"""Taking the site away: the zip opens from disk anywhere with its charts drawn and no request outside it, and is
the same bytes for the same site; publishing puts the whole site on a remote's gh-pages branch."""

import subprocess
import zipfile
from pathlib import Path

import pytest

import chromium
from materials_book import paths
from materials_book.publish import dist

pytestmark = pytest.mark.slow


def test_the_zip_opens_from_disk_elsewhere(tmp_path, browser):
    first = dist.zip_site(dest=tmp_path / "a.zip")
    assert dist.zip_site(dest=tmp_path / "b.zip").read_bytes() == first.read_bytes()
    where = tmp_path / "elsewhere"
    with zipfile.ZipFile(first) as z:
        z.extractall(where)
    root = (where / dist.FOLDER).resolve()
    for rel in ("index.html", "en/chapters/04_minerals_roadmap.html", "generated/material_lithium.html"):
        page = browser.new_context().new_page()
        outside, errors = [], []
        page.route(
            "**/*",
            lambda r, outside=outside: (
                r.continue_()
                if r.request.url.startswith(root.as_uri()) or r.request.url.startswith(("data:", "blob:"))
                else (outside.append(r.request.url), r.abort())
            ),
        )
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto((root / rel).as_uri(), wait_until="load")
        chromium.wait_for_charts(page)
        assert outside == [] and errors == [], rel
        page.context.close()
    names = zipfile.ZipFile(first).namelist()
    assert f"{dist.FOLDER}/pdf/book-zh.pdf" in names and f"{dist.FOLDER}/en/pdf/book-en.pdf" in names
    assert any(n.startswith(f"{dist.FOLDER}/_static/downloads/") for n in names)


def git(*args, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_publish_puts_the_whole_site_on_the_gh_pages_branch(tmp_path, monkeypatch):
    for var, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@localhost"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@localhost"),
    ):
        monkeypatch.setenv(var, value)
    bare, work = tmp_path / "remote.git", tmp_path / "work"
    git("init", "--bare", "-q", str(bare), cwd=tmp_path)
    git("init", "-q", str(work), cwd=tmp_path)
    for _ in range(2):  # a second publish replaces the first
        dist.publish(str(bare), repo=work)
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).splitlines())
    built = {p.relative_to(paths.HTML).as_posix() for p in paths.HTML.rglob("*") if p.is_file()}
    assert {".nojekyll", "index.html", "en/index.html", "generated/materials.html"} <= files
    assert built - {".buildinfo"} <= files | {p for p in built if Path(p).name.startswith(".buildinfo")}


def test_publishing_to_nowhere_is_one_line(tmp_path):
    git("init", "-q", str(tmp_path / "w"), cwd=tmp_path)
    with pytest.raises(dist.DistError, match=r"^publishing to '.*nowhere' failed: "):
        dist.publish(str(tmp_path / "nowhere"), repo=tmp_path / "w")
