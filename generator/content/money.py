"""Prices: read what a seller writes, and format amounts the way buyers read them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Currencies whose prices are written without decimals, whatever CLDR's accounting precision says.
_WHOLE_UNIT = {"IDR", "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG"}
_MULTIPLIERS = {"rb": 1000, "ribu": 1000, "k": 1000, "jt": 1_000_000, "juta": 1_000_000}
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


class PriceError(ValueError):
    """A price that cannot be read; the message says how to write it."""


def decimals(currency: str) -> int:
    """How many decimals a price in ``currency`` is written with."""
    if currency in _WHOLE_UNIT:
        return 0
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


def _hint(currency: str) -> str:
    if currency == "IDR":
        return 'write it as a whole number such as 150000, or in quotes such as "Rp 150.000"'
    return 'write it as a number such as 12.50, or in quotes such as "12.50"'


def _strip_symbols(text: str) -> tuple[str, int]:
    t = text.strip().lower().replace("\u00a0", " ")
    t = re.sub(r"^(rp\.?|idr|[a-z]{3}|us\$|\$|€|£|¥|s\$|rm)\s*", "", t)
    t = re.sub(r"\s*(,-|\.-|-)$", "", t)  # "150.000,-" is a common way to write Rupiah
    mult = 1
    m = re.match(r"^(.*?)\s*(rb|ribu|k|jt|juta)$", t)
    if m:
        t, mult = m.group(1), _MULTIPLIERS[m.group(2)]
    return t.replace(" ", ""), mult


def _parse_number(t: str, places: int, mult: int) -> Decimal:
    if _PLAIN.match(t):
        return Decimal(t)
    if _GROUPED.match(t) and places == 0 and mult == 1:
        return Decimal(re.sub(r"[.,]", "", t))  # "150.000" and "150,000" are both thousands
    if "." in t and "," in t:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        grp = "," if dec == "." else "."
        t = t.replace(grp, "").replace(dec, ".")
    elif "," in t:
        head, _, tail = t.rpartition(",")
        t = head.replace(",", "") + "." + tail if len(tail) != 3 else t.replace(",", "")
    elif t.count(".") > 1:
        t = t.replace(".", "")
    return Decimal(t)


def parse_price(value: object, currency: str, raw: tuple[str, str] | None = None) -> Decimal:
    """Turn what a seller wrote (``150000``, ``"Rp 150.000"``, ``150.000``, ``"12.50"``) into an amount.

    ``raw`` is the YAML scalar as written with its resolved tag, so ``price: 150.000``, which YAML
    reads as the float 150.0, is still understood as one hundred fifty thousand Rupiah.
    """
    places = decimals(currency)
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise PriceError(f"this is not a price; {_hint(currency)}")
    if isinstance(value, float) and raw and raw[1] == "float":
        text = raw[0]
    elif isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = str(value)
    stripped, mult = _strip_symbols(text)
    if not stripped or not re.match(r"^[\d.,]+$", stripped):
        raise PriceError(f'"{text}" is not a price; {_hint(currency)}')
    try:
        amount = _parse_number(stripped, places, mult) * mult
    except InvalidOperation:
        raise PriceError(f'"{text}" is not a price; {_hint(currency)}') from None
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        if places == 0:
            raise PriceError(
                f'"{text}" has decimals, but {currency} prices are whole numbers; {_hint(currency)}'
            )
        raise PriceError(f'"{text}" has more than {places} decimals; {_hint(currency)}')
    if amount <= 0:
        raise PriceError(f'"{text}" is zero; a price must be more than 0')
    return amount.quantize(Decimal(1).scaleb(-places)) if places else amount.quantize(Decimal(1))


@lru_cache(maxsize=4096)
def format_money(amount: Decimal, currency: str, language: str) -> str:
    """``Rp 150.000`` for Rupiah; other currencies the way the store's language writes them."""
    if currency == "IDR":
        return "Rp " + f"{int(amount):,}".replace(",", ".")
    from babel.numbers import format_currency

    locale = "id_ID" if language == "id" else "en_US"
    places = decimals(currency)
    fmt = None
    if places == 0:
        fmt = "¤#,##0"
    return format_currency(amount, currency, format=fmt, locale=locale, currency_digits=places != 0)


def discount_percent(price: Decimal, compare_at: Decimal | None) -> int | None:
    """Whole-percent saving shown on the badge, or None when there is no real discount."""
    if compare_at is None or compare_at <= price:
        return None
    pct = int(((compare_at - price) * 100 / compare_at).to_integral_value(rounding="ROUND_HALF_UP"))
    return max(pct, 1)
