"""The fuzz and abuse suite of issue 13: at least 10 000 generated inputs per reader, called in-process,
and a smaller sample through ``main.py``. Whatever arrives, the outcome is a result or the program's own
error (``UserError``, one sentence), never another exception; a refused document is left unchanged.

``BIDRAGSKOLLEN_FUZZ=N`` sets the number of inputs per reader: CI (``.ci/run``) runs 10 000 per reader; a
developer's run without it, 1 000 (the whole suite stays quick while working).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.errors import UserError
from models.importing import Filters, Rule, auto_mapping, parse_sie, prepare_import, read_ledger, read_profile_file
from models.storage.document_file import Document
from tests.helpers import catalogue, cost, new_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("BIDRAGSKOLLEN_FUZZ") or (10_000 if os.environ.get("CI") else 1_000))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
pytestmark = pytest.mark.slow
_WORK = Path(tempfile.mkdtemp(prefix="bk-fuzz-"))  # one folder for every generated file: no per-example mkdtemp


def _read(name: str, data: bytes) -> None:
    """Read ``data`` as the ledger file ``name`` and plan its import: a plan with exact money, or a UserError."""
    path = _WORK / name
    path.write_bytes(data)
    try:
        raw = read_ledger(path)
        plan = prepare_import(
            raw, auto_mapping(raw.headers), Filters(), [Rule((7000, 7999), "lön", "Personal", None)], default_stream="S"
        )
    except UserError as err:
        assert str(err).strip() and "\n" not in str(err).strip()
        return
    for c in plan.candidates:
        assert isinstance(c.amount, Decimal) and c.amount == c.amount.quantize(Decimal("0.01"))
    assert plan.total == sum((c.amount for c in plan.candidates), Decimal("0.00"))


cell = st.one_of(
    st.sampled_from(["2024-03-01", "20240301", "7010", "1 234,50", "-1+1", "=1+1", "1e400", '"', "", "Summa"]),
    st.text(max_size=10),
)
head = st.lists(st.sampled_from(["Datum", "Konto", "Belopp", "Debet", "Kredit", "Text", "Ver", ""]), max_size=6)


@FUZZ
@given(head=head, body=st.lists(st.lists(cell, max_size=7), max_size=10), delim=st.sampled_from(";,\t|"))
def test_csv_reader(head, body, delim):
    lines = [delim.join(head)] + [delim.join(r) for r in body]
    _read("bok.csv", "\n".join(lines).encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=600), name=st.sampled_from(["bok.csv", "bok.txt", "bok.se", "bok.xlsx", "bok.xls"]))
def test_any_bytes_under_any_name(data, name):
    _read(name, data)


sie_word = st.one_of(
    st.sampled_from(["#VER", "#TRANS", "#RTRANS", "#SIETYP", "4", "{", "}", "{}", '"', "A", "1", "20240301",
                     "7010", "1 234.50", "-100.00", "1e9", "20240230", '"text"', "{1 \"x\"}", "\\"]),
    st.text(alphabet="0123456789.-{}\" #ABTRVS", max_size=8),
)  # fmt: skip


@FUZZ
@given(lines=st.lists(st.lists(sie_word, min_size=1, max_size=7).map(" ".join), max_size=30))
def test_sie_reader(lines):
    try:
        sie = parse_sie(("#SIETYP 4\n" + "\n".join(lines)).encode("cp437", "replace"))
    except UserError:
        return
    assert all(isinstance(t.ore, int) for t in sie.transactions)
    assert all(r.reason for r in sie.rejects)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Datum", "Konto", "Belopp", "Text"])
    for i in range(8):
        ws.append([f"2024-03-{i + 1:02d}", 7010, 100 + i, f"rad {i}"])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx()


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=12))
def test_xlsx_reader(flips):
    data = bytearray(XLSX)
    for at, value in flips:
        data[at] = value
    _read("bok.xlsx", bytes(data))


XLS = (ROOT / "tests" / "data" / "import" / "skadad-panik.xls").read_bytes()


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, len(XLS) - 1), st.integers(0, 255)), max_size=8))
def test_xls_reader_including_calamines_panics(flips):
    data = bytearray(XLS)
    for at, value in flips:
        data[at] = value
    _read("bok.xls", bytes(data))


@FUZZ
@given(text=st.one_of(st.text(max_size=200), st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["mapping", "filters", "rules", "accounts", "date", "amount", "name", "objects",
                         "date_from", "format", "version"]), inner, max_size=4)),
    max_leaves=12).map(repr)))  # fmt: skip
def test_profile_reader(text):
    path = _WORK / "profil.json"
    path.write_text(text.replace("None", "null").replace("True", "true").replace("False", "false"), "utf-8")
    try:
        read_profile_file(path)
    except UserError:
        pass


@pytest.fixture(scope="module")
def document_bytes(tmp_path_factory) -> bytes:
    doc = new_document(tmp_path_factory.mktemp("fuzzdoc"))
    doc.costs.add_costs([cost(str(10 + i), text=f"Rad {i}") for i in range(30)], file="bok.csv")
    doc.set_field("email", "a@b.se")
    doc.close()
    return doc.path.read_bytes()


@settings(FUZZ, max_examples=max(EXAMPLES // 5, 50))
@given(flips=st.lists(st.tuples(st.integers(0), st.integers(0, 255)), min_size=1, max_size=6))
def test_document_reader(document_bytes, flips):
    data = bytearray(document_bytes)
    for at, value in flips:
        data[at % len(data)] = value
    path = _WORK / "vänd.bidrag"
    path.write_bytes(bytes(data))
    try:
        doc = Document.open(path, readonly=True)
    except UserError:
        assert path.read_bytes() == bytes(data)
        return
    with doc:
        try:
            doc.fields(), doc.history(), doc.payments(), list(doc.costs.iter_costs()), doc.allocation()
        except UserError:
            pass


def test_a_sample_through_main_py_ends_in_a_result_or_one_sentence(tmp_path):
    """Through the real command line: exit 0 or 2, never a traceback or a panic on the terminal."""
    doc = tmp_path / "d.bidrag"
    Document.create(doc, "gnv-2024", "region-12", catalogue()).close()
    rnd = random.Random(13)
    samples = max(EXAMPLES // 500, 6)
    for i in range(samples):
        kind = ["csv", "se", "xlsx", "xls"][i % 4]
        base = {"csv": b"Datum;Konto;Belopp\n2024-03-01;7010;5,00\n", "se": b"#SIETYP 4\n#VER A 1 20240301\n{\n"
                b"#TRANS 7010 {} 5.00\n}\n", "xlsx": XLSX, "xls": XLS}[kind]  # fmt: skip
        data = bytearray(base)
        for _ in range(rnd.randint(0, 6)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        ledger = tmp_path / f"bok{i}.{kind}"
        ledger.write_bytes(bytes(data))
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "import", str(doc), str(ledger), "--dry-run"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 2), done.stderr
        said = [line for line in done.stderr.splitlines() if not line.startswith("Rad ")]
        assert "Traceback" not in done.stderr and "panicked" not in done.stderr, done.stderr
        assert done.returncode == 0 or len(said) == 1, done.stderr


def test_a_zip_inside_a_zip_and_nested_parts_are_refused_or_read(tmp_path):
    inner = BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "dubbel.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", inner.getvalue())
    with pytest.raises(UserError):
        read_ledger(path)


def test_an_xlsx_whose_member_name_is_flagged_utf8_but_is_not_is_refused_as_damaged():
    """Found by the fuzz run: a flipped flag bit makes zipfile decode a name as UTF-8 and raise
    UnicodeDecodeError, which must be a refusal of the file, not an error of the program."""
    data = bytearray(XLSX)
    entry = data.index(b"PK\x01\x02")  # the first central-directory entry
    data[entry + 9] |= 0x08  # general-purpose flags (little-endian, offset 8): bit 11 (0x800), names are UTF-8
    name_at = entry + 46
    data[name_at] = 0xFF  # no UTF-8 sequence starts with 0xFF
    with pytest.raises(UserError, match="skadad"):
        read_ledger(_write("bok.xlsx", bytes(data)))


def _write(name: str, data: bytes) -> Path:
    path = _WORK / name
    path.write_bytes(data)
    return path
