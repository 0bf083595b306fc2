"""Checkout settings and sales: store.yml's payment, delivery, free delivery, minimum order, stock alert
and vouchers, and the ``sale`` of products and variants. Every problem is collected with its file,
line and field, in the store's language; amounts are read by :mod:`generator.content.money`.

Nothing here knows today's date: a sale is a window (:class:`generator.content.model.Sale`), and
the pipeline asks :func:`date_warnings` and :func:`boundaries` with the day it builds on.
"""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

from generator.content.model import PAYMENT_TYPES, Checkout, Delivery, Payment, Product, Sale, Store, Voucher
from generator.content.money import PriceError, format_money, parse_price, price_warning
from generator.content.sources import IMAGE_EXTENSIONS, check_inside
from generator.content.yamlread import Doc, as_date, field_name, suggest_key
from generator.errors import Collector, Problem
from generator.messages import Msg, define, msg

KEYS = {
    "payment": "ways to pay: bank, ewallet, qris, cod, other",
    "delivery": "ways to get the order, each with its fee",
    "free_delivery_over": "free delivery from this order total",
    "min_order": "the smallest order total",
    "low_stock": "show 'Sisa 3' at or under this stock (5 by default)",
    "vouchers": "voucher codes the cart accepts",
}
# Other names sellers give these settings, squashed to lower-case letters and digits, for "did you mean".
NICKNAMES = {
    "pembayaran": "payment", "bayar": "payment", "payments": "payment", "carabayar": "payment",
    "pengiriman": "delivery", "kirim": "delivery", "kurir": "delivery", "ongkir": "delivery", "shipping": "delivery",
    "gratisongkir": "free_delivery_over", "freeshipping": "free_delivery_over", "freedelivery": "free_delivery_over",
    "minimal": "min_order", "minimalbelanja": "min_order", "minimalorder": "min_order", "minorder": "min_order",
    "minimumorder": "min_order", "stokmenipis": "low_stock", "stoksedikit": "low_stock", "voucher": "vouchers",
    "kodevoucher": "vouchers", "kupon": "vouchers", "promo": "vouchers",
}
PAYMENT_FIELDS = ("type", "name", "account", "holder", "note", "image")
DELIVERY_FIELDS = ("name", "fee", "note")
VOUCHER_FIELDS = ("code", "percent", "amount", "min_order", "until")
SALE_FIELDS = ("price", "from", "until")
TYPE_NICKNAMES = {
    "transfer": "bank", "transferbank": "bank", "rekening": "bank", "banktransfer": "bank",
    "wallet": "ewallet", "dompetdigital": "ewallet", "gopay": "ewallet", "ovo": "ewallet", "dana": "ewallet",
    "shopeepay": "ewallet", "linkaja": "ewallet", "bayarditempat": "cod", "cashondelivery": "cod",
    "lainnya": "other", "lain": "other",
}
FEE_IN_CHAT = ("ongkir", "chat", "cek ongkir", "tanya", "ask")  # the fee is worked out in the chat
FEE_FREE = ("0", "gratis", "free")
WARN_DAYS = 7  # a sale that starts or ends this soon gets a warning to build again

