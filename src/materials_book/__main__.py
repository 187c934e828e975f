"""``python -m materials_book``: the ``materials-book`` command."""

from .cli import main

main()
