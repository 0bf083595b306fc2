#!/usr/bin/env python3
"""Draw the example store's product photos and logo (flat-style illustrations).

Run from the repository root:

    python scripts/make_example_photos.py

It (re)writes every image of the example store in ``content/``:

    content/logo.png                                   512x512 round monogram, transparent PNG
    content/qris.png                                   720x960 QRIS display card (an example, not payable)
    content/products/<slug>/1.jpg, 2.jpg, ...          1200x1200 (two are 1200x1500) JPEG, quality 85

Everything is drawn with Pillow from code: no fonts other than the one bundled with Pillow
(Aileron, CC0), no third-party pictures, so the images may be reused freely (see
content/PHOTOS.md).  The output is deterministic: the same Pillow/libjpeg build gives
byte-identical files.  A run takes about half a minute.

One photo is a test fixture for the generator:
``content/products/tas-rotan-bulat/2-exif-orientation-gps.jpg`` is stored sideways (1500x1200)
with EXIF Orientation 6, so it shows upright (1200x1500) only when a viewer applies the tag; it also
carries a fake camera Make/Model and a fake GPS position, which a published shop must strip.

Needs: Pillow (10.1 or newer for the scalable bundled font).
"""
from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps, TiffImagePlugin

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PRODUCTS = CONTENT / "products"

K = 2  # supersampling factor: draw at K x the final size, then downsample (anti-aliasing)
JPEG_QUALITY = 85

Color = tuple[int, int, int]
Shape = Callable[["Pen", object], None]


# --------------------------------------------------------------------------- colour helpers

def hexc(value: str) -> Color:
    """'#rrggbb' -> (r, g, b)."""
    value = value.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend of two colours, t=0 gives a, t=1 gives b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def darker(c: Color, t: float) -> Color:
    return mix(c, (0, 0, 0), t)


def lighter(c: Color, t: float) -> Color:
    return mix(c, (255, 255, 255), t)


