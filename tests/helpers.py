"""Helpers the tests share (fixtures stay in conftest.py, which pytest loads itself and tests never import)."""

import subprocess
import sys

from materials_book import paths


def run_cli(*args, timeout=300):
    """Run the materials-book command in a subprocess; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "materials_book", *args], capture_output=True, text=True, timeout=timeout, cwd=paths.ROOT
    )
