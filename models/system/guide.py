"""The Swedish user guide (docs/guide/index.md), shipped with the program: where it is, its sections,
and which section belongs to which page of the window (F1)."""

from __future__ import annotations

import re
from pathlib import Path

from models.errors import UserError
from models.system.paths import program_dir

# The page in front of the user → the heading of the guide's section about it (checked by a test).
PAGE_SECTIONS = {
    "Start": "1. Året i korthet",
    "Översikt": "5. Läsa översikten",
    "Kostnader": "4. Importera kostnader från ekonomisystemet",
    "Plan": "Följa upp mot plan",
    "Kommuner": "5. Läsa översikten",
    "Uppgifter": "6. Fylla i uppgifterna och ekonomichefens granskning",
    "Export": "7. Exportera Bilaga 1",
    "Historik": "10. Ångra, historik och säkerhetskopior",
}

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def docs_dir() -> Path:
    """docs/ of the program, in the checkout or the bundle (packaging/bidragskollen.spec)."""
    return program_dir() / "docs"


def guide_path() -> Path:
    return docs_dir() / "guide" / "index.md"


def read_guide(path: Path | None = None) -> str:
    path = path or guide_path()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(
            f"Handboken kunde inte läsas ({path}): installera om programmet för att få tillbaka den."
        ) from err


_HTML_IMG = re.compile(r"<img\s[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def for_display(text: str) -> str:
    """The guide as Markdown without raw HTML: an ``<img src=… alt=…>`` (used for a smaller picture on
    GitHub) becomes ``![alt](src)``; Qt's Markdown reader loses the headings after a raw HTML block."""

    def image(match: re.Match[str]) -> str:
        attrs = {k.lower(): v for k, v in _ATTR.findall(match.group(0))}
        return f"![{attrs.get('alt', '')}]({attrs.get('src', '')})"

    return _HTML_IMG.sub(image, text)


def headings(text: str) -> list[tuple[int, str]]:
    """The guide's headings as (level, title), outside code blocks."""
    found: list[tuple[int, str]] = []
    in_code = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        match = None if in_code else _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def slug(title: str) -> str:
    """A heading's link name as GitHub writes it (the guide's table of contents links to these)."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


def heading_for_anchor(text: str, anchor: str) -> str | None:
    """The heading an in-guide link (#4-importera-…) points at, or None."""
    wanted = anchor.lstrip("#").lower()
    for _level, title in headings(text):
        if slug(title) == wanted:
            return title
    return None


def section_for_page(page: str | None) -> str:
    """The heading F1 opens for a page; the start of the guide's year for anything else."""
    return PAGE_SECTIONS.get(page or "Start", PAGE_SECTIONS["Start"])
