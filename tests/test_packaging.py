"""The package as PyPI would get it: `python -m build` makes an sdist, then the wheel from that sdist,
and the wheel holds the built-in themes and the fonts, with the version Lapak reports itself."""

from __future__ import annotations

import email
import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]

MISSING = [name for name in ("build", "hatchling") if importlib.util.find_spec(name) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"{' and '.join(MISSING)} not installed: python -m pip install -e '.[test]' installs it")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built as a release is (the wheel from the unpacked sdist), without a download."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_every_theme_file_and_the_fonts(dist):
    wheel = _one(dist, "lapak-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = {f"generator/themes/{rel}" for rel in _files_under(ROOT / "themes")}
    assert "generator/themes/default/theme.yml" in themes
    assert themes <= names, sorted(themes - names)
    fonts = {f"generator/fonts/{rel}" for rel in _files_under(ROOT / "generator" / "fonts")}
    assert {"generator/fonts/NotoSans-Regular.ttf", "generator/fonts/NotoSans-Bold.ttf",
            "generator/fonts/OFL.txt"} <= fonts <= names
    code = {f"generator/{rel}" for rel in _files_under(ROOT / "generator") if rel.endswith(".py")}
    assert "generator/cli.py" in code or "generator/cli/__init__.py" in code
    assert code <= names, sorted(code - names)  # every module, in every subpackage
    assert not any("__pycache__" in n or n.endswith(".pyc") or n.startswith(("tests/", "content/")) for n in names)


def test_the_version_is_the_same_everywhere(dist):
    wheel = _one(dist, "lapak-*.whl")
    assert wheel.name == f"lapak-{__version__}-py3-none-any.whl"
    assert _one(dist, "lapak-*.tar.gz").name == f"lapak-{__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as z:
        meta = email.message_from_bytes(z.read(f"lapak-{__version__}.dist-info/METADATA"))
        entry_points = z.read(f"lapak-{__version__}.dist-info/entry_points.txt").decode()
    assert meta["Name"] == "lapak" and meta["Version"] == __version__
    assert "lapak = generator.cli:main" in entry_points
    assert meta["Requires-Python"] == ">=3.10"
    assert CliRunner().invoke(main, ["--version"]).output.strip() == f"lapak {__version__}"


def test_the_sdist_can_rebuild_the_wheel(dist):
    """PyPI users who build from source get the themes too: they are in the sdist, beside the code."""
    with tarfile.open(_one(dist, "lapak-*.tar.gz")) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "generator/__init__.py", "generator/fonts/OFL.txt"} <= names
    assert {f"themes/{rel}" for rel in _files_under(ROOT / "themes")} <= names
    assert not any(n.startswith((".git/", "output/", ".lapak-cache/")) or "__pycache__" in n for n in names)