define({
    "checkout.payment_list": (
        "tulis 'payment' sebagai daftar: setiap cara bayar diawali '- type: ...', misalnya '- type: bank' "
        "dengan 'name: BCA' dan 'account: \"1234567890\"' di bawahnya",
        "write 'payment' as a list: each way to pay starts with '- type: ...', such as '- type: bank' "
        "with 'name: BCA' and 'account: \"1234567890\"' under it"),
    "checkout.delivery_list": (
        "tulis 'delivery' sebagai daftar: setiap pilihan diawali '- name: ...', misalnya '- name: Ambil sendiri' "
        "dengan 'fee: 0' di bawahnya",
        "write 'delivery' as a list: each choice starts with '- name: ...', such as '- name: Ambil sendiri' "
        "with 'fee: 0' under it"),
    "checkout.vouchers_list": (
        "tulis 'vouchers' sebagai daftar: setiap voucher diawali '- code: ...', misalnya '- code: HEMAT10' "
        "dengan 'percent: 10' di bawahnya",
        "write 'vouchers' as a list: each voucher starts with '- code: ...', such as '- code: HEMAT10' "
        "with 'percent: 10' under it"),
    "checkout.one_line": ("tulis ini sebagai satu baris teks", "write this as one line of text"),
    "checkout.unknown_field": ("isian tidak dikenal, diabaikan. Yang dikenal di sini: {known}",
                               "unknown field, ignored. The ones known here: {known}"),
    "checkout.unknown_field_near": ("isian tidak dikenal, diabaikan. Maksud Anda '{suggestion}'?",
                                    "unknown field, ignored. Did you mean '{suggestion}'?"),
    "checkout.type_missing": (
        "cara bayar ini belum punya 'type'. Tulis salah satu: {types}",
        "this way to pay has no 'type'. Write one of: {types}"),
    "checkout.type_unknown": (
        '"{value}" bukan jenis pembayaran yang dikenal Lapak. Tulis salah satu: {types}',
        '"{value}" is not a kind of payment Lapak knows. Write one of: {types}'),
    "checkout.type_near": (
        '"{value}" bukan jenis pembayaran yang dikenal Lapak. Maksud Anda \'{suggestion}\'? Yang dikenal: {types}',
        '"{value}" is not a kind of payment Lapak knows. Did you mean \'{suggestion}\'? The known ones: {types}'),
    "checkout.needs_name": (
        "cara bayar '{type}' perlu 'name', misalnya 'name: {example}', supaya pembeli tahu ke mana membayar",
        "a '{type}' payment needs a 'name', such as 'name: {example}', so buyers know where to pay"),
    "checkout.needs_account": (
        "cara bayar '{type}' perlu 'account': nomor rekening atau nomor HP-nya, dalam tanda kutip, misalnya "
        "'account: \"1234567890\"'",
        "a '{type}' payment needs an 'account': the account or phone number, in quotes, such as "
        "'account: \"1234567890\"'"),
    "checkout.qris_image": (
        "QRIS perlu gambar kodenya: simpan gambar QRIS Anda di samping store.yml, lalu tulis 'image: qris.png' "
        "di bawah '- type: qris'",
        "QRIS needs the picture of its code: save your QRIS image next to store.yml, then write "
        "'image: qris.png' under '- type: qris'"),
    "checkout.image_missing": (
        "gambar '{name}' tidak ditemukan di samping store.yml. Periksa nama filenya (termasuk huruf besar-kecil "
        "dan akhirannya), atau simpan gambarnya di folder toko",
        "the image '{name}' was not found next to store.yml. Check the file's name (capitals and ending too), "
        "or save the image in the store folder"),
    "checkout.image_kind": (
        "'{name}' bukan gambar yang bisa dipakai Lapak (JPEG, PNG, WebP, AVIF, HEIC atau GIF)",
        "'{name}' is not an image Lapak can use (JPEG, PNG, WebP, AVIF, HEIC or GIF)"),
    "checkout.image_unused": (
        "hanya cara bayar QRIS yang memakai 'image'; gambar ini diabaikan",
        "only a QRIS payment uses 'image'; this image is ignored"),
    "checkout.delivery_name": (
        "setiap pilihan pengiriman perlu 'name', misalnya '- name: Ambil sendiri'",
        "each way of delivery needs a 'name', such as '- name: Ambil sendiri'"),
    "checkout.fee_bad": (
        "{problem}. Ongkir yang dihitung di chat ditulis 'fee: ongkir'; yang gratis 'fee: 0'",
        "{problem}. A fee worked out in the chat is written 'fee: ongkir'; a free one 'fee: 0'"),
    "checkout.low_stock": (
        '"{value}" bukan jumlah stok. Tulis angka bulat seperti 5: "Sisa 3" tampil kalau stok sebanyak itu '
        "atau kurang (0 mematikannya)",
        '"{value}" is not a stock count. Write a whole number such as 5: "Sisa 3" ("3 left") shows at or '
        "under that stock (0 turns it off)"),
    "checkout.voucher_code": (
        "setiap voucher perlu 'code', misalnya '- code: HEMAT10'",
        "each voucher needs a 'code', such as '- code: HEMAT10'"),
    "checkout.voucher_chars": (
        '"{value}" tidak bisa jadi kode voucher: pakai huruf, angka, - atau _ saja, tanpa spasi, paling '
        "banyak 30, misalnya HEMAT10",
        '"{value}" cannot be a voucher code: use letters, digits, - or _ only, no spaces, at most 30, '
        "such as HEMAT10"),
    "checkout.voucher_twice": (
        "kode voucher '{code}' sudah ada di baris {line} (huruf besar dan kecil dianggap sama). Beri kode lain",
        "the voucher code '{code}' is already on line {line} (capitals and small letters count the same). "
        "Give it another code"),
    "checkout.voucher_both": (
        "voucher ini punya 'percent' dan 'amount' sekaligus. Pilih salah satu: 'percent: 10' untuk diskon 10%, "
        "atau 'amount: \"Rp 10.000\"' untuk potongan tetap",
        "this voucher has both 'percent' and 'amount'. Keep one: 'percent: 10' for 10% off, or "
        "'amount: \"Rp 10.000\"' for a fixed amount off"),
    "checkout.voucher_neither": (
        "voucher ini belum punya besar potongannya. Tulis 'percent: 10' untuk diskon 10%, atau "
        "'amount: \"Rp 10.000\"' untuk potongan tetap",
        "this voucher does not say how much it takes off. Write 'percent: 10' for 10% off, or "
        "'amount: \"Rp 10.000\"' for a fixed amount off"),
    "checkout.percent": (
        '"{value}" bukan persen diskon. Tulis angka bulat dari 1 sampai 100 tanpa tanda %, misalnya percent: 10',
        '"{value}" is not a discount percentage. Write a whole number from 1 to 100 without the % sign, such '
        "as percent: 10"),
    "checkout.date": (
        '"{value}" bukan tanggal. Tulis tahun-bulan-tanggal, misalnya 2026-12-31',
        '"{value}" is not a date. Write it as year-month-day, such as 2026-12-31'),
    "checkout.voucher_ended": (
        "voucher {code} sudah berakhir pada {day}, jadi tidak ditampilkan dan tidak bisa dipakai. Hapus dari "
        "store.yml, atau ubah 'until'",
        "the voucher {code} ended on {day}, so it is not shown and cannot be used. Remove it from store.yml, "
        "or change 'until'"),
    "stock.bad": (
        '"{value}" bukan jumlah stok; tulis angka bulat seperti 12 (0 berarti habis)',
        '"{value}" is not a stock count; write a whole number such as 12 (0 means sold out)'),
    "sale.not_map": (
        "tulis 'sale' dengan harga dan tanggalnya, misalnya 'sale: {{price: \"Rp 99.000\", from: 2026-12-01, "
        "until: 2026-12-12}}'",
        "write 'sale' with its price and days, such as 'sale: {{price: \"Rp 99.000\", from: 2026-12-01, "
        "until: 2026-12-12}}'"),
    "sale.no_price": (
        "promo ini belum punya harga: tambahkan 'price', misalnya 'sale: {{price: \"Rp 99.000\", until: "
        "2026-12-12}}'",
        "this sale has no price: add 'price', such as 'sale: {{price: \"Rp 99.000\", until: 2026-12-12}}'"),
    "sale.order": (
        "promo ini mulai ({start}) setelah berakhir ({end}). 'from' adalah hari pertama promo dan 'until' hari "
        "terakhirnya: tukar atau perbaiki tanggalnya",
        "this sale starts ({start}) after it ends ({end}). 'from' is the sale's first day and 'until' its last: "
        "swap or correct the dates"),
    "sale.not_lower": (
        "harga promo {sale} tidak lebih murah dari harga biasa {price}, jadi promo ini tidak ditampilkan",
        "the sale price {sale} is not lower than the usual price {price}, so this sale is not shown"),
    "sale.ended": (
        "promo {product} sudah berakhir pada {day}, jadi harga biasa yang tampil. Hapus 'sale' kalau tidak "
        "dipakai lagi",
        "the sale of {product} ended on {day}, so the usual price is shown. Remove 'sale' when you no longer "
        "need it"),
    "sale.starts_soon": (
        "promo {product} mulai {day}: build lagi pada {day} supaya harga promonya tampil di situs (di browser "
        "pembeli harganya sudah berganti sendiri, tetapi mesin pencari dan pratinjau tautan membaca halaman "
        "hasil build)",
        "the sale of {product} starts on {day}: build again on {day} so the site shows the sale price (buyers' "
        "browsers switch by themselves, but search engines and link previews read the built page)"),
    "sale.ends_soon": (
        "promo {product} berakhir setelah {last}: build lagi pada {day} supaya harga promonya hilang dari "
        "situs (di browser pembeli harganya sudah berganti sendiri, tetapi mesin pencari dan pratinjau tautan "
        "membaca halaman hasil build)",
        "the sale of {product} ends after {last}: build again on {day} so the sale ends on the site (buyers' "
        "browsers switch by themselves, but search engines and link previews read the built page)"),
})


