"""Every message a seller reads, in Bahasa Indonesia and English: one catalogue, one language at a time.

Modules define their messages next to the code that uses them::

    from generator.messages import define, msg

    define({
        "price.bad_group": ("'{value}' bukan harga: ...", "'{value}' is not a price: ..."),
    })
    problems.error(rel, msg("price.bad_group", value=text), "price", line)

A :class:`Msg` keeps its key and values and becomes text only when shown, in the language of the
store being built (``set_language``), else ``LAPAK_LANG``, else the computer's locale. So a
problem found before ``store.yml`` is read is still shown in the store's language.
"""

from __future__ import annotations

import locale
import os
import re
import string
from dataclasses import dataclass

LANGUAGES = ("id", "en")
_catalogue: dict[str, tuple[str, str]] = {}  # key -> (Bahasa Indonesia, English)
_language: str | None = None


def define(entries: dict[str, tuple[str, str]]) -> None:
    """Add messages to the catalogue: each key with its (Indonesian, English) text."""
    for key, texts in entries.items():
        if not (isinstance(texts, tuple) and len(texts) == 2 and all(isinstance(t, str) and t for t in texts)):
            raise ValueError(f"message {key!r} needs its Indonesian and its English text")
        if _catalogue.get(key, texts) != texts:
            raise ValueError(f"message {key!r} is defined twice")
        _catalogue[key] = texts


def catalogue() -> dict[str, tuple[str, str]]:
    """Every message defined so far (for tests that both languages say the same thing)."""
    return dict(_catalogue)


@dataclass(frozen=True)
class Msg:
    """A message with its values, shown in the current language when it becomes text."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        lang = lang or language()
        texts = _catalogue[self.key]
        template = texts[0] if lang == "id" else texts[1]
        values = {k: (v.text(lang) if isinstance(v, Msg) else v) for k, v in self.params}
        return template.format(**values)

    def __str__(self) -> str:
        return self.text()

    def to_json(self) -> dict:
        """A form the caches can keep (values are text, numbers or other messages)."""
        return {"key": self.key, "params": [[k, v.to_json() if isinstance(v, Msg) else v] for k, v in self.params]}

    @staticmethod
    def from_json(data: dict) -> "Msg":
        params = tuple((k, Msg.from_json(v) if isinstance(v, dict) else v) for k, v in data["params"])
        if data["key"] not in _catalogue:
            raise KeyError(data["key"])
        return Msg(data["key"], params)


def msg(key: str, /, **params: object) -> Msg:
    """A message from the catalogue with its values (an unknown key is a bug, found at once)."""
    if key not in _catalogue:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Msg(key, tuple(sorted(params.items())))


def t(key: str, /, **params: object) -> str:
    """A message as text in the current language, for output that is printed straight away."""
    return msg(key, **params).text()


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a message's text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def set_language(lang: str | None) -> None:
    """Show messages in ``lang`` from now on (a store's language); None goes back to the default."""
    global _language
    _language = lang if lang in LANGUAGES else None


def language() -> str:
    """The language messages are shown in: the store's, else ``LAPAK_LANG``, else the locale's."""
    if _language:
        return _language
    env = os.environ.get("LAPAK_LANG", "").strip().lower()[:2]
    if env in LANGUAGES:
        return env
    return "id" if _locale_language().startswith(("id", "in")) else "en"


# A top-level 'language: en' line (quoted or not, a note after it allowed), read from the raw text.
_LANGUAGE_LINE = re.compile(r"""^language[ \t]*:[ \t]*(["']?)([A-Za-z]{2})\1[ \t\r]*(?:#.*)?$""", re.M)


def language_in(text: str) -> str | None:
    """The language a store.yml's text names on its ``language:`` line, even when the rest of the
    file cannot be read as YAML; None when there is no such line or it names no language Lapak speaks."""
    found = [m.group(2).lower() for m in _LANGUAGE_LINE.finditer(text)]
    return found[-1] if found and found[-1] in LANGUAGES else None  # YAML keeps the last of a repeated key


def _locale_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.lower()
    try:  # Windows: the user's display language
        return (locale.getlocale()[0] or "").lower()
    except ValueError:
        return ""