def font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font at a pixel size (already supersampled by the caller)."""
    return ImageFont.load_default(max(1, round(size)))


# --------------------------------------------------------------------------- drawing primitives

class Pen:
    """ImageDraw wrapper taking final-size coordinates; scales by K and shifts by an offset."""

    def __init__(self, img: Image.Image, dx: float = 0, dy: float = 0, k: int = K):
        self.d = ImageDraw.Draw(img)
        self.k, self.dx, self.dy = k, dx, dy

    def _pts(self, pts):
        return [((x + self.dx) * self.k, (y + self.dy) * self.k) for x, y in pts]

    def _box(self, box):
        x0, y0, x1, y1 = box
        return [(x0 + self.dx) * self.k, (y0 + self.dy) * self.k, (x1 + self.dx) * self.k, (y1 + self.dy) * self.k]

    def _w(self, width: float) -> int:
        return max(1, round(width * self.k))

    def poly(self, pts, fill=None, outline=None, width=1):
        self.d.polygon(self._pts(pts), fill=fill, outline=outline, width=self._w(width))

    def ellipse(self, box, fill=None, outline=None, width=1):
        self.d.ellipse(self._box(box), fill=fill, outline=outline, width=self._w(width))

    def rect(self, box, fill=None, outline=None, width=1):
        self.d.rectangle(self._box(box), fill=fill, outline=outline, width=self._w(width))

    def rrect(self, box, r, fill=None, outline=None, width=1):
        self.d.rounded_rectangle(self._box(box), radius=r * self.k, fill=fill, outline=outline, width=self._w(width))

    def line(self, pts, fill, width=1, joint="curve"):
        self.d.line(self._pts(pts), fill=fill, width=self._w(width), joint=joint)

    def arc(self, box, start, end, fill, width=1):
        self.d.arc(self._box(box), start, end, fill=fill, width=self._w(width))

    def chord(self, box, start, end, fill=None):
        self.d.chord(self._box(box), start, end, fill=fill)

    def pieslice(self, box, start, end, fill=None):
        self.d.pieslice(self._box(box), start, end, fill=fill)

    def text(self, xy, s, size, fill, anchor="mm", bold=0.0):
        x, y = xy
        self.d.text(((x + self.dx) * self.k, (y + self.dy) * self.k), s, font=font(size * self.k), fill=fill,
                    anchor=anchor, stroke_width=round(bold * self.k), stroke_fill=fill)


def circle(cx, cy, r):
    return (cx - r, cy - r, cx + r, cy + r)


def bezier(p0, p1, p2, n=40):
    """Points along a quadratic Bezier curve."""
    out = []
    for i in range(n + 1):
        t = i / n
        out.append(((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
                    (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1]))
    return out


def tapered(path, w0, w1, round_tip=True):
    """Polygon around a centre line whose width goes from w0 to w1 (chillies, stalks, straps)."""
    left, right = [], []
    n = len(path)
    for i, (x, y) in enumerate(path):
        a = path[max(i - 1, 0)]
        b = path[min(i + 1, n - 1)]
        tx, ty = b[0] - a[0], b[1] - a[1]
        ln = math.hypot(tx, ty) or 1
        nx, ny = -ty / ln, tx / ln
        t = i / (n - 1)
        w = (w0 + (w1 - w0) * t) / 2
        if round_tip and t > 0.85:
            w *= math.sqrt(max(0.0, 1 - ((t - 0.85) / 0.15) ** 2)) * 0.9 + 0.1
        left.append((x + nx * w, y + ny * w))
        right.append((x - nx * w, y - ny * w))
    return left + right[::-1]


class Canvas:
    """An RGB picture drawn at K x size; shapes are functions (pen, fill) -> None."""

    def __init__(self, w: int, h: int):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * K, h * K), (255, 255, 255))

    @property
    def size(self):
        return self.img.size

    def pen(self, dx=0, dy=0) -> Pen:
        return Pen(self.img, dx, dy)

    def mask(self, shape: Shape, dx=0, dy=0) -> Image.Image:
        m = Image.new("L", self.size, 0)
        shape(Pen(m, dx, dy), 255)
        return m

    def fill(self, shape: Shape, color: Color):
        self.img.paste(color, (0, 0), self.mask(shape))

    def fill_image(self, shape: Shape, picture: Image.Image):
        self.img.paste(picture, (0, 0), self.mask(shape))

    def tint(self, mask: Image.Image, color: Color, opacity: float):
        self.img.paste(color, (0, 0), mask.point(lambda v: round(v * opacity)))

    def shadow(self, shape: Shape, dx=0, dy=0, blur=20, opacity=0.3, color: Color = (40, 30, 30)):
        m = self.mask(shape, dx, dy).filter(ImageFilter.GaussianBlur(blur * K))
        self.tint(m, color, opacity)

    def shade_x(self, shape: Shape, x0, x1, profile: Callable[[float], float], color: Color):
        """Tint a shape with an opacity that depends on the horizontal position (cylinders, folds)."""
        W, H = self.size
        row = Image.new("L", (W, 1))
        vals = []
        for px in range(W):
            t = (px / K - x0) / max(1e-6, x1 - x0)
            vals.append(round(255 * max(0.0, min(1.0, profile(min(1.0, max(0.0, t)))))))
        row.putdata(vals)
        grad = row.resize((W, H), Image.NEAREST)
        self.img.paste(color, (0, 0), ImageChops.multiply(grad, self.mask(shape)))

    def shade_y(self, shape: Shape, y0, y1, profile: Callable[[float], float], color: Color):
        """Tint a shape with an opacity that depends on the vertical position."""
        W, H = self.size
        col = Image.new("L", (1, H))
        vals = []
        for py in range(H):
            t = (py / K - y0) / max(1e-6, y1 - y0)
            vals.append(round(255 * max(0.0, min(1.0, profile(min(1.0, max(0.0, t)))))))
        col.putdata(vals)
        grad = col.resize((W, H), Image.NEAREST)
        self.img.paste(color, (0, 0), ImageChops.multiply(grad, self.mask(shape)))

    def glow(self, box, color: Color, opacity: float, blur: float, shape: Shape | None = None):
        """Soft light spot (blurred ellipse), optionally clipped to a shape."""
        m = Image.new("L", self.size, 0)
        Pen(m).ellipse(box, fill=255)
        m = m.filter(ImageFilter.GaussianBlur(blur * K))
        if shape is not None:
            m = ImageChops.multiply(m, self.mask(shape))
        self.tint(m, color, opacity)

    def sprite(self, spr: Image.Image, cx, cy, angle=0.0, shadow=0.0, shadow_dy=6):
        """Paste an RGBA sprite (drawn at K scale) centred at (cx, cy), rotated, with a soft shadow."""
        if angle:
            spr = spr.rotate(angle, resample=Image.BICUBIC, expand=True)
        x = round(cx * K - spr.width / 2)
        y = round(cy * K - spr.height / 2)
        if shadow:
            a = spr.getchannel("A").point(lambda v: round(v * shadow))
            pad = 40 * K
            m = Image.new("L", (spr.width + 2 * pad, spr.height + 2 * pad), 0)
            m.paste(a, (pad, pad))
            m = m.filter(ImageFilter.GaussianBlur(6 * K))
            self.img.paste((40, 30, 25), (x - pad, y - pad + shadow_dy * K), m)
        self.img.paste(spr, (x, y), spr)

    def save_jpeg(self, path: Path, exif: Image.Exif | None = None, rotate_for_exif: bool = False):
        out = self.img.resize((self.w, self.h), Image.LANCZOS)
        if rotate_for_exif:
            # Stored sideways: a viewer applying Orientation 6 rotates it 90 degrees clockwise back.
            out = out.transpose(Image.ROTATE_90)
        path.parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"quality": JPEG_QUALITY, "optimize": True}
        if exif is not None:
            kwargs["exif"] = exif.tobytes()
        out.save(path, "JPEG", **kwargs)
        print(f"wrote {path.relative_to(ROOT)} ({out.width}x{out.height}, {path.stat().st_size // 1024} KB)")


def new_sprite(w, h) -> tuple[Image.Image, Pen]:
    img = Image.new("RGBA", (round(w * K), round(h * K)), (0, 0, 0, 0))
    return img, Pen(img)


def vertical_gradient(size, top: Color, bottom: Color) -> Image.Image:
    W, H = size
    col = Image.new("RGB", (1, H))
    col.putdata([mix(top, bottom, y / max(1, H - 1)) for y in range(H)])
    return col.resize((W, H), Image.NEAREST)


def backdrop(c: Canvas, wall_top: str, wall_bottom: str, floor: str | None = None, floor_y: float | None = None,
             glow_at=(0.5, 0.42)):
    """Soft studio background: wall gradient, optional table surface, a light spot behind the product."""
    c.img.paste(vertical_gradient(c.size, hexc(wall_top), hexc(wall_bottom)))
    if floor and floor_y is not None:
        f = hexc(floor)
        floor_img = vertical_gradient(c.size, lighter(f, 0.25), darker(f, 0.06))
        m = Image.new("L", c.size, 0)
        Pen(m).rect((0, floor_y, c.w, c.h), fill=255)
        m = m.filter(ImageFilter.GaussianBlur(3 * K))
        c.img.paste(floor_img, (0, 0), m)
        # a faint line where the table meets the wall
        edge = Image.new("L", c.size, 0)
        Pen(edge).rect((0, floor_y - 2, c.w, floor_y + 2), fill=255)
        c.tint(edge.filter(ImageFilter.GaussianBlur(4 * K)), darker(f, 0.3), 0.25)
    gx, gy = glow_at
    c.glow(circle(c.w * gx, c.h * gy, c.w * 0.42), (255, 255, 255), 0.45, 120)


def contact_shadow(c: Canvas, cx, y, rx, ry, opacity=0.35, blur=14):
    c.shadow(lambda p, f: p.ellipse((cx - rx, y - ry, cx + rx, y + ry), fill=f), blur=blur, opacity=opacity)


# --------------------------------------------------------------------------- textile patterns

def parang_pattern(size, cream: Color, brown: Color, dark: Color, band=96) -> Image.Image:
    """Batik parang: diagonal bands of a wavy blade chain, separated by rows of mlinjon diamonds."""
    W, H = size
    D = int(math.hypot(W, H)) + 4 * band * K
    img = Image.new("RGB", (D, D), cream)
    p = Pen(img, k=1)
    b = band * K
    period = b * 1.3
    y = 0.0
    while y < D:
        # blade chain: thick brown wave with a cream core and dark edge
        pts = [(x, y + b * 0.5 + math.sin(x / period * 2 * math.pi) * b * 0.22) for x in range(-16, D + 16, 6)]
        for width, colr in ((0.46, dark), (0.36, brown), (0.08, cream)):
            p.poly(tapered(pts, b * width, b * width, round_tip=False), fill=colr)
        # dots in the hollows of the wave
        x = 0.0
        while x < D:
            p.ellipse(circle(x + period * 0.25, y + b * 0.12, b * 0.05), fill=brown)
            p.ellipse(circle(x + period * 0.75, y + b * 0.88, b * 0.05), fill=brown)
            x += period
        # mlinjon row on a dark stripe
        p.rect((0, y + b, D, y + b * 1.28), fill=dark)
        x = 0.0
        while x < D:
            cx, cy, r = x + b * 0.2, y + b * 1.14, b * 0.1
            p.poly([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=cream)
            x += b * 0.4
        y += b * 1.28
    img = img.rotate(45, resample=Image.BICUBIC)
    left, top = (D - W) // 2, (D - H) // 2
    return img.crop((left, top, left + W, top + H))


def kawung_pattern(size, bg: Color, petal: Color, line: Color, cell=120) -> Image.Image:
    """Batik kawung: four oval petals around a point, in a grid turned 45 degrees."""
    W, H = size
    D = int(math.hypot(W, H)) + 2 * cell * K
    img = Image.new("RGB", (D, D), bg)
    p = Pen(img, k=1)
    s = cell * K
    for j in range(int(D / s) + 2):
        for i in range(int(D / s) + 2):
            cx, cy = i * s, j * s
            for ex, ey, rx, ry in ((0, -0.27, 0.17, 0.25), (0, 0.27, 0.17, 0.25), (-0.27, 0, 0.25, 0.17),
                                   (0.27, 0, 0.25, 0.17)):
                box = (cx + (ex - rx) * s, cy + (ey - ry) * s, cx + (ex + rx) * s, cy + (ey + ry) * s)
                p.ellipse(box, fill=line)
                inset = 0.035 * s
                p.ellipse((box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset), fill=petal)
                p.ellipse(circle(cx + ex * s * 1.1, cy + ey * s * 1.1, s * 0.03), fill=line)
            p.ellipse(circle(cx + s / 2, cy + s / 2, s * 0.06), fill=line)
    img = img.rotate(45, resample=Image.BICUBIC)
    left, top = (D - W) // 2, (D - H) // 2
    return img.crop((left, top, left + W, top + H))


def ikat_pattern(size, rng: random.Random) -> Image.Image:
    """Tenun ikat: stepped diamonds and stripes, with the feathered edges of tie-dyed warp threads."""
    W, H = size
    red, indigo, cream = hexc("#9b2f24"), hexc("#27385e"), hexc("#efe2c6")
    black, ochre = hexc("#241a1a"), hexc("#c98a2e")
    img = Image.new("RGB", (W, H), red)
    p = Pen(img, k=1)
    u = 10 * K  # one "step" of the stair-stepped motif
    y = 0
    row = 0
    while y < H:
        if row % 2 == 0:  # stripe band
            p.rect((0, y, W, y + u * 4), fill=black)
            p.rect((0, y + u * 1.2, W, y + u * 1.8), fill=cream)
            p.rect((0, y + u * 2.4, W, y + u * 2.8), fill=ochre)
            y += u * 4
        else:  # motif band: rows of stepped diamonds
            band_h = u * 16
            p.rect((0, y, W, y + band_h), fill=red if row % 4 == 1 else indigo)
            cy = y + band_h / 2
            x = (row % 4) * u * 4
            while x < W + u * 16:
                for n, colr in ((7, cream), (5, black if row % 4 == 1 else red), (3, ochre), (1, cream)):
                    for s in range(-n, n + 1):
                        half = (n - abs(s)) * u
                        p.rect((x - half - u / 2, cy + s * u - u / 2, x + half + u / 2, cy + s * u + u / 2), fill=colr)
                x += u * 16
            y += band_h
        row += 1
    # ikat feathering: shift narrow vertical strips of threads up or down a little
    out = img.copy()
    strip = 3 * K
    for x in range(0, W, strip):
        shift = rng.randint(-5, 5) * K // 2
        out.paste(img.crop((x, 0, x + strip, H)), (x, shift))
    return out


# --------------------------------------------------------------------------- product drawings

def draw_hanger_hook(c: Canvas, cx, top, y_neck):
    p = c.pen()
    metal = hexc("#8d8d95")
    p.line([(cx, y_neck), (cx, top + 70)], fill=metal, width=9)
    p.arc((cx - 38, top, cx + 38, top + 76), 180, 450, fill=metal, width=9)
    p.arc((cx - 38, top, cx + 38, top + 76), 200, 300, fill=lighter(metal, 0.5), width=3)


def shirt_shape(ox, oy, s=1.0):
    pts = [(520, 300), (335, 350), (200, 440), (150, 610), (292, 668), (368, 560), (372, 1280),
           (828, 1280), (832, 560), (908, 668), (1050, 610), (1000, 440), (865, 350), (680, 300)]
    pts = [(ox + (x - 600) * s, oy + (y - 300) * s) for x, y in pts]
    return lambda p, f: p.poly(pts, fill=f)


def photo_batik_hanging(path: Path):
    c = Canvas(1200, 1500)
    backdrop(c, "#f8e9dc", "#efd6c4", glow_at=(0.5, 0.45))
    cream, brown, dark = hexc("#eedbb4"), hexc("#7a4424"), hexc("#2e1d15")
    draw_hanger_hook(c, 600, 150, 330)
    body = shirt_shape(600, 300)
    c.shadow(body, dx=22, dy=30, blur=28, opacity=0.32)
    c.fill_image(body, parang_pattern(c.size, cream, brown, dark))
    # sleeve cuffs and hem in plain sogan brown
    p = c.pen()
    cuff_l = lambda p, f: p.poly([(150, 610), (292, 668), (282, 692), (141, 634)], fill=f)
    cuff_r = lambda p, f: p.poly([(1050, 610), (908, 668), (918, 692), (1059, 634)], fill=f)
    c.fill(cuff_l, dark)
    c.fill(cuff_r, dark)
    c.fill(lambda p, f: p.rect((372, 1262, 828, 1282), fill=f), dark)
    # soft folds and body shading
    c.shade_x(body, 140, 1060, lambda t: 0.28 * (abs(t - 0.5) * 2) ** 2.5, (30, 15, 5))
    c.shade_x(lambda p, f: p.rect((372, 560, 828, 1280), fill=f), 372, 828,
              lambda t: 0.10 * (0.5 + 0.5 * math.sin(t * 2 * math.pi * 2.3 + 0.6)), (30, 15, 5))
    c.shade_y(body, 300, 1280, lambda t: 0.12 * t, (30, 15, 5))
    # seams: sleeve joins and side seams
    seam = darker(dark, 0.2)
    p.line([(335, 350), (368, 560)], fill=seam, width=3)
    p.line([(865, 350), (832, 560)], fill=seam, width=3)
    # placket with buttons
    c.fill(lambda p, f: p.rect((584, 330, 616, 1262), fill=f), brown)
    p.line([(584, 330), (584, 1262)], fill=dark, width=3)
    p.line([(616, 330), (616, 1262)], fill=dark, width=3)
    for y in range(420, 1200, 120):
        p.ellipse(circle(600, y, 10), fill=hexc("#d9c39a"), outline=dark, width=2)
        p.ellipse(circle(597, y - 2, 2), fill=dark)
        p.ellipse(circle(603, y + 2, 2), fill=dark)
    # chest pocket
    p.line([(405, 560), (525, 560)], fill=dark, width=5)
    p.line([(405, 560), (405, 700), (465, 720), (525, 700), (525, 560)], fill=seam, width=3)
    # collar (plain, dark) with a little light on the fold
    collar_l = lambda p, f: p.poly([(600, 330), (512, 288), (486, 318), (560, 420)], fill=f)
    collar_r = lambda p, f: p.poly([(600, 330), (688, 288), (714, 318), (640, 420)], fill=f)
    band = lambda p, f: p.chord((512, 262, 688, 340), 180, 360, fill=f)
    c.fill(band, darker(dark, 0.1))
    c.fill(collar_l, dark)
    c.fill(collar_r, dark)
    p.line([(512, 288), (560, 420)], fill=lighter(dark, 0.25), width=3)
    p.line([(688, 288), (640, 420)], fill=lighter(dark, 0.25), width=3)
    # small woven brand label inside the collar
    p.rrect((578, 300, 622, 324), 4, fill=hexc("#efe2c6"))
    p.text((600, 312), "BS", 14, fill=dark)
    c.save_jpeg(path)


def photo_batik_folded(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#e4ecdf", "#d6e2d2", floor="#cfdcc9", floor_y=0, glow_at=(0.45, 0.4))
    cream, brown, dark = hexc("#eedbb4"), hexc("#7a4424"), hexc("#2e1d15")
    body = lambda p, f: p.rrect((320, 250, 880, 1000), 26, fill=f)
    under = lambda p, f: p.rrect((332, 268, 892, 1024), 26, fill=f)
    c.shadow(under, dx=10, dy=18, blur=22, opacity=0.35)
    c.fill(under, darker(brown, 0.25))
    c.fill_image(body, parang_pattern(c.size, cream, brown, dark, band=80))
    c.shade_y(body, 250, 1000, lambda t: 0.06 + 0.14 * t, (30, 15, 5))
    c.shade_x(body, 320, 880, lambda t: 0.22 * max(0.0, abs(t - 0.5) * 2 - 0.6) / 0.4, (30, 15, 5))
    p = c.pen()
    # placket and buttons
    c.fill(lambda p, f: p.rect((584, 300, 616, 1000), fill=f), brown)
    p.line([(584, 300), (584, 1000)], fill=dark, width=3)
    p.line([(616, 300), (616, 1000)], fill=dark, width=3)
    for y in range(420, 1000, 130):
        p.ellipse(circle(600, y, 10), fill=hexc("#d9c39a"), outline=dark, width=2)
    # collar: band + two points
    c.fill(lambda p, f: p.chord((470, 175, 730, 330), 180, 360, fill=f), darker(dark, 0.1))
    c.fill(lambda p, f: p.rrect((470, 238, 730, 262), 10, fill=f), darker(dark, 0.1))
    c.fill(lambda p, f: p.poly([(600, 300), (478, 240), (452, 290), (548, 400)], fill=f), dark)
    c.fill(lambda p, f: p.poly([(600, 300), (722, 240), (748, 290), (652, 400)], fill=f), dark)
    p.line([(478, 240), (548, 400)], fill=lighter(dark, 0.25), width=3)
    p.line([(722, 240), (652, 400)], fill=lighter(dark, 0.25), width=3)
    # a kraft paper swing tag on a string
    p.line([(612, 430), (700, 560), (780, 640)], fill=hexc("#f4efe6"), width=3)
    tag = lambda p, f: p.poly([(760, 610), (930, 600), (950, 830), (780, 842), (752, 700)], fill=f)
    c.shadow(tag, dx=8, dy=12, blur=10, opacity=0.3)
    c.fill(tag, hexc("#d8b68a"))
    p.ellipse(circle(778, 640, 9), fill=hexc("#b28f63"))
    tp = Image.new("RGBA", (220 * K, 220 * K), (0, 0, 0, 0))
    tpen = Pen(tp)
    tpen.text((110, 60), "BATIK CAP", 24, fill=dark, bold=0.6)
    tpen.text((110, 98), "motif parang", 20, fill=dark)
    tpen.line([(50, 124), (170, 124)], fill=dark, width=2)
    tpen.text((110, 152), "katun primisima", 17, fill=dark)
    tpen.text((110, 182), "Solo", 17, fill=dark)
    c.sprite(tp, 856, 725, angle=4)
    c.save_jpeg(path)


def coffee_bag(c: Canvas, cx, bottom, s=1.0, weight="250 g", shadow=True):
    w, h = 440 * s, 650 * s
    x0, x1, top = cx - w / 2, cx + w / 2, bottom - h
    kraft = hexc("#c99c68")
    bag = lambda p, f: (p.rrect((x0, top, x1, bottom), 26 * s, fill=f),
                        p.rect((x0 + 4 * s, top, x1 - 4 * s, top + 60 * s), fill=f))
    if shadow:
        contact_shadow(c, cx + 10 * s, bottom, w * 0.58, 24 * s, opacity=0.45, blur=16 * s)
        c.shadow(bag, dx=24 * s, dy=6 * s, blur=24 * s, opacity=0.22)
    c.fill(bag, kraft)
    # paper fibres
    rng = random.Random(7)
    spots = lambda p, f: [p.ellipse(circle(rng.uniform(x0 + 10, x1 - 10), rng.uniform(top + 10, bottom - 10),
                                           rng.uniform(1.0, 2.2) * s), fill=f) for _ in range(int(260 * s * s))]
    m = c.mask(spots)
    c.img.paste(darker(kraft, 0.12), (0, 0), ImageChops.multiply(m, c.mask(bag)))
    # gusset shading and a light fold
    c.shade_x(bag, x0, x1, lambda t: 0.30 * max(0.0, 1 - t / 0.12) + 0.36 * max(0.0, (t - 0.86) / 0.14), (50, 30, 10))
    c.shade_x(bag, x0, x1, lambda t: 0.22 * max(0.0, 1 - abs(t - 0.22) / 0.08), (255, 255, 255))
    c.shade_y(bag, bottom - 70 * s, bottom, lambda t: 0.18 * t, (50, 30, 10))
    p = c.pen()
    # heat-sealed top with crimp lines, zipper and tear notch
    seal = darker(kraft, 0.08)
    p.rect((x0 + 4 * s, top, x1 - 4 * s, top + 52 * s), fill=seal)
    for x in range(int(x0 + 10 * s), int(x1 - 6 * s), max(4, int(9 * s))):
        p.line([(x, top + 4 * s), (x, top + 48 * s)], fill=darker(kraft, 0.18), width=max(1.0, 2 * s))
    p.line([(x0 + 6 * s, top + 72 * s), (x1 - 6 * s, top + 72 * s)], fill=darker(kraft, 0.2), width=4 * s)
    p.line([(x0 + 6 * s, top + 78 * s), (x1 - 6 * s, top + 78 * s)], fill=lighter(kraft, 0.25), width=2 * s)
    # degassing valve
    p.ellipse(circle(x1 - 70 * s, top + 128 * s, 20 * s), fill=darker(kraft, 0.1))
    p.ellipse(circle(x1 - 70 * s, top + 128 * s, 12 * s), fill=lighter(kraft, 0.15))
    # label
    lx0, lx1, ly0, ly1 = x0 + 60 * s, x1 - 60 * s, top + 190 * s, bottom - 90 * s
    dark, accent = hexc("#3a2418"), hexc("#a6472c")
    p.rrect((lx0, ly0, lx1, ly1), 16 * s, fill=hexc("#f7f0e3"))
    p.rrect((lx0 + 10 * s, ly0 + 10 * s, lx1 - 10 * s, ly1 - 10 * s), 10 * s, outline=accent, width=2 * s)
    lcx = (lx0 + lx1) / 2
    p.text((lcx, ly0 + 52 * s), "KOPI", 30 * s, fill=accent, bold=0.5 * s)
    p.text((lcx, ly0 + 100 * s), "ROBUSTA", 44 * s, fill=dark, bold=1.2 * s)
    p.text((lcx, ly0 + 146 * s), "Temanggung", 28 * s, fill=dark)
    # bean emblem
    by = ly0 + 225 * s
    p.ellipse((lcx - 34 * s, by - 46 * s, lcx + 34 * s, by + 46 * s), fill=hexc("#5a3320"))
    p.arc((lcx - 44 * s, by - 48 * s, lcx + 14 * s, by + 48 * s), -70, 70, fill=hexc("#f7f0e3"), width=6 * s)
    p.text((lcx, ly1 - 62 * s), weight, 30 * s, fill=dark, bold=0.6 * s)
    p.text((lcx, ly1 - 30 * s), "Dapur & Kain Bu Sari", 17 * s, fill=accent)
    # light catching the bottom edge of the label
    c.shade_x(lambda p, f: p.rrect((lx0, ly0, lx1, ly1), 16 * s, fill=f), x0, x1,
              lambda t: 0.16 * max(0.0, 1 - t / 0.2) + 0.2 * max(0.0, (t - 0.8) / 0.2), (50, 30, 10))


def bean_sprite(size=46):
    spr, p = new_sprite(size, size * 0.74)
    w, h = size, size * 0.74
    p.ellipse((1, 1, w - 1, h - 1), fill=hexc("#4b2a18"))
    p.ellipse((w * 0.12, h * 0.1, w * 0.62, h * 0.55), fill=hexc("#6b3d22"))
    p.ellipse((w * 0.22, h * 0.18, w * 0.42, h * 0.35), fill=hexc("#86522f"))
    p.arc((w * 0.05, h * 0.35, w * 0.95, h * 1.1), 200, 340, fill=hexc("#26150c"), width=size * 0.07)
    return spr


def scatter_beans(c: Canvas, rng: random.Random, spots):
    for x, y in spots:
        c.sprite(bean_sprite(rng.uniform(40, 50)), x, y, angle=rng.uniform(0, 360), shadow=0.45, shadow_dy=4)


def photo_coffee_bag(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#e3edf4", "#d5e3ee", floor="#cbd9e6", floor_y=860)
    coffee_bag(c, 600, 1000, 1.0)
    rng = random.Random(11)
    scatter_beans(c, rng, [(300, 1010), (352, 1060), (270, 1090), (845, 1050), (905, 1000), (880, 1110),
                           (800, 1125), (410, 1120)])
    c.save_jpeg(path)


def photo_coffee_cup(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#e3edf4", "#d5e3ee", floor="#cbd9e6", floor_y=760, glow_at=(0.55, 0.45))
    coffee_bag(c, 330, 900, 0.72)
    # enamel mug (white with a blue rim), the classic kopi tubruk cup
    cx, top, bottom, r = 700, 560, 960, 185
    white, blue = hexc("#f7f7f3"), hexc("#2f5d9e")
    body = lambda p, f: (p.rect((cx - r, top, cx + r, bottom - 30), fill=f),
                         p.ellipse((cx - r, bottom - 60, cx + r, bottom), fill=f))
    contact_shadow(c, cx + 20, bottom - 20, r * 1.25, 34, opacity=0.45, blur=18)
    handle = lambda p, f: p.arc((cx + r - 70, top + 60, cx + r + 110, top + 260), 270, 90 + 360, fill=f, width=34)
    c.fill(handle, blue)
    c.fill(lambda p, f: p.arc((cx + r - 64, top + 66, cx + r + 104, top + 254), 270, 450, fill=f, width=22), white)
    c.fill(body, white)
    c.shade_x(body, cx - r, cx + r, lambda t: 0.32 * (abs(t - 0.42) / 0.58) ** 2.2, (40, 50, 70))
    c.shade_x(body, cx - r, cx + r, lambda t: 0.8 * max(0.0, 1 - abs(t - 0.24) / 0.06), (255, 255, 255))
    p = c.pen()
    p.arc((cx - r, bottom - 64, cx + r, bottom + 2), 0, 180, fill=blue, width=10)
    # rim and coffee surface
    p.ellipse((cx - r, top - 40, cx + r, top + 40), fill=blue)
    p.ellipse((cx - r + 12, top - 30, cx + r - 12, top + 30), fill=hexc("#e9e6de"))
    p.ellipse((cx - r + 20, top - 22, cx + r - 20, top + 30), fill=hexc("#3a2114"))
    p.ellipse((cx - r + 40, top - 14, cx + r - 40, top + 24), fill=hexc("#5c3520"))
    p.ellipse((cx - r + 70, top - 6, cx + r - 110, top + 14), fill=hexc("#7c4a2c"))
    # steam
    steam = Image.new("L", c.size, 0)
    sp = Pen(steam)
    for i, x in enumerate((cx - 60, cx + 10, cx + 80)):
        pts = [(x + 18 * math.sin(t / 26 + i), top - 60 - t) for t in range(0, 220, 6)]
        sp.line(pts, fill=255, width=14)
    c.tint(steam.filter(ImageFilter.GaussianBlur(10 * K)), (255, 255, 255), 0.7)
    rng = random.Random(5)
    scatter_beans(c, rng, [(470, 1020), (520, 1075), (420, 1090), (930, 1010), (990, 1060), (1040, 1000),
                           (600, 1110), (200, 1010)])
    c.save_jpeg(path)


def chili_sprite(length=200, bend=0.35, color="#d42a1c"):
    w, h = length, length * 0.5
    spr, p = new_sprite(w, h)
    path = bezier((28, h * 0.32), (w * 0.55, h * (0.32 + bend)), (w - 6, h * 0.22 + h * bend * 0.2))
    col = hexc(color)
    p.poly(tapered(path, length * 0.16, length * 0.02), fill=col)
    hl = [(x, y - length * 0.03) for x, y in path[4:26]]
    p.line(hl, fill=lighter(col, 0.45), width=length * 0.025)
    p.rrect((14, h * 0.32 - length * 0.07, 34, h * 0.32 + length * 0.07), length * 0.03, fill=hexc("#4f8a2b"))
    p.line([(16, h * 0.32), (2, h * 0.2)], fill=hexc("#3f7524"), width=length * 0.035)
    return spr


def garlic_sprite(size=110, skin="#f1ebe0", tint="#c9a9c7"):
    spr, p = new_sprite(size, size * 1.1)
    w, h = size, size * 1.1
    col, t = hexc(skin), hexc(tint)
    p.poly([(w * 0.42, h * 0.16), (w * 0.5, h * 0.02), (w * 0.58, h * 0.16)], fill=darker(col, 0.1))
    p.ellipse((w * 0.06, h * 0.14, w * 0.94, h * 0.96), fill=col)
    for a, b in ((0.18, 0.5), (0.5, 0.82)):
        p.arc((w * a, h * 0.16, w * b, h * 0.96), 250, 110 + 360, fill=mix(col, t, 0.5), width=size * 0.025)
    p.ellipse((w * 0.2, h * 0.3, w * 0.4, h * 0.6), fill=lighter(col, 0.6))
    p.ellipse((w * 0.3, h * 0.86, w * 0.7, h * 0.96), fill=mix(col, t, 0.4))
    return spr


def sambal_jar(c: Canvas, cx, bottom, s=1.0, sambal="#b3301d", lid="#c0392b", title="SAMBAL", sub="BAWANG",
               level="", chilies=1, seed=1):
    w, h = 330 * s, 440 * s
    x0, x1, top = cx - w / 2, cx + w / 2, bottom - h
    jar = lambda p, f: (p.rrect((x0, top, x1, bottom), 44 * s, fill=f),
                        p.rrect((x0 + 26 * s, top - 40 * s, x1 - 26 * s, top + 30 * s), 12 * s, fill=f))
    contact_shadow(c, cx + 12 * s, bottom - 4 * s, w * 0.62, 26 * s, opacity=0.45, blur=16 * s)
    c.shadow(jar, dx=26 * s, dy=6 * s, blur=24 * s, opacity=0.18)
    # glass seen against the wall
    c.fill(jar, lighter(hexc("#dfe9e2"), 0.2))
    # sambal with chilli seeds and flecks, a layer of oil on top
    sc = hexc(sambal)
    fill_top = top + 40 * s
    fill_shape = lambda p, f: p.rrect((x0 + 10 * s, fill_top, x1 - 10 * s, bottom - 10 * s), 36 * s, fill=f)
    c.fill(fill_shape, sc)
    rng = random.Random(seed)
    fm = c.mask(fill_shape)
    for colr, n, rmin, rmax in ((darker(sc, 0.28), 520, 2, 6), (lighter(sc, 0.2), 320, 2, 5),
                                (hexc("#e38a35"), 90, 1.5, 3.5), (hexc("#f0d9a4"), 70, 1.5, 3)):
        spots = c.mask(lambda p, f: [p.ellipse(circle(rng.uniform(x0, x1), rng.uniform(fill_top, bottom),
                                                      rng.uniform(rmin, rmax) * s), fill=f) for _ in range(n)])
        c.img.paste(colr, (0, 0), ImageChops.multiply(spots, fm))
    c.fill(lambda p, f: p.rrect((x0 + 10 * s, fill_top, x1 - 10 * s, fill_top + 34 * s), 14 * s, fill=f),
           darker(sc, 0.35))
    c.fill(lambda p, f: p.rrect((x0 + 30 * s, fill_top + 8 * s, x1 - 90 * s, fill_top + 16 * s), 4 * s, fill=f),
           lighter(sc, 0.35))
    # glass: darker edges, bright highlight stripes
    c.shade_x(jar, x0, x1, lambda t: 0.35 * (abs(t - 0.45) / 0.55) ** 3, (20, 30, 25))
    c.shade_x(jar, x0, x1, lambda t: 0.65 * max(0.0, 1 - abs(t - 0.14) / 0.035)
              + 0.3 * max(0.0, 1 - abs(t - 0.86) / 0.02),
              (255, 255, 255))
    # lid
    lc = hexc(lid)
    lid_shape = lambda p, f: p.rrect((x0 + 14 * s, top - 96 * s, x1 - 14 * s, top - 26 * s), 14 * s, fill=f)
    c.fill(lid_shape, lc)
    p = c.pen()
    for x in range(int(x0 + 28 * s), int(x1 - 20 * s), max(6, int(14 * s))):
        p.line([(x, top - 86 * s), (x, top - 36 * s)], fill=darker(lc, 0.18), width=3 * s)
    c.shade_x(lid_shape, x0, x1, lambda t: 0.3 * (abs(t - 0.4) / 0.6) ** 2, (20, 10, 10))
    c.shade_x(lid_shape, x0, x1, lambda t: 0.5 * max(0.0, 1 - abs(t - 0.2) / 0.05), (255, 255, 255))
    p.rrect((x0 + 14 * s, top - 100 * s, x1 - 14 * s, top - 86 * s), 6 * s, fill=lighter(lc, 0.2))
    # label
    lx0, lx1, ly0, ly1 = x0 + 22 * s, x1 - 22 * s, top + 130 * s, bottom - 70 * s
    cream, ink, red = hexc("#fbf4e4"), hexc("#3b2418"), hexc("#b3301d")
    label = lambda p, f: p.rrect((lx0, ly0, lx1, ly1), 14 * s, fill=f)
    c.fill(label, cream)
    p.rrect((lx0 + 8 * s, ly0 + 8 * s, lx1 - 8 * s, ly1 - 8 * s), 9 * s, outline=red, width=2 * s)
    lcx = (lx0 + lx1) / 2
    p.text((lcx, ly0 + 44 * s), title, 40 * s, fill=ink, bold=1.0 * s)
    p.text((lcx, ly0 + 88 * s), sub, 30 * s, fill=red, bold=0.6 * s)
    for i in range(chilies):
        ix = lcx + (i - (chilies - 1) / 2) * 62 * s
        c.sprite(chili_sprite(84 * s, 0.25), ix, ly0 + 138 * s, angle=-24)
    if level:
        p.text((lcx, ly1 - 34 * s), level, 25 * s, fill=ink, bold=0.5 * s)
    else:
        p.text((lcx, ly1 - 34 * s), "Bu Sari · 200 g", 21 * s, fill=ink)
    c.shade_x(label, x0, x1, lambda t: 0.25 * (abs(t - 0.45) / 0.55) ** 2.5, (30, 20, 10))


def photo_sambal_single(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#e5f1e6", "#d6e9d9", floor="#cde3d0", floor_y=820)
    sambal_jar(c, 600, 1000, 1.15, seed=3)
    rng = random.Random(9)
    c.sprite(chili_sprite(230, 0.35), 300, 1060, angle=18, shadow=0.4)
    c.sprite(chili_sprite(200, 0.25), 930, 1090, angle=160, shadow=0.4)
    c.sprite(chili_sprite(180, 0.3, color="#e0462a"), 220, 1130, angle=-8, shadow=0.4)
    c.sprite(garlic_sprite(115), 900, 960, angle=rng.uniform(-15, 15), shadow=0.4)
    c.sprite(garlic_sprite(80, skin="#c7707b", tint="#7f2f3d"), 1000, 1030, angle=25, shadow=0.4)
    c.sprite(garlic_sprite(70, skin="#c7707b", tint="#7f2f3d"), 810, 1060, angle=-30, shadow=0.4)
    c.save_jpeg(path)


def photo_sambal_levels(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#f4eee0", "#ebe2cf", floor="#e3d7bf", floor_y=720)
    for cx, sambal, lid, level, n, seed in ((275, "#d0552a", "#d9822b", "Sedang", 1, 21),
                                            (600, "#b3301d", "#c0392b", "Pedas", 2, 22),
                                            (925, "#7e1d14", "#5b1f1a", "Extra pedas", 3, 23)):
        sambal_jar(c, cx, 1000, 0.92, sambal=sambal, lid=lid, level=level, chilies=n, seed=seed)
    c.sprite(chili_sprite(170, 0.3), 450, 1090, angle=12, shadow=0.4)
    c.sprite(chili_sprite(150, 0.2, color="#e0462a"), 760, 1100, angle=170, shadow=0.4)
    c.save_jpeg(path)


def radial_mask(size, box, inner=1.0, outer=0.0) -> Image.Image:
    """Full-size L mask: a radial gradient inside box (inner value at the centre, outer at the rim)."""
    m = Image.new("L", size, round(255 * outer))
    x0, y0, x1, y1 = [round(v * K) for v in box]
    g = Image.radial_gradient("L").resize((max(1, x1 - x0), max(1, y1 - y0)), Image.BILINEAR)
    g = g.point(lambda v: round(255 * (inner + (outer - inner) * min(1.0, v / 255))))
    m.paste(g, (x0, y0))
    return m


def ata_bag(c: Canvas, cx, cy, R, strap_top: float | None = None):
    honey, brown, deep = hexc("#cf9d5e"), hexc("#9a6534"), hexc("#6e4222")
    leather = hexc("#5a321c")
    p = c.pen()
    body = lambda p, f: p.ellipse(circle(cx, cy, R), fill=f)
    # the strap hangs from two brass rings sewn to the rim, about 50 degrees either side of the top
    ring_at = [(cx + sx * R * 0.78, cy - R * 0.63) for sx in (-1, 1)]
    if strap_top is None:
        path = bezier(ring_at[0], (cx, cy - R * 2.05), ring_at[1], 60)
    else:
        path = [ring_at[0], (cx, strap_top), ring_at[1]]
    strap = lambda p, f: p.line(path, fill=f, width=18, joint="curve")
    c.shadow(strap, dx=18, dy=16, blur=10, opacity=0.25)
    c.shadow(body, dx=26, dy=30, blur=26, opacity=0.35)
    c.fill(strap, leather)
    if strap_top is None:
        p.line([(x - 4, y - 4) for x, y in path[12:48]], fill=lighter(leather, 0.25), width=3)
    c.fill(body, honey)
    # spiral coil weave: rings of wrapped stitches
    ring = 22
    r = R - 18
    k = 0
    while r > 26:
        p.ellipse(circle(cx, cy, r), outline=brown, width=3)
        n = max(8, int(2 * math.pi * r / 17))
        for i in range(n):
            a = (i + 0.5 * (k % 2)) / n * 2 * math.pi
            r0, r1 = r - ring * 0.15, r - ring * 0.85
            da = 0.12 * ring / r
            pa = (cx + math.cos(a) * r0, cy + math.sin(a) * r0)
            pb = (cx + math.cos(a + da) * r1, cy + math.sin(a + da) * r1)
            p.line([pa, pb], fill=deep, width=5)
            p.line([(pa[0] - 2, pa[1] - 2), (pb[0] - 2, pb[1] - 2)], fill=lighter(honey, 0.35), width=2)
        r -= ring
        k += 1
    p.ellipse(circle(cx, cy, 28), fill=brown)
    p.ellipse(circle(cx, cy, 14), fill=deep)
    # bound rim
    p.ellipse(circle(cx, cy, R - 6), outline=deep, width=16)
    for i in range(120):
        a = i / 120 * 2 * math.pi
        p.line([(cx + math.cos(a) * (R - 14), cy + math.sin(a) * (R - 14)),
                (cx + math.cos(a + 0.03) * (R + 1), cy + math.sin(a + 0.03) * (R + 1))], fill=brown, width=4)
    # round-object lighting
    m = ImageChops.multiply(radial_mask(c.size, circle(cx - R * 0.3, cy - R * 0.35, R * 1.0), 1.0, 0.0),
                            c.mask(body))
    c.tint(m, (255, 240, 210), 0.30)
    m = ImageChops.multiply(radial_mask(c.size, circle(cx - R * 0.2, cy - R * 0.25, R * 1.45), 0.0, 1.0),
                            c.mask(body))
    c.tint(m, (40, 20, 5), 0.40)
    # leather clasp with stitching and a wooden toggle
    tab = lambda p, f: p.rrect((cx - 52, cy - R - 30, cx + 52, cy - R + 130), 22, fill=f)
    c.shadow(tab, dx=6, dy=10, blur=8, opacity=0.35)
    c.fill(tab, leather)
    for y in range(int(cy - R - 18), int(cy - R + 118), 14):
        p.line([(cx - 40, y), (cx - 40, y + 7)], fill=hexc("#d7bf94"), width=2)
        p.line([(cx + 40, y), (cx + 40, y + 7)], fill=hexc("#d7bf94"), width=2)
    p.ellipse(circle(cx, cy - R + 92, 20), fill=hexc("#8a5a32"))
    p.ellipse(circle(cx - 5, cy - R + 87, 7), fill=hexc("#b07b4b"))
    for x, y in ring_at:
        p.ellipse(circle(x, y, 22), outline=hexc("#7c6a45"), width=9)
        p.ellipse(circle(x, y, 22), outline=hexc("#c9b27c"), width=5)
        p.rrect((x - 12, y + 8, x + 12, y + 40), 5, fill=leather)


def photo_ata_front(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#f6e4e8", "#edd3da", floor="#e6c9d0", floor_y=820)
    contact_shadow(c, 620, 1040, 260, 22, opacity=0.45)
    ata_bag(c, 600, 690, 350)
    c.save_jpeg(path)


def fake_camera_exif() -> Image.Exif:
    """EXIF for the orientation fixture: Orientation 6, a made-up camera and a made-up GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "ContohCam"            # Make
    exif[0x0110] = "Lapak Test Phone 1"   # Model
    exif[0x0112] = 6                      # Orientation: rotate 90 degrees clockwise to display
    exif[0x0131] = "scripts/make_example_photos.py"  # Software
    exif[0x0132] = "2024:05:01 10:00:00"  # DateTime

    def dms(value: float):
        deg = int(value)
        minutes = int((value - deg) * 60)
        seconds = Fraction(round(((value - deg) * 60 - minutes) * 60 * 100), 100)
        return (TiffImagePlugin.IFDRational(deg, 1), TiffImagePlugin.IFDRational(minutes, 1),
                TiffImagePlugin.IFDRational(seconds.numerator, seconds.denominator))

    gps = exif.get_ifd(0x8825)            # GPSInfo IFD
    gps[0x0000] = b"\x02\x03\x00\x00"     # GPSVersionID 2.3.0.0
    gps[0x0001] = "S"                     # GPSLatitudeRef
    gps[0x0002] = dms(7.5755)             # GPSLatitude  (fake: 7 deg 34' 31.8" S)
    gps[0x0003] = "E"                     # GPSLongitudeRef
    gps[0x0004] = dms(110.8243)           # GPSLongitude (fake: 110 deg 49' 27.48" E)
    return exif


