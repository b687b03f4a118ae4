"""Historik in plain Swedish: names instead of ids, dates apart from amounts, the file an export wrote,
a filter by kind and a search; the command line reads the same way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli
from exporters.run import export_document
from models.document import Payment
from models.errors import ValidationError
from models.history_text import describe, find_kind, history_lines
from tests.helpers import catalogue, cost, new_document


def _lines(doc, **kw):
    return history_lines(doc.history(), catalogue(), **kw)


def test_creation_names_the_agreement_and_recipient_not_their_ids(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        (line,) = _lines(doc)
    assert line.text.startswith("Redovisningen skapades: God och nära vård 2024")
    assert line.text.endswith(", Region Skåne")
    assert "gnv-2024" not in line.text and "region-12" not in line.text
    assert line.kind == "dokument"


def test_a_date_never_runs_into_an_amount(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        doc.add_payment(Payment(date(2024, 2, 15), Decimal("128724464")))
        doc.costs.add_cost(cost("1234.50", text="Konsult"))
        lines = _lines(doc)
    assert lines[0].text == "Lagt till: Kostnad"
    assert lines[0].change == "2024-03-01, 1 234,50 kr, Nära vård/Personal Konsult"
    assert lines[1].change == "2024-02-15, 128 724 464 kr"
    assert (lines[0].kind, lines[1].kind) == ("kostnader", "betalningar")


def test_fields_read_as_words_and_an_emptied_field_says_so(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        doc.set_fields([("attestation", "alt1"), ("contact_person", "Anna Berg")])
        doc.set_field("contact_person", "")
        lines = _lines(doc, kind="fält")
    assert [line.text for line in lines] == [
        "Ändrat: Kontaktperson",
        "Ändrat: Kontaktperson",
        "Ändrat: Ekonomichefens bedömning",
    ]
    assert lines[0].change == "Anna Berg → (tomt)"
    assert lines[1].change == "Anna Berg"
    assert lines[2].change == "Alt 1 (redovisningen är riktig)"


def test_the_export_history_names_the_files_written(tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "ut" / "Bilaga 1.pdf", tmp_path / "ut" / "Bilaga 1.xlsx"
    pdf.parent.mkdir()
    with new_document(tmp_path) as doc:
        result = export_document(doc, catalogue(), pdf=pdf, xlsx=xlsx, draft=True)
        (line,) = _lines(doc, kind="export")
    assert line.text == "Exporterat: redovisning (utkast, PDF och Excel)"
    assert line.change == f"till {pdf.resolve()}, {xlsx.resolve()}; fingeravtryck {result.fingerprint}"


def test_search_matches_every_word_in_any_case_and_kind_filters(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        doc.add_payment(Payment(date(2024, 2, 15), Decimal("100")))
        doc.costs.add_cost(cost("10", text="Hyra lokal"))
        doc.costs.add_cost(cost("20", text="Hyra bil"))
        doc.set_field("email", "anna@region.se")
        assert [line.change for line in _lines(doc, search="hyra LOKAL")] == [
            "2024-03-01, 10 kr, Nära vård/Personal Hyra lokal"
        ]
        assert len(_lines(doc, search="hyra")) == 2
        assert [line.kind for line in _lines(doc, kind="betalningar")] == ["betalningar"]
        assert _lines(doc, search="hyra", kind="betalningar") == []
        assert len(_lines(doc)) == 5


def test_a_row_written_by_an_earlier_version_reads_the_same(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        doc.note("exporterat", "rekvisition (slutlig, pdf)", "abc123")  # no file: before this version
        doc.record_export("redovisning", "def456", "utskrift", False)  # printed: no file either
        printed, line = _lines(doc, kind="export")
        created = doc.history()[-1]
    assert (printed.text, printed.change) == ("Skrivit ut: redovisning (slutlig)", "fingeravtryck def456")
    assert line.text == "Exporterat: rekvisition (slutlig, PDF)"
    assert line.change == "fingeravtryck abc123"
    assert describe(created, None).text.startswith("Redovisningen skapades: ")  # without a catalogue: still a line


def test_an_unknown_kind_is_one_sentence_naming_the_choices() -> None:
    assert find_kind("Export") == "export" and find_kind("Betalningar och beslut") == "betalningar"
    assert find_kind("") == "" and find_kind("alla") == ""
    with pytest.raises(ValidationError, match="ingen sorts ändring som heter ”pengar”; välj en av: fält, kostnader"):
        find_kind("pengar")


def test_history_command_reads_like_the_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "d.bidrag"
    assert run_cli(["new", str(f), "--agreement", "gnv-2024", "--recipient", "Region Skåne"]) == 0
    assert run_cli(["add-payment", str(f), "--date", "2024-02-15", "--amount", "128 724 464"]) == 0
    assert run_cli(["export", str(f), "--draft", "--pdf", str(tmp_path / "ut.pdf")]) == 0
    capsys.readouterr()
    assert run_cli(["history", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert f"Exporterat: redovisning (utkast, PDF) – till {(tmp_path / 'ut.pdf').resolve()}; fingeravtryck" in out[0]
    assert out[1].endswith("Lagt till: Utbetalning – 2024-02-15, 128 724 464 kr")
    assert "Redovisningen skapades: God och nära vård 2024" in out[2] and "gnv-2024" not in out[2]
    assert run_cli(["history", str(f), "--kind", "betalningar"]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    assert run_cli(["history", str(f), "--search", "skapades", "--limit", "5"]) == 0
    assert "Region Skåne" in capsys.readouterr().out
    assert run_cli(["history", str(f), "--kind", "pengar"]) == 2
    err = capsys.readouterr().err
    assert "ingen sorts ändring som heter ”pengar”" in err and "Traceback" not in err
