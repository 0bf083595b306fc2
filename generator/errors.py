"""Errors a seller can act on: each names the file, the field and the line where known."""

from __future__ import annotations

from dataclasses import dataclass

from generator.messages import Msg, define, t

define({
    "where.store": ("(toko)", "(store)"),
    "where.line": ("baris {line}", "line {line}"),
    "where.field": ("isian '{field}'", "field '{field}'"),
})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the seller's content, or one warning."""

    file: str
    message: str | Msg  # a Msg is shown in the store's language
    field: str | None = None
    line: int | None = None

    def where(self) -> str:
        """Say where the problem is: ``products/kopi.md, baris 4, isian 'price'`` (in the current language)."""
        parts = [self.file or t("where.store")]
        if self.line:
            parts.append(t("where.line", line=self.line))
        if self.field:
            parts.append(t("where.field", field=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def to_json(self) -> dict:
        """A form the caches can keep."""
        message = self.message.to_json() if isinstance(self.message, Msg) else self.message
        return {"file": self.file, "message": message, "field": self.field, "line": self.line}

    @staticmethod
    def from_json(data: dict) -> "Problem":
        message = data["message"]
        return Problem(str(data["file"]), Msg.from_json(message) if isinstance(message, dict) else str(message),
                       data["field"], data["line"])


class LapakError(Exception):
    """A mistake the user can fix; the command line shows it without a traceback."""


class ContentError(LapakError):
    """One or more problems in the store's content, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        super().__init__(self.problems)

    def __str__(self) -> str:  # in the language current when shown, not when raised
        return "\n".join(str(p) for p in self.problems)


class Collector:
    """Collects problems and warnings while a phase runs, then raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, file: str, message: str | Msg, field: str | None = None, line: int | None = None) -> None:
        self.problems.append(Problem(file, message, field, line))

    def warn(self, file: str, message: str | Msg, field: str | None = None, line: int | None = None) -> None:
        self.warnings.append(Problem(file, message, field, line))

    def extend(self, other: "Collector") -> None:
        self.problems.extend(other.problems)
        self.warnings.extend(other.warnings)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)