# --------------------------------------------------------------------------- reading one YAML document


class Fields:
    """Typed reading of one YAML document (store.yml, a product's front matter): every bad value is a
    problem at its file, line and field, and the caller gets a default instead."""

    def __init__(self, file: str, doc: Doc, out: Collector, currency: str):
        self.file, self.doc, self.out, self.currency = file, doc, out, currency

    def get(self, *path: object) -> object:
        value = self.doc.data
        for p in path:
            if isinstance(value, dict):
                value = value.get(p)
            elif isinstance(value, list) and isinstance(p, int) and p < len(value):
                value = value[p]
            else:
                return None
        return value

    def error(self, message: str | Msg, *path: object) -> None:
        self.out.error(self.file, message, field_name(path), self.doc.line(*path))

    def warn(self, message: str | Msg, *path: object) -> None:
        self.out.warn(self.file, message, field_name(path), self.doc.line(*path))

    def text(self, *path: object) -> str:
        """One line of text, as written (``account: 0123`` stays 0123), spaces and line ends squeezed."""
        value = self.get(*path)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.error(msg("checkout.one_line"), *path)
            return ""
        raw = self.doc.raw_scalar(*path)
        written = raw[0] if raw and not isinstance(value, str) else str(value)
        return " ".join(_printable(written).split())

    def money(self, *path: object) -> Decimal | None:
        """An amount, read the way prices are (``"Rp 15.000"``, ``150rb``, ``150000``)."""
        value = self.get(*path)
        if value is None:
            return None
        try:
            amount = parse_price(value, self.currency, self.doc.raw_scalar(*path))
        except PriceError as exc:
            self.error(exc.msg, *path)
            return None
        warning = price_warning(amount, self.currency)
        if warning is not None:
            self.warn(warning, *path)
        return amount

    def date(self, *path: object) -> str:
        """A day as ISO text (``2026-12-31``), or "" when missing or wrong (a problem is recorded)."""
        value = self.get(*path)
        if value is None or value == "":
            return ""
        day = as_date(value)
        if day is None:
            self.error(msg("checkout.date", value=_shown(value)), *path)
            return ""
        return day.isoformat()

    def unknown(self, known: tuple[str, ...], *path: object) -> None:
        """Warn about each key of the mapping at ``path`` that is not in ``known``."""
        value = self.get(*path)
        for key in value if isinstance(value, dict) else ():
            if key in known:
                continue
            suggestion = suggest_key(key, known)
            self.warn(msg("checkout.unknown_field_near", suggestion=suggestion) if suggestion
                      else msg("checkout.unknown_field", known=", ".join(known)), *path, key)


