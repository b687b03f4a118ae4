"""Fits a small laptop: a 1366×768 screen at 125 % scaling gives 1093×614 logical pixels. Every page and
dialog opens inside that (title bar included), can be made that small, and keeps its buttons on screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_every_page_and_dialog_fits_1093_by_614(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1093, "height": 614, "logicalDpiX": 96, "logicalDpiY": 96}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, str(HERE / "small_screen_probe.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"screen": [1093, 614]}
    windows = {line["name"]: line for line in lines[1:]}
    # every page of an RSS document and every dialog was opened
    assert {"Start", "Översikt", "Kostnader", "Kommuner", "Plan", "Uppgifter", "Export", "Historik"} <= set(windows)
    assert {"Importera: 1 Fil", "Importera: 4 Sammanfattning", "Överenskommelser", "Tilldelningstabell"} <= set(windows)
    assert len(windows) >= 25
    bad = {name: w for name, w in windows.items() if w["too_big"] or w["minimum_too_big"] or w["cut_buttons"]}
    assert bad == {}
    # the import dialog asks for 980×680: it opens as high as the screen allows instead
    assert windows["Importera: 1 Fil"]["size"] == [980, 614 - 32 - 8]
