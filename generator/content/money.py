"""Prices: read what a seller writes, strictly, and format amounts the way buyers read them.

How a price is read (``parse_price``):

* **Only known words are dropped**: the store's currency code and its symbols (``Rp``, ``IDR``,
  ``rupiah`` for Rupiah; ``$``/``US$`` for dollars; ``€``), a Rupiah ending ``,-`` or ``.-``, and a
  multiplier ``rb``/``ribu``/``k`` (thousand) or ``jt``/``juta`` (million). Anything else, such as
  ``abc150000``, is refused and the message names the words Lapak does not know.
* **A separator followed by exactly three digits groups thousands.** ``1.250`` is one thousand two
  hundred fifty in every currency with at most two decimals, so ``"1.250"`` in EUR is 1250, never
  1.25: three written decimals cannot be a price in a two-decimal currency, and a European seller
  who means one euro twenty-five writes ``1,25``. Every later group must have three digits too, so
  ``1.000.00`` is refused. In a three-decimal currency (KWD, BHD ...) a single separator with three
  digits could be either, and is refused as unclear.
* **Decimals count as written.** When both ``.`` and ``,`` appear, the last one marks decimals
  (``1.250,00 €`` and ``$1,250.00`` are both 1250). A single separator followed by one or two
  digits marks decimals (``12,50`` and ``12.50``). More decimals than the currency has are refused,
  not rounded.
* **Whole-unit currencies** (Rupiah and the others in ``_WHOLE_UNIT``) take no decimals, except a
  zero ending written the Indonesian way: ``150.000,00``, ``150,00`` and ``150.000,-``. A lone dot
  that is not followed by three digits (``150.00``, ``150.0000``) is a mistyped thousands group, and
  the message offers the readings the seller probably meant (``Rp 150.000`` or ``Rp 150``).
* **After rb/jt/k** the number is plain with at most two decimals (``150rb``, ``1,5jt``, ``1.5k``),
  so ``2,125jt`` (two thousand one hundred twenty-five million, or 2.125 million?) is refused.
* **Unquoted YAML numbers are read as written**, from the raw text (``raw``): ``price: 150.000`` is
  one hundred fifty thousand, not the float 150.0; ``price: 0150000`` is 150000 (a leading zero on
  a price is a typing habit, never YAML 1.1's octal 53248); ``price: 1:30`` is refused as a time of
  day instead of YAML's sexagesimal 90.

``price_warning`` flags amounts that are valid but probably mistyped (``price: 75`` in Rupiah).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from generator.messages import Msg, define, msg

# Currencies whose prices are written without decimals, whatever CLDR's accounting precision says.
_WHOLE_UNIT = {"IDR", "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG"}
_MULTIPLIERS = {"rb": 1000, "ribu": 1000, "k": 1000, "jt": 1_000_000, "juta": 1_000_000}
# How sellers write a currency, beyond its code and CLDR's English and Indonesian symbols.
_LOCAL_SYMBOLS = {
    "IDR": ("rp", "rp.", "rupiah"), "USD": ("$", "us$"), "SGD": ("s$", "sg$"), "MYR": ("rm",),
    "AUD": ("a$", "au$"), "EUR": ("euro",), "JPY": ("¥", "円"), "CNY": ("¥", "rmb"), "INR": ("rs", "rs."),
}
# Below this a price is valid but probably missing its thousands ("75" for "75.000").
_LOW = {"IDR": Decimal(100)}
_LONGEST_SHOWN = 40  # a seller's text is cut to this many characters in a message

define({
    "price.hint_idr": (
        'tulis sebagai angka bulat seperti 150000, atau dalam tanda kutip seperti "Rp 150.000"',
        'write it as a whole number such as 150000, or in quotes such as "Rp 150.000"'),
    "price.hint_whole": (
        "tulis sebagai angka bulat seperti 1500",
        "write it as a whole number such as 1500"),
    "price.hint_decimal": (
        'tulis sebagai angka seperti 12.50, atau dalam tanda kutip seperti "12,50"',
        'write it as a number such as 12.50, or in quotes such as "12,50"'),
    "price.not_a_price": ('"{value}" bukan harga; {hint}', '"{value}" is not a price; {hint}'),
    "price.not_one": (
        "harga harus satu angka, bukan daftar; {hint}",
        "a price is one number, not a list; {hint}"),
    "price.empty": ("harganya masih kosong; {hint}", "the price is empty; {hint}"),
    "price.unknown": (
        '"{value}" bukan harga: "{extra}" bukan angka dan bukan mata uang toko ini ({currency}); {hint}',
        '"{value}" is not a price: "{extra}" is neither a number nor this store\'s currency ({currency}); {hint}'),
    "price.spaces": (
        '"{value}" bukan harga: hapus spasi di antara angkanya; {hint}',
        '"{value}" is not a price: take out the spaces between its digits; {hint}'),
    "price.time": (
        '"{value}" bukan harga: tulisannya seperti jam; {hint}',
        '"{value}" is not a price: it reads like a time of day; {hint}'),
    "price.not_positive": (
        '"{value}" bukan harga: harga harus lebih dari 0',
        '"{value}" is not a price: a price must be more than 0'),
    "price.bad_group": (
        '"{value}" bukan harga: titik atau koma pemisah ribuan harus diikuti tepat tiga angka, '
        "seperti 150.000; {hint}",
        '"{value}" is not a price: a dot or comma that separates thousands must be followed by exactly '
        "three digits, as in 150.000; {hint}"),
    "price.bad_group_one": (
        '"{value}" bukan harga: titik atau koma pemisah ribuan harus diikuti tepat tiga angka. '
        "Maksudnya {first}?",
        '"{value}" is not a price: a dot or comma that separates thousands must be followed by exactly '
        "three digits. Did you mean {first}?"),
    "price.bad_group_two": (
        '"{value}" bukan harga: titik atau koma pemisah ribuan harus diikuti tepat tiga angka. '
        "Maksudnya {first} atau {second}? Tulis salah satunya",
        '"{value}" is not a price: a dot or comma that separates thousands must be followed by exactly '
        "three digits. Did you mean {first} or {second}? Write the one you mean"),
    "price.unclear": (
        '"{value}" kurang jelas: maksudnya {first} atau {second}? Tulis salah satunya',
        '"{value}" is unclear: did you mean {first} or {second}? Write the one you mean'),
    "price.whole": (
        '"{value}" ada angka di belakang koma, padahal harga dalam {currency} selalu bulat; {hint}',
        '"{value}" has decimals, but {currency} prices are whole numbers; {hint}'),
    "price.too_many_decimals": (
        '"{value}" punya lebih dari {places} angka di belakang koma; {hint}',
        '"{value}" has more than {places} decimals; {hint}'),
    "price.multiplier": (
        '"{value}" bukan harga: sebelum "{word}" tulis angka biasa, seperti 150rb atau 1,5jt',
        '"{value}" is not a price: before "{word}" write a plain number, such as 150rb or 1,5jt'),
    "price.low": (
        "harganya hanya {amount}. Maksudnya {meant}? Kalau ya, tulis {write} atau {short}",
        "the price is only {amount}. Did you mean {meant}? If so, write {write} or {short}"),
})


class PriceError(ValueError):
    """A price that cannot be read; ``msg`` says why and how to write it, in the store's language."""

    def __init__(self, message: Msg):
        super().__init__(message)
        self.msg = message

    def __str__(self) -> str:
        return self.msg.text()


