"""Long values on the PDF form break where a reader expects, never inside a word.

An e-mail address wider than the value column breaks before "@" or after "." / "-", a URL after
"/" or "."; the text copied out of the PDF gives the value back whole, without stray characters.
Normal text (a long organisation name) wraps at its spaces exactly as before.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from test_export_samples import FIELDS, sample_report

from exporters.linebreaks import BREAK_AFTER, BREAK_BEFORE, break_word, markup, pieces
from exporters.pdf import render_pdf

EMAIL = "ekonomiavdelningen.regionkontoret@regionvasterbotten.se"
CHIEF_EMAIL = "ekonomichefen.regionkontoret-vasterbotten@regionvasterbotten.se"
URL = "https://www.regionvasterbotten.se/ekonomi/statsbidrag/god-och-nara-vard-2024"
ORG = "Regionala samverkans- och stödstrukturen för vård och omsorg i Västerbottens län"
LONG = {**FIELDS, "recipient_name": ORG, "email": EMAIL, "chief_email": CHIEF_EMAIL, "payment_reference": URL}


def allowed(value: str, cut: int) -> bool:
    """Whether a line may end at value[:cut]: before "@", after "." "-" "/"."""
    return value[cut] in BREAK_BEFORE or value[cut - 1] in BREAK_AFTER


def run_of(lines: list[str], value: str, sep: str = "") -> list[str]:
    """The consecutive lines that together make ``value`` (joined by ``sep``); [] if none do."""
    for i, line in enumerate(lines):
        if not line or not value.startswith(line):
            continue
        joined, j = line, i + 1
        while len(joined) < len(value) and j < len(lines):
            joined, j = joined + sep + lines[j], j + 1
        if joined == value:
            return lines[i:j]
    return []


def assert_broken_well(lines: list[str], value: str) -> None:
    run = run_of(lines, value)
    assert run, f"{value} does not come out whole: {lines}"
    assert len(run) > 1, "the value should be wider than its column"
    cut = 0
    for line in run[:-1]:
        cut += len(line)
        assert allowed(value, cut), f"broken inside a word: {run}"


def text_lines(data: bytes, page: int = 0) -> list[str]:
    return [line.strip() for line in PdfReader(io.BytesIO(data)).pages[page].extract_text().split("\n")]


@pytest.fixture(scope="module")
def forms() -> dict[str, bytes]:
    out = {}
    for form in ("rekvisition", "redovisning"):
        report, _ = sample_report("gnv-2024", form, fields=LONG)
        out[form] = render_pdf(report)
    return out


def test_a_long_email_address_and_url_break_only_at_their_joints(forms):
    rekvisition = text_lines(forms["rekvisition"])
    assert_broken_well(rekvisition, EMAIL)
    assert run_of(rekvisition, EMAIL) == ["ekonomiavdelningen.regionkontoret", "@regionvasterbotten.se"]
    assert_broken_well(rekvisition, URL)
    assert_broken_well(text_lines(forms["redovisning"], 1), CHIEF_EMAIL)


def test_a_long_organisation_name_wraps_at_its_spaces(forms):
    lines = text_lines(forms["rekvisition"])
    run = run_of(lines, ORG, sep=" ")
    assert len(run) > 1
    assert all(f" {line} " in f" {ORG} " for line in run), run  # whole words on each line


def test_a_short_address_stays_on_one_line():
    report, _ = sample_report("gnv-2024", "rekvisition")
    lines = text_lines(render_pdf(report))
    assert FIELDS["email"] in lines


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_copied_text_has_the_address_whole_and_no_invisible_characters(forms, tmp_path):
    path = tmp_path / "rekvisition.pdf"
    path.write_bytes(forms["rekvisition"])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert not any(ch in text for ch in "\u200b\u00ad\u2060\ufeff")
    lines = [line.strip() for line in text.split("\n")]
    assert_broken_well(lines, EMAIL)
    assert_broken_well(lines, URL)


# ---------------------------------------------------------------- the rules, without a PDF

WORDS = st.text(alphabet="ab.-/@", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(word=WORDS)
def test_pieces_give_the_word_back_and_end_only_at_allowed_points(word):
    parts = pieces(word)
    assert "".join(parts) == word
    cut = 0
    for part in parts[:-1]:
        assert part
        cut += len(part)
        assert allowed(word, cut)


@settings(max_examples=300, deadline=None)
@given(word=WORDS, width=st.integers(min_value=1, max_value=30))
def test_break_word_uses_as_few_lines_as_the_joints_allow(word, width):
    lines = break_word(word, width, len)
    assert "".join(lines) == word
    for line in lines:
        assert len(line) <= width or len(pieces(line)) == 1  # a piece too wide alone: reportlab's last resort
    greedy, line = 0, ""
    for part in pieces(word):
        if line and len(line + part) > width:
            greedy, line = greedy + 1, ""
        line += part
    assert len(lines) == greedy + 1


def test_the_address_breaks_before_the_at_sign_rather_than_at_a_dot():
    assert break_word("anna.lindqvist@kommunforbundet.se", 20, len) == ["anna.lindqvist", "@kommunforbundet.se"]
    assert break_word("https://www.example.se/a/b", 8, len) == ["https://", "www.", "example.", "se/a/b"]
    assert break_word("x" * 30 + "@a.se", 10, len) == ["x" * 30, "@a.se"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab .&<\n\u00a0", max_size=60), width=st.integers(min_value=12, max_value=40))
def test_text_whose_words_fit_gets_the_markup_it_always_had(text, width):
    if all(len(w) <= width for w in re.split(r"[^\S\xa0]+", text)):  # reportlab's words: a no-break space joins
        assert markup(text, width, len) == escape(text).replace("\n", "<br/>")


def test_markup_escapes_each_line_of_a_broken_word():
    assert markup("Kontakt: a&b.c@d<e>.se", 8, len) == "Kontakt: a&amp;b.c<br/>@d&lt;e&gt;.se"
