"""Language helpers: pick the Chinese or English text, and show qualifiers the way the documents mean them."""
from __future__ import annotations

import re

QUALIFIER_LABELS = {
    "exact": ("", ""), "about": ("约", "about"), "more_than": ("以上", "more than"), "at_least": ("不少于", "at least"),
    "less_than": ("不足", "less than"), "at_most": ("不超过", "at most"), "nearly": ("近", "nearly"),
    "range": ("区间", "range"), "target": ("目标", "target"),
}
KIND_LABELS = {"stated": ("文献数值", "stated"), "derived": ("推算值", "derived"), "target": ("目标值", "target"),
               "projection": ("预测值", "projection")}


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en`` by ``lang``."""
    return zh if lang == "zh" else en


def qualifier(q: str, lang: str) -> str:
    zh, en = QUALIFIER_LABELS[q]
    return pick(lang, zh, en)


def kind(k: str, lang: str) -> str:
    zh, en = KIND_LABELS[k]
    return pick(lang, zh, en)


def plain_number(value: float) -> str:
    """A number without a trailing .0 (values are never rounded here)."""
    return f"{value:g}" if float(value).is_integer() else repr(float(value))


_ZH_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef《》“”]+")


def mark_zh(text: str) -> str:
    """HTML with every run of Chinese characters wrapped in <span lang="zh"> (quotes and names in English text)."""
    return _ZH_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', text)
