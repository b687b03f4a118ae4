"""One report period (``models.doc_agreement.report_period``): the form prints the period the figures count."""

from __future__ import annotations

import sqlite3
from datetime import date

from helpers import catalogue, cost, new_document

from models.doc_agreement import report_period
from models.report import build_report
from models.storage.document_file import Document
from models.summary import compute_summary


def test_an_unreadable_period_end_falls_back_to_the_agreement_on_the_form_as_in_the_figures(tmp_path):
    doc = new_document(tmp_path)
    doc.set_field("report_period_start", "2024-03-01")
    doc.add_cost(cost("100.00", "2024-02-29"))  # before the period: not counted
    doc.add_cost(cost("250.00", "2024-12-31"))
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
