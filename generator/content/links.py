"""WhatsApp numbers and order links, marketplace buttons and link checks: pure functions."""

from __future__ import annotations

import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

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


def normalise_whatsapp(number: object, region: str = "ID") -> str:
    """Turn "0812-3456-7890" or "+62 812 3456 7890" into E.164 ("+6281234567890")."""
    import phonenumbers

    text = str(number).strip() if number is not None else ""
    hint = 'write it as you would dial it, such as "0812-3456-7890" or "+62 812 3456 7890", in quotes'
    try:
        parsed = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        raise LinkError(f'"{text}" is not a phone number; {hint}') from None
    if not phonenumbers.is_valid_number(parsed):
        raise LinkError(f'"{text}" is not a valid phone number for WhatsApp; {hint}')
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_template(template: str) -> None:
    """Refuse a message template with an unknown ``{name}`` or a stray brace."""
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        raise LinkError(
            "a '{' or '}' is not closed; use {store}, {product}, {variant}, {price} and {url}, "
            "and write {{ or }} for a brace itself"
        ) from None
    unknown = sorted({n for n in names if n not in TEMPLATE_FIELDS})
    if unknown:
        raise LinkError(
            f"unknown placeholder {{{unknown[0]}}}; you can use {{store}}, {{product}}, {{variant}}, {{price}} and {{url}}"
        )


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
        raise LinkError("this must be a link that starts with https://")
    u = url.strip()
    parts = urlsplit(u)
    if parts.scheme.lower() != "https" or not parts.hostname or any(c in u for c in " \n\t<>\"'"):
        raise LinkError(f'"{u}" is not allowed: only complete links that start with https:// can be used')
    return u


@dataclass(frozen=True)
class Button:
    """One brand-labelled link button (a marketplace or a social link)."""

    key: str
    label: str
    url: str
    colour: str = "#444444"


def marketplace_buttons(value: object) -> tuple[list[Button], list[tuple[object, str]]]:
    """Read a ``marketplaces`` value: returns the buttons and (key path, message) for each problem."""
    buttons: list[Button] = []
    problems: list[tuple[object, str]] = []
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
        return buttons, [(None, "write the marketplaces as lines such as 'shopee: https://shopee.co.id/...'")]
    for path, key, entry in items:
        key_s = str(key).lower() if key is not None else None
        label, colour = MARKETPLACES.get(key_s, (str(key) if key is not None else "", "#444444"))
        url = entry
        if isinstance(entry, dict):
            label = str(entry.get("label") or label)
            url = entry.get("url")
        if not label:
            problems.append((path, "give this link a label, such as 'label: Toko saya di Shopee'"))
            continue
        if key_s is not None and key_s not in MARKETPLACES and not isinstance(entry, dict):
            known = ", ".join(MARKETPLACES)
            problems.append((path, f"'{key}' is not a marketplace Lapak knows ({known}); "
                                   f"for another shop write '{key}: {{label: {str(key).title()}, url: \"https://...\"}}'"))
            continue
        try:
            buttons.append(Button(key_s or "other", label, check_https(url), colour))
        except LinkError as exc:
            problems.append((path, str(exc)))
    return buttons, problems


UTM_KEYS = ("source", "medium", "campaign", "term", "content")


def check_utm(value: object) -> tuple[tuple[tuple[str, str], ...], list[tuple[str | None, str]]]:
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
        return (), [(None, "write utm as lines such as 'source: lapak' indented under it")]
    pairs, problems = [], []
    for key, val in value.items():
        if key not in UTM_KEYS:
            problems.append((str(key), f"'{key}' is not a UTM tag; use {', '.join(UTM_KEYS)}"))
            continue
        text = str(val).strip() if val is not None and not isinstance(val, (dict, list, bool)) else ""
        if not re.fullmatch(r"[A-Za-z0-9._-]{1,60}", text):
            problems.append((str(key), f'"{val}" cannot be a UTM tag; use letters, digits, ".", "-" or "_" '
                                       "(no spaces), such as lapak or bio-tiktok"))
            continue
        pairs.append((f"utm_{key}", text))
    if not problems and "source" not in value:
        problems.append((None, "utm needs a 'source', such as 'source: lapak'"))
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
