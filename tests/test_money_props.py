"""Properties of prices: what Lapak shows a buyer reads back as the same amount, and bad groups never pass."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.money import PriceError, format_money, parse_price

rupiah = st.integers(min_value=1, max_value=10**13)
cents = st.integers(min_value=1, max_value=10**11).map(lambda n: Decimal(n).scaleb(-2))
languages = st.sampled_from(["id", "en"])


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(rupiah, languages)
def test_rupiah_as_shown_reads_back_the_same(amount, lang):
    assert parse_price(format_money(Decimal(amount), "IDR", lang), "IDR") == amount


@pytest.mark.parametrize("currency", ["USD", "EUR"])
@given(amount=cents, lang=languages)
def test_two_decimal_currencies_as_shown_read_back_the_same(currency, amount, lang):
    shown = format_money(amount, currency, lang)  # "$1,234.50", "US$1.234,50", "€1.234,50"
    assert parse_price(shown, currency) == amount


@given(rupiah, st.sampled_from(["{}", "Rp {}", "Rp{},-", "Rp {},-", "Rp. {}", "{} IDR", "IDR {},00", "{}.-"]))
def test_grouped_rupiah_reads_back_the_same(amount, form):
    assert parse_price(form.format(_dots(amount)), "IDR") == amount
    english = form.replace(",00", ".00")
    if amount >= 1000 or ".00" not in english:  # "1,000.00"; but a lone "1.00" is a mistyped group
        assert parse_price(english.format(f"{amount:,}"), "IDR") == amount


@given(st.integers(min_value=1, max_value=10**11), st.sampled_from(["USD", "EUR"]))
def test_grouped_cents_read_back_the_same(n, currency):
    whole, frac = divmod(n, 100)
    amount = Decimal(n).scaleb(-2)
    assert parse_price(f"{whole:,}.{frac:02d}", currency) == amount      # 1,234,567.89
    assert parse_price(f"{_dots(whole)},{frac:02d}", currency) == amount  # 1.234.567,89
    if whole >= 1000:  # grouped without cents
        assert parse_price(f"{whole:,}", currency) == whole
        assert parse_price(_dots(whole), currency) == whole


def _digits(min_size: int, max_size: int):
    return st.text("0123456789", min_size=min_size, max_size=max_size)


bad_groups = st.lists(_digits(0, 6), min_size=1, max_size=4).filter(lambda gs: any(len(g) != 3 for g in gs))


@given(first=_digits(1, 3), groups=bad_groups, form=st.sampled_from(["{}", "Rp {}", "Rp {},-", "{} IDR"]))
def test_a_bad_dot_group_never_reads_as_rupiah(first, groups, form):
    written = form.format(".".join([first, *groups]))
    with pytest.raises(PriceError):
        parse_price(written, "IDR")


@given(first=_digits(1, 3), groups=bad_groups, sep=st.sampled_from([".", ","]),
       currency=st.sampled_from(["IDR", "USD", "EUR"]))
def test_a_bad_group_among_several_never_reads(first, groups, sep, currency):
    # with two or more separators of one kind, every one separates thousands
    written = sep.join([first, "123", *groups])
    with pytest.raises(PriceError):
        parse_price(written, currency)


@given(first=_digits(1, 3), good=st.lists(_digits(3, 3), max_size=3), bad=_digits(0, 6).filter(lambda g: len(g) != 3),
       currency=st.sampled_from(["IDR", "USD", "EUR"]))
def test_a_bad_group_before_the_decimals_never_reads(first, good, bad, currency):
    written = ".".join([first, *good, bad]) + ",00"  # "1.000.00,00": the dots group, the comma marks decimals
    with pytest.raises(PriceError):
        parse_price(written, currency)


@given(st.lists(st.sampled_from(list("0123456789.,- :+_eRpIDRrbkjt$€\u00a0") + ["juta", "ribu"]), max_size=20)
       .map("".join),
       st.sampled_from(["IDR", "USD", "EUR", "JPY", "KWD"]))
def test_any_text_is_a_price_or_a_plain_message(text, currency):
    try:
        amount = parse_price(text, currency)
    except PriceError as exc:
        assert exc.msg.text("en") and exc.msg.text("id")
    else:
        assert amount > 0
