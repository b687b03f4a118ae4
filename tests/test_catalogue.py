"""The agreement catalogue: the data as published in the seeds, the lookups, and the validator."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.catalogue.catalogue import catalogue_json
from models.catalogue.check import default_directory, load_catalogue
from models.errors import CatalogueError

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
IDS = ["gnv-2019", "gnv-2020", "sjsv-2021", "gnv-2023", "gnv-2024"]
WITH_TABLES = ["gnv-2023", "gnv-2024"]


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def _tables(cat):
    for agreement_id in WITH_TABLES:
        for table in cat.agreement(agreement_id).tables:
            yield agreement_id, table


# -- the agreements --------------------------------------------------------------------------
def test_all_five_agreements_load_in_year_order(cat):
    assert list(cat.agreements) == IDS
    assert [a.year for a in cat.agreements.values()] == [2019, 2020, 2021, 2023, 2024]


def test_agreement_facts_from_the_seeds(cat):
    a23, a24 = cat.agreement("gnv-2023"), cat.agreement("gnv-2024")
    assert a23.skr_arende == "SKR2022/00764" and a24.skr_arende == "SKR2023/02163"
    assert cat.agreement("gnv-2019").skr_arende is None
    assert cat.agreement("gnv-2020").name.startswith("God och nära vård 2020 – En omställning")
    assert [cat.agreement(i).form for i in IDS] == ["2019", "2020", "2021", "2023", "2023"]
    assert [cat.agreement(i).payer for i in IDS] == [
        "regeringen/Regeringskansliet",
        "Kammarkollegiet",
        "Kammarkollegiet",
        "regeringen/Regeringskansliet",
        "regeringen/Regeringskansliet",
    ]


@pytest.mark.parametrize("agreement_id", IDS)
def test_deadlines_and_period_follow_the_yearly_cycle(cat, agreement_id):
    a = cat.agreement(agreement_id)
    assert (a.period_start, a.period_end) == (date(a.year, 1, 1), date(a.year, 12, 31))
    assert a.deadlines == {
        "requisition": date(a.year, 12, 1),
        "repayment": date(a.year + 1, 3, 31),
        "report": date(a.year + 1, 3, 31),
    }


@pytest.mark.parametrize("agreement_id", IDS)
def test_deadlines_are_written_in_the_seed(cat, agreement_id, seeds):
    a = cat.agreement(agreement_id)
    text = (seeds / a.seed).read_text(encoding="utf-8")
    assert f"1 december {a.year}" in text
    assert f"31 mars {a.year + 1}" in text


def test_streams_per_kind_follow_the_column_headings(cat):
    a23 = cat.agreement("gnv-2023")
    assert a23.streams == (
        "Nära vård",
        "Vårdens medarbetare",
        "Vidareutbildning",
        "Karriärtjänster",
        "Vision e-hälsa",
        "Ambulans",
    )
    assert a23.streams_for("rss") == ("Nära vård", "Vårdens medarbetare", "Vidareutbildning")
    assert a23.streams_for("region") == a23.streams
    a24 = cat.agreement("gnv-2024")
    assert a24.streams_for("region") == ("Nära vård", "Ambulans")
    assert a24.streams_for("rss") == ("Nära vård",)
    assert cat.agreement("gnv-2019").streams_for("rss") == ()
    assert cat.agreement("gnv-2020").streams_for("rss") == ("Goda förutsättningar för vårdens medarbetare",)


def test_group_totals_are_the_published_ones(cat):
    g = cat.agreement("gnv-2024").group_totals
    assert g["region"].total == Decimal("2466000000")
    assert g["region"].per_stream == {"Nära vård": Decimal("2420000000"), "Ambulans": Decimal("46000000")}
    assert g["rss"].total == Decimal("750000000")
    assert cat.agreement("gnv-2023").group_totals["rss"].total == Decimal("1050000000")
    g19 = cat.agreement("gnv-2019").group_totals
    assert set(g19) == {"region"} and g19["region"].total == Decimal("2406000000")
    assert sum(g19["region"].per_stream.values()) == g19["region"].total
    g20 = cat.agreement("gnv-2020").group_totals
    assert sum(g20["region"].per_stream.values()) == g20["region"].total == Decimal("5698500000")


# -- the tables, proven by their own Totalt rows -----------------------------------------------
def test_every_column_sums_to_its_published_total_except_2023_bilaga_4(cat):
    mismatches = []
    checked = 0
    for agreement_id, table in _tables(cat):
        for i, column in enumerate(table.columns):
            if column.summed:
                checked += 1
                rows = sum(row.values[i] for row in table.rows)
                if rows != table.total[i]:
                    mismatches.append((agreement_id, table.id, column.heading, rows, table.total[i]))
    assert checked == 23  # 2023: 6 + 8 + 1 columns, 2024: 3 + 4 + 1
    assert mismatches == [("gnv-2023", "bilaga-4", "Utfall fördelningsnyckel", 299_999_998, 300_000_000)]


def test_each_row_streams_sum_to_its_row_total(cat):
    checked = 0
    for _, table in _tables(cat):
        keys = [c.key for c in table.columns]
        if "total" not in keys:
            continue
        streams = [i for i, c in enumerate(table.columns) if c.type == "stream"]
        for values in [*(row.values for row in table.rows), table.total]:
            assert sum(values[i] for i in streams) == values[keys.index("total")], values[0]
            checked += 1
    assert checked == 3 * 22


def test_allocation_totals_agree_with_the_published_group_totals(cat):
    for agreement_id in WITH_TABLES:
        a = cat.agreement(agreement_id)
        for kind in ("region", "rss"):
            rows = [a.row_for(r.id) for r in cat.recipients_of(kind)]
            group = a.group_totals[kind]
            assert sum(r.total for r in rows) == group.total
            for stream, amount in group.per_stream.items():
                assert sum(r.allocation[stream] for r in rows) == amount


def test_every_published_number_appears_in_its_seed(cat, seeds):
    for agreement_id, table in _tables(cat):
        text = (seeds / cat.agreement(agreement_id).seed).read_text(encoding="utf-8")
        flat = re.sub(r"\s+", " ", text)
        for values in [*(r.values for r in table.rows), table.total]:
            for cell in values:
                written = f"{cell:,}".replace(",", " ") if isinstance(cell, int) else cell
                assert written in flat, (agreement_id, table.id, values[0], written)


def test_2023_bilaga_4_difference_is_a_warning_and_the_values_stay_as_published(cat):
    a = cat.agreement("gnv-2023")
    assert len(a.warnings) == 1
    assert "Bilaga 4" in a.warnings[0]
    assert "299 999 998 kr" in a.warnings[0] and "300 000 000 kr" in a.warnings[0]
    b4 = a.table("bilaga-4")
    assert b4.total[1] == 300_000_000
    assert b4.row("region-12").values == ("Skåne", 35_450_386)
    assert a.row_for("region-12").parts[0].amount == Decimal("35450386")
    assert catalogue_json(a)["warnings"] == list(a.warnings)
    assert cat.agreement("gnv-2024").warnings == ()


def test_allocation_for_skane_2024(cat):
    a = cat.agreement("gnv-2024")
    allocation = a.allocation_for("region-12")
    assert allocation == {"Nära vård": Decimal("321131063"), "Ambulans": Decimal("5282416")}
    assert sum(allocation.values()) == Decimal("326413479") == a.row_for("region-12").total
    assert a.allocation_for("rss-12") == {"Nära vård": Decimal("128724464")}


def test_row_for_keeps_the_published_extra_columns(cat):
    row = cat.agreement("gnv-2024").row_for("rss-25")
    assert row.published_name == "Norrbottnen"
    assert row.population == 248_653
    assert row.extra == {
        "Andel befolkning": "2,4%",
        "Antal insatser* per län": 16_117,
        "Andel insatser* per län": "3,9%",
    }
    row23 = cat.agreement("gnv-2023").row_for("rss-06")
    assert row23.published_name == "Jönköpingslän" and row23.extra["Andel befolkning"] == "0,035"
    skane = cat.agreement("gnv-2024").row_for("region-12")
    assert [(p.table_id, p.label, p.stream, p.amount) for p in skane.parts] == [
        ("bilaga-4", "Primärvård i landsbygd", "Nära vård", Decimal("35533281"))
    ]


@pytest.mark.parametrize("agreement_id", ["gnv-2019", "gnv-2020", "sjsv-2021"])
def test_older_agreements_have_no_tables_so_the_user_enters_the_allocation(cat, agreement_id):
    a = cat.agreement(agreement_id)
    assert a.tables == () and a.warnings == ()
    assert not a.has_tables("region") and not a.has_tables("rss")
    assert a.allocation_for("region-01") is None and a.row_for("rss-01") is None
    assert catalogue_json(a)["recipients"] == []


def test_catalogue_json_shape(cat):
    data = catalogue_json(cat.agreement("gnv-2023"))
    assert list(data) == ["id", "name", "year", "deadlines", "streams", "recipients", "warnings"]
    assert data["deadlines"] == {"requisition": "2023-12-01", "repayment": "2024-03-31", "report": "2024-03-31"}
    assert len(data["recipients"]) == 42
    assert [r["kind"] for r in data["recipients"]] == ["region"] * 21 + ["rss"] * 21
    skane = next(r for r in data["recipients"] if r["name"] == "Region Skåne")
    assert skane == {
        "name": "Region Skåne",
        "kind": "region",
        "county_code": "12",
        "population": 1_413_080,
        "allocation": {
            "Nära vård": "316218820.00",
            "Vårdens medarbetare": "268646924.00",
            "Vidareutbildning": "53756263.00",
            "Karriärtjänster": "13439066.00",
            "Vision e-hälsa": "8496244.00",
            "Ambulans": "10512104.00",
        },
        "total": "671069421.00",
    }
    rss = next(r for r in data["recipients"] if r["name"] == "Skåne län")
    assert list(rss["allocation"]) == ["Nära vård", "Vårdens medarbetare", "Vidareutbildning"]
    json.dumps(data)  # plain JSON data


# -- recipients ------------------------------------------------------------------------------
def test_42_canonical_recipients(cat):
    assert len(cat.recipients) == 42
    regions, rss = cat.recipients_of("region"), cat.recipients_of("rss")
    assert len(regions) == len(rss) == 21
    codes = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14"]
    codes += ["17", "18", "19", "20", "21", "22", "23", "24", "25"]
    assert [r.county_code for r in regions] == [r.county_code for r in rss] == codes
    assert cat.recipient("region-14").name == "Västra Götalandsregionen"
    assert cat.recipient("rss-04").name == "Södermanlands län"
    assert cat.recipient("region-23").name == "Region Jämtland Härjedalen"


@pytest.mark.parametrize(
    ("spelling", "kind", "expected"),
    [
        ("Norrbottnen", "rss", "rss-25"),
        ("Jönköpingslän", "rss", "rss-06"),
        ("Kalmarlän", "rss", "rss-08"),
        ("Örebrolän", "rss", "rss-18"),
        ("Västra götaland ", "rss", "rss-14"),
        ("Jämtland", "region", "region-23"),
        ("Jämtland Härjedalen", "rss", "rss-23"),
        ("Sörmland", "rss", "rss-04"),
        ("Stockholm", "region", "region-01"),
        ("Jönköping", "region", "region-06"),
        ("Region Jönköpings  län", "region", "region-06"),
        ("västra götalandsregionen", None, "region-14"),
        ("REGION-12", None, "region-12"),
        ("Skåne län", None, "rss-12"),
        ("Jönköpings län", None, "rss-06"),
        ("Jönköpings län", "region", "region-06"),
    ],
)
def test_every_spelling_maps_to_one_recipient(cat, spelling, kind, expected):
    assert cat.find_recipient(spelling, kind).id == expected


def test_every_table_row_maps_to_a_distinct_recipient_of_its_kind(cat):
    for _, table in _tables(cat):
        ids = [row.recipient.id for row in table.rows]
        assert sorted(ids) == sorted(r.id for r in cat.recipients_of(table.kind)), table.id


def test_ambiguous_and_unknown_names_are_refused_with_the_choices(cat):
    with pytest.raises(CatalogueError, match=r"Region Stockholm.*Stockholms län.*hela namnet"):
        cat.find_recipient("Stockholm")
    with pytest.raises(CatalogueError) as err:
        cat.find_recipient("Lappland", "region")
    assert "Lappland" in str(err.value) and "Region Norrbotten" in str(err.value)
    assert "Stockholms län" not in str(err.value)  # only the names of the kind asked for
    with pytest.raises(CatalogueError, match=r"gnv-2019, gnv-2020, sjsv-2021, gnv-2023, gnv-2024"):
        cat.agreement("gnv-2022")
    with pytest.raises(CatalogueError):
        cat.recipient("region-02")
    with pytest.raises(CatalogueError):
        cat.recipients_of("kommun")


# -- the validator ---------------------------------------------------------------------------
@pytest.fixture
def resources(tmp_path):
    target = tmp_path / "resources"
    shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("forms", "fonts"))
    return target


def _edit(resources: Path, agreement_id: str, change) -> None:
    path = resources / "agreements" / f"{agreement_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _b3(data):
    return next(t for t in data["tables"] if t["id"] == "bilaga-3")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["deadlines"].update(requisition="2024-12-32"), "deadlines.requisition"),
        (lambda d: d["deadlines"].update(report="31 mars 2025"), "deadlines.report"),
        (lambda d: _b3(d)["rows"][0].__setitem__(0, "Region Lappland"), "Region Lappland"),
        (lambda d: d.pop("payer"), "payer"),
        (lambda d: _b3(d)["rows"][3].__setitem__(2, 100198062.5), "100198062.5"),
        (lambda d: _b3(d)["rows"][3].__setitem__(2, "100 198 062"), "heltal"),
        (lambda d: _b3(d)["rows"].append(list(_b3(d)["rows"][9])), "Region Skåne förekommer två gånger"),
        (lambda d: d["streams"].pop(), "Ambulans"),
        (lambda d: d.update(year="2024"), "year"),
        (lambda d: d.update(deadline={}), "deadline"),
    ],
)
def test_a_broken_agreement_file_is_refused_naming_the_file(resources, change, words):
    _edit(resources, "gnv-2024", change)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(resources)
    assert "gnv-2024.json" in str(err.value)
    assert words in str(err.value)


def test_invalid_json_and_broken_recipients_are_refused_naming_the_file(resources):
    (resources / "agreements" / "gnv-2019.json").write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"gnv-2019.json.*JSON"):
        load_catalogue(resources)
    shutil.copy(RESOURCES / "agreements" / "gnv-2019.json", resources / "agreements" / "gnv-2019.json")
    recipients = json.loads((resources / "recipients.json").read_text(encoding="utf-8"))
    recipients["counties"][1]["aliases"].append("Stockholm")
    (resources / "recipients.json").write_text(json.dumps(recipients), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"recipients.json.*Stockholm"):
        load_catalogue(resources)


def test_a_published_mismatch_is_kept_and_reported_not_refused(resources):
    _edit(resources, "gnv-2024", lambda d: _b3(d)["rows"][9].__setitem__(3, 5_282_417))
    a = load_catalogue(resources).agreement("gnv-2024")
    assert a.allocation_for("region-12")["Ambulans"] == Decimal("5282417")
    assert any("Region Skåne" in w for w in a.warnings)  # its row no longer sums to its total
    assert any("Ambulans (kronor)" in w and "46 000 001 kr" in w for w in a.warnings)


def test_next_years_agreement_needs_only_a_new_file(resources):
    def next_year(d):
        d.update(id="gnv-2025", year=2025, name="God och nära vård 2025", skr_arende=None)
        d["period"] = {"start": "2025-01-01", "end": "2025-12-31"}
        d["deadlines"] = {"requisition": "2025-12-01", "repayment": "2026-03-31", "report": "2026-03-31"}

    shutil.copy(RESOURCES / "agreements" / "gnv-2024.json", resources / "agreements" / "gnv-2025.json")
    _edit(resources, "gnv-2025", next_year)
    cat = load_catalogue(resources)
    assert list(cat.agreements)[-1] == "gnv-2025"
    a = cat.agreement("gnv-2025")
    assert a.deadlines["requisition"] == date(2025, 12, 1)
    assert a.allocation_for("region-12") == cat.agreement("gnv-2024").allocation_for("region-12")


def test_an_agreement_whose_id_differs_from_its_file_name_is_refused(resources):
    shutil.copy(RESOURCES / "agreements" / "gnv-2024.json", resources / "agreements" / "gnv-2025.json")
    with pytest.raises(CatalogueError, match=r"gnv-2025.json.*filnamnet"):
        load_catalogue(resources)


def test_a_frozen_bundle_reads_resources_from_the_bundle(resources, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(resources.parent), raising=False)
    assert default_directory() == resources
    (resources / "agreements" / "gnv-2019.json").unlink()
    assert "gnv-2019" not in load_catalogue().agreements


def test_a_missing_catalogue_is_a_clear_error(tmp_path):
    with pytest.raises(CatalogueError, match=r"recipients.json"):
        load_catalogue(tmp_path)
