"""Texts by key and language, kept beside their modules."""

import pytest

from materials_book import labels as L
from materials_book.yamlfile import SourceError


def test_a_module_s_texts_are_read_from_beside_it(tmp_path):
    (tmp_path / "m.texts.yaml").write_text("greeting:\n  zh: 你好，{name}\n  en: Hello, {name}\n", encoding="utf-8")
    text = L.Texts.beside(str(tmp_path / "m.py"))
    assert text("greeting", "en", name="Ada") == "Hello, Ada"
    assert text("greeting", "zh", name="Ada") == "你好，Ada"
    assert text("as_written", "en") == "as written"  # the shared words come along


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("greeting:\n  zh: 你好\n", "text 'greeting' needs zh and en"),
        ("greeting: 你好\n", "text 'greeting' needs zh and en"),
        ("a:\n  zh: 甲\n  en: a\na:\n  zh: 乙\n  en: b\n", "key 'a' defined twice"),
    ],
)
def test_a_bad_texts_file_is_named(tmp_path, body, words):
    (tmp_path / "m.texts.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(SourceError, match=words):
        L.Texts.beside(str(tmp_path / "m.py"))


def test_a_module_may_not_redefine_a_shared_word():
    with pytest.raises(KeyError, match="already shared"):
        L.Texts({next(iter(L.WORDS)): ("甲", "a")})


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("“Present situation”, § 引言", '“Present situation”, § <span lang="zh">引言</span>'),
        ("the “三步走” goal", 'the <span lang="zh">“三步走”</span> goal'),
        ("“三步走”的目标", '<span lang="zh">“三步走”的目标</span>'),
        ("a “quoted” word", "a “quoted” word"),
        ("中国“English”", '<span lang="zh">中国</span>“English”'),
        ("the 《新材料》 bulletin", 'the <span lang="zh">《新材料》</span> bulletin'),
    ],
)
def test_quotes_are_chinese_only_where_they_touch_chinese(text, marked):
    """Curly quotes around English words stay in the Latin font (a CJK font sets them full-width: “ Present)."""
    assert L.mark_zh(text) == marked
