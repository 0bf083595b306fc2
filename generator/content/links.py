"""WhatsApp numbers and order links, marketplace buttons and link checks: pure functions."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from generator.messages import Msg, catalogue, define, msg
from generator.content.yamlread import suggest_key

# Known marketplaces: key -> (label on the button, brand colour used as an accent).
MARKETPLACES: dict[str, tuple[str, str]] = {
    "shopee": ("Shopee", "#ee4d2d"),
    "tokopedia": ("Tokopedia", "#03ac0e"),
    "tiktok": ("TikTok Shop", "#111111"),
    "lazada": ("Lazada", "#0f146d"),
    "blibli": ("Blibli", "#0095da"),
    "bukalapak": ("Bukalapak", "#e31e52"),
}

TEMPLATE_FIELDS = ("store", "product", "variant", "price", "url")

DEFAULT_MESSAGES = {
    "id": "Halo {store}, saya mau pesan:\n*{product}*\nPilihan: {variant}\nHarga: {price}\n{url}",
    "en": "Hello {store}, I would like to order:\n*{product}*\nChoice: {variant}\nPrice: {price}\n{url}",
}


class LinkError(ValueError):
    """A number, link or template that cannot be used; the message says what to do."""

    @property
    def message(self) -> str | Msg:
        """The message as raised: a :class:`Msg` (shown in the store's language) or text."""
        return self.args[0] if self.args else ""


define({
    "whatsapp.hint": ("Tulis seperti saat menelepon, misalnya 0812-3456-7890 atau +62 812 3456 7890.",
                      "Write it as you would dial it, such as 0812-3456-7890 or +62 812 3456 7890."),
    "whatsapp.not_number": ('"{number}" bukan nomor telepon. {hint}', '"{number}" is not a phone number. {hint}'),
    "whatsapp.too_short": ('"{number}" terlalu pendek untuk nomor WhatsApp. {hint}',
                           '"{number}" is too short for a WhatsApp number. {hint}'),
    "whatsapp.too_long": ('"{number}" terlalu panjang untuk nomor WhatsApp. {hint}',
                          '"{number}" is too long for a WhatsApp number. {hint}'),
    "whatsapp.bad_country": ('"{number}" diawali kode negara yang tidak dikenal. {hint}',
                             '"{number}" starts with a country code that does not exist. {hint}'),
    "whatsapp.invalid": ('"{number}" bukan nomor yang valid. {hint}', '"{number}" is not a valid phone number. {hint}'),
    "whatsapp.not_mobile": (
        '"{number}" adalah {kind}, bukan nomor HP, dan pesanan WhatsApp butuh nomor HP. '
        "Tulis nomor HP yang dipakai WhatsApp Anda, misalnya 0812-3456-7890.",
        '"{number}" is {kind}, not a mobile number, and WhatsApp orders need a mobile number. '
        "Write the mobile number your WhatsApp uses, such as 0812-3456-7890."),
    # What a number that cannot be mobile is, in plain words (phonenumbers' number types).
    "whatsapp.kind.fixed_line": ("nomor telepon rumah/kantor", "a landline number (telepon rumah/kantor)"),
    "whatsapp.kind.toll_free": ("nomor bebas pulsa", "a toll-free number"),
    "whatsapp.kind.premium_rate": ("nomor layanan bertarif premium", "a premium-rate service number"),
    "whatsapp.kind.shared_cost": ("nomor layanan bertarif bersama", "a shared-cost service number"),
    "whatsapp.kind.voip": ("nomor telepon internet (VoIP)", "an internet telephone (VoIP) number"),
    "whatsapp.kind.personal_number": ("nomor penerusan panggilan", "a call-forwarding number"),
    "whatsapp.kind.pager": ("nomor pager", "a pager number"),
    "whatsapp.kind.uan": ("nomor layanan perusahaan", "a company service number"),
    "whatsapp.kind.voicemail": ("nomor kotak suara", "a voicemail number"),
    "whatsapp.kind.unknown": ("nomor yang jenisnya tidak dikenal", "a number of an unknown kind"),
})


def normalise_whatsapp(number: object, region: str = "ID") -> str:
    """Turn "0812-3456-7890", "+62 812 3456 7890" or "62812345678" into E.164 ("+6281234567890")."""
    e164, problem = check_whatsapp(number, region)
    if problem is not None:
        raise LinkError(problem)
    return e164


def check_whatsapp(number: object, region: str = "ID") -> tuple[str, Msg | None]:
    """The number in E.164 and None, or "" and why it cannot take WhatsApp orders (in plain words)."""
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

    text = str(number).strip() if number is not None else ""
    hint = msg("whatsapp.hint")
    parsed = _with_country_code(text, region.upper())
    if parsed is None:
        try:
            parsed = phonenumbers.parse(text, region.upper())
        except NumberParseException as exc:
            key = {NumberParseException.INVALID_COUNTRY_CODE: "whatsapp.bad_country",
                   NumberParseException.TOO_SHORT_NSN: "whatsapp.too_short",
                   NumberParseException.TOO_SHORT_AFTER_IDD: "whatsapp.too_short",
                   NumberParseException.TOO_LONG: "whatsapp.too_long"}.get(exc.error_type, "whatsapp.not_number")
            return "", msg(key, number=text, hint=hint)
    if not phonenumbers.is_valid_number(parsed):
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        key = {ValidationResult.TOO_SHORT: "whatsapp.too_short", ValidationResult.TOO_LONG: "whatsapp.too_long",
               ValidationResult.INVALID_COUNTRY_CODE: "whatsapp.bad_country"}.get(reason, "whatsapp.invalid")
        if key == "whatsapp.invalid":  # compare with a mobile number of that country
            example = phonenumbers.example_number_for_type(
                phonenumbers.region_code_for_number(parsed) or region.upper(), PhoneNumberType.MOBILE)
            if example is not None:
                digits, usual = len(str(parsed.national_number)), len(str(example.national_number))
                key = "whatsapp.too_short" if digits < usual else "whatsapp.too_long" if digits > usual + 2 else key
        return "", msg(key, number=text, hint=hint)
    kind = phonenumbers.number_type(parsed)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        name = {v: k for k, v in vars(PhoneNumberType).items() if k.isupper()}.get(kind, "UNKNOWN").lower()
        if f"whatsapp.kind.{name}" not in catalogue():
            name = "unknown"
        return "", msg("whatsapp.not_mobile", number=text, kind=msg(f"whatsapp.kind.{name}"))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None


def _with_country_code(text: str, region: str):
    """``text`` read as an international number without its '+' ("62812345678", "0062 812..."), when
    its digits start with ``region``'s calling code and are a valid number that way; else None."""
    import phonenumbers

    digits = re.sub(r"[\s().-]", "", text)
    code = str(phonenumbers.country_code_for_region(region) or "")
    if not code or not digits.isdigit():
        return None
    if digits.startswith("00" + code):  # the international prefix many countries dial
        digits = digits[2:]
    if not digits.startswith(code):
        return None
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


define({
    "order_message.brace": (
        "ada tanda '{{' atau '}}' yang tidak ditutup; yang bisa dipakai: {{store}}, {{product}}, {{variant}}, "
        "{{price}} dan {{url}}. Untuk menulis tanda kurung kurawal itu sendiri, tulis dua kali: {{{{ atau }}}}",
        "a '{{' or '}}' is not closed; use {{store}}, {{product}}, {{variant}}, {{price}} and {{url}}, "
        "and write {{{{ or }}}} for a brace itself"),
    "order_message.unknown": (
        "Lapak tidak tahu cara mengisi {{{name}}}; yang bisa dipakai: {{store}}, {{product}}, {{variant}}, "
        "{{price}} dan {{url}}",
        "Lapak cannot fill in {{{name}}}; you can use {{store}}, {{product}}, {{variant}}, {{price}} and {{url}}"),
    "link.needs_https": ("isian ini harus berupa tautan yang diawali https://",
                         "this must be a link that starts with https://"),
    "link.not_allowed": ('"{url}" tidak bisa dipakai: hanya tautan lengkap yang diawali https:// yang bisa dipakai',
                         '"{url}" is not allowed: only complete links that start with https:// can be used'),
})


def check_template(template: str) -> None:
    """Refuse a message template with an unknown ``{name}`` or a stray brace."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        raise LinkError(msg("order_message.brace")) from None
    unknown = sorted({n for n in names if n not in TEMPLATE_FIELDS})
    if unknown:
        raise LinkError(msg("order_message.unknown", name=unknown[0]))


def fill_template(template: str, values: dict[str, str]) -> str:
    """Fill a message template; a line whose ``{variant}`` comes out empty is left out."""
    lines = []
    for line in template.split("\n"):
        if "{variant}" in line and not values.get("variant"):
            continue
        lines.append(line.format_map(values))
    return "\n".join(lines)


# Link forms, chosen to open from TikTok's, Instagram's and Facebook's in-app browsers (WebViews):
# - WhatsApp: https://wa.me/<number>?text=..., never whatsapp://send or intent://. A WebView loads
#   only http(s) by itself; a custom scheme works only where the app hosting it hands it to Android
#   or iOS, and where it does not the buyer sees "ERR_UNKNOWN_URL_SCHEME" or nothing at all. wa.me
#   is an ordinary page every WebView can open: WhatsApp claims it as an App Link / Universal Link,
#   so the app opens straight away where the browser passes verified links on (Meta's own browsers
#   in Instagram and Facebook do), and otherwise wa.me shows a "Continue to chat" button (and
#   WhatsApp Web on a computer). api.whatsapp.com/send works the same but is longer.
# - Marketplaces: the plain https product or shop address the seller copied (shopee.co.id/...,
#   tokopedia.com/...), never shopee:// or tokopedia:// schemes or intent:// links: those apps claim
#   their https addresses too, and where a WebView keeps a link inside, the marketplace's web page
#   still works.
# - No target="_blank" anywhere: in-app browsers block or ignore new windows; same-tab links work.
# When a link still does not open, shop.js offers "copy link" and "open in browser" (see there).
def wa_link(e164: str, text: str) -> str:
    """A wa.me link that opens a chat with ``text`` already written (line breaks, & # and emoji kept)."""
    return f"https://wa.me/{e164.lstrip('+')}?text={quote(text, safe='')}"


def wa_chat_link(e164: str) -> str:
    """A wa.me link that opens a chat with no text."""
    return f"https://wa.me/{e164.lstrip('+')}"


def check_https(url: object) -> str:
    """Return ``url`` if it is an https:// link with a host, else raise :class:`LinkError`."""
    if not isinstance(url, str) or not url.strip():
        raise LinkError(msg("link.needs_https"))
    u = url.strip()
    parts = urlsplit(u)
    if parts.scheme.lower() != "https" or not parts.hostname or any(c in u for c in " \n\t<>\"'"):
        raise LinkError(msg("link.not_allowed", url=u))
    return u


@dataclass(frozen=True)
class Button:
    """One brand-labelled link button (a marketplace or a social link)."""

    key: str
    label: str
    url: str
    colour: str = "#444444"


define({
    "market.as_lines": ("tulis marketplaces sebagai baris seperti 'shopee: https://shopee.co.id/...'",
                        "write the marketplaces as lines such as 'shopee: https://shopee.co.id/...'"),
    "market.needs_label": ("beri tautan ini nama tombol, misalnya 'label: Toko saya di Shopee'",
                           "give this link a label, such as 'label: Toko saya di Shopee'"),
})


def marketplace_buttons(value: object) -> tuple[list[Button], list[tuple[object, Msg]]]:
    """Read a ``marketplaces`` value: returns the buttons and (key path, message) for each problem."""
    buttons: list[Button] = []
    problems: list[tuple[object, Msg]] = []
    items: list[tuple[object, object, object]] = []  # (path key, marketplace key, entry)
    if value is None:
        return buttons, problems
    if isinstance(value, dict):
        items = [(k, k, v) for k, v in value.items()]
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, dict) and len(entry) == 1 and "url" not in entry:
                (k, v), = entry.items()
                items.append((i, k, v))
            else:
                items.append((i, None, entry))
    else:
        return buttons, [(None, msg("market.as_lines"))]
    for path, key, entry in items:
        key_s = str(key).lower() if key is not None else None
        label, colour = MARKETPLACES.get(key_s, (str(key) if key is not None else "", "#444444"))
        url = entry
        if isinstance(entry, dict):
            label = str(entry.get("label") or label)
            url = entry.get("url")
        if not label:
            problems.append((path, msg("market.needs_label")))
            continue
        if key_s is not None and key_s not in MARKETPLACES and not isinstance(entry, dict):
            problems.append((path, unknown_marketplace(key)))
            continue
        try:
            buttons.append(Button(key_s or "other", label, check_https(url), colour))
        except LinkError as exc:
            problems.append((path, exc.message))
    return buttons, problems


# What sellers call a marketplace besides its key (squashed: lower case, letters and digits only).
MARKETPLACE_NICKNAMES = {"tokped": "tokopedia", "tiktokshop": "tiktok"}

define({
    "market.unknown": (
        "'{name}' bukan marketplace yang dikenal Lapak ({known}); untuk toko lain tulis "
        "'{name}: {{label: {label}, url: \"https://...\"}}'",
        "'{name}' is not a marketplace Lapak knows ({known}); for another shop write "
        "'{name}: {{label: {label}, url: \"https://...\"}}'"),
    "market.did_you_mean": (
        "'{name}' bukan marketplace yang dikenal Lapak. Maksud Anda '{suggestion}'?",
        "'{name}' is not a marketplace Lapak knows. Did you mean '{suggestion}'?"),
})


def unknown_marketplace(key: object) -> Msg:
    """Why ``key`` is not a marketplace button: a likely typo of a known one, or how to add another shop."""
    suggestion = suggest_key(key, MARKETPLACES, MARKETPLACE_NICKNAMES)
    if suggestion:
        return msg("market.did_you_mean", name=str(key), suggestion=suggestion)
    return msg("market.unknown", name=str(key), known=", ".join(MARKETPLACES), label=str(key).title())


UTM_KEYS = ("source", "medium", "campaign", "term", "content")

define({
    "utm.as_lines": ("tulis utm sebagai baris seperti 'source: lapak' yang menjorok di bawahnya",
                     "write utm as lines such as 'source: lapak' indented under it"),
    "utm.unknown": ("'{name}' bukan tanda UTM; pakai {known}", "'{name}' is not a UTM tag; use {known}"),
    "utm.bad_value": (
        '"{value}" tidak bisa menjadi tanda UTM; pakai huruf, angka, ".", "-" atau "_" (tanpa spasi), '
        "misalnya lapak atau bio-tiktok",
        '"{value}" cannot be a UTM tag; use letters, digits, ".", "-" or "_" (no spaces), such as lapak or bio-tiktok'),
    "utm.needs_source": ("utm butuh 'source', misalnya 'source: lapak'",
                         "utm needs a 'source', such as 'source: lapak'"),
})


def check_utm(value: object) -> tuple[tuple[tuple[str, str], ...], list[tuple[str | None, Msg]]]:
    """Read store.yml's ``utm``: the (utm_name, value) pairs and (key, message) for each problem.

    ``utm: {source: lapak, medium: bio}`` tags every marketplace link with ``utm_source=lapak&utm_medium=bio``,
    so the marketplace's traffic report can tell the visits that came from this store.
    """
    import re

    if value is None or value is False:
        return (), []
    if isinstance(value, str):  # "utm: lapak" is short for "utm: {source: lapak}"
        value = {"source": value}
    if not isinstance(value, dict):
        return (), [(None, msg("utm.as_lines"))]
    pairs, problems = [], []
    for key, val in value.items():
        if key not in UTM_KEYS:
            problems.append((str(key), msg("utm.unknown", name=str(key), known=", ".join(UTM_KEYS))))
            continue
        text = str(val).strip() if val is not None and not isinstance(val, (dict, list, bool)) else ""
        if not re.fullmatch(r"[A-Za-z0-9._-]{1,60}", text):
            problems.append((str(key), msg("utm.bad_value", value=str(val))))
            continue
        pairs.append((f"utm_{key}", text))
    if not problems and "source" not in value:
        problems.append((None, msg("utm.needs_source")))
    pairs.sort(key=lambda kv: UTM_KEYS.index(kv[0][4:]))
    return tuple(pairs), problems


def add_utm(url: str, utm: tuple[tuple[str, str], ...]) -> str:
    """``url`` with the store's UTM tags added; tags the link already has are kept as the seller wrote them."""
    if not utm:
        return url
    from urllib.parse import parse_qsl, urlencode

    parts = urlsplit(url)
    have = {k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    extra = urlencode([(k, v) for k, v in utm if k not in have])
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return parts._replace(query=query).geturl()
