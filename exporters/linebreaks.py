"""Where a word too wide for its PDF column may break: e-mail addresses, URLs, long names.

reportlab cuts a word wider than its column at whatever character reaches the edge
(``ekonomiavdelningen.regionkontoret@r`` / ``egionvasterbotten.se``), on a form the finance chief
signs. A zero-width space does not help: reportlab breaks at one only when the text also holds a
no-break space, and then prints it as a space, and it is copied out of the PDF with the text. So
such a word is cut here, at the points a reader expects, and the pieces go on lines of their own
(``<br/>``): before "@", after "." "-" "/" (after the last of a run such as "//"). The fewest lines
win, then the best points: "@" and "/" before "." before "-", so ``@domain`` and a URL's path stay
whole where they can. A piece wider than the column on its own is left to reportlab to cut, the
last resort. Words that fit are not touched, so normal text wraps exactly as before.

No reportlab here: the caller passes the width of a string in the cell's font.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import escape

BREAK_BEFORE = "@"
BREAK_AFTER = ".-/"
# the cost of a line break at each kind of point; a line more always costs more than any of these
_COST = {"@": 0, "/": 0, ".": 1, "-": 2}
_LINE = 100
# reportlab's words: runs of white space split them, except the no-break space
_SPACE = re.compile(r"([^\S\xa0]+)")


def pieces(word: str) -> list[str]:
    """``word`` cut at every allowed point; the pieces joined give ``word`` back."""
    out: list[str] = []
    start = 0
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in BREAK_BEFORE and i > start:
            out.append(word[start:i])
            start = i
        if ch in BREAK_AFTER and nxt and nxt not in BREAK_AFTER and word[start:i].strip(BREAK_AFTER):
            out.append(word[start : i + 1])
            start = i + 1
    out.append(word[start:])
    return out


def break_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``word`` as lines no wider than ``width`` where the allowed points permit; joined, ``word``.

    A piece wider than ``width`` by itself gets a line of its own (reportlab then cuts it)."""
    parts = pieces(word)
    n = len(parts)
    # best[i]: (cost, start of the last line) for the first i pieces
    best: list[tuple[int, int]] = [(0, 0)] + [(1 << 30, 0)] * n
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            if j < i - 1 and measure("".join(parts[j:i])) > width:
                break  # wider still for smaller j
            cost = best[j][0] + _LINE + (_cost(parts[j - 1], parts[j]) if j else 0)
            if cost < best[i][0]:
                best[i] = (cost, j)
    lines: list[str] = []
    i = n
    while i:
        j = best[i][1]
        lines.append("".join(parts[j:i]))
        i = j
    return lines[::-1]


def _cost(before: str, after: str) -> int:
    return _COST["@"] if after.startswith(BREAK_BEFORE) else _COST.get(before[-1:], 0)


def markup(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` as reportlab paragraph markup (escaped, newlines as ``<br/>``), each word wider than
    ``width`` broken at its allowed points; text without such a word gives the same markup as before."""
    out = []
    for line in text.split("\n"):
        if measure(line) <= width:
            out.append(escape(line))
            continue
        parts = _SPACE.split(line)  # words at even indexes, the white space between them at odd
        wide = {k for k in range(0, len(parts), 2) if measure(parts[k]) > width}
        out.append(
            "".join(
                "<br/>".join(map(escape, break_word(w, width, measure))) if k in wide else escape(w)
                for k, w in enumerate(parts)
            )
        )
    return "<br/>".join(out)
