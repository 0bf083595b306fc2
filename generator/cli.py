"""The ``lapak`` command: parse flags, call the build, turn errors into clear messages and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__

HELP = """Lapak turns a folder of product notes and photos into a small, fast online store
with a WhatsApp order button and marketplace buttons on every product.

\b
Start here:
  lapak init tokoku        make a new store in the folder 'tokoku'
  lapak build              build the store in ./content into ./output
  lapak build tokoku       build the store in the folder 'tokoku'
  lapak build --help       every option of the build

Then publish the output folder: lapak build --zip for Netlify Drop, or
lapak deploy --github for GitHub Pages. See docs/publish.md.
"""


class _RichProgress:
    """Shows a progress bar for long phases (photos) on a terminal."""

    def __init__(self):
        self.bar = None
        self.task = None

    def start(self, label: str, total: int) -> None:
        if total < 4 or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=_console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lapak", message="%(prog)s %(version)s")
def main() -> None:
    """Entry point of the ``lapak`` console script."""


@main.command(short_help="Build the store into a folder of static files.")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--output", "-o", default="output", type=click.Path(path_type=Path), show_default=True,
              help="Folder to write the finished store into. It is replaced as a whole on every build.")
@click.option("--base-url", metavar="URL", help="The address the store will be published at, such as "
              "https://tokoku.netlify.app/ (overrides base_url in store.yml).")
@click.option("--drafts", is_flag=True, help="Also build products marked 'draft: true'.")
@click.option("--force", is_flag=True, help="Replace the output folder even if Lapak did not make it.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@click.option("--timings", is_flag=True, help="Show how long each phase of the build took.")
@click.option("--zip", "make_zip", is_flag=True, help="Also pack the output into <output>.zip, ready to drag onto "
              "Netlify Drop (https://app.netlify.com/drop).")
def build(source: Path | None, output: Path, base_url: str | None, drafts: bool, force: bool, jobs: int | None,
          timings: bool, make_zip: bool) -> None:
    """Build the store in SOURCE into --output (default: output).

    SOURCE is the folder that holds store.yml and products/ (default: this folder when it has
    store.yml, else content).
    """
    from generator.build import build as run_build
    from generator.commands import after_build, resolve_source
    from generator.errors import ContentError, LapakError

    source = resolve_source(source)

    try:
        result = run_build(source, output, base_url=base_url, drafts=drafts, force=force, jobs=jobs,
                           progress=_RichProgress())
    except ContentError as exc:
        err = _console(stderr=True)
        n = len(exc.problems)
        err.print(f"[bold red]The store was not built:[/] {n} problem{'s' if n != 1 else ''} to fix "
                  f"(the previous output is untouched).", markup=True)
        for p in exc.problems:
            err.print(f"  [bold]{_esc(p.where())}[/]: {_esc(p.message)}", markup=True)
        sys.exit(1)
    except LapakError as exc:
        err = _console(stderr=True)
        err.print(f"[bold red]Error:[/] {_esc(str(exc))}", markup=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Stopped. The previous output is untouched.", err=True)
        sys.exit(130)
    for w in result.warnings:
        click.echo(f"Warning: {w.where()}: {w.message}", err=True)
    after_build(output, make_zip)  # what hosts would refuse; the zip for Netlify Drop
    if timings:
        click.echo("  ".join(f"{k} {v:.3f} s" for k, v in result.timings.items()), err=True)
    nw = len(result.warnings)
    warn = f", {nw} warning{'s' if nw != 1 else ''}" if nw else ""
    if result.unchanged:
        click.echo(f"Nothing changed: {output} is up to date ({result.products} products, {result.pages} pages"
                   f"{warn}) in {result.seconds:.2f} s")
    else:
        photos = f"{result.photos} photo{'s' if result.photos != 1 else ''}"
        click.echo(f"Built {result.products} products: {result.pages} pages, {photos} in "
                   f"{result.seconds:.2f} s{warn} → {output}/")


@main.command(short_help="Preview the store; it updates as you edit.")
@click.argument("source", default="content", type=click.Path(path_type=Path))
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 127.0.0.1 is this computer only; 0.0.0.0 is the local network too.")
@click.option("--phone", is_flag=True, help="Also serve on the local network and show a QR code to open the "
              "preview on your phone (same Wi-Fi). Same as --host 0.0.0.0.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in your web browser.")
@click.option("--drafts", is_flag=True, help="Also show products marked 'draft: true'.")
def serve(source: Path, port: int, host: str, phone: bool, open_browser: bool, drafts: bool) -> None:
    """Build the store in SOURCE (default: content) and serve it at http://127.0.0.1:8000/.

    Save a product file, store.yml or a photo and the page in your browser reloads by itself.
    Nothing is written to the output folder: publish with 'lapak build'.
    """
    from generator.errors import LapakError
    from generator.server import Server

    if phone:
        host = "0.0.0.0"
    server = None
    try:  # Ctrl-C is how a preview ends, whenever it comes
        server = Server(source, host=host, port=port, drafts=drafts, report=lambda line: click.echo(line, err=True),
                        output=Path("output"))
        bound = server.start()
        _announce(server, host, bound, open_browser)
        server.run()
    except LapakError as exc:
        _console(stderr=True).print(f"[bold red]Error:[/] {_esc(str(exc))}", markup=True)
        sys.exit(1)
    except KeyboardInterrupt:
        if server is not None:
            server.watcher.stop()
    click.echo("Stopped.")


def _announce(server, host: str, bound: int, open_browser: bool) -> None:
    """Say where the preview is; on the local network, with a QR code for the phone."""
    from generator.server import lan_addresses

    base = server.preview.snapshot.base_path
    local = f"http://127.0.0.1:{bound}{base}"
    click.echo(f"Serving the store at {local}  (Ctrl-C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        addresses = lan_addresses() if host in ("0.0.0.0", "::") else [host]
        if addresses:
            phone_url = f"http://{addresses[0]}:{bound}{base}"
            click.echo(f"On your phone (same Wi-Fi): {phone_url}")
            import segno

            segno.make(phone_url, error="m").terminal(compact=True)
        else:
            click.echo("No local network address found: is this computer connected to Wi-Fi?")
    if open_browser:
        import webbrowser

        webbrowser.open(local)


def _esc(text: object) -> str:
    from rich.markup import escape

    return escape(str(text))  # a message from the catalogue becomes text in the current language


def _add_commands() -> None:
    from generator.commands import COMMANDS  # init, new product, check, deploy

    for command in COMMANDS:
        main.add_command(command)


_add_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
