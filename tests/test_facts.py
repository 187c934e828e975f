"""The facts table: records become a frame with the shared columns, in order, with the schema's types."""

from materials_book import facts, schemas


def test_records_become_a_frame_the_schema_accepts():
    row = {c: None for c in facts.FACT_COLUMNS} | {
        "id": "m003.lithium.demand.2020",
        "entity": "lithium",
        "entity_zh": "锂",
        "entity_en": "lithium",
        "entity_type": "mineral",
        "indicator": "demand",
        "indicator_zh": "需求",
        "indicator_en": "demand",
        "year": 2020,
        "value": 230000,
        "unit": "t",
        "qualifier": "exact",
        "kind": "stated",
        "source": "003",
        "section": "3",
        "quote": "锂需求 2.3×105 t",
        "inputs": ["a", "b"],
    }
    df = facts.frame([row])
    assert list(df.columns) == list(facts.FACT_COLUMNS)
    assert str(df["value"].dtype) == "float64" and str(df["year"].dtype) == "Int64"
    assert df.loc[0, "inputs"] == "a;b" and df["note"].isna().all()
    assert schemas.validation_failures(schemas.facts_schema(), df) is None
