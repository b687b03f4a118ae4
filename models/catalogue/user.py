"""The user's own agreements, a team folder, and the whole catalogue built from them (no Qt).

Three sources make the catalogue: the built-in files in ``resources/agreements/`` (a broken one stops
the program: it is our error), the user's own files in ``<user data dir>/agreements/``, and the files of
a shared team folder named in the settings (read-only). User and team files have exactly the built-in
format (docs/agreement-format.md) and are checked exactly the same way; a broken one, or one whose id
is taken, is left out with one Swedish sentence in ``Catalogue.problems`` and never stops the program.

How to save a user agreement, with or without a table (the API other modules build on)::

    from models.catalogue.agreement_data import agreement_data, new_agreement_data
    from models.catalogue.user import load_full_catalogue, save_user_agreement

    cat = load_full_catalogue()
    data = new_agreement_data(cat.newest(), "gnv-2026", "God och nära vård 2026", 2026)  # or
    data = agreement_data(cat.agreement("gnv-2026"))               # an existing user agreement
    data["tables"].append({...})            # a table as in docs/agreement-format.md (role "allocation")
    data["groups"]["region"] = {"label": "...", "total": 2466000000, "per_stream": {...}}
    agreement = save_user_agreement(data, cat)   # checked like a built-in file, then written atomically;
                                                 # refuses a built-in id; cat now holds the new version

Published figures that do not add up come back as ``agreement.warnings`` (computed on every load).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.catalogue.check import load_catalogue
from models.errors import CatalogueError, UserError, ValidationError
from models.system.paths import config_dir, data_dir

log = logging.getLogger("bidragskollen.catalogue")

EXPORT_SUFFIX = ".overenskommelse.json"
SETTING = "team_folder"  # key in settings.json (the window's Settings.team_folder)
_IMPORT_HINT = "Ingenting importerades; be avsändaren om en rättad fil."


def user_agreements_dir() -> Path:
    return data_dir() / "agreements"


def _settings_path() -> Path:
    return config_dir() / "settings.json"


def team_folder() -> Path | None:
    """The shared team folder named in the settings, or None."""
    try:
        raw = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = raw.get(SETTING) if isinstance(raw, dict) else None
    return Path(value) if isinstance(value, str) and value.strip() else None


def set_team_folder(folder: str | Path | None) -> None:
    """Name the team folder in the settings file (None or "" clears it); other settings are kept."""
    path = _settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    raw[SETTING] = str(folder) if folder else ""
    _write_atomic(path, json.dumps(raw, ensure_ascii=False, indent=2))


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_folder(
    folder: Path, recipients: tuple[Recipient, ...], taken: dict[str, str], origin: str
) -> tuple[list[Agreement], list[str]]:
    """Every ``*.json`` agreement in ``folder``: the good ones and one sentence per refused file.

    ``taken`` maps the ids already in the catalogue to their origin; a file with such an id is refused.
    """
    from models.catalogue.check import read_agreement

    where = "teammappen" if origin == "team" else "dina överenskommelser"
    hint = f"Filen ligger i {folder} och används inte; rätta eller ta bort den."
    try:
        files = sorted(p for p in folder.glob("*.json") if p.is_file()) if folder.is_dir() else []
    except OSError as err:
        return [], [f"Teammappen {folder} kan inte läsas ({err.strerror}); dess överenskommelser visas inte."]
    found: list[Agreement] = []
    problems: list[str] = []
    seen = dict(taken)
    for path in files:
        try:
            agreement = read_agreement(path, recipients, hint=hint)
        except CatalogueError as err:
            problems.append(str(err))
            continue
        other = seen.get(agreement.id)
        if other is not None:
            owner = {"builtin": "en inbyggd", "user": "en egen", "team": "en annan"}[other]
            problems.append(
                f"Filen {path.name} i {where} används inte: id ”{agreement.id}” tillhör redan {owner} "
                "överenskommelse; ge den ett eget id."
            )
            continue
        seen[agreement.id] = origin
        found.append(agreement)
    return found, problems


def load_full_catalogue(*, team: bool = True, directory: Path | None = None) -> Catalogue:
    """Built-in, user and (when ``team``) team-folder agreements. Only a broken built-in file raises."""
    builtin = load_catalogue(directory)
    recipients = tuple(builtin.recipients.values())
    cat = Catalogue(builtin.agreements.values(), recipients)
    user, problems = read_folder(user_agreements_dir(), recipients, dict(cat.origins), "user")
    cat.add(user, "user", problems)
    folder = team_folder() if team else None
    if folder is not None:
        add_team(cat, folder)
    return cat


def read_team(cat: Catalogue, folder: Path) -> tuple[list[Agreement], list[str]]:
    """Read a team folder against ``cat`` without changing it (a worker thread may call this)."""
    if not folder.is_dir():
        return [], [f"Teammappen {folder} finns inte eller nås inte just nu; dess överenskommelser visas inte."]
    return read_folder(folder, tuple(cat.recipients.values()), dict(cat.origins), "team")


def add_team(cat: Catalogue, folder: Path) -> None:
    found, problems = read_team(cat, folder)
    cat.add(found, "team", problems)


def _user_path(agreement_id: str) -> Path:
    return user_agreements_dir() / f"{agreement_id}.json"


def save_user_agreement(data: dict[str, Any], cat: Catalogue, *, replace: bool = True) -> Agreement:
    """Check ``data`` exactly as a catalogue file and write it to the user folder; ``cat`` gets it too.

    Refused with a Swedish sentence, writing nothing: a built-in or team id, an existing user id when
    ``replace`` is False, and anything the file check refuses.
    """
    from models.catalogue.check import agreement_from_data

    agreement_id = str(data.get("id", ""))
    origin = cat.origins.get(agreement_id)
    if origin == "builtin":
        raise ValidationError(
            f"”{agreement_id}” är id för en inbyggd överenskommelse; "
            f"välj ett eget id, till exempel {agreement_id}-egen."
        )
    if origin == "team":
        raise ValidationError(
            f"”{agreement_id}” finns i teammappen och kan bara ändras där; välj ett eget id för din version."
        )
    if origin == "user" and not replace:
        raise ValidationError(f"Överenskommelsen ”{agreement_id}” finns redan; välj ett annat id.")
    hint = "Ingenting sparades."
    agreement = agreement_from_data(data, tuple(cat.recipients.values()), f"{agreement_id}.json", hint=hint)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        _write_atomic(_user_path(agreement.id), text)
    except OSError as err:
        raise UserError(f"Överenskommelsen kunde inte sparas i {user_agreements_dir()} ({err.strerror}).") from None
    cat.add([agreement], "user", (), replace=True)
    return agreement


def own_agreement(cat: Catalogue, agreement_id: str) -> Agreement:
    agreement = cat.agreement(agreement_id)
    origin = cat.origin(agreement_id)
    if origin != "user":
        where = "inbyggd i programmet" if origin == "builtin" else "teammappens"
        raise ValidationError(f"Överenskommelsen ”{agreement_id}” är {where} och kan inte ändras eller tas bort.")
    return agreement


def delete_user_agreement(agreement_id: str, cat: Catalogue) -> Agreement:
    agreement = own_agreement(cat, agreement_id)
    try:
        _user_path(agreement_id).unlink(missing_ok=True)
    except OSError as err:
        raise UserError(f"Överenskommelsen ”{agreement_id}” kunde inte tas bort ({err.strerror}).") from None
    cat.remove(agreement_id)
    return agreement


def export_agreement(agreement_id: str, out: str | Path, cat: Catalogue) -> Path:
    """Write one agreement (any origin) to ``out``, a ``*.overenskommelse.json`` file to share."""
    from models.catalogue.agreement_data import agreement_data

    agreement = cat.agreement(agreement_id)
    path = Path(out)
    if path.is_dir():
        path = path / f"{agreement.id}{EXPORT_SUFFIX}"
    if not path.parent.is_dir():
        raise ValidationError(f"Mappen {path.parent} finns inte; välj en befintlig mapp.")
    try:
        _write_atomic(path, json.dumps(agreement_data(agreement), ensure_ascii=False, indent=1) + "\n")
    except OSError as err:
        raise UserError(f"Filen {path.name} kunde inte skrivas ({err.strerror}).") from None
    return path


def import_agreement(file: str | Path, cat: Catalogue, *, replace: bool = False) -> Agreement:
    """Check a shared agreement file exactly as a catalogue file and save it as a user agreement."""
    from models.catalogue.check import read_agreement

    path = Path(file)
    if not path.is_file():
        raise ValidationError(f"Filen {path.name} finns inte.")
    from models.catalogue.agreement_data import agreement_data

    path = Path(file)
    if not path.is_file():
        raise ValidationError(f"Filen {path.name} finns inte.")
    agreement = read_agreement(path, tuple(cat.recipients.values()), named_by_id=False, hint=_IMPORT_HINT)
    return save_user_agreement(agreement_data(agreement), cat, replace=replace)
