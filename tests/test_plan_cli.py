"""The plan on the command line: activity, plan, add-cost --activity, summary --json --as-of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import run_cli
from models.storage.document_file import Document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def doc_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    f = str(tmp_path / "plan.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    assert run(capsys, "set", f, "allocation.Nära vård=1 200 000", "allocation.Ambulans=0")[0] == 0
    return f


def test_the_paper_example_through_the_command_line(doc_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    for month in range(1, 7):
        code, _, err = run(
            capsys,
            "add-cost",
            doc_file,
            "--date",
            f"2024-{month:02d}-10",
            "--amount",
            "100 000",
            "--category",
            "Personal",
        )
        assert code == 0, err
    code, out, _ = run(capsys, "summary", doc_file, "--json", "--as-of", "2024-06-30")
    data = json.loads(out)
    assert data["forecast"]["as_of"] == "2024-06-30"
    assert data["forecast"]["costs_at_end"] == "1200000.00"
    assert data["forecast"]["unspent_at_end"] == "0.00" and data["forecast"]["self_financed_at_end"] == "0.00"
    assert "takt" in data["forecast"]["method"] and data["activities"] == []

    code, out, err = run(capsys, "activity", doc_file, "Mobila närvårdsteam", "--stream", "nära vård")
    assert code == 0 and "La till aktiviteten Mobila närvårdsteam (Nära vård)" in out, err
    code, out, err = run(
        capsys,
        "plan",
        doc_file,
        "--activity",
        "mobila närvårdsteam",
        "--spread",
        "300 000",
        "--from",
        "2024-07",
        "--to",
        "2024-12",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "summary", doc_file, "--json", "--as-of", "2024-06-30")
    data = json.loads(out)
    assert data["forecast"]["costs_at_end"] == "900000.00" and data["forecast"]["unspent_at_end"] == "300000.00"
    assert {
        "key": "forecast_repayment",
        "text": "Med nuvarande takt återbetalas cirka 300 000 kr den 31 mars 2025.",
        "count": 0,
    } in data["flags"]
    assert data["activities"] == [
        {
            "name": "Mobila närvårdsteam",
            "stream": "Nära vård",
            "planned": "0.00",
            "actual": "0.00",
            "variance": "0.00",
            "planned_total": "300000.00",
        }
    ]
    code, out, _ = run(capsys, "summary", doc_file, "--as-of", "2024-06-30")
    assert "Obs: Med nuvarande takt återbetalas cirka 300 000 kr den 31 mars 2025." in out


def test_a_cost_by_hand_in_an_activity_and_the_variance_per_month(
    doc_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        capsys,
        "activity",
        doc_file,
        "Kompetenslyft undersköterskor",
        "--stream",
        "Nära vård",
        "--category",
        "kompetenshöjande insatser",
    )
    assert (
        run(
            capsys,
            "plan",
            doc_file,
            "--activity",
            "Kompetenslyft undersköterskor",
            "--month",
            "2024-02",
            "--amount",
            "40 000",
        )[0]
        == 0
    )
    code, out, err = run(
        capsys,
        "add-cost",
        doc_file,
        "--date",
        "2024-02-14",
        "--amount",
        "25 000,50",
        "--category",
        "Kompetenshöjande insatser",
        "--activity",
        "kompetenslyft undersköterskor",
    )
    assert code == 0 and "Kompetenslyft undersköterskor" in out, err
    code, out, _ = run(capsys, "plan", doc_file, "--list", "--json", "--as-of", "2024-03-15")
    data = json.loads(out)
    (act,) = data["activities"]
    assert act["months"] == {"2024-02": "40000.00"}
    assert (act["planned"], act["actual"], act["variance"]) == ("40000.00", "25000.50", "-14999.50")
    code, out, _ = run(capsys, "plan", doc_file, "--list", "--as-of", "2024-03-15")
    assert "Kompetenslyft undersköterskor" in out and "-14 999,50 kr" in out


def test_mistakes_get_one_swedish_sentence_and_change_nothing(
    doc_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Path(doc_file).read_bytes()
    cases = [
        ("plan", doc_file, "--activity", "Finns inte", "--month", "2024-03", "--amount", "1"),
        ("activity", doc_file, "Ny", "--stream", "Tandvård"),
        ("activity", doc_file, "Ny utan ström"),
        (
            "add-cost",
            doc_file,
            "--date",
            "2024-03-01",
            "--amount",
            "5",
            "--category",
            "Personal",
            "--activity",
            "Okänd",
        ),
        ("plan", doc_file, "--activity", "x", "--month", "2024-13", "--amount", "1"),
        ("activity", doc_file, "Regel", "--stream", "Nära vård", "--rule", "konto=sju"),
    ]
    for args in cases:
        code, out, err = run(capsys, *args)
        assert code == 2 and out == "" and err.count("\n") == 1 and err.rstrip().endswith("."), (args, err)
        assert "Traceback" not in err
    assert Path(doc_file).read_bytes() == before  # not even the cost of the add-cost with an unknown activity
    run(capsys, "activity", doc_file, "Team", "--stream", "Nära vård")
    code, _, err = run(capsys, "plan", doc_file, "--activity", "Team", "--month", "2024-03", "--amount", "-5")
    assert code == 2 and "negativt" in err


def test_rules_sort_an_import_into_activities(
    doc_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        capsys,
        "activity",
        doc_file,
        "Mobila närvårdsteam",
        "--stream",
        "Nära vård",
        "--rule",
        "objekt=MNT",
        "--rule",
        "text=*bil*",
    )
    run(capsys, "activity", doc_file, "Kompetenslyft", "--stream", "Nära vård", "--rule", "konto=7600-7699")
    ledger = tmp_path / "bok.csv"
    ledger.write_text(
        "Datum;Konto;Objekt;Text;Belopp\n"
        "2024-02-01;5010;MNT;Hyra;1000,00\n"
        "2024-02-02;7610;;Kurs;200,00\n"
        "2024-02-03;5611;;Leasing Bilar AB;300,00\n"
        "2024-02-04;6110;;Papper;50,00\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {"date": "Datum", "account": "Konto", "objects": {"6": "Objekt"}, "text": "Text", "amount": "Belopp"}
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", doc_file, str(ledger), "--mapping", str(mapping))
    assert code == 0, err
    with Document.open(doc_file, readonly=True) as doc:
        names = {a.id: a.name for a in doc.plan.activities()}
        got = {c.text: names.get(c.activity_id) for c in doc.costs.iter_costs()}
    assert got == {
        "Hyra": "Mobila närvårdsteam",
        "Kurs": "Kompetenslyft",
        "Leasing Bilar AB": "Mobila närvårdsteam",
        "Papper": None,
    }


def test_a_plan_read_from_a_csv_file(doc_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Aktivitet;Ström;jan;feb;mars 2024;2024-04\n"
        "Mobila närvårdsteam;Nära vård;10 000;10 000;12 500,50;\n"
        "Summa;;10000;10000;12500,50;\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "plan", doc_file, "--import", str(plan))
    assert code == 0 and "Läste planen för 1 aktivitet (3 månadsbelopp); 1 ny aktivitet." in out, err
    code, out, _ = run(capsys, "plan", doc_file, "--list", "--json", "--as-of", "2024-01-01")
    (act,) = json.loads(out)["activities"]
    assert act["months"] == {"2024-01": "10000.00", "2024-02": "10000.00", "2024-03": "12500.50"}
    bad = tmp_path / "fel.csv"
    bad.write_text("Aktivitet;jan\nOkänd;5\n", encoding="utf-8")
    before = Path(doc_file).read_bytes()
    code, _, err = run(capsys, "plan", doc_file, "--import", str(bad))
    assert code == 2 and "Okänd" in err and Path(doc_file).read_bytes() == before
