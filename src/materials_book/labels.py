"""Texts by key and language: the interface words the chapters share, each chapter's own table of texts, qualifiers
and kinds of value the way the documents mean them. Names of things (regions, materials) are in the glossary."""

from __future__ import annotations

import re
from pathlib import Path

from .yamlfile import SourceError, load_yaml

LANGS = ("zh", "en")  # the editions: Chinese (the site's root) and English
QUALIFIER_LABELS = {
    "exact": ("", ""),
    "about": ("约", "about"),
    "more_than": ("以上", "more than"),
    "at_least": ("不少于", "at least"),
    "less_than": ("不足", "less than"),
    "at_most": ("不超过", "at most"),
    "nearly": ("近", "nearly"),
    "range": ("区间", "range"),
    "target": ("目标", "target"),
}
# The words that say each qualifier, in the documents (Chinese) and on English pages: a value shown with its
# qualifier has one of them beside it.
QUALIFIER_WORDS = {
    "about": (("约", "左右", "前后", "上下"), ("about", "around")),
    "nearly": (("近",), ("nearly", "almost")),
    "more_than": (("以上", "超过", "超", "多", "余", "逾", "突破"), ("more than", "over", "at least")),
    "at_least": (("不少于", "至少", "不低于", "以上"), ("at least", "more than")),
    "less_than": (("不足", "不到", "以下", "以内"), ("less than", "under")),
    "at_most": (("不超过", "最高", "以下"), ("at most", "up to")),
}
KIND_LABELS = {
    "stated": ("文献数值", "stated"),
    "derived": ("推算值", "derived"),
    "target": ("目标值", "target"),
    "projection": ("预测值", "projection"),
}
NUMBER_WORDS = {
    "zh": tuple("零一两三四五六七八九十"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}
# Interface words shared by the chapters: key -> (Chinese, English), with str.format placeholders.
WORDS = {
    "as_written": ("原文数值", "as written"),
    "qualifier": ("限定", "qualifier"),
    "item": ("对象", "item"),
    "indicator": ("指标", "indicator"),
    "year": ("年份", "year"),
    "section": ("出处章节", "section"),
    "kind": ("类型", "kind"),
    "region": ("地区", "region"),
    "quote": ("原文", "quote"),
    "list": ("、", ", "),
    "semicolon": ("；", "; "),
    "full_stop": ("。", "."),
    "labelled": ("{label}：{text}", "{label}: {text}"),
    "aside": ("{text}（{aside}）", "{text} ({aside})"),
}


class Texts(dict):
    """One module's texts, key -> (Chinese, English) with ``str.format`` placeholders, on top of the shared WORDS;
    ``TEXT(key, lang, **values)`` is the text in ``lang`` with the values filled in."""

    def __init__(self, table: dict[str, tuple[str, str]]):
        shadowed = sorted(WORDS.keys() & table.keys())
        if shadowed:
            raise KeyError(f"already shared in labels.WORDS: {', '.join(shadowed)}")
        super().__init__(WORDS | table)

    @classmethod
    def beside(cls, module_file: str) -> Texts:
        """The texts of a module, kept beside it in ``<module>.texts.yaml`` (key -> zh, en): words for translators
        to edit without reading code."""

        path = Path(module_file).with_suffix(".texts.yaml")
        table = load_yaml(path)
        bad = [
            k
            for k, v in table.items()
            if not isinstance(v, dict) or set(v) != {"zh", "en"} or not all(isinstance(t, str) for t in v.values())
        ]
        if bad:
            raise SourceError(f"{path.name}: text {bad[0]!r} needs zh and en, each text")
        return cls({k: (v["zh"], v["en"]) for k, v in table.items()})

    def __call__(self, key: str, lang: str, **values) -> str:
        zh, en = self[key]
        return (zh if lang == "zh" else en).format(**values)


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` or ``en`` by ``lang``."""
    return zh if lang == "zh" else en


def qualifier(q: str, lang: str) -> str:
    zh, en = QUALIFIER_LABELS[q]
    return pick(lang, zh, en)


def kind(k: str, lang: str) -> str:
    zh, en = KIND_LABELS[k]
    return pick(lang, zh, en)


def count_word(n: int, lang: str) -> str:
    """A count in words from zero to ten (两 for 2 before a measure word), in digits beyond."""
    return NUMBER_WORDS[lang][n] if 0 <= n < len(NUMBER_WORDS[lang]) else str(n)


# A run holds at least one Chinese character or CJK mark; curly quotes join it only where they touch one (“三步走”),
# and quotes around English words stay English (“Present situation …”, set in the Latin font).
_ZH = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_ZH_RUN = re.compile(f"[“‘]*[{_ZH}](?:[{_ZH}]|[“”‘’]+(?=[{_ZH}]))*[”’]*")


def mark_zh(text: str) -> str:
    """HTML with every run of Chinese characters wrapped in <span lang="zh"> (quotes and names in English text)."""
    return _ZH_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', text)
