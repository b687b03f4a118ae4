"""Export timings against their budgets: ``python bench/bench_export.py`` prints a table.

Budgets: a 200-row redovisning to PDF < 0.2 s and to xlsx < 0.5 s after start-up (libraries and
fonts loaded by a warm-up export); the 100 000-row ledger to PDF and xlsx within generous budgets
(openpyxl without lxml writes about 30 000 cells a second).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

BUDGETS = {
    "redovisning 200 rader → PDF": 0.2,
    "redovisning 200 rader → xlsx": 0.5,
    "100 000 kostnadsrader → PDF med bilaga": 90.0,
    "100 000 kostnadsrader → xlsx": 60.0,
}


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(*, big: bool = True) -> list[dict]:
    from test_export_samples import sample_report

    from exporters.pdf import render_pdf
    from exporters.xlsx import render_xlsx

    report, costs = sample_report("gnv-2023", n=200)
    rek, _ = sample_report("gnv-2023", "rekvisition")
    render_pdf(report)  # start-up: imports, font registration
    render_xlsx(report, ledger=costs, others=[rek])
    values = {
        "redovisning 200 rader → PDF": min(_time(lambda: render_pdf(report)) for _ in range(3)),
        "redovisning 200 rader → xlsx": min(
            _time(lambda: render_xlsx(report, ledger=costs, others=[rek])) for _ in range(3)
        ),
    }
    if big:
        big_report, big_costs = sample_report("gnv-2023", n=100_000)
        values["100 000 kostnadsrader → PDF med bilaga"] = _time(lambda: render_pdf(big_report, ledger=big_costs))
        values["100 000 kostnadsrader → xlsx"] = _time(lambda: render_xlsx(big_report, ledger=big_costs))
    return [
        {"name": name, "value_s": round(v, 4), "budget_s": BUDGETS[name], "compare": "<", "ok": v < BUDGETS[name]}
        for name, v in values.items()
    ]


if __name__ == "__main__":
    rows = run(big="--quick" not in sys.argv)
    width = max(len(r["name"]) for r in rows)
    print(f"{'mätning':<{width}}  {'sekunder':>9}  {'budget':>7}  ok")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['value_s']:>9.3f}  {r['budget_s']:>7.1f}  {'ja' if r['ok'] else 'NEJ'}")
    sys.exit(0 if all(r["ok"] for r in rows) else 1)
