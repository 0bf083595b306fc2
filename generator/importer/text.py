"""Descriptions into Markdown: marketplaces' plain text with its line breaks and bullets, and HTML.

What comes out reads the same on the product page as it did on the marketplace, with nothing
lost and nothing of the source's HTML passed through: the site renders the Markdown and cleans
the result again (``generator.content.text.markdown_to_html``).
"""

from __future__ import annotations

import re

from generator.content.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

# Characters sellers put in front of list items on marketplaces, where there are no real lists.
_PLAIN_MARKS = set("-*+•●○◦▪▫■□")  # marks that only say "an item"; others (✓, ⭐, 👉) are kept in the text
_BULLET = re.compile(r"^\s*(?:[-*+•●○◦▪▫■□◆◇►▶➤➢➔→✓✔✅☑️⭐★☆👉🔸🔹]+|\d{1,2}[.)])\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_INLINE = re.compile(r"([\\`*\[\]])")  # marks Markdown would read as formatting
_LINE_START = re.compile(r"^(\s*)([#>=|]|-{3,}|\+\s|\d+[.)](?=\s))")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")  # would be read as HTML, and cleaned away
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")  # would be read as an entity: &copy; stays as typed


def escape_inline(text: str) -> str:
    """Plain text that Markdown shows exactly as typed (inside one line)."""
    text = _INLINE.sub(r"\\\1", text)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)  # _word_ would be italic; snake_case is safe
    return _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))


def plain_to_markdown(text: str) -> str:
    """A marketplace's plain-text description as Markdown that shows the same lines.

    Lines stay lines (hard breaks), empty lines separate paragraphs, and lines that start with a
    bullet character or a number become list items.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[list[str]] = []  # each a paragraph (lines) or a list (items), marked by its first
    kind = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            kind = ""
            continue
        numbered = _NUMBERED.match(line)
        bullet = _BULLET.match(line)
        if numbered:
            item = f"{numbered.group(1)}. {escape_inline(line[numbered.end():])}"
            this = "ol"
        elif bullet:
            mark = bullet.group(0).strip()
            kept = "" if all(ch in _PLAIN_MARKS for ch in mark) else escape_inline(mark) + " "  # ✓, ⭐: the seller's
            item = f"- {kept}{escape_inline(line[bullet.end():])}"
            this = "ul"
        else:
            item = _escape_line_start(escape_inline(line))
            this = "p"
        if this != kind:
            blocks.append([this])
            kind = this
        blocks[-1].append(item)
    out = []
    for block in blocks:
        joiner = "  \n" if block[0] == "p" else "\n"  # two spaces: a line break inside a paragraph
        out.append(joiner.join(block[1:]))
    return "\n\n".join(out)


def _escape_line_start(line: str) -> str:
    """Escape what would make a heading, quote, rule or list of a plain line."""
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), line, count=1)


def _escape_start(mark: str) -> str:
    if mark[0].isdigit():
        return re.sub(r"([.)])", r"\\\1", mark, count=1)
    return "\\" + mark


def html_to_markdown(source: str) -> str:
    """HTML (Shopify's ``Body (HTML)``) as Markdown: cleaned first, then converted, text kept whole.

    Scripts, styles and event handlers are dropped with nh3, as the site does; pictures become
    links to them (a store loads nothing from another site); everything else that shows as text
    stays, and text that looks like HTML is kept as text.
    """
    import nh3

    cleaned = nh3.clean(
        source,
        tags=ALLOWED_TAGS | {"h1", "img", "div", "section", "article", "figure", "figcaption", "center"},
        attributes={**ALLOWED_ATTRIBUTES, "img": {"src", "alt"}},
        url_schemes={"https", "http", "mailto", "tel"},
        link_rel=None,
    )
    markdown = _converter().convert(cleaned)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def _converter():
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        def escape(self, text, parent_tags):  # noqa: D102 - markdownify's hook for text nodes
            text = super().escape(text, parent_tags)
            if "pre" in parent_tags or "code" in parent_tags:
                return text
            return _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", text))

        def convert_img(self, el, text, parent_tags):  # noqa: D102 - a picture becomes a link to it
            src = (el.attrs.get("src") or "").strip()
            alt = " ".join((el.attrs.get("alt") or "").split())
            if not src.startswith(("https://", "http://")):
                return escape_inline(alt)
            return f"[{escape_inline(alt or src.rsplit('/', 1)[-1].split('?')[0] or 'foto')}]({src.replace(' ', '%20')})"

    return Converter(heading_style="ATX", bullets="-", escape_underscores=True, escape_asterisks=True,
                     newline_style="SPACES", table_infer_header=True)
