"""The form lays out for any input the fields accept, in every variant, as PDF (and as xlsx, at the limits).

Every text field may hold up to its limit (models/validation.py: 2 000 characters, 10 000 for
multi-line fields). Whatever is typed, the export succeeds; the signature block (heading,
statement, Datum, Underskrift, Namnförtydligande) stands whole on one page; a stream's heading
stands on the page of its subtotal; and a text too long for its box continues under
"Fortsättning" after the form, none of it lost.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from test_export_samples import FIELDS, sample_report

from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx
from models.fields import FIELDS as SPECS
from models.report import load_wording
from models.validation import MAX_MULTILINE, MAX_TEXT, normalize_field

VARIANTS = {"2019": "gnv-2019", "2020": "gnv-2020", "2021": "sjsv-2021", "2023": "gnv-2023"}
FREE = [s for s in SPECS if s.kind in ("text", "multiline")]  # fields that take any text up to a limit
LAYOUT = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def limit(kind: str) -> int:
    return MAX_MULTILINE if kind == "multiline" else MAX_TEXT


def filler(length: int, word: int, line: int, kind: str) -> str:
    """``length`` characters of words ``word`` long (å ä ö, numbered so text can be found), a line
    break every ``line`` words in multi-line fields; accepted by the field as it is."""
    words, n = [], 0
    while sum(map(len, words)) + len(words) < length:
        w = f"{n}ö" + "åäx"[n % 3] * max(0, word - len(str(n)) - 1)
        words.append(w)
        n += 1
    sep = " "
    text = ""
    for i, w in enumerate(words):
        text += (("\n" if kind == "multiline" and line and i % line == 0 else sep) if i else "") + w
    return text[:length].strip() or "x"


def fields_with(values: dict[str, str]) -> dict[str, str]:
    out = {**FIELDS, "attestation": "alt2", "deviations": "Se nedan."}
    for name, value in values.items():
        spec = next(s for s in SPECS if s.name == name)
        out[name] = normalize_field(name, value)  # as the field would keep it
        assert len(out[name]) <= limit(spec.kind)
    return out


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_pages(data: bytes) -> list[str]:
    return [norm(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def check_layout(variant: str, form: str, data: bytes) -> list[str]:
    pages = pdf_pages(data)
    for i, text in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in text
    words = load_wording(variant)[form]["underskrift"]
    block = [norm(words[k]) for k in ("heading", "statement", "date", "signature", "name")]
    first = next(i for i, page in enumerate(pages) if block[0] in page)  # later: "Fortsättning" names it
    assert all(word in pages[first] for word in block), "the signature block is split"
    return pages


@pytest.mark.parametrize("form", ["redovisning", "rekvisition"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_free_field_at_its_limit_exports_with_the_signature_block_whole(variant, form):
    values = {s.name: filler(limit(s.kind), 9, 7, s.kind) for s in FREE}
    report, _ = sample_report(VARIANTS[variant], form, fields=fields_with(values))
    pages = check_layout(variant, form, render_pdf(report, draft=True))
    text = " ".join(pages)
    assert "Fortsättning" in text
    assert text.count("fortsätter under ”Fortsättning” efter blanketten") >= 5
    # the workbook too: every cell within Excel's limits, the rest under Fortsättning
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, draft=True))).worksheets[0]
    heights = [d.height for d in sheet.row_dimensions.values() if d.height]
    assert heights and max(heights) <= 409
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(map(len, cells)) <= 32767 and "Fortsättning" in cells


@pytest.mark.parametrize("form", ["redovisning", "rekvisition"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
@LAYOUT
@given(data=st.data())
def test_any_lengths_the_fields_accept_lay_out(variant, form, data):
    values = {}
    for spec in data.draw(st.lists(st.sampled_from(FREE), min_size=1, max_size=6, unique_by=lambda s: s.name)):
        length = data.draw(st.integers(1, limit(spec.kind)), label=spec.name)
        word = data.draw(st.integers(1, 60), label="word")
        line = data.draw(st.integers(0, 12), label="line")
        values[spec.name] = filler(length, word, line, spec.kind)
    report, _ = sample_report(VARIANTS[variant], form, fields=fields_with(values))
    check_layout(variant, form, render_pdf(report, draft=data.draw(st.booleans(), label="draft")))


def test_long_avvikelser_continue_after_the_form_whole_and_in_order():
    """10 000 characters of Avvikelser (Alt 2): the box shows the start, Fortsättning the rest."""
    text = filler(10_000, 8, 0, "multiline")
    report, _ = sample_report("gnv-2024", fields=fields_with({"deviations": text}))
    pages = check_layout("2023", "redovisning", render_pdf(report))
    joined = " ".join(pages)
    start = joined.index("Fortsättning 4. Ekonomichefens")
    rest = joined[start:]
    last = text.split()[-1]
    assert last in rest and f"{last} " in joined
    words = re.compile(r"\b(\d+)ö")
    box = joined[joined.index("Avvikelserna och eventuella åtgärder") : start]
    assert words.findall(box) + words.findall(rest) == words.findall(text)  # every word once, in order


def test_a_stream_heading_stands_on_the_page_of_its_figures():
    """2023 region form with six streams: no stream's heading is the last line of a page."""
    report, _ = sample_report("gnv-2023", fields={**FIELDS, "postal_address": "\n".join("Rad" for _ in range(4))})
    from dataclasses import replace

    from models.report import Row, Section

    verksamhet = next(s for s in report.sections if s.key == "verksamhet")
    rows = list(verksamhet.rows)
    groups = [i for i, r in enumerate(rows) if r.kind == "group"]
    first, last = groups[0], next(i for i, r in enumerate(rows) if r.kind == "subtotal" and i > groups[-1])
    block = rows[first : last + 1]
    renamed = []
    for n in range(3):  # three times the streams: six and more, as the 2023 regions have
        renamed += [replace(r, label=f"{r.label} {n}", key=f"{r.key}x{n}" if r.key else "") for r in block]
    for pad in range(12):  # move the page break through every row of the streams
        extra = [Row("note", "Tomrad") for _ in range(pad)]
        new_rows = tuple(rows[:first] + extra + renamed + rows[last + 1 :])
        sections = tuple(replace(s, rows=new_rows) if s.key == "verksamhet" else s for s in report.sections)
        pages = pdf_pages(render_pdf(replace(report, sections=sections)))
        for r in renamed:
            if r.kind == "group":
                heading = [i for i, p in enumerate(pages) if f"{r.label} " in p]
                total = [i for i, p in enumerate(pages) if f"Summa {r.label}" in p]
                assert heading and heading[0] == total[0], (pad, r.label, heading, total)
    assert isinstance(verksamhet, Section)
