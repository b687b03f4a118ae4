"""The domain and the exporters import no Qt, and start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_models_and_exporters_import_no_qt() -> None:
    files = [*ROOT.glob("models/**/*.py"), *ROOT.glob("exporters/**/*.py")]
    assert len(files) > 10
    offenders = {str(f.relative_to(ROOT)) for f in files if _imports(f) & {"PySide6", "shiboken6", "ui"}}
    assert offenders == set()


def test_importing_every_domain_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in [*ROOT.glob("models/**/*.py"), *ROOT.glob("exporters/**/*.py")]
        if p.name != "__init__.py"
    )
    code = f"import sys; [__import__(m) for m in {modules!r}]; print(sorted(k for k in sys.modules if 'PySide6' in k))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_command_line_start_does_not_load_the_exporters_libraries() -> None:
    code = (
        "import sys; import cli.parser, models.storage.document_file, models.summary;"
        "print([m in sys.modules for m in ('openpyxl', 'reportlab', 'xlsxwriter')])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[False, False, False]", result.stderr


def test_no_float_in_money_code() -> None:
    """Money is Decimal from parsing to export: no float() calls in the domain or the exporters."""
    offenders = []
    for f in [*ROOT.glob("models/**/*.py"), *ROOT.glob("exporters/**/*.py")]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "float":
                offenders.append(f"{f.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_program_file_is_over_500_lines() -> None:
    """The standing rule: a file outside tests/ that grows past 500 lines is split by feature."""
    files = [p for p in ROOT.rglob("*.py") if not {".venv", "tests", "build", "dist"} & set(p.relative_to(ROOT).parts)]
    assert len(files) > 100
    long = {str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
