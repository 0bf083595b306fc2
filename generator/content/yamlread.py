"""Read YAML and front matter while remembering the line of every key; explain mistakes in plain words."""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

import yaml

from generator.errors import Collector
from generator.messages import Msg, define, msg

define({
    "yaml.tab": (
        "baris ini diawali tombol Tab. Pakai spasi untuk menjorokkan baris (dua spasi per tingkat): "
        "hapus Tab-nya, lalu ketik spasi.",
        "this line starts with a Tab. Indent with spaces instead (two spaces for each level): "
        "delete the Tab and type spaces."),
    "yaml.no_space": (
        "beri spasi setelah titik dua: tulis '{fixed}', bukan '{written}'.",
        "put a space after the colon: write '{fixed}', not '{written}'."),
    "yaml.unclosed_quote": (
        "tanda {quote} di awal isian pada baris ini tidak pernah ditutup. Tambahkan {quote} juga di akhir "
        "isian, misalnya '{example}'.",
        "the {quote} that starts the value on this line is never closed. Put a {quote} at the end of the "
        "value too, such as '{example}'."),
    "yaml.after_quote": (
        "ada teks setelah tanda kutip penutup. Masukkan seluruh isian ke dalam tanda kutip, misalnya '{example}'.",
        "there is text after the closing quote. Put the whole value inside the quotes, such as '{example}'."),
    "yaml.unclosed_bracket": (
        "tanda {open} pada baris ini tidak ditutup dengan {close}, atau isi di dalamnya tidak dipisahkan koma. "
        "Tulis dalam satu baris, misalnya '{example}'.",
        "the {open} on this line is not closed with {close}, or the items inside it are not separated by "
        "commas. Write it on one line, such as '{example}'."),
    "yaml.colon_in_value": (
        "isian ini mengandung ': ' (titik dua lalu spasi), yang dibaca sebagai awal isian baru. Beri tanda "
        "kutip pada seluruh isian, misalnya '{example}'.",
        "this value contains ': ' (a colon and a space), which is read as the start of another setting. "
        "Put the whole value in quotes, such as '{example}'."),
    "yaml.indent": (
        "baris ini menjorok lebih dalam daripada baris di atasnya, padahal baris itu sudah berisi. Mulai baris "
        "ini sejajar dengan baris di atasnya.",
        "this line is indented further than the line above it, which already has its value. Start this line "
        "where the line above starts."),
    "yaml.bad_date": (
        '"{value}" bukan tanggal yang ada; tulis sebagai tahun-bulan-tanggal, misalnya 2024-05-31.',
        '"{value}" is not a date that exists; write it as year-month-day, such as 2024-05-31.'),
    "yaml.unreadable": (
        "Lapak tidak bisa membaca baris ini. Tulis setiap isian sebagai 'nama: isi', dengan spasi setelah "
        "titik dua, menjorok dengan spasi seperti baris di sekitarnya; beri tanda kutip pada isi yang "
        "mengandung : atau #.",
        "Lapak cannot read this line. Write each setting as 'name: value', with a space after the colon, "
        "indented with spaces like the lines around it; put a value that contains : or # in quotes."),
    "yaml.hash_cut": (
        'yang terbaca hanya "{value}": tanda # setelah spasi adalah awal catatan, jadi "{cut}" dibuang. Kalau '
        "itu bagian dari isian, beri tanda kutip pada seluruh isian: '{example}'. (Catatan untuk Anda sendiri "
        "tidak diberi peringatan kalau ada dua spasi sebelum #.)",
        'only "{value}" is read: a # after a space starts a note, so "{cut}" is left out. If it belongs to '
        "the value, put the whole value in quotes: '{example}'. (A note for yourself gives no warning with "
        "two spaces before the #.)"),
    "yaml.hash_cut_empty": (
        'isian ini kosong: tanda # setelah spasi adalah awal catatan, jadi "{cut}" dibuang. Kalau itu isiannya, '
        "beri tanda kutip: '{example}'.",
        'this value is empty: a # after a space starts a note, so "{cut}" is left out. If it is the value, '
        "put it in quotes: '{example}'."),
    # Used for store.yml and for product files alike.
    "value.one_line": ("isian ini harus berupa satu baris teks", "this must be a single line of text"),
    "value.yes_no": ('"{value}" bukan ya atau tidak; tulis true (ya) atau false (tidak)',
                     '"{value}" is not yes or no; write true or false'),
    "file.not_utf8": (
        "file ini tidak tersimpan sebagai teks UTF-8; buka lalu simpan lagi sebagai UTF-8 (di kebanyakan "
        "editor ada di menu 'Save as' atau 'Simpan sebagai')",
        "the file is not UTF-8 text; save it as UTF-8 (most editors offer this under 'Save as')"),
    "file.unreadable": ("file ini tidak bisa dibaca ({reason})", "cannot read the file ({reason})"),
    "front.no_start": (
        "file harus diawali baris '---', lalu keterangan produk (title:, price: ...), lalu satu baris "
        "'---' lagi, lalu deskripsinya",
        "the file must start with a line '---', then the product's details (title:, price: ...), "
        "then another line '---', then the description"),
    "front.not_closed": (
        "bagian keterangan yang dimulai dengan '---' di baris 1 tidak pernah ditutup: tambahkan baris "
        "'---' setelah keterangan terakhir",
        "the details block that starts with '---' on line 1 is never closed: add a line '---' after the "
        "last detail"),
})


