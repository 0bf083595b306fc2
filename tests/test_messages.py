"""The message catalogue: every message in both languages, the same values in each, and no plain
English left in the code a seller's messages come from."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import generator
from generator.messages import catalogue, language, language_in, msg, placeholders, set_language

GENERATOR = Path(generator.__file__).resolve().parent

# Messages that are rightly the same in both languages (names, or a line of values only).
# Deliberately the same: month names both languages spell alike, and the order of a date's parts.
SAME_IN_BOTH: set[str] = {"date.day", "date.month.4", "date.month.9", "date.month.11"}


def _all_messages() -> dict[str, tuple[str, str]]:
    """The catalogue once every module of the package has defined its messages."""
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name != "generator.__main__":
            importlib.import_module(info.name)
    return catalogue()


def test_every_module_is_imported_and_the_catalogue_is_not_empty():
    messages = _all_messages()
    for area in ("where", "config", "product", "photo", "output", "theme", "template", "serve", "deploy",
                 "hosting", "store", "value", "file"):
        assert any(k.startswith(area + ".") for k in messages), f"no '{area}.' messages in the catalogue"


def test_every_message_has_both_languages_with_the_same_values():
    problems = []
    for key, (indonesian, english) in sorted(_all_messages().items()):
        if not indonesian.strip() or not english.strip():
            problems.append(f"{key}: a language is empty")
        if placeholders(indonesian) != placeholders(english):
            problems.append(f"{key}: {sorted(placeholders(indonesian))} in Bahasa Indonesia but "
                            f"{sorted(placeholders(english))} in English")
    assert not problems, "\n".join(problems)


def test_no_message_was_left_untranslated():
    """A message whose two texts are the same (besides its values) was not translated."""
    def words(text: str) -> str:
        return re.sub(r"\{[^{}]*\}|[^A-Za-z]+", " ", text).strip().lower()

    same = [key for key, (indonesian, english) in sorted(_all_messages().items())
            if key not in SAME_IN_BOTH and words(indonesian) == words(english)]
    assert not same, f"the same text in both languages: {same}"


def test_a_message_is_shown_in_the_language_chosen_when_it_becomes_text(monkeypatch):
    _all_messages()
    monkeypatch.setenv("LAPAK_LANG", "en")
    m = msg("product.needs_price")
    assert str(m) == "every product needs a price: add a line such as 'price: 150000'"
    set_language("id")
    assert str(m) == "setiap produk butuh harga: tambahkan baris seperti 'price: 150000'"
    set_language(None)
    assert language() == "en"


def test_where_a_problem_is_said_in_the_current_language():
    from generator.errors import Problem

    p = Problem("products/kopi.md", msg("product.needs_price"), "price", 4)
    set_language("id")
    assert str(p) == ("products/kopi.md, baris 4, isian 'price': setiap produk butuh harga: tambahkan baris "
                      "seperti 'price: 150000'")
    set_language("en")
    assert str(p) == "products/kopi.md, line 4, field 'price': every product needs a price: add a line such as " \
                     "'price: 150000'"


@pytest.mark.parametrize("text, found", [
    ("name: Toko\nlanguage: en\n", "en"),
    ('language: "EN"  # English\n', "en"),
    ("language: id\r\nname: Toko\r\n", "id"),
    ("name: [Toko\nlanguage: en\n", "en"),  # the rest cannot be read: the line still counts
    ("name: Toko\n  language: en\n", None),  # not a top-level line
    ("language: fr\n", None),
    ("name: Toko\n", None),
])
def test_the_language_line_is_found_in_the_raw_text(text: str, found: str | None):
    assert language_in(text) == found


def test_store_language_reads_the_store_folder(tmp_path: Path):
    from generator.content.config_file import store_language

    root = tmp_path / "toko"
    root.mkdir()
    assert store_language(root) is None, "no store.yml"
    (root / "store.yml").write_text("name: Toko\n", encoding="utf-8")
    assert store_language(root) == "id", "a store names no language: Bahasa Indonesia"
    (root / "store.yml").write_text("name: Toko\nlanguage: en\n", encoding="utf-8")
    assert store_language(root) == "en"
    (root / "store.yml").write_text("language: en\nname: 'Toko\n", encoding="utf-8")
    assert store_language(root) == "en", "found even though the YAML is broken"
    (root / "store.yml").write_text("name: 'Toko\n", encoding="utf-8")
    assert store_language(root) is None, "broken and no language line: the computer's language decides"
    (root / "store.yml").write_bytes("name: Toko\nlanguage: en\n".encode("utf-16"))
    assert store_language(root) == "en", "a file Windows Notepad saved as UTF-16"


# --------------------------------------------------------------------------- no plain text in the calls

# The modules whose messages this catalogue covers. The commands (generator/commands/, cli.py,
# scaffold.py) and the pipeline's own modules are checked once they are converted too.
CONVERTED = [
    "content/*.py", "media/images.py", "media/icons.py", "media/colour.py", "site/hosting.py", "site/writer.py",
    "site/theme.py", "site/render.py", "preview.py", "deploy.py", "errors.py", "messages.py",
]
# Calls that show a seller something: a collector's error() and warn(), and the errors raised for a seller.
_SHOWN = {"error", "warn", "LapakError", "ContentError", "PhotoError", "LinkError", "FrontMatterError",
          "YamlSyntaxError", "ThemeError", "GitError", "PriceError", "Problem"}


def _words(node: ast.expr) -> bool:
    """Whether an argument is text written in the code (a string or f-string with a space in it), not a
    catalogue message; file and field names such as "store.yml" or f"links[{i}]" have no spaces."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and " " in node.value
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and " " in str(v.value) for v in node.values)
    if isinstance(node, ast.BinOp):  # "..." + "..."
        return _words(node.left) or _words(node.right)
    return False


def plain_messages(source: str) -> list[int]:
    """The lines of ``source`` where such a call is given text instead of a catalogue message."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _SHOWN and any(_words(a) for a in [*node.args, *(k.value for k in node.keywords)]):
            found.append(node.lineno)
    return found


def _converted_files() -> list[Path]:
    return sorted({p for pattern in CONVERTED for p in GENERATOR.glob(pattern)})


def test_messages_a_seller_sees_come_from_the_catalogue():
    found = []
    for path in _converted_files():
        text = path.read_text(encoding="utf-8")
        for line in plain_messages(text):
            found.append(f"{path.relative_to(GENERATOR)}:{line}: {text.splitlines()[line - 1].strip()}")
    assert not found, "plain text where a catalogue message belongs:\n" + "\n".join(found)


def test_the_guard_finds_plain_text():
    assert plain_messages('out.error(rel, "the file is empty")')
    assert plain_messages('raise LapakError(f"cannot read {x}")')
    assert plain_messages("problems.warn(CONFIG_NAME, 'no base_url: ' + hint, 'base_url')")
    assert plain_messages('f.error(f\'"{v}" is not a date\', "date")')
    assert not plain_messages('out.error(f"{rel}/{name}", msg("file.empty"), "images[1]")')
    assert not plain_messages("raise LapakError(msg('deploy.no_index', output=str(output)))")
