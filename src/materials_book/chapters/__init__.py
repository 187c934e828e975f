"""One module per chapter notebook (named like it), plus ``frames``, the chart kit shared by them. Chapters read built
data only, through ``materials_book.data``; the notebooks enable the book's chart theme and renderer
(``materials_book.publish.render``)."""
