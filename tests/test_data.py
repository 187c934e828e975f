"""The data access layer: load() errors name file, column and row; metadata is bilingual."""
import pandas as pd
import pytest

from materials_book import data


def test_every_dataset_has_bilingual_metadata():
    for name in data.names():
        meta = data.meta(name)
        for key in ("title", "description", "processing"):
            assert meta[key]["zh"] and meta[key]["en"], (name, key)
        assert meta["row_count"] == len(data.load(name))


def test_missing_dataset(data_copy):
    (data_copy / "localization.parquet").unlink()
    with pytest.raises(data.DataError, match=r"localization.parquet.*not found.*materials-book data build"):
        data.load("localization")


def test_corrupt_dataset(data_copy):
    (data_copy / "localization.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(data.DataError, match=r"localization.parquet: cannot read Parquet.*data build"):
        data.load("localization")


def test_schema_violation_names_column_and_row(data_copy):
    df = pd.read_parquet(data_copy / "localization.parquet")
    df.loc[2, "kind"] = "rumour"
    df.to_parquet(data_copy / "localization.parquet")
    with pytest.raises(data.DataError) as err:
        data.load("localization")
    msg = str(err.value)
    assert "localization.parquet breaks its schema" in msg and "column 'kind'" in msg
    assert f"row 2 (id '{df.loc[2, 'id']}')" in msg and "rumour" in msg
