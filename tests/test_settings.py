"""The one settings object: round-trip, defaults, and a broken file."""

from __future__ import annotations

from models.system.paths import config_dir
from ui.settings import MAX_RECENT, Settings, settings_path


def test_settings_live_in_the_user_config_dir():
    assert settings_path().parent == config_dir()


def test_round_trip_keeps_every_value(tmp_path):
    s = Settings()
    s.add_recent(tmp_path / "a.bidrag")
    s.add_recent(tmp_path / "b.bidrag")
    s.add_recent(tmp_path / "a.bidrag")  # reopened: moves to the top, no duplicate
    s.window_geometry = "AdnQywADAAA="
    s.last_contact = {"contact_person": "Anna Åkesson", "email": "anna@kommun.se"}
    s.last_folder = str(tmp_path)
    s.save()
    back = Settings.load()
    assert back == s
    assert back.recent_files == [str(tmp_path / "a.bidrag"), str(tmp_path / "b.bidrag")]


def test_recent_list_is_capped(tmp_path):
    s = Settings()
    for i in range(MAX_RECENT + 5):
        s.add_recent(tmp_path / f"{i}.bidrag")
    assert len(s.recent_files) == MAX_RECENT
    assert s.recent_files[0].endswith(f"{MAX_RECENT + 4}.bidrag")


def test_broken_or_odd_file_gives_defaults_and_keeps_good_values():
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ inte json", encoding="utf-8")
    assert Settings.load() == Settings()
    path.write_text('{"recent_files": "fel typ", "last_folder": "C:/Redovisning", "okänd": 1}', encoding="utf-8")
    s = Settings.load()
    assert s.recent_files == [] and s.last_folder == "C:/Redovisning"