def _printable(text: str) -> str:
    """``text`` without control characters (a tab or line end becomes a space)."""
    return "".join(" " if ch in "\t\r\n" else ch for ch in text if ch in "\t\r\n" or ch.isprintable())


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _items(f: Fields, key: str) -> list[int]:
    """The indexes of the mappings listed under ``key`` (an unusable list or item is a problem)."""
    value = f.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        f.error(msg(f"checkout.{key}_list"), key)
        return []
    found = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            found.append(i)
        else:
            f.error(msg(f"checkout.{key}_list"), key, i)
    return found


# --------------------------------------------------------------------------- store.yml


def load_checkout(doc: Doc, root: Path, currency: str, out: Collector, file: str = "store.yml") -> Checkout:
    """store.yml's checkout settings, checked; every problem goes to ``out`` and its value is left out."""
    f = Fields(file, doc, out, currency)
    low = f.get("low_stock")
    low_stock = 5
    if low is not None:
        if isinstance(low, bool) or not isinstance(low, int) or low < 0:
            f.error(msg("checkout.low_stock", value=_shown(low)), "low_stock")
        else:
            low_stock = low
    return Checkout(
        payment=tuple(p for i in _items(f, "payment") if (p := _payment(f, root, i)) is not None),
        delivery=tuple(d for i in _items(f, "delivery") if (d := _delivery(f, i)) is not None),
        free_delivery_over=f.money("free_delivery_over"),
        min_order=f.money("min_order"),
        low_stock=low_stock,
        vouchers=_vouchers(f),
    )


