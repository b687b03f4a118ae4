"""The Swedish slips and dead ends of issue 17 that live in the domain: counts, lengths, files, dates, the demo."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from cli import run_cli
from models.errors import UserError, ValidationError
from models.importing import read_ledger
from models.period import default_day, outside_warning
from models.storage import locking
from models.storage.document_file import Document
from models.summary import compute_summary
from models.validation import normalize_field, paste_problem
from models.words import count, number
from tests.helpers import catalogue, new_document


def test_one_is_singular_and_thousands_are_spaced():
    assert count(1, "uppgift", "uppgifter") == "1 uppgift"
    assert count(0, "uppgift", "uppgifter") == "0 uppgifter"
    assert count(2, "kostnad", "kostnader") == "2 kostnader"
    assert count(100000, "kostnad", "kostnader") == "100 000 kostnader"
    assert number(1234567) == "1 234 567" and number(999) == "999"


def test_one_missing_field_is_one_uppgift(tmp_path: Path) -> None:
    from models.demo.example import create_demo

    doc = Document.open(create_demo(tmp_path / "demo.bidrag", catalogue()))
    assert not [f for f in compute_summary(doc, catalogue()).flags if f.key == "missing_fields"]
    doc.set_field("contact_person", "")
    flag = next(f for f in compute_summary(doc, catalogue()).flags if f.key == "missing_fields")
    assert flag.text.startswith("1 uppgift saknas för en slutlig redovisning: Kontaktperson")
    doc.close()


def test_length_limits_are_written_with_thousands_spaces():
    with pytest.raises(ValidationError, match="Postadress får vara högst 10 000 tecken lång"):
        normalize_field("postal_address", "x" * 10_001)
    with pytest.raises(ValidationError, match="Kontaktperson får vara högst 2 000 tecken lång"):
        normalize_field("contact_person", "x" * 2_001)


def test_a_paste_that_cannot_fit_is_refused_from_its_length():
    assert paste_problem("postal_address", 0, "Storgatan 1\n222 22 Lund") is None
    problem = paste_problem("postal_address", 20, "x" * 10_000_000)
    assert problem is not None and "10 000 000 tecken" in problem and "högst 10 000" in problem
    assert "Ingenting klistrades in" in problem
    assert paste_problem("postal_address", 9_990, "x" * 11) is not None  # what is there already counts


def test_the_cli_says_1_kostnad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = new_document(tmp_path)
    doc.close()
    ledger = tmp_path / "mars.csv"
    ledger.write_text("Datum;Verifikation;Konto;Belopp;Text\n2024-03-01;A 1;7010;25 000,00;Lön mars\n", "utf-8")
    assert run_cli(["import", str(tmp_path / "d.bidrag"), str(ledger)]) == 0
    out = capsys.readouterr().out
    assert "Importerade 1 kostnad, 25 000 kr." in out


def test_a_pdf_renamed_xlsx_is_called_a_pdf(tmp_path: Path) -> None:
    for name in ("huvudbok.xlsx", "huvudbok.csv"):
        path = tmp_path / name
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
        with pytest.raises(UserError) as err:
            read_ledger(path)
        assert f"Filen {name} är en PDF-fil" in str(err.value) and "textfil" not in str(err.value)


def test_headings_without_rows_say_the_file_has_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "tom.csv"
    path.write_text("Datum;Verifikation;Konto;Belopp;Text\n", encoding="utf-8")
    with pytest.raises(UserError, match="har rubriker men inga rader med bokföringar"):
        read_ledger(path)
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Datum", "Konto", "Belopp", "Text"])
    book.save(tmp_path / "tom.xlsx")
    with pytest.raises(UserError, match="har rubriker men inga rader"):
        read_ledger(tmp_path / "tom.xlsx")


def test_a_new_payment_starts_inside_the_grant_period_and_a_date_outside_is_said():
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    assert default_day(date(2026, 11, 29), start, end) == end
    assert default_day(date(2024, 5, 2), start, end) == date(2024, 5, 2)
    assert default_day(date(2023, 6, 1), start, end) == start
    assert outside_warning(date(2024, 9, 16), start, end) is None
    warning = outside_warning(date(2026, 11, 29), start, end)
    assert warning == (
        "Datumet 2026-11-29 ligger utanför redovisningsperioden 2024-01-01 – 2024-12-31. "
        "Kontrollera att det är datumet då pengarna kom in."
    )


def test_the_cli_warns_about_a_payment_outside_the_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_document(tmp_path).close()
    f = str(tmp_path / "d.bidrag")
    assert run_cli(["add-payment", f, "--date", "2026-11-29", "--amount", "1 000"]) == 0
    _out, err = capsys.readouterr()
    assert "Obs! Datumet 2026-11-29 ligger utanför redovisningsperioden" in err
    assert run_cli(["add-payment", f, "--date", "2024-02-15", "--amount", "1 000"]) == 0
    assert capsys.readouterr().err == ""


def test_a_fresh_example_after_a_crash_has_no_lock_to_ask_about(tmp_path: Path) -> None:
    from models.demo.example import demo_path, fresh_demo

    first = fresh_demo(catalogue())
    crashed = {"user": "anna", "computer": locking.computer_name(), "pid": 2**22 + 17, "time": "2026-11-29T08:00:00"}
    locking.lock_path(first).write_text(json.dumps(crashed), encoding="utf-8")
    assert locking.read_lock(first).is_stale()
    again = fresh_demo(catalogue())
    assert again == first == demo_path() and locking.read_lock(again) is None
    beating = dict(crashed, pid=os.getpid() + 1, computer="ANNAN-PC", time=datetime.now().isoformat(timespec="seconds"))
    locking.lock_path(again).write_text(json.dumps(beating), encoding="utf-8")  # open in a live window elsewhere
    other = fresh_demo(catalogue())
    assert other != again and other.name.endswith("(2).bidrag")
    assert json.loads(locking.lock_path(again).read_text(encoding="utf-8"))["computer"] == "ANNAN-PC"
