"""The ``lapak`` command: parse flags, call the build, turn errors into clear messages and exit codes."""

from __future__ import annotations

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


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="lapak", message="%(prog)s %(version)s")
def main() -> None:
    """Entry point of the ``lapak`` console script."""


def _add_commands() -> None:
    from generator.commands import build, check, deploy, init, new, serve

    for module in (build, serve, init, new, check, deploy):
        main.add_command(module.COMMAND)
    from generator.commands.import_ import COMMAND as import_command

    main.add_command(import_command)


_add_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
