"""``lapak new product``: add a product file with every field explained."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import Group, enter_store, fail, plural, say
from generator.messages import define, t

define({
    "cmd.new.short_help": ('Tambahkan sesuatu ke toko: lapak new product "Nama".',
                           'Add something to a store: lapak new product "Name".'),
    "cmd.new.help": ("Tambahkan sesuatu ke toko.", "Add something to a store."),
    "cmd.new.product_short_help": ("Tambahkan file produk, dengan penjelasan setiap isian.",
                                   "Add a product file with every field explained."),
    "cmd.new.product_help": (
        "Tambahkan produk NAMA: menulis products/<nama>/index.md, dengan penjelasan setiap isian di "
        "catatannya.\n\nLetakkan foto produk di folder yang sama (1.jpg, 2.jpg, ...). Kalau folder produk itu "
        "sudah berisi foto, index.md ditulis di sana dan fotonya tetap.",
        "Add the product TITLE: writes products/<name>/index.md, with every field explained in "
        "comments.\n\nPut the product's photos in the same folder (1.jpg, 2.jpg, ...). When that folder already "
        "holds photos, index.md is written beside them and they stay."),
    "cmd.new.title_metavar": ("NAMA", "TITLE"),
    "cmd.new.price_help": ('Harga, misalnya 150000 atau "Rp 150.000" (ditanyakan kalau tidak diisi).',
                           'The price, such as 150000 or "Rp 150.000" (asked when not given).'),
    "cmd.new.store_help": ("Folder toko (bawaan: folder ini kalau berisi store.yml, kalau tidak folder content).",
                           "The store folder (default: this folder when it has store.yml, else content)."),
    "cmd.new.draft_help": ("Sembunyikan produk sampai Anda menghapus 'draft: true'.",
                           "Hide the product until you remove 'draft: true'."),
    "cmd.new.ask_price": ("Harga", "Price"),
    "cmd.new.made": (
        "Produk baru: {path}\nLetakkan fotonya di {folder}/ (1.jpg, 2.jpg, ...), lalu jalankan lapak serve untuk "
        "melihatnya.",
        "New product: {path}\nPut its photos in {folder}/ (1.jpg, 2.jpg, ...), then run lapak serve to see it."),
    "cmd.new.completed": (
        "Produk baru: {path}\nFolder {folder}/ sudah berisi {photos} ({names}): fotonya tetap di sana dan tampil "
        "di halaman produk. Jalankan lapak serve untuk melihatnya.",
        "New product: {path}\nThe folder {folder}/ already had {photos} ({names}): they stay there and are shown "
        "on the product's page. Run lapak serve to see it."),
})


@click.group("new", cls=Group, short_help=t("cmd.new.short_help"), help=t("cmd.new.help"))
def new() -> None:
    """Add something to a store (the help text is the catalogue's cmd.new.help)."""


@new.command("product", short_help=t("cmd.new.product_short_help"), help=t("cmd.new.product_help"))
@click.argument("title", metavar=t("cmd.new.title_metavar"))
@click.option("--price", help=t("cmd.new.price_help"))
@click.option("--store", "source", type=click.Path(path_type=Path), help=t("cmd.new.store_help"))
@click.option("--draft", is_flag=True, help=t("cmd.new.draft_help"))
def new_product(title: str, price: str | None, source: Path | None, draft: bool) -> None:
    """Add the product TITLE (the help text is the catalogue's cmd.new.product_help)."""
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.content.money import PriceError, parse_price
    from generator.errors import LapakError
    from generator.scaffold import new_product as write_product

    source = enter_store(source)
    try:
        root = find_config(source).parent
        store, _ = load_store(root)
        while price is None:
            answer = click.prompt(t("cmd.new.ask_price")).strip()
            try:
                parse_price(answer, store.currency)
                price = answer
            except PriceError as exc:
                click.echo(str(exc), err=True)
        made = write_product(root, title, price, draft)
    except LapakError as exc:
        fail(exc)
    folder = made.path.parent
    if made.photos:
        names = ", ".join(made.photos[:4]) + (", ..." if len(made.photos) > 4 else "")
        say("cmd.new.completed", path=made.path, folder=folder, photos=plural("cmd.photos", len(made.photos)),
            names=names)
    else:
        say("cmd.new.made", path=made.path, folder=folder)


COMMAND = new
