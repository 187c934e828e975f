"""Citation labels author–year in each edition's language ([姚海琳等, n.d.] / [Yao et al., n.d.]), from the
``label_zh`` and ``label_en`` fields of references.bib (pybtex's alpha labels read Chinese names as [d.])."""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as Unsrt
from pybtex.style.labels import BaseLabelStyle

from ..labels import LANGS


def _style(lang: str) -> type:
    class Labels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield entry.fields.get(f"label_{lang}", entry.key)

    class Style(Unsrt):
        default_label_style = Labels

    return Style


def setup() -> None:
    for lang in LANGS:
        register_plugin("pybtex.style.formatting", f"materials_{lang}", _style(lang))
