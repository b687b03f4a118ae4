"""bench/run_all.py: the table it prints from whatever benchmark modules exist (timings not tested)."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_all(monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_run_all", ROOT / "bench" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_run_all", module)
    spec.loader.exec_module(module)
    return module


def fake(*rows):
    return lambda: list(rows)


def test_rows_within_and_over_budget(run_all):
    rows, notes = run_all.collect(
        [
            (
                "bench_a",
                fake({"name": "Start", "value_s": 0.42, "budget_s": 1.0, "compare": "bar: 0,20 s", "ok": True}),
            ),
            ("bench_b", fake({"name": "Export", "value_s": 3.5, "budget_s": 2.0, "compare": 1.25})),
        ]
    )
    assert notes == []
    text = run_all.format_table(rows, notes)
    lines = text.splitlines()
    assert lines[0].split()[0] == "Mätning"
    start = next(line for line in lines if line.startswith("Start"))
    export = next(line for line in lines if line.startswith("Export"))
    assert "0,42 s" in start and "1,00 s" in start and "bar: 0,20 s" in start and start.endswith("ja")
    # ok missing: decided from the budget; a numeric comparison gets the row's unit
    assert "3,50 s" in export and "2,00 s" in export and "1,25 s" in export and export.endswith("NEJ")
    assert "1 av 2 mätningar över budget: Export." in text


def test_columns_line_up(run_all):
    rows, _ = run_all.collect(
        [
            (
                "m",
                fake(
                    {"name": "kort", "value_s": 1.0, "budget_s": 2.0},
                    {"name": "ett mycket längre namn", "value_s": 12.5, "budget_s": 20.0},
                ),
            )
        ]
    )
    lines = run_all.format_table(rows).splitlines()
    # the measured column is right-aligned: its values end in the same column in every row
    ends = {line.index(" s", len("ett mycket längre namn")) for line in lines[2:4]}
    assert len(ends) == 1


def test_missing_and_failing_modules_become_notes_and_the_rest_still_run(run_all):
    def broken():
        raise ValueError("ingen soffice")

    rows, notes = run_all.collect(
        [
            ("bench_window", None),
            ("bench_import", broken),
            ("bench_summary", fake({"name": "Sammanställning", "value_s": 0.5, "budget_s": 1.0})),
        ]
    )
    assert [r.name for r in rows] == ["Sammanställning"]
    assert notes[0] == "bench_window: hoppades över (modulen finns inte ännu)"
    assert notes[1].startswith("bench_import: hoppades över, fel: ValueError: ingen soffice")
    text = run_all.format_table(rows, notes)
    assert "Obs: bench_window" in text and "Alla 1 mätningar inom budget." in text


def test_memory_rows_keep_their_unit(run_all):
    rows, _ = run_all.collect(
        [
            (
                "m",
                fake(
                    {"name": "Toppminne", "value_s": 412.4, "unit": "MB", "budget_s": 600, "compare": 56.0, "ok": True}
                ),
            )
        ]
    )
    line = run_all.format_table(rows).splitlines()[2]
    assert "412 MB" in line and "600 MB" in line and "56 MB" in line


def test_markdown_has_date_machine_and_a_table(run_all):
    rows, notes = run_all.collect(
        [
            ("a", fake({"name": "PDF | 200 rader", "value_s": 0.08, "budget_s": 0.5, "compare": "–", "ok": True})),
            ("b", None),
        ]
    )
    text = run_all.format_markdown(rows, notes, machine="Testmaskin, 4 kärnor", when="2025-01-31")
    lines = text.splitlines()
    assert lines[0] == "Uppmätt 2025-01-31 på Testmaskin, 4 kärnor."
    assert lines[2] == "| Mätning | Uppmätt | Budget | Jämförelse (samma körning) | Inom budget |"
    assert lines[4] == "| PDF \\| 200 rader | 0,080 s | 0,50 s | – | ja |"
    assert "- b: hoppades över (modulen finns inte ännu)" in lines


def test_machine_description_names_cores_and_python(run_all):
    text = run_all.machine_description()
    assert "kärnor" in text and f"Python {sys.version_info.major}.{sys.version_info.minor}" in text


def test_main_loads_modules_from_the_bench_folder(run_all, tmp_path, monkeypatch):
    (tmp_path / "bench_fast.py").write_text(
        "def run():\n    return [{'name': 'Snabb', 'value_s': 0.01, 'budget_s': 0.1, 'compare': 'x', 'ok': True}]\n",
        encoding="utf-8",
    )
    (tmp_path / "bench_norun.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "bench_syntax.py").write_text("def run(:\n", encoding="utf-8")
    monkeypatch.setattr(run_all, "HERE", tmp_path)
    monkeypatch.setattr(run_all, "MODULES", ("bench_fast", "bench_norun", "bench_syntax", "bench_gone"))
    monkeypatch.syspath_prepend(str(tmp_path))
    out = io.StringIO()
    code = run_all.main([], out=out)
    text = out.getvalue()
    assert code == 0  # every row that ran is within budget
    assert "Snabb" in text
    assert "bench_norun: hoppades över, fel: RuntimeError: modulen har ingen run()" in text
    assert "bench_syntax: hoppades över, fel: RuntimeError: kunde inte läsas in: SyntaxError" in text
    assert "bench_gone: hoppades över (modulen finns inte ännu)" in text


def test_exit_code_is_1_when_a_row_is_over_budget(run_all, tmp_path, monkeypatch):
    (tmp_path / "bench_slow.py").write_text(
        "def run():\n    return [{'name': 'Långsam', 'value_s': 5.0, 'budget_s': 1.0, 'compare': ''}]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(run_all, "HERE", tmp_path)
    monkeypatch.setattr(run_all, "MODULES", ("bench_slow",))
    monkeypatch.syspath_prepend(str(tmp_path))
    out = io.StringIO()
    assert run_all.main(["--markdown"], out=out) == 1
    assert "| Långsam | 5,00 s | 1,00 s | – | NEJ |" in out.getvalue()
