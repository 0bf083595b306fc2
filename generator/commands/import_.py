"""``lapak import``: bring products over from a marketplace export, Shopify or a plain spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import RichProgress, console, err, esc, resolve_source
from generator.errors import LapakError
from generator.messages import define, t

define({
    "import.update_value": (
        "--update hanya kenal 'all' (semua isian); tanpa nilai, yang diperbarui hanya harga, stok dan link "
        "marketplace.",
        "--update only knows 'all' (every field); without a value only prices, stock and marketplace links "
        "are updated.",
    ),
    "import.template_written": (
        "Templat ditulis: {files}. Isi satu baris per produk (atau per varian, dengan nama yang sama), "
        "lalu jalankan: lapak import {example}",
        "Template written: {files}. Fill in one row per product (or per variant, with the same name), "
        "then run: lapak import {example}",
    ),
    "import.failed": ("Tidak ada yang diimpor", "Nothing was imported"),
    "import.stopped": (
        "Dihentikan. File produk yang sudah ditulis tetap utuh; jalankan impor lagi untuk melanjutkan.",
        "Stopped. The product files written so far are whole; run the import again to carry on.",
    ),
})


@click.command("import", short_help="Bring products over from Shopee, Tokopedia, TikTok Shop or a spreadsheet.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", "store", type=click.Path(path_type=Path),
              help="The store folder (default: this folder when it has store.yml, else content).")
@click.option("--dry-run", is_flag=True, help="Write nothing; show what an import would do.")
@click.option("--update", "update", is_flag=False, flag_value="prices", default="prices", metavar="[all]",
              help="Products imported before get the marketplace's prices, stock and links; '--update all' "
              "also takes its titles, descriptions, categories and photos (your edits to them are replaced).")
@click.option("--no-photos", is_flag=True, help="Do not fetch or copy photos.")
@click.option("--template", is_flag=True, help="Write an empty produk.csv and produk.xlsx to fill in, then stop.")
@click.option("--shopee-shop", metavar="ID", default="",
              help="Your Shopee shop id, for links to your products on Shopee (default: from store.yml's Shopee link).")
def command(files: tuple[Path, ...], store: Path | None, dry_run: bool, update: str, no_photos: bool,
            template: bool, shopee_shop: str) -> None:
    """Import products from FILE... (Shopee, Tokopedia, TikTok Shop, Shopify or a plain spreadsheet).

    The format is recognised from the file's content. Each product becomes products/<name>/index.md
    with its photos. Importing again updates prices and stock and keeps your own edits.
    """
    files = list(files)
    if update not in ("prices", "all"):
        if Path(update).exists():  # 'lapak import --update produk.csv': the file is not --update's value
            files.insert(0, Path(update))
            update = "prices"
        else:
            raise click.BadParameter(t("import.update_value"), param_hint="--update")
    try:
        if template:
            _template()
            return
        result = _import(files, store, dry_run, update == "all", not no_photos, shopee_shop)
    except LapakError as exc:
        err().print(f"[bold red]{esc(t('import.failed'))}:[/] {esc(str(exc))}", markup=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(t("import.stopped"), err=True)
        sys.exit(130)
    from generator.importer.run import summary_lines

    out = console()
    for line in summary_lines(result):
        out.print(esc(line), markup=True)


def _template() -> None:
    from generator.importer.sheet import write_template

    written = write_template(Path("."))
    click.echo(t("import.template_written", files=", ".join(str(p) for p in written), example=written[0]))


def _import(files: list[Path], store: Path | None, dry_run: bool, update_all: bool, photos: bool, shopee_shop: str):
    from generator.content.config import load_store
    from generator.content.config_file import find_config
    from generator.importer.run import run_import, shopee_shop_id
    from generator.messages import set_language

    root = find_config(resolve_source(store)).parent.resolve()
    config, _problems = load_store(root)  # a problem in store.yml is the build's to report
    set_language(config.language)
    return run_import(root, files, currency=config.currency, shopee_shop=shopee_shop or shopee_shop_id(config),
                      dry_run=dry_run, update_all=update_all, photos=photos, progress=RichProgress())


COMMAND = command