class _BadDate(yaml.constructor.ConstructorError):
    """A value written as a date that does not exist, such as 2024-02-30."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, reporting a date that does not exist at its line instead of failing."""

    def construct_yaml_timestamp(self, node):  # noqa: D102
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _BadDate(None, None, node.value, node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass
class Doc:
    """Parsed YAML plus where each key stood and how each scalar was written."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    raw: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # path -> (text, tag)
    offset: int = 0  # lines before the YAML started in its file
    source: list[str] = field(default_factory=list)  # the YAML text, line by line
    plain: dict[tuple, tuple[int, int, int, int]] = field(default_factory=dict)  # unquoted scalars: 0-based
    # (start line, start column, end line, end column)

    def line(self, *path: Any) -> int | None:
        """The 1-based line in the file where ``path`` is written, or the nearest parent's."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p] + self.offset
            p = p[:-1]
        return None

    def raw_scalar(self, *path: Any) -> tuple[str, str] | None:
        """The scalar exactly as written and its resolved YAML tag (``float``, ``str`` ...)."""
        return self.raw.get(tuple(path))

    def rename(self, old: str, new: str) -> None:
        """Call the top-level key ``old`` ``new``, keeping its place, its lines and its raw text."""
        self.data = {new if k == old else k: v for k, v in self.data.items()}
        self._move(old, new)

    def drop(self, key: str) -> None:
        """Leave the top-level key ``key`` out."""
        self.data.pop(key, None)
        self._move(key, None)

    def _move(self, old: str, new: str | None) -> None:
        for table in (self.lines, self.raw, self.plain):
            for path in [p for p in table if p and p[0] == old]:
                value = table.pop(path)
                if new is not None:
                    table[(new,) + path[1:]] = value


class YamlSyntaxError(Exception):
    """YAML that cannot be read; ``line`` is 1-based within the YAML text, ``message`` says what to do."""

    def __init__(self, message: str | Msg, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def _index(node: yaml.Node, path: tuple, doc: Doc) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            kp = path + (key.value,)
            doc.lines[kp] = key.start_mark.line + 1
            _index(value, kp, doc)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            ip = path + (i,)
            doc.lines[ip] = item.start_mark.line + 1
            _index(item, ip, doc)
    elif isinstance(node, yaml.ScalarNode):
        doc.raw[path] = (node.value, node.tag.rsplit(":", 1)[-1])
        if not node.style:  # plain: None from PyYAML's parser, "" from libyaml's
            start, end = node.start_mark, node.end_mark
            doc.plain[path] = (start.line, start.column, end.line, end.column)


def load_yaml(text: str) -> Doc:
    """Parse ``text``; raise :class:`YamlSyntaxError` with a plain-words message and a line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _explain(text.split("\n"), exc) from None
    except (yaml.YAMLError, ValueError, TypeError):
        raise YamlSyntaxError(msg("yaml.unreadable"), None) from None
    finally:
        loader.dispose()
    doc = Doc(data, source=text.split("\n"))
    if node is not None:
        _index(node, (), doc)
    if isinstance(data, str):  # the whole text read as one value: 'name:"Toko"' with no space
        for n in range(len(doc.source)):
            found = _missing_space(doc.source, n)
            if found:
                raise found
    return doc


# --------------------------------------------------------------------------- explaining mistakes

# A key written without spaces and directly followed by its value: 'name:"Toko"', 'harga:5000'.
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"\[\]{},&*!|>%@`-][^\s:#]*):(?![\s/:]|$)")
# Where a line's value starts: after 'key: ' or '- ' (a key with no spaces around quotes or #).
_LEAD = re.compile(r"^(\s*(?:-\s+)*)(?:[^\s\"'#-][^\"'#]*?:(?:\s+|$))?")
_BRACKETS = {"[": ("]", "tags: [kopi, oleh-oleh]"), "{": ("}", "photos: {avif: false}")}


def _explain(lines: list[str], exc: yaml.MarkedYAMLError) -> YamlSyntaxError:
    """The plain-words message, at the line the seller must change, for YAML that cannot be read."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    if problem_mark is None and context_mark is None:
        return YamlSyntaxError(msg("yaml.unreadable"), None)
    at = _clamp(lines, (problem_mark or context_mark).line)
    ctx = _clamp(lines, context_mark.line) if context_mark is not None else None
    problem, context = exc.problem or "", exc.context or ""
    if isinstance(exc, _BadDate):
        return YamlSyntaxError(msg("yaml.bad_date", value=problem), at + 1)
    if "quoted scalar" in context and ctx is not None:
        return _unclosed(lines, ctx, context_mark.column)
    for n in (at, ctx):
        if n is not None and "\t" in _indent_of(lines[n]):
            return YamlSyntaxError(msg("yaml.tab"), n + 1)
    if "tab" in problem or "\\t" in problem or "\t" in problem:
        for n in range(at, -1, -1):
            if "\t" in _indent_of(lines[n]):
                return YamlSyntaxError(msg("yaml.tab"), n + 1)
    if context.startswith("while parsing a flow") and ctx is not None:
        opened = lines[ctx][context_mark.column:context_mark.column + 1]
        close, example = _BRACKETS.get(opened, _BRACKETS["["])
        return YamlSyntaxError(msg("yaml.unclosed_bracket", open=opened or "[", close=close, example=example),
                               ctx + 1)
    found = _missing_space(lines, at) or _quote_mistake(lines, at)
    if found:
        return found
    if "mapping values" in problem:
        line = lines[at]
        start = _value_start(line)
        if start is not None and ": " in line[start:]:
            return YamlSyntaxError(msg("yaml.colon_in_value", example=_quoted(line, start)), at + 1)
        above = _line_above(lines, at)
        if above is not None and len(_indent_of(line)) > len(_indent_of(lines[above])) and _has_value(lines[above]):
            return YamlSyntaxError(msg("yaml.indent"), at + 1)
    return YamlSyntaxError(msg("yaml.unreadable"), at + 1)


def _clamp(lines: list[str], n: int) -> int:
    """Line ``n`` (0-based), or the last line with text when ``n`` is past the end."""
    n = min(n, len(lines) - 1)
    while n > 0 and not lines[n].strip():
        n -= 1
    return max(n, 0)


def _indent_of(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" \t"))]


