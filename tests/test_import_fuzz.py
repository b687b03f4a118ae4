"""Hypothesis: whatever bytes arrive, the readers and the mapping import, reject rows, or raise UserError."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.errors import UserError
from models.importing import Filters, Mapping, Rule, auto_mapping, parse_sie, prepare_import, read_ledger

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.sampled_from(
        [
            "2024-03-01",
            "20240301",
            "2024/13/40",
            "",
            "7010",
            "1 234,50",
            "1 234,50-",
            "-0,5",
            "1.234,5",
            "12,345",
            "abc",
            "Summa",
            '"',
            ";",
            "\t",
            "1e400",
            "٣",
            "2024-02-29",
        ]
    ),
    st.text(max_size=12),
)
headings = st.sampled_from(["Datum", "Konto", "Belopp", "Debet", "Kredit", "Text", "Projekt", "Ver", "X", ""])


def _outcome(path: Path, filters: Filters | None = None, mapping: Mapping | None = None) -> None:
    try:
        raw = read_ledger(path)
        plan = prepare_import(
            raw,
            mapping or auto_mapping(raw.headers),
            filters or Filters(),
            [Rule((7000, 7999), "lön", "Personal", None)],
            default_stream="S",
        )
    except UserError as err:
        assert str(err).strip()
        return
    for c in plan.candidates:
        assert isinstance(c.amount, Decimal) and c.amount == c.amount.quantize(Decimal("0.01"))
    for r in plan.rejects:
        assert r.reason and isinstance(r.row, int)
    assert plan.total == sum((c.amount for c in plan.candidates), Decimal("0.00"))


@FUZZ
@given(
    head=st.lists(headings, min_size=1, max_size=6),
    body=st.lists(st.lists(cells, max_size=7), max_size=8),
    delim=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_csv_never_escapes_with_another_exception(head, body, delim, encoding) -> None:
    text = "\n".join(delim.join(r) for r in [head, *body])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        _outcome(path, Filters(accounts=[]))
        _outcome(path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        for name in ("x.csv", "x.xlsx", "x.se"):
            path = Path(d) / name
            path.write_bytes(data)
            _outcome(path)


sie_words = st.sampled_from(
    [
        "#VER",
        "#TRANS",
        "#RTRANS",
        "#BTRANS",
        "#KONTO",
        "#DIM",
        "#OBJEKT",
        "#RAR",
        "{",
        "}",
        "A",
        "1",
        "20240105",
        "20241399",
        "7010",
        "1930",
        "-100.50",
        "1,5",
        "1.005",
        '"text"',
        '"a \\" b"',
        '""',
        '{1 "456" 6 "GNV24"}',
        "{}",
        "{6",
        '"',
        "\\",
        "0",
    ]
)


@FUZZ
@given(lines=st.lists(st.lists(sie_words, min_size=1, max_size=7).map(" ".join), max_size=25))
def test_sie_never_escapes_with_another_exception(lines: list[str]) -> None:
    body = "#FLAGGA 0\n#SIETYP 4\n" + "\n".join(lines) + "\n"
    for encoding in ("cp437", "utf-8"):
        try:
            sie = parse_sie(body.encode(encoding))
        except UserError:
            continue
        for t in sie.transactions:
            assert t.amount == t.amount.quantize(Decimal("0.01"))
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "bok.se"
            path.write_bytes(body.encode(encoding))
            _outcome(path, Filters(objects=[("6", "GNV24")]))


@FUZZ
@given(
    roles=st.dictionaries(
        st.sampled_from(["date", "voucher", "account", "amount", "debit", "credit", "text", "supplier"]),
        st.one_of(st.none(), headings, st.text(max_size=5)),
    ),
    objects=st.dictionaries(st.sampled_from(["1", "6", "Projekt"]), headings, max_size=2),
    negate=st.booleans(),
    object_filter=st.lists(
        st.tuples(st.sampled_from(["1", "6", "Projekt", "Saknas"]), st.text(max_size=4)), max_size=2
    ),
)
def test_any_mapping_gives_a_plan_or_a_user_error(roles, objects, negate, object_filter) -> None:
    data = {**roles, "objects": objects, "negate": negate}
    try:
        mapping = Mapping.from_json(data)
    except UserError:
        return
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.csv"
        path.write_text(
            "Datum;Konto;Belopp;Debet;Kredit;Text;Projekt;Ver;X\n"
            "2024-01-01;7010;100,00;;;Lön;GNV24;1;\n2024-01-02;6550;;50,00;10,00;Konsult;GNV24;2;\n",
            encoding="utf-8",
        )
        _outcome(path, Filters(objects=object_filter), mapping)


def _small_xlsx() -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Datum", "Konto", "Belopp", "Text"])
    ws.append(["2024-01-01", 7010, 100.5, "Lön"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _small_xlsx()


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=20),
    cut=st.integers(30, len(XLSX)),
)
def test_damaged_xlsx(flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(XLSX)
    for pos, value in flips:
        data[pos] = value
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "huvudbok.xlsx"
        path.write_bytes(bytes(data[:cut]))
        _outcome(path)
