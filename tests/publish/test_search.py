"""Chinese search: single characters are words too, and the faster stem gives Sphinx's stems."""

from sphinx.search.zh import SearchChinese

from materials_book.publish import search

TEXT = "锂、钴、镍需求 lithium cobalt nickels EUV KrF ArF photoresists PCB"


def test_single_characters_are_words_and_the_words_are_jieba_s():
    book, sphinx = search.BookChinese({}), SearchChinese({})
    words = book.split(TEXT)
    assert set(sphinx.split(TEXT)) <= set(words) and {"锂", "钴", "镍"} <= set(words)
    assert book.word_filter("锂") and not sphinx.word_filter("锂")


def test_stems_are_sphinx_s():
    book, sphinx = search.BookChinese({}), SearchChinese({})
    words = book.split(TEXT)
    sphinx.split(TEXT)
    assert [book.stem(w) for w in words] == [sphinx.stem(w) for w in words]
