"""Prices as sellers write them, and as buyers read them."""

from decimal import Decimal

import pytest

from generator.messages import catalogue, placeholders
from generator.content.money import PriceError, discount_percent, format_money, parse_price, price_warning
from generator.content.yamlread import load_yaml


def _yaml_price(text: str, currency: str = "IDR") -> Decimal:
    """Parse ``price: <text>`` the way a product file is read: value plus the raw YAML scalar."""
    doc = load_yaml(f"price: {text}")
    return parse_price(doc.data["price"], currency, doc.raw_scalar("price"))


def _refused(value, currency: str = "IDR", raw=None) -> PriceError:
    with pytest.raises(PriceError) as err:
        parse_price(value, currency, raw)
    return err.value


def _refused_yaml(text: str, currency: str = "IDR") -> PriceError:
    with pytest.raises(PriceError) as err:
        _yaml_price(text, currency)
    return err.value


HINT_EN = 'write it as a whole number such as 150000, or in quotes such as "Rp 150.000"'
HINT_ID = 'tulis sebagai angka bulat seperti 150000, atau dalam tanda kutip seperti "Rp 150.000"'
GROUP_EN = "a dot or comma that separates thousands must be followed by exactly three digits."
GROUP_ID = "titik atau koma pemisah ribuan harus diikuti tepat tiga angka."


@pytest.mark.parametrize("value, raw, expected", [
    (150000, None, 150000),
    ("150000", None, 150000),
    ("Rp 150.000", None, 150000),
    ("Rp150.000,-", None, 150000),
    ("Rp. 150.000", None, 150000),
    ("Rp 150.000.-", None, 150000),
    ("150.000", None, 150000),
    ("150,000", None, 150000),
    ("150.000,00", None, 150000),
    ("150,000.00", None, 150000),
    ("150.000,-", None, 150000),
    ("150.000 IDR", None, 150000),
    ("IDR 1.250.000", None, 1250000),
    ("1,250,000", None, 1250000),
    ("150rb", None, 150000),
    ("Rp 150 rb", None, 150000),
    ("150 ribu", None, 150000),
    ("150k", None, 150000),
    ("1,5jt", None, 1500000),
    ("1.5 juta", None, 1500000),
    ("2,25jt", None, 2250000),
    ("150,00", None, 150),  # a zero ending after a comma, the Indonesian way: Rp 150
    # `price: 150.000` unquoted: YAML reads the float 150.0, the text says one hundred fifty thousand
    (150.0, ("150.000", "float"), 150000),
    (1.5, ("1.500", "float"), 1500),
])
def test_rupiah_prices_as_sellers_write_them(value, raw, expected):
    assert parse_price(value, "IDR", raw) == Decimal(expected)


@pytest.mark.parametrize("value, raw, expected", [
    ("12.50", None, "12.50"),
    ("12,50", None, "12.50"),
    (12.5, ("12.50", "float"), "12.50"),
    ("$1,234.56", None, "1234.56"),
    ("US$1.234,56", None, "1234.56"),
    ("1.234,56", None, "1234.56"),
    ("1,250", None, "1250.00"),
    ("1.5k", None, "1500.00"),
    (10, None, "10.00"),
    (12.5, None, "12.50"),
])
def test_decimal_currencies(value, raw, expected):
    assert parse_price(value, "USD", raw) == Decimal(expected)


# -- The reproductions from "The seller's first hour": each now gives what a seller should see. --

@pytest.mark.parametrize("written, first, second", [
    ("150.0000", "Rp 150.000", "Rp 150"),
    ("150.00", "Rp 150.000", "Rp 150"),
    ("1.000.00", "Rp 1.000.000", "Rp 1.000"),
])
def test_a_short_or_long_thousands_group_is_refused_with_what_was_meant(written, first, second):
    m = _refused(written).msg
    assert m.text("en") == (f'"{written}" is not a price: {GROUP_EN} '
                            f"Did you mean {first} or {second}? Write the one you mean")
    assert m.text("id") == (f'"{written}" bukan harga: {GROUP_ID} '
                            f"Maksudnya {first} atau {second}? Tulis salah satunya")


def test_unquoted_150_00_in_yaml_is_refused_too():
    # YAML reads `price: 150.00` as the float 150.0; the text as written decides
    assert "Did you mean Rp 150.000 or Rp 150?" in _refused_yaml("150.00").msg.text("en")


def test_a_group_with_one_way_to_fix_it():
    assert "Did you mean Rp 150.500?" in _refused_yaml("150.5").msg.text("en")
    assert _refused("150.5").msg.text("en") == f'"150.5" is not a price: {GROUP_EN} Did you mean Rp 150.500?'
    assert _refused("150.5").msg.text("id") == f'"150.5" bukan harga: {GROUP_ID} Maksudnya Rp 150.500?'


