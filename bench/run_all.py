"""Run every benchmark and print one table: what, measured, budget, comparison, within budget.

    .venv/bin/python bench/run_all.py                 plain table
    .venv/bin/python bench/run_all.py --markdown      Markdown for the README, with date and machine
    .venv/bin/python bench/run_all.py --only summary  only modules whose name contains "summary"

Each benchmark module in bench/ exposes ``run() -> list[dict]``; a row has the keys ``name``,
``value_s`` (the measurement, seconds unless ``unit`` says otherwise, e.g. "MB"), ``budget_s``,
``compare`` (what the same run measured for comparison: text or a number in the row's unit) and
``ok``. A module that is missing or fails is skipped with a note; the others still run.
The exit code is 0 when every row is within budget, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

MODULES = ("bench_window", "bench_import", "bench_export", "bench_summary", "bench_memory")
HEADERS = ("Mätning", "Uppmätt", "Budget", "Jämförelse (samma körning)", "Inom budget")


@dataclass(frozen=True)
class Row:
    name: str
    value: float
    budget: float | None
    compare: str
    ok: bool
    unit: str = "s"


def _number(value: float, unit: str) -> str:
    if unit == "s":
        text = f"{value:.3f}" if value < 0.1 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    else:
        text = f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"
    return f"{text.replace('.', ',')} {unit}"


def to_row(raw: dict[str, Any]) -> Row:
    """One benchmark result as a row. ``ok`` missing: within budget means measured <= budget."""
    unit = str(raw.get("unit") or "s")
    value = raw["value_s"]
    budget = raw.get("budget_s")
    compare = raw.get("compare", "")
    if isinstance(compare, int | float) and not isinstance(compare, bool):
        compare = _number(compare, unit)
    ok = raw.get("ok")
    if ok is None:
        ok = budget is None or value <= budget
    return Row(str(raw["name"]), value, budget, str(compare or "–"), bool(ok), unit)


def collect(
    modules: Iterable[tuple[str, Callable[[], list[dict[str, Any]]] | None]],
) -> tuple[list[Row], list[str]]:
    """Run each benchmark; a missing one (None) or one that fails becomes a note, not a row."""
    rows: list[Row] = []
    notes: list[str] = []
    for name, run in modules:
        if run is None:
            notes.append(f"{name}: hoppades över (modulen finns inte ännu)")
            continue
        try:
            results = run()
            rows.extend(to_row(r) for r in results)
        except Exception as err:  # one broken benchmark must not hide the others
            last = traceback.extract_tb(err.__traceback__)[-1:]
            where = f" ({Path(last[0].filename).name}:{last[0].lineno})" if last else ""
            notes.append(f"{name}: hoppades över, fel: {type(err).__name__}: {err}{where}")
    return rows, notes


def _cells(row: Row) -> list[str]:
    budget = "–" if row.budget is None else _number(row.budget, row.unit)
    return [row.name, _number(row.value, row.unit), budget, row.compare, "ja" if row.ok else "NEJ"]


def format_table(rows: Sequence[Row], notes: Sequence[str] = ()) -> str:
    table = [list(HEADERS)] + [_cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    numeric = {1, 2}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(table[0]), "  ".join("-" * w for w in widths)]
    out += [line(cells) for cells in table[1:]]
    if not rows:
        out.append("(inga mätningar)")
    out += [f"Obs: {n}" for n in notes]
    out.append(summary_line(rows))
    return "\n".join(out)


def summary_line(rows: Sequence[Row]) -> str:
    over = [r.name for r in rows if not r.ok]
    if not over:
        return f"Alla {len(rows)} mätningar inom budget."
    return f"{len(over)} av {len(rows)} mätningar över budget: {'; '.join(over)}."


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def format_markdown(rows: Sequence[Row], notes: Sequence[str] = (), machine: str = "", when: str = "") -> str:
    out = [f"Uppmätt {when or date.today().isoformat()} på {machine or machine_description()}.", ""]
    out.append("| " + " | ".join(HEADERS) + " |")
    out.append("|---|---:|---:|---|:---:|")
    out += ["| " + " | ".join(_escape(c) for c in _cells(r)) + " |" for r in rows]
    if notes:
        out.append("")
        out += [f"- {_escape(n)}" for n in notes]
    out += ["", summary_line(rows)]
    return "\n".join(out)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "okänd processor"


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError):
        pass
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return f"{pages * size / 1024**3:.0f} GB RAM"
    except (AttributeError, ValueError, OSError):
        return "okänt RAM"


def machine_description() -> str:
    system = f"{platform.system()} {platform.release()}".strip()
    return f"{_cpu_model()}, {os.cpu_count()} kärnor, {_ram_gb()}, {system}, Python {platform.python_version()}"


def load_modules(names: Sequence[str]) -> list[tuple[str, Callable[[], list[dict[str, Any]]] | None]]:
    found: list[tuple[str, Callable[[], list[dict[str, Any]]] | None]] = []
    for name in names:
        if not (HERE / f"{name}.py").exists():
            found.append((name, None))
            continue
        try:
            module: ModuleType = importlib.import_module(name)
        except Exception as err:
            message = f"{type(err).__name__}: {err}"

            def failed(message: str = message) -> list[dict[str, Any]]:
                raise RuntimeError(f"kunde inte läsas in: {message}")

            found.append((name, failed))
            continue
        run = getattr(module, "run", None)
        if not callable(run):

            def no_run() -> list[dict[str, Any]]:
                raise RuntimeError("modulen har ingen run()")

            run = no_run
        found.append((name, run))
    return found


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description="Kör alla mätningar och skriv en tabell.")
    parser.add_argument("--markdown", action="store_true", help="Markdown med datum och maskin, för README")
    parser.add_argument("--only", metavar="DEL", help="bara moduler vars namn innehåller DEL")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = [m for m in MODULES if not args.only or args.only in m]
    rows, notes = collect(load_modules(names))
    text = format_markdown(rows, notes) if args.markdown else format_table(rows, notes)
    print(text, file=out)
    return 0 if rows and all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
