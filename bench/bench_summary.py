"""Benchmarks over a 1 000 000-cost document: the summary, and peak memory of opening it in the window.

    .venv/bin/python bench/bench_summary.py          this module's rows only
    .venv/bin/python bench/run_all.py               every benchmark, one table

The document is the demo (models/demo/example.py) with a million cost rows, built once with
``doc.costs.add_costs`` and kept in the cache folder (BIDRAGSKOLLEN_BENCH_CACHE, or the user's cache
folder), so re-runs start at once. Memory is measured in a fresh Python process (peak RSS), so what
this process has already loaded does not count.

Budgets (seconds unless the row says MB):
- summary, 1 000 000 costs: 1.0 s. The overview recomputes the summary after every edit; one
  second is the limit at which a user's flow of thought is kept (Nielsen's response-time limits),
  and a million rows is ten times the largest ledger we expect (100 000 rows a year).
- peak memory, 1 000 000 costs in the window: 600 MB. The users' locked-down Windows desktops have
  8 GB shared with Outlook, Teams, a browser and Excel; a tenth of that leaves room for all of them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = 1_000_000
SUMMARY_BUDGET_S = 1.0
MEMORY_BUDGET_MB = 600.0
REPEATS = 3


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _decimal(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def cache_dir() -> Path:
    override = os.environ.get("BIDRAGSKOLLEN_BENCH_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("Bidragskollen", appauthor=False)) / "bench"


def big_document(rows: int = ROWS) -> Path:
    """The cached demo document with ``rows`` costs; built (about half a minute) when missing."""
    from models.demo.example import create_demo
    from models.storage.schema import SCHEMA_VERSION

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{rows}-costs-schema{SCHEMA_VERSION}.bidrag"
    if path.exists():
        return path
    partial = folder / f"{path.stem}.{os.getpid()}.building"
    partial.unlink(missing_ok=True)
    print(f"Bygger ett dokument med {_count(rows)} kostnader i {folder} (görs en gång) ...", file=sys.stderr)
    create_demo(partial, costs=rows)
    partial.replace(path)
    return path


def _best(fn: Any, repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_summary(path: Path) -> dict[str, Any]:
    from models.catalogue.check import load_catalogue
    from models.storage.document_file import Document
    from models.summary import compute_summary

    catalogue = load_catalogue()
    with Document.open(path, readonly=True) as doc:
        count = doc.costs.cost_count()
        summary_s = _best(lambda: compute_summary(doc, catalogue))
        raw_s = _best(lambda: doc.con.execute("SELECT SUM(amount_ore) FROM costs").fetchone())
    return {
        "name": f"Sammanställning (compute_summary), {_count(count)} kostnader",
        "value_s": summary_s,
        "budget_s": SUMMARY_BUDGET_S,
        "compare": f"rå SQLite SUM över samma rader: {_decimal(raw_s)} s",
        "ok": summary_s <= SUMMARY_BUDGET_S,
    }


# -- peak memory, in a child process ------------------------------------------------------------


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux: VmHWM; macOS: getrusage; Windows: PeakWorkingSetSize)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        handle = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize / 1e6
    status = Path("/proc/self/status")
    if status.exists():  # VmHWM: this process image only (ru_maxrss survives exec from a bigger parent)
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, KiB on Linux


def _child(mode: str, path: str) -> None:
    """Run in a fresh process: open, show and paint; print one JSON line with the peak memory."""
    result: dict[str, Any] = {"mode": mode}
    start = time.perf_counter()
    if mode == "domain":
        from models.catalogue.check import load_catalogue
        from models.storage.document_file import Document
        from models.summary import compute_summary

        with Document.open(Path(path), readonly=True) as doc:
            compute_summary(doc, load_catalogue())
    else:
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication([sys.argv[0]])
        if mode == "bare":
            window = QMainWindow()
            window.resize(1200, 800)
            window.show()
            app.processEvents()
            window.grab()
        else:
            from models.catalogue.check import load_catalogue
            from ui.document_view import PAGES
            from ui.interaction import ScriptedInteraction
            from ui.main_window import MainWindow

            interaction = ScriptedInteraction()
            window = MainWindow(load_catalogue(), interaction=interaction)
            window.resize(1200, 800)
            window.show()
            if not window.open_path(Path(path), remember=False):
                raise SystemExit(f"kunde inte öppna: {interaction.texts()}")
            app.processEvents()
            window.grab()
            opened = time.perf_counter() - start
            assert window.view is not None
            for page in PAGES:  # every tab built and painted once, as a user clicking through would
                window.view.show_page(page)
                app.processEvents()
                window.grab()
            settle = time.perf_counter() + 2  # background work (summary, counts) finishes and paints
            while time.perf_counter() < settle:
                app.processEvents()
                time.sleep(0.02)
            window.grab()
            result["open_s"] = opened
            result["messages"] = interaction.texts()
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = _peak_rss_mb()
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown: a worker thread still running must not turn the measurement into a crash


def _measure(mode: str, path: Path) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="bk-bench-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BIDRAGSKOLLEN_HOME=str(home))
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            cwd=ROOT,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["okänt fel"]
        raise RuntimeError(f"{mode}: {tail[0]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _window_available() -> bool:
    try:
        import ui.main_window  # noqa: F401
    except Exception:
        return False
    return True


def bench_memory(path: Path) -> dict[str, Any]:
    bare = _measure("bare", path)
    if _window_available():
        got = _measure("window", path)
        name = f"Toppminne: {_count(ROWS)} kostnader öppnade i huvudfönstret (alla flikar visade)"
        extra = f"; öppnat och målat på {_decimal(got['open_s'], 1)} s"
    else:
        got = _measure("domain", path)
        name = f"Toppminne: {_count(ROWS)} kostnader, Document.open + compute_summary (fönstret finns inte än)"
        extra = ""
    return {
        "name": name,
        "value_s": got["peak_mb"],
        "unit": "MB",
        "budget_s": MEMORY_BUDGET_MB,
        "compare": f"tomt QMainWindow: {bare['peak_mb']:.0f} MB{extra}",
        "ok": got["peak_mb"] <= MEMORY_BUDGET_MB,
    }


def run() -> list[dict[str, Any]]:
    path = big_document()
    return [bench_summary(path), bench_memory(path)]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        for row in run():
            print(row)
