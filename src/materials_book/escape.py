"""Text from the data, made safe for the place it is written to: one function per target.

Every string that comes from ``data/`` (names, definitions, quotes, sections, notes, metadata) and is written into
a page goes through exactly one of these, chosen by where it lands:

- ``html_text``: between HTML tags (``<td>…</td>``, ``<span>…</span>`` in raw HTML output).
- ``html_attribute``: inside a double-quoted HTML attribute (``title="…"``, ``aria-label="…"``).
- ``markdown``: running text of a Markdown/MyST page (a paragraph, a list item, a heading), also inside a
  ``<span>`` that Markdown wraps around it.
- ``table_cell``: a cell of a Markdown pipe table.
- ``code``: an inline code span (ids, parameter values), whatever backticks the text holds.
- ``fence``: the backtick fence for a code block whose content is ``text``.
- ``script_json``: JSON inside a ``<script>`` element (a chart's spec).

All of them make characters that could start something else inert: control characters and line breaks become
spaces (a line break in Markdown can open a directive fence), and bidirectional controls (right-to-left marks,
overrides, isolates) and other invisible format characters are dropped, so text cannot reorder what follows it.
The result renders as the original text, character for character, apart from those.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters that never reach a page: C0/C1 controls, line and paragraph separators become spaces; format
# characters (bidi marks and overrides, zero-width joiners, BOM) are dropped.
_SPACE_CATEGORIES = ("Cc", "Zl", "Zp")
_DROP_CATEGORIES = ("Cf",)
# ASCII punctuation CommonMark lets a backslash escape; each renders as itself when escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:%=^])")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


def plain(text: object) -> str:
    """``text`` as one line of visible characters: controls and line breaks as spaces, format characters
    (bidi controls, zero-width characters) removed. Used by every function below."""
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if cat in _SPACE_CATEGORIES:
            out.append(" ")
        elif cat not in _DROP_CATEGORIES:
            out.append(ch)
    return "".join(out)


def html_text(text: object) -> str:
    """``text`` for the content of an HTML element: ``& < >`` as entities."""
    return html.escape(plain(text), quote=False)


def html_attribute(text: object) -> str:
    """``text`` for a double- or single-quoted HTML attribute value: ``& < > " '`` as entities."""
    return html.escape(plain(text), quote=True)


def markdown(text: object) -> str:
    """``text`` as literal running text of a MyST Markdown page.

    HTML is disarmed with entities (``&lt;script&gt;`` shows as ``<script>``), and every character that could start
    inline markup (emphasis, code, links, images, roles ``{name}`…```, substitutions, targets, math) is escaped with
    a backslash. Line breaks are spaces, so no block (a directive fence, a heading, a list) can start inside it; a
    leading ``1.`` or ``-`` is escaped as well, for text that begins a line. Spaces at either end are dropped (they
    would end a surrounding ``**…**`` too early)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(plain(text).strip(), quote=False))
    escaped = _ORDERED_ITEM.sub(r"\1\\\2", escaped)
    return "\\" + escaped if escaped.startswith("-") else escaped


def table_cell(text: object) -> str:
    """``text`` for one cell of a Markdown pipe table: ``markdown``, which escapes ``|`` too, without the spaces
    around it (a table trims them)."""
    return markdown(text)


def code(text: object, *, in_table: bool = False) -> str:
    """``text`` as an inline code span: fenced with one backtick more than its longest run of backticks, padded
    with spaces when it starts or ends with a backtick (CommonMark strips one space each side). In a table cell
    (``in_table``) a ``|`` is written ``\\|``, which the table reads as a pipe inside the cell."""
    text = plain(text)
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(text: str) -> str:
    """The backtick fence for a code block holding ``text``: longer than any run of backticks inside (at least 3),
    so the content cannot close the block and continue as Markdown."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def script_json(text: str) -> str:
    """JSON text made safe inside a <script> element: ``</`` is written ``<\\/``, which JSON reads back as the same
    text, so nothing in it can close the element."""
    return text.replace("</", "<\\/")
