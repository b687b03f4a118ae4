"""Named import profiles (one per finance system): mapping, filters and rules saved together as JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import UserError
from models.importing.mapping import Filters, Mapping, Rule
from models.system.paths import config_dir

FORMAT = "bidragskollen-importprofil"
VERSION = 1
MAX_PROFILE_BYTES = 1_000_000


@dataclass
class Profile:
    name: str
    mapping: Mapping = field(default_factory=Mapping)
    filters: Filters = field(default_factory=Filters)
    rules: list[Rule] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "mapping": self.mapping.to_json(),
            "filters": self.filters.to_json(),
            "rules": [r.to_json() for r in self.rules],
        }

    @classmethod
    def from_json(cls, data: object) -> Profile:
        if not isinstance(data, dict) or data.get("format") not in (FORMAT, None):
            raise UserError("Filen är ingen importprofil från Bidragskollen.")
        if isinstance(data.get("version"), int) and data["version"] > VERSION:
            raise UserError("Importprofilen är gjord i en nyare version av Bidragskollen; uppdatera programmet.")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise UserError("Importprofilen saknar namn.")
        rules = data.get("rules") or []
        if not isinstance(rules, list):
            raise UserError("Kontoreglerna i importprofilen är felaktiga.")
        return cls(
            name.strip(),
            Mapping.from_json(data.get("mapping") or {}),
            Filters.from_json(data.get("filters") or {}),
            [Rule.from_json(r) for r in rules],
        )


def profiles_dir() -> Path:
    return config_dir() / "importprofiler"


def _file_for(name: str) -> Path:
    slug = re.sub(r"[^\w-]+", "_", name.strip().casefold()).strip("_") or "profil"
    return profiles_dir() / f"{slug[:80]}.json"


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise UserError(f"Kunde inte spara importprofilen i {path.parent}: {err.strerror}.") from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is no number in a profile")


def read_profile_file(path: str | Path) -> Profile:
    """Read a profile file (or a bare mapping file: {"mapping": ...} or the mapping itself)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_PROFILE_BYTES:
            raise UserError(f"{p.name} är för stor för att vara en importprofil.")
        data = json.loads(p.read_text(encoding="utf-8-sig"), parse_constant=_no_constant)
    except OSError:
        raise UserError(f"Filen {p.name} finns inte eller går inte att läsa.") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: JSONDecodeError, Infinity, NaN
        raise UserError(f"{p.name} är ingen giltig importprofil (JSON); exportera den på nytt.") from None
    if isinstance(data, dict) and "name" not in data:
        data = {**data, "name": p.stem} if "mapping" in data else {"name": p.stem, "mapping": data}
    return Profile.from_json(data)


def save_profile(profile: Profile) -> Path:
    path = _file_for(profile.name)
    _write_json(path, profile.to_json())
    return path


def list_profiles() -> list[str]:
    names = []
    folder = profiles_dir()
    if not folder.is_dir():
        return []
    for p in sorted(folder.glob("*.json")):
        try:
            names.append(read_profile_file(p).name)
        except UserError:
            continue  # a broken file is not offered; load_profile names the problem
    return sorted(names, key=str.casefold)


def load_profile(name: str) -> Profile:
    path = _file_for(name)
    if not path.is_file():
        have = list_profiles()
        hint = f"; välj en av: {', '.join(have)}" if have else "; spara en profil först"
        raise UserError(f"Importprofilen ”{name}” finns inte{hint}.")
    return read_profile_file(path)


def delete_profile(name: str) -> Profile:
    """Remove a saved profile (the window's Ta bort profil…, the command line's ``profiles --delete``);
    returns it, so that undo can save it again. A name that is not saved gets the names that are."""
    profile = load_profile(name)
    try:
        _file_for(name).unlink(missing_ok=True)
    except OSError as err:
        raise UserError(f"Importprofilen ”{name}” kunde inte tas bort: {err.strerror}.") from None
    return profile


def export_profile(profile: Profile | str, path: str | Path) -> None:
    """Write a profile to a file to share with colleagues."""
    if isinstance(profile, str):
        profile = load_profile(profile)
    _write_json(Path(path), profile.to_json())


def import_profile(path: str | Path) -> Profile:
    """Read a shared profile file and save it among the user's profiles."""
    profile = read_profile_file(path)
    save_profile(profile)
    return profile
