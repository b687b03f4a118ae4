"""A document carries its agreement; payment decisions and the repayment; agreements without a rekvisition."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli
from exporters.run import export_document
from models.catalogue.agreement_data import agreement_data, new_agreement_data, set_value
from models.catalogue.catalogue import Catalogue
from models.catalogue.user import load_full_catalogue, save_user_agreement, user_agreements_dir
from models.doc_agreement import agreement_of, catalogue_version, restore_copy, take_catalogue_version
from models.document import Payment
from models.errors import UserError
from models.report import build_report
from models.storage.agreement import Decision, Repayment
from models.storage.document_file import Document
from models.storage.schema import SCHEMA_VERSION
from models.summary import compute_summary, summary_json
from tests.helpers import drop_schema_6

TODAY = date(2026, 11, 29)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _user_agreement(**changes: str) -> Catalogue:
    cat = load_full_catalogue()
    data = new_agreement_data(cat.agreement("gnv-2024"), "gnv-2026", "God och nära vård 2026", 2026, dnr="S2025/04711")
    for key, value in changes.items():
        data = set_value(data, key, value)
    save_user_agreement(data, cat)
    return cat


def test_a_document_opens_and_exports_the_same_without_its_agreement_file(tmp_path: Path) -> None:
    cat = _user_agreement(annex="Bilaga 2")
    path = tmp_path / "skane.bidrag"
    with Document.create(path, "gnv-2026", "region-12", cat) as doc:
        doc.set_allocation("Nära vård", "321 131 063")
        assert doc.field("dnr_agreement") == "S2025/04711"  # prefilled from the agreement
        before = build_report(doc, cat, today=TODAY).to_dict()
    assert before["appendix"] == "Bilaga 2"
    (user_agreements_dir() / "gnv-2026.json").unlink()  # the finance chief's machine lacks the file
    other = load_full_catalogue()
    assert "gnv-2026" not in other.agreements
    with Document.open(path, readonly=True) as doc:
        assert agreement_of(doc, other).name == "God och nära vård 2026"
        assert build_report(doc, other, today=TODAY).to_dict() == before
        result = export_document(doc, other, pdf=tmp_path / "ut.pdf", xlsx=tmp_path / "ut.xlsx", draft=True)
    assert [p.name for p in result.paths] == ["ut.pdf", "ut.xlsx"]


def test_a_corrected_agreement_file_does_not_change_the_document_until_taken(tmp_path: Path) -> None:
    cat = _user_agreement()
    path = tmp_path / "d.bidrag"
    doc = Document.create(path, "gnv-2026", "region-12", cat)
    assert catalogue_version(doc, cat) is None
    corrected = set_value(agreement_data(cat.agreement("gnv-2026")), "deadlines.report", "2027-04-15")
    save_user_agreement(corrected, cat)
    report_date = {d.key: d.date for d in compute_summary(doc, cat, TODAY).deadlines}["report"]
    assert report_date == date(2027, 3, 31)  # the document keeps its own copy
    newer = catalogue_version(doc, cat)
    assert newer is not None and newer.deadlines["report"] == date(2027, 4, 15)
    old = take_catalogue_version(doc, cat)
    assert old is not None
    assert {d.key: d.date for d in compute_summary(doc, cat, TODAY).deadlines}["report"] == date(2027, 4, 15)
    assert catalogue_version(doc, cat) is None
    entry = doc.history(1)[0]
    assert (entry.what, entry.old, entry.new) == (
        "Överenskommelsen i redovisningen",
        "tidigare version",
        "katalogens version",
    )
    restore_copy(doc, old)  # undo
    assert agreement_of(doc, cat).deadlines["report"] == date(2027, 3, 31)
    doc.close()


def _as_version_4_without_copy(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("DELETE FROM meta WHERE key = 'agreement_data'")
    con.execute("DROP TABLE decisions")
    con.execute("DROP TABLE repayment")
    drop_schema_6(con)  # nor the activity plan of version 6
    con.execute("PRAGMA user_version = 4")  # before decisions and copies
    con.commit()
    con.close()


def test_an_older_document_gets_its_copy_from_the_catalogue_when_opened_for_editing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gammal.bidrag"
    assert run(capsys, "new", str(path), "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    _as_version_4_without_copy(path)
    cat = load_full_catalogue()
    with Document.open(path, readonly=True) as doc:  # read as it is: no decisions, the catalogue's agreement
        assert (
            doc.agreement.decisions() == []
            and doc.agreement.repayment() is None
            and doc.agreement.agreement_text() is None
        )
        assert compute_summary(doc, cat, TODAY).allocation_total == Decimal("326413479.00")
    code, _, err = run(capsys, "set", str(path), "email=ekonomi@skane.se")
    assert code == 0, err
    with Document.open(path, readonly=True) as doc:
        assert json.loads(doc.agreement.agreement_text() or "{}")["id"] == "gnv-2024"
        assert doc.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert any(h.what == "Överenskommelsen i redovisningen" for h in doc.history())


def test_every_payment_decision_is_printed_and_the_repayment_shows_as_done_or_due(tmp_path: Path) -> None:
    cat = load_full_catalogue()
    doc = Document.create(tmp_path / "rss.bidrag", "gnv-2024", "rss-12", cat)
    doc.add_payment(Payment(date(2024, 2, 15), Decimal("128724464.00")))
    doc.agreement.add_decision(Decision("S2024/00123", date(2024, 2, 1), Decimal("100000000")))
    doc.agreement.add_decision(Decision("S2024/00777", date(2024, 6, 1), Decimal("28724464")))
    with pytest.raises(UserError, match="finns redan"):
        doc.agreement.add_decision(Decision("s2024/00777", date(2024, 6, 2), Decimal("1")))
    for form in ("redovisning", "rekvisition"):
        report = build_report(doc, cat, form, today=TODAY)
        assert report.row("dnr_payment").value == "S2024/00123, S2024/00777"
        assert not any("beslut om utbetalning" in p for p in report.problems)
    s = compute_summary(doc, cat, TODAY)
    due = [f.text for f in s.flags if f.key == "unspent"]
    assert due == ["128 724 464 kr har inte förbrukats och ska återbetalas till Kammarkollegiet senast 2025-03-31."]
    doc.agreement.set_repayment(Repayment(date(2025, 3, 20), Decimal("128724464.00"), "GNV 2024"))
    s = compute_summary(doc, cat, TODAY)
    assert [f.key for f in s.flags if f.key in ("unspent", "repaid")] == ["repaid"]
    assert "Återbetalning gjord 2025-03-20: 128 724 464 kr (referens GNV 2024)." in [f.text for f in s.flags]
    data = summary_json(s)
    assert data["repayment"] == {"date": "2025-03-20", "amount": "128724464.00", "reference": "GNV 2024"}
    assert [d["dnr"] for d in data["decisions"]] == ["S2024/00123", "S2024/00777"]
    doc.agreement.set_repayment(Repayment(date(2025, 3, 20), Decimal("100000000.00")))
    texts = [f.text for f in compute_summary(doc, cat, TODAY).flags]
    assert "28 724 464 kr återstår att återbetala till Kammarkollegiet senast 2025-03-31." in texts
    removed = doc.agreement.delete_decision(doc.agreement.decisions()[0].id or 0)
    assert removed.dnr == "S2024/00123"
    assert [h.what for h in doc.history(3)] == ["Beslut om utbetalning", "Återbetalning", "Återbetalning"]
    doc.close()


def test_an_agreement_without_rekvisition_has_none_in_its_documents(tmp_path: Path) -> None:
    cat = _user_agreement(no_requisition="ja")
    doc = Document.create(tmp_path / "d.bidrag", "gnv-2026", "region-12", cat)
    with pytest.raises(UserError, match="utan rekvisition"):
        build_report(doc, cat, "rekvisition", today=TODAY)
    assert "requisition" not in {d.key for d in compute_summary(doc, cat, TODAY).deadlines}
    result = export_document(doc, cat, form="redovisning", xlsx=tmp_path / "r.xlsx", draft=True)
    from openpyxl import load_workbook

    assert not any("Rekvisition" in name for name in load_workbook(result.paths[0]).sheetnames)
    assert not (tmp_path / "rek.pdf").exists()
    with pytest.raises(UserError, match="utan rekvisition"):
        export_document(doc, cat, form="rekvisition", pdf=tmp_path / "rek.pdf", draft=True)
    assert not (tmp_path / "rek.pdf").exists()
    doc.close()


def test_decision_and_repayment_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(tmp_path / "d.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Skåne län")[0] == 0
    code, out, err = run(capsys, "decision", "add", f, "--dnr", "S2024/00123", "--date", "2024-02-01",
                         "--amount", "100 000 000")  # fmt: skip
    assert code == 0 and "S2024/00123, 2024-02-01, 100 000 000 kr" in out, err
    code, _, err = run(capsys, "decision", "add", f, "--dnr", "S2024/9", "--date", "1 feb", "--amount", "1")
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1
    code, _, err = run(capsys, "decision", "delete", f, "--dnr", "S1999/1")
    assert code == 2 and "S2024/00123" in err
    code, out, _ = run(capsys, "repayment", "set", f, "--date", "2025-03-20", "--amount", "1 000,50",
                       "--reference", "ÅB 2024")  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "summary", f, "--json")
    data = json.loads(out)
    assert data["repayment"]["amount"] == "1000.50" and data["decisions"][0]["amount"] == "100000000.00"
    assert run(capsys, "repayment", "clear", f)[0] == 0
    assert run(capsys, "decision", "delete", f, "--dnr", "s2024/00123")[0] == 0
    code, out, _ = run(capsys, "decision", "list", f)
    assert "Inga beslut" in out


def test_agreement_refresh_compares_and_takes_the_catalogues_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = _user_agreement()
    f = tmp_path / "d.bidrag"
    Document.create(f, "gnv-2026", "region-12", cat).close()
    code, out, _ = run(capsys, "agreement", "refresh", str(f))
    assert code == 0 and "samma version" in out
    save_user_agreement(set_value(agreement_data(cat.agreement("gnv-2026")), "payer", "Kammarkollegiet"), cat)
    code, out, _ = run(capsys, "agreement", "refresh", str(f))
    assert code == 0 and "utbetalaren" in out and "--take" in out
    with Document.open(f, readonly=True) as doc:
        assert agreement_of(doc, load_full_catalogue()).payer == "regeringen/Regeringskansliet"
    code, out, _ = run(capsys, "agreement", "refresh", str(f), "--take")
    assert code == 0 and "följer nu katalogens version" in out
    with Document.open(f, readonly=True) as doc:
        assert agreement_of(doc, load_full_catalogue()).payer == "Kammarkollegiet"
        assert doc.history(1)[0].what == "Överenskommelsen i redovisningen"


def test_forecast_and_portfolio_read_the_documents_copy_without_the_agreement_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cat = _user_agreement()
    folder = tmp_path / "mapp"
    folder.mkdir()
    f = folder / "skane.bidrag"
    with Document.create(f, "gnv-2026", "rss-12", cat) as doc:
        doc.set_allocation("Nära vård", "128 724 464")
    (user_agreements_dir() / "gnv-2026.json").unlink()
    code, out, err = run(capsys, "summary", str(f), "--json", "--as-of", "2026-06-30")
    assert code == 0, err
    assert json.loads(out)["allocation"]["total"] == "128724464.00"
    code, out, err = run(capsys, "portfolio", str(folder), "--json")
    assert code == 0, err
    entry = json.loads(out)["documents"][0]
    assert entry["agreement"] == "gnv-2026" or entry["agreement"].get("id") == "gnv-2026"
    assert entry["year"] == 2026
