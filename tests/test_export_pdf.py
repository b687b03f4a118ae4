"""The PDF: embedded fonts only, A4, page header on every page; atomic writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_export_samples import sample_report

from exporters.atomic import write_atomic
from exporters.pdf import render_pdf
from models.errors import UserError


def _fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    out = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
    return out


def test_every_font_is_embedded_dejavu_and_no_base_font_is_referenced():
    report, costs = sample_report("gnv-2023")
    reader = PdfReader(io.BytesIO(render_pdf(report, draft=True, ledger=costs)))
    fonts = _fonts(reader)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    assert all("DejaVu" in name for name, _ in fonts), fonts


def test_pages_are_a4_and_each_names_recipient_agreement_page_and_fingerprint():
    from models.fingerprint import fingerprint

    report, costs = sample_report("gnv-2024")
    reader = PdfReader(io.BytesIO(render_pdf(report, ledger=costs)))
    assert len(reader.pages) >= 3
    for i, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w), round(h)) == (595, 842)
        text = " ".join(page.extract_text().replace("\u00a0", " ").split())
        assert "Region Skåne · Organisationsnummer 232100-0255" in text
        assert "God och nära vård 2024" in text
        assert f"Sida {i} av {len(reader.pages)}" in text
        assert f"Kontrollsumma {fingerprint(report, ledger=costs)}" in text
        assert "UTKAST" not in text


def test_fingerprint_changes_with_a_figure_and_not_with_the_day():
    from dataclasses import replace
    from datetime import date

    from models.fingerprint import fingerprint

    a, _ = sample_report("gnv-2024")
    b, _ = sample_report("gnv-2024", n=199)
    assert fingerprint(a) != fingerprint(b)
    assert fingerprint(a) == fingerprint(replace(a, generated=date(2030, 1, 1)))
    assert len(fingerprint(a)) == 12


def test_atomic_write_replaces_the_whole_file_or_nothing(tmp_path, monkeypatch):
    target = tmp_path / "bilaga1.pdf"
    target.write_bytes(b"old signed version")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"

    def broken_replace(self, other):
        raise PermissionError(13, "locked")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(UserError, match="stäng den"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["bilaga1.pdf"]  # no temporary file left behind
