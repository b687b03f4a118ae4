"""Where the program keeps its files, located by platformdirs (one place, no hand-built paths)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP = "Bidragskollen"
EXTENSION = ".bidrag"


def _override() -> Path | None:
    home = os.environ.get("BIDRAGSKOLLEN_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    base = _override()
    return base / "config" if base else Path(user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    base = _override()
    return base / "data" if base else Path(user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    base = _override()
    return base / "logs" if base else Path(user_log_dir(APP, appauthor=False))


def program_dir() -> Path:
    """The folder the program's files are in: the checkout, or a PyInstaller bundle's (``sys._MEIPASS``).
    Every file shipped with the program is found from here, one way."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent.parent


def resources_dir() -> Path:
    """resources/ of the program: agreements, recipients, forms' wording, fonts, municipalities, icons."""
    return program_dir() / "resources"


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8 (Python keeps them as
    lone surrogates in names from the operating system) become U+FFFD."""
    text = Path(name).name if isinstance(name, os.PathLike) else str(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def undecodable(text: str) -> bool:
    """Whether ``text`` (an argument or a name from the operating system) holds bytes that are not UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