def _payment(f: Fields, root: Path, i: int) -> Payment | None:
    f.unknown(PAYMENT_FIELDS, "payment", i)
    kind = f.text("payment", i, "type").lower()
    types = ", ".join(PAYMENT_TYPES)
    if not kind:
        f.error(msg("checkout.type_missing", types=types), "payment", i)
        return None
    if kind not in PAYMENT_TYPES:
        suggestion = suggest_key(kind, PAYMENT_TYPES, TYPE_NICKNAMES)
        f.error(msg("checkout.type_near", value=kind, suggestion=suggestion, types=types) if suggestion
                else msg("checkout.type_unknown", value=_shown(kind), types=types), "payment", i, "type")
        return None
    name, account = f.text("payment", i, "name"), f.text("payment", i, "account")
    ok = True
    if kind in ("bank", "ewallet"):
        example = "BCA" if kind == "bank" else "GoPay"
        if not name:
            f.error(msg("checkout.needs_name", type=kind, example=example), "payment", i)
            ok = False
        if not account:
            f.error(msg("checkout.needs_account", type=kind), "payment", i)
            ok = False
    image = ""
    if kind == "qris":
        image = _image(f, root, i)
        ok = ok and bool(image)
    elif f.get("payment", i, "image") is not None:
        f.warn(msg("checkout.image_unused"), "payment", i, "image")
    if not ok:
        return None
    return Payment(kind, name, account, f.text("payment", i, "holder"), f.text("payment", i, "note"), image)


def _image(f: Fields, root: Path, i: int) -> str:
    """The QRIS image's name relative to the store folder, or "" with a problem recorded."""
    written = f.text("payment", i, "image")
    if not written:
        f.error(msg("checkout.qris_image"), "payment", i)
        return ""
    path = Path(os.path.normpath(root / written))
    if not check_inside(root, path, f.out, f.file, field_name(("payment", i, "image")),
                        f.doc.line("payment", i, "image"), written):
        return ""
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        f.error(msg("checkout.image_kind", name=written), "payment", i, "image")
        return ""
    if not path.is_file():
        f.error(msg("checkout.image_missing", name=written), "payment", i, "image")
        return ""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # inside only through a link: name the file it stands for
        return path.resolve().relative_to(root.resolve()).as_posix()


