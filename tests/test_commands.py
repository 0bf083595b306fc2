"""What every command shares: the store's language, the help text, the store folder, and the catch-all for bugs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import BASE_STORE, REPO
from generator import __version__
from generator.cli import main
from generator.commands import common
from generator.messages import Msg, catalogue, msg, placeholders, set_language

COMMAND_PREFIXES = ("cmd.", "cli.", "init.", "new.", "progress.")


def lapak(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def in_language(store, lang: str | None) -> None:
    """Give the test store a ``language:`` line (or none)."""
    text = BASE_STORE + (f"language: {lang}\n" if lang else "")
    store.write("store.yml", text)


def lines(output: str) -> list[str]:
    return output.splitlines()


# --------------------------------------------------------------------------- the catalogue


def test_every_command_message_says_the_same_in_both_languages():
    from importlib import import_module

    import generator.cli
    import generator.scaffold  # noqa: F401

    for module in generator.cli.COMMANDS.values():  # each defines its messages when imported
        import_module(f"generator.commands.{module}")

    ours = {k: v for k, v in catalogue().items() if k.startswith(COMMAND_PREFIXES)}
    assert len(ours) > 80
    for key, (indonesian, english) in ours.items():
        assert placeholders(indonesian) == placeholders(english), key
        assert indonesian != english or key in ("cmd.source_metavar",), key
    # Plurals come in pairs.
    for key in ours:
        if key.endswith(".one"):
            assert key.removesuffix(".one") + ".many" in ours


# --------------------------------------------------------------------------- which language


@pytest.mark.parametrize("text, lang", [
    ("name: T\nlanguage: en\n", "en"),
    ("name: T\nlanguage: 'EN'   # English\n", "en"),
    ('name: T\r\nlanguage: "id"\r\n', "id"),
    ("\ufeffname: T\nlanguage: en\n", "en"),
    ("name: [unclosed\n\tcurrency: IDR\nlanguage: en\n", "en"),  # the rest of the file may be broken
    ("name: T\n", "id"),  # the default
    ("name: T\nlanguage: fr\n", "id"),  # not a language Lapak speaks: the build says so, in the default
    ("name: T\nextra:\n  language: en\n", "id"),  # a theme's setting, not the store's
    ("name: T\n# language: en\n", "id"),
    ("name: [unclosed\n\tcurrency: IDR\n", None),  # cannot be read, names no language: the computer's
])
def test_the_store_language_is_read_from_its_one_line(tmp_path, text, lang):
    (tmp_path / "store.yml").write_text(text, encoding="utf-8", newline="")
    assert common.store_language(tmp_path) == lang


def test_a_store_yml_saved_as_utf16_gives_its_language(tmp_path):
    (tmp_path / "store.yml").write_bytes("name: T\nlanguage: en\n".encode("utf-16"))
    assert common.store_language(tmp_path) == "en"
    assert common.store_language(tmp_path / "nothing-here") is None


def test_the_store_language_beats_lapak_lang(store, monkeypatch):
    store.product("rusak", "title: Rusak\nprice: 100000\nharg: 1")
    monkeypatch.setenv("LAPAK_LANG", "en")
    in_language(store, "id")
    out = store.build().output
    assert "Peringatan: products/rusak.md" in out and "Selesai membangun 2 produk: " in out
    monkeypatch.setenv("LAPAK_LANG", "id")
    in_language(store, "en")
    out = store.build().output
    assert "Warning: products/rusak.md" in out and "Built 2 products: " in out
    # Without a language line, LAPAK_LANG decides.
    in_language(store, None)
    out = store.build().output
    assert "Peringatan: products/rusak.md" in out and "Selesai membangun 2 produk: " in out


def test_a_broken_store_yml_still_gets_its_language(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "id")
    store.write("store.yml", "name: Toko Tes\nlanguage: en\nlinks: [unclosed\n")
    result = store.build()
    assert result.exit_code == 1
    assert lines(result.output)[0] == "The store was not built: 1 problem to fix (the previous output is untouched)."


def test_the_language_does_not_stick_to_the_next_command(store, tmp_path, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    in_language(store, "id")
    assert "Selesai membangun" in store.build().output
    result = lapak("build", str(tmp_path / "nothing"))
    assert result.output.startswith("Error: ")


# --------------------------------------------------------------------------- what build and check say


@pytest.mark.parametrize("lang, head", [
    ("id", "Toko belum dibangun: 1 masalah yang perlu diperbaiki (hasil sebelumnya tidak diubah)."),
    ("en", "The store was not built: 1 problem to fix (the previous output is untouched)."),
])
def test_a_failed_build_says_so_in_the_store_language(store, lang, head):
    in_language(store, lang)
    store.product("rusak", "title: Rusak\nprice: gratis")
    result = store.build()
    assert result.exit_code == 1
    assert lines(result.output)[0] == head
    place = "baris 3, isian 'price'" if lang == "id" else "line 3, field 'price'"
    assert lines(result.output)[1].startswith(f"  products/rusak.md, {place}: ")


@pytest.mark.parametrize("lang, built, unchanged, checked", [
    ("id", r"Selesai membangun 1 produk: (\d+) halaman, 0 foto dalam \d+,\d\d detik -> (.+)/",
     r"Tidak ada yang berubah: (.+) sudah terbaru \(1 produk, (\d+) halaman\), dicek dalam \d+,\d\d detik",
     r"Tidak ada masalah: 1 produk, 0 foto, (\d+) halaman diperiksa dalam \d+,\d\d detik \(tidak ada yang ditulis\)\."),
    ("en", r"Built 1 product: (\d+) pages, 0 photos in \d+\.\d\d s -> (.+)/",
     r"Nothing changed: (.+) is up to date \(1 product, (\d+) pages\) in \d+\.\d\d s",
     r"No problems: 1 product, 0 photos, (\d+) pages checked in \d+\.\d\d s \(nothing was written\)\."),
])
def test_the_summaries_in_both_languages(store, lang, built, unchanged, checked):
    in_language(store, lang)
    result = store.build()
    assert result.exit_code == 0, result.output
    first = re.fullmatch(built, result.output.strip())
    assert first and first.group(2) == str(store.output), result.output
    again = re.fullmatch(unchanged, store.build().output.strip())
    assert again and again.group(1) == str(store.output) and again.group(2) == first.group(1)
    result = lapak("check", str(store.root), "--output", str(store.output))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(checked, result.output.strip()).group(1) == first.group(1)


@pytest.mark.parametrize("lang, warning, summary", [
    ("id", "Peringatan: products/teh.md, baris 4, isian 'harg': ", ", 1 peringatan -> "),
    ("en", "Warning: products/teh.md, line 4, field 'harg': ", ", 1 warning -> "),
])
def test_warnings_carry_the_store_language_prefix(store, lang, warning, summary):
    in_language(store, lang)
    store.product("teh", "title: Teh\nprice: 20000\nharg: 1")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert lines(result.output)[0].startswith(warning) and summary in lines(result.output)[-1]


def test_timings_name_the_phases_in_the_store_language(store):
    in_language(store, "id")
    last = store.build("--timings").output.splitlines()[-2]
    assert re.fullmatch(r"isi toko \d+,\d{3} detik  foto dan gambar \d+,\d{3} detik  halaman \d+,\d{3} detik  "
                        r"menulis \d+,\d{3} detik", last), last
    in_language(store, "en")
    last = store.build("--timings").output.splitlines()[-2]
    assert re.fullmatch(r"content \d+\.\d{3} s  media \d+\.\d{3} s  pages \d+\.\d{3} s  write \d+\.\d{3} s", last), last


def test_the_zip_line_in_both_languages(store):
    in_language(store, "id")
    out = store.build("--zip").output
    assert f"Zip untuk Netlify Drop: {store.output}.zip (" in out and " file, " in out
    in_language(store, "en")
    out = store.build("--zip").output
    assert f"Zip for Netlify Drop: {store.output}.zip (" in out and "Drag it onto https://app.netlify.com/drop" in out


# --------------------------------------------------------------------------- progress bars


@pytest.mark.parametrize("label, lang, shown", [
    ("Photos", "id", "Foto"), ("Share images", "id", "Gambar pratinjau"), ("Photos", "en", "Photos"),
    ("progress.share_images", "en", "Share images"), (Msg("progress.photos"), "id", "Foto"),
    ("Something else", "id", "Something else"),
])
def test_progress_labels_are_shown_in_the_store_language(label, lang, shown):
    set_language(lang)
    try:
        assert common.progress_label(label) == shown
    finally:
        set_language(None)


def test_the_photo_bar_on_a_terminal_is_labelled_in_the_store_language(capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm")
    set_language("id")
    try:
        bar = common.RichProgress()
        bar.start("Photos", 5)
        for _ in range(5):
            bar.advance()
        bar.bar.refresh()
        bar.stop()
    finally:
        set_language(None)
    err = capsys.readouterr().err
    assert "Foto" in err and "Photos" not in err


# --------------------------------------------------------------------------- --help


def run_help(*args: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("LAPAK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env={**clean, "PYTHONPATH": str(REPO), **env}, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_help_speaks_lapak_lang_or_the_locale():
    text = run_help("build", "--help", LAPAK_LANG="id")
    assert text.startswith("Cara pakai: lapak build [PILIHAN] [FOLDER]\n")
    assert "Bangun toko di FOLDER ke folder --output" in text and "\nPilihan:\n" in text
    assert "Tampilkan bantuan ini, lalu keluar." in text and "Ikut bangun produk yang ditandai 'draft: true'." in text
    text = run_help("build", "--help", LAPAK_LANG="en")
    assert text.startswith("Usage: lapak build [OPTIONS] [SOURCE]\n") and "Show this message and exit." in text
    assert "Also build products marked 'draft: true'." in text
    assert run_help("--help", LANG="id_ID.UTF-8").startswith("Cara pakai: lapak [PILIHAN] PERINTAH [ARGUMEN]...")
    text = run_help("--help", LANG="en_GB.UTF-8")
    assert text.startswith("Usage: lapak [OPTIONS] COMMAND [ARGS]...") and "  lapak serve " in text
    assert "\nCommands:\n" in text and "Preview the store; it updates as you edit." in text


@pytest.mark.parametrize("command", [["init"], ["new"], ["new", "product"], ["serve"], ["check"], ["deploy"]])
def test_every_command_has_help_in_both_languages(command):
    indonesian = run_help(*command, "--help", LAPAK_LANG="id")
    english = run_help(*command, "--help", LAPAK_LANG="en")
    assert indonesian.startswith("Cara pakai: lapak ") and english.startswith("Usage: lapak ")
    assert "Tampilkan bantuan ini" in indonesian and "Show this message" not in indonesian
    assert "Show this message and exit." in english


# --------------------------------------------------------------------------- the catch-all for bugs


def boom(*args, **kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize("lang, apology", [
    ("id", "Maaf, Lapak berhenti karena kesalahan di dalam Lapak sendiri, bukan karena toko Anda. Rinciannya "
           "tersimpan di {log}: kirimkan file itu kalau Anda melaporkan masalah ini."),
    ("en", "Sorry, Lapak stopped because of a fault in Lapak itself, not in your store. The details are in {log}: "
           "please send that file if you report this problem."),
])
def test_a_bug_gives_an_apology_and_a_log_in_the_store(store, monkeypatch, lang, apology):
    from generator.commands import build

    in_language(store, lang)
    monkeypatch.setattr(build, "build", boom)
    result = store.build()
    log = store.root.resolve() / ".lapak-cache" / "last-error.log"
    assert result.exit_code == 70
    assert result.output == apology.format(log=log) + "\n"
    text = log.read_text(encoding="utf-8")
    assert text.startswith(f"Lapak {__version__} stopped because of a bug, on ")
    assert f"Command: lapak build {store.root} --output {store.output}\n" in text
    assert f"Python: {sys.version.splitlines()[0]}" in text and "System: " in text
    assert "Traceback (most recent call last):" in text and text.rstrip().endswith("RuntimeError: boom")


def test_a_bug_outside_a_store_logs_in_this_folder(tmp_path, monkeypatch):
    import generator.scaffold

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAPAK_LANG", "en")
    monkeypatch.setattr(generator.scaffold, "init_store", boom)
    result = lapak("init", "toko", "--yes")
    assert result.exit_code == 70 and "Traceback" not in result.output
    assert "RuntimeError: boom" in (tmp_path / ".lapak-cache" / "last-error.log").read_text(encoding="utf-8")
    assert str(tmp_path / ".lapak-cache" / "last-error.log") in result.output


def test_lapak_debug_shows_the_traceback_instead(store, monkeypatch):
    from generator.commands import build

    monkeypatch.setenv("LAPAK_DEBUG", "1")
    monkeypatch.setattr(build, "build", boom)
    result = store.build()
    assert isinstance(result.exception, RuntimeError) and "Maaf" not in result.output
    assert not (store.root / ".lapak-cache" / "last-error.log").exists()


def test_a_mistake_no_command_caught_is_still_said_plainly(store, monkeypatch):
    from generator.commands import build
    from generator.errors import LapakError

    def refuse(*args, **kwargs):
        raise LapakError(msg("init.needs_name"))

    monkeypatch.setattr(build, "enter_store", refuse)
    monkeypatch.setenv("LAPAK_LANG", "en")
    result = store.build()
    assert result.exit_code == 1 and result.output == "Error: The store needs a name.\n"


def test_a_bug_in_a_real_process_prints_no_traceback(store, tmp_path):
    in_language(store, "id")
    code = ("import sys; import generator.commands.build as b; b.build = lambda *a, **k: 1 / 0; "
            "from generator.cli import main; main(prog_name='lapak')")
    proc = subprocess.run([sys.executable, "-c", code, "build", str(store.root), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert proc.returncode == 70 and "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.startswith("Maaf, Lapak berhenti karena kesalahan di dalam Lapak sendiri")
    assert "ZeroDivisionError" in (store.root / ".lapak-cache" / "last-error.log").read_text(encoding="utf-8")


def test_ctrl_c_and_usage_mistakes_are_not_bugs(store, monkeypatch):
    from generator.commands import build

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    in_language(store, "id")
    monkeypatch.setattr(build, "build", interrupted)
    result = store.build()
    assert result.exit_code == 130 and result.output == "Dihentikan. Hasil sebelumnya tidak diubah.\n"
    result = lapak("build", "--jobs", "0")
    assert result.exit_code == 2 and "Maaf" not in result.output
    assert not (store.root / ".lapak-cache" / "last-error.log").exists()
