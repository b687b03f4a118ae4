"""main.py new FILE --agreement ID --from PREVIOUS.bidrag [--recipient R] [--move-costs]."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import run_cli
from models.catalogue.user import load_full_catalogue
from models.next_year import next_agreements
from models.storage.document_file import Document


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = run_cli([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def last_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    f = tmp_path / "skane-2024.bidrag"
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    assert run(capsys, "set", f, "contact_person=Anna Berg", "chief_name=Eva Ek", "signatory_name=Per Persson")[0] == 0
    for day, amount, stream in (("2024-06-01", "100", "Nära vård"), ("2025-01-15", "2 500", "Ambulans")):
        assert (
            run(capsys, "add-cost", f, "--date", day, "--amount", amount, "--stream", stream, "--category", "Personal")[
                0
            ]
            == 0
        )
    return f


def test_new_from_last_year_moves_the_costs_dated_after_the_period(tmp_path, capsys, last_year) -> None:
    f = tmp_path / "skane-2023-ny.bidrag"
    code, out, err = run(capsys, "new", f, "--agreement", "gnv-2023", "--from", last_year)
    assert (code, err) == (0, "")
    assert out.startswith("Skapade skane-2023-ny.bidrag för God och nära vård 2023")
    assert ", Region Skåne, med 4 uppgifter, 0 aktiviteter." in out
    assert "Obs: 1 kostnad är daterad efter redovisningsperioden i skane-2024.bidrag; lägg till --move-costs" in out
    g = tmp_path / "skane-2025.bidrag"
    code, out, err = run(capsys, "new", g, "--agreement", "gnv-2024", "--from", last_year, "--move-costs")
    assert (code, err) == (0, "")
    assert "med 4 uppgifter, 0 aktiviteter, 1 kostnad." in out and "Obs" not in out
    code, out, _ = run(capsys, "history", last_year, "--kind", "kostnader", "--limit", "1")
    assert "Flyttat: Kostnader till skane-2025.bidrag – 1 kostnad, 2 500 kr" in out
    code, out, _ = run(capsys, "history", g, "--search", "flyttat")
    assert "Flyttat: Kostnader från skane-2024.bidrag – 1 kostnad, 2 500 kr" in out
    with Document.open(g, readonly=True) as new:
        assert [(c.date.isoformat(), c.stream) for c in new.costs.iter_costs()] == [("2025-01-15", "Ambulans")]
        assert new.field("chief_name") == "Eva Ek"
    with Document.open(last_year, readonly=True) as old:
        assert [c.date.isoformat() for c in old.costs.iter_costs()] == ["2024-06-01"]


def test_refusals_are_one_sentence(tmp_path, capsys, last_year) -> None:
    code, _, err = run(capsys, "new", tmp_path / "x.bidrag", "--agreement", "gnv-2024")
    assert code == 2 and "Ange mottagaren med --recipient, eller förra årets redovisning med --from." in err
    code, _, err = run(
        capsys, "new", tmp_path / "x.bidrag", "--agreement", "gnv-2024", "--from", tmp_path / "nej.bidrag"
    )
    assert code == 2 and "”nej.bidrag” finns inte" in err and "Traceback" not in err
    code, _, err = run(capsys, "new", last_year, "--agreement", "gnv-2024", "--from", last_year)
    assert code == 2 and "”skane-2024.bidrag” finns redan; välj ett annat filnamn." in err
    assert not (tmp_path / "x.bidrag").exists()


def test_an_agreement_without_the_costs_stream_refuses_the_move(tmp_path, capsys, last_year) -> None:
    assert (
        run(
            capsys,
            "agreement",
            "new",
            "gnv-2025",
            "--from",
            "gnv-2024",
            "--name",
            "God och nära vård 2025",
            "--year",
            "2025",
        )[0]
        == 0
    )
    assert run(capsys, "agreement", "streams", "gnv-2025", "Nära vård:region,rss")[0] == 0
    with Document.open(last_year, readonly=True) as old:
        assert next_agreements(load_full_catalogue(), old)[0].id == "gnv-2025"  # the year after comes first
    f = tmp_path / "skane-2025.bidrag"
    code, _, err = run(capsys, "new", f, "--agreement", "gnv-2025", "--from", last_year, "--move-costs")
    assert code == 2
    assert "Kostnaderna i strömmen ”Ambulans” kan inte flyttas: ”God och nära vård 2025” har ingen sådan ström." in err
    assert not f.exists()
    with Document.open(last_year, readonly=True) as old:
        assert old.costs.cost_count() == 2
    code, out, err = run(
        capsys, "new", f, "--agreement", "gnv-2025", "--from", last_year, "--recipient", "Region Skåne"
    )
    assert code == 0 and "Obs: 1 kostnad är daterad" in out


def test_next_years_ledger_finds_the_moved_costs_already_there(tmp_path, capsys) -> None:
    old, new = tmp_path / "l24.bidrag", tmp_path / "l25.bidrag"
    head = "Datum;Konto;Belopp;Text;Ver\n"
    (tmp_path / "led24.csv").write_text(
        head + "2024-05-01;7010;1000,00;Lön maj;A1\n2025-01-20;7010;2500,00;Lön jan;A2\n"
    )
    (tmp_path / "led25.csv").write_text(
        head + "2025-01-20;7010;2500,00;Lön jan;A2\n2025-02-20;7010;300,00;Lön feb;A3\n"
    )
    assert run(capsys, "new", old, "--agreement", "gnv-2023", "--recipient", "Region Skåne")[0] == 0
    code, out, err = run(capsys, "import", old, tmp_path / "led24.csv", "--from", "2023-01-01", "--to", "2025-12-31")
    assert code == 0, err
    assert run(capsys, "new", new, "--agreement", "gnv-2024", "--from", old, "--move-costs")[0] == 0
    code, out, err = run(
        capsys, "import", new, tmp_path / "led25.csv", "--dry-run", "--from", "2025-01-01", "--to", "2025-12-31"
    )
    assert code == 0, err
    assert "Dubbletter som hoppades över: 1." in out and "2025-01-20          2 500 kr  konto 7010  ver A2" in out