def _delivery(f: Fields, i: int) -> Delivery | None:
    f.unknown(DELIVERY_FIELDS, "delivery", i)
    name = f.text("delivery", i, "name")
    if not name:
        f.error(msg("checkout.delivery_name"), "delivery", i)
        return None
    return Delivery(name, _fee(f, i), f.text("delivery", i, "note"))


def _fee(f: Fields, i: int) -> Decimal | None:
    """0 for free, None for a fee worked out in the chat (``ongkir``, or no fee written), else the amount."""
    value = f.get("delivery", i, "fee")
    if value is None:
        return None
    written = f.text("delivery", i, "fee").lower()
    if written in FEE_IN_CHAT or (not re.search(r"\d", written) and re.search(r"ongkir|chat", written)):
        return None
    if not isinstance(value, bool) and (written in FEE_FREE or re.fullmatch(r"(rp\.?\s*)?0+([.,]0+)?", written)):
        return Decimal(0)
    try:
        return parse_price(value, f.currency, f.doc.raw_scalar("delivery", i, "fee"))
    except PriceError as exc:
        f.error(msg("checkout.fee_bad", problem=exc.msg), "delivery", i, "fee")
        return None


def _vouchers(f: Fields) -> tuple[Voucher, ...]:
    found: list[Voucher] = []
    seen: dict[str, int | None] = {}
    for i in _items(f, "vouchers"):
        f.unknown(VOUCHER_FIELDS, "vouchers", i)
        code = f.text("vouchers", i, "code")
        if not code:
            f.error(msg("checkout.voucher_code"), "vouchers", i)
            continue
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,30}", code):
            f.error(msg("checkout.voucher_chars", value=_shown(code)), "vouchers", i, "code")
            continue
        if code.upper() in seen:
            f.error(msg("checkout.voucher_twice", code=code, line=seen[code.upper()] or "?"), "vouchers", i, "code")
            continue
        seen[code.upper()] = f.doc.line("vouchers", i, "code")
        has_percent = f.get("vouchers", i, "percent") is not None
        has_amount = f.get("vouchers", i, "amount") is not None
        if has_percent and has_amount:
            f.error(msg("checkout.voucher_both"), "vouchers", i)
            continue
        if not (has_percent or has_amount):
            f.error(msg("checkout.voucher_neither"), "vouchers", i)
            continue
        percent = _percent(f, i) if has_percent else None
        amount = f.money("vouchers", i, "amount") if has_amount else None
        min_order = f.money("vouchers", i, "min_order")
        until = f.date("vouchers", i, "until")
        if percent is None and amount is None:
            continue
        found.append(Voucher(code, percent, amount, min_order, until))
    return tuple(found)


def _percent(f: Fields, i: int) -> int | None:
    value = f.get("vouchers", i, "percent")
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*%?\s*", value):
        value = int(value.strip().rstrip("%"))
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        f.error(msg("checkout.percent", value=_shown(f.text("vouchers", i, "percent"))), "vouchers", i, "percent")
        return None
    return value


# --------------------------------------------------------------------------- sales and stock of products


def read_sale(f: Fields, price: Decimal | None, *path: object) -> Sale | None:
    """The ``sale`` at ``path`` of a product's front matter (``("sale",)``, ``("variants", 2, "sale")``).

    ``price`` is the usual price it must be lower than (None when it could not be read).
    """
    value = f.get(*path)
    if value is None:
        return None
    if not isinstance(value, dict):
        f.error(msg("sale.not_map"), *path)
        return None
    f.unknown(SALE_FIELDS, *path)
    if value.get("price") is None:
        f.error(msg("sale.no_price"), *path)
        return None
    amount = f.money(*path, "price")
    start, end = f.date(*path, "from"), f.date(*path, "until")
    if start and end and start > end:
        f.error(msg("sale.order", start=start, end=end), *path, "from")
        return None
    if amount is None:
        return None
    if price is not None and amount >= price:
        f.warn(msg("sale.not_lower", sale=format_money(amount, f.currency, "id"),
                   price=format_money(price, f.currency, "id")), *path, "price")
        return None
    return Sale(amount, start, end)


