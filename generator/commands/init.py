"""``lapak init``: start a new store, asking for what it needs, in the language the seller chooses."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import STORE_KEY, Command, fail, say
from generator.messages import define, set_language, t

define({
    "cmd.init.short_help": ("Mulai toko baru: store.yml, produk contoh, file hosting.",
                            "Start a new store: store.yml, sample products, hosting files."),
    "cmd.init.help": (
        "Buat toko baru di FOLDER (bawaan: folder ini), siap dibangun dan diterbitkan.\n\n\b\nMenanyakan nama toko, "
        "nomor WhatsApp, dan bahasanya (atau mengambilnya dari pilihan),\nlalu menulis store.yml, dua produk contoh "
        "dengan fotonya, .gitignore, netlify.toml,\nrequirements.txt, dan workflow GitHub Actions untuk GitHub "
        "Pages. File yang sudah ada tidak diubah.",
        "Make a new store in FOLDER (default: this folder), ready to build and publish.\n\n\b\nAsks for the store's "
        "name, WhatsApp number and language (or takes them from the options),\nthen writes store.yml, two sample "
        "products with photos, .gitignore, netlify.toml,\nrequirements.txt and a GitHub Actions workflow for GitHub "
        "Pages. Existing files are kept."),
    "cmd.init.name_help": ("Nama toko.", "The store's name."),
    "cmd.init.whatsapp_help": ('Nomor WhatsApp tujuan pesanan, misalnya "0812-3456-7890".',
                               'The WhatsApp number orders go to, such as "0812-3456-7890".'),
    "cmd.init.language_help": ("Bahasa toko: id (Bahasa Indonesia) atau en (English).",
                               "The store's language: id (Bahasa Indonesia) or en."),
    "cmd.init.yes_help": ("Jangan bertanya: pakai pilihan yang diberikan, dan nilai bawaan untuk sisanya.",
                          "Ask nothing: use the options given, and defaults for the rest."),
})


@click.command("init", cls=Command, short_help=t("cmd.init.short_help"), help=t("cmd.init.help"))
@click.argument("folder", default=".", type=click.Path(path_type=Path))
@click.option("--name", help=t("cmd.init.name_help"))
@click.option("--whatsapp", metavar="NUMBER", help=t("cmd.init.whatsapp_help"))
@click.option("--language", type=click.Choice(["id", "en"]), help=t("cmd.init.language_help"))
@click.option("--yes", "-y", is_flag=True, help=t("cmd.init.yes_help"))
def init(folder: Path, name: str | None, whatsapp: str | None, language: str | None, yes: bool) -> None:
    """Make a new store in FOLDER (the help text is the catalogue's cmd.init.help)."""
    from generator.errors import LapakError
    from generator.scaffold import check_init_folder, init_store, next_steps, number_problem

    if language is not None:
        set_language(language)
    try:
        check_init_folder(folder)
        if language is None:
            language = "id" if yes else click.prompt(t("init.ask_language"), type=click.Choice(["id", "en"]),
                                                     show_choices=False, default="id")
        set_language(language)  # from here on, the store's language
        if name is not None and not name.strip():
            name = None
        if name is None:
            name = t("init.default_name") if yes else _ask_text(t("init.ask_name"))
        while True:
            if whatsapp is None and not yes:
                whatsapp = click.prompt(t("init.ask_whatsapp"), default="", show_default=False).strip()
            if not whatsapp:
                whatsapp = None
                break
            problem = number_problem(whatsapp, language)
            if problem is None:
                break
            if yes:
                raise LapakError(problem)
            click.echo(problem, err=True)
            whatsapp = None
        result = init_store(folder, name, whatsapp, language)
    except LapakError as exc:
        fail(exc)
    click.get_current_context().meta[STORE_KEY] = folder
    shown = "." if folder == Path(".") else str(folder)
    say("init.made", name=name.strip(), folder=shown.rstrip("/\\"))
    for rel in result.written:
        click.echo(f"  {rel}")
    if result.kept:
        say("init.kept", files=", ".join(result.kept))
    if whatsapp is None:
        say("init.no_number")
    note = result.requirement_note()
    if note is not None:
        click.echo(note.text(language))
    say("init.next")
    same = folder.resolve() == Path.cwd().resolve()
    for i, step in enumerate(next_steps(None if same else shown), start=1):
        click.echo(f"  {i}. {step}")


def _ask_text(question: str) -> str:
    while True:
        answer = click.prompt(question).strip()
        if answer:
            return answer


COMMAND = init
