"""Exporting from a document that cannot be written: the file is written, the user gets a calm note.

A finance chief opens the file read-only (someone else holds the lock, or the file is write-protected)
to export the final form and sign it. The export must not fail because it cannot be noted in the
document's history.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli import run_cli
from exporters.run import NOT_RECORDED_READONLY, NOT_RECORDED_WRITE_PROTECTED, export_document
from models.demo.example import create_demo
from models.errors import DocumentError
from models.storage.document_file import Document
from tests.helpers import catalogue


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return create_demo(tmp_path / "Skåne 2024.bidrag", catalogue())


def _as_write_protected(path: Path) -> Document:
    """What SQLite gives for a write-protected file opened for editing: a connection that cannot write.

    (SQLite opens such a file read-only without saying so; the document believes it is editable.)
    """
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=1)
    return Document(path, con, readonly=False)


def _history_size(path: Path) -> tuple[int, int]:
    with Document.open(path, readonly=True) as doc:
        return len(doc.exports()), len(doc.history())


def test_final_export_from_a_read_only_document_writes_the_file_and_notes_why_it_is_not_in_the_history(
    tmp_path: Path, demo_path: Path
) -> None:
    before = _history_size(demo_path)
    pdf, xlsx = tmp_path / "redovisning.pdf", tmp_path / "redovisning.xlsx"
    with Document.open(demo_path, readonly=True) as doc:
        result = export_document(doc, catalogue(), form="redovisning", pdf=pdf, xlsx=xlsx)
    assert result.paths == [pdf, xlsx]
    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Kommunförbundet Skåne" in text and "UTKAST" not in text
    assert xlsx.stat().st_size > 0
    assert not result.recorded
    assert result.note == NOT_RECORDED_READONLY
    assert result.note.count(".") == 1 and "skrivskyddad" in result.note  # one Swedish sentence
    assert _history_size(demo_path) == before  # nothing written to the document


def test_export_from_an_editable_document_is_noted_without_a_note(tmp_path: Path, demo_path: Path) -> None:
    with Document.open(demo_path) as doc:
        result = export_document(doc, catalogue(), form="rekvisition", pdf=tmp_path / "r.pdf")
        assert result.recorded and result.note == ""
        assert [(e.form, e.draft) for e in doc.exports()] == [("rekvisition", False)]


def test_write_protected_file_opened_for_editing_gets_the_file_and_a_note(tmp_path: Path, demo_path: Path) -> None:
    before = _history_size(demo_path)
    doc = _as_write_protected(demo_path)
    try:
        result = export_document(doc, catalogue(), form="redovisning", pdf=tmp_path / "r.pdf")
    finally:
        doc.close()
    assert (tmp_path / "r.pdf").stat().st_size > 0
    assert not result.recorded and result.note == NOT_RECORDED_WRITE_PROTECTED
    assert _history_size(demo_path) == before


@pytest.mark.skipif(os.name == "nt" or (hasattr(os, "geteuid") and os.geteuid() == 0), reason="root writes anyway")
def test_really_write_protected_file(tmp_path: Path, demo_path: Path) -> None:
    demo_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with Document.open(demo_path) as doc:
            result = export_document(doc, catalogue(), form="redovisning", draft=True, pdf=tmp_path / "u.pdf")
    finally:
        demo_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert (tmp_path / "u.pdf").is_file()
    assert not result.recorded and "skrivskyddad" in result.note


def test_other_failures_to_note_the_export_are_still_errors(tmp_path: Path, demo_path: Path) -> None:
    doc = Document.open(demo_path)
    doc.con.execute("PRAGMA busy_timeout = 100")  # not the usual 10 s wait
    other = sqlite3.connect(demo_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing the file right now
    try:
        with pytest.raises(DocumentError, match="upptagen"):
            export_document(doc, catalogue(), form="rekvisition", pdf=tmp_path / "r.pdf")
    finally:
        doc.close()
        other.execute("ROLLBACK")
        other.close()


def test_command_line_export_of_a_write_protected_file_prints_the_note_and_succeeds(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cli.export.open_document", lambda path, readonly=False: _as_write_protected(Path(path)))
    out_pdf = tmp_path / "redovisning.pdf"
    code = run_cli(["export", str(demo_path), "--pdf", str(out_pdf)])
    out, err = capsys.readouterr()
    assert code == 0
    assert out_pdf.is_file() and f"Skrev {out_pdf}" in out
    assert err.strip() == NOT_RECORDED_WRITE_PROTECTED
