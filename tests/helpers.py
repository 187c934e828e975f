"""Helpers the tests share (fixtures stay in conftest.py, which pytest loads itself and tests never import)."""

import os
import subprocess
import sys

from materials_book import paths


def run_cli(*args, timeout=300):
    """Run the materials-book command in a subprocess, on the current project (its root; folders moved one by one
    stay in this process); returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "materials_book", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=paths.ROOT,
        env={**os.environ, paths.ENV: str(paths.ROOT)},
    )


def outputs_of(notebook) -> str:
    """Every output of a notebook as its file writes it (JSON), without its sources: a string that a cell's code or
    the other edition's text holds proves nothing about what the run showed."""
    import json
    from pathlib import Path

    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return "\n".join(
        json.dumps(o, ensure_ascii=False) for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
    )
