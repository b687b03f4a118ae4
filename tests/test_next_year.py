"""Next year's redovisning from this year's: what travels, what stays, and a crash-safe move of the costs
dated after the period (recorded in both histories)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.catalogue.catalogue import CatalogueError
from models.demo.example import create_demo
from models.document import Payment
from models.errors import DocumentError, ValidationError
from models.history_text import history_lines
from models.next_year import (
    complete_move,
    costs_after_period,
    finish_pending_move,
    next_agreements,
    note_move,
    plan_next_year,
    start_next_year,
    write_next_year,
)
from models.storage.activities import ActivityRule
from models.storage.agreement import Decision
from models.storage.document_file import Document
from tests.helpers import catalogue, cost, new_document

CONTACT = {
    "contact_person": "Anna Berg",
    "email": "anna.berg@skane.se",
    "org_number": "232100-0255",
    "giro": "5050-1055",
    "chief_name": "Eva Ek",
    "chief_title": "Ekonomidirektör",
    "signatory_name": "Per Persson",
    "sign_place": "Malmö",
}


def _previous(tmp_path: Path) -> Document:
    """Region Skåne 2023, filled in and worked on: costs in and after the period, an activity with a rule."""
    doc = new_document(tmp_path, "gnv-2023", "region-12", "skane-2023")
    doc.set_fields([*CONTACT.items(), ("dnr_payment", "S2023/00001"), ("attestation", "alt1")])
    doc.set_fields([("sign_date", "2024-03-20"), ("deviations", "Inga")])
    doc.set_categories([*doc.categories(), "Resor"])
    act = doc.plan.add_activity("Samordnare", "Nära vård", "Personal")
    doc.plan.add_activity("Ambulansutbildning", "Ambulans")
    doc.plan.set_activity_rules([ActivityRule("text", "samordn*", "Samordnare")])
    doc.plan.set_plan({(act.id, "2023-05"): Decimal("5000")})
    doc.add_payment(Payment(date(2023, 2, 15), Decimal("1000000")))
    doc.agreement.add_decision(Decision("S2023/00002", date(2023, 2, 1), Decimal("1000000")))
    doc.costs.add_cost(cost("100", "2023-05-01"))
    after = [doc.costs.add_cost(cost("1234.50", "2024-01-10", text="Samordnare januari", category="Resor"))]
    after.append(doc.costs.add_cost(cost("200", "2024-02-01", stream="Ambulans")))
    doc.plan.set_cost_activity(after[:1], act.id)
    return doc


def test_next_year_carries_the_recipients_details_activities_and_rules_not_the_years_figures(tmp_path: Path) -> None:
    with _previous(tmp_path) as old:
        result = start_next_year(old, tmp_path / "skane-2024.bidrag", "gnv-2024", catalogue())
        assert old.costs.cost_count() == 3  # nothing moved unless asked
        contact = {k: old.field(k) for k in CONTACT}
    assert contact["giro"] == "Bankgiro 5050-1055"  # as stored, normalized
    assert result.moved == 0 and result.left_out == []
    with Document.open(tmp_path / "skane-2024.bidrag", readonly=True) as new:
        assert (new.agreement_id, new.recipient_id) == ("gnv-2024", "region-12")
        fields = new.fields()
        assert {k: fields[k] for k in CONTACT} == contact
        assert fields["report_period_start"] == "2024-01-01" and fields["report_period_end"] == "2024-12-31"
        assert fields["agreement_name"].startswith("God och nära vård 2024")
        for stays in ("dnr_payment", "attestation", "sign_date", "deviations", "requested_amount"):
            assert fields[stays] == "", stays
        assert new.categories()[-1] == "Resor"
        assert [(a.name, a.stream, a.category) for a in new.plan.activities()] == [
            ("Samordnare", "Nära vård", "Personal"),
            ("Ambulansutbildning", "Ambulans", ""),
        ]
        assert new.plan.activity_rules() == [ActivityRule("text", "samordn*", "Samordnare")]
        assert new.plan.plan() == {}  # the plan's months were last year's
        assert new.costs.cost_count() == 0 and new.payments() == [] and new.agreement.decisions() == []
        assert sum(new.allocation().values()) == Decimal("326413479")
        lines = history_lines(new.history(), catalogue())
    assert lines[-1].text.startswith("Redovisningen skapades: God och nära vård 2024")
    carried = [(line.text, line.change) for line in lines if line.text.startswith("Överfört")]
    assert carried == [("Överfört: Från skane-2023.bidrag", "9 uppgifter, 2 aktiviteter")]
    assert not (tmp_path / "~skane-2024.bidrag.ny").exists()


def test_costs_after_the_period_move_and_both_histories_say_so(tmp_path: Path) -> None:
    with _previous(tmp_path) as old:
        after = costs_after_period(old)
        assert [(c.date.isoformat(), c.amount) for c in after] == [
            ("2024-01-10", Decimal("1234.50")),
            ("2024-02-01", Decimal("200.00")),
        ]
        result = start_next_year(old, tmp_path / "n.bidrag", "gnv-2024", catalogue(), move=[c.id for c in after])
        assert result.moved == 2
        assert [c.date.isoformat() for c in old.costs.iter_costs()] == ["2023-05-01"]
        old_lines = history_lines(old.history(), catalogue(), kind="kostnader")
        assert old_lines[0].text == "Flyttat: Kostnader till n.bidrag"
        assert old_lines[0].change == "2 kostnader, 1 434,50 kr"
        assert finish_pending_move(old) == ""  # nothing left to finish
    with Document.open(tmp_path / "n.bidrag", readonly=True) as new:
        moved = list(new.costs.iter_costs())
        assert [(c.date.isoformat(), c.amount, c.stream, c.category, c.text) for c in moved] == [
            ("2024-01-10", Decimal("1234.50"), "Nära vård", "Resor", "Samordnare januari"),
            ("2024-02-01", Decimal("200.00"), "Ambulans", "Personal", ""),
        ]
        samordnare = new.plan.find_activity("Samordnare").id
        assert moved[0].activity_id == samordnare and moved[1].activity_id is None
        assert [i[3] for i in new.costs.imports()] == [
            "Flyttade från skane-2023.bidrag"
        ]  # one batch: next ledger sees them
        line = history_lines(new.history(), catalogue(), search="flyttat")[0]
    assert (line.text, line.change) == ("Flyttat: Kostnader från skane-2023.bidrag", "2 kostnader, 1 434,50 kr")


def test_a_crash_before_the_new_file_exists_leaves_the_costs_where_they_were(tmp_path: Path) -> None:
    target = tmp_path / "n.bidrag"
    with _previous(tmp_path) as old:
        ids = [c.id for c in costs_after_period(old)]
        note_move(old, plan_next_year(old, target, "gnv-2024", catalogue(), move=ids))
        (tmp_path / "~n.bidrag.ny").write_bytes(b"half a file")  # the new file was being written: the crash
    with Document.open(tmp_path / "skane-2023.bidrag") as old:
        said = finish_pending_move(old)
        assert said == (
            "Flytten av kostnader till ”n.bidrag” avbröts förra gången; "
            "kostnaderna ligger kvar i den här redovisningen."
        )
        assert old.costs.cost_count() == 3
        assert finish_pending_move(old) == ""
        assert history_lines(old.history(), catalogue())[0].text == "Avbrutet: Flytt av kostnader till n.bidrag"
    assert not target.exists() and not (tmp_path / "~n.bidrag.ny").exists()


def test_a_crash_between_the_two_files_is_finished_when_the_old_one_is_opened(tmp_path: Path) -> None:
    target = tmp_path / "n.bidrag"
    with _previous(tmp_path) as old:
        ids = [c.id for c in costs_after_period(old)]
        plan = plan_next_year(old, target, "gnv-2024", catalogue(), move=ids)
        note_move(old, plan)
        write_next_year(old, plan, catalogue())  # and then the power went: the old one still has them
        assert old.costs.cost_count() == 3
    with Document.open(target, readonly=True) as new:
        assert new.costs.cost_count() == 2
    with Document.open(tmp_path / "skane-2023.bidrag") as old:
        said = finish_pending_move(old)
        assert said.startswith("Flytten av kostnader till ”n.bidrag” avbröts förra gången och är nu avslutad: ")
        assert "2 kostnader, 1 434,50 kr togs bort härifrån" in said
        assert old.costs.cost_count() == 1
        assert finish_pending_move(old) == "" and complete_move(old, target, ids) == []  # never twice
    with Document.open(target, readonly=True) as new:
        assert new.costs.cost_count() == 2  # and never doubled


def test_refusals_are_one_sentence_and_write_nothing(tmp_path: Path) -> None:
    with _previous(tmp_path) as old:
        (tmp_path / "finns.bidrag").write_bytes(b"x")
        with pytest.raises(DocumentError, match=r"”finns\.bidrag” finns redan; välj ett annat filnamn\."):
            start_next_year(old, tmp_path / "finns.bidrag", "gnv-2024", catalogue())
        with pytest.raises(DocumentError, match="finns inte; välj en befintlig mapp"):
            start_next_year(old, tmp_path / "saknas" / "n.bidrag", "gnv-2024", catalogue())
        with pytest.raises(CatalogueError, match="”gnv-2099” finns inte"):
            start_next_year(old, tmp_path / "n.bidrag", "gnv-2099", catalogue())
        with pytest.raises(ValidationError, match="finns inte längre i redovisningen"):
            start_next_year(old, tmp_path / "n.bidrag", "gnv-2024", catalogue(), move=[999])
        assert old.costs.cost_count() == 3 and finish_pending_move(old) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["finns.bidrag", "skane-2023.bidrag"]
    with Document.open(tmp_path / "skane-2023.bidrag", readonly=True) as old:
        ids = [c.id for c in costs_after_period(old)]
        with pytest.raises(DocumentError, match="öppnad skrivskyddad, så kostnaderna kan inte flyttas"):
            start_next_year(old, tmp_path / "n.bidrag", "gnv-2024", catalogue(), move=ids)
    assert not (tmp_path / "n.bidrag").exists()


def test_another_recipient_does_not_take_the_recipients_own_numbers(tmp_path: Path) -> None:
    with _previous(tmp_path) as old:
        start_next_year(old, tmp_path / "n.bidrag", "gnv-2024", catalogue(), recipient_id="region-13")
    with Document.open(tmp_path / "n.bidrag", readonly=True) as new:
        fields = new.fields()
    assert new.recipient_id == "region-13"
    assert fields["org_number"] == "" and fields["giro"] == ""
    assert fields["contact_person"] == "Anna Berg" and fields["chief_name"] == "Eva Ek"


def test_the_example_document_lends_no_people_and_next_year_comes_first(tmp_path: Path) -> None:
    demo = create_demo(tmp_path / "exempel.bidrag", catalogue())
    with Document.open(demo) as old:
        choices = next_agreements(catalogue(), old)
        assert choices[-1].id == old.agreement_id  # the year it is: last
        result = start_next_year(old, tmp_path / "n.bidrag", "gnv-2023", catalogue())
    assert result.fields == [] and len(result.activities) == 5
    with Document.open(tmp_path / "n.bidrag", readonly=True) as new:
        assert new.field("contact_person") == "" and new.is_rss
    with new_document(tmp_path, "gnv-2023", "region-12", "r23") as doc:
        assert next_agreements(catalogue(), doc)[0].id == "gnv-2024"
