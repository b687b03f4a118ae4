"""Text in boxes of bounded size: where lines break, and what of a text goes on in "Fortsättning".

A box on the form (a field's value, a line of the signature block) holds at most a few lines, so the
form keeps its shape and no box is ever taller than a page whatever the user typed (reportlab
cannot split a table cell and fails with a LayoutError). What does not fit continues in a
"Fortsättning" section after the form, and the box says so. Both exports use these functions, the
PDF with the font's string width, the workbook with an estimate in characters.

No reportlab here: the caller passes the width of a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str], float]

CONTINUED = "(fortsätter under ”Fortsättning” efter blanketten)"
CONTINUATION_HEADING = "Fortsättning"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Overflow:
    """The part of one box's text that did not fit, and where it belongs on the form."""

    section: str  # the section heading
    label: str  # the box's label
    text: str


def line_spans(text: str, width: float, measure: Measure) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines no wider than ``width``: (start, end) of each line in ``text``.

    Lines break at newlines and spaces; a word wider than ``width`` is cut between characters."""
    spans: list[tuple[int, int]] = []
    base = 0
    for hard in text.split("\n"):
        n = len(hard)
        if measure(hard) <= width:
            spans.append((base, base + n))
            base += n + 1
            continue
        start = end = 0  # the line being filled: hard[start:end]
        for m in _WORD.finditer(hard):
            ws, we = m.span()
            if end > start and measure(hard[start:we]) <= width:
                end = we
                continue
            if end > start:
                spans.append((base + start, base + end))
            start = ws
            while measure(hard[start:we]) > width:  # a word wider than the line: cut between characters
                cut = _widest_fit(hard, start, we, width, measure)
                spans.append((base + start, base + cut))
                start = cut
            end = we
        spans.append((base + start, base + max(start, end)))
        base += n + 1
    return spans


def _widest_fit(text: str, start: int, stop: int, width: float, measure: Measure) -> int:
    """The largest k (start < k < stop) with text[start:k] no wider than ``width``; at least one character."""
    lo, hi = start + 1, stop - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[start:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """``text`` as lines no wider than ``width`` (see ``line_spans``), trailing spaces dropped."""
    if "\n" not in text and measure(text) <= width:
        return [text]
    return [text[a:b].rstrip() for a, b in line_spans(text, width, measure)]


def split_box(text: str, width: float, measure: Measure, max_lines: int) -> tuple[str, str]:
    """(what the box shows, what continues): ``text`` whole when it fits in ``max_lines`` lines, else
    the first ``max_lines - 1`` lines and the rest, cut at a line break (the box's last line says
    where the text continues)."""
    if len(text) < 40 and "\n" not in text and measure(text) <= width:
        return text, ""
    spans = line_spans(text, width, measure)
    if len(spans) <= max_lines:
        return text, ""
    keep = max(1, max_lines - 1)
    head = text[: spans[keep - 1][1]].rstrip()
    rest = text[spans[keep][0] :].strip()
    return head, rest
