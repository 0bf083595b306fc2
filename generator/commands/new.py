"""``lapak new product``: add a product file with every field explained."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import fail, resolve_source


@click.group(short_help="Add something to a store: lapak new product \"Name\".")
def new() -> None:
    """Add something to a store."""


@new.command("product", short_help="Add a product file with every field explained.")
@click.argument("title")
@click.option("--price", help='The price, such as 150000 or "Rp 150.000" (asked when not given).')
@click.option("--store", "source", type=click.Path(path_type=Path),
              help="The store folder (default: this folder when it has store.yml, else content).")
@click.option("--draft", is_flag=True, help="Hide the product until you remove 'draft: true'.")
def new_product(title: str, price: str | None, source: Path | None, draft: bool) -> None:
    """Add the product TITLE: writes products/<name>/index.md, with every field explained in comments.

    Put the product's photos in the same folder (1.jpg, 2.jpg, ...).
    """
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.errors import LapakError
    from generator.content.money import PriceError, parse_price
    from generator.scaffold import new_product as write_product

    source = resolve_source(source)
    try:
        root = find_config(source).parent
        store, _ = load_store(root)
        while price is None:
            answer = click.prompt("Harga" if store.language == "id" else "Price").strip()
            try:
                parse_price(answer, store.currency)
                price = answer
            except PriceError as exc:
                click.echo(str(exc), err=True)
        path = write_product(root, title, price, draft)
    except LapakError as exc:
        fail(exc)
        return
    folder = path.parent
    if store.language == "id":
        click.echo(f"Produk baru: {folder / 'index.md'}\nLetakkan fotonya di {folder}/ (1.jpg, 2.jpg, ...), "
                   "lalu jalankan lapak build.")
    else:
        click.echo(f"New product: {folder / 'index.md'}\nPut its photos in {folder}/ (1.jpg, 2.jpg, ...), "
                   "then run lapak build.")


# --------------------------------------------------------------------------- lapak check


COMMAND = new
