"""Allow ``python -m generator`` (the same as the ``lapak`` command)."""

from generator.cli import main

main(prog_name="lapak")
