"""Results kept by the digest of their inputs: a key changes with any part or with the code, an entry is read back
as it was kept, and a missing, damaged or superseded entry is never returned."""

from materials_book import memo, paths


def test_a_key_changes_with_any_part_and_with_how_parts_split(monkeypatch):
    assert memo.key(b"a", "b") == memo.key(b"a", b"b")
    assert len({memo.key(b"ab", b"c"), memo.key(b"a", b"bc"), memo.key(b"abc"), memo.key(b"a", b"b", b"c")}) == 4
    before = memo.key(b"x")
    monkeypatch.setattr(memo, "code", lambda: "other code")
    assert memo.key(b"x") != before


def test_the_code_digest_covers_the_package_and_the_libraries():
    digest = memo.code()
    assert len(digest) == 64 and digest == memo.code()


def test_kept_values_read_back_and_superseded_ones_are_dropped(tmp_path):
    with paths.use(tmp_path):
        assert memo.load("things", "one", "k1") is None
        memo.store("things", "one", "k1", {"rows": [1, 2]})
        assert memo.load("things", "one", "k1") == {"rows": [1, 2]}
        memo.store("things", "one", "k2", "newer")
        assert memo.load("things", "one", "k1") is None and memo.load("things", "one", "k2") == "newer"
        memo.store("things", "one_more", "k1", 3)  # a name that starts like another keeps its own entry
        assert memo.load("things", "one", "k2") == "newer"
        folder = tmp_path / ".cache" / "memo" / "things"
        assert sorted(p.name for p in folder.iterdir()) == ["one.k2.pickle", "one_more.k1.pickle"]
        (folder / "one.k2.pickle").write_bytes(b"not a pickle")
        assert memo.load("things", "one", "k2") is None


def test_the_code_a_dataset_is_keyed_on_holds_everything_the_pipeline_imports():
    import layers

    graph, found = layers.graph(), layers.modules()
    kept = set(memo.sources("pipeline"))
    reached, todo = set(), [m for m in graph if m.startswith("pipeline")]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += graph.get(name, ())
    assert {found[m].resolve() for m in reached} <= kept
    assert not any("publish" in p.parts or "chapters" in p.parts for p in kept)
    assert set(memo.sources()) > kept


def test_a_cache_that_cannot_be_written_keeps_nothing_and_fails_nothing(tmp_path):
    blocked = tmp_path / "a file where the cache folder would be"
    blocked.write_text("", encoding="utf-8")
    with paths.use(cache=blocked):
        memo.store("things", "one", "k1", 1)
        assert memo.load("things", "one", "k1") is None
