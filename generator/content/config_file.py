"""Find a store's ``store.yml`` (kept apart from config.py so the quick check stays light)."""

from __future__ import annotations

from pathlib import Path

from generator.errors import LapakError

CONFIG_NAME = "store.yml"


def find_config(source: Path) -> Path:
    """The ``store.yml`` of a store folder, or a clear error saying how to make one."""
    if not source.exists():
        raise LapakError(f"The store folder '{source}' does not exist. Give the folder that holds store.yml.")
    if source.is_file():
        if source.name == CONFIG_NAME:
            return source
        raise LapakError(f"'{source}' is a file; give the folder that holds {CONFIG_NAME}.")
    path = source / CONFIG_NAME
    if not path.is_file():
        raise LapakError(
            f"There is no {CONFIG_NAME} in '{source}'. A store folder needs a {CONFIG_NAME} with at least "
            "'name: My Store', and a products/ folder."
        )
    return path
