"""What every command shares: the store folder it works on, its language, how it prints problems, progress bars.

Every line a command prints is a message of the catalogue (:mod:`generator.messages`), shown in
the store's language: a command that works on a store calls :func:`enter_store` first, which
reads ``language:`` from its store.yml (before the pipeline reads the whole file), so even the
lines printed before and after a build follow the store.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from generator.content.config_file import CONFIG_NAME
from generator.messages import Msg, catalogue, define, language, msg, set_language, t

STORE_KEY = "lapak.store"  # click's context meta: the store folder the command works on (see cli.py)

define({
    "cmd.warning": ("Peringatan: {text}", "Warning: {text}"),
    "cmd.error": ("Kesalahan:", "Error:"),
    "cmd.problems.one": ("1 masalah", "1 problem"),
    "cmd.problems.many": ("{n} masalah", "{n} problems"),
    "cmd.has_problems": ("Toko ini bermasalah", "The store has problems"),
    "cmd.to_fix": ("{problems} yang perlu diperbaiki.", "{problems} to fix."),
    "cmd.stopped": ("Dihentikan.", "Stopped."),
    "cmd.zip": (
        "Zip untuk Netlify Drop: {target} ({count} file, {size}). Seret ke https://app.netlify.com/drop untuk "
        "situs baru, atau ke halaman Deploys situs Anda untuk memperbaruinya.",
        "Zip for Netlify Drop: {target} ({count} files, {size}). Drag it onto https://app.netlify.com/drop for "
        "a new site, or onto your site's Deploys page to update it."),
    "cmd.help_option": ("Tampilkan bantuan ini, lalu keluar.", "Show this message and exit."),
    "cmd.usage": ("Cara pakai:", "Usage:"),
    "cmd.options": ("Pilihan", "Options"),
    "cmd.commands": ("Perintah", "Commands"),
    "cmd.arguments": ("Argumen", "Arguments"),
    "cmd.source_metavar": ("[FOLDER]", "[SOURCE]"),
    "cmd.options_metavar": ("[PILIHAN]", "[OPTIONS]"),
    "cmd.subcommand_metavar": ("PERINTAH [ARGUMEN]...", "COMMAND [ARGS]..."),
    "cmd.jobs_help": ("Jumlah proses kerja (bawaan: satu per inti prosesor).",
                      "Worker processes (default: one per core)."),
    "cmd.products.one": ("1 produk", "1 product"),
    "cmd.products.many": ("{n} produk", "{n} products"),
    "cmd.pages.one": ("1 halaman", "1 page"),
    "cmd.pages.many": ("{n} halaman", "{n} pages"),
    "cmd.photos.one": ("1 foto", "1 photo"),
    "cmd.photos.many": ("{n} foto", "{n} photos"),
    "cmd.warnings.one": (", 1 peringatan", ", 1 warning"),
    "cmd.warnings.many": (", {n} peringatan", ", {n} warnings"),
    "progress.photos": ("Foto", "Photos"),
    "progress.share_images": ("Gambar pratinjau", "Share images"),
})

# The labels the pipeline passes as plain text, and their messages.
_PROGRESS_LABELS = {"Photos": "progress.photos", "Share images": "progress.share_images"}


# --------------------------------------------------------------------------- the store and its language


def resolve_source(source: Path | None) -> Path:
    """The store folder a command works on: the one given, else this folder when it holds store.yml, else content."""
    if source is not None:
        return source
    return Path(".") if Path(CONFIG_NAME).is_file() else Path("content")


def enter_store(source: Path | None) -> Path:
    """Find the store folder as every command does (:func:`resolve_source`) and work in it.

    From now on messages are shown in the store's language, and an unexpected error's log is
    written into the store's cache folder (see cli.py).
    """
    source = resolve_source(source)
    root = store_root(source)
    if root is not None:
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.meta[STORE_KEY] = root
        set_language(store_language(root))
    return source


def store_root(source: Path) -> Path | None:
    """The folder that holds the store's store.yml (``source`` may be that file), or None when there is none."""
    try:
        if source.is_file() and source.name == CONFIG_NAME:
            return source.parent
        if (source / CONFIG_NAME).is_file():
            return source
    except OSError:
        pass
    return None


_LANGUAGE_LINE = re.compile(r"""^language[ \t]*:[ \t]*(["']?)([A-Za-z]+)\1[ \t]*(?:#.*)?$""", re.M)


