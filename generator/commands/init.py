"""``lapak init``: start a new store, asking for what it needs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import fail


@click.command(short_help="Start a new store: store.yml, sample products, hosting files.")
@click.argument("folder", default=".", type=click.Path(path_type=Path))
@click.option("--name", help="The store's name.")
@click.option("--whatsapp", metavar="NUMBER", help='The WhatsApp number orders go to, such as "0812-3456-7890".')
@click.option("--language", type=click.Choice(["id", "en"]), help="The store's language: id (Bahasa Indonesia) or en.")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: use the options given, and defaults for the rest.")
def init(folder: Path, name: str | None, whatsapp: str | None, language: str | None, yes: bool) -> None:
    """Make a new store in FOLDER (default: this folder), ready to build and publish.

    \b
    Asks for the store's name, WhatsApp number and language (or takes them from the options),
    then writes store.yml, two sample products with photos, .gitignore, netlify.toml,
    requirements.txt and a GitHub Actions workflow for GitHub Pages. Existing files are kept.
    """
    from generator.errors import LapakError
    from generator.scaffold import TEXT, check_init_folder, init_store, number_problem

    try:
        check_init_folder(folder, language or "id")
        if language is None:
            language = "id" if yes else click.prompt("Bahasa toko / Store language",
                                                     type=click.Choice(["id", "en"]), default="id")
        t = TEXT[language]
        if name is not None and not name.strip():
            name = None
        if name is None:
            name = t["default_name"] if yes else _ask_text(t["ask_name"])
        while True:
            if whatsapp is None and not yes:
                whatsapp = click.prompt(t["ask_whatsapp"], default="", show_default=False).strip()
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
        return
    shown = "." if folder == Path(".") else str(folder)
    click.echo(t["made"].format(name=name.strip(), folder=shown.rstrip("/")))
    for rel in result.written:
        click.echo(f"  {rel}")
    if result.kept:
        click.echo(t["kept"].format(files=", ".join(result.kept)))
    if whatsapp is None:
        click.echo(t["no_number"])
    note = result.requirement_note()
    if note is not None:
        click.echo(note.text(language))
    click.echo(t["next"])
    steps = ([t["step_cd"].format(folder=shown)] if folder.resolve() != Path.cwd().resolve() else []) + [
        t["step_build"], t["step_preview"], t["step_new"], t["step_publish"]]
    for i, step in enumerate(steps, start=1):
        click.echo(f"  {i}. {step}")


def _ask_text(question: str) -> str:
    while True:
        answer = click.prompt(question).strip()
        if answer:
            return answer


# --------------------------------------------------------------------------- lapak new product


COMMAND = init
