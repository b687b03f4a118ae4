#!/usr/bin/env python3
"""Set up and run Bidragskollen, or its tests, with nothing but Python 3.11+.

    python3 dev.py run [ARGS]   create/refresh .venv from requirements.txt, start the app
                                (with the demo document when no ARGS are given)
    python3 dev.py test [ARGS]  create/refresh .venv from requirements-dev.txt, run ruff, mypy and pytest
    python3 dev.py bench        run every benchmark and print the table

The virtual environment is refreshed only when a requirements file has changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ensure_venv(requirements: str) -> Path:
    """Create .venv if needed and install the pinned requirements if they changed."""
    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        sys.exit(f"Bidragskollen behöver Python {need} eller senare (du har {sys.version.split()[0]}).")
    files = [ROOT / requirements, ROOT / "requirements.txt"]
    stamp = VENV / f".installed-{requirements}-{_digest(files)}"
    if stamp.exists() and venv_python().exists():
        return venv_python()
    if not venv_python().exists():
        print("Skapar virtuell miljö i .venv …", flush=True)
        result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if result.returncode != 0 or not venv_python().exists():
            sys.exit(
                "Kunde inte skapa den virtuella miljön. På Debian/Ubuntu: sudo apt install python3-venv, "
                "och försök sedan igen."
            )
    print(f"Installerar paket från {requirements} …", flush=True)
    py = str(venv_python())
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=False)
    result = subprocess.run([py, "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements)])
    if result.returncode != 0:
        sys.exit(f"Installationen från {requirements} misslyckades; se meddelandena ovan.")
    for old in VENV.glob(f".installed-{requirements}-*"):
        old.unlink()
    stamp.touch()
    return venv_python()


def run(args: list[str]) -> int:
    py = ensure_venv("requirements.txt")
    return subprocess.run([str(py), str(ROOT / "main.py"), *(args or ["--demo"])], cwd=ROOT).returncode


def test(args: list[str]) -> int:
    py = str(ensure_venv("requirements-dev.txt"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    steps = [
        [py, "-m", "ruff", "check", "."],
        [py, "-m", "ruff", "format", "--check", "."],
        [py, "-m", "mypy"],  # what it checks, and how strictly: pyproject.toml
        [py, "-m", "pytest", *args],
    ]
    for step in steps:
        print("$", " ".join(step[2:]), flush=True)
        code = subprocess.run(step, cwd=ROOT, env=env).returncode
        if code != 0:
            return code
    return 0


def bench(args: list[str]) -> int:
    py = str(ensure_venv("requirements-dev.txt"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    return subprocess.run([py, str(ROOT / "bench" / "run_all.py"), *args], cwd=ROOT, env=env).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return {"run": run, "test": test, "bench": bench}[command](rest)


if __name__ == "__main__":
    sys.exit(main())
