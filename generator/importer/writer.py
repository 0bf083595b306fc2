"""Imported items into product files: plan every change first, then write each file atomically.

A new product becomes ``products/<slug>/index.md``. A product imported before (the same
``import: {source, id}``) is updated only in the fields the marketplace owns, unless the seller
asks for everything (``--update all``). A seller's own file is never overwritten: a new product
whose address is taken gets a numbered one. Products missing from the new export are reported,
never deleted.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from generator.content.catalog import ALIASES, RESERVED_SLUGS
from generator.content.money import PriceError, parse_price
from generator.content.sources import PRODUCTS_DIR
from generator.content.text import slugify
from generator.content.yamlread import (Doc, FrontMatterError, YamlSyntaxError, load_yaml, normalise_text,
                                        split_front_matter)
from generator.importer.files import write_atomic
from generator.importer.model import Item, ItemVariant

log = logging.getLogger(__name__)

OWNED = ("price", "compare_at_price", "stock", "sold_out", "variants", "marketplaces")  # the marketplace's
_LONGEST_SLUG = 60  # characters: folder names stay short enough for Windows' path limit


@dataclass
class Existing:
    """A product file already in the store."""

    rel: str  # "products/kopi/index.md"
    path: Path
    slug: str
    key: tuple[str, str] | None  # (source, id) of an imported product
    doc: Doc | None  # None when its front matter cannot be read (it is then never touched)
    body: str = ""
    title: str = ""


@dataclass
class Change:
    """What the import does to one product."""

    item: Item
    action: str  # "add", "update" or "unchanged"
    path: Path  # its index.md
    rel: str
    text: str = ""  # the file's new text ("" when unchanged)
    photos: bool = False  # fetch its photos into the product's folder
    clash: str = ""  # the seller's file whose address this product could not take


@dataclass
class Plan:
    """Every change an import makes, worked out before anything is written."""

    changes: list[Change] = field(default_factory=list)
    missing: list[Existing] = field(default_factory=list)  # imported before, not in this export
    twins: list[Existing] = field(default_factory=list)  # a second file with the same import id: left alone


# --------------------------------------------------------------------------- the store as it is


def scan(root: Path) -> list[Existing]:
    """Every product file under ``products/`` with its address and import id, sorted by path."""
    base = root / PRODUCTS_DIR
    if not base.is_dir():
        return []
    found = []
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        if entry.name.startswith((".", "_", "~")):
            continue
        if entry.is_dir():
            path, default = Path(entry.path) / "index.md", entry.name
        elif entry.name.lower().endswith(".md"):
            path, default = Path(entry.path), entry.name[:-3]
        else:
            continue
        if path.is_file():
            found.append(_read_existing(root, path, slugify(default)))
    return found


def _read_existing(root: Path, path: Path, default_slug: str) -> Existing:
    rel = path.relative_to(root).as_posix()
    try:
        _fm, body, _ = split_front_matter(normalise_text(path.read_bytes()))
        doc = load_yaml(_fm)
    except (OSError, UnicodeDecodeError, FrontMatterError, YamlSyntaxError):
        return Existing(rel, path, default_slug, None, None)
    data = doc.data if isinstance(doc.data, dict) else {}
    slug = slugify(str(data["slug"])) if data.get("slug") not in (None, "") else default_slug
    key = None
    mark = data.get("import")
    if isinstance(mark, dict) and mark.get("source") not in (None, "") and mark.get("id") not in (None, ""):
        key = (str(mark["source"]), str(mark["id"]))
    return Existing(rel, path, slug, key, doc if isinstance(doc.data, dict) else None, body,
                    str(data.get("title") or data.get("judul") or ""))


# --------------------------------------------------------------------------- planning


def plan(root: Path, items: list[Item], currency: str, update_all: bool = False) -> Plan:
    """What importing ``items`` into the store at ``root`` changes; nothing is written."""
    existing = scan(root)
    by_key: dict[tuple[str, str], Existing] = {}
    result = Plan()
    for e in existing:
        if e.key is None:
            continue
        if e.key in by_key:
            result.twins.append(e)
        else:
            by_key[e.key] = e
    taken = {e.slug for e in existing} | set(RESERVED_SLUGS)
    owners = {e.slug: e.rel for e in existing}
    for entry in (root / PRODUCTS_DIR).iterdir() if (root / PRODUCTS_DIR).is_dir() else ():
        name = slugify(entry.name[:-3] if entry.name.lower().endswith(".md") else entry.name)
        taken.update((name, entry.name.lower()))
        owners.setdefault(name, f"{PRODUCTS_DIR}/{entry.name}")
    seen: set[tuple[str, str]] = set()
    for item in items:
        key = (item.source, str(item.source_id))
        seen.add(key)
        match = by_key.get(key)
        if match is not None and match.doc is not None:
            result.changes.append(_update(match, item, currency, update_all))
            continue
        slug, clash = _new_slug(item, taken, owners)
        taken.add(slug)
        path = root / PRODUCTS_DIR / slug / "index.md"
        result.changes.append(Change(item, "add", path, f"{PRODUCTS_DIR}/{slug}/index.md", render(item, currency),
                                     photos=bool(item.images), clash=clash))
    sources = {item.source for item in items}
    result.missing = [e for e in by_key.values() if e.key[0] in sources and e.key not in seen]
    return result


def _new_slug(item: Item, taken: set[str], owners: dict[str, str]) -> tuple[str, str]:
    """A free address for a new product, and the file that held the one it would have had."""
    base = _short_slug(slugify(item.title)) or _short_slug(slugify(f"{item.source}-{item.source_id}")) or "produk"
    if base not in taken:
        return base, ""
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}", owners.get(base, "")


def _short_slug(slug: str) -> str:
    if len(slug) <= _LONGEST_SLUG:
        return slug
    cut = slug[:_LONGEST_SLUG]
    return cut.rsplit("-", 1)[0] if "-" in cut[20:] else cut


# --------------------------------------------------------------------------- a new product file


def render(item: Item, currency: str) -> str:
    """The whole ``index.md`` of a new product: front matter, then the description."""
    return _file_text(front_matter(item, currency), item.description)


def front_matter(item: Item, currency: str) -> dict:
    """An item's front matter, in the order a seller reads it."""
    data: dict = {"title": _line(item.title)}
    price = product_price(item)
    if price is not None:
        data["price"] = _amount(price)
    if item.compare_at_price is not None and price is not None and item.compare_at_price > price:
        data["compare_at_price"] = _amount(item.compare_at_price)
    if item.category.strip():
        data["category"] = _line(item.category)
    tags = [_line(t) for t in item.tags if t.strip()]
    if tags:
        data["tags"] = tags
    if item.sku.strip():
        data["sku"] = _line(item.sku)
    stock = product_stock(item)
    if stock is not None:
        data["stock"] = stock
    if item.weight_grams:
        data["weight"] = int(item.weight_grams)
    if item.variants:
        data["variants"] = [_variant(v, name) for v, name in zip(item.variants, variant_names(item.variants))]
    markets = {key: url for key, url in item.marketplaces}
    if markets:
        data["marketplaces"] = markets
    if item.draft:
        data["draft"] = True
    data["import"] = {"source": item.source, "id": str(item.source_id)}
    return data


