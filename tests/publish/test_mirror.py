"""The built site mirrors what the build produced: files of an earlier build go, changed ones are replaced, what
`keep` names stays."""

from materials_book.publish.mirror import mirror


def test_a_mirror_holds_exactly_the_source_files(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    (src / "charts").mkdir(parents=True)
    (src / "a.csv").write_text("new")
    (src / "charts" / "b.csv").write_text("b")
    (dest / "charts").mkdir(parents=True)
    (dest / "a.csv").write_text("reverted data")
    (dest / "charts" / "b.csv").write_text("b")
    (dest / "charts" / "orphan.csv").write_text("an earlier build's")
    (dest / "gone").mkdir()
    (dest / "gone" / "x.html").write_text("x")
    (dest / "pdf").mkdir()
    (dest / "pdf" / "book-en.pdf").write_bytes(b"%PDF")
    assert mirror(src, dest, keep=("pdf",)) == (1, 2)
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert files == ["a.csv", "charts/b.csv", "pdf/book-en.pdf"] and (dest / "a.csv").read_text() == "new"
    assert not (dest / "gone").exists()
    assert mirror(src, dest, keep=("pdf",)) == (0, 0)
