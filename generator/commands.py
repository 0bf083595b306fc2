"""The commands that take a seller from nothing to a published store: init, new product, check, deploy.

``cli.py`` registers them on the ``lapak`` group; ``lapak build`` calls :func:`after_build` for
its ``--zip`` and the hosts' limits. Mistakes are printed like the build's, without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.config_file import CONFIG_NAME


def resolve_source(source: Path | None) -> Path:
    """The store folder a command works on: the one given, else this folder when it holds store.yml, else content."""
    if source is not None:
        return source
    return Path(".") if Path(CONFIG_NAME).is_file() else Path("content")


def _err():
    from generator.cli import _console

    return _console(stderr=True)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _fail(exc: Exception, headline: str = "The store has problems") -> None:
    """Print a ContentError (every problem) or a LapakError (one message) and exit 1."""
    from generator.errors import ContentError

    err = _err()
    if isinstance(exc, ContentError):
        n = len(exc.problems)
        err.print(f"[bold red]{_esc(headline)}:[/] {n} problem{'s' if n != 1 else ''} to fix.", markup=True)
        for p in exc.problems:
            err.print(f"  [bold]{_esc(p.where())}[/]: {_esc(p.message)}", markup=True)
    else:
        err.print(f"[bold red]Error:[/] {_esc(str(exc))}", markup=True)
    sys.exit(1)


def _warn(text: str) -> None:
    click.echo(f"Warning: {text}", err=True)


def after_build(output: Path, make_zip: bool) -> None:
    """After a build: warn about what hosts refuse, and write the zip for Netlify Drop when asked."""
    from generator.errors import LapakError
    from generator.hosting import human_size, limit_warnings, output_files, write_zip, zip_path_for

    for text in limit_warnings(output_files(output)):
        _warn(text)
    if make_zip:
        target = zip_path_for(output)
        try:
            count, size = write_zip(output, target)
        except LapakError as exc:
            _fail(exc)
        click.echo(f"Zip for Netlify Drop: {target} ({count} files, {human_size(size)}). Drag it onto "
                   "https://app.netlify.com/drop for a new site, or onto your site's Deploys page to update it.")


# --------------------------------------------------------------------------- lapak init


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
        _fail(exc)
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
    from generator.config import load_store
    from generator.config_file import find_config
    from generator.errors import LapakError
    from generator.money import PriceError, parse_price
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
        _fail(exc)
        return
    folder = path.parent
    if store.language == "id":
        click.echo(f"Produk baru: {folder / 'index.md'}\nLetakkan fotonya di {folder}/ (1.jpg, 2.jpg, ...), "
                   "lalu jalankan lapak build.")
    else:
        click.echo(f"New product: {folder / 'index.md'}\nPut its photos in {folder}/ (1.jpg, 2.jpg, ...), "
                   "then run lapak build.")


# --------------------------------------------------------------------------- lapak check


@click.command(short_help="Check the store for mistakes, without building it.")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help="The output folder a build would use (checked too).")
@click.option("--base-url", metavar="URL", help="The address the store will be published at.")
@click.option("--drafts", is_flag=True, help="Also check as if building products marked 'draft: true'.")
@click.option("--force", is_flag=True, help="As lapak build --force: allow an output folder Lapak did not make.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
def check(source: Path | None, output: Path, base_url: str | None, drafts: bool, force: bool,
          jobs: int | None) -> None:
    """Check everything a build checks in SOURCE (store.yml, products, photos, links, theme), writing nothing.

    Lists every problem at once and exits with status 1 when there is one.
    """
    from generator.check import check as run_check
    from generator.errors import LapakError

    source = resolve_source(source)
    try:
        result = run_check(source, output, base_url=base_url, drafts=drafts, force=force, jobs=jobs)
    except LapakError as exc:
        _fail(exc, "The store has problems")
        return
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    for w in result.warnings:
        _warn(f"{w.where()}: {w.message}")
    for text in result.hosting:
        _warn(text)
    n = len(result.warnings) + len(result.hosting)
    warn = f", {n} warning{'s' if n != 1 else ''}" if n else ""
    photos = f"{result.photos} photo{'s' if result.photos != 1 else ''}"
    click.echo(f"No problems: {result.products} products, {photos}, {result.pages} pages checked in "
               f"{result.seconds:.2f} s{warn} (nothing was written).")


# --------------------------------------------------------------------------- lapak deploy


@click.command(short_help="Build the store and publish it (GitHub Pages).")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--github", is_flag=True, help="Publish to the gh-pages branch of this git repository's GitHub remote.")
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help="Folder the store is built into before it is published.")
@click.option("--base-url", metavar="URL", help="The address the store is published at (overrides store.yml).")
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the published site.")
@click.option("--force", is_flag=True, help="Replace an output folder Lapak did not make (as lapak build --force), "
              "and publish to a branch lapak deploy did not make (never the remote's default branch).")
def deploy(source: Path | None, github: bool, output: Path, base_url: str | None, remote: str, branch: str,
           force: bool) -> None:
    """Build the store in SOURCE, then publish the output.

    \b
    lapak deploy --github   commits the output (and nothing else) to the gh-pages branch and
                            pushes it; your own branches and files are not touched.
    For Netlify: lapak build --zip, then drag output.zip onto https://app.netlify.com/drop,
    or connect the repository on Netlify (see docs/publish.md).
    """
    from generator.build import build as run_build
    from generator.cli import _RichProgress
    from generator.config import load_store
    from generator.config_file import find_config
    from generator.deploy import deploy_github, pages_address, preflight
    from generator.errors import LapakError

    if not github:
        raise click.UsageError("say where to publish: lapak deploy --github (GitHub Pages). For Netlify, run "
                               "lapak build --zip and drag output.zip onto https://app.netlify.com/drop.")
    source = resolve_source(source)
    try:
        if not source.exists():
            find_config(source)  # says the folder does not exist
        _, url = preflight(source if source.is_dir() else source.parent, remote, branch, force)  # before building
        root = find_config(source).parent
        result = run_build(source, output, base_url=base_url, force=force, progress=_RichProgress())
    except LapakError as exc:
        _fail(exc, "The store was not built, nothing was published")
        return
    for w in result.warnings:
        _warn(f"{w.where()}: {w.message}")
    click.echo(f"{'Up to date' if result.unchanged else 'Built'}: {result.products} products, {result.pages} "
               f"pages in {output}/")
    try:
        store, _ = load_store(root, base_url)
        after_build(output, make_zip=False)
        expected = pages_address(url, store.domain)
        if expected and store.base_url != expected:
            _warn(f"base_url is {store.base_url or '(not set)'}, but GitHub Pages publishes this repository at "
                  f"{expected}: links, photos and styles may not work there. Set 'base_url: {expected}' in "
                  "store.yml (or 'domain:' for your own domain), then deploy again.")
        done = deploy_github(output, root, remote=remote, branch=branch, force=force)
    except LapakError as exc:
        _fail(exc)
        return
    where = f"the {done.branch} branch of {done.remote} ({done.remote_url})"
    if done.commit is None:
        click.echo(f"Nothing changed: {where} already has this store"
                   + (" (sent to GitHub now)." if done.pushed else "."))
        return
    click.echo(f"Published {done.files} files to {where}, commit {done.commit[:12]}.")
    if expected:
        click.echo(f"Your store: {expected} (GitHub takes a minute or two to update it).")
    if done.first:
        click.echo(f"One more step, once: on GitHub, open Settings > Pages, choose 'Deploy from a branch', then "
                   f"'{done.branch}' and '/ (root)', and Save.")


COMMANDS = [init, new, check, deploy]
