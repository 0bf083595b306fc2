"""`lapak init` and `lapak new product`: from an empty folder to a store that builds, with no edits."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from packaging.requirements import Requirement

from generator import __version__, scaffold
from generator.content.catalog import FIELDS
from generator.cli import main

GITHUB_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                  "actions/upload-pages-artifact", "actions/deploy-pages"}


def lapak(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def made(tmp_path) -> Path:
    folder = tmp_path / "tokoku"
    result = lapak("init", str(folder), "--yes", "--name", "Dapur Bu Sari", "--whatsapp", "0812-3456-7890")
    assert result.exit_code == 0, result.output
    return folder


def test_init_in_an_empty_folder_then_build_works_without_edits(made, tmp_path, monkeypatch):
    names = sorted(p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file())
    assert names == [".github/workflows/github-pages.yml", ".gitignore", "netlify.toml",
                     "products/contoh-kaos-polos/1.jpg", "products/contoh-kaos-polos/index.md",
                     "products/contoh-kopi-bubuk/1.jpg", "products/contoh-kopi-bubuk/index.md",
                     "requirements.txt", "store.yml"]
    result = lapak("build", str(made), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Selesai membangun 2 produk: " in result.output  # store.yml says language: id
    page = (tmp_path / "out" / "contoh-kaos-polos" / "index.html").read_text()
    assert "Dapur Bu Sari" in page and "https://wa.me/6281234567890?text=" in page
    assert "Pesan via WhatsApp" in page  # the store's language
    # Inside the folder, 'lapak build' finds the store by itself and builds into output/ there.
    monkeypatch.chdir(made)
    result = lapak("build")
    assert result.exit_code == 0, result.output
    assert (made / "output" / "index.html").is_file()
    assert lapak("check").exit_code == 0


def test_the_store_yml_it_writes(made):
    text = (made / "store.yml").read_text()
    data = yaml.safe_load(text)
    assert data == {"name": "Dapur Bu Sari", "whatsapp": "0812-3456-7890", "language": "id", "currency": "IDR"}
    # What to fill in later is there, in the seller's language, as notes.
    for key in ("base_url", "domain", "links", "marketplaces", "logo", "tagline"):
        assert re.search(rf"^# {key}:", text, re.M), key
    assert "Baris yang diawali # adalah catatan" in text


def test_init_asks_in_the_chosen_language_and_asks_again_for_a_wrong_number(tmp_path):
    folder = tmp_path / "shop"
    result = lapak("init", str(folder), input="en\nKopi: Gayo & \"Teman\"\n0812\n+99 123\n12345678901234567\n"
                                               "+62 812-3456-7890\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Store name" in out and "WhatsApp number for orders" in out
    assert '"0812" is too short for a WhatsApp number.' in out
    assert '"+99 123" starts with a country code that does not exist.' in out
    assert '"12345678901234567" is too long' in out
    assert out.count("WhatsApp number for orders") == 4  # asked again after each wrong number
    data = yaml.safe_load((folder / "store.yml").read_text())
    assert data["name"] == 'Kopi: Gayo & "Teman"' and data["whatsapp"] == "+62 812-3456-7890"
    assert data["language"] == "en"
    assert (folder / "products" / "sample-ground-coffee" / "index.md").is_file()
    assert "lapak build" in out and "docs/publish.md" in out


def test_init_in_indonesian(tmp_path):
    result = lapak("init", str(tmp_path / "toko"), input="id\nToko Bu Sari\n0812 34\n0812-3456-7890\n")
    assert result.exit_code == 0, result.output
    assert "Nama toko" in result.output and "Nomor WhatsApp untuk pesanan" in result.output
    assert '"0812 34" terlalu pendek untuk nomor WhatsApp. Tulis seperti saat menelepon' in result.output
    assert "Langkah berikutnya" in result.output and "docs/publish.id.md" in result.output


@pytest.mark.parametrize("number", ["0812-3456-7890", "+62 812 3456 7890", "081234", "0812", "+99 123", "abc",
                                    "+1 202 555 0143", "021-555-1234", "0812-3456-7890-1234", "", "+62"])
def test_init_accepts_exactly_the_numbers_the_build_accepts(number):
    from generator.content.links import LinkError, normalise_whatsapp

    try:
        normalise_whatsapp(number, "ID")
        valid = True
    except LinkError:
        valid = False
    assert (scaffold.number_problem(number, "id") is None) == valid


def test_init_with_flags_refuses_a_wrong_number(tmp_path):
    folder = tmp_path / "toko"
    result = lapak("init", str(folder), "--yes", "--whatsapp", "12345")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert '"12345"' in result.output and not folder.exists()


def test_init_without_a_number_still_builds(tmp_path):
    folder = tmp_path / "toko"
    result = lapak("init", str(folder), "--yes", "--language", "en")
    assert result.exit_code == 0, result.output
    assert "No WhatsApp number yet" in result.output
    data = yaml.safe_load((folder / "store.yml").read_text())
    assert data["name"] == "My Store" and "whatsapp" not in data
    assert lapak("build", str(folder), "--output", str(tmp_path / "out")).exit_code == 0


def test_init_refuses_a_folder_that_has_a_store(made):
    before = (made / "store.yml").read_bytes()
    result = lapak("init", str(made), "--yes", "--name", "Lain")
    assert result.exit_code == 1 and "already has a store" in result.output or "sudah ada toko" in result.output
    assert (made / "store.yml").read_bytes() == before
    result = lapak("init", str(made), input="id\n")  # refused before any question is asked
    assert result.exit_code == 1 and "Nama toko" not in result.output


def test_init_keeps_what_is_there_and_adds_to_gitignore(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("my repo\n")
    (folder / ".gitignore").write_text("*.pyc\n/output/")
    (folder / "netlify.toml").write_text("# mine\n")
    result = lapak("init", str(folder), "--yes", "--name", "Toko")
    assert result.exit_code == 0, result.output
    assert "netlify.toml" in result.output.split("Sudah ada, tidak diubah:")[1]
    assert (folder / "README.md").read_text() == "my repo\n"
    assert (folder / "netlify.toml").read_text() == "# mine\n"
    lines = (folder / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["*.pyc", "/output/"] and lines.count("/output/") == 1
    assert "/.lapak-cache/" in lines and "/output.zip" in lines


def test_gitignore_keeps_output_cache_and_zip_out_of_git(made, tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    assert lapak("build", str(made), "--output", str(made / "output"), "--zip").exit_code == 0
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q"], cwd=made, check=True, env=env)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=made, check=True,
                            capture_output=True, text=True, env=env).stdout
    listed = sorted(line[3:] for line in status.splitlines())
    assert not [n for n in listed if n.startswith(("output", ".lapak-cache"))], listed
    assert "store.yml" in listed and ".github/workflows/github-pages.yml" in listed


def test_sample_photos_are_small_and_the_same_every_time(made, tmp_path):
    other = tmp_path / "again"
    assert lapak("init", str(other), "--yes").exit_code == 0
    for rel in ("products/contoh-kopi-bubuk/1.jpg", "products/contoh-kaos-polos/1.jpg"):
        data = (made / rel).read_bytes()
        assert data == (other / rel).read_bytes() and 2_000 < len(data) < 60_000
        from PIL import Image

        with Image.open(made / rel) as img:
            assert img.format == "JPEG" and img.size == (800, 800)


# --------------------------------------------------------------------------- the hosts' files


def test_github_workflow_is_valid_and_builds_where_pages_will_serve_it(made, tmp_path):
    data = yaml.safe_load((made / ".github/workflows/github-pages.yml").read_text())
    triggers = data.get("on", data.get(True))  # PyYAML reads the key 'on' as True (YAML 1.1)
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"} and "main" in triggers["push"]["branches"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])  # daily: sales start and end on time
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = data["jobs"]["build"]["steps"] + data["jobs"]["deploy"]["steps"]
    used = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert GITHUB_ACTIONS <= used, used
    assert all(re.fullmatch(r"v\d+", s["uses"].split("@")[1]) for s in steps if "uses" in s)
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert data["jobs"]["build"]["needs"] == "pages"
    assert data["jobs"]["build"]["if"] == "needs.pages.outputs.enabled == 'true'"
    runs = [s["run"] for s in data["jobs"]["build"]["steps"] if "run" in s]
    assert runs[0] == "python -m pip install -r requirements.txt"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    # Run the build step as GitHub would, with the address configure-pages gives a project site.
    command = runs[1].replace("${{ steps.pages.outputs.base_url }}", "https://budi.github.io/tokoku")
    subprocess.run(["bash", "-c", command], cwd=made, check=True, capture_output=True)
    output = made / upload["with"]["path"]
    assert '<link rel="stylesheet" href="/tokoku/assets/style.' in (output / "index.html").read_text()
    assert "https://budi.github.io/tokoku/sitemap.xml" in (output / "robots.txt").read_text()


@pytest.mark.parametrize("build_type, enabled", [("workflow", True), ("legacy", False), (None, False)])
def test_workflow_publishes_only_when_pages_is_set_to_github_actions(made, tmp_path, build_type, enabled):
    """The first job's script, run with a stand-in for GitHub's gh command: Pages by Actions, by branch, or off."""
    data = yaml.safe_load((made / ".github/workflows/github-pages.yml").read_text())
    step = data["jobs"]["pages"]["steps"][0]
    assert data["jobs"]["pages"]["outputs"]["enabled"] == "${{ steps.%s.outputs.enabled }}" % step["id"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gh"  # prints what `gh api repos/OWNER/REPO/pages --jq .build_type` would, or fails (404)
    fake.write_text("#!/bin/sh\n" + (f'[ "$2" = "repos/budi/toko/pages" ] && echo {build_type}\n'
                                       if build_type else "echo 'HTTP 404' >&2; exit 1\n"))
    fake.chmod(0o755)
    out = tmp_path / "github_output"
    out.write_text("")
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", GITHUB_OUTPUT=str(out),
               GITHUB_REPOSITORY="budi/toko", GH_TOKEN="x")
    subprocess.run(["bash", "-e", "-c", step["run"]], check=True, env=env, capture_output=True)
    assert out.read_text() == ("enabled=true\n" if enabled else "")


def test_netlify_toml_builds_for_the_netlify_address(made):
    config = tomllib.loads((made / "netlify.toml").read_text())
    assert config["build"]["publish"] == "output"
    assert config["build"]["environment"]["PYTHON_VERSION"].startswith("3.")
    env = dict(os.environ, URL="https://dapur-bu-sari.netlify.app")
    subprocess.run(["bash", "-c", config["build"]["command"]], cwd=made, check=True, capture_output=True, env=env)
    page = (made / config["build"]["publish"] / "index.html").read_text()
    assert '<link rel="canonical" href="https://dapur-bu-sari.netlify.app/">' in page
    assert (made / "output" / "_headers").is_file()


class FakeDistribution:
    """What importlib.metadata knows of an installed Lapak: its version and PEP 610's direct_url.json."""

    def __init__(self, direct: dict | str | None, version: str = __version__):
        self.version = version
        self.direct = json.dumps(direct) if isinstance(direct, dict) else direct

    def read_text(self, name):
        assert name == "direct_url.json"
        return self.direct


