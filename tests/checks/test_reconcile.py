"""000 and 001 are the same paper: every number entered from 000 must stand in 001, or be a listed difference."""

from materials_book.checks import reconcile


def test_000_numbers_stand_in_001_or_are_listed():
    t = reconcile.table()
    assert len(t) > 0
    differing, known = set(t.loc[~t["agrees"], "id"]), reconcile.listed_rows("reprint")
    assert differing == known, f"not in differences.yaml: {differing - known}; listed but agreeing: {known - differing}"


def test_normalize_maps_punctuation_and_drops_reference_marks():
    assert (
        reconcile.comparable("美国一家独大，拥有全球70%~80%碳化硅半导体产量[13-15]；")
        == "美国一家独大,拥有全球70%~80%碳化硅半导体产量;"
    )


def test_every_number_of_001_stands_in_000_or_is_a_heading():
    """001 numbers sections and figures its own way (1. / 1) where 000 has 1.1 / 3.2.1); every other number agrees."""
    df = reconcile.numbers_of_001()
    assert len(df) > 80
    assert df[~df["in_000"] & ~df["heading"]].empty, df[~df["in_000"] & ~df["heading"]]


def test_every_difference_names_existing_rows():
    from materials_book import data

    ids = set(data.all_facts()["id"])
    for entry in reconcile.differences():
        assert set(entry["rows"]) <= ids, entry["rows"]