def product_price(item: Item) -> Decimal | None:
    """The product's price: its own, else its lowest variant price."""
    if item.price is not None:
        return item.price
    prices = [v.price for v in item.variants if v.price is not None]
    return min(prices) if prices else None


def product_stock(item: Item) -> int | None:
    """The product's stock: its own, or its variants' together when every variant's is known."""
    if not item.variants:
        return item.stock
    stocks = [v.stock for v in item.variants]
    if stocks and all(s is not None for s in stocks):
        return sum(stocks)  # type: ignore[arg-type]
    return item.stock


def variant_names(variants: tuple[ItemVariant, ...]) -> list[str]:
    """Each variant's name, made unique and never empty (a product file may not name one twice)."""
    names, used = [], set()
    for i, v in enumerate(variants, 1):
        name = _line(v.name) or " / ".join(_line(value) for _, value in v.options if value.strip()) or \
            _line(v.sku) or f"{i}"
        unique, n = name, 2
        while unique.casefold() in used:
            unique, n = f"{name} ({n})", n + 1
        used.add(unique.casefold())
        names.append(unique)
    return names


def _variant(v: ItemVariant, name: str) -> dict:
    data: dict = {"name": name}
    if v.price is not None:
        data["price"] = _amount(v.price)
    if v.compare_at_price is not None and (v.price is None or v.compare_at_price > v.price):
        data["compare_at_price"] = _amount(v.compare_at_price)
    if v.sku.strip():
        data["sku"] = _line(v.sku)
    if v.stock is not None:
        data["stock"] = v.stock
        if v.stock == 0:
            data["sold_out"] = True
    return data


def _amount(value: Decimal) -> int | str:
    """A price as the product file writes it: a whole number, or text such as "12.50"."""
    if value == value.to_integral_value():
        return int(value)
    return format(value, "f")


def _line(text: str) -> str:
    """Text on one line, without the spaces around it: a title, a name, a category."""
    return " ".join(str(text).split())


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as sellers see them in the README."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: D102
        return super().increase_indent(flow, False)


def _file_text(data: dict, body: str) -> str:
    # No line wrapping, so no line of the front matter can ever be a lone '---' or '...'.
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1 << 30)
    body = body.strip("\n")
    return f"---\n{text}---\n{body}\n" if body else f"---\n{text}---\n"


# --------------------------------------------------------------------------- updating a file


