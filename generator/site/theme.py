"""Find a theme and its parents; build one ordered template search path and the static files."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from generator.content.model import read_ratio
from generator.content.yamlread import YamlSyntaxError, load_yaml, normalise_text
from generator.errors import LapakError
from generator.messages import Msg, define, msg

THEME_FILE = "theme.yml"
# Settings under store.yml's ``extra:`` that Lapak reads whatever the theme (generator/site/hosting.py).
LAPAK_OPTIONS = frozenset({"content_security_policy"})
# store.yml settings a theme may give a default for (theme.yml ``defaults:``), each with how its value is
# read (None: not a value Lapak knows). The store's own value always wins.
STORE_DEFAULTS = {"photo_ratio": lambda value: read_ratio(str(value))}

define({
    "theme.missing": (
        "tidak ada tema '{name}'. Pakai tema bawaan ({names}), atau folder tema di folder yang sama dengan "
        "store.yml.",
        "there is no theme '{name}'. Use a built-in theme ({names}) or a folder next to store.yml."),
    "theme.circle": ("tema '{name}': tema-tema ini saling memakai lewat 'extends' dan berputar tanpa ujung ({folder}).",
                     "theme '{name}': themes extend each other in a circle ({folder})."),
    "theme.unreadable": ("{file} tidak bisa dibaca ({reason}).", "{file}: cannot read it ({reason})."),
    "theme.bad_yaml": ("{file}, baris {line}: {problem}", "{file}, line {line}: {problem}"),
    "theme.unknown_option": (
        "tema '{theme}' tidak memakai pengaturan ini, jadi diabaikan. Pengaturan yang dipakainya: {names}.",
        "the theme '{theme}' does not use this setting, so it is ignored. The settings it uses: {names}."),
    "theme.bad_default": (
        "{file}: 'defaults: {key}: {value}' tidak bisa dipakai. Tema hanya bisa memberi nilai awal untuk: {names}.",
        "{file}: 'defaults: {key}: {value}' cannot be used. A theme can only give a starting value for: {names}."),
    "theme.no_stylesheet": (
        "{file}: 'stylesheets' menyebut {name}, tapi file itu tidak ada di folder static/ tema ini. Tambahkan "
        "filenya atau hapus namanya.",
        "{file}: 'stylesheets' names {name}, but there is no such file in this theme's static/ folder. Add the "
        "file or remove the name."),
    "theme.not_mapping": (
        "{file} harus berisi baris 'nama: isi', misalnya 'extends: default' dan 'options:'.",
        "{file} must hold 'key: value' lines, such as 'extends: default' and 'options:'."),
})


class ThemeError(LapakError):
    """A theme that cannot be used: ``message`` says why, ``field`` is store.yml's field (or None)."""

    def __init__(self, message: Msg, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field

    def __str__(self) -> str:
        return str(self.message)


def builtin_themes_dir() -> Path:
    """Where the built-in themes are: inside the installed package, or the repository's themes/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "themes"
    return packaged if packaged.is_dir() else here.parent / "themes"


@dataclass(frozen=True)
class Theme:
    """A resolved theme: its folders from the most specific to the most general."""

    name: str
    folders: tuple[Path, ...]
    options: dict
    # Static CSS files the pages link after style.css (theme.yml ``stylesheets:``), the parent's first.
    stylesheets: tuple[str, ...] = ()
    # Starting values for store.yml settings the store leaves out (theme.yml ``defaults:``, STORE_DEFAULTS).
    defaults: dict = dataclasses.field(default_factory=dict)

    def with_settings(self, extra: dict) -> tuple["Theme", list[str]]:
        """The theme with the store's ``extra:`` settings over its defaults, and the names of the settings
        no theme.yml of its chain declares (and Lapak itself does not read): those are ignored."""
        unknown = [key for key in extra if key not in self.options and key not in LAPAK_OPTIONS]
        options = dict(self.options)
        options.update({key: value for key, value in extra.items() if key in self.options})
        return dataclasses.replace(self, options=options), unknown

    def store_settings(self, store):
        """``store`` with this theme's ``defaults:`` for the settings its store.yml does not write."""
        changes = {key: value for key, value in self.defaults.items() if key not in store.written}
        return dataclasses.replace(store, **changes) if changes else store

    @property
    def template_dirs(self) -> list[Path]:
        """Template folders in search order."""
        return [f / "templates" for f in self.folders if (f / "templates").is_dir()]


def _find(name: str, store_root: Path) -> Path:
    local = (store_root / name).resolve()
    if local.is_dir():
        return local
    builtin = builtin_themes_dir() / name
    if builtin.is_dir() and "/" not in name and name not in (".", ".."):
        return builtin
    names = ", ".join(sorted(p.name for p in builtin_themes_dir().iterdir() if p.is_dir()))
    raise ThemeError(msg("theme.missing", name=name, names=names), "theme")


def load_theme(name: str, store_root: Path) -> Theme:
    """Resolve ``name`` and its ``extends:`` chain, ending with the built-in default theme."""
    folders: list[Path] = []
    options: dict = {}
    defaults: dict = {}
    sheets: list[str] = []
    current: str | None = name
    while current:
        folder = _find(current, store_root if not folders else folders[-1])
        if folder in folders:
            raise ThemeError(msg("theme.circle", name=name, folder=folder.name))
        folders.append(folder)
        meta = _read_meta(folder / THEME_FILE) if (folder / THEME_FILE).is_file() else {}
        for key, value in (meta.get("options") or {}).items():
            options.setdefault(key, value)
        for key, value in _defaults(folder / THEME_FILE, meta).items():
            defaults.setdefault(key, value)
        sheets[:0] = _stylesheets(folder, meta)
        current = meta.get("extends")
        if not current and folder.name != "default" and folder.parent != builtin_themes_dir():
            current = "default"
    return Theme(name, tuple(folders), options, tuple(dict.fromkeys(sheets)), defaults)


def _defaults(path: Path, meta: dict) -> dict:
    """theme.yml's ``defaults:``, each value read as store.yml would read it; one Lapak cannot use is an error."""
    found = {}
    for key, value in (meta.get("defaults") or {}).items():
        read = STORE_DEFAULTS.get(key, lambda _value: None)(value)
        if read is None:
            raise ThemeError(msg("theme.bad_default", file=str(path), key=key, value=value,
                                 names=", ".join(STORE_DEFAULTS)))
        found[key] = read
    return found


def _stylesheets(folder: Path, meta: dict) -> list[str]:
    """theme.yml's ``stylesheets:``, each a file in the theme's static/ folder."""
    names = meta.get("stylesheets") or []
    names = [names] if isinstance(names, str) else names
    for name in names:
        file = folder / "static" / str(name)
        if not isinstance(name, str) or ".." in Path(name).parts or not file.is_file():
            raise ThemeError(msg("theme.no_stylesheet", file=str(folder / THEME_FILE), name=name))
    return list(names)


def _read_meta(path: Path) -> dict:
    """A theme's ``theme.yml``: its parent (``extends``) and ``options``; a mistake is explained in plain words."""
    try:
        meta = load_yaml(normalise_text(path.read_bytes())).data
    except YamlSyntaxError as exc:
        raise ThemeError(msg("theme.bad_yaml", file=str(path), line=exc.line or 1, problem=exc.message)) from None
    except UnicodeDecodeError:
        raise ThemeError(msg("theme.unreadable", file=str(path), reason=msg("file.not_utf8"))) from None
    except OSError as exc:
        raise ThemeError(msg("theme.unreadable", file=str(path), reason=str(exc.strerror or exc))) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k) or {}, dict) for k in ("options", "defaults")):
        raise ThemeError(msg("theme.not_mapping", file=str(path)))
    return meta