def photo_ata_hanging_exif(path: Path):
    c = Canvas(1200, 1500)
    backdrop(c, "#dcefec", "#cfe5e1", glow_at=(0.5, 0.5))
    p = c.pen()
    # a wooden peg on the wall
    peg = lambda p, f: (p.rrect((520, 170, 680, 210), 18, fill=f), p.ellipse(circle(600, 240, 42), fill=f))
    c.shadow(peg, dx=14, dy=16, blur=12, opacity=0.3)
    c.fill(lambda p, f: p.rrect((520, 170, 680, 210), 18, fill=f), hexc("#8a5a32"))
    c.fill(lambda p, f: p.ellipse(circle(600, 240, 42), fill=f), hexc("#a8703f"))
    p.ellipse(circle(588, 228, 14), fill=hexc("#c48c58"))
    ata_bag(c, 600, 930, 330, strap_top=250)
    # a few stems of dried pampas grass at the side, so the picture has an obvious "up"
    rng = random.Random(8)
    for i, (x, lean) in enumerate(((1000, 0.0), (1050, 40.0), (955, -44.0))):
        stem = bezier((x, 1500), (x + lean * 0.4, 1100), (x + lean, 700 - i * 40))
        p.line(stem, fill=hexc("#b89a6a"), width=6)
        plume = bezier(stem[-12], (stem[-1][0] + lean * 0.1, stem[-1][1] - 120), (stem[-1][0] + lean * 0.2,
                                                                                   stem[-1][1] - 260), 50)
        fluff = Image.new("L", c.size, 0)
        fp = Pen(fluff)
        fp.line(plume[4:-4], fill=140, width=40)
        for j, (px, py) in enumerate(plume):
            t = j / (len(plume) - 1)
            reach = 50 * math.sin(math.pi * min(1.0, 0.12 + t * 0.95)) + 8
            for _ in range(3):
                side = rng.choice((-1, 1))
                ang = math.radians(rng.uniform(25, 75))
                ln = reach * rng.uniform(0.5, 1.0)
                fp.line([(px, py), (px + side * ln * math.cos(ang), py - ln * math.sin(ang))], fill=255, width=4)
        fluff = fluff.filter(ImageFilter.GaussianBlur(2 * K))
        c.img.paste(hexc("#b9a27a"), (6 * K, 8 * K), fluff.point(lambda v: v * 0.25))
        c.tint(fluff, hexc("#eadbb6"), 1.0)
    c.save_jpeg(path, exif=fake_camera_exif(), rotate_for_exif=True)


