"""What hosts read besides the pages (CNAME, Netlify's _headers), the limits they enforce, and the zip for Netlify Drop.

The site itself is written by the writer (``write_hosting_files`` only hands it two small files);
the zip is written beside the output folder, never into it.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from generator.errors import LapakError
from generator.i18n import CATEGORY_PATH, PAGE_PATH, PAGE_SIZE, TAG_PATH
from generator.messages import define, language, msg, t
from generator.site.writer import MARKER

if TYPE_CHECKING:  # pragma: no cover
    from generator.site.render import Site

HEADERS_FILE = "_headers"
CNAME_FILE = "CNAME"

# What the default theme needs, and nothing more: its own hashed stylesheet and script, its own
# photos and logo. The JSON-LD block is data (type="application/ld+json"), which CSP does not treat
# as a script. The scripts fetch only the site's own files (connect-src): the search index, the cart's
# prices and the next numbered page. WhatsApp and marketplace buttons are plain links: CSP does not restrict navigation.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                           "manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# A theme (theme.yml 'options:') or store.yml ('extra:') may set its own policy, or false for none.
CSP_OPTION = "content_security_policy"
IMMUTABLE = "public, max-age=31536000, immutable"  # file names that change whenever the content does
SHORT = "public, max-age=300, must-revalidate"  # pages: a new price reaches buyers within five minutes

GITHUB_PAGES_LIMIT = 1_000_000_000  # GitHub Pages refuses published sites over 1 GB
BIG_FILE = 10_000_000  # files over 10 MB are refused or handled badly by hosts and drag-and-drop uploads
FOLDER_FILES = 54_000  # Netlify refuses more than 54,000 files in one folder

_HASHED = re.compile(r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$")  # render.asset_name: style.1a2b3c4d5e.css
define({
    "hosting.too_big": (
        "toko ini berukuran {size}: GitHub Pages menolak situs yang lebih besar dari {limit}. Terbitkan di "
        "Netlify, atau pakai lebih sedikit foto",
        "the store is {size}: GitHub Pages refuses sites over {limit}. Publish it on Netlify, or use fewer photos"),
    "hosting.big_file": (
        "{file} berukuran {size}: tempat hosting menolak atau melambatkan file yang lebih besar dari {limit}; "
        "perkecil file itu",
        "{file} is {size}: hosts refuse or slow down files over {limit}; make it smaller"),
    "hosting.more_big_files": ("ada {count} file lain yang lebih besar dari {limit}",
                               "{count} more files are over {limit}"),
    "hosting.full_folder": (
        "folder {folder}/ berisi {count} file dan folder: Netlify menolak lebih dari {limit} dalam satu folder",
        "the folder {folder}/ holds {count} files and folders: Netlify refuses more than {limit} in one folder"),
    "hosting.full_top_folder": (
        "folder teratas berisi {count} file dan folder: Netlify menolak lebih dari {limit} dalam satu folder",
        "the top folder holds {count} files and folders: Netlify refuses more than {limit} in one folder"),
    "hosting.bytes": ("{count} byte", "{count} bytes"),
    "zip.no_index": ("'{folder}' tidak berisi index.html: bangun tokonya dulu.",
                     "'{folder}' has no index.html: build the store first."),
    "zip.cannot_write": ("{target} tidak bisa ditulis: {reason}", "cannot write {target}: {reason}"),
})

_STORED = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".zip", ".gz", ".br", ".woff2"}


# --------------------------------------------------------------------------- CNAME and _headers


# What each ad pixel needs, and nothing more: where its script comes from, where it sends its events
# (by fetch or beacon, and by image for browsers without them). With no pixel, the policy is unchanged.
# 'self' in connect-src: pixels.js reads the products' catalogue ids from feeds/ids.json.
PIXEL_SOURCES: dict[str, dict[str, tuple[str, ...]]] = {
    "meta": {"script-src": ("https://connect.facebook.net",),
             "connect-src": ("'self'", "https://www.facebook.com", "https://connect.facebook.net"),
             "img-src": ("https://www.facebook.com",)},
    "tiktok": {"script-src": ("https://analytics.tiktok.com",),
               "connect-src": ("'self'", "https://analytics.tiktok.com", "https://analytics-ipv6.tiktokw.us"),
               "img-src": ("https://analytics.tiktok.com",)},
    "google": {"script-src": ("https://www.googletagmanager.com",),
               "connect-src": ("'self'", "https://*.google-analytics.com", "https://*.analytics.google.com",
                               "https://*.googletagmanager.com"),
               "img-src": ("https://*.google-analytics.com", "https://*.googletagmanager.com")},
}
# The script each pixel loads (pixels.js gets the addresses from its tag; the theme's scripts name no other host).
PIXEL_SCRIPTS = {
    "meta": "https://connect.facebook.net/en_US/fbevents.js",
    "tiktok": "https://analytics.tiktok.com/i18n/pixel/events.js?sdkid={id}&lib=ttq",
    "google": "https://www.googletagmanager.com/gtag/js?id={id}",
}
# Directives a <meta> policy cannot carry (browsers ignore them there, with a console warning).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def widen(policy: str, directive: str, sources: Iterable[str]) -> str:
    """``policy`` with ``sources`` added to ``directive`` (made when missing; 'none' gives way), in order."""
    parts = [p.split() for p in policy.split(";") if p.strip()]
    for part in parts:
        if part[0].lower() == directive:
            have = [s for s in part[1:] if s != "'none'"]
            part[1:] = have + [s for s in sources if s not in have]
            break
    else:
        parts.append([directive, *dict.fromkeys(sources)])
    return "; ".join(" ".join(p) for p in parts)


def content_security_policy(site: "Site", meta: bool = False) -> str:
    """The policy for this site: the store's or the theme's own when it sets one, else Lapak's; widened by
    exactly what each configured pixel needs (:data:`PIXEL_SOURCES`). ``meta``: as a page's
    ``<meta http-equiv>`` carries it, without the directives only a header can carry."""
    policy = CONTENT_SECURITY_POLICY
    for settings in (site.store.extra, site.theme.options):
        if isinstance(settings, dict) and CSP_OPTION in settings:
            value = settings[CSP_OPTION]
            policy = " ".join(str(value).split()) if value not in (None, False) else ""
            break
    if not policy:
        return ""
    for platform, _ in site.store.pixels:
        for directive, sources in PIXEL_SOURCES[platform].items():
            policy = widen(policy, directive, sources)
    if meta:
        policy = "; ".join(p.strip() for p in policy.split(";")
                           if p.strip() and p.split()[0].lower() not in NOT_IN_META)
    return policy


def headers_file(site: "Site") -> str:
    """Netlify's ``_headers``: security headers everywhere, a long cache for hashed files, a short one for pages.

    Each Cache-Control comes from exactly one rule for any path, so no host has to merge two values.
    """
    base = site.store.base_path
    lines = ["# Lapak: HTTP headers for Netlify (https://docs.netlify.com/routing/headers/).",
             "# Other hosts, such as GitHub Pages, ignore this file.", base + "*"]
    csp = content_security_policy(site)
    if csp:
        lines.append(f"  Content-Security-Policy: {csp}")
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines += ["", "# Pages: a short cache, so a change reaches buyers soon."]
    pages = ["", ":page", ":page/index.html"]
    numbered = PAGE_PATH[site.store.language] + "/:n"
    if len(site.products) > PAGE_SIZE:  # the storefront's numbered pages: /halaman/2/
        pages += [numbered, numbered + "/index.html"]
    if any(p.category for p in site.products):  # category pages: /kategori/<name>/, /kategori/<name>/halaman/2/
        folder = CATEGORY_PATH[site.store.language]
        pages += [f"{folder}/:page", f"{folder}/:page/index.html"]
        if len(site.products) > PAGE_SIZE:
            pages += [f"{folder}/:page/{numbered}", f"{folder}/:page/{numbered}/index.html"]
    if site.tags:  # tag pages: /tag/<name>/, /tag/<name>/halaman/2/
        pages += [f"{TAG_PATH}/:page", f"{TAG_PATH}/:page/index.html"]
        if len(site.products) > PAGE_SIZE:
            pages += [f"{TAG_PATH}/:page/{numbered}", f"{TAG_PATH}/:page/{numbered}/index.html"]
    for rule in pages:
        lines += [base + rule, f"  Cache-Control: {SHORT}"]
    if site.store.pixels or (site.store.feeds and site.store.base_url):  # feeds/ (see site/feeds.py)
        lines += [base + "feeds/*", f"  Cache-Control: {SHORT}"]
    lines += ["", "# Files whose name changes with their content: kept for a year."]
    for name in sorted(set(site.assets.values()) | set(site.data.values())):  # data: search index, cart prices
        if _HASHED.search(name):
            lines += [base + name, f"  Cache-Control: {IMMUTABLE}"]
    lines += [base + "photos/*", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def write_hosting_files(site: "Site", writer) -> None:
    """Give the writer the hosts' files: ``_headers`` always, ``CNAME`` when store.yml names a domain."""
    writer.write(HEADERS_FILE, headers_file(site))
    if site.store.domain:
        writer.write(CNAME_FILE, site.store.domain + "\n")


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Read a ``_headers`` file as Netlify does: a path line, then indented ``Name: value`` lines.

    Raises ValueError for a line Netlify would refuse, naming it.
    """
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            if raw != line:
                raise ValueError(f"line {number}: a path must start at the beginning of the line: {raw!r}")
            rules.append((line, []))
            continue
        if raw == line:
            raise ValueError(f"line {number}: a header line must be indented under its path: {raw!r}")
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or not value.strip() or not re.fullmatch(r"[A-Za-z0-9-]+", name.strip()):
            raise ValueError(f"line {number}: not a 'Name: value' header: {raw!r}")
        if not rules:
            raise ValueError(f"line {number}: a header before any path: {raw!r}")
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def rule_regex(path: str) -> re.Pattern:
    """The request paths a ``_headers`` path matches, the way Netlify reads it.

    ``:name`` is one path segment, a lone ``*`` is anything below (or nothing), ``*`` inside a
    segment is anything; a trailing slash is optional.
    """
    parts = []
    for part in (p.rstrip() for p in path.split("/")):
        if not part:
            continue
        if part.startswith(":"):
            parts.append("([^/]+)")
        elif part == "*":
            parts.append("?(.*)")
        else:
            parts.append(".*".join(re.escape(s) for s in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> dict[str, list[str]]:
    """Every header the rules give a request ``path``, with each value it got (one per matching rule)."""
    found: dict[str, list[str]] = {}
    for rule, headers in rules:
        if rule_regex(rule).match(path):
            for name, value in headers:
                found.setdefault(name, []).append(value)
    return found


# --------------------------------------------------------------------------- limits


def output_files(folder: Path) -> list[tuple[str, int]]:
    """Every file that would be published from ``folder`` (relative path, size in bytes), in name order."""
    found = []
    stack = [(str(folder), "")]
    while stack:
        path, prefix = stack.pop()
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name, reverse=True):
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, prefix + entry.name + "/"))
                elif prefix or entry.name != MARKER:
                    found.append((prefix + entry.name, entry.stat().st_size))
    found.sort()
    return found


def human_size(size: int) -> str:
    """``1.2 MB`` (``1,2 MB`` in Bahasa Indonesia): a size the way people say it."""
    for unit, amount in (("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1_000)):
        if size >= amount:
            text = f"{size / amount:.{2 if unit == 'GB' else 1}f} {unit}"
            return text.replace(".", ",") if language() == "id" else text
    return t("hosting.bytes", count=size)


def _count(n: int) -> str:
    """``54,000`` (``54.000`` in Bahasa Indonesia)."""
    text = f"{n:,}"
    return text.replace(",", ".") if language() == "id" else text


def limit_warnings(files: Iterable[tuple[str, int | None]]) -> list[str]:
    """Plain-words warnings for what hosts refuse: a site over 1 GB, files over 10 MB, full folders.

    The text is in the current language (the store's, once the pipeline has read it).
    """
    warnings = []
    total = 0
    big = []
    per_folder: dict[str, set[str]] = {}  # what each folder holds directly: files and folders
    for rel, size in files:
        folder, _, name = rel.rpartition("/")
        per_folder.setdefault(folder, set()).add(name)
        while folder:  # each folder is an entry of the one above it
            parent, _, name = folder.rpartition("/")
            per_folder.setdefault(parent, set()).add(name)
            folder = parent
        if size is None:
            continue
        total += size
        if size > BIG_FILE:
            big.append((rel, size))
    if total > GITHUB_PAGES_LIMIT:
        warnings.append(t("hosting.too_big", size=human_size(total), limit=human_size(GITHUB_PAGES_LIMIT)))
    for rel, size in big[:5]:
        warnings.append(t("hosting.big_file", file=rel, size=human_size(size), limit=human_size(BIG_FILE)))
    if len(big) > 5:
        warnings.append(t("hosting.more_big_files", count=len(big) - 5, limit=human_size(BIG_FILE)))
    for folder, names in sorted(per_folder.items()):
        if len(names) > FOLDER_FILES:
            values = {"count": _count(len(names)), "limit": _count(FOLDER_FILES)}
            warnings.append(t("hosting.full_folder", folder=folder, **values) if folder
                            else t("hosting.full_top_folder", **values))
    return warnings


# --------------------------------------------------------------------------- zip


def zip_path_for(output: Path) -> Path:
    """Where ``lapak build --zip`` puts the zip: beside the output folder, ``output.zip``."""
    output = output.resolve()
    return output.with_name(output.name + ".zip")


def write_zip(folder: Path, target: Path) -> tuple[int, int]:
    """Pack the built site into ``target`` for Netlify Drop: index.html at the top, same bytes for the same site.

    Returns (files, bytes of the zip). Written to a temporary file first, so a half-made zip never exists.
    """
    files = output_files(folder)
    if not any(rel == "index.html" for rel, _ in files):
        raise LapakError(msg("zip.no_index", folder=str(folder)))
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for rel, _ in files:
                info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = (zipfile.ZIP_STORED if os.path.splitext(rel)[1].lower() in _STORED
                                      else zipfile.ZIP_DEFLATED)
                with open(folder / rel, "rb") as fh:
                    zf.writestr(info, fh.read(), compresslevel=9 if info.compress_type == zipfile.ZIP_DEFLATED
                                else None)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise LapakError(msg("zip.cannot_write", target=str(target), reason=str(exc.strerror or exc))) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(files), target.stat().st_size
