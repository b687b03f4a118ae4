"""The plan in the document: activities, planned months, rules, costs in activities, undo data, old files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from models.errors import ValidationError
from models.storage.activities import ActivityRule
from models.storage.document_file import Document
from models.storage.schema import SCHEMA_VERSION
from tests.helpers import cost, drop_schema_6, new_document

D = Decimal


def test_removing_an_activity_and_restoring_it_gives_back_plan_rules_and_costs(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    team = doc.plan.add_activity("Mobila närvårdsteam", "Nära vård", "Personal")
    other = doc.plan.add_activity("Kompetenslyft", "Nära vård")
    doc.plan.set_plan({(team.id, "2024-03"): D("100"), (team.id, "2024-04"): D("0"), (other.id, "2024-03"): D("7")})
    doc.plan.set_activity_rules(
        [ActivityRule("account", "7000-7099", team.name), ActivityRule("text", "kurs", other.name)]
    )
    c1, c2 = doc.costs.add_cost(cost("10")), doc.costs.add_cost(cost("20"))
    doc.plan.set_cost_activity([c1, c2], team.id)
    before = (
        doc.plan.activities(),
        doc.plan.plan(),
        doc.plan.activity_rules(),
        [c.activity_id for c in doc.costs.iter_costs()],
    )
    snap = doc.plan.remove_activity(team.id)
    assert [a.name for a in doc.plan.activities()] == ["Kompetenslyft"]
    assert doc.plan.plan() == {(other.id, "2024-03"): D("7.00")}
    assert [c.activity_id for c in doc.costs.iter_costs()] == [None, None]
    doc.plan.restore_activity(snap)
    assert (
        doc.plan.activities(),
        doc.plan.plan(),
        doc.plan.activity_rules(),
        [c.activity_id for c in doc.costs.iter_costs()],
    ) == before
    assert [h.what for h in doc.history(2)] == ["Aktivitet", "Aktivitet"]


def test_plan_edits_return_what_undo_needs_and_write_one_history_row(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    team = doc.plan.add_activity("Team", "Nära vård")
    old = doc.plan.set_plan({(team.id, "2024-01"): D("5")})
    assert old == {(team.id, "2024-01"): None}
    assert (doc.history(1)[0].what, doc.history(1)[0].new) == ("Plan Team 2024-01", "5 kr")
    old = doc.plan.set_plan({(team.id, "2024-01"): D("6"), (team.id, "2024-02"): D("6")})
    assert doc.history(1)[0].what == "Plan, 2 månader (Team)"
    doc.plan.set_plan(old)
    assert doc.plan.plan() == {(team.id, "2024-01"): D("5.00")}
    with pytest.raises(ValidationError, match="ingen månad"):
        doc.plan.set_plan({(team.id, "2024-1"): D("5")})


def test_a_cost_goes_only_to_an_activity_of_its_own_stream(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    amb = doc.plan.add_activity("Ambulansutbildning", "Ambulans")
    c = doc.costs.add_cost(cost("10"))
    with pytest.raises(ValidationError, match="hör till Ambulans"):
        doc.plan.set_cost_activity([c], amb.id)
    with pytest.raises(ValidationError, match="finns redan"):
        doc.plan.add_activity("ambulansutbildning ", "Ambulans")


def test_a_version_5_file_is_upgraded_with_its_costs_and_read_only_reads_without_a_plan(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("42"))
    drop_schema_6(doc.con)
    doc.con.execute("PRAGMA user_version = 5")
    doc.close()
    path = tmp_path / "d.bidrag"
    with Document.open(path, readonly=True) as old:  # not upgraded: read as it is
        assert (
            old.plan.activities() == []
            and old.plan.plan() == {}
            and [c.activity_id for c in old.costs.iter_costs()] == [None]
        )
    with Document.open(path) as new:
        assert new._con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert new.costs.cost_total() == D("42.00")
        act = new.plan.add_activity("Team", "Nära vård")
        new.plan.set_cost_activity([c.id for c in new.costs.iter_costs()], act.id)
        assert [c.activity_id for c in new.costs.iter_costs()] == [act.id]
