"""The 290 municipalities of Sweden by county, from ``resources/municipalities.csv`` (SCB's codes).

The file is the list SCB publishes: ``kommunkod;kommun;länskod``. The first two digits of a
municipality's code are its county's code (1280 Malmö in 12 Skåne; Gotland's one municipality,
0980, is also the region). Names are looked up case-insensitively, with or without "kommun" or
"stad", and a name that matches none gets the nearest names in the answer.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.errors import CatalogueError, ValidationError
from models.system.paths import resources_dir

MUNICIPALITY_COUNT = 290


@dataclass(frozen=True)
class Municipality:
    code: str  # four digits, "1280"
    name: str  # "Malmö"
    county_code: str  # two digits, "12"


def load_municipalities(path: Path | None = None) -> tuple[Municipality, ...]:
    """Every municipality, in code order. A damaged list is refused with one sentence."""
    path = path or resources_dir() / "municipalities.csv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise CatalogueError(f"Kommunlistan {path.name} kan inte läsas; installera om programmet.") from None
    found: list[Municipality] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3 or not (parts[0].isdigit() and len(parts[0]) == 4) or parts[0][:2] != parts[2]:
            raise CatalogueError(f"Kommunlistan {path.name}, rad {number}, är felaktig; installera om programmet.")
        found.append(Municipality(parts[0], parts[1], parts[2]))
    return tuple(sorted(found, key=lambda m: m.code))


def _key(name: str) -> str:
    """'Malmö stad', 'MALMÖ', ' malmö  kommun' → 'malmö'."""
    words = name.casefold().split()
    if len(words) > 1 and words[-1] in ("kommun", "stad"):
        words = words[:-1]
    text = " ".join(words)
    # "Stockholms stad", "Göteborgs stad": the genitive s before "stad"/"kommun"
    return text


class Municipalities:
    """The municipalities of one county, or of all Sweden (county_code None)."""

    def __init__(self, items: tuple[Municipality, ...], county_code: str | None = None) -> None:
        self.all = items
        self.county_code = county_code
        self.items = tuple(m for m in items if county_code is None or m.county_code == county_code)
        self.by_code = {m.code: m for m in self.items}

    @classmethod
    def of_county(cls, county_code: str) -> Municipalities:
        return cls(load_municipalities(), county_code)

    def __iter__(self) -> Iterator[Municipality]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def _lookup(self, text: str, pool: tuple[Municipality, ...]) -> Municipality | None:
        q = text.strip()
        if q.isdigit():
            return next((m for m in pool if m.code == q.zfill(4)), None)
        key = _key(q)
        for m in pool:
            name = m.name.casefold()
            if key in (name, name + "s") or (key.endswith("s") and key[:-1] == name):
                return m
        return None

    def find(self, text: str) -> Municipality:
        """A municipality of this county by name or code; another county's is refused, an unknown one
        gets the nearest names."""
        if not text.strip():
            raise ValidationError("Ange en kommun med namn eller kommunkod.")
        found = self._lookup(text, self.items)
        if found is not None:
            return found
        elsewhere = self._lookup(text, self.all)
        if elsewhere is not None:
            raise ValidationError(
                f"{elsewhere.name} ({elsewhere.code}) ligger i ett annat län; välj en av länets "
                f"{len(self.items)} kommuner."
            )
        names = [m.name for m in self.items]
        near = difflib.get_close_matches(_key(text).capitalize(), names, n=3, cutoff=0.5)
        near += [n for n in names if _key(text) and n.casefold().startswith(_key(text)[:3]) and n not in near]
        hint = f" Menar du {' eller '.join(near[:3])}?" if near else ""
        raise ValidationError(f"Kommunen ”{text.strip()}” finns inte i länet.{hint}")
