"""Recipient names as a pasted allocation table prints them, matched to the catalogue (no Qt).

The catalogue itself matches a name by case and spaces only (``recipients.json`` lists every
spelling a seed prints). A table a user pastes from this year's agreement may print a county in a
way the file does not list yet: "Region Skånes län", "skåne", "Jämtland-Härjedalen". This matcher
also ignores the words "Region", "RSS", "län" and "landsting", hyphens and punctuation, and for an
unknown name suggests the nearest known one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from models.catalogue.catalogue import Recipient

_NOISE = {"region", "regionen", "rss", "län", "läns", "landsting", "landstinget", "i"}


def plain(text: str) -> str:
    """Case and spaces ignored: the catalogue's own rule."""
    return " ".join(text.split()).casefold()


def loose(text: str) -> str:
    """Also without "Region", "län", hyphens and punctuation: "Region Jönköpings län" → "jönköpings"."""
    words = re.sub(r"[^\w]+", " ", text.casefold().replace("*", "")).split()
    kept = [w for w in words if w not in _NOISE]
    return " ".join(kept or words)


class RecipientMatcher:
    """Finds the recipients of one kind by any spelling the catalogue knows, loosely compared."""

    def __init__(self, recipients: Iterable[Recipient], kind: str) -> None:
        self.kind = kind
        self.strict: dict[str, Recipient] = {}
        self.loose: dict[str, Recipient] = {}
        clashes: set[str] = set()
        for r in recipients:
            if r.kind != kind:
                continue
            for spelling in (r.name, r.id, *r.aliases):
                self.strict[plain(spelling)] = r
                key = loose(spelling)
                if self.loose.setdefault(key, r).id != r.id:
                    clashes.add(key)  # a loose spelling of two recipients means neither
        for key in clashes:
            del self.loose[key]

    def find(self, name: str) -> Recipient | None:
        """The recipient the name means, or None when it is unknown."""
        return self.strict.get(plain(name)) or self.loose.get(loose(name))

    def is_catalogue_spelling(self, name: str) -> bool:
        """True when the catalogue file format accepts the name as printed (case and spaces only)."""
        return plain(name) in self.strict

    def nearest(self, name: str) -> Recipient | None:
        """The known recipient whose spelling is nearest to an unknown name, if any is near enough."""
        close = difflib.get_close_matches(loose(name), list(self.loose), n=1, cutoff=0.6)
        return self.loose[close[0]] if close else None
