"""The two editions: Chinese at the site root (``_config.yml``), English in ``en/`` with a configuration generated
from the Chinese one plus the few settings that differ (``EN_OVERRIDES``), so the two never drift apart."""

from __future__ import annotations

import copy

import yaml

from .. import paths
from ..files import write_if_changed

EN_OVERRIDES = {
    "title": "China's key strategic materials and critical minerals: reproducible analyses",
    "language": "en",
    "bibtex_bibfiles": ["../references.bib"],
    "sphinx": {
        "config": {
            "language": "en",
            "html_static_path": ["../_static"],
            "templates_path": ["../_templates"],
            "materials_book_lang": "en",
            "bibtex_default_style": "materials_en",
            "nb_code_prompt_show": "Show code",
            "nb_code_prompt_hide": "Hide code",
            "html_theme_options": {"search_bar_text": "Search this book…"},
        }
    },
}


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def english_config() -> dict:
    """The English edition's configuration: the Chinese one with EN_OVERRIDES, the English folder not excluded."""
    zh = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    en = _merge(zh, EN_OVERRIDES)
    en["exclude_patterns"] = [p for p in zh["exclude_patterns"] if p != "en"]
    return en


def write_english_config() -> bool:
    """Write en/generated/_config.yml (``make book`` passes it to jupyter-book with --config)."""
    text = "# Generated from _config.yml by materials_book.publish.editions; do not edit.\n"
    text += yaml.safe_dump(english_config(), allow_unicode=True, sort_keys=False)
    return write_if_changed(paths.generated("en") / "_config.yml", text.encode("utf-8"))
