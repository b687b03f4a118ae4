"""One home for an import's defaults (``import_defaults``): the window's import dialog and the command line
start from the same mapping, filters, rules, stream and category, and the date filter is the report period
as the figures count it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import catalogue, new_document

from models.importing import import_defaults, read_ledger, run_import
from ui.doc_context import DocContext
from ui.import_dialog import ImportDialog
from ui.interaction import ScriptedInteraction
from ui.settings import Settings

LEDGER = [
    "Datum;Verifikation;Konto;Belopp;Text",
    "2023-12-28;B 0;6550;1 000,00;Förra året",
    "2024-01-10;A 1;7010;25 000,00;Lön januari",
]


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "huvudbok.csv"
    path.write_text("\r\n".join(LEDGER) + "\r\n", encoding="cp1252")
    return path


def test_the_dialog_shows_the_defaults_the_command_line_imports_with(tmp_path, qtbot):
    doc = new_document(tmp_path)
    doc.set_field("report_period_start", "")  # emptied: the period starts with the agreement's year again
    ledger = _ledger(tmp_path)
    defaults = import_defaults(doc, read_ledger(ledger).headers, None, catalogue())
    assert (defaults.filters.date_from, defaults.filters.date_to) == (date(2024, 1, 1), date(2024, 12, 31))

    ctx = DocContext(doc, catalogue(), Settings(), ScriptedInteraction())
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load_file(ledger)
    shown = dialog.filters_step.filters()
    assert (shown.date_from, shown.date_to, shown.accounts) == (
        defaults.filters.date_from,
        defaults.filters.date_to,
        defaults.filters.accounts,
    )
    assert dialog.filters_step.rule_list() == defaults.rules
    assert dialog.current_mapping() == defaults.mapping
    assert dialog.filters_step.stream_box.currentText() == defaults.default_stream
    assert dialog.filters_step.category_box.currentText() == defaults.default_category
    path = doc.path
    doc.close()

    report = run_import(path, ledger)  # the command line, from the same defaults
    assert (report.imported, report.filtered_out) == (1, 1)  # the 2023 row is outside the period
