"""``materials-book site``: the chart bundle, the downloads and the generated pages, written only from a whole and
current data set whose chapters follow from it (otherwise the site would disagree with its data)."""

from __future__ import annotations

from ..errors import DataError
from ..pipeline import manifest
from . import bundle, downloads, outputs, pages


def _outputs_follow() -> None:
    """Stop before writing a page when a committed chapter edition no longer follows from its inputs (the site would
    show the data one way in its downloads and another in its chapters), naming each with why."""

    todo = outputs.plan()
    if todo:
        (first, why), more = todo[0], len(todo) - 1
        others = f" and {more} more ({', '.join(str(e) for e, _ in todo[1:])})" if more else ""
        where = "/".join(first.dest.parts[-3 if first.lang == "en" else -2 :])  # en/chapters/… or chapters/…
        raise DataError(
            f"{where}{others} no longer follow from their inputs "
            f"({'; '.join(why[:3])}{'; …' if len(why) > 3 else ''}): run `make outputs`, then `make book`"
        )


def main(part: str = "all") -> int:
    """Write the bundle, the downloads and generated pages (``part``: bundle, pages or all). Pages are written only
    from a whole and current data set (``manifest.verify``: DataError otherwise, never a page without a dataset)."""
    if part in ("pages", "all"):
        manifest.verify()
        _outputs_follow()
    if part in ("bundle", "all"):
        bundle.write_bundle()
    if part in ("pages", "all"):
        downloads.write_downloads()
        pages.write_pages()
    return 0
