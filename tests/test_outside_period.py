"""Costs dated outside the report period: left out of every figure, listed apart (issue 12, point 2)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli
from models.demo.example import create_demo
from models.document import Payment
from models.report import build_report
from models.summary import compute_summary, summary_json
from tests.helpers import catalogue, cost, new_document


def _doc_with_one_cost_outside(tmp_path: Path):
    doc = new_document(tmp_path)
    doc.add_payment(Payment(date(2024, 2, 1), Decimal("1000.00")))
    doc.costs.add_cost(cost("300.10", "2024-03-01"))
    doc.costs.add_cost(cost("200.00", "2025-01-10"))  # after the period: not counted
    doc.costs.add_cost(cost("0.90", "2023-12-31", category="Lokaler"))  # before it
    return doc


def test_costs_outside_the_period_are_not_counted_but_listed_apart(tmp_path: Path) -> None:
    doc = _doc_with_one_cost_outside(tmp_path)
    s = compute_summary(doc, catalogue())
    assert s.costs_total == Decimal("300.10")
    assert s.unspent == Decimal("699.90")  # the repayment figure counts only the period
    assert s.costs_by_category == {"Personal": Decimal("300.10")}
    assert s.cost_count == 1
    assert (s.outside_count, s.outside_total) == (2, Decimal("200.90"))
    flag = next(f for f in s.flags if f.key == "outside_period")
    assert flag.count == 2 and "2 kostnader på sammanlagt 200,90 kr" in flag.text
    data = summary_json(s)["costs"]
    assert data["total"] == "300.10"
    assert data["outside_period"] == {"count": 2, "total": "200.90"}


def test_changing_the_period_changes_what_is_counted(tmp_path: Path) -> None:
    doc = _doc_with_one_cost_outside(tmp_path)
    doc.set_field("report_period_end", "2025-01-31")
    s = compute_summary(doc, catalogue())
    assert s.costs_total == Decimal("500.10")
    assert (s.outside_count, s.outside_total) == (1, Decimal("0.90"))
    assert "1 kostnad på sammanlagt 0,90 kr är daterad" in next(f.text for f in s.flags if f.key == "outside_period")


def test_the_exported_form_counts_the_period_and_notes_the_rest(tmp_path: Path) -> None:
    doc = _doc_with_one_cost_outside(tmp_path)
    report = build_report(doc, catalogue(), "redovisning")
    assert report.row("costs_total").amount == Decimal("300.10")
    assert report.row("unspent").amount == Decimal("699.90")
    note = report.row("outside_period")
    assert note.kind == "note" and "200,90 kr" in note.label and "räknas inte med" in note.label
    assert report.figures["outside_period"] == Decimal("200.90")


def test_demo_counts_the_figures_the_issue_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = create_demo(tmp_path / "demo.bidrag", catalogue())
    assert run_cli(["summary", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["costs"]["total"] == "122730017.77"
    assert data["costs"]["outside_period"] == {"count": 3, "total": "201844.37"}
    assert data["unspent"] == "5994446.23"
    assert run_cli(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Summa kostnader: 122 730 017,77 kr" in out
    assert "201 844,37 kr (3 rader)" in out


def test_overview_shows_the_costs_outside_the_period(qtbot, tmp_path: Path) -> None:
    from ui.interaction import ScriptedInteraction
    from ui.main_window import MainWindow
    from ui.settings import Settings

    path = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue())
    w = MainWindow(catalogue(), Settings(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.open_path(path)
    overview = w.view.show_page("Översikt")
    texts = overview.warning_texts()
    assert any("3 kostnader på sammanlagt 201 844,37 kr" in t for t in texts)
    assert any("5 994 446,23 kr har inte förbrukats" in t for t in texts)
    w.close()
