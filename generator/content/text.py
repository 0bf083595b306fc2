"""Slugs, Markdown to safe HTML, and summaries."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Inline patterns that can only match when one of these strings is in the text. A description
# without, say, a backtick is converted by a parser that does not look for code spans: the same
# HTML, found faster (Python-Markdown tries every pattern on every text node).
_TRIGGERS = {
    "backtick": ("`",), "escape": ("\\",), "autolink": ("<",), "automail": ("<",), "html": ("<",),
    "entity": ("&",), "linebreak": ("  \n",), "image_link": ("![",), "image_reference": ("![",),
    "short_image_ref": ("![",), "em_strong": ("*", "_"), "reference": ("[",), "link": ("[",),
    "short_reference": ("[",),
}
_parsers: dict[tuple[str, ...], object] = {}


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """An address part: ``Kue Lapis Legit — Spesial 🎉`` becomes ``kue-lapis-legit-spesial``.

    Latin letters lose their accents (``Café`` becomes ``cafe``); letters of other scripts are
    kept as they are (``蛋糕``), as Zola's "safe" slugs do, so two names in another script never
    collapse into the same address. Everything else becomes a hyphen.
    """
    out = []
    for ch in unicodedata.normalize("NFKD", str(text)):
        if not unicodedata.combining(ch):
            out.append(ch.casefold() if ch.isalnum() else "-")
    return unicodedata.normalize("NFC", re.sub(r"-+", "-", "".join(out)).strip("-"))


@lru_cache(maxsize=16384)  # category and tag names, asked for again on every render
def fold_name(text: str) -> str:
    """A name as compared for grouping: ``Kue``, ``kue`` and ``KUE`` (or NFC and NFD ``Café``) are one."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def markdown_to_html(source: str) -> str:
    """Render Markdown and sanitise the result: no script, handler, iframe or ``javascript:`` link survives."""
    import nh3

    raw = _parser(source).reset().convert(source)
    raw = re.sub(r"<(/?)h1\b", r"<\1h2", raw)  # the page's title is its only h1
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def _parser(source: str):
    """A Markdown parser without the inline patterns that cannot match ``source``."""
    unused = tuple(name for name, triggers in _TRIGGERS.items() if not any(t in source for t in triggers))
    md = _parsers.get(unused)
    if md is None:
        import markdown

        md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        for name in unused:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        _parsers[unused] = md
    return md


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded, white space folded."""
    import nh3

    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


def first_paragraph(body_html: str) -> str:
    """The text of the first ``<p>`` of a rendered description."""
    m = re.search(r"<p>(.*?)</p>", body_html, re.S)
    return plain_text(m.group(1)) if m else ""


def shorten(text: str, limit: int = 160) -> str:
    """Cut ``text`` at a word boundary so it fits ``limit`` characters, adding an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:-")
    return cut + "…"