class _Unreadable(Exception):
    """The number part breaks a rule; the caller turns it into a :class:`PriceError`."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key, self.params = key, params


def decimals(currency: str) -> int:
    """How many decimals a price in ``currency`` is written with."""
    if currency in _WHOLE_UNIT:
        return 0
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


def _hint(currency: str) -> Msg:
    """How to write a price in ``currency``, as a message to add to another one."""
    if currency == "IDR":
        return msg("price.hint_idr")
    return msg("price.hint_whole" if decimals(currency) == 0 else "price.hint_decimal")


@lru_cache(maxsize=64)
def _symbols(currency: str) -> tuple[str, ...]:
    """Every way of writing ``currency`` that is dropped from a price, longest first, lower case."""
    from babel.numbers import get_currency_symbol

    found = {currency.lower(), *_LOCAL_SYMBOLS.get(currency, ())}
    for locale in ("en_US", "id_ID"):
        try:
            found.add(get_currency_symbol(currency, locale).lower())
        except Exception:  # an unknown code still has itself
            pass
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def _shown(text: str) -> str:
    return text if len(text) <= _LONGEST_SHOWN else text[:_LONGEST_SHOWN - 3] + "..."


def _strip_words(text: str, currency: str) -> tuple[str, int, str]:
    """Drop the currency, a ``,-`` ending and a multiplier: (number text, multiplier, its word)."""
    t = re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
    symbols = _symbols(currency)
    start = next((s for s in symbols if t.lower().startswith(s)), "")
    t = t[len(start):].lstrip()
    end = next((s for s in symbols if t.lower().endswith(s)), "")
    t = t[:len(t) - len(end)].rstrip()
    t = re.sub(r"\s*[.,]-$", "", t)  # "150.000,-" and "150.000.-" are common ways to write Rupiah
    m = re.fullmatch(r"(.*?)\s*(ribu|rb|juta|jt|k)", t, flags=re.IGNORECASE)
    if m and m.group(1):
        word = m.group(2).lower()
        return m.group(1), _MULTIPLIERS[word], word
    return t, 1, ""


def _check_words(t: str, currency: str) -> None:
    """Refuse anything but digits and separators, naming what Lapak cannot read."""
    if re.fullmatch(r"[0-9.,]+", t):
        return
    hint = _hint(currency)
    if re.fullmatch(r"-\s*[0-9.,]+", t):
        raise _Unreadable("price.not_positive")
    if re.fullmatch(r"[0-9]+(:[0-9]+)+([.,][0-9]*)?", t):
        raise _Unreadable("price.time", hint=hint)
    extra = " ".join(dict.fromkeys(re.findall(r"[^0-9.,\s]+", t)))
    if extra:
        raise _Unreadable("price.unknown", extra=_shown(extra), currency=currency, hint=hint)
    if re.search(r"[0-9] +[0-9]", t):
        raise _Unreadable("price.spaces", hint=hint)
    raise _Unreadable("price.not_a_price", hint=hint)


def _grouped(head: str, sep: str) -> str | None:
    """``1.234.567`` without its separators, or None when a group is not three digits."""
    first, *groups = head.split(sep)
    if not first or any(len(g) != 3 for g in groups):
        return None
    return first + "".join(groups)


def _suggest(t: str, places: int, currency: str) -> list[str]:
    """What a seller who wrote a bad group probably meant, as text they can write."""
    parts = re.split(r"[.,]", t)
    readings: list[Decimal] = []
    bad = [i for i, p in enumerate(parts[1:], 1) if len(p) != 3]
    if len(bad) == 1 and parts[0]:  # one group typed short or long: "150.00", "150.0000"
        g = parts[bad[0]]
        if len(g) < 3 or set(g[3:]) == {"0"}:
            fixed = parts[:bad[0]] + [(g + "000")[:3]] + parts[bad[0] + 1:]
            readings.append(Decimal("".join(fixed)))
    *groups, last = parts  # the last separator as a decimal point: "150.00" is 150
    if parts[0] and all(len(p) == 3 for p in groups[1:]) and last:
        value = Decimal("".join(groups) + "." + last)
        if value == value.quantize(Decimal(1).scaleb(-places)):
            readings.append(value)
    out = []
    for value in readings:
        text = _written(value, currency)
        if value > 0 and text not in out:
            out.append(text)
    return out


def _written(amount: Decimal, currency: str) -> str:
    """An amount as a seller can write it back: ``Rp 150.000`` for Rupiah, else plain digits."""
    if currency == "IDR":
        return format_money(amount, currency, "id")
    return str(amount.normalize()) if amount != amount.to_integral_value() else str(int(amount))


def _bad_group(t: str, places: int, currency: str) -> _Unreadable:
    options = _suggest(t, places, currency)
    if len(options) >= 2:
        return _Unreadable("price.bad_group_two", first=options[0], second=options[1])
    if options:
        return _Unreadable("price.bad_group_one", first=options[0])
    return _Unreadable("price.bad_group", hint=_hint(currency))


def _read_number(t: str, places: int, currency: str) -> Decimal:
    """The number in ``t`` (digits, dots and commas) by the rules in this module's docstring."""
    whole = places == 0
    seps = [c for c in t if c in ".,"]
    if not seps:
        return Decimal(t)
    if not t[0].isdigit():  # ".50", ",-5"
        raise _Unreadable("price.not_a_price", hint=_hint(currency))
    if len(set(seps)) == 2:  # "1.250,00" and "1,250.00": the last one marks decimals
        dec = seps[-1]
        head, _, tail = t.rpartition(dec)
        grp = "," if dec == "." else "."
        digits = _grouped(head, grp) if dec not in head else None
        if digits is None or not tail:
            raise _bad_group(t, places, currency)
        return _decimals(t, digits, tail, places, currency)
    sep = seps[0]
    if len(seps) > 1:  # "1.250.000": every separator groups thousands
        digits = _grouped(t, sep)
        if digits is None:
            raise _bad_group(t, places, currency)
        return Decimal(digits)
    head, _, tail = t.partition(sep)
    if not head or not tail:
        raise _bad_group(t, places, currency)
    if len(tail) == 3:
        if places >= 3:
            small = _written(Decimal(head + "." + tail), currency)
            raise _Unreadable("price.unclear", first=head + tail, second=small)
        return Decimal(head + tail)
    if whole and (sep == "." or len(tail) > 2):  # "150.00", "150.0000", "150,0000"
        raise _bad_group(t, places, currency)
    return _decimals(t, head, tail, places, currency)


