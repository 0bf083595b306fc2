"""Find a theme and its parents; build one ordered template search path and the static files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import LapakError

THEME_FILE = "theme.yml"


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
    raise LapakError(f"store.yml, field 'theme': there is no theme '{name}'. Use a built-in theme ({names}) "
                     "or a folder next to store.yml.")


def load_theme(name: str, store_root: Path) -> Theme:
    """Resolve ``name`` and its ``extends:`` chain, ending with the built-in default theme."""
    folders: list[Path] = []
    options: dict = {}
    current: str | None = name
    while current:
        folder = _find(current, store_root if not folders else folders[-1])
        if folder in folders:
            raise LapakError(f"theme '{name}': themes extend each other in a circle ({folder.name}).")
        folders.append(folder)
        meta = {}
        if (folder / THEME_FILE).is_file():
            try:
                meta = yaml.safe_load((folder / THEME_FILE).read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise LapakError(f"{folder / THEME_FILE}: cannot read it ({exc}).") from None
        for key, value in (meta.get("options") or {}).items():
            options.setdefault(key, value)
        current = meta.get("extends")
        if not current and folder.name != "default" and folder.parent != builtin_themes_dir():
            current = "default"
    return Theme(name, tuple(folders), options)