def read_stock(f: Fields, *path: object) -> tuple[int | None, bool]:
    """``stock: N`` at ``path``: the count (None when not given or wrong) and whether it says sold out."""
    value = f.get(*path)
    if value is None:
        return None, False
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        f.error(msg("stock.bad", value=_shown(value)), *path)
        return None, False
    return value, value == 0


# --------------------------------------------------------------------------- the day a build runs on


def _next_day(day: str) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def _sales(products: list[Product]):
    """Every sale written in the products: (product, field, what it is called, sale), a variant's only
    when it has its own."""
    for p in products:
        if p.sale is not None:
            yield p, "sale", p.title, p.sale
        for i, v in enumerate(p.variants):
            if v.sale is not None and v.sale != p.sale:
                yield p, f"variants[{i + 1}].sale", f"{p.title} ({v.name})", v.sale


def boundaries(store: Store, products: list[Product]) -> list[str]:
    """The days on which the built site changes by itself: sales starting, and the day after a sale
    or a voucher ends. A build made before one of them is out of date from that day on."""
    days = set()
    for _, _, _, sale in _sales(products):
        if sale.start:
            days.add(sale.start)
        if sale.end:
            days.add(_next_day(sale.end))
    days.update(_next_day(v.until) for v in store.checkout.vouchers if v.until)
    return sorted(days)


def human_date(day: str, language: str) -> str:
    """``2026-12-12`` as ``12 Desember 2026`` (or ``12 December 2026``)."""
    from babel.dates import format_date

    return format_date(datetime.date.fromisoformat(day), "d MMMM y", locale="id_ID" if language == "id" else "en")


MONTHS = (("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"),
          ("Mei", "May"), ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"), ("September", "September"),
          ("Oktober", "October"), ("November", "November"), ("Desember", "December"))
define({f"date.month.{i + 1}": names for i, names in enumerate(MONTHS)})
define({"date.day": ("{day} {month} {year}", "{day} {month} {year}")})


def day_msg(day: str) -> Msg:
    """``2026-12-12`` as a message: ``12 Desember 2026`` or ``12 December 2026``, in the language it is shown in."""
    d = datetime.date.fromisoformat(day)
    return msg("date.day", day=d.day, month=msg(f"date.month.{d.month}"), year=d.year)


def date_warnings(store: Store, products: list[Product], today: str) -> list[Problem]:
    """What a build on ``today`` tells the seller: sales that start or end within a week (so the seller
    builds again that day), sales and vouchers that have ended."""
    human = day_msg
    soon = (datetime.date.fromisoformat(today) + datetime.timedelta(days=WARN_DAYS)).isoformat()
    found = []
    for p, field, name, sale in _sales(products):
        phase = sale.phase(today)
        if phase == "after":
            found.append(Problem(p.source, msg("sale.ended", product=name, day=human(sale.end)), field))
        elif phase == "before" and sale.start <= soon:
            found.append(Problem(p.source, msg("sale.starts_soon", product=name, day=human(sale.start)),
                                 field))
        elif phase == "open" and sale.end and _next_day(sale.end) <= soon:
            found.append(Problem(p.source, msg("sale.ends_soon", product=name, last=human(sale.end),
                                               day=human(_next_day(sale.end))), field))
    for v in store.checkout.vouchers:
        if v.until and v.until < today:
            found.append(Problem("store.yml", msg("checkout.voucher_ended", code=v.code,
                                                  day=human(v.until)), "vouchers"))
    return found


def open_vouchers(store: Store, today: str) -> list[Voucher]:
    """The vouchers that still work on ``today``."""
    return [v for v in store.checkout.vouchers if not v.until or v.until >= today]


def photo_paths(store: Store) -> list[str]:
    """The store's own pictures that go through the photo pipeline: the QRIS images."""
    return [p.image for p in store.checkout.payment if p.image]
