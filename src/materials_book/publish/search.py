"""Chinese search for the book: jieba words plus every single character, so that 锂, 钴, 镍 or 铜 find the pages that
name them (Sphinx keeps only words of two or more characters); segmentations cached by text in .cache/."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search.zh import SearchChinese

from .. import paths
from ..files import write_if_changed

CJK = re.compile(r"[\u3400-\u9fff]")
CACHE = "jieba-segments.json"


class BookChinese(SearchChinese):
    cache: dict[str, list[str]] = {}
    cache_path: Path | None = None
    latin: set[str] = set()  # Sphinx's latin_terms as a set: its stem() searches the list for every word
    stems: dict[str, str] = {}

    def split(self, input: str) -> list[str]:
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        if input not in self.cache:
            self.cache[input] = super().split(input)
        self.latin.update(latin)
        return self.cache[input] + list(dict.fromkeys(CJK.findall(input)))

    def stem(self, word: str) -> str:
        """Sphinx's stem (Latin words of three or more letters that stemming would cut below three stay whole),
        with a set lookup and each word stemmed once."""
        if word not in self.stems:
            self.stems[word] = self.stemmer.stemWord(word.lower())
        stemmed = self.stems[word]
        return word.lower() if word in self.latin and len(word) >= 3 and len(stemmed) < 3 else stemmed

    def word_filter(self, stemmed_word: str) -> bool:
        return len(stemmed_word) > 1 or bool(CJK.fullmatch(stemmed_word))


def load_cache(app) -> None:
    BookChinese.cache_path = paths.CACHE / CACHE
    if BookChinese.cache_path.exists():
        BookChinese.cache = json.loads(BookChinese.cache_path.read_text(encoding="utf-8"))


def save_cache(app, exception) -> None:
    if exception is None and BookChinese.cache_path is not None and BookChinese.cache:
        write_if_changed(BookChinese.cache_path, json.dumps(BookChinese.cache, ensure_ascii=False).encode())


def setup(app) -> None:
    from sphinx import search

    search.languages["zh"] = BookChinese
    app.connect("builder-inited", load_cache)
    app.connect("build-finished", save_cache)
