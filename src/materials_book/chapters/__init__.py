"""One module per chapter notebook (named like it), plus ``frames`` shared by them. Chapters read built data only,
through ``materials_book.data``; importing this package enables the book's offline chart renderer."""
from ..publish import render  # noqa: F401  (registers and enables the renderer)
