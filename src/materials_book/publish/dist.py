"""Taking the built site away: `make dist` zips it (both editions, PDFs, downloads) so that it works unzipped
anywhere and opened from disk; `make publish` puts it on the gh-pages branch of a git remote (ghp-import, as Jupyter
Book's documentation does), with .nojekyll so that GitHub Pages serves the _static/ folders.

The zip is deterministic: entries sorted, one timestamp (that of the build's newest notebook or source is not
needed: a fixed one), the same permissions, so the same site gives the same bytes."""

from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path

from .. import paths
from ..files import atomic_write_bytes

FOLDER = "materials-book"  # the folder the zip unpacks to
STAMP = (2026, 1, 1, 0, 0, 0)  # every entry's time: a zip of the same site is byte-identical
ZIP = "materials-book-site.zip"  # in _build/


class DistError(RuntimeError):
    pass


def _site_files(site: Path) -> list[Path]:
    missing = [
        p for p in ("index.html", "en/index.html", "pdf/book-zh.pdf", "en/pdf/book-en.pdf") if not (site / p).is_file()
    ]
    if missing:
        raise DistError(f"{site}: {', '.join(missing)} missing: run `make book pdf` first")
    return sorted(p for p in site.rglob("*") if p.is_file() and not p.name.startswith(".buildinfo"))


def zip_site(site: Path | None = None, dest: Path | None = None) -> Path:
    """``site`` (default: the built site) as one zip under a single folder, written atomically to ``dest`` (default:
    _build/materials-book-site.zip); returns its path."""
    site, dest = site or paths.HTML, dest or paths.BUILD / ZIP
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in _site_files(site):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site).as_posix()}", STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    atomic_write_bytes(dest, buffer.getvalue())
    return dest


def publish(
    remote: str, site: Path | None = None, repo: Path | None = None, branch: str = "gh-pages", push: bool = True
) -> None:
    """Commit ``site`` (default: the built site) as the whole of ``branch`` of the git repository ``repo`` (default:
    the project's) replacing what was there, and push it to ``remote`` (a remote's name or a URL)."""
    site, repo = site or paths.HTML, repo or paths.ROOT
    _site_files(site)
    command = [
        sys.executable,
        "-m",
        "ghp_import",
        "--no-jekyll",
        "--force",
        "--no-history",
        "--branch",
        branch,
        "--remote",
        remote,
        "--message",
        f"Publish the built site ({site.name})",
        str(site.resolve()),
    ]
    found = subprocess.run(command + (["--push"] if push else []), cwd=repo, capture_output=True, text=True)
    if found.returncode != 0:
        last = (found.stderr or found.stdout).strip().splitlines() or ["no message"]
        raise DistError(f"publishing to {remote!r} failed: {last[-1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m materials_book.publish.dist")
    sub = parser.add_subparsers(dest="what", required=True)
    z = sub.add_parser("zip", help="zip the built site")
    z.add_argument("dest", nargs="?", default=None)
    p = sub.add_parser("publish", help="push the built site to the gh-pages branch of a remote")
    p.add_argument("--remote", default="origin")
    args = parser.parse_args(argv)
    try:
        if args.what == "zip":
            print(zip_site(dest=Path(args.dest) if args.dest else None))
        else:
            publish(args.remote)
            print(f"published _build/html to the gh-pages branch of {args.remote}")
    except (DistError, subprocess.CalledProcessError) as exc:
        print(f"materials-book: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