def soap_bar(c: Canvas, x0, y, w, h, depth, color: Color, word: str, fleck: Color, seed: int):
    """A bar of soap seen slightly from above: top face (lighter) and front face with an embossed word."""
    inset = depth * 0.45
    top_face = lambda p, f: p.poly([(x0 + inset, y - depth), (x0 + w - inset, y - depth), (x0 + w, y + 8),
                                    (x0, y + 8)], fill=f)
    front = lambda p, f: p.rrect((x0, y, x0 + w, y + h), 16, fill=f)
    whole = lambda p, f: (top_face(p, f), front(p, f))
    c.shadow(whole, dx=16, dy=14, blur=12, opacity=0.28)
    c.fill(top_face, lighter(color, 0.22))
    c.fill(front, color)
    rng = random.Random(seed)
    spots = c.mask(lambda p, f: [p.ellipse(circle(rng.uniform(x0, x0 + w), rng.uniform(y - depth, y + h),
                                                  rng.uniform(1.5, 3.5)), fill=f) for _ in range(int(w * 0.5))])
    c.img.paste(fleck, (0, 0), ImageChops.multiply(spots, c.mask(whole)))
    c.shade_x(front, x0, x0 + w, lambda t: 0.2 * (abs(t - 0.4) / 0.6) ** 2, (30, 20, 10))
    c.shade_y(front, y, y + h, lambda t: 0.16 * t, (30, 20, 10))
    p = c.pen()
    p.line([(x0 + 14, y + 2), (x0 + w - 14, y + 2)], fill=lighter(color, 0.4), width=4)
    cx, cy = x0 + w / 2, y + h / 2
    p.text((cx + 1.5, cy + 1.5), word, h * 0.42, fill=lighter(color, 0.3), bold=1)
    p.text((cx, cy), word, h * 0.42, fill=darker(color, 0.2), bold=1)