def installed_from(monkeypatch, direct: dict | str | None, version: str = __version__) -> None:
    import importlib.metadata

    def distribution(name):
        assert name == "lapak"
        return FakeDistribution(direct, version)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)


GIT = {"url": "https://github.com/lapak-dev/lapak", "vcs_info": {"vcs": "git", "commit_id": "abc123",
                                                                 "requested_revision": "v0.1.0"}}
PINNED = f"lapak=={__version__}"


@pytest.mark.parametrize("direct, line", [
    (None, PINNED),  # from PyPI or another package index: no direct_url.json
    (GIT, "lapak @ git+https://github.com/lapak-dev/lapak@abc123"),
    ({"url": "ssh://git@github.com/lapak-dev/lapak.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
     "lapak @ git+https://github.com/lapak-dev/lapak.git@abc123"),  # the host has no SSH key: https instead
    ({"url": "https://github.com/lapak-dev/lapak", "subdirectory": "src",
      "vcs_info": {"vcs": "git", "commit_id": "abc123"}}, "lapak @ git+https://github.com/lapak-dev/lapak@abc123"
                                                          "#subdirectory=src"),
    ({"url": "https://github.com/lapak-dev/lapak/archive/refs/tags/v0.1.0.zip", "archive_info": {}},
     "lapak @ https://github.com/lapak-dev/lapak/archive/refs/tags/v0.1.0.zip"),
])
def test_requirements_name_where_lapak_was_installed_from(monkeypatch, tmp_path, direct, line):
    installed_from(monkeypatch, direct)
    folder = tmp_path / "tokoku"
    result = lapak("init", str(folder), "--yes", "--language", "en")
    assert result.exit_code == 0, result.output
    text = (folder / "requirements.txt").read_text()
    assert [x for x in text.splitlines() if x and not x.startswith("#")] == [line]
    assert "PyPI" not in result.output and "pypi.org" not in text  # nothing to do: it works as it is
    Requirement(line)  # a line pip reads


@pytest.mark.parametrize("direct, version", [
    ({"url": "file:///home/budi/lapak", "dir_info": {"editable": True}}, __version__),  # pip install -e .
    ({"url": "file:///home/budi/lapak", "dir_info": {}}, __version__),  # pip install . / pipx install .
    ({"url": "file:///home/budi/lapak-0.1.0-py3-none-any.whl", "archive_info": {}}, __version__),
    ({"url": "file:///srv/git/lapak", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}, __version__),
    ({"url": "https://budi:ghp_secret@github.com/lapak-dev/lapak", "vcs_info": {"vcs": "git", "commit_id": "a1"}},
     __version__),  # a token the host must not get
    ({"url": "https://hg.example.com/lapak", "vcs_info": {"vcs": "hg", "commit_id": "abc123"}}, __version__),
    ("not json", __version__),
    (None, "0.0.1"),  # another Lapak is installed than the one running
])
def test_an_install_a_host_cannot_repeat_pins_the_version_and_says_what_to_do(monkeypatch, tmp_path, direct, version):
    installed_from(monkeypatch, direct, version)
    folder = tmp_path / "tokoku"
    result = lapak("init", str(folder), "--yes", "--language", "en")
    assert result.exit_code == 0, result.output
    text = (folder / "requirements.txt").read_text()
    assert [x for x in text.splitlines() if x and not x.startswith("#")] == [PINNED]
    assert "OWNER" not in text and "secret" not in text
    assert f"# {PINNED} installs Lapak from PyPI" in text and "git+https://" in text  # what to write instead
    said = [x for x in result.output.splitlines() if "requirements.txt" in x and "PyPI" in x]
    assert said == [f"requirements.txt installs {PINNED} from PyPI. If Lapak is not on pypi.org yet, write in "
                    "that file where you installed Lapak from, or publish with lapak build --zip (Netlify Drop) "
                    "or lapak deploy --github, which do not need it."]


def test_running_from_the_source_folder_pins_the_version_in_indonesian_too(monkeypatch, tmp_path):
    import importlib.metadata

    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert scaffold.install_requirement() == (PINNED, False)
    result = lapak("init", str(tmp_path / "tokoku"), "--yes")  # Bahasa Indonesia by default
    assert result.exit_code == 0, result.output
    assert (f"requirements.txt memasang {PINNED} dari PyPI. Kalau Lapak belum ada di pypi.org, tulis di file itu "
            "alamat tempat Anda memasang Lapak, atau terbitkan dengan lapak build --zip (Netlify Drop) atau "
            "lapak deploy --github, yang tidak membutuhkannya.") in result.output.splitlines()
    assert "installs" not in result.output


def test_the_requirements_line_is_pip_readable_and_never_a_placeholder(made):
    text = (made / "requirements.txt").read_text()
    line = [x for x in text.splitlines() if x and not x.startswith("#")]
    assert len(line) == 1 and line[0] == scaffold.install_requirement()[0]
    assert "OWNER" not in text
    assert Requirement(line[0]).name == "lapak"


# --------------------------------------------------------------------------- lapak new product


def test_new_product_explains_every_field_and_builds(made, tmp_path):
    result = lapak("new", "product", "Kopi Gayo 250 g", "--price", "Rp 85.000", "--store", str(made))
    assert result.exit_code == 0, result.output
    path = made / "products" / "kopi-gayo-250-g" / "index.md"
    assert "Produk baru" in result.output and str(path.relative_to(made)) in result.output.replace(str(made) + "/", "")
    text = path.read_text()
    front = text.split("---")[1]
    for name in FIELDS:  # every field a product may have is there, with a note
        assert re.search(rf"^#? ?{name}:.*#", front, re.M), name
    data = yaml.safe_load(front)
    data.pop("date", None)  # today, when Lapak knows product dates
    assert data == {"title": "Kopi Gayo 250 g", "price": 85000}
    result = lapak("build", str(made), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Rp 85.000" in (tmp_path / "out" / "kopi-gayo-250-g" / "index.html").read_text()


def test_the_commented_examples_work_when_uncommented(made, tmp_path):
    assert lapak("new", "product", "Contoh Lengkap", "--price", "100000", "--store", str(made)).exit_code == 0
    path = made / "products" / "contoh-lengkap" / "index.md"
    keep_out = {"images", "sold_out", "draft", "stock", "slug"}  # these change what is shown, not validity
    lines = []
    for line in path.read_text().splitlines():
        field = re.match(r"# (\w+):", line)
        if (field and field.group(1) in FIELDS - keep_out) or line.startswith("#   "):
            line = line[2:]
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")
    result = lapak("build", str(made), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Warning: products/contoh-lengkap" not in result.output
    page = (tmp_path / "out" / "contoh-lengkap" / "index.html").read_text()
    assert "Ukuran" in page and "500 g" in page and "shopee.co.id" in page


def test_new_product_in_english_as_draft_and_asked_price(tmp_path, monkeypatch):
    folder = tmp_path / "shop"
    assert lapak("init", str(folder), "--yes", "--language", "en").exit_code == 0
    monkeypatch.chdir(folder)
    result = lapak("new", "product", "Teh Melati", "--draft", input="free\n25rb\n")
    assert result.exit_code == 0, result.output
    assert "Price" in result.output and '"free" is not a price' in result.output
    text = (folder / "products" / "teh-melati" / "index.md").read_text()
    assert "The product's details" in text
    data = yaml.safe_load(text.split("---")[1])
    data.pop("date", None)
    assert data == {"title": "Teh Melati", "price": 25000, "draft": True}
    result = lapak("build")
    assert result.exit_code == 0 and "Built 2 products" in result.output  # the draft is hidden


def test_new_product_refuses_a_name_that_is_taken_or_empty(made):
    assert lapak("new", "product", "Kopi", "--price", "1000", "--store", str(made)).exit_code == 0
    result = lapak("new", "product", "KOPI!", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1
    assert result.output == ("Kesalahan: Sudah ada produk di products/kopi/index.md (alamat /kopi/). Pilih nama lain, "
                             "atau ubah file itu.\n")
    result = lapak("new", "product", "🎉", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1 and '"🎉" tidak punya huruf atau angka' in result.output
    result = lapak("new", "product", "Assets", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1 and "'assets' dipakai Lapak untuk halamannya sendiri" in result.output
    result = lapak("new", "product", "Teh", "--price", "nol", "--store", str(made))
    assert result.exit_code == 1 and "Kesalahan: harga: " in result.output
    assert not (made / "products" / "teh").exists()

    # The same in an English store.
    (made / "store.yml").write_text((made / "store.yml").read_text().replace("language: id", "language: en"))
    result = lapak("new", "product", "KOPI!", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1
    assert result.output == ("Error: There is already a product at products/kopi/index.md (address /kopi/). Choose "
                             "another name, or edit that file.\n")
    result = lapak("new", "product", "🎉", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1 and "has no letters or digits to make the page's address from" in result.output
    result = lapak("new", "product", "Assets", "--price", "2000", "--store", str(made))
    assert result.exit_code == 1 and "'assets' is used by Lapak for its own pages" in result.output
    result = lapak("new", "product", "Teh", "--price", "nol", "--store", str(made))
    assert result.exit_code == 1 and "Error: price: " in result.output


def test_new_product_without_a_store(tmp_path):
    result = lapak("new", "product", "Kopi", "--price", "1000", "--store", str(tmp_path))
    assert result.exit_code == 1 and "There is no store.yml" in result.output
