"""Find a store's ``store.yml`` and the language it names (kept apart from config.py so the quick check stays light)."""

from __future__ import annotations

import codecs
from pathlib import Path

from generator.errors import LapakError
from generator.messages import define, language_in, msg

CONFIG_NAME = "store.yml"

define({
    "store.no_folder": (
        "Folder toko '{folder}' tidak ada. Sebutkan folder yang berisi {config}.",
        "The store folder '{folder}' does not exist. Give the folder that holds {config}."),
    "store.is_file": (
        "'{folder}' adalah file, bukan folder. Sebutkan folder yang berisi {config}.",
        "'{folder}' is a file; give the folder that holds {config}."),
    "store.no_config": (
        "Tidak ada {config} di '{folder}'. Folder toko butuh file {config} yang paling tidak berisi "
        "'name: Nama Toko', dan folder products/. Untuk membuat toko baru, jalankan lapak init.",
        "There is no {config} in '{folder}'. A store folder needs a {config} with at least "
        "'name: My Store', and a products/ folder. To start a new store, run lapak init."),
})


def find_config(source: Path) -> Path:
    """The ``store.yml`` of a store folder, or a clear error saying how to make one."""
    if not source.exists():
        raise LapakError(msg("store.no_folder", folder=str(source), config=CONFIG_NAME))
    if source.is_file():
        if source.name == CONFIG_NAME:
            return source
        raise LapakError(msg("store.is_file", folder=str(source), config=CONFIG_NAME))
    path = source / CONFIG_NAME
    if not path.is_file():
        raise LapakError(msg("store.no_config", folder=str(source), config=CONFIG_NAME))
    return path


def store_language(source: Path) -> str | None:
    """The language of the store in ``source`` (its folder or its store.yml), read cheaply from the
    file's ``language:`` line, so messages can be shown in it before (or without) a full read.

    ``id`` when the file reads as YAML and names no language (the store's default); None when
    there is no readable store.yml, or it is not valid YAML and has no ``language:`` line (then
    ``LAPAK_LANG`` or the computer's language decide).
    """
    try:
        raw = find_config(source).read_bytes()
    except (LapakError, OSError):
        return None
    encoding = "utf-8"
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            encoding = name
            break
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    return language_in(text) or ("id" if _mapping(text) else None)


def _mapping(text: str) -> bool:
    """Whether ``text`` reads as YAML 'key: value' lines."""
    import yaml

    try:
        return isinstance(yaml.safe_load(text), (dict, type(None)))
    except (yaml.YAMLError, ValueError, TypeError):
        return False