def store_language(root: Path) -> str | None:
    """The store's language, read cheaply (see :func:`generator.content.config_file.store_language`):
    its ``language:`` line, ``id`` (the default) when it has none, None without a readable store.yml."""
    from generator.content.config_file import store_language as read_language

    return read_language(root)


# --------------------------------------------------------------------------- printing


def err():
    """Rich's console on standard error, for problems and warnings."""
    return console(stderr=True)


def esc(text: object) -> str:
    """Text (or a message) with rich's markup characters escaped."""
    from rich.markup import escape

    return escape(str(text))


def plural(key: str, n: int) -> Msg:
    """``1 problem`` or ``3 problems``: the message ``key.one`` or ``key.many`` (with ``{n}``)."""
    return msg(f"{key}.one") if n == 1 else msg(f"{key}.many", n=n)


def warned(n: int) -> str:
    """``, 2 warnings`` after a summary's counts, or nothing."""
    return plural("cmd.warnings", n).text() if n else ""


def seconds(value: float, digits: int = 2) -> str:
    """A duration as the language writes it: ``0.25`` in English, ``0,25`` in Bahasa Indonesia."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language() == "id" else text


def print_problems(exc: Exception, headline: Msg | str | None = None, tail: str = "cmd.to_fix") -> None:
    """Print a ContentError (``headline: N problems to fix.``, then every problem) or a LapakError (one message).

    ``tail`` is the key of the words after the headline; it fills in ``{problems}``.
    """
    from generator.errors import ContentError

    out = err()
    if isinstance(exc, ContentError):
        head = str(headline or msg("cmd.has_problems"))
        rest = t(tail, problems=plural("cmd.problems", len(exc.problems)))
        out.print(f"[bold red]{esc(head)}:[/] {esc(rest)}", markup=True)
        for p in exc.problems:
            out.print(f"  [bold]{esc(p.where())}[/]: {esc(p.message)}", markup=True)
    else:
        out.print(f"[bold red]{esc(t('cmd.error'))}[/] {esc(exc)}", markup=True)


def fail(exc: Exception, headline: Msg | str | None = None, tail: str = "cmd.to_fix") -> None:
    """Print a ContentError (every problem) or a LapakError (one message) and exit 1."""
    print_problems(exc, headline, tail)
    sys.exit(1)


def warn(text: object) -> None:
    """Print a warning (text or a message) on standard error."""
    click.echo(t("cmd.warning", text=text), err=True)


def say(key: str, **values: object) -> None:
    """Print a message of the catalogue on standard output, in the current language."""
    click.echo(t(key, **values))


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
        say("cmd.zip", target=target, count=count, size=human_size(size))


# --------------------------------------------------------------------------- click's parts, in the catalogue


class Formatter(click.HelpFormatter):
    """Click's help layout, with its headings ("Usage:", "Options", "Commands") from the catalogue."""

    SECTIONS = {"Options": "cmd.options", "Commands": "cmd.commands", "Arguments": "cmd.arguments"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, t("cmd.usage") + " " if prefix is None else prefix)

    def section(self, name: str):
        return super().section(t(self.SECTIONS[name]) if name in self.SECTIONS else name)


class Context(click.Context):
    """Click's context, with the catalogue's help headings."""

    formatter_class = Formatter


class _Spoken:
    """Help (headings and the ``--help`` option) in the catalogue's language, for commands and groups."""

    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", t("cmd.options_metavar"))
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("cmd.help_option")
        return option


class Command(_Spoken, click.Command):
    """A click command whose help speaks the catalogue's language."""


class Group(_Spoken, click.Group):
    """A click group whose help speaks the catalogue's language."""

    command_class = Command
    group_class = type  # its subgroups are Groups too

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", t("cmd.subcommand_metavar"))
        super().__init__(*args, **kwargs)


# --------------------------------------------------------------------------- progress


def progress_label(label: object) -> str:
    """A progress bar's label in the current language: a message, a catalogue key, or one of the pipeline's names."""
    if isinstance(label, Msg):
        return label.text()
    text = str(label)
    key = _PROGRESS_LABELS.get(text, text)
    return t(key) if key in catalogue() else text


class RichProgress:
    """Shows a progress bar for long phases (photos) on a terminal."""

    def __init__(self):
        self.bar = None
        self.task = None

    def start(self, label: object, total: int) -> None:
        """Show a bar for ``total`` steps; ``label`` is a message, a catalogue key, or plain text."""
        if total < 4 or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task(esc(progress_label(label)), total=total)

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
