"""Read YAML and front matter while remembering the line of every key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a key path such as ("variants", 0, "price")


@dataclass
class Doc:
    """Parsed YAML plus where each key stood and how each scalar was written."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    raw: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # path -> (text, tag)
    offset: int = 0  # lines before the YAML started in its file

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


class YamlSyntaxError(Exception):
    """YAML that cannot be read; ``line`` is 1-based within the YAML text."""

    def __init__(self, message: str, line: int | None):
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


def load_yaml(text: str) -> Doc:
    """Parse ``text``; raise :class:`YamlSyntaxError` with a plain-words message and a line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "this is not valid YAML"
        raise YamlSyntaxError(
            f"cannot read this YAML ({what}). Check the indentation and that each line is 'key: value'; "
            "put text containing ':' or '#' in quotes",
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"cannot read this YAML ({exc})", None) from None
    finally:
        loader.dispose()
    doc = Doc(data)
    if node is not None:
        _index(node, (), doc)
    return doc


def normalise_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without a BOM) and turn CRLF/CR line ends into LF."""
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class FrontMatterError(Exception):
    """A file whose front matter block is missing or not closed."""


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``---``-fenced front matter from the body: (yaml, body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(
            "the file must start with a line '---', then the product's details (title:, price: ...), "
            "then another line '---', then the description"
        )
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise FrontMatterError(
        "the details block that starts with '---' on line 1 is never closed: add a line '---' after the last detail"
    )
