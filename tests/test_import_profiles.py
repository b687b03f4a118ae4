"""Import profiles: saved per finance system in the user config dir, shared as files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from models.errors import UserError
from models.importing import (
    Filters,
    Mapping,
    Profile,
    Rule,
    export_profile,
    import_profile,
    list_profiles,
    load_profile,
    parse_accounts,
    parse_object_filter,
    read_profile_file,
    save_profile,
)
from models.system.paths import config_dir


def _profile() -> Profile:
    return Profile(
        "Raindance (Region Öst)",
        Mapping(
            date="Bokf.datum", amount="Belopp", account="Konto", text="Text", objects={"6": "Projekt"}, negate=True
        ),
        Filters([(4000, 6999), (7010, 7010)], [("6", "GNV24")], date(2024, 1, 1), date(2024, 12, 31)),
        [Rule((7000, 7699), None, "Personal", "Nära vård"), Rule((6550, 6550), "konsult", "Köpta tjänster")],
    )


def test_save_list_load_round_trip_in_the_config_dir() -> None:
    path = save_profile(_profile())
    assert config_dir() in path.parents
    assert list_profiles() == ["Raindance (Region Öst)"]
    assert load_profile("Raindance (Region Öst)") == _profile()


def test_export_and_import_to_share_with_a_colleague(tmp_path: Path) -> None:
    shared = tmp_path / "raindance.json"
    export_profile(_profile(), shared)
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert data["format"] == "bidragskollen-importprofil" and data["mapping"]["date"] == "Bokf.datum"
    assert list_profiles() == []
    assert import_profile(shared) == _profile()
    assert list_profiles() == ["Raindance (Region Öst)"]


def test_unknown_profile_names_the_ones_there_are() -> None:
    save_profile(_profile())
    with pytest.raises(UserError, match="Raindance"):
        load_profile("Agresso")


@pytest.mark.parametrize(
    "content",
    [
        "inte json",
        "[1, 2]",
        '{"name": "x", "rules": [{"accounts": "fel"}]}',
        '{"name": "x", "filters": {"date_from": "igår"}}',
        '{"name": "x", "mapping": {"date": 5}}',
        '{"name": "x", "version": 99}',
    ],
)
def test_broken_profile_files_give_a_clear_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError):
        import_profile(path)


def test_a_bare_mapping_file_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"date": "Datum", "amount": "Summa"}), encoding="utf-8")
    profile = read_profile_file(path)
    assert (profile.name, profile.mapping.amount, profile.filters.accounts) == ("map", "Summa", [(4000, 7999)])


def test_command_line_filters() -> None:
    assert parse_accounts("4000-7999") == [(4000, 7999)]
    assert parse_accounts("4000 - 6999, 7010") == [(4000, 6999), (7010, 7010)]
    assert parse_accounts("") == []
    assert parse_object_filter("6:GNV24") == ("6", "GNV24")
    assert parse_object_filter("Projekt=GNV24") == ("Projekt", "GNV24")
    for bad in ("7999-4000", "abc"):
        with pytest.raises(UserError):
            parse_accounts(bad)
    with pytest.raises(UserError):
        parse_object_filter("GNV24")
