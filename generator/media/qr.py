"""QR codes (SVG, made with segno) for the store and every product, on a printable page at ``/qr/``.

A seller prints the page and sticks the codes on packaging, business cards or a market stall. Each
code opens the store or the product with ``?src=qr``, so the WhatsApp order says "via QR".
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.i18n import QR_PATH

if TYPE_CHECKING:  # pragma: no cover
    from generator.site.render import Renderer

SOURCE = "qr"  # the ?src= value the codes carry (shop.js shows it as "via QR")
SCALE = 4  # pixels per module in the file's own size; the page shows it larger, print scales it freely
BORDER = 4  # the quiet zone around the code, in modules: what scanners expect


@lru_cache(maxsize=8192)
def qr_svg(url: str, title: str = "") -> tuple[str, int]:
    """A QR code for ``url`` as a standalone SVG file, and its side in pixels at ``SCALE``.

    Kept in memory per address, so the preview server does not draw the same codes on every save.
    """
    import segno

    code = segno.make(url, error="m", micro=False)  # "M": about 15% of the code may be scuffed or covered
    buf = io.BytesIO()
    code.save(buf, kind="svg", scale=SCALE, border=BORDER, xmldecl=True, svgns=True, title=title or None,
              omitsize=True, nl=True, dark="#000", light="#fff")
    return buf.getvalue().decode("utf-8"), code.symbol_size(scale=SCALE, border=BORDER)[0]


def qr_target(absolute_url: str) -> str:
    """The address a code opens: the page's address with ``?src=qr``."""
    return f"{absolute_url}{'&' if '?' in absolute_url else '?'}src={SOURCE}"


def _short(url: str) -> str:
    """An address as people type it: without ``https://``."""
    return url.split("://", 1)[-1]


def write_qr_page(renderer: Renderer, writer) -> int:
    """Write ``qr/index.html`` and one ``qr/<name>.svg`` per code; returns 1 (the page)."""
    site = renderer.site
    store = site.store
    views = renderer.views
    t = views.t
    codes = []
    if store.base_url:
        # "_store" can never be a product's slug (slugs have only a-z, 0-9 and "-"), so the names never clash.
        entries = [("_store", store.name, "", site.absolute(""), None)]
        entries += [(p.slug, p.title, views.price_text(p), site.absolute(p.slug + "/"), p) for p in site.products]
        for name, title, price, url, product in entries:
            svg, size = qr_svg(qr_target(url), title)
            rel = f"{QR_PATH}/{name}.svg"
            writer.write(rel, svg)
            codes.append({"title": title, "price": price, "src": site.path(rel), "size": size,
                          "url": _short(url), "store": product is None,
                          "sold_out": product is not None and not product.available})
    page = renderer._meta(f"{t['qr_title']} — {store.name}", t["qr_intro"], QR_PATH + "/", renderer._store_image)
    writer.write(f"{QR_PATH}/index.html", renderer.render("qr.html", page=page, codes=codes))
    return 1