def _update(match: Existing, item: Item, currency: str, update_all: bool) -> Change:
    """The change to a product imported before: the marketplace's fields, or all of them."""
    assert match.doc is not None
    data = _as_written(match.doc)
    new = front_matter(item, currency)
    before = copy.deepcopy(data)
    changed = False
    for key in ("price", "compare_at_price"):
        changed |= _set_price(data, key, new.get(key), currency)
    changed |= _set_stock(data, new)
    changed |= _set_variants(data, new.get("variants"), currency)
    markets = data.get("marketplaces")
    if new.get("marketplaces") and (markets is None or isinstance(markets, dict)):
        merged = dict(markets or {})
        merged.update(new["marketplaces"])
        if merged != markets:
            data["marketplaces"], changed = merged, True
    body = match.body
    # Photos go into the product's own folder: never beside a products/<name>.md file.
    photos = update_all and bool(item.images) and match.path.name == "index.md"
    if update_all:
        for key in ("title", "category", "tags", "sku", "weight", "draft"):
            if new.get(key) != data.get(key) and not (key == "draft" and not new.get(key) and not data.get(key)):
                if key in new:
                    data[key] = new[key]
                else:
                    data.pop(key, None)
                changed = True
        if body.strip() != item.description.strip():
            body, changed = item.description, True
    if not changed or (data == before and body == match.body):
        return Change(item, "unchanged", match.path, match.rel, photos=photos)
    return Change(item, "update", match.path, match.rel, _file_text(data, body), photos=photos)


def _as_written(doc: Doc) -> dict:
    """The front matter with Indonesian field names as the English ones, and prices as the seller wrote them.

    An unquoted ``price: 150.000`` is loaded as the float 150.0 but means 150000; it is kept as the
    text "150.000", which means the same, so writing the file back changes no price.
    """
    data = {ALIASES.get(k, k) if isinstance(k, str) else k: v for k, v in copy.deepcopy(doc.data).items()}
    raw = {(ALIASES.get(p[0], p[0]),) + p[1:]: v for p, v in doc.raw.items() if p}
    for path, (text, tag) in raw.items():
        if path[-1] in ("price", "compare_at_price") and tag.endswith("float"):
            _put(data, path, text)
    return data


def _put(data: dict, path: tuple, value: object) -> None:
    target = data
    for p in path[:-1]:
        try:
            target = target[p]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(target, (dict, list)):
        try:
            target[path[-1]] = value
        except (IndexError, TypeError):
            pass


def _same_price(old: object, new: object, currency: str) -> bool:
    if old is None or new is None:
        return old is None and new is None
    try:
        return parse_price(old, currency) == parse_price(new, currency)
    except PriceError:
        return False


def _set_price(data: dict, key: str, value: object, currency: str) -> bool:
    if _same_price(data.get(key), value, currency):
        return False
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    return True


def _set_stock(data: dict, new: dict) -> bool:
    if "stock" not in new:
        return False
    changed = data.get("stock") != new["stock"]
    data["stock"] = new["stock"]
    if "sold_out" in data:  # the stock says it now
        del data["sold_out"]
        changed = True
    return changed


def _set_variants(data: dict, new: list | None, currency: str) -> bool:
    """Update the variants' prices and stock, matched by SKU, else by name; keep the seller's names."""
    if not new:
        return False
    old = data.get("variants")
    if not isinstance(old, list) or not all(isinstance(v, dict) for v in old):
        data["variants"] = new
        return True
    changed = False
    merged, used = [], set()
    for variant in new:
        index = _find_variant(old, variant, used)
        if index is None:
            merged.append(variant)
            changed = True
            continue
        used.add(index)
        entry = dict(old[index])
        for key in ("price", "compare_at_price"):
            changed |= _set_price(entry, key, variant.get(key), currency)
        for key in ("stock", "sold_out"):
            if entry.get(key) != variant.get(key):
                changed = True
                if key in variant:
                    entry[key] = variant[key]
                else:
                    entry.pop(key, None)
        merged.append(entry)
    for i, entry in enumerate(old):  # no longer on the marketplace: kept, and sold out
        if i not in used:
            if entry.get("sold_out") is not True:
                changed = True
            merged.append({**entry, "sold_out": True})
    if changed:
        data["variants"] = merged
    return changed


def _find_variant(old: list[dict], variant: dict, used: set[int]) -> int | None:
    sku = variant.get("sku")
    if sku:
        for i, entry in enumerate(old):
            if i not in used and str(entry.get("sku") or "") == sku:
                return i
    name = str(variant["name"]).casefold()
    for i, entry in enumerate(old):
        if i not in used and str(entry.get("name") or "").strip().casefold() == name:
            return i
    return None


# --------------------------------------------------------------------------- writing


def write(change: Change) -> None:
    """Write one planned change's product file (atomically); an unchanged product is not touched."""
    if change.action in ("add", "update"):
        write_atomic(change.path, change.text.encode("utf-8"))


_NUMBERED_PHOTO = re.compile(r"^\d+\.(jpe?g|png|webp|gif|avif|heic|heif)$", re.IGNORECASE)


def numbered_photos(folder: Path) -> list[Path]:
    """The photos an import named ``1.jpg``, ``2.png``... in a product's folder."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _NUMBERED_PHOTO.match(p.name)), key=lambda p: p.name)