@pytest.mark.parametrize("written, expected", [
    ("1.250", "1250.00"),        # three digits after one separator group thousands: never 1.25
    ("1.250,00 €", "1250.00"),   # a European seller's thousands and cents
    ("€1.250,00", "1250.00"),
    ("1,250.00", "1250.00"),
    ("12,50", "12.50"),
    ("12,5", "12.50"),
    ("1,25", "1.25"),
    ("EUR 12,50", "12.50"),
    ("12.50 euro", "12.50"),
])
def test_euro_prices_as_european_sellers_write_them(written, expected):
    assert parse_price(written, "EUR") == Decimal(expected)


def test_unquoted_1_250_in_euro_is_one_thousand_two_hundred_fifty():
    assert _yaml_price("1.250", "EUR") == Decimal("1250.00")


def test_more_decimals_than_the_currency_has_are_refused_not_rounded():
    m = _refused("12.5000", "EUR").msg
    assert m.text("en") == ('"12.5000" has more than 2 decimals; '
                            'write it as a number such as 12.50, or in quotes such as "12,50"')
    assert m.text("id") == ('"12.5000" punya lebih dari 2 angka di belakang koma; '
                            'tulis sebagai angka seperti 12.50, atau dalam tanda kutip seperti "12,50"')
    assert "more than 2 decimals" in str(_refused("1.250,000", "EUR"))


def test_three_digits_after_one_separator_are_unclear_in_a_three_decimal_currency():
    m = _refused("1.250", "KWD").msg
    assert m.text("en") == '"1.250" is unclear: did you mean 1250 or 1.25? Write the one you mean'
    assert m.text("id") == '"1.250" kurang jelas: maksudnya 1250 atau 1.25? Tulis salah satunya'
    assert parse_price("1.25", "KWD") == Decimal("1.250")
    assert parse_price("1,250.000", "KWD") == Decimal("1250.000")


def test_unknown_words_are_not_stripped():
    m = _refused("abc150000").msg
    assert m.text("en") == ('"abc150000" is not a price: "abc" is neither a number nor '
                            f"this store's currency (IDR); {HINT_EN}")
    assert m.text("id") == f'"abc150000" bukan harga: "abc" bukan angka dan bukan mata uang toko ini (IDR); {HINT_ID}'


@pytest.mark.parametrize("written, currency, extra", [
    ("tiga puluh ribu", "IDR", "tiga puluh"),
    ("Rp 150.000 / pcs", "IDR", "/ pcs"),
    ("$12.50", "IDR", "$"),       # another currency's symbol
    ("Rp 150.000", "USD", "Rp"),
    ("Rp 150.000 / PCS", "IDR", "/ PCS"),
    ("150.000 usd", "IDR", "usd"),
    ("1e5", "IDR", "e"),
])
def test_only_the_store_currency_and_known_words_are_dropped(written, currency, extra):
    assert f'"{extra}" is neither a number nor this store\'s currency ({currency})' in str(_refused(written, currency))


def test_unquoted_leading_zero_is_read_as_written_not_as_octal():
    assert _yaml_price("0150000") == Decimal(150000)  # YAML 1.1 alone makes this 53248


def test_unquoted_time_is_refused_not_read_as_sexagesimal():
    m = _refused_yaml("1:30").msg  # YAML 1.1 alone makes this 90
    assert m.text("en") == f'"1:30" is not a price: it reads like a time of day; {HINT_EN}'
    assert m.text("id") == f'"1:30" bukan harga: tulisannya seperti jam; {HINT_ID}'


@pytest.mark.parametrize("written, extra", [("1_000", "_"), ("0x10", "x"), ("0b11", "b"), ("+150000", "+")])
def test_other_yaml_integer_forms_are_refused(written, extra):
    assert f'"{written}" is not a price: "{extra}" is neither a number' in _refused_yaml(written).msg.text("en")


def test_rupiah_under_100_is_a_warning():
    assert _yaml_price("75") == Decimal(75)  # still a price: a seller may really sell something for Rp 75
    m = price_warning(Decimal(75), "IDR")
    assert m.text("en") == "the price is only Rp 75. Did you mean Rp 75.000? If so, write 75000 or 75rb"
    assert m.text("id") == "harganya hanya Rp 75. Maksudnya Rp 75.000? Kalau ya, tulis 75000 atau 75rb"
    assert price_warning(Decimal(100), "IDR") is None
    assert price_warning(Decimal(150000), "IDR") is None
    assert price_warning(Decimal("0.75"), "USD") is None


# -- Other mistakes --