def lemongrass(c: Canvas, start, end, ctrl, width):
    path = bezier(start, ctrl, end)
    stalk = lambda p, f: p.poly(tapered(path, width, width * 0.25), fill=f)
    c.shadow(stalk, dx=8, dy=10, blur=8, opacity=0.3)
    c.fill(stalk, hexc("#b9cf7c"))
    base = path[:12]
    c.fill(lambda p, f: p.poly(tapered(base, width * 1.05, width * 0.9, round_tip=False), fill=f), hexc("#efe7c8"))
    p = c.pen()
    p.line(path[2:-6], fill=hexc("#8fb055"), width=width * 0.08)


def turmeric_slices(c: Canvas, spots):
    """Round slices of fresh turmeric: brown skin, bright orange inside with a paler ring."""
    for x, y, r in spots:
        disc = lambda p, f, x=x, y=y, r=r: p.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=f)
        c.shadow(disc, dx=5, dy=8, blur=6, opacity=0.35)
        c.fill(disc, hexc("#9c6433"))
        p = c.pen()
        p.ellipse((x - r * 0.9, y - r * 0.72, x + r * 0.9, y + r * 0.72), fill=hexc("#f08a12"))
        p.ellipse((x - r * 0.62, y - r * 0.5, x + r * 0.62, y + r * 0.5), outline=hexc("#f7b04a"), width=3)
        p.ellipse((x - r * 0.5, y - r * 0.5, x - r * 0.1, y - r * 0.25), fill=hexc("#f9b860"))


