"""One typed settings object, stored as JSON in the user config directory (platformdirs)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from models.system.paths import config_dir

log = logging.getLogger("bidragskollen.settings")

MAX_RECENT = 10


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    """Everything the window remembers between runs. Unknown or broken values fall back to defaults."""

    recent_files: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    last_contact: dict[str, str] = field(default_factory=dict)
    last_folder: str = ""
    portfolio_folder: str = ""  # the folder "Alla redovisningar" lists (often a network share)
    team_folder: str = ""  # a shared folder of agreements, read as a further catalogue (models/catalogue/user.py)
    signing: dict[str, str] = field(default_factory=dict)  # how the user last signed: files and names, never a PIN

    def add_recent(self, path: str | Path) -> None:
        text = str(Path(path).resolve())
        self.recent_files = [text] + [p for p in self.recent_files if p != text]
        del self.recent_files[MAX_RECENT:]

    def remove_recent(self, path: str | Path) -> None:
        text = str(Path(path).resolve())
        self.recent_files = [p for p in self.recent_files if p != text]

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read the settings file; a missing or broken file gives the defaults (and a log line)."""
        path = path or settings_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as err:
            log.warning("Inställningsfilen %s kunde inte läsas (%s); standardvärden används.", path, err)
            return cls()
        if not isinstance(raw, dict):
            return cls()
        result = cls()
        defaults = asdict(result)
        for f in fields(cls):
            value = raw.get(f.name)
            default = defaults[f.name]
            if isinstance(default, list) and isinstance(value, list):
                setattr(result, f.name, [str(v) for v in value if isinstance(v, str)])
            elif isinstance(default, dict) and isinstance(value, dict):
                setattr(result, f.name, {str(k): str(v) for k, v in value.items() if isinstance(v, str)})
            elif isinstance(default, str) and isinstance(value, str):
                setattr(result, f.name, value)
        del result.recent_files[MAX_RECENT:]
        return result

    def save(self, path: Path | None = None) -> None:
        """Write atomically (temp file + replace) so a crash never leaves half a file."""
        path = path or settings_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
            tmp.replace(path)
        except OSError as err:
            log.warning("Inställningarna kunde inte sparas i %s: %s", path, err)