def _decimals(t: str, head: str, tail: str, places: int, currency: str) -> Decimal:
    if places == 0:
        if len(tail) > 2:
            raise _bad_group(t, places, currency)
        if tail.strip("0"):
            raise _Unreadable("price.whole", currency=currency, hint=_hint(currency))
        return Decimal(head)
    if len(tail) > places:
        raise _Unreadable("price.too_many_decimals", places=places, hint=_hint(currency))
    return Decimal(head + "." + tail)


def _read_text(text: str, currency: str) -> Decimal:
    if not text.strip():
        raise _Unreadable("price.empty", hint=_hint(currency))
    places = decimals(currency)
    t, mult, word = _strip_words(text, currency)
    _check_words(t, currency)
    if mult != 1:
        if not re.fullmatch(r"[0-9]+([.,][0-9]{1,2})?", t):
            raise _Unreadable("price.multiplier", word=word)
        return Decimal(t.replace(",", ".")) * mult
    return _read_number(t, places, currency)


def _read_number_value(value: int | float | Decimal, currency: str) -> Decimal:
    """A number from Python rather than text: nothing to read but its value."""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise _Unreadable("price.not_a_price", hint=_hint(currency)) from None
    if not amount.is_finite():
        raise _Unreadable("price.not_a_price", hint=_hint(currency))
    places = decimals(currency)
    if amount > 0 and amount != amount.quantize(Decimal(1).scaleb(-places)):
        if places == 0:
            raise _Unreadable("price.whole", currency=currency, hint=_hint(currency))
        raise _Unreadable("price.too_many_decimals", places=places, hint=_hint(currency))
    return amount


