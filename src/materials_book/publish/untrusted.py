"""HTML from a notebook the book did not execute, reduced to what the book's own outputs use before a preview page
shows it: like Jupyter, which does not run an untrusted notebook's output, no script, handler or active URL survives.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction

# What chapter outputs and rendered Markdown use; anything else is unwrapped (its text kept) or, when it can run or
# load something, removed with its content.
KEPT = frozenset(
    """a abbr b blockquote br caption cite code col colgroup dd del details div dl dt em figcaption figure
    h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table tbody td tfoot
    th thead tr u ul var""".split()
)
REMOVED = frozenset(
    """script style iframe frame frameset object embed applet base link meta form input button
    select textarea template noscript svg math audio video source track canvas portal dialog""".split()
)
ATTRIBUTES = frozenset(
    """class id lang title href src alt scope colspan rowspan role download open data-missing
    aria-label aria-hidden aria-describedby""".split()
)
URL_ATTRIBUTES = frozenset({"href", "src"})
SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
SAFE_SCHEMES = ("http:", "https:", "mailto:")
CHART_SPEC = {"type": "application/json", "class": ["mb-spec"]}  # read as data by charts.js, never run


def _safe_url(value: str) -> bool:
    """A relative URL, or one to the web or mail: browsers drop controls and spaces inside a scheme
    ("java<TAB>script:"), so they are dropped before looking."""
    text = re.sub(r"[\x00-\x20\x7f]+", "", value)
    return not SCHEME.match(text) or text.lower().startswith(SAFE_SCHEMES)


def _chart_spec(tag) -> bool:
    return tag.name == "script" and tag.attrs == CHART_SPEC


def clean(markup: str) -> tuple[str, int]:
    """``markup`` with every element, attribute and URL outside the allowed set dropped; returns it and the number of
    things dropped."""
    soup = BeautifulSoup(markup, "html.parser")
    dropped = 0
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype, ProcessingInstruction))):
        node.extract()
        dropped += 1
    for tag in soup.find_all(True):
        if tag.decomposed or _chart_spec(tag):
            continue
        if tag.name in REMOVED:
            tag.decompose()
            dropped += 1
        elif tag.name not in KEPT:
            tag.unwrap()
            dropped += 1
        else:
            for name in list(tag.attrs):
                value = tag.attrs[name]
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name not in ATTRIBUTES or (name in URL_ATTRIBUTES and not _safe_url(text)):
                    del tag.attrs[name]
                    dropped += 1
    return str(soup), dropped
