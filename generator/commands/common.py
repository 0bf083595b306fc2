"""What every command shares: the store folder it works on, how it prints problems, progress bars."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.content.config_file import CONFIG_NAME


def resolve_source(source: Path | None) -> Path:
    """The store folder a command works on: the one given, else this folder when it holds store.yml, else content."""
    if source is not None:
        return source
    return Path(".") if Path(CONFIG_NAME).is_file() else Path("content")


def err():
    """Rich's console on standard error, for problems and warnings."""
    return console(stderr=True)


def esc(text: object) -> str:
    """Text (or a message) with rich's markup characters escaped."""
    from rich.markup import escape

    return escape(str(text))


def fail(exc: Exception, headline: str = "The store has problems") -> None:
    """Print a ContentError (every problem) or a LapakError (one message) and exit 1."""
    from generator.errors import ContentError

    out = err()
    if isinstance(exc, ContentError):
        n = len(exc.problems)
        out.print(f"[bold red]{esc(headline)}:[/] {n} problem{'s' if n != 1 else ''} to fix.", markup=True)
        for p in exc.problems:
            out.print(f"  [bold]{esc(p.where())}[/]: {esc(p.message)}", markup=True)
    else:
        out.print(f"[bold red]Error:[/] {esc(str(exc))}", markup=True)
    sys.exit(1)


def warn(text: str) -> None:
    click.echo(f"Warning: {text}", err=True)


def after_build(output: Path, make_zip: bool) -> None:
    """After a build: write the zip for Netlify Drop when asked."""
    from generator.errors import LapakError
    from generator.site.hosting import human_size, write_zip, zip_path_for

    if make_zip:
        target = zip_path_for(output)
        try:
            count, size = write_zip(output, target)
        except LapakError as exc:
            fail(exc)
        click.echo(f"Zip for Netlify Drop: {target} ({count} files, {human_size(size)}). Drag it onto "
                   "https://app.netlify.com/drop for a new site, or onto your site's Deploys page to update it.")


class RichProgress:
    """Shows a progress bar for long phases (photos) on a terminal."""

    def __init__(self):
        self.bar = None
        self.task = None

    def start(self, label: str, total: int) -> None:
        if total < 4 or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


