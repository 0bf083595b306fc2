"""Prices as sellers write them, and as buyers read them."""

from decimal import Decimal

import pytest

from generator.content.money import PriceError, discount_percent, format_money, parse_price


@pytest.mark.parametrize("value, raw, expected", [
    (150000, None, 150000),
    ("150000", None, 150000),
    ("Rp 150.000", None, 150000),
    ("Rp150.000,-", None, 150000),
    ("150.000", None, 150000),
    ("IDR 1.250.000", None, 1250000),
    ("150rb", None, 150000),
    ("1,5jt", None, 1500000),
    # `price: 150.000` unquoted: YAML reads the float 150.0, the text says one hundred fifty thousand
    (150.0, ("150.000", "float"), 150000),
    (1.5, ("1.500", "float"), 1500),
])
def test_rupiah_prices_as_sellers_write_them(value, raw, expected):
    assert parse_price(value, "IDR", raw) == Decimal(expected)


@pytest.mark.parametrize("value, raw, expected", [
    ("12.50", None, "12.50"),
    (12.5, ("12.50", "float"), "12.50"),
    ("$1,234.56", None, "1234.56"),
    ("1.234,56", None, "1234.56"),
    (10, None, "10.00"),
])
def test_decimal_currencies(value, raw, expected):
    assert parse_price(value, "USD", raw) == Decimal(expected)


@pytest.mark.parametrize("value, raw, fragment", [
    ("abc", None, '"abc" is not a price'),
    (150.5, ("150.5", "float"), "IDR prices are whole numbers"),
    ("150,5", None, "IDR prices are whole numbers"),
    ("-5", None, "is not a price"),
    (True, None, "is not a price"),
    ([1, 2], None, "is not a price"),
])
def test_bad_rupiah_prices_get_a_hint(value, raw, fragment):
    with pytest.raises(PriceError) as err:
        parse_price(value, "IDR", raw)
    assert fragment in str(err.value)
    assert "150000" in str(err.value)  # the hint shows how to write it


def test_zero_is_not_a_price():
    with pytest.raises(PriceError, match="a price must be more than 0"):
        parse_price(0, "IDR")


def test_more_decimals_than_the_currency_has():
    with pytest.raises(PriceError, match="more than 2 decimals"):
        parse_price("12.505", "USD")


def test_rupiah_format_has_no_decimals_and_dot_groups():
    assert format_money(Decimal(150000), "IDR", "id") == "Rp 150.000"
    assert format_money(Decimal(1250000), "IDR", "en") == "Rp 1.250.000"
    assert format_money(Decimal(500), "IDR", "id") == "Rp 500"


def test_other_currencies_follow_the_store_language():
    assert format_money(Decimal("12.50"), "USD", "en") == "$12.50"
    assert format_money(Decimal("12.50"), "EUR", "id") == "€12,50"
    assert format_money(Decimal("1200"), "JPY", "en") == "¥1,200"


def test_discount_percent():
    assert discount_percent(Decimal(150000), Decimal(200000)) == 25
    assert discount_percent(Decimal(199000), Decimal(200000)) == 1
    assert discount_percent(Decimal(200000), Decimal(200000)) is None
    assert discount_percent(Decimal(200000), None) is None