def _read(value: object, currency: str, raw: tuple[str, str] | None) -> Decimal:
    if value is None:
        raise _Unreadable("price.empty", hint=_hint(currency))
    if isinstance(value, bool):
        raise _Unreadable("price.not_a_price", hint=_hint(currency))
    if isinstance(value, (list, dict, tuple, set)):
        raise _Unreadable("price.not_one", hint=_hint(currency))
    if raw and not isinstance(value, str):
        return _read_text(raw[0], currency)  # the YAML as written: "150.000", "0150000", "1:30"
    if isinstance(value, (int, float, Decimal)):
        return _read_number_value(value, currency)
    return _read_text(str(value), currency)


def parse_price(value: object, currency: str, raw: tuple[str, str] | None = None) -> Decimal:
    """Turn what a seller wrote (``150000``, ``"Rp 150.000"``, ``"150rb"``, ``"12,50"``) into an amount.

    ``raw`` is the YAML scalar as written with its resolved tag (``Doc.raw_scalar``), so an unquoted
    number is read from its text: ``price: 150.000`` is one hundred fifty thousand Rupiah.
    Raises :class:`PriceError` with a message in the store's language; the rules are in this
    module's docstring.
    """
    shown = _shown((raw[0] if raw and not isinstance(value, str) else str(value)).strip())
    try:
        amount = _read(value, currency, raw)
        if amount <= 0:
            raise _Unreadable("price.not_positive")
        return amount.quantize(Decimal(1).scaleb(-decimals(currency)))
    except _Unreadable as exc:
        raise PriceError(msg(exc.key, value=shown, **exc.params)) from None
    except InvalidOperation:  # more digits than any price has
        raise PriceError(msg("price.not_a_price", value=shown, hint=_hint(currency))) from None


def price_warning(amount: Decimal, currency: str) -> Msg | None:
    """A warning for a valid price that was probably mistyped (Rp 75 meant Rp 75.000), else None."""
    low = _LOW.get(currency)
    if low is None or amount >= low:
        return None
    meant = amount * 1000
    return msg("price.low", amount=format_money(amount, currency, "id"), meant=format_money(meant, currency, "id"),
               write=str(int(meant)), short=f"{int(amount)}rb")


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
