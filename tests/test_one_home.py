"""One home per rule: the report period (``doc_agreement.report_period``) and the missing fields (``models.missing``)
read the same way by the figures, the overview, the form and the export."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from helpers import catalogue, cost, new_document

from models.doc_agreement import report_period
from models.report import build_report, missing_fields
from models.storage.agreement import Decision
from models.storage.document_file import Document
from models.summary import compute_summary


def test_an_unreadable_period_end_falls_back_to_the_agreement_on_the_form_as_in_the_figures(tmp_path):
    doc = new_document(tmp_path)
    doc.set_field("report_period_start", "2024-03-01")
    doc.costs.add_cost(cost("100.00", "2024-02-29"))  # before the period: not counted
    doc.costs.add_cost(cost("250.00", "2024-12-31"))
    path = doc.path
    doc.close()
    with sqlite3.connect(path) as con:  # a damaged value, as an old or hand-edited file may hold
        con.execute("UPDATE fields SET value = '2024-13-45' WHERE name = 'report_period_end'")
    con.close()
    with Document.open(path) as doc:
        assert report_period(doc, catalogue()) == (date(2024, 3, 1), date(2024, 12, 31))
        summary = compute_summary(doc, catalogue())
        form = build_report(doc, catalogue())
    assert (summary.period_start, summary.period_end) == (date(2024, 3, 1), date(2024, 12, 31))
    assert summary.outside_count == 1
    assert form.row("period").value == "2024-03-01 – 2024-12-31"  # not "2024-03-01 – 2024-13-45"


def test_the_overview_flag_and_the_export_judge_the_fields_alike(tmp_path):
    """models.missing: a value kept as typed that fails its check is named by both; a field the payment
    decisions fill is named by neither."""
    doc = new_document(tmp_path)
    doc.set_field("org_number", "232100-0255")
    doc.enter_field("org_number", "232100-0256")  # a wrong check digit: kept as typed, the old value stays
    doc.agreement.add_decision(Decision("S2024/00123", date(2024, 2, 1), Decimal("1000.00")))

    def flagged() -> str:
        return next(f.text for f in compute_summary(doc, catalogue()).flags if f.key == "missing_fields")

    problems = missing_fields(build_report(doc, catalogue()))
    assert "Organisationsnummer" in flagged()
    assert any(p.startswith("Organisationsnummer:") for p in problems)
    assert "utbetalning" not in flagged() and not any("utbetalning" in p for p in problems)
    doc.close()
