"""Onward payments of an RSS: the municipality list, splitting by a key, transfers as costs,
reports back with returns, import rules, and the schema upgrade."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.errors import ValidationError
from models.municipalities import MUNICIPALITY_COUNT, Municipalities, load_municipalities
from models.storage.document_file import Document
from models.summary import compute_summary
from models.transfers import TRANSFER_CATEGORY, MunicipalReport, parse_key_table, split_total
from tests.helpers import catalogue, drop_schema_6, new_document

# SCB: municipalities per county (länskod)
PER_COUNTY = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5, "12": 33, "13": 6,
    "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def test_all_290_municipalities_by_county() -> None:
    items = load_municipalities()
    assert len(items) == MUNICIPALITY_COUNT == 290
    assert Counter(m.county_code for m in items) == PER_COUNTY
    assert len({m.code for m in items}) == 290
    assert all(m.code[:2] == m.county_code for m in items)
    by_code = {m.code: m.name for m in items}
    assert by_code["1280"] == "Malmö" and by_code["0980"] == "Gotland" and by_code["0180"] == "Stockholm"


def test_names_match_loosely_and_other_counties_are_refused() -> None:
    skane = Municipalities.of_county("12")
    assert skane.find("malmö").code == "1280"
    assert skane.find("Malmö stad").code == "1280"
    assert skane.find("LUNDS KOMMUN").code == "1281"
    assert skane.find("1280").name == "Malmö"
    with pytest.raises(ValidationError, match=r"Göteborg .* annat län"):
        skane.find("Göteborgs stad")
    with pytest.raises(ValidationError, match="Menar du Malmö"):
        skane.find("Malmo")
    assert [m.name for m in Municipalities.of_county("09")] == ["Gotland"]


def test_split_by_population_adds_up_and_shows_the_rounding() -> None:
    kronoberg = Municipalities.of_county("07")  # 8 municipalities
    figures = {m.code: Decimal(1000 + 7 * i) for i, m in enumerate(kronoberg)}
    parts = split_total("1 000 000,01", "population", kronoberg, figures)
    assert sum(p.amount for p in parts) == Decimal("1000000.01")
    assert len(parts) == 8
    rounded = [p for p in parts if p.rounding_ore]
    assert rounded and all(p.note == "avrundning +0,01 kr" for p in rounded)
    # each part is within one öre of its exact share
    total_weight = sum(figures.values())
    for p in parts:
        exact = Decimal("1000000.01") * p.weight / total_weight
        assert abs(p.amount - exact) < Decimal("0.01")


def test_equal_split_of_an_odd_total() -> None:
    parts = split_total("100", "equal", Municipalities.of_county("10"))  # Blekinge, 5
    assert [p.amount for p in parts] == [Decimal("20.00")] * 5
    parts = split_total("0,03", "equal", Municipalities.of_county("10"))
    assert sorted(p.amount for p in parts) == [Decimal("0")] * 2 + [Decimal("0.01")] * 3


def test_a_key_must_cover_every_municipality_and_fixed_amounts_must_add_up() -> None:
    blekinge = Municipalities.of_county("10")
    figures = {m.code: Decimal(10) for m in list(blekinge)[:4]}
    with pytest.raises(ValidationError, match="saknar 1 av länets 5 kommuner"):
        split_total("1000", "population", blekinge, figures)
    amounts = {m.code: Decimal(200) for m in blekinge}
    with pytest.raises(ValidationError, match="blir 1 000 kr, inte 1 000,01 kr; skillnaden är 0,01 kr"):
        split_total("1000,01", "amounts", blekinge, amounts)
    assert sum(p.amount for p in split_total("1000", "amounts", blekinge, amounts)) == 1000


def test_key_table_from_a_paste() -> None:
    blekinge = Municipalities.of_county("10")
    text = (
        "Kommun\tBefolkning\nKarlskrona\t66 675\nRonneby kommun\t28 900\n1060;17 100\n"
        "Karlshamn 32 500\nSölvesborg 17 800\n"
    )
    figures = parse_key_table(text, blekinge)
    assert figures["1080"] == Decimal("66675") and figures["1060"] == Decimal("17100")
    assert len(figures) == 5
    with pytest.raises(ValidationError, match="Karlskrona står två gånger"):
        parse_key_table("Karlskrona;1\nKarlskrona;2", blekinge)
    with pytest.raises(ValidationError, match="Menar du"):
        parse_key_table("Karlskorna;1", blekinge)


def rss(tmp_path: Path, county: str = "10") -> Document:
    return new_document(tmp_path, recipient=f"rss-{county}", name=f"rss{county}")


def test_a_paid_transfer_is_a_cost_and_a_planned_one_is_not(tmp_path: Path) -> None:
    doc = rss(tmp_path)
    muni = doc.transfers.municipalities()
    parts = split_total("1 000 000", "equal", muni)
    doc.transfers.set_transfer_plan({p.municipality.code: (p.amount, p.note) for p in parts})
    assert compute_summary(doc, catalogue()).costs_total == 0
    karlskrona = muni.find("Karlskrona")
    cost_id = doc.transfers.add_transfer(karlskrona, Decimal("150000"), date(2024, 4, 1), reference="V123")
    cost = doc.costs.get_cost(cost_id)
    assert cost.category == TRANSFER_CATEGORY and cost.supplier == "Karlskrona" and cost.voucher == "V123"
    assert TRANSFER_CATEGORY in doc.categories()
    s = compute_summary(doc, catalogue())
    assert s.costs_total == Decimal("150000") and s.costs_by_category[TRANSFER_CATEGORY] == Decimal("150000")
    table = doc.transfers.municipality_rows()
    rows, unknown = table.rows, table.unnamed
    row = next(r for r in rows if r.code == karlskrona.code)
    assert (row.planned, row.paid, row.outstanding) == (Decimal("200000"), Decimal("150000"), Decimal("50000"))
    assert unknown == 0
    assert doc.history(1)[0].what == "Kostnad"


def test_a_report_back_with_a_return_is_a_negative_transfer_and_undoes_whole(tmp_path: Path) -> None:
    doc = rss(tmp_path)
    ronneby = doc.transfers.municipalities().find("Ronneby")
    doc.transfers.add_transfer(ronneby, Decimal("100000"), date(2024, 3, 1))
    report = doc.transfers.add_municipal_report(
        MunicipalReport(ronneby.code, date(2024, 12, 15), Decimal("90000"), Decimal("10000,50".replace(",", ".")))
    )
    rows = doc.transfers.municipality_rows().rows
    row = next(r for r in rows if r.code == ronneby.code)
    assert (row.paid, row.reported_used, row.returned) == (Decimal("100000"), Decimal("90000"), Decimal("10000.50"))
    assert compute_summary(doc, catalogue()).costs_total == Decimal("89999.50")
    saved, costs = doc.transfers.delete_municipal_report(report.id)
    assert compute_summary(doc, catalogue()).costs_total == Decimal("100000")
    assert doc.transfers.municipal_reports() == []
    doc.transfers.restore_municipal_report(saved, costs)
    assert doc.transfers.municipal_reports() == [report]
    assert compute_summary(doc, catalogue()).costs_total == Decimal("89999.50")


def test_transfers_are_refused_for_another_county_and_on_a_region(tmp_path: Path) -> None:
    doc = rss(tmp_path)
    malmo = Municipalities.of_county("12").find("Malmö")
    with pytest.raises(ValidationError, match="inte i länet"):
        doc.transfers.add_transfer(malmo, Decimal(1), date(2024, 1, 1))
    with pytest.raises(ValidationError, match="Kommunkoden 1280"):
        doc.transfers.set_transfer_plan({"1280": (Decimal(1), "")})
    region = new_document(tmp_path, recipient="region-10", name="region")
    with pytest.raises(ValidationError, match="gäller en region"):
        region.transfers.municipalities()
    assert len(doc.history()) == 1  # nothing was written


def test_import_rule_marks_ledger_rows_as_transfers(tmp_path: Path) -> None:
    from models.importing import run_import

    doc = rss(tmp_path)
    doc.transfers.set_transfer_rule("account", "4590", "1082")  # Karlshamn
    doc.transfers.set_transfer_rule("object", "K1083", "1083")  # Sölvesborg
    doc.close()
    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text(
        "Datum;Konto;Objekt;Text;Belopp\n"
        "2024-02-01;4590;;Bidrag Karlshamn;50000,00\n"
        "2024-02-02;7010;;Lön;1234,50\n"
        "2024-02-03;4591;K1083;Bidrag Sölvesborg;20000,00\n",
        encoding="utf-8",
    )
    report = run_import(tmp_path / "rss10.bidrag", ledger)
    assert report.imported == 3
    with Document.open(tmp_path / "rss10.bidrag") as doc:
        rows = {r.name: r for r in doc.transfers.municipality_rows().rows}
        assert rows["Karlshamn"].paid == Decimal("50000") and rows["Sölvesborg"].paid == Decimal("20000")
        assert compute_summary(doc, catalogue()).costs_by_category[TRANSFER_CATEGORY] == Decimal("70000")
        _batch, costs, _originals = doc.costs.remove_import(report.batch.id)
        assert doc.transfers.municipality_rows().rows[0].paid == 0 and len(costs) == 3


def test_a_version_3_document_upgrades_with_empty_onward_tables(tmp_path: Path) -> None:
    doc = rss(tmp_path)
    path = doc.path
    doc.close()
    con = sqlite3.connect(path)
    drop_schema_6(con)
    for table in ("transfer_plan", "municipal_reports", "transfer_rules", "decisions", "repayment"):  # v4, v5
        con.execute(f"DROP TABLE {table}")
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    with Document.open(path, readonly=True) as old:  # read as it is, not upgraded
        assert (
            old.transfers.transfer_plan() == {}
            and old.transfers.municipal_reports() == []
            and old.transfers.transfer_rules() == []
        )
        assert all(r.planned == 0 for r in old.transfers.municipality_rows().rows)
    with Document.open(path) as doc:
        doc.transfers.set_transfer_plan({"1080": (Decimal("5"), "")})
        assert doc.transfers.transfer_plan() == {"1080": (Decimal("5.00"), "")}