def _line_above(lines: list[str], n: int) -> int | None:
    for m in range(n - 1, -1, -1):
        if lines[m].strip() and not lines[m].lstrip().startswith("#"):
            return m
    return None


def _value_start(line: str) -> int | None:
    """Where the value of a 'key: value' or '- value' line starts, or None for a line without one."""
    m = _LEAD.match(line)
    end = m.end() if m else 0
    return end if end < len(line.rstrip()) else None


def _has_value(line: str) -> bool:
    start = _value_start(line)
    return start is not None and line[:start].rstrip().endswith(":") and not line[start:].startswith("#")


def _quoted(line: str, start: int, value: str | None = None) -> str:
    """``line`` with its value (from ``start``) in double quotes: the fix to suggest."""
    text = line[start:].strip() if value is None else value
    return (line[:start].strip() + ' "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"').strip()


def _missing_space(lines: list[str], at: int) -> YamlSyntaxError | None:
    """A 'key:value' line without a space after the colon: line ``at``, or the first of such lines just above it."""
    found = None
    for n in range(at, -1, -1):
        if _is_missing_space(lines[n]):
            found = n
        elif n != at and lines[n].strip():
            break
    if found is None:
        return None
    line = lines[found].strip()
    key_end = line.index(":") + 1
    return YamlSyntaxError(msg("yaml.no_space", written=line, fixed=line[:key_end] + " " + line[key_end:]),
                           found + 1)


