import pytest

from materials_book.pipeline import values


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("80%左右", 80, None, "%"),
        ("70%~80%", 70, 80, "%"),
        ("60%—70%", 60, 70, "%"),
        ("约为 10%", 10, None, "%"),
        ("130多种", 130, None, "种"),
        ("1.3×107 t", 1.3e7, None, "t"),
        ("8.5×106 t", 8.5e6, None, "t"),
        ("5万亿元", 5, None, "万亿元"),
        ("20%以上", 20, None, "%"),
        ("近50%", 50, None, "%"),
        ("2~6 英寸", 2, 6, "英寸"),
        ("两倍", 2, None, "倍"),
        ("十二项", 12, None, "项"),
        ("1,000家", 1000, None, "家"),
        ("7万多吨", 7, None, "万吨"),
        ("3.5×108 m2", 3.5e8, None, "m2"),
        ("约 6×108 in2", 6e8, None, "in2"),
        ("超过1/3", 1 / 3, None, ""),
        ("近1/5", 0.2, None, ""),
        ("三分之一", 1 / 3, None, ""),
        ("一半以上", 0.5, None, ""),
        ("百余种", 100, None, "种"),
        ("二十二", 22, None, ""),
        ("一百二十种", 120, None, "种"),
        ("5-6年", 5, 6, "年"),
    ],
)
def test_parse(text, low, high, unit):
    p = values.parse(text)
    assert p.low == pytest.approx(low) and p.unit_as_written == unit
    assert (p.high is None) if high is None else p.high == pytest.approx(high)


@pytest.mark.parametrize("text", ["", "约", "大约很多", "10%和20%", "数百倍"])
def test_parse_refuses(text):
    with pytest.raises(values.ValueParseError):
        values.parse(text)


def test_normalize_units():
    assert values.normalize_unit("万吨") == ("t", 10000.0)
    assert values.normalize_unit("亿元") == ("CNY", 1e8)
    with pytest.raises(KeyError, match="units.yaml"):
        values.normalize_unit("furlong")
