"""The built program (PyInstaller one-folder bundle) starts, creates a document and exports a PDF;
its console twin bidragskollen-cli prints the command line's output to stdout.

Slow (about a minute to build): skipped unless BIDRAGSKOLLEN_BUILD_TEST=1.
    BIDRAGSKOLLEN_BUILD_TEST=1 .venv/bin/pytest tests/test_packaging.py
Set BIDRAGSKOLLEN_BUILD_TEST=existing to check a bundle already built by packaging/build_linux.sh.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "Bidragskollen"
EXE = BUNDLE / ("Bidragskollen.exe" if sys.platform == "win32" else "Bidragskollen")
CLI = BUNDLE / ("bidragskollen-cli.exe" if sys.platform == "win32" else "bidragskollen-cli")
MODE = os.environ.get("BIDRAGSKOLLEN_BUILD_TEST", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODE, reason="bygger programmet: sätt BIDRAGSKOLLEN_BUILD_TEST=1"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    if MODE != "existing":
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(ROOT / "dist"),
                "--workpath",
                str(ROOT / "build" / "pyinstaller"),
                str(ROOT / "packaging" / "bidragskollen.spec"),
            ],
            cwd=ROOT,
            check=True,
        )
    assert EXE.is_file(), f"{EXE} saknas"
    assert CLI.is_file(), f"{CLI} saknas"
    return BUNDLE


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["BIDRAGSKOLLEN_HOME"] = str(tmp_path / "home")
    return env


def _run(args: list[str], tmp_path: Path, exe: Path = EXE, status: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(exe), *args],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    log = tmp_path / "home" / "logs" / "bidragskollen.log"
    detail = log.read_text(encoding="utf-8") if log.exists() else ""
    assert done.returncode == status, f"{args}: {done.stdout}{done.stderr}\n{detail}"
    return done


def test_bundle_holds_resources_and_no_unused_qt(bundle):
    internal = bundle / "_internal"
    assert (internal / "resources" / "recipients.json").is_file()
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "agreements" / "gnv-2024.json").is_file()
    assert (internal / "docs" / "guide" / "index.md").is_file()  # Hjälp → Handbok
    assert (internal / "docs" / "img" / "overview.png").is_file()
    names = [p.name for p in internal.rglob("*")]
    # The two programs share _internal/: nothing but the two executables beside it.
    assert sorted(p.name for p in bundle.iterdir()) == sorted(["_internal", EXE.name, CLI.name])
    assert not [n for n in names if "WebEngine" in n or "Qt6Quick" in n or "Qt6Qml" in n]
    assert not [n for n in names if n.startswith("test_")]


def test_built_program_creates_a_document_and_exports_a_pdf(bundle, tmp_path):
    new = _run(["new", "X.bidrag", "--agreement", "gnv-2024", "--recipient", "Region Skåne"], tmp_path)
    assert "Region Skåne" in new.stdout
    _run(["export", "X.bidrag", "--draft", "--pdf", "X.pdf"], tmp_path)
    pdf = (tmp_path / "X.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "X.pdf").pages)
    assert "Region Skåne" in text
    assert "Ekonomisk redovisning" in text


def test_built_program_opens_the_demo_window_offscreen(bundle, tmp_path):
    proc = subprocess.Popen([str(EXE), "--demo"], cwd=tmp_path, env=_env(tmp_path))
    try:
        deadline = time.monotonic() + 20
        demo = tmp_path / "home" / "data" / "demo" / "Exempel Skåne län 2024.bidrag"
        while time.monotonic() < deadline and not demo.exists():
            assert proc.poll() is None, f"programmet avslutades med kod {proc.returncode}"
            time.sleep(0.2)
        assert demo.exists()
        time.sleep(3)  # the window is up and painting; it must still be running
        assert proc.poll() is None, f"programmet avslutades med kod {proc.returncode}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_program_runs_in_utf8_mode_and_the_window_program_as_before(bundle):
    from PyInstaller.archive.readers import CArchiveReader

    assert "X utf8=1" in CArchiveReader(str(CLI)).options
    assert not [o for o in CArchiveReader(str(EXE)).options if o.startswith("X ")]


def test_cli_program_prints_help_and_runs_commands_to_stdout(bundle, tmp_path):
    help_ = _run(["--help"], tmp_path, CLI)
    assert "statsbidrag enligt överenskommelserna" in help_.stdout
    assert "visa var pengarna står" in help_.stdout

    catalogue = json.loads(_run(["catalogue", "--json"], tmp_path, CLI).stdout)
    assert any(agreement["id"] == "gnv-2024" for agreement in catalogue)

    new = _run(["new", "X.bidrag", "--agreement", "gnv-2024", "--recipient", "Region Skåne"], tmp_path, CLI)
    assert "Region Skåne" in new.stdout
    summary = _run(["summary", "X.bidrag"], tmp_path, CLI)
    assert "Nära vård" in summary.stdout
    assert "326 413 479" in summary.stdout
    as_json = json.loads(_run(["summary", "X.bidrag", "--json"], tmp_path, CLI).stdout)
    assert as_json["recipient"]["name"] == "Region Skåne"
    assert "Redovisningen skapades: God och nära vård 2024" in _run(["history", "X.bidrag"], tmp_path, CLI).stdout

    wrong = _run(["summary", "saknas.bidrag"], tmp_path, CLI, status=2)
    assert wrong.stderr.strip()
    assert "Traceback" not in wrong.stderr


def test_cli_program_checks_a_final_pdf_for_signatures(bundle, tmp_path):
    """pyHanko and python-pkcs11 are in the bundle: verify reads an export's fields and metadata."""
    _run(["new", "X.bidrag", "--agreement", "gnv-2024", "--recipient", "Region Skåne"], tmp_path, CLI)
    _run(["export", "X.bidrag", "--draft", "--pdf", "X.pdf"], tmp_path, CLI)
    done = _run(["verify", "X.pdf", "--json"], tmp_path, CLI, status=2)
    assert json.loads(done.stdout)["signatures"] == []
    assert "X.pdf har inga signaturer." in done.stderr
    card = _run(
        ["sign", "X.pdf", "--field", "ekonomichef", "--out", "S.pdf", "--pkcs11-lib", "saknas.dll"], tmp_path, CLI, 2
    )
    assert "Kortets bibliotek saknas.dll finns inte" in card.stderr