def _is_missing_space(line: str) -> bool:
    m = _NO_SPACE.match(line)
    return bool(m and re.search(r"[^\W\d_]", m.group(2)))  # a key has letters: 10:30 is a time


def _closing(line: str, start: int, quote: str) -> int | None:
    """The column of the quote that closes a value opened before ``start``, or None on this line."""
    i = start
    while i < len(line):
        c = line[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _quote_mistake(lines: list[str], at: int) -> YamlSyntaxError | None:
    """A quote never closed before line ``at``, or text after a closing quote on line ``at``."""
    opened: tuple[int, int, str] | None = None  # (line, column, quote) of a value still inside quotes
    for n in range(at + 1):
        line, start = lines[n], 0
        if opened is None:
            v = _value_start(line)
            if v is None or line[v] not in "\"'":
                continue
            opened, start = (n, v, line[v]), v + 1
        close = _closing(line, start, opened[2])
        if close is None:
            continue
        first, opened = opened, None
        if n != at:
            continue
        if first[0] < n and close == _value_start(line):  # this line's opening quote closed the one above
            return _unclosed(lines, first[0], first[1])
        after = line[close + 1:].strip()
        if after and not after.startswith("#"):
            top = lines[first[0]]
            inner = " ".join([top[first[1] + 1:].strip()] + [t.strip() for t in lines[first[0] + 1:n]]
                             + [line[:close].strip()] if first[0] < n else [line[first[1] + 1:close]])
            example = top[:first[1]].strip() + " " + first[2] + inner.strip() + " " + after + first[2]
            return YamlSyntaxError(msg("yaml.after_quote", example=example.strip()), n + 1)
    if opened is not None:
        return _unclosed(lines, opened[0], opened[1])
    return None


def _unclosed(lines: list[str], n: int, column: int) -> YamlSyntaxError:
    line = lines[n].rstrip()
    quote = line[column:column + 1] if line[column:column + 1] in ("'", '"') else '"'
    return YamlSyntaxError(msg("yaml.unclosed_quote", quote=quote, example=line.strip() + quote), n + 1)


# --------------------------------------------------------------------------- values cut by '#'


def field_name(path: tuple) -> str | None:
    """A key path as the messages name it: ``("variants", 0, "price")`` is ``variants[1].price``."""
    name = ""
    for p in path:
        name += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if name else str(p))
    return name or None


