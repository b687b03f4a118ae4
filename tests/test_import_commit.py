"""Imports into a document: exact totals, duplicates, next month's export, cancel, undo, dry run, JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from models.catalogue.check import load_catalogue
from models.errors import Cancelled, UserError
from models.importing import (
    Filters,
    ImportOptions,
    Profile,
    Rule,
    auto_mapping,
    import_ledger,
    import_report_json,
    import_request,
    read_ledger,
    run_import,
    save_profile,
)
from models.storage.document_file import Document

HEAD = "Datum;Verifikation;Konto;Belopp;Text;Kostnadsställe;Projekt"
JANUARY = [
    "2024-01-10;A 1;7010;25 000,00;Lön januari;456;GNV24",
    "2024-01-10;A 1;7010;25 000,00;Lön januari;456;GNV24",  # two people, same pay: both count
    "2024-01-12;A 2;7510;7 855,00;Arbetsgivaravgifter;456;GNV24",
    "2024-01-15;B 1;6550;12 000,50;Konsult Öst AB;456;GNV24",
    "2024-01-15;B 2;6550;9 999,00;Konsult annat projekt;456;AMB24",
    "2024-01-16;B 3;2440;-12 000,50;Leverantörsskuld;456;GNV24",
    "2023-12-28;B 0;6550;1 000,00;Förra året;456;GNV24",
    "2024-01-20;B 4;7610;3 000,25;Utbildning;456;GNV24",
    "2024-01-21;B 5;5010;4 500,00;Hyra;456;GNV24",
    "2024-01-22;B 6;7610;-500,00;Återbetald kursavgift;456;GNV24",
    "2024-01-23;B 7;6550;x;Trasigt belopp;456;GNV24",
]
JANUARY_TOTAL = Decimal("50000.00") + Decimal("7855.00") + Decimal("12000.50") + Decimal("2500.25") + Decimal("4500.00")
FEBRUARY_NEW = [
    "2024-02-10;A 3;7010;25 000,00;Lön februari;456;GNV24",
    "2024-02-11;B 8;6550;1 234,56;Konsult Öst AB;456;GNV24",
]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def doc_path(tmp_path: Path, catalogue) -> Path:
    path = tmp_path / "Skåne.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue).close()
    return path


def _ledger(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join([HEAD, *lines]) + "\r\n", encoding="cp1252")
    return path


def _costs(doc_path: Path) -> list:
    with Document.open(doc_path) as doc:
        return list(doc.costs.iter_costs(order="id"))


def test_mixed_projects_and_accounts_with_exact_totals(tmp_path: Path, doc_path: Path) -> None:
    ledger = _ledger(tmp_path, "jan.csv", JANUARY)
    report = run_import(doc_path, ledger, ImportOptions(object_filter="6:GNV24"))
    assert report.imported == 7
    assert report.total == JANUARY_TOTAL
    assert report.rejected == 1 and report.plan.rejects[0].row == 12
    assert report.plan.by_category == {
        "Personal": Decimal("57855.00"),
        "Köpta tjänster": Decimal("12000.50"),
        "Kompetenshöjande insatser": Decimal("2500.25"),
        "Lokaler": Decimal("4500.00"),
    }
    costs = _costs(doc_path)
    assert sum((c.amount for c in costs), Decimal(0)) == JANUARY_TOTAL
    assert {c.stream for c in costs} == {"Nära vård"}
    assert costs[0].source == "jan.csv, rad 2" and costs[0].object == "1:456 6:GNV24"
    assert all(c.import_id == report.batch.id for c in costs)


def test_importing_twice_adds_nothing(tmp_path: Path, doc_path: Path) -> None:
    ledger = _ledger(tmp_path, "jan.csv", JANUARY)
    run_import(doc_path, ledger, ImportOptions(object_filter="6:GNV24"))
    again = run_import(doc_path, ledger, ImportOptions(object_filter="6:GNV24"))
    assert again.imported == 0 and again.duplicates == 7 and again.batch is None
    assert len(_costs(doc_path)) == 7


def test_next_months_export_adds_only_the_new_rows(tmp_path: Path, doc_path: Path) -> None:
    run_import(doc_path, _ledger(tmp_path, "jan.csv", JANUARY), ImportOptions(object_filter="6:GNV24"))
    # The February export holds January too, in another order, so every row number has shifted.
    february = _ledger(tmp_path, "feb.csv", [*FEBRUARY_NEW, *reversed(JANUARY)])
    report = run_import(doc_path, february, ImportOptions(object_filter="6:GNV24"))
    assert report.imported == 2 and report.duplicates == 7
    assert report.total == Decimal("26234.56")
    assert len(_costs(doc_path)) == 9


def test_the_same_row_with_another_voucher_number_is_another_row(tmp_path: Path, doc_path: Path) -> None:
    run_import(doc_path, _ledger(tmp_path, "jan.csv", JANUARY[3:4]))
    other = _ledger(tmp_path, "annan.csv", ["2024-01-15;X 99;6550;12 000,50;Konsult Öst AB;;"])
    report = run_import(doc_path, other)
    assert (report.imported, report.duplicates) == (1, 0)


def test_cancel_leaves_the_document_unchanged(tmp_path: Path, doc_path: Path) -> None:
    run_import(doc_path, _ledger(tmp_path, "jan.csv", JANUARY[:2]))
    before = _costs(doc_path)
    big = _ledger(
        tmp_path, "big.csv", [f"2024-03-{1 + i % 28:02d};C {i};7010;{i},00;rad {i};;" for i in range(1, 12001)]
    )
    with Document.open(doc_path) as doc:
        request = import_request(doc, big)

        def cancel() -> bool:
            return len(doc.costs.cost_ids()) > len(before)  # cancel once the first chunk is written

        with pytest.raises(Cancelled):
            import_ledger(doc, request, cancel=cancel)
        assert len(doc.costs.imports()) == 1  # only the first import
    assert _costs(doc_path) == before


def test_undo_removes_the_whole_import(tmp_path: Path, doc_path: Path) -> None:
    report = run_import(doc_path, _ledger(tmp_path, "jan.csv", JANUARY), ImportOptions(object_filter="6:GNV24"))
    with Document.open(doc_path) as doc:
        doc.costs.remove_import(report.batch.id)
        assert doc.costs.cost_count() == 0


def test_dry_run_writes_nothing_and_json_has_string_amounts(tmp_path: Path, doc_path: Path) -> None:
    report = run_import(
        doc_path, _ledger(tmp_path, "jan.csv", JANUARY), ImportOptions(object_filter="6:GNV24"), dry_run=True
    )
    assert report.imported == 7 and report.batch is None
    assert _costs(doc_path) == []
    data = json.loads(json.dumps(import_report_json(report)))
    assert data["total"] == "76855.75" == f"{JANUARY_TOTAL}"
    assert data["by_category"]["Lokaler"] == "4500.00"
    assert data["dry_run"] is True and data["rejected"] == 1
    assert data["rejects"][0] == {"row": 12, "column": "Belopp", "value": "x", "reason": "”x” är inget belopp."}


def test_date_range_defaults_to_the_report_period(tmp_path: Path, doc_path: Path) -> None:
    ledger = _ledger(tmp_path, "jan.csv", JANUARY)
    report = run_import(doc_path, ledger, ImportOptions(object_filter="6:GNV24", accounts=""), dry_run=True)
    assert report.imported == 8  # the 2440 row passes without the account filter; 2023 stays out
    report = run_import(
        doc_path, ledger, ImportOptions(object_filter="6:GNV24", date_from="2023-12-01", date_to="2024-01-12")
    )
    assert report.total == Decimal("51000.00") + Decimal("7855.00")


def test_profile_rules_choose_stream_and_category(tmp_path: Path, doc_path: Path) -> None:
    ledger = _ledger(tmp_path, "jan.csv", JANUARY)
    raw = read_ledger(ledger)
    rules = [Rule((6550, 6550), "konsult", "Köpta tjänster", "Ambulans"), Rule((7000, 7699), None, "Personal", None)]
    save_profile(Profile("Raindance", auto_mapping(raw.headers), Filters(objects=[("Projekt", "AMB24")]), rules))
    report = run_import(doc_path, ledger, ImportOptions(profile="Raindance"))
    assert report.imported == 1
    assert [(c.stream, c.category, c.amount) for c in _costs(doc_path)] == [
        ("Ambulans", "Köpta tjänster", Decimal("9999.00"))
    ]


def test_rule_to_an_unknown_stream_is_refused_before_writing(tmp_path: Path, doc_path: Path) -> None:
    ledger = _ledger(tmp_path, "jan.csv", JANUARY)
    raw = read_ledger(ledger)
    save_profile(Profile("Fel", auto_mapping(raw.headers), Filters(), [Rule((7000, 7999), None, None, "Finns ej")]))
    with pytest.raises(UserError, match="Finns ej"):
        run_import(doc_path, ledger, ImportOptions(profile="Fel"))
    assert _costs(doc_path) == []
