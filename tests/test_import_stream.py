"""The command line's import a part at a time (models/importing/stream.py) stores exactly what one plan of
the whole file stores, and a SIE file read a piece at a time is read as a whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlsxwriter

import models.importing.sie as sie_module
import models.importing.stream as stream
from models.errors import UserError
from models.importing import ImportOptions, import_report_json, import_request, parse_sie, prepare_import, run_import
from models.importing.plan import ImportPlan
from models.importing.sie import parse_sie_text
from models.money import to_ore
from models.storage.document_file import Document
from models.storage.sourcekeys import occurrences, table_keys
from tests.helpers import new_document as _new


def new_document(path: Path) -> Path:
    _new(path.parent, name=path.stem).close()
    return path


HEAD = ["Datum", "Verifikation", "Konto", "Belopp", "Text", "Projekt"]


def _rows(n: int) -> list[list[str]]:
    """``n`` ledger rows with identical rows on one voucher, rows of other accounts, broken and empty cells."""
    rows = []
    for row in range(n):
        i = row - row % 10 if row % 10 < 4 else row  # four identical rows (one pay, four people) in ten
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        account = ("7010", "6550", "2440", "7610")[i % 4]
        amount = f"{100 + i % 9} {i % 7}00,{i % 100:02d}"
        if i % 23 == 5:
            amount = "x"  # refused, with its row number
        if i % 31 == 7:
            day = ""  # refused: no date
        rows.append([day, f"A {i // 3}", account, amount, f"Rad {i % 5}", "GNV24"])
    return rows


def _write(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".xlsx":
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("Huvudbok")
        for r, row in enumerate([HEAD, *rows]):
            ws.write_row(r, 0, row)
        wb.close()
    else:
        path.write_text("\r\n".join(";".join(r) for r in [HEAD, *rows]) + "\r\n", encoding="utf-8")
    return path


def _sie(path: Path, n: int) -> Path:
    lines = ["#FLAGGA 0", "#SIETYP 4", '#FNAMN "Region Del"', '#DIM 6 "Projekt"']
    for v in range(n // 2):
        lines += [f'#VER A {v} 2024{1 + v % 12:02d}{1 + v % 28:02d} "Ver {v % 4}"', "{"]
        lines.append(f'#TRANS {("7010", "6550")[v % 2]} {{6 "GNV24"}} {100 + v % 3}.50')
        amount = "12 34.50" if v % 17 == 3 else "99.00"  # an amount in two words: refused, naming the line
        lines += [f"#TRANS 7610 {{}} {amount}", "#TRANS 2440 {} -199.50", "}"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))
    return path


def _stored(path: Path) -> list[tuple]:
    with Document.open(path) as doc:
        return [
            (c.date, c.amount, c.stream, c.category, c.text, c.voucher, c.account, c.source)
            for c in doc.costs.iter_costs(order="id")
        ]


def _as_one_plan(doc_path: Path, ledger: Path, choice: str | None) -> ImportPlan:
    """One plan of the whole file (``prepare_import``, every row held at once), stored in one batch."""
    with Document.open(doc_path) as doc:
        request = import_request(doc, ledger)
        s = request.settings
        plan = prepare_import(
            request.raw,
            s.mapping,
            s.filters,
            s.rules,
            default_stream=s.default_stream,
            default_category=s.default_category,
            existing=doc.costs.cost_identities(),
        )
        if choice:
            plan.include_duplicates(choice)
        doc.costs.add_cost_rows(plan.rows, file=ledger.name)
    return plan


@pytest.mark.parametrize("kind", ["csv", "kort.csv", "xlsx", "se"])
def test_parts_store_what_one_plan_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    rows = _rows(260 if kind != "kort.csv" else 60)  # over 200 lines: the column-at-a-time CSV reader
    first = tmp_path / f"forra.{kind.split('.')[-1]}"
    ledger = tmp_path / f"huvudbok.{kind.split('.')[-1]}"
    if kind == "se":
        _sie(first, 40)
        _sie(ledger, 90)
    else:
        _write(first, rows[:90:3])  # imported before: some of the identical rows are duplicates
        _write(ledger, rows)
    one = new_document(tmp_path / "en.bidrag")
    run_import(one, first)
    parts = tmp_path / "delar.bidrag"
    shutil.copy(one, parts)

    plan = _as_one_plan(one, ledger, "2,5-7")
    monkeypatch.setattr(stream, "PART", 7)  # 7 rows a part: identities, rejects and duplicates cross parts
    report = run_import(parts, ledger, ImportOptions(include_duplicates="2,5-7"))

    # The same costs (the duplicates taken anyway stored in file order here, after the rest by the window).
    assert sorted(_stored(parts)) == sorted(_stored(one))
    assert report.imported == len(plan.rows) > 3
    assert list(report.plan.duplicate_rows) == plan.duplicate_rows and report.duplicates == len(plan.duplicate_rows) > 3
    assert [(r.row, r.column, r.value, r.reason) for r in report.plan.rejects] == [
        (r.row, r.column, r.value, r.reason) for r in plan.rejects
    ]
    assert report.plan.rejects  # broken amounts and dates, with their rows
    assert (report.total, report.plan.by_category, report.plan.by_stream) == (
        plan.total,
        plan.by_category,
        plan.by_stream,
    )
    assert report.filtered_out == plan.filtered_out


def test_dry_run_in_parts_lists_what_the_import_then_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = _write(tmp_path / "huvudbok.csv", _rows(260))
    doc = new_document(tmp_path / "d.bidrag")
    run_import(doc, _write(tmp_path / "forra.csv", _rows(260)[:50]))
    monkeypatch.setattr(stream, "PART", 11)
    dry = import_report_json(run_import(doc, ledger, dry_run=True))
    before = _stored(doc)
    done = import_report_json(run_import(doc, ledger))
    assert dry["imported"] == done["imported"] == len(_stored(doc)) - len(before)
    assert {k: v for k, v in dry.items() if k not in ("dry_run", "import_id")} == {
        k: v for k, v in done.items() if k not in ("dry_run", "import_id")
    }


def test_a_duplicate_number_past_the_listing_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = _write(tmp_path / "huvudbok.csv", _rows(260))
    doc = new_document(tmp_path / "d.bidrag")
    run_import(doc, _write(tmp_path / "forra.csv", _rows(260)[:20]))
    before = _stored(doc)
    with Document.open(doc) as d:
        history = len(d.history())
    monkeypatch.setattr(stream, "PART", 13)
    with pytest.raises(UserError, match=r"Dubblett 99 finns inte; importen har 1[0-9] dubbletter"):
        run_import(doc, ledger, ImportOptions(include_duplicates="3,99"))
    assert _stored(doc) == before
    with Document.open(doc) as d:
        assert len(d.history()) == history


def test_a_file_already_imported_leaves_no_empty_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = _write(tmp_path / "huvudbok.csv", _rows(260))
    doc = new_document(tmp_path / "d.bidrag")
    monkeypatch.setattr(stream, "PART", 17)
    assert run_import(doc, ledger).imported > 100
    again = run_import(doc, ledger)
    assert again.imported == 0 and again.batch is None and again.duplicates > 100
    with Document.open(doc) as d:
        assert len(d.costs.imports()) == 1


def _sie_text() -> str:
    lines = ["#FLAGGA 0", "#SIETYP 4", "#KONTO 7010 Löner"]
    for v in range(60):
        lines += [f"#VER A {v} 202403{1 + v % 28:02d}", "{", "#TRANS 7010 {} 10.00", f"#TRANS 6550 {{}} {v}.25"]
        if v % 9 == 4:
            lines.append("#TRANS 6550 {} 1 234.50")  # refused, naming its line
        if v == 20:
            lines.append("#TRANS 7010 {} 5.00\x0c")  # a form feed: a line break of its own
        lines.append("}")
    lines += ["#VER B 1 20240401", "{", "#TRANS 7010 {} 1.00"]  # the file ends inside a voucher
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("size", [1, 50, 400])
def test_sie_read_a_piece_at_a_time_reads_the_whole(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    text = _sie_text()
    whole = parse_sie_text(text, "cp437")
    assert whole.transactions and whole.rejects
    monkeypatch.setattr(sie_module, "SEGMENT", size)
    pieces = parse_sie(text.encode("cp437"))
    assert pieces.transactions == whole.transactions
    assert pieces.rejects == whole.rejects
    assert pieces.rejects[-1].line == text.splitlines().index("#VER B 1 20240401") + 1  # left unclosed
    assert len(pieces.rejects) == 8 and pieces.vouchers == 61


def test_an_old_document_keyed_by_spreadsheet_rows_is_read_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents of earlier versions hold a key for every spreadsheet row, numbered among the identical rows of
    the whole file (models/storage/sourcekeys.py): the parts number them across the file as one plan does."""
    pay, rent, course, new = (
        ["2024-03-25", "V 10", "7010", "25 000,00", "Lön mars", "GNV24"],
        ["2024-03-26", "V 11", "5010", "4 500,00", "Hyra", "GNV24"],
        ["2024-03-27", "V 12", "7610", "3 000,25", "Kurs", "GNV24"],
        ["2024-03-28", "V 13", "6550", "1 234,50", "Konsult", "GNV24"],
    )
    old = new_document(tmp_path / "gammal.bidrag")
    run_import(old, _write(tmp_path / "mars.csv", [pay, pay, rent, course]))
    with Document.open(old) as doc:  # as an earlier version kept it: every row's key, both twins edited since
        costs = list(doc.costs.iter_costs(order="id"))
        identities = [
            (c.date.isoformat(), c.voucher, c.account, to_ore(c.amount), c.text, c.object, c.supplier) for c in costs
        ]
        keys = table_keys(identities, occurrences(identities))
        with doc.transaction() as sql:
            sql.executemany(
                "UPDATE costs SET source_key = ? WHERE id = ?", [(k, c.id) for k, c in zip(keys, costs, strict=True)]
            )
            sql.execute("UPDATE costs SET text = 'Lön mars, ' || id WHERE text = 'Lön mars'")
    ledger = _write(tmp_path / "april.csv", [pay, rent, pay, course, pay, new])  # a third person with the pay
    parts = tmp_path / "delar.bidrag"
    shutil.copy(old, parts)
    plan = _as_one_plan(old, ledger, None)
    monkeypatch.setattr(stream, "PART", 2)  # the twins' rows in three parts
    report = run_import(parts, ledger)
    assert (report.imported, report.duplicates) == (len(plan.rows), len(plan.duplicate_rows)) == (2, 4)
    assert list(report.plan.duplicate_rows) == plan.duplicate_rows
    assert sorted(_stored(parts)) == sorted(_stored(old))
    assert [c[-1] for c in _stored(parts)[-2:]] == ["april.csv, rad 6", "april.csv, rad 7"]