def photo_soap_stack(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#ebe6f4", "#dfd8ee", floor="#d8d0e8", floor_y=700)
    lemongrass(c, (130, 1010), (540, 1120), (300, 1000), 30)
    lemongrass(c, (150, 1060), (500, 1160), (320, 1080), 24)
    contact_shadow(c, 610, 960, 330, 28, opacity=0.4)
    soap_bar(c, 290, 820, 620, 140, 80, hexc("#a7c47a"), "SEREH", hexc("#6f8f45"), 1)
    soap_bar(c, 320, 642, 560, 130, 72, hexc("#f0c24e"), "KUNYIT", hexc("#d9861a"), 2)
    soap_bar(c, 355, 476, 490, 122, 64, hexc("#8a5b3c"), "KOPI", hexc("#3b2416"), 3)
    turmeric_slices(c, [(880, 1060, 44), (975, 1095, 40), (930, 1140, 36)])
    c.save_jpeg(path)


def leaf(c: Canvas, x, y, length, angle, color="#7da35a"):
    a = math.radians(angle)
    tip = (x + math.cos(a) * length, y + math.sin(a) * length)
    nx, ny = -math.sin(a) * length * 0.28, math.cos(a) * length * 0.28
    mid = ((x + tip[0]) / 2, (y + tip[1]) / 2)
    left = bezier((x, y), (mid[0] + nx, mid[1] + ny), tip, 20)
    right = bezier(tip, (mid[0] - nx, mid[1] - ny), (x, y), 20)
    shape = lambda p, f: p.poly(left + right, fill=f)
    c.shadow(shape, dx=6, dy=8, blur=6, opacity=0.25)
    c.fill(shape, hexc(color))
    c.pen().line([(x, y), tip], fill=lighter(hexc(color), 0.3), width=3)


def photo_soap_wrapped(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#ebe6f4", "#dfd8ee", floor="#d8d0e8", floor_y=520)
    for x, y, ln, ang in ((230, 930, 240, -160), (240, 950, 200, 160), (970, 560, 220, -25), (960, 590, 180, 18)):
        leaf(c, x, y, ln, ang)
    x0, y, w, h, depth = 280, 760, 640, 120, 180
    contact_shadow(c, 600, y + h, 340, 26, opacity=0.4)
    soap_bar(c, x0, y, w, h, depth, hexc("#a7c47a"), "", hexc("#6f8f45"), 4)
    # kraft paper band over the top and down the front
    inset = depth * 0.45
    bx0, bx1 = 500, 700
    top_band = lambda p, f: p.poly([(bx0 + inset * 0.32, y - depth), (bx1 - inset * 0.32, y - depth),
                                    (bx1, y + 8), (bx0, y + 8)], fill=f)
    front_band = lambda p, f: p.rect((bx0, y + 4, bx1, y + h), fill=f)
    c.fill(top_band, hexc("#dcb98f"))
    c.fill(front_band, hexc("#c49c70"))
    c.shade_y(front_band, y, y + h, lambda t: 0.14 * t, (50, 30, 10))
    p = c.pen()
    twine = hexc("#f3ead6")
    for x_top, x_bot in ((bx0 + 20, bx0 + 12), (bx1 - 20, bx1 - 12)):
        p.line([(x_top, y - depth), (x_bot, y + 8)], fill=twine, width=4)
        p.line([(x_bot, y + 8), (x_bot, y + h)], fill=twine, width=4)
    # printed label lying on the top face: drawn flat, then squashed to match the perspective
    lw, lh = 150, 170
    lab, lp = new_sprite(lw, lh)
    lp.rrect((0, 0, lw, lh), 10, fill=hexc("#f7f0e3"))
    lp.rrect((6, 6, lw - 6, lh - 6), 7, outline=hexc("#5d7d3a"), width=2)
    lp.text((lw / 2, 46), "SABUN", 26, fill=hexc("#3a2a1a"), bold=0.8)
    lp.text((lw / 2, 80), "SEREH", 26, fill=hexc("#3a2a1a"), bold=0.8)
    lp.line([(35, 104), (lw - 35, 104)], fill=hexc("#5d7d3a"), width=2)
    lp.text((lw / 2, 126), "handmade", 17, fill=hexc("#5d7d3a"))
    lp.text((lw / 2, 148), "100 g", 17, fill=hexc("#5d7d3a"))
    lab = lab.resize((lab.width, round(lab.height * 0.62)), Image.LANCZOS)
    c.sprite(lab, 600, y - depth / 2 + 2)
    # twine bow on the front
    p.line([(550, y + 40), (600, y + 28), (650, y + 40)], fill=twine, width=5)
    p.line([(550, y + 40), (560, y + 16), (600, y + 28), (640, y + 16), (650, y + 40)], fill=twine, width=5)
    p.ellipse(circle(600, y + 28, 9), fill=twine)
    p.line([(600, y + 28), (578, y + 86)], fill=twine, width=5)
    p.line([(600, y + 28), (624, y + 84)], fill=twine, width=5)
    c.save_jpeg(path)


def photo_tenun(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#f6eed6", "#efe3c4", glow_at=(0.5, 0.45))
    p = c.pen()
    x0, x1, y0, y1 = 300, 900, 230, 1030
    cloth = lambda p, f: p.rect((x0, y0, x1, y1), fill=f)
    # nail and hanging cord
    p.line([(230, 215), (600, 95), (970, 215)], fill=hexc("#6e5a44"), width=4)
    p.ellipse(circle(600, 92, 10), fill=hexc("#7a7a80"))
    c.shadow(cloth, dx=24, dy=28, blur=26, opacity=0.3)
    rng = random.Random(4)
    c.fill_image(cloth, ikat_pattern(c.size, rng))
    # gentle vertical folds
    c.shade_x(cloth, x0, x1, lambda t: 0.2 * (0.5 + 0.5 * math.sin(t * 2 * math.pi * 3.2 - 1.2)), (20, 10, 10))
    c.shade_x(cloth, x0, x1, lambda t: 0.12 * max(0.0, math.sin(t * 2 * math.pi * 3.2 + 0.6)), (255, 250, 235))
    # fringe
    fringe = Image.new("L", c.size, 0)
    fp = Pen(fringe)
    colours = [hexc("#9b2f24"), hexc("#efe2c6"), hexc("#27385e"), hexc("#9b2f24")]
    for i, x in enumerate(range(x0 + 6, x1 - 2, 9)):
        ln = 70 + rng.uniform(-8, 8)
        sway = rng.uniform(-6, 6)
        p.line([(x, y1), (x + sway * 0.5, y1 + ln * 0.6), (x + sway, y1 + ln)], fill=colours[(i // 3) % 4], width=4)
        fp.line([(x, y1), (x + sway * 0.5, y1 + ln * 0.6), (x + sway, y1 + ln)], fill=255, width=4)
    fringe_shade = ImageChops.multiply(fringe, c.mask(lambda p, f: p.rect((0, y1 + 30, c.w, c.h), fill=f)))
    c.tint(fringe_shade, (20, 10, 10), 0.3)
    # wooden rod with the cloth wrapped over it
    c.fill(lambda p, f: p.rect((x0, y0 - 6, x1, y0 + 26), fill=f), hexc("#7d2620"))
    c.shade_y(lambda p, f: p.rect((x0, y0 - 6, x1, y0 + 26), fill=f), y0 - 6, y0 + 26,
              lambda t: 0.3 * abs(t - 0.35) * 1.5, (20, 10, 10))
    rod = lambda p, f: (p.rrect((215, 200, 985, 232), 16, fill=f),)
    c.shadow(rod, dx=12, dy=14, blur=10, opacity=0.3)
    c.fill(lambda p, f: p.rrect((215, 200, x0, 232), 16, fill=f), hexc("#9b6a3e"))
    c.fill(lambda p, f: p.rrect((x1, 200, 985, 232), 16, fill=f), hexc("#9b6a3e"))
    for x in (215, 985):
        p.ellipse(circle(x, 216, 24), fill=hexc("#7e5230"))
        p.ellipse(circle(x - 6, 210, 9), fill=hexc("#b07b4b"))
    c.save_jpeg(path)


def gradient_sprite(w, h, colour_at: Callable[[float, float], tuple[Color, float]]) -> Image.Image:
    """RGBA sprite (K scale) from a function of normalised (x, y) -> (colour, alpha 0..1)."""
    W, H = max(1, round(w * K)), max(1, round(h * K))
    img = Image.new("RGBA", (W, H))
    data = []
    for py in range(H):
        for px in range(W):
            col, a = colour_at((px + 0.5) / W, (py + 0.5) / H)
            data.append((*col, round(255 * max(0.0, min(1.0, a)))))
    img.putdata(data)
    return img


def ramp(stops: list[tuple[float, Color]], t: float) -> Color:
    """Colour at t along a list of (position, colour) stops."""
    for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
        if t <= t1:
            return mix(c0, c1, max(0.0, (t - t0) / max(1e-6, t1 - t0)))
    return stops[-1][1]


NASTAR_TOP = [(0.0, hexc("#c9741f")), (0.45, hexc("#dc9234")), (0.68, hexc("#e7ad55")), (0.8, hexc("#f1d39a")),
              (0.93, hexc("#e8c283")), (1.0, hexc("#cf9f5e"))]
NASTAR_SIDE = [(0.0, hexc("#c06c1d")), (0.3, hexc("#d98c30")), (0.52, hexc("#e7ad55")), (0.68, hexc("#f1d6a0")),
               (0.9, hexc("#e5bd7e")), (1.0, hexc("#c99956"))]


def clove(p: Pen, cx, cy, d, side=False):
    """A clove stuck in the top: four dark sepals (from above) or a stalk with a bud (from the side)."""
    dark, mid = hexc("#3b2114"), hexc("#5a3320")
    if side:
        p.line([(cx, cy + d * 0.05), (cx, cy - d * 0.07)], fill=dark, width=d * 0.05)
        for dx in (-0.035, 0.0, 0.035):
            p.ellipse(circle(cx + dx * d, cy - d * 0.08, d * 0.026), fill=mid if dx else dark)
        return
    for a in (45, 135, 225, 315):
        x, y = cx + math.cos(math.radians(a)) * d * 0.055, cy + math.sin(math.radians(a)) * d * 0.055
        p.ellipse(circle(x, y, d * 0.042), fill=dark)
    p.ellipse(circle(cx, cy, d * 0.036), fill=mid)


def nastar_sprite(d=88, seed=0):
    """Nastar from above: glossy egg-yolk glazed dome fading to a pale rim, a clove in the middle."""
    rng = random.Random(seed)
    ox, oy = rng.uniform(-0.03, 0.03), rng.uniform(-0.03, 0.03)

    def colour_at(x, y):
        r = math.hypot(x - 0.5, y - 0.5) * 2
        g = min(1.0, math.hypot(x - 0.5 - ox, y - 0.5 - oy) * 2)
        spec = max(0.0, 1 - math.hypot((x - 0.36) / 0.12, (y - 0.3) / 0.07))
        return mix(ramp(NASTAR_TOP, g), (255, 236, 190), 0.7 * spec), (1 - r) * d * K / 2

    spr = gradient_sprite(d, d, colour_at)
    clove(Pen(spr), d / 2 + ox * d, d / 2 + oy * d, d)
    return spr


def nastar_side_sprite(d=92, seed=0):
    """Nastar from the side: a slightly flattened ball, glazed on top, pale below, clove on top."""
    rng = random.Random(seed)
    d *= rng.uniform(0.95, 1.05)
    h = d * 0.86
    pad = d * 0.14

    def colour_at(x, y):
        ny = (y * (h + pad) - pad) / h  # 0 at the top of the ball, 1 at the bottom
        r = math.hypot((x - 0.5) * 2, (ny - 0.5) * 2)
        if ny < 0:
            return (0, 0, 0), 0.0
        t = min(1.0, max(0.0, ny + 0.12 * (abs(x - 0.5) * 2) ** 2))
        spec = max(0.0, 1 - math.hypot((x - 0.36) / 0.1, (ny - 0.2) / 0.06))
        return mix(ramp(NASTAR_SIDE, t), (255, 236, 190), 0.75 * spec), (1 - r) * d * K / 2

    spr = gradient_sprite(d, h + pad, colour_at)
    clove(Pen(spr), d / 2 + rng.uniform(-0.03, 0.03) * d, pad + d * 0.03, d, side=True)
    return spr


def photo_nastar_jar(path: Path):
    c = Canvas(1200, 1200)
    backdrop(c, "#e1e8f6", "#d4ddf0", floor="#cbd5ea", floor_y=860)
    cx, top, bottom, r = 560, 430, 1010, 235
    glass = lambda p, f: p.rrect((cx - r, top, cx + r, bottom), 46, fill=f)
    contact_shadow(c, cx + 14, bottom - 6, r * 1.15, 30, opacity=0.42)
    c.shadow(glass, dx=28, dy=8, blur=26, opacity=0.16)
    c.fill(glass, hexc("#eef2f8"))
    # cookies packed in rows (behind the glass)
    layer = Image.new("RGBA", c.size, (0, 0, 0, 0))
    seed = 0
    d = 92
    rows = 0
    y = bottom - 56
    jitter = random.Random(31)
    while y > top + 60:
        off = (rows % 2) * d / 2
        x = cx - r + 30 + off
        while x < cx + r - 30:
            spr = nastar_side_sprite(d, seed)
            seed += 1
            px, py = x + jitter.uniform(-5, 5), y + jitter.uniform(-4, 4)
            layer.paste(spr, (round(px * K - spr.width / 2), round(py * K - spr.height / 2)), spr)
            x += d
        y -= d * 0.74
        rows += 1
    inner = c.mask(lambda p, f: p.rrect((cx - r + 14, top + 40, cx + r - 14, bottom - 12), 36, fill=f))
    layer.putalpha(ImageChops.multiply(layer.getchannel("A"), inner))
    c.img.paste(layer, (0, 0), layer)
    # glass: tint, edges, highlights, rim
    c.tint(c.mask(glass), (235, 242, 252), 0.16)
    c.shade_x(glass, cx - r, cx + r, lambda t: 0.3 * (abs(t - 0.45) / 0.55) ** 3, (20, 30, 50))
    c.shade_x(glass, cx - r, cx + r, lambda t: 0.7 * max(0.0, 1 - abs(t - 0.12) / 0.03)
              + 0.35 * max(0.0, 1 - abs(t - 0.2) / 0.012)
              + 0.3 * max(0.0, 1 - abs(t - 0.88) / 0.02), (255, 255, 255))
    p = c.pen()
    p.rrect((cx - r, top, cx + r, bottom), 46, outline=hexc("#c9d2e2"), width=3)
    # red lid with a knob, the classic Lebaran toples
    red = hexc("#c8322c")
    lid = lambda p, f: p.rrect((cx - r - 14, top - 70, cx + r + 14, top + 36), 26, fill=f)
    knob = lambda p, f: p.rrect((cx - 70, top - 112, cx + 70, top - 56), 20, fill=f)
    c.shadow(lid, dx=10, dy=10, blur=10, opacity=0.2)
    c.fill(knob, darker(red, 0.05))
    c.fill(lid, red)
    for shape in (lid, knob):
        c.shade_x(shape, cx - r, cx + r, lambda t: 0.3 * (abs(t - 0.4) / 0.6) ** 2, (30, 5, 5))
        c.shade_x(shape, cx - r, cx + r, lambda t: 0.5 * max(0.0, 1 - abs(t - 0.18) / 0.04), (255, 255, 255))
    p.line([(cx - r, top + 6), (cx + r, top + 6)], fill=darker(red, 0.25), width=4)
    # a small plate with a few cookies in front
    pcx, pcy = 930, 1060
    plate = lambda p, f: p.ellipse((pcx - 190, pcy - 70, pcx + 190, pcy + 70), fill=f)
    c.shadow(plate, dx=10, dy=14, blur=12, opacity=0.3)
    c.fill(plate, hexc("#fbfbf8"))
    p.ellipse((pcx - 150, pcy - 50, pcx + 150, pcy + 50), outline=hexc("#e2e4ea"), width=4)
    for i, (x, y) in enumerate(((30, -20), (-70, -10), (90, 20), (-20, 30))):
        c.sprite(nastar_side_sprite(100, 100 + i), pcx + x, pcy + y - 34, shadow=0.35, shadow_dy=10)
    c.save_jpeg(path)


def photo_nastar_plate(path: Path):
    c = Canvas(1200, 1200)
    # top view: a plate on a table, with a kawung cloth napkin under it
    c.img.paste(vertical_gradient(c.size, hexc("#e4eaf6"), hexc("#d6def0")))
    c.glow(circle(560, 520, 560), (255, 255, 255), 0.4, 140)
    napkin = lambda p, f: p.poly([(80, 330), (760, 150), (920, 760), (240, 940)], fill=f)
    c.shadow(napkin, dx=10, dy=14, blur=12, opacity=0.22)
    c.fill_image(napkin, kawung_pattern(c.size, hexc("#f3e6cf"), hexc("#d8b77e"), hexc("#2c3e63"), cell=90))
    plate = lambda p, f: p.ellipse(circle(640, 640, 430), fill=f)
    c.shadow(plate, dx=18, dy=24, blur=22, opacity=0.35)
    c.fill(plate, hexc("#fdfdfb"))
    p = c.pen()
    p.ellipse(circle(640, 640, 330), outline=hexc("#e6e8ee"), width=6)
    p.ellipse(circle(640, 640, 420), outline=hexc("#eceef2"), width=3)
    c.tint(radial_mask(c.size, circle(640, 640, 430), 0.0, 1.0), (120, 130, 150), 0.12)
    rng = random.Random(12)
    spots = [(640, 640)] + [(640 + math.cos(a) * 150, 640 + math.sin(a) * 150)
                            for a in [i * 2 * math.pi / 7 + 0.3 for i in range(7)]]
    spots += [(640 + math.cos(a) * 280, 640 + math.sin(a) * 280) for a in [i * 2 * math.pi / 11 for i in range(11)]]
    for i, (x, y) in enumerate(spots):
        c.sprite(nastar_sprite(128, 200 + i), x + rng.uniform(-8, 8), y + rng.uniform(-8, 8),
                 angle=rng.uniform(-10, 10), shadow=0.4, shadow_dy=8)
    c.sprite(nastar_sprite(128, 300), 1080, 1090, shadow=0.4, shadow_dy=8)
    c.sprite(nastar_sprite(128, 301), 150, 1080, shadow=0.4, shadow_dy=8)
    c.save_jpeg(path)


# --------------------------------------------------------------------------- logo

def make_logo(path: Path):
    """512x512 transparent PNG: round badge with a kawung ring and the 'BS' monogram."""
    k = 4
    size = 512
    img = Image.new("RGBA", (size * k, size * k), (0, 0, 0, 0))
    p = Pen(img, k=k)
    brown, cream, gold = hexc("#6e3b1f"), hexc("#f5e9d3"), hexc("#d9a441")
    p.ellipse(circle(256, 256, 250), fill=brown)
    p.ellipse(circle(256, 256, 226), outline=cream, width=5)
    p.ellipse(circle(256, 256, 168), outline=cream, width=3)
    # ring of kawung flowers between the two circles
    for i in range(16):
        a = i / 16 * 2 * math.pi
        x, y = 256 + math.cos(a) * 197, 256 + math.sin(a) * 197
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            rx, ry = (5, 8) if dx == 0 else (8, 5)
            p.ellipse((x + dx * 8 - rx, y + dy * 8 - ry, x + dx * 8 + rx, y + dy * 8 + ry), fill=gold)
        p.ellipse(circle(x, y, 2.5), fill=brown)
    p.text((256, 238), "BS", 150, fill=cream, anchor="mm", bold=4)
    p.text((256, 330), "DAPUR & KAIN", 26, fill=gold, anchor="mm", bold=0.6)
    img = img.resize((size, size), Image.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({size}x{size}, {path.stat().st_size // 1024} KB)")


# --------------------------------------------------------------------------- QRIS


QRIS_TEXT = "CONTOH QRIS toko contoh Lapak: bukan kode pembayaran sungguhan"


def make_qris(path: Path):
    """720x960 PNG: a QRIS display card (red header, merchant name, QR code, NMID) for the example store.

    The code holds plain text that says it is an example, not a payment payload, so no app can pay with
    it. The code itself is drawn on whole pixels, without smoothing, so it scans from the published
    WebP files too. Needs segno (one of Lapak's own dependencies).
    """
    import segno

    w, h = 720, 960
    red, dark, grey = hexc("#d71920"), hexc("#222222"), hexc("#666666")
    img = Image.new("RGB", (w * K, h * K), (255, 255, 255))
    p = Pen(img)
    p.rect((0, 0, w, 150), fill=red)
    p.text((w / 2, 62), "QRIS", 72, fill=(255, 255, 255), anchor="mm", bold=2)
    p.text((w / 2, 122), "QR Code Standar Pembayaran Nasional", 24, fill=(255, 255, 255), anchor="mm")
    p.text((w / 2, 200), "DAPUR & KAIN BU SARI", 34, fill=dark, anchor="mm", bold=1)
    p.text((w / 2, 240), "NMID: ID0000CONTOH0001", 22, fill=grey, anchor="mm")
    p.rect((0, h - 110, w, h), fill=hexc("#f3f3f3"))
    p.text((w / 2, h - 72), "CONTOH - BUKAN KODE PEMBAYARAN", 26, fill=red, anchor="mm", bold=0.8)
    p.text((w / 2, h - 36), "Toko contoh Lapak", 20, fill=grey, anchor="mm")
    img = img.resize((w, h), Image.LANCZOS)
    qr = segno.make(QRIS_TEXT, error="m", boost_error=False)
    modules = [[bool(v) for v in row] for row in qr.matrix]
    n = len(modules)
    scale = 520 // (n + 8)  # whole pixels per module, with a quiet zone of four modules each side
    side = scale * (n + 8)
    x0, y0 = (w - side) // 2, 280
    d = ImageDraw.Draw(img)
    for r, row in enumerate(modules):
        for c, dark_module in enumerate(row):
            if dark_module:
                x, y = x0 + (c + 4) * scale, y0 + (r + 4) * scale
                d.rectangle((x, y, x + scale - 1, y + scale - 1), fill=(0, 0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({w}x{h}, {path.stat().st_size // 1024} KB)")


# --------------------------------------------------------------------------- cover


def make_cover(path: Path):
    """1800x600 JPEG: the storefront's cover, a band of sogan kawung batik with a warm light across it."""
    c = Canvas(1800, 600)
    whole = lambda pen, fill: pen.rect((0, 0, 1800, 600), fill=fill)  # noqa: E731
    c.fill_image(whole, kawung_pattern(c.size, hexc("#e9d3ad"), hexc("#b8864b"), hexc("#4a2c1a"), cell=150))
    c.tint(c.mask(whole), hexc("#5a3418"), 0.28)  # sogan: the pattern dyed a soft brown
    c.glow((300, -300, 1500, 700), hexc("#fff1d6"), 0.45, 160)
    c.save_jpeg(path)


# --------------------------------------------------------------------------- main

PHOTOS: list[tuple[str, Callable[[Path], None]]] = [
    ("kemeja-batik-parang/1.jpg", photo_batik_hanging),
    ("kemeja-batik-parang/2.jpg", photo_batik_folded),
    ("kopi-robusta-temanggung/1.jpg", photo_coffee_bag),
    ("kopi-robusta-temanggung/2.jpg", photo_coffee_cup),
    ("sambal-bawang/1.jpg", photo_sambal_single),
    ("sambal-bawang/2.jpg", photo_sambal_levels),
    ("nastar-nanas/1.jpg", photo_nastar_jar),
    ("nastar-nanas/2.jpg", photo_nastar_plate),
    ("tas-rotan-bulat/1.jpg", photo_ata_front),
    ("tas-rotan-bulat/2-exif-orientation-gps.jpg", photo_ata_hanging_exif),
    ("sabun-sereh-kunyit/1.jpg", photo_soap_stack),
    ("sabun-sereh-kunyit/2.jpg", photo_soap_wrapped),
    ("kain-tenun-troso/1.jpg", photo_tenun),
]


def check_exif_fixture(path: Path):
    """Sanity check: the fixture is sideways on disk and upright once EXIF orientation is applied."""
    with Image.open(path) as im:
        exif = im.getexif()
        assert im.size == (1500, 1200), im.size
        assert exif.get(0x0112) == 6
        assert exif.get_ifd(0x8825).get(0x0002), "GPS latitude missing"
        assert ImageOps.exif_transpose(im).size == (1200, 1500)


def main() -> None:
    make_logo(CONTENT / "logo.png")
    make_qris(CONTENT / "qris.png")
    make_cover(CONTENT / "sampul.jpg")
    for rel, draw in PHOTOS:
        draw(PRODUCTS / rel)
    check_exif_fixture(PRODUCTS / "tas-rotan-bulat/2-exif-orientation-gps.jpg")
    total = sum((PRODUCTS / rel).stat().st_size for rel, _ in PHOTOS)
    print(f"{len(PHOTOS)} photos, {total / 1024:.0f} KB in total")


if __name__ == "__main__":
    main()
