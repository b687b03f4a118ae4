"""An RSS's import rules and the municipalities' reports back can be deleted, in the window (Kommuner →
Ta bort…, confirmed, one Ctrl+Z step, a history row) and on the command line (rules/reports --delete),
through the same domain functions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from cli import run_cli
from models.catalogue.check import load_catalogue
from models.document import CostFilter
from models.errors import ValidationError
from models.storage.document_file import Document
from models.transfer_items import parse_rule
from models.transfers import TRANSFER_CATEGORY, MunicipalReport
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.municipalities_page import MunicipalitiesPage
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def rss(tmp_path, catalogue):
    path = tmp_path / "blekinge.bidrag"
    with Document.create(path, "gnv-2024", "rss-10", catalogue) as doc:
        karlskrona = doc.transfers.municipalities().find("Karlskrona")
        doc.transfers.set_transfer_rule("account", "4590", karlskrona.code)
        doc.transfers.set_transfer_rule("object", "K0780", doc.transfers.municipalities().find("Ronneby").code)
        report = MunicipalReport(karlskrona.code, date(2024, 11, 1), Decimal("90000"), Decimal("10000"), "delrapport")
        doc.transfers.add_municipal_report(report)
    return path


def _page(qtbot, path, catalogue, interaction):
    doc = Document.open(path)
    ctx = DocContext(doc, catalogue, Settings(), interaction)
    page = MunicipalitiesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1093, 614)
    return page, doc


def _returns(doc) -> list[Decimal]:
    return [c.amount for c in doc.costs.iter_costs(CostFilter(category=TRANSFER_CATEGORY))]


def test_deleting_an_import_rule_in_the_window_asks_first_and_undoes(qtbot, rss, catalogue):
    ui = ScriptedInteraction(choices=[0, 0], confirms=[False, True])
    page, doc = _page(qtbot, rss, catalogue, ui)
    assert "konto 4590 → Karlskrona" in page.rules_label.text()
    assert not page.delete_item()  # the user says Avbryt: nothing removed
    assert ("account", "4590", "1080") in doc.transfers.transfer_rules()
    assert page.delete_item()
    assert "Vill du ta bort importregel: konto 4590 → Karlskrona?" in ui.texts("confirm")[-1]
    assert [r[1] for r in doc.transfers.transfer_rules()] == ["K0780"]
    assert "4590" not in page.rules_label.text()  # the page shows it gone
    row = doc.history(1)[0]
    assert (row.action, row.what, row.old) == ("tagit bort", "Importregel konto 4590", "Karlskrona")
    page.ctx.undo_stack.undo()
    assert ("account", "4590", "1080") in doc.transfers.transfer_rules()
    assert "konto 4590 → Karlskrona" in page.rules_label.text()
    page.ctx.undo_stack.redo()
    assert [r[1] for r in doc.transfers.transfer_rules()] == ["K0780"]
    doc.close()


def test_deleting_a_report_takes_its_return_with_it_and_undo_brings_both_back(qtbot, rss, catalogue):
    ui = ScriptedInteraction(choices=[2], confirms=[True])  # after the two rules comes the report
    page, doc = _page(qtbot, rss, catalogue, ui)
    karlskrona = next(r for r in page.model.rows if r.name == "Karlskrona")
    assert karlskrona.reported_used == Decimal("90000") and _returns(doc) == [Decimal("-10000.00")]
    assert page.delete_item()
    question = ui.texts("confirm")[-1]
    assert "återrapport: Karlskrona 2024-11-01: använt 90 000 kr, återbetalt 10 000 kr (delrapport)" in question
    assert "Återbetalningen som den förde in tas bort med den" in question
    assert doc.transfers.municipal_reports() == [] and _returns(doc) == []
    assert next(r for r in page.model.rows if r.name == "Karlskrona").reported_used == 0
    assert any(h.what == "Återrapport från Karlskrona" and h.action == "tagit bort" for h in doc.history(5))
    page.ctx.undo_stack.undo()
    (back,) = doc.transfers.municipal_reports()
    assert (back.used, back.returned, back.note) == (Decimal("90000"), Decimal("10000"), "delrapport")
    assert _returns(doc) == [Decimal("-10000.00")]
    assert next(r for r in page.model.rows if r.name == "Karlskrona").reported_used == Decimal("90000")
    doc.close()


def test_nothing_to_delete_is_said(qtbot, tmp_path, catalogue):
    path = tmp_path / "tom.bidrag"
    Document.create(path, "gnv-2024", "rss-10", catalogue).close()
    ui = ScriptedInteraction(choices=[0])
    page, doc = _page(qtbot, path, catalogue, ui)
    assert not page.delete_item()
    assert ui.messages[-1][:2] == ("info", "Ta bort") and "inga importregler" in ui.messages[-1][2]
    doc.close()


def test_a_read_only_document_refuses_before_anything_is_chosen(qtbot, rss, catalogue):
    ui = ScriptedInteraction(choices=[0], confirms=[True])
    doc = Document.open(rss, readonly=True)
    page = MunicipalitiesPage(DocContext(doc, catalogue, Settings(), ui))
    qtbot.addWidget(page)
    assert not page.delete_item()
    assert [kind for kind, _t, _x in ui.messages] == ["warn"]  # the read-only sentence, no list, no question
    doc.close()
    with Document.open(rss, readonly=True) as again:
        assert len(again.transfers.transfer_rules()) == 2 and len(again.transfers.municipal_reports()) == 1


def test_the_command_line_lists_and_deletes_with_the_same_functions(rss, capsys):
    assert run_cli(["rules", str(rss)]) == 0
    assert capsys.readouterr().out.splitlines() == ["konto 4590 → Karlskrona", "objekt K0780 → Ronneby"]
    assert run_cli(["rules", str(rss), "--delete", "konto=4590"]) == 0
    assert "Tog bort importregeln konto 4590 → Karlskrona." in capsys.readouterr().out
    assert run_cli(["rules", str(rss), "--delete", "konto=4590"]) == 2
    assert "Det finns ingen importregel för konto 4590 i dokumentet." in capsys.readouterr().err
    assert run_cli(["rules", str(rss), "--set", "konto=4591", "--municipality", "Karlshamn"]) == 0
    capsys.readouterr()
    assert run_cli(["rules", str(rss), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0] == {"kind": "account", "value": "4591", "code": "1082"}
    assert run_cli(["reports", str(rss)]) == 0
    assert capsys.readouterr().out.startswith("1. Karlskrona 2024-11-01: använt 90 000 kr")
    assert run_cli(["reports", str(rss), "--delete", "2"]) == 2
    assert "ange ett nummer från 1 till 1" in capsys.readouterr().err
    assert run_cli(["reports", str(rss), "--delete", "1"]) == 0
    with Document.open(rss, readonly=True) as doc:
        assert doc.transfers.municipal_reports() == [] and _returns(doc) == []
        assert [(k, v) for k, v, _c in doc.transfers.transfer_rules()] == [("account", "4591"), ("object", "K0780")]


def test_a_rule_is_written_as_konto_or_objekt():
    assert parse_rule("Konto = 4590") == ("account", "4590")
    assert parse_rule("objekt=K0780") == ("object", "K0780")
    with pytest.raises(ValidationError, match="”4590” är ingen regel; skriv konto=KONTO"):
        parse_rule("4590")