def warn_cut_values(doc: Doc, out: Collector, file: str) -> None:
    """Warn where an unquoted ``#`` cut a value short: ``title: Tumbler #1 Laris`` is read as "Tumbler".

    A ``#`` after one space, or glued to the text after it, is taken for part of the value the seller
    meant; a note set apart with two spaces and a space after the ``#`` (``name: Toko  # nama toko``)
    is left alone.
    """
    for path, (start_line, start_col, end_line, end_col) in doc.plain.items():
        line = doc.source[end_line] if end_line < len(doc.source) else ""
        m = re.match(r"([ \t]+)#(.*)$", line[end_col:])
        if not m or not m.group(2).strip():
            continue
        if m.group(1) != " " and m.group(2)[:1] in (" ", "\t"):
            continue
        value, cut = doc.raw[path][0], "#" + m.group(2).rstrip()
        whole = f"{value} {cut}" if value else cut
        prefix = doc.source[start_line][:start_col] if start_line == end_line else ""
        example = _quoted(prefix + whole, len(prefix))
        message = (msg("yaml.hash_cut", value=value, cut=cut, example=example) if value
                   else msg("yaml.hash_cut_empty", cut=cut, example=example))
        out.warn(file, message, field_name(path), end_line + 1 + doc.offset)


# --------------------------------------------------------------------------- keys


def _squash(word: str) -> str:
    return re.sub(r"[^0-9a-z]", "", word.lower())


def suggest_key(word: object, known: Iterable[str], nicknames: dict[str, str] | None = None) -> str | None:
    """The known key ``word`` was probably meant to be (``harg``: 'harga', ``shoppe``: 'shopee'), or None.

    ``nicknames`` maps other names sellers use, squashed to lower-case letters and digits (``nomorwa``),
    to the key they mean.
    """
    text = str(word).strip().lower()
    known = sorted(known)
    squashed = _squash(text)
    if nicknames and squashed in nicknames:
        return nicknames[squashed]
    same = [k for k in known if _squash(k) == squashed]  # 'Harga', 'base-url', 'compare at price'
    if same:
        return same[0]
    close = difflib.get_close_matches(text, known, n=1)
    return close[0] if close else None


def apply_aliases(doc: Doc, aliases: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, int | None,
                                                                                        int | None]]]:
    """Give top-level keys written under another name (``harga``) the name they stand for (``price``).

    Returns {name: alias} for the keys renamed, and (alias, name, alias's line, name's line) for each
    alias written next to its name: that alias is left out, and the caller reports it.
    """
    renamed: dict[str, str] = {}
    clashes = []
    for key in list(doc.data):
        name = aliases.get(key) if isinstance(key, str) else None
        if name is None:
            continue
        if name in doc.data or name in renamed:
            clashes.append((key, name, doc.line(key), doc.line(name)))
            doc.drop(key)
        else:
            renamed[name] = key
            doc.rename(key, name)
    return renamed, clashes


def name_fields_as_written(out: Collector, renamed: dict[str, str]) -> None:
    """Name the fields of ``out``'s problems as the file writes them (``harga``, not ``price``)."""
    if not renamed:
        return

    def written(name: str | None) -> str | None:
        head = re.match(r"[^.\[]+", name or "")
        if not head or head.group(0) not in renamed:
            return name
        return renamed[head.group(0)] + name[head.end():]

    out.problems[:] = [replace(p, field=written(p.field)) for p in out.problems]
    out.warnings[:] = [replace(p, field=written(p.field)) for p in out.warnings]


# --------------------------------------------------------------------------- files

_BOMS = (  # the longer marks first: UTF-32's little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalise_text(raw: bytes) -> str:
    """Decode UTF-8, or UTF-8/16/32 with a byte-order mark (Windows Notepad's "Unicode"), and turn
    CRLF/CR line ends into LF. Raises UnicodeDecodeError for anything else."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    text = raw.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FrontMatterError(Exception):
    """A file whose front matter block is missing or not closed; ``message`` says what to do."""

    @property
    def message(self) -> Msg:
        return self.args[0]


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---``-fenced front matter from the body: (yaml, body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(msg("front.no_start"))
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise FrontMatterError(msg("front.not_closed"))


def as_date(value: object):
    """A YAML value as a day (``2026-12-31``, written bare or in quotes), or None when it is not one."""
    import datetime

    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return value if isinstance(value, datetime.date) else None
