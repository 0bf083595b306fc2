"""What every reader of a marketplace export or spreadsheet produces: items, and problems by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from generator.errors import Collector


@dataclass(frozen=True)
class ItemVariant:
    """One buyable version of an imported product."""

    name: str  # as shown to buyers: "Merah / XL"
    options: tuple[tuple[str, str], ...] = ()  # (option name, value): (("Warna", "Merah"), ("Ukuran", "XL"))
    price: Decimal | None = None  # None: the product's price
    compare_at_price: Decimal | None = None
    sku: str = ""
    stock: int | None = None  # None: not tracked
    source_id: str = ""  # the marketplace's variation id, when it has one


@dataclass(frozen=True)
class Item:
    """One product as a marketplace or spreadsheet describes it, before it becomes a product file."""

    source: str  # "shopee", "tokopedia", "tiktok", "shopify", "sheet"
    source_id: str  # the marketplace's product id, or the spreadsheet's own key (sku or name)
    title: str
    price: Decimal | None = None  # None when only the variants have prices
    compare_at_price: Decimal | None = None
    description: str = ""  # Markdown (readers convert plain text and HTML)
    category: str = ""
    sku: str = ""
    stock: int | None = None
    weight_grams: int | None = None
    images: tuple[str, ...] = ()  # https URLs, or paths relative to the spreadsheet's folder
    variants: tuple[ItemVariant, ...] = ()
    marketplaces: tuple[tuple[str, str], ...] = ()  # (key, https URL): (("shopee", "https://..."),)
    draft: bool = False  # inactive on the marketplace
    tags: tuple[str, ...] = ()  # added by the core: Shopify's Tags, the plain sheet's tags column
    where: str = ""  # "mass_update_sales_info.xlsx, sheet 'Sheet1', row 7": for messages


@dataclass
class ReadResult:
    """What a reader found in one or more files: the items, its name for the format, and problems.

    Problems go to ``problems`` as errors (a row that was skipped, a file that cannot be read) or
    warnings (a section missing from a multi-file export), each naming the file, and the sheet,
    row and column in the message or the ``field``.
    """

    format: str  # shown in the summary: "Shopee Mass Update (sales_info, media_info)"
    items: list[Item] = field(default_factory=list)
    problems: Collector = field(default_factory=Collector)


class Reader(Protocol):
    """A format: recognised from a file's content, never from its name."""

    name: str

    def recognises(self, path: Path, table: "Table") -> bool:
        """Whether ``table`` (the first sheet's rows, as text) is in this format."""

    def read(self, files: list[tuple[Path, "Table"]], options: dict) -> ReadResult:
        """Read every file recognised as this format (several for a multi-section export)."""


@dataclass(frozen=True)
class Table:
    """A sheet as rows of text cells (empty cells are ""), with its file and sheet name for messages."""

    path: Path
    sheet: str
    rows: tuple[tuple[str, ...], ...]
    sheets: tuple[str, ...] = ()  # every sheet name in the workbook (XLSX), for recognising a format
