"""A parse in progress (`Draft`) and the text helpers the format parsers share.

A Draft crosses the sandbox boundary as plain data (`as_payload`), never as an object.
"""

import re
from dataclasses import dataclass, field

from core.types import Section


@dataclass
class Draft:
    """A parse in progress: sections plus truncation notes and warnings."""

    sections: list[Section]
    pages: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_payload(self) -> dict:
        """The parse as plain data (what the sandboxed child sends back)."""
        return {
            "sections": [section.model_dump() for section in self.sections],
            "pages": self.pages,
            "chars": sum(len(section.text) for section in self.sections),
            "truncated": bool(self.notes),
            "truncated_note": "; ".join(self.notes) or None,
            "warnings": self.warnings,
        }


def one_line(text: str, limit: int = 200) -> str:
    """A library's message made fit for a one-line error."""
    return re.sub(r"\s+", " ", text).strip()[:limit]


def tidy(text: str) -> str:
    """Collapse runs of spaces in each line and runs of blank lines; strip the ends."""
    lines = (re.sub(r"[ \t\f\v\r\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def markdown_table(rows: list[list[str]]) -> str:
    """Rows (the first is the header) as a Markdown table; cells on one line, pipes escaped."""
    width = max(len(row) for row in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = [_table_cell(cell) for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def _table_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().replace("|", "\\|")
