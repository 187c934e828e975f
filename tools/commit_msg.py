#!/usr/bin/env python3
"""commit-msg hook (.pre-commit-config.yaml): refuse a commit whose subject is longer than 72 characters.

The subject is the first line of the message that is neither blank nor a comment (git drops both). Characters are
counted, not bytes, so a Chinese subject has the same limit. Reasons and measurements go in the body, after a blank
line. Usage: tools/commit_msg.py MESSAGE_FILE (git passes .git/COMMIT_EDITMSG).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LIMIT = 72


def comment_char() -> str:
    """git's core.commentChar, "#" when unset (or "auto", which git resolves only when it writes the template)."""
    found = subprocess.run(["git", "config", "core.commentChar"], capture_output=True, text=True)
    char = found.stdout.strip()
    return char if found.returncode == 0 and char and char != "auto" else "#"


def subject(message: str, comment: str = "#") -> str:
    for line in message.splitlines():
        if line.strip() and not line.startswith(comment):
            return line.rstrip()
    return ""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} MESSAGE_FILE", file=sys.stderr)
        return 2
    text = subject(Path(argv[1]).read_text(encoding="utf-8", errors="replace"), comment_char())
    if len(text) <= LIMIT:
        return 0
    print(f"commit subject is {len(text)} characters, at most {LIMIT}:\n  {text}\nover the limit: {text[LIMIT:]!r}\n"
          "Shorten it and put the reasons and measurements in the body, after a blank line (CONTRIBUTING.md).",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