@pytest.mark.parametrize("value, raw, fragment", [
    ("abc", None, '"abc" is not a price'),
    (150.5, None, "IDR prices are whole numbers"),
    ("150,5", None, "IDR prices are whole numbers"),
    ("150.000,50", None, "IDR prices are whole numbers"),
    ("150 000", None, "take out the spaces between its digits"),
    ("", None, "the price is empty"),
    (None, ("", "null"), "the price is empty"),
    (True, ("yes", "bool"), '"yes" is not a price'),
    ([1, 2], None, "a price is one number, not a list"),
])
def test_bad_rupiah_prices_get_a_hint(value, raw, fragment):
    text = str(_refused(value, "IDR", raw).msg.text("en"))
    assert fragment in text
    assert "150000" in text or "150.000" in text  # it shows how to write it


@pytest.mark.parametrize("written", ["-5", "0", "0rb", "Rp 0", "000"])
def test_zero_or_less_is_not_a_price(written):
    m = _refused(written).msg
    assert m.text("en") == f'"{written}" is not a price: a price must be more than 0'
    assert m.text("id") == f'"{written}" bukan harga: harga harus lebih dari 0'


def test_after_a_multiplier_only_a_plain_number():
    m = _refused("2,125jt").msg  # 2.125 million, or 2125 million?
    assert m.text("en") == '"2,125jt" is not a price: before "jt" write a plain number, such as 150rb or 1,5jt'
    assert m.text("id") == '"2,125jt" bukan harga: sebelum "jt" tulis angka biasa, seperti 150rb atau 1,5jt'


def test_a_long_value_is_cut_in_the_message():
    text = _refused("x" * 500).msg.text("en")
    assert len(text) < 300 and "..." in text


def test_messages_are_in_both_languages_with_the_same_values():
    keys = [k for k in catalogue() if k.startswith("price.")]
    assert len(keys) >= 15
    for key in keys:
        id_text, en_text = catalogue()[key]
        assert placeholders(id_text) == placeholders(en_text), key


def test_the_message_follows_the_language(monkeypatch):
    err = _refused("abc")
    monkeypatch.setenv("LAPAK_LANG", "id")
    assert str(err).startswith('"abc" bukan harga')
    monkeypatch.setenv("LAPAK_LANG", "en")
    assert str(err).startswith('"abc" is not a price')


# -- Formatting --

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


# -- What a seller sees from `lapak build` --

def _build_output(store, monkeypatch, lang: str, front: str):
    store.speak(lang)
    store.product("barang", front)
    result = store.build()
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("lang, expected", [
    ("en", "products/barang.md, line 3, field 'price': \"1:30\" is not a price: it reads like a time of day"),
    ("id", "products/barang.md, baris 3, isian 'price': \"1:30\" bukan harga: tulisannya seperti jam"),
])
def test_build_refuses_a_time_as_a_price(store, monkeypatch, lang, expected):
    result = _build_output(store, monkeypatch, lang, "title: Barang\nprice: 1:30")
    assert result.exit_code == 1 and expected in result.output


def test_build_reads_a_leading_zero_as_written(store, monkeypatch):
    result = _build_output(store, monkeypatch, "en", "title: Barang\nprice: 0150000")
    assert result.exit_code == 0, result.output
    page = store.page("barang/index.html")
    assert "Rp 150.000" in page and "53.248" not in page


@pytest.mark.parametrize("lang, expected", [
    ("en", " products/barang.md, line 3, field 'price': the price is only Rp 75. "
           "Did you mean Rp 75.000? If so, write 75000 or 75rb"),
    ("id", "Peringatan: products/barang.md, baris 3, isian 'price': harganya hanya Rp 75. "
           "Maksudnya Rp 75.000? Kalau ya, tulis 75000 atau 75rb"),
])
def test_build_warns_about_a_rupiah_price_under_100(store, monkeypatch, lang, expected):
    result = _build_output(store, monkeypatch, lang, "title: Barang\nprice: 75")
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_build_warns_about_a_variant_price_on_its_own_line(store, monkeypatch):
    front = "title: Barang\nprice: 50000\nvariants:\n  - name: S\n  - name: L\n    price: 60"
    result = _build_output(store, monkeypatch, "en", front)
    assert result.exit_code == 0, result.output
    assert "products/barang.md, line 7, field 'variants[2].price': the price is only Rp 60" in result.output


def test_build_refuses_a_mistyped_group_and_an_empty_price(store, monkeypatch):
    store.product("kosong", "title: Kosong\nprice:")
    result = _build_output(store, monkeypatch, "en", "title: Barang\nprice: \"1.000.00\"")
    assert result.exit_code == 1
    assert "products/barang.md, line 3, field 'price': \"1.000.00\" is not a price" in result.output
    assert "Did you mean Rp 1.000.000 or Rp 1.000?" in result.output
    assert f"products/kosong.md, line 3, field 'price': the price is empty; {HINT_EN}" in result.output
