"""Hostile strings: what a careless or hostile contributor could put in a text field of the data.

Each is written so that, unescaped, it does something on a page built with MyST and Sphinx: runs script, loads a
file of the build machine into the page, breaks a table, reorders text. ``RAW_MARKERS`` are substrings that show the
string reached a page unescaped.
"""

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attribute_breakout": 'KrF<script>alert(1)</script>"><img src=x onerror=alert(2)>',
    "event_handler": "<svg onload=alert(3)>",
    "javascript_href": '<a href="javascript:alert(4)">click</a>',
    "markdown_link": "[click](javascript:alert(5)) ![x](javascript:alert(6))",
    "autolink": "<javascript:alert(7)>",
    "include_directive": "KrF\n```{include} /etc/hostname\n```\n",
    "raw_directive": "KrF\n\n```{raw} html\n<script>alert(8)</script>\n```\n",
    "eval_rst": "KrF\n```{eval-rst}\n.. raw:: html\n\n   <script>alert(9)</script>\n```\n",
    "colon_fence": "KrF\n:::{include} /etc/hostname\n:::\n",
    "role": "see {download}`/etc/hostname` and {raw}`x`",
    "backticks": "a ``` b ` c `` d",
    "pipes": "KrF | 1 | 2 |\n|---|---|",
    "entities": "&lt;script&gt;alert(10)&lt;/script&gt; &amp; &#60;b&#62;",
    "html_comment": "KrF <!-- hidden --> end",
    "rtl_marks": "abc\u202edcba\u202c \u200fx\u2066y\u2069 \u200b",
    "heading_and_list": "# heading\n- item\n1. first",
    "emphasis_and_target": "**bold** _it_ ~~s~~ $x$ (tgt)= % comment",
    "iframe": '<iframe srcdoc="<script>alert(11)</script>"></iframe>',
    "control_chars": "KrF\x00\x07\x1b[31m\r\ttab\x7f\x85",
}
# Substrings whose presence in a built page (HTML or generated Markdown) means a string passed unescaped.
RAW_MARKERS = (
    "<script",
    "<img",
    "<svg",
    "<iframe",
    "onerror=",
    "onload=",
    'href="javascript:',
    "<!--",
    "{include}",
    "{raw}",
    "{eval-rst}",
    "{download}",
    "\u202e",
    "\u200f",
    "\u2066",
    "\x1b",
    "\x00",
)
