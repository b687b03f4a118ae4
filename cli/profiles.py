"""The user's saved import profiles: list them, or delete one (the import dialog's Ta bort profil… calls the
same function)."""

from __future__ import annotations

import argparse

from cli.base import Commands, print_json


def cmd_profiles(a: argparse.Namespace) -> int:
    from models.importing import delete_profile, list_profiles

    if a.delete is not None:
        profile = delete_profile(a.delete)
        print(f"Tog bort importprofilen ”{profile.name}”.")
        return 0
    names = list_profiles()
    if a.json:
        print_json(names)
        return 0
    for name in names:
        print(name)
    if not names:
        print("Inga sparade importprofiler.")
    return 0


def register(commands: Commands) -> None:
    c = commands.add("profiles", "visa eller ta bort sparade importprofiler", cmd_profiles, file=None)
    c.add_argument("--delete", metavar="NAMN", help="ta bort profilen med det namnet")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
