"""Read ``store.yml``: check every key, collect every problem, build a :class:`Store`."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.config_file import CONFIG_NAME, find_config  # noqa: F401
from generator.content import checkout
from generator.content.brand import load_brand
from generator.errors import Collector, ContentError
from generator.content.links import LinkError, check_https, check_template, marketplace_buttons, normalise_whatsapp, Button
from generator.content.links import check_utm
from generator.messages import Msg, define, language_in, msg, set_language
from generator.content.model import DEFAULT_RATIO, Store, read_ratio
from generator.content.sources import IMAGE_EXTENSIONS, check_inside
from generator.content.text import slugify
from generator.content.yamlread import Doc, YamlSyntaxError, load_yaml, normalise_text, suggest_key, warn_cut_values


# Every key store.yml may have, with a one-line description (shown for unknown keys).
KEYS = {
    "name": "the store's name (required)",
    "tagline": "a short line under the name",
    "description": "a sentence or two about the store",
    "whatsapp": "the WhatsApp number orders go to",
    "whatsapp_message": "the order message template",
    "base_url": "the address where the store is published",
    "domain": "your own domain name for GitHub Pages, such as toko.com",
    "language": "id or en",
    "currency": "IDR or another ISO currency code",
    "country": "the country of the WhatsApp number (ID by default)",
    "theme": "a built-in theme's name, or a folder",
    "logo": "an image file for the logo",
    "links": "links to TikTok, Instagram and so on",
    "marketplaces": "the store's shop pages on marketplaces",
    "utm": "UTM tags for marketplace links, such as 'source: lapak'",
    "photos": "photo settings, such as 'avif: false'",
    "photo_ratio": "the shape of the photos on the cards: 1:1, 4:5 or 3:4",
    "cover": "a wide picture at the top of the storefront",
    "address": "the shop's address, shown at the bottom of every page",
    "colors": "the store's colours: accent, background, text",
    "dark_mode": "false keeps the store light when the phone is in dark mode",
    "font": "system, serif or rounded",
    **checkout.KEYS,
    "feeds": "catalogue feeds for Meta, Google and TikTok: published by default; true also checks what they refuse",
    "pixels": "ad pixel ids: meta, tiktok, google",
    "privacy_page": "a page in pages/ linked from every footer, such as privasi",
    "extra": "free settings for a theme",
}
LANGUAGES = ("id", "en")
# Other names sellers give a setting, squashed to lower-case letters and digits, for "did you mean".
NICKNAMES = {
    **dict.fromkeys(("wa", "nowa", "nomorwa", "nomerwa", "whatsap", "watsap", "wasap", "nowhatsapp",
                     "nomorwhatsapp", "nomerwhatsapp", "whatsappnumber", "wanumber", "hp", "nohp", "nomorhp",
                     "nomerhp", "handphone", "ponsel", "telepon", "telp", "notelp", "phone", "phonenumber"),
                    "whatsapp"),
    "nama": "name", "namatoko": "name", "bahasa": "language", "matauang": "currency", "negara": "country",
    "marketplace": "marketplaces", "sampul": "cover", "banner": "cover", "warna": "colors", "colours": "colors",
    "colour": "colors", "color": "colors", "darkmode": "dark_mode", "modegelap": "dark_mode", "huruf": "font",
    "fonts": "font", "lokasi": "address", "tautan": "links", "link": "links", "foto": "photos", "alamat": "base_url",
    "url": "base_url", "pesanwa": "whatsapp_message", "pesanwhatsapp": "whatsapp_message",
    **checkout.NICKNAMES,
}

define({
    "config.unknown_key": ("pengaturan tidak dikenal, diabaikan. Maksud Anda '{suggestion}'?",
                           "unknown setting, ignored. Did you mean '{suggestion}'?"),
    "config.unknown_key_extra": ("pengaturan tidak dikenal, diabaikan. Pengaturan khusus tema ditulis di bawah "
                                 "'extra:'.",
                                 "unknown setting, ignored. Put a theme's own settings under 'extra:'."),
    "config.whatsapp_misspelled": (
        "'{name}' bukan pengaturan yang dikenal Lapak, jadi toko ini tidak punya nomor WhatsApp dan tidak punya "
        "tautan marketplace: pembeli tidak bisa memesan. Maksud Anda 'whatsapp'? Tulis '{example}'.",
        "'{name}' is not a setting Lapak knows, so this store has no WhatsApp number and no marketplace "
        "link: buyers could not order. Did you mean 'whatsapp'? Write '{example}'."),
    "config.bad_base_url": (
        '"{value}" bukan alamat web; tulis seperti https://nama.netlify.app/ atau https://nama.github.io/toko/',
        '"{value}" is not a web address; write it like https://name.netlify.app/ or https://name.github.io/toko/'),
    "config.bad_domain": (
        '"{value}" bukan nama domain; tulis namanya saja, tanpa https:// dan tanpa / di akhir, misalnya toko.com '
        "atau www.toko.com",
        '"{value}" is not a domain name; write only the name, without https:// and without a / at the end, '
        "such as toko.com or www.toko.com"),
    "config.links_list": (
        "tulis links sebagai daftar: '- label: TikTok' dengan 'url: https://...' di bawahnya",
        "write links as a list: '- label: TikTok' with 'url: https://...' under it"),
    "config.link_parts": ("setiap tautan butuh 'label' (nama tombol) dan 'url' (alamatnya)",
                          "each link needs a 'label' and a 'url'"),
    "config.file_missing": (
        "file '{value}' tidak ada di folder yang sama dengan {config}; simpan file itu di sana, atau periksa "
        "ejaan namanya",
        "'{value}' was not found next to {config}; put the file there, or check how its name is spelled"),
    "config.not_mapping": (
        "file ini harus berisi baris 'nama: isi', dimulai dengan 'name: ...'",
        "the file must be a list of 'key: value' lines, starting with 'name: ...'"),
    "config.needs_name": ("toko butuh nama: tambahkan baris seperti 'name: Toko Bu Sari'",
                          "the store needs a name: add a line such as 'name: Toko Bu Sari'"),
    "config.bad_language": ('"{value}" bukan bahasa yang bisa dipakai Lapak; pakai id atau en',
                            '"{value}" is not a language Lapak speaks yet; use id or en'),
    "config.bad_currency": ('"{value}" bukan kode mata uang; pakai kode tiga huruf seperti IDR atau USD',
                            '"{value}" is not a currency code; use a three-letter code such as IDR or USD'),
    "config.domain_mismatch": (
        "base_url memakai {host}, tetapi domain adalah {domain}: tautan dan pratinjau akan mengarah ke {host}. "
        "Tulis 'base_url: https://{domain}/', atau hapus salah satu dari keduanya",
        "base_url is on {host} but domain is {domain}: links and previews will point to {host}. "
        "Write 'base_url: https://{domain}/', or remove one of the two"),
    "config.no_base_url": (
        "belum ada base_url: pratinjau tautan di WhatsApp dan peta situs (sitemap) butuh alamat toko. "
        "Tambahkan baris seperti 'base_url: https://tokoku.netlify.app/'",
        "no base_url: link previews on WhatsApp and the sitemap need the store's address. "
        "Add a line such as 'base_url: https://tokoku.netlify.app/'"),
    "config.extra_mapping": ("tulis 'extra' sebagai baris 'nama: isi' yang menjorok di bawahnya",
                             "write 'extra' as 'key: value' lines indented under it"),
    "config.no_whatsapp": (
        "belum ada nomor WhatsApp: produk tidak punya tombol pesan lewat WhatsApp. "
        "Tambahkan baris seperti 'whatsapp: \"0812-3456-7890\"'",
        "no WhatsApp number: products get no WhatsApp order button. "
        "Add a line such as 'whatsapp: \"0812-3456-7890\"'"),
    "config.bad_ratio": (
        '"{value}" bukan bentuk foto yang dikenal Lapak. Tulis salah satu: 1:1 (persegi), 4:5 atau 3:4 (tegak, '
        'cocok untuk pakaian), misalnya \'photo_ratio: 4:5\'.',
        '"{value}" is not a photo shape Lapak knows. Write one of 1:1 (square), 4:5 or 3:4 (portrait, good for '
        'clothing), such as \'photo_ratio: 4:5\'.'),
    "config.photos_mapping": ("tulis pengaturan foto menjorok di bawah 'photos:', misalnya '  avif: false'",
                              "write photo settings indented under 'photos:', such as '  avif: false'"),
    "config.pixels_mapping": (
        "tulis id piksel menjorok di bawah 'pixels:', misalnya '  meta: \"123456789012345\"'",
        "write pixel ids indented under 'pixels:', such as '  meta: \"123456789012345\"'"),
    "config.unknown_pixel": ("piksel tidak dikenal, diabaikan; yang ada: meta, tiktok, google",
                             "unknown pixel, ignored; the ones there are: meta, tiktok, google"),
    "config.bad_pixel": (
        '"{value}" bukan id piksel {platform}. {hint} Salin id-nya dari {where}, dan tulis dalam tanda kutip.',
        '"{value}" is not a {platform} pixel id. {hint} Copy it from {where}, and write it in quotes.'),
    "config.pixel_hint.meta": ("Id piksel Meta hanya berisi angka, 15 atau 16 digit.",
                               "A Meta pixel id is digits only, 15 or 16 of them."),
    "config.pixel_hint.tiktok": ("Id piksel TikTok berisi huruf besar dan angka, seperti CABCDE1234567890.",
                                 "A TikTok pixel id is capital letters and digits, such as CABCDE1234567890."),
    "config.pixel_hint.google": ("Id pengukuran GA4 dimulai dengan G-, seperti G-AB12CD34EF.",
                                 "A GA4 measurement id starts with G-, such as G-AB12CD34EF."),
    "config.cover_kind": (
        "'{value}' bukan gambar yang bisa dipakai Lapak (JPEG, PNG, WebP, AVIF, HEIC atau GIF)",
        "'{value}' is not an image Lapak can use (JPEG, PNG, WebP, AVIF, HEIC or GIF)"),
    "config.unknown_photo_setting": ("pengaturan foto tidak dikenal, diabaikan; yang ada hanya: avif",
                                     "unknown photo setting, ignored; the one there is: avif"),
})


def _text(doc: Doc, key: str, out: Collector) -> str:
    value = doc.data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        out.error(CONFIG_NAME, msg("value.one_line"), key, doc.line(key))
        return ""
    return str(value).strip()


def _base_url(value: str, out: Collector, line: int | None) -> tuple[str, str]:
    if not value:
        return "", "/"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        out.error(CONFIG_NAME, msg("config.bad_base_url", value=value), "base_url", line)
        return "", "/"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}", path


def _domain(value: str, out: Collector, line: int | None) -> str:
    """A bare host name such as ``toko.com`` (what GitHub Pages' CNAME file holds), or "" when wrong."""
    import re

    if not value:
        return ""
    host = value.strip().lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")  # a name with non-ASCII letters, in its DNS form
    except UnicodeError:
        pass
    label = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
    if re.fullmatch(rf"{label}(\.{label})+", host) and not host.replace(".", "").isdigit():
        return host
    out.error(CONFIG_NAME, msg("config.bad_domain", value=value), "domain", line)
    return ""


def _links(doc: Doc, out: Collector) -> tuple[Button, ...]:
    value = doc.data.get("links")
    if value is None:
        return ()
    if not isinstance(value, list):
        out.error(CONFIG_NAME, msg("config.links_list"), "links", doc.line("links"))
        return ()
    buttons = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not item.get("label") or not item.get("url"):
            out.error(CONFIG_NAME, msg("config.link_parts"), f"links[{i + 1}]", doc.line("links", i))
            continue
        try:
            url = check_https(item["url"])
        except LinkError as exc:
            out.error(CONFIG_NAME, exc.message, f"links[{i + 1}].url", doc.line("links", i, "url"))
            continue
        buttons.append(Button(_social_key(url), str(item["label"]).strip(), url))
    return tuple(buttons)


def _social_key(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for key in ("tiktok", "instagram", "facebook", "youtube", "shopee", "tokopedia", "x.com", "twitter"):
        if key in host:
            return key.replace(".com", "")
    return "link"


def _path(doc: Doc, key: str, root: Path, out: Collector) -> Path | None:
    value = doc.data.get(key)
    if not value:
        return None
    path = Path(os.path.normpath(root / str(value)))
    if not check_inside(root, path, out, CONFIG_NAME, key, doc.line(key), str(value)):
        return None
    if not path.is_file():
        out.error(CONFIG_NAME, msg("config.file_missing", value=str(value), config=CONFIG_NAME), key, doc.line(key))
        return None
    return path


def load_store(source: Path, base_url_override: str | None = None,
               data: bytes | None = None) -> tuple[Store, Collector]:
    """Read and check ``store.yml``: the store (bad fields fall back to defaults) and its problems.

    ``data`` is the file's bytes when the caller has read them already (the pipeline records
    what it reads). Raises :class:`ContentError` only when the file cannot be read at all.
    """
    path = find_config(source)
    root = path.parent.resolve()
    out = Collector()
    raw = path.read_bytes() if data is None else data
    try:
        text = normalise_text(raw)
    except UnicodeDecodeError:
        _speak_as_written(raw.decode("utf-8", errors="replace"))
        raise ContentError([_problem(msg("file.not_utf8"), None, None)]) from None
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as exc:
        _speak_as_written(text)
        raise ContentError([_problem(exc.message, None, exc.line)]) from None
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        _speak_as_written(text)
        raise ContentError([_problem(msg("config.not_mapping"), None, 1)])
    data = doc.data
    warn_cut_values(doc, out, CONFIG_NAME)
    misspelled_whatsapp = []  # unknown keys that look like 'whatsapp': reported once the links are known
    for key in data:
        if key not in KEYS:
            suggestion = suggest_key(key, KEYS, NICKNAMES)
            if suggestion == "whatsapp":
                misspelled_whatsapp.append(key)
            elif suggestion:
                out.warn(CONFIG_NAME, msg("config.unknown_key", suggestion=suggestion), str(key), doc.line(key))
            else:
                out.warn(CONFIG_NAME, msg("config.unknown_key_extra"), str(key), doc.line(key))

    name = _text(doc, "name", out)
    if not name:
        out.error(CONFIG_NAME, msg("config.needs_name"), "name", doc.line("name") or 1)
    language = _text(doc, "language", out).lower() or "id"
    if language not in LANGUAGES:
        out.error(CONFIG_NAME, msg("config.bad_language", value=language), "language", doc.line("language"))
        language = "id"
    currency = (_text(doc, "currency", out) or "IDR").upper()
    if not _known_currency(currency):
        out.error(CONFIG_NAME, msg("config.bad_currency", value=currency), "currency", doc.line("currency"))
        currency = "IDR"
    country = (_text(doc, "country", out) or "ID").upper()

    whatsapp = None
    if data.get("whatsapp") not in (None, ""):
        written = doc.raw_scalar("whatsapp")  # as typed: unquoted 0274123456 would be read as an octal number
        try:
            whatsapp = normalise_whatsapp(written[0] if written else data["whatsapp"], country)
        except LinkError as exc:
            out.error(CONFIG_NAME, exc.message, "whatsapp", doc.line("whatsapp"))

    message = _text(doc, "whatsapp_message", out) if "whatsapp_message" in data else ""
    if message:
        message = str(data["whatsapp_message"]).strip("\n")
        try:
            check_template(message)
        except LinkError as exc:
            out.error(CONFIG_NAME, exc.message, "whatsapp_message", doc.line("whatsapp_message"))

    domain = _domain(_text(doc, "domain", out), out, doc.line("domain"))
    raw_base = base_url_override if base_url_override is not None else _text(doc, "base_url", out)
    if not raw_base and domain:  # a store on its own domain is published at its root
        raw_base = f"https://{domain}/"
    base_url, base_path = _base_url(raw_base, out, doc.line("base_url"))
    host = urlsplit(base_url).hostname
    if domain and base_url and base_url_override is None and host != domain:
        out.warn(CONFIG_NAME, msg("config.domain_mismatch", host=host, domain=domain), "domain", doc.line("domain"))
    if not raw_base:
        out.warn(CONFIG_NAME, msg("config.no_base_url"), "base_url", None)

    market_buttons, problems = marketplace_buttons(data.get("marketplaces"))
    for key, problem in problems:
        field = "marketplaces" if key is None else f"marketplaces.{key}"
        out.error(CONFIG_NAME, problem, field, doc.line("marketplaces", key) if key is not None else doc.line("marketplaces"))

    _no_whatsapp(doc, misspelled_whatsapp, bool(market_buttons), out)

    utm, utm_problems = check_utm(data.get("utm"))
    for key, problem in utm_problems:
        out.error(CONFIG_NAME, problem, "utm" if key is None else f"utm.{key}",
                  doc.line("utm", key) if key is not None else doc.line("utm"))

    avif = _photo_settings(doc, out)
    feeds = data.get("feeds")
    if feeds is not None and not isinstance(feeds, bool):
        out.error(CONFIG_NAME, msg("value.yes_no", value=str(feeds)), "feeds", doc.line("feeds"))
        feeds = None
    photo_ratio = _photo_ratio(doc, out)
    extra = data.get("extra") or {}
    if not isinstance(extra, dict):
        out.error(CONFIG_NAME, msg("config.extra_mapping"), "extra", doc.line("extra"))
        extra = {}

    cover = _path(doc, "cover", root, out)
    if cover is not None and cover.suffix.lower() not in IMAGE_EXTENSIONS:
        out.error(CONFIG_NAME, msg("config.cover_kind", value=str(data["cover"])), "cover", doc.line("cover"))
        cover = None
    store = Store(
        root=root,
        name=name,
        tagline=_text(doc, "tagline", out),
        description=_text(doc, "description", out),
        whatsapp=whatsapp,
        whatsapp_message=message,
        base_url=base_url,
        base_path=base_path,
        domain=domain,
        language=language,
        currency=currency,
        country=country,
        theme=_text(doc, "theme", out) or "default",
        logo=_path(doc, "logo", root, out),
        links=_links(doc, out),
        marketplaces=tuple(market_buttons),
        utm=utm,
        avif=avif,
        photo_ratio=photo_ratio,
        checkout=checkout.load_checkout(doc, root, currency, out, CONFIG_NAME),
        feeds=feeds is not False,
        feed_checks=feeds is True,
        pixels=_pixels(doc, out),
        privacy_page=slugify(_text(doc, "privacy_page", out)),
        brand=load_brand(doc, out),
        cover=_relative(cover, root) if cover is not None else "",
        address=_text(doc, "address", out),
        extra=extra,
        written=frozenset(str(key) for key, value in data.items() if value is not None and value != ""),
    )
    return store, out


def _relative(path: Path, root: Path) -> str:
    """A file's name relative to the store folder, as the photo pipeline names photos."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # inside only through a link: name the file it stands for
        return path.resolve().relative_to(root.resolve()).as_posix()


def _no_whatsapp(doc: Doc, misspelled: list, marketplaces: bool, out: Collector) -> None:
    """Report keys that look like 'whatsapp': an error when without them buyers have no way to order."""
    given = doc.data.get("whatsapp") not in (None, "")
    for key in misspelled:
        if not given and not marketplaces:
            written = doc.raw_scalar(key)
            number = written[0] if written and written[0] else "0812-3456-7890"
            out.error(CONFIG_NAME, msg("config.whatsapp_misspelled", name=str(key), example=f'whatsapp: "{number}"'),
                      str(key), doc.line(key))
        else:
            out.warn(CONFIG_NAME, msg("config.unknown_key", suggestion="whatsapp"), str(key), doc.line(key))
    if not given and not (misspelled and not marketplaces):
        out.warn(CONFIG_NAME, msg("config.no_whatsapp"), "whatsapp", None)


def _photo_settings(doc: Doc, out: Collector) -> bool:
    """``photos:`` in store.yml: whether to publish AVIF (True unless 'avif: false')."""
    value = doc.data.get("photos")
    if value is None:
        return True
    if not isinstance(value, dict):
        out.error(CONFIG_NAME, msg("config.photos_mapping"), "photos", doc.line("photos"))
        return True
    avif = True
    for key, setting in value.items():
        if key == "avif":
            if isinstance(setting, bool):
                avif = setting
            else:
                out.error(CONFIG_NAME, msg("value.yes_no", value=str(setting)), "photos.avif",
                          doc.line("photos", "avif"))
        else:
            out.warn(CONFIG_NAME, msg("config.unknown_photo_setting"), f"photos.{key}", doc.line("photos", key))
    return avif


# What each platform's pixel id looks like, and where the seller finds it.
PIXEL_IDS = {
    "meta": (r"[0-9]{15,16}", "Meta", "Meta Events Manager"),
    "tiktok": (r"[A-Z0-9]{12,24}", "TikTok", "TikTok Ads Manager (Assets > Events)"),
    "google": (r"G-[A-Z0-9]{4,16}", "Google Analytics", "Google Analytics (Admin > Data streams)"),
}


def _pixels(doc: Doc, out: Collector) -> tuple[tuple[str, str], ...]:
    """``pixels:`` in store.yml: (platform, id) in the order meta, tiktok, google; a bad id is an error."""
    import re

    value = doc.data.get("pixels")
    if value is None:
        return ()
    if not isinstance(value, dict):
        out.error(CONFIG_NAME, msg("config.pixels_mapping"), "pixels", doc.line("pixels"))
        return ()
    found = {}
    for key, setting in value.items():
        if key not in PIXEL_IDS:
            out.warn(CONFIG_NAME, msg("config.unknown_pixel"), f"pixels.{key}", doc.line("pixels", key))
            continue
        if setting in (None, ""):
            continue
        written = doc.raw_scalar("pixels", key)
        text = str(written[0] if written else setting).strip()
        pattern, platform, where = PIXEL_IDS[key]
        if not re.fullmatch(pattern, text):
            out.error(CONFIG_NAME, msg("config.bad_pixel", value=text, platform=platform, where=where,
                                       hint=msg(f"config.pixel_hint.{key}")), f"pixels.{key}", doc.line("pixels", key))
            continue
        found[key] = text
    return tuple((k, found[k]) for k in PIXEL_IDS if k in found)
def _photo_ratio(doc: Doc, out: Collector) -> str:
    """``photo_ratio:`` in store.yml (the cards' photo shape); a shape Lapak does not know is an error."""
    value = doc.data.get("photo_ratio")
    if value in (None, ""):
        return DEFAULT_RATIO
    written = doc.raw_scalar("photo_ratio")  # as typed: YAML reads an unquoted 4:5 as the number 245
    text = written[0] if written else str(value)
    ratio = None if isinstance(value, (dict, list)) else read_ratio(text)
    if ratio is None:
        out.error(CONFIG_NAME, msg("config.bad_ratio", value=text if written else "..."), "photo_ratio",
                  doc.line("photo_ratio"))
        return DEFAULT_RATIO
    return ratio


def _known_currency(code: str) -> bool:
    from babel.numbers import get_currency_name

    return len(code) == 3 and code.isalpha() and get_currency_name(code, locale="en") != code


def _problem(message: Msg, field: str | None, line: int | None):
    from generator.errors import Problem

    return Problem(CONFIG_NAME, message, field, line)


def _speak_as_written(text: str) -> None:
    """A store.yml that cannot be read: show its problem in the language its ``language:`` line names
    (when it has one), since the store's language is not known otherwise."""
    found = language_in(text)
    if found:
        set_language(found)
