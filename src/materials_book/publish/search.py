"""Chinese search for the book: jieba words plus every single character, so that 锂, 钴, 镍 or 铜 find the pages
that name them (Sphinx keeps only words of two or more characters). Segmentations are cached on disk by text, which
takes most of the indexing time off a clean build; the index itself does not depend on the cache."""
from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search.zh import SearchChinese

CJK = re.compile(r"[\u3400-\u9fff]")
CACHE = "jieba-segments.json"


class BookChinese(SearchChinese):
    cache: dict[str, list[str]] = {}
    cache_path: Path | None = None

    def split(self, input: str) -> list[str]:
        if input not in self.cache:
            self.cache[input] = super().split(input)
        else:
            self.latin_terms.extend(self.latin1_letters.findall(input))
        words = self.cache[input]
        return words + list(dict.fromkeys(CJK.findall(input)))

    def word_filter(self, stemmed_word: str) -> bool:
        return len(stemmed_word) > 1 or bool(CJK.fullmatch(stemmed_word))


def load_cache(app) -> None:
    BookChinese.cache_path = Path(app.outdir).parent / CACHE
    if BookChinese.cache_path.exists():
        BookChinese.cache = json.loads(BookChinese.cache_path.read_text(encoding="utf-8"))


def save_cache(app, exception) -> None:
    if exception is None and BookChinese.cache_path is not None and BookChinese.cache:
        BookChinese.cache_path.write_text(json.dumps(BookChinese.cache, ensure_ascii=False), encoding="utf-8")


def setup(app) -> None:
    from sphinx import search

    search.languages["zh"] = BookChinese
    app.connect("builder-inited", load_cache)
    app.connect("build-finished", save_cache)
