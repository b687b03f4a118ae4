"""The deadlines and what settles each (models/deadlines.py): the repayment by the repayment, not by an export,
the same in ``summary``, ``summary --json`` and the portfolio."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli
from models.catalogue.user import load_full_catalogue
from models.portfolio import read_entry
from models.storage.agreement import Repayment
from models.storage.document_file import Document

TODAY = date(2026, 11, 29)
REPAY = "Återbetalning av medel som inte har förbrukats"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _line(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(label + ":"))


@pytest.fixture
def doc_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    f = str(tmp_path / "skane.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    assert run(capsys, "add-payment", f, "--date", "2024-02-15", "--amount", "1 000 000")[0] == 0
    code, _, err = run(
        capsys, "add-cost", f, "--date", "2024-05-01", "--amount", "400 000", "--stream", "Nära vård",
        "--category", "Personal",
    )  # fmt: skip
    assert code == 0, err
    return f


def test_summary_says_the_repayment_is_open_after_the_final_redovisning_until_it_is_repaid(
    doc_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Document.open(Path(doc_path)) as doc:  # a final redovisning sent: the report is settled
        doc.record_export("redovisning", "skane.pdf", "pdf", draft=False)
    code, out, _ = run(capsys, "summary", doc_path)
    assert code == 0
    assert _line(out, REPAY) == f"{REPAY}: 2025-03-31 (passerat – inte återbetalat)"
    assert _line(out, "Ekonomisk redovisning").endswith("sedan – slutlig version exporterad)")
    data = json.loads(run(capsys, "summary", doc_path, "--json")[1])
    assert data["deadlines"]["repayment"]["done"] is False
    assert data["deadlines"]["repayment"]["status"] == "passerat – inte återbetalat"
    assert data["deadlines"]["report"]["done"] is True

    run(capsys, "repayment", "set", doc_path, "--date", "2025-03-20", "--amount", "500 000")
    out = run(capsys, "summary", doc_path)[1]
    assert _line(out, REPAY) == f"{REPAY}: 2025-03-31 (passerat – 100 000 kr återstår att återbetala)"

    run(capsys, "repayment", "set", doc_path, "--date", "2025-03-20", "--amount", "600 000")
    out = run(capsys, "summary", doc_path)[1]
    assert _line(out, REPAY).endswith("sedan – återbetalt 2025-03-20)")
    data = json.loads(run(capsys, "summary", doc_path, "--json")[1])
    assert data["deadlines"]["repayment"]["done"] is True


def test_the_portfolio_keeps_the_repayment_as_the_next_deadline_until_repaid(doc_path: str) -> None:
    cat = load_full_catalogue()
    with Document.open(Path(doc_path)) as doc:
        doc.record_export("rekvisition", "r.pdf", "pdf", draft=False)
        doc.record_export("redovisning", "s.pdf", "pdf", draft=False)
    entry = read_entry(Path(doc_path), cat, TODAY)
    assert entry.next_deadline == date(2025, 3, 31) and entry.next_deadline_label == "Återbetalning"
    assert entry.overdue
    with Document.open(Path(doc_path)) as doc:
        doc.agreement.set_repayment(Repayment(date(2025, 3, 20), Decimal("600000.00")))
    entry = read_entry(Path(doc_path), cat, TODAY)
    assert entry.next_deadline is None and not entry.overdue


def test_nothing_to_repay_settles_the_repayment_only_after_the_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = str(tmp_path / "d.bidrag")
    run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")
    out = run(capsys, "summary", f)[1]  # no payment recorded: it cannot be known
    assert _line(out, REPAY).endswith("(passerat – ingen utbetalning registrerad)")
    run(capsys, "add-payment", f, "--date", "2024-02-15", "--amount", "1 000")
    run(capsys, "add-cost", f, "--date", "2024-05-01", "--amount", "1 000", "--stream", "Nära vård",
        "--category", "Personal")  # fmt: skip
    out = run(capsys, "summary", f)[1]
    assert _line(out, REPAY).endswith("sedan – inget att återbetala)")
    from models.summary import compute_summary

    with Document.open(Path(f), readonly=True) as doc:  # in June the year's costs may still come
        june = {d.key: d for d in compute_summary(doc, load_full_catalogue(), date(2024, 6, 30)).deadlines}
    assert not june["repayment"].done and june["repayment"].days_left == 274
