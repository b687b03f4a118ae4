"""What every sheet of the workbook shares: cell formats, safe text, printing, header and footer.

Printing: A4 at 100 %, never shrunk: the columns are sized to fit the page's width even where
Calibri is missing and a wider font takes its place (LibreOffice with DejaVu Sans: a third wider),
so every sheet fits the width and no text prints below 9 pt. "Fit to page" is not set: Excel then
ignores manual page breaks (a form places its own so that a signature block or a stream is never
split), and LibreOffice shrank a long ledger by a few per cent under "fit to width" although its
columns fit. The heading rows repeat on every printed page; the header names the recipient and
"Sida X av Y", the footer the fingerprint.
"""

from __future__ import annotations

import re
from typing import Any

AMOUNT_FORMAT = '#,##0.00 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
LINE_PT = 13.0  # the height of a line of 10 pt text, in points
PAGE_PT = 700.0  # printable height of an A4 portrait page within the margins below, in points
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_TEXT = 60  # characters of user text in a header or footer part (Excel allows 255 in all)

FORMATS: dict[str, dict[str, Any]] = {
    "text": {"font_size": 10, "text_wrap": True, "valign": "top"},
    "small": {"font_size": 9, "font_color": "#333333", "text_wrap": True, "valign": "top"},
    "strong": {"font_size": 10, "bold": True, "text_wrap": True, "valign": "top"},
    "title": {"font_size": 16, "bold": True, "valign": "vcenter"},
    "draft": {"font_size": 14, "bold": True, "font_color": "#B00000"},
    "heading": {
        "font_size": 11,
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        "bg_color": "#E9EDF2",
        "top": 1,
        "bottom": 1,
        "border_color": "#9A9A9A",
    },
    "amount": {"font_size": 10, "valign": "top", "num_format": AMOUNT_FORMAT},
    "amount_strong": {"font_size": 10, "bold": True, "valign": "top", "num_format": AMOUNT_FORMAT, "top": 1},
    "signature": {"font_size": 10, "text_wrap": True, "valign": "bottom", "bottom": 1},
    "ledger_head": {
        "font_size": 10,
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        "bg_color": "#E9EDF2",
        "bottom": 1,
        "border_color": "#9A9A9A",
    },
    "line": {"font_size": 10, "valign": "top"},  # one line, running on over empty cells to its right
    "line_strong": {"font_size": 10, "bold": True, "valign": "top"},
    "caption": {"font_size": 9, "font_color": "#333333", "valign": "top"},
    "ledger_text": {"font_size": 10, "text_wrap": True, "valign": "top"},
    "ledger_amount": {"font_size": 10, "valign": "top", "num_format": AMOUNT_FORMAT},
    "ledger_date": {"font_size": 10, "valign": "top", "num_format": DATE_FORMAT},
}
MIN_FONT = min(f["font_size"] for f in FORMATS.values())  # 9


def formats(wb: Any) -> dict[str, Any]:
    """The workbook's cell formats, added once."""
    return {name: wb.add_format({"font_name": "Calibri", **spec}) for name, spec in FORMATS.items()}


def clean_text(value: Any) -> str:
    """Text safe for a cell: characters XML forbids removed."""
    return _ILLEGAL.sub("", str(value or ""))


# Excel holds at most this many characters in a cell, and at most this row height in points.
MAX_CELL = 32_767
MAX_ROW_HEIGHT = 409


def fit_cell(text: str, cut: list[str] | None = None) -> str:
    """``text`` cut to what a cell holds, ending in "…"; the start of each cut text is noted in ``cut``."""
    if len(text) <= MAX_CELL:
        return text
    if cut is not None:
        cut.append(text[:40])
    return text[: MAX_CELL - 1] + "…"


def width_measure(text: str) -> float:
    """The width of ``text`` in characters of the column width unit (wide letters count more)."""
    return len(text) * 1.1


def _part(text: str, n: int = _HEADER_TEXT) -> str:
    text = " ".join(clean_text(text).split())
    text = text if len(text) <= n else text[: n - 1] + "…"
    return text.replace("&", "&&")


def print_setup(
    ws: Any,
    *,
    recipient: str,
    org_number: str,
    agreement: str,
    fp: str,
    draft: bool,
    landscape: bool,
    repeat: tuple[int, int],
) -> None:
    """A4 at 100 %, repeated heading rows, header and footer with recipient, page and fingerprint."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_print_scale(100)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.repeat_rows(*repeat)
    who = f"{_part(recipient)} · Organisationsnummer {_part(org_number or '–', 20)}"
    mark = '&C&"Calibri,Bold"&11&KB00000UTKAST' if draft else ""
    ws.set_header(f"&L&9{who}{mark}&R&9Sida &P av &N")
    ws.set_footer(f"&L&9{_part(agreement)} · Kontrollsumma {fp}")
    ws.hide_gridlines(2)


def list_print_setup(ws: Any, *, name: str, landscape: bool, repeat: tuple[int, int] | None) -> None:
    """A list or table sheet (RSS table, every redovisning, Prognos): A4 one page wide, as many pages down as
    it takes, the heading rows ``repeat`` on every page, the sheet's name and "Sida X av Y" in the footer.
    Unlike the form (``print_setup``) such a sheet has no page breaks of its own, so fitting the width is safe."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.75)
    if repeat is not None:
        ws.repeat_rows(*repeat)
    ws.set_footer(f"&L&9{_part(name, 120)}&R&9Sida &P av &N")
    ws.hide_gridlines(2)


def needs_cleaning(values: tuple[str, ...]) -> bool:
    """Whether any of these texts holds a character XML forbids, or is longer than a cell holds."""
    joined = "\n".join(values)
    return len(joined) > MAX_CELL or _ILLEGAL.search(joined) is not None
