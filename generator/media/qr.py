"""QR codes (SVG, made with segno) for the store and every product, on a printable page at ``/qr/``.

A seller prints the page and sticks the codes on packaging, business cards or a market stall. Each
code opens the store or the product with ``?src=qr``, so the WhatsApp order says "via QR".
"""

from __future__ import annotations

import io
from functools import lru_cache

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

