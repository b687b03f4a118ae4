"""Reading an allocation table the user pastes or picks: PDF text, tabs, one cell per line, files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seeds import SEED_2024

from models.catalogue.agreement_table import read_pasted_table, read_table_file
from models.catalogue.catalogue import Stream
from models.catalogue.check import default_directory, load_catalogue, read_agreement, read_recipients
from models.catalogue.pasted_text import TableTextError
from models.catalogue.table_checks import parse_totals, table_json, table_warnings, with_table
from models.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
needs_seed = pytest.mark.usefixtures("seeds")


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def gnv(cat):
    return cat.agreement("gnv-2024")


def seed_table(first: str, last: str = "Totalt", *, pdf: bool) -> str:
    """The lines of a table in the 2024 seed, from its caption to its Totalt row, as copied."""
    lines = SEED_2024.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip("* ").startswith(first))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(last))
    text = "\n".join(line.replace("**", "") for line in lines[start : end + 1])
    return text.replace("\t", " ") if pdf else text


def pdf_text(table, caption: str | None = None) -> str:
    """A built-in table written as a PDF copy writes it: single spaces between cells and thousands."""

    def cell(value):
        return f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)

    lines = [caption or table.caption, " ".join(c.heading for c in table.columns)]
    lines += [" ".join(cell(v) for v in row.values) for row in table.rows]
    lines.append(" ".join(cell(v) for v in table.total))
    return "\n".join(lines)


def read(text, kind, gnv, cat):
    return read_pasted_table(text, kind, gnv.stream_specs, cat.recipients.values())


def same_rows(pasted, published) -> bool:
    mine = pasted.table()
    return [(r.recipient.id, r.values[1:]) for r in mine.rows] == [
        (r.recipient.id, r.values[1:]) for r in published.rows
    ] and mine.total == published.total


@needs_seed
@pytest.mark.parametrize("pdf", [True, False], ids=["pdf-text", "tabs"])
def test_the_2024_tables_copied_from_the_agreement_read_as_published(cat, gnv, pdf):
    bilaga3 = read(seed_table("Bilaga 3.", pdf=pdf), "region", gnv, cat)
    bilaga2 = read(seed_table("Bilaga 2.", pdf=pdf), "rss", gnv, cat)
    assert bilaga3.questions() == [] and bilaga2.questions() == []
    assert same_rows(bilaga3, gnv.allocation_table("region"))
    assert same_rows(bilaga2, gnv.allocation_table("rss"))
    assert [c.key for c in bilaga3.columns] == [c.key for c in gnv.allocation_table("region").columns]
    assert [c.key for c in bilaga2.columns] == [c.key for c in gnv.allocation_table("rss").columns]
    assert bilaga3.caption == gnv.allocation_table("region").caption
    assert bilaga3.table_id == "bilaga-3"
    skane = bilaga3.allocation()["Region Skåne"]
    assert skane == {"Nära vård": Decimal(321131063), "Ambulans": Decimal(5282416)}
    assert table_warnings(bilaga3, "ny-2026", gnv.stream_specs, {}, 21) == []


def test_one_cell_per_line(cat, gnv):
    published = gnv.allocation_table("region")
    cells = [c.heading for c in published.columns]
    for row in (*(r.values for r in published.rows), published.total):
        cells += [f"{v:,}".replace(",", " ") if isinstance(v, int) else v for v in row]
    table = read("\n".join(cells), "region", gnv, cat)
    assert table.questions() == []
    assert same_rows(table, published)


def test_a_row_two_splits_fit_is_decided_by_the_column_totals(cat):
    streams = (Stream("A", ("region",)), Stream("B", ("region",)))
    # "100 100 100 100 200" is A 100 + B 100 100 or A 100 100 + B 100; both make 100 200.
    text = "Region A (kronor) B (kronor) Totalt (kronor)\nRegion Skåne 100 100 100 100 200\nRegion Halland 5 7 12\n"
    alone = read_pasted_table(text, "region", streams, cat.recipients.values())
    assert [q for _, q in alone.questions()] == [
        "Rad 2 (”Region Skåne”) kan delas på 2 sätt som alla summerar; välj rätt."
    ]
    assert alone.rows[0].choices == ((100, 100100, 100200), (100100, 100, 100200))
    with_total = read_pasted_table(text + "Totalt 105 100 107 100 212\n", "region", streams, cat.recipients.values())
    assert with_total.questions() == []
    assert with_total.rows[0].values == (100, 100100, 100200)
    chosen = alone.choose(0, alone.rows[0].choices[1])
    assert chosen.ready and chosen.allocation()["Region Skåne"] == {"A": Decimal(100100), "B": Decimal(100)}


def test_a_row_that_cannot_add_up_is_asked_with_the_column_fit_first(cat):
    streams = (Stream("A", ("region",)), Stream("B", ("region",)))
    # Skåne's Totalt is misprinted (100 200 + 1) and the Totalt row sums the misprint: no split of
    # either adds up, and only one pair of splits makes the columns add up.
    text = "Region A B Totalt\nRegion Skåne 100 100 100 100 201\nRegion Halland 5 7 12\nTotalt 105 100 107 100 213\n"
    table = read_pasted_table(text, "region", streams, cat.recipients.values())
    assert [q for _, q in table.questions()] == [
        "Rad 2 (”Region Skåne”) går inte att dela så att beloppen summerar; välj hur raden ska läsas.",
        "Rad 4 (”Totalt”) går inte att dela så att beloppen summerar; välj hur raden ska läsas.",
    ]
    assert table.rows[0].choices[0] == (100, 100100, 100201) and len(table.rows[0].choices) > 1
    assert table.rows[2].choices[0] == (105, 100107, 100213)
    decided = table.choose(0, table.rows[0].choices[0]).choose(2, table.rows[2].choices[0])
    assert decided.ready
    warnings = table_warnings(decided, "ny-2026", streams, {}, 21)
    assert any(
        "raden ”Region Skåne” summerar till 100 200 kr men kolumnen ”Totalt” anger 100 201 kr" in w for w in warnings
    )


def test_a_pdf_row_with_one_reading_is_kept_as_published(cat):
    streams = (Stream("A", ("region",)), Stream("B", ("region",)))
    text = "Region A B Totalt\nRegion Skåne 12 1 000 1 013\nRegion Halland 1 2 3\n"
    table = read_pasted_table(text, "region", streams, cat.recipients.values())
    assert table.ready and table.rows[0].values == (12, 1000, 1013)


def test_a_table_that_does_not_add_up_is_kept_as_published_with_the_catalogues_warning(cat, gnv):
    text = "Region\tNära vård (kronor)\tAmbulans (kronor)\tTotalt (kronor)\n"
    text += "Region Skåne\t100\t10\t110\nRegion Halland\t200\t20\t220\nTotalt\t300\t30\t331\n"
    table = read(text, "region", gnv, cat)
    assert table.ready
    assert table.total.values == (300, 30, 331)
    typed = parse_totals(["Nära vård=400", "totalt=331"], gnv.stream_specs, "region")
    warnings = table_warnings(table, "ny-2026", gnv.stream_specs, typed, 21)
    assert "Fördelning till regionerna (ny-2026) saknar rader för 19 av 21 mottagare." in warnings
    assert any("kolumnen ”Totalt (kronor)” summerar till 330 kr men Totalt-raden anger 331 kr" in w for w in warnings)
    assert any("Totalt för ”Nära vård (kronor)” är 300 kr men överenskommelsen anger 400 kr" in w for w in warnings)


def test_names_match_loosely_and_an_unknown_one_gets_the_nearest(cat, gnv):
    text = "Län\tNära vård (kronor)\nSKÅNE LÄN\t10\nJämtland-Härjedalen\t20\nVästra Gtaland\t30\nTotalt\t60\n"
    table = read(text, "rss", gnv, cat)
    rows = table.recipient_rows
    assert [r.recipient.name if r.recipient else None for r in rows] == ["Skåne län", "Jämtlands län", None]
    assert [q for _, q in table.questions()] == [
        "Rad 4 (”Västra Gtaland”): ”Västra Gtaland” är ingen känd RSS; menar du Västra Götalands län?"
    ]
    with pytest.raises(UserError, match="finns redan på rad 2"):
        table.assign(2, cat.recipient("rss-12"))
    fixed = table.assign(2, rows[2].suggestion)
    assert fixed.ready
    data = fixed.table_data()
    # Names the catalogue's file format would not accept as printed are stored as the recipient's name.
    assert [r[0] for r in data["rows"]] == ["SKÅNE LÄN", "Jämtlands län", "Västra Götalands län"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Region\tNära vård\nRegion Skåne\t12,5\n", "Rad 2, kolumnen ”Nära vård”: ”12,5” är inget heltal"),
        (
            "Region Nära vård Ambulans\nRegion Skåne 1 000 063\nRegion Halland 1 2\n",
            "Rad 2 (”Region Skåne”) passar inte",
        ),
        ("Region\tFärjor (kronor)\nRegion Skåne\t12\n", "Kolumnen ”Färjor (kronor)” motsvarar ingen"),
        ("Region Skåne\nRegion Halland\n", "Texten innehåller inga belopp"),
        ("Region\tNära vård\nRegion Skåne\t12\nSkåne\t14\n", "Rad 2 och rad 3 avser båda Region Skåne"),
        ("Region\tNära vård\tAmbulans\nRegion Skåne\t\t12\n", "Rad 2 (”Region Skåne”) saknar ett värde"),
    ],
)
def test_an_unreadable_paste_gets_one_swedish_sentence_naming_the_line(cat, gnv, text, message):
    with pytest.raises(TableTextError) as err:
        read(text, "region", gnv, cat)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and str(err.value).endswith((".", "?"))


def test_the_file_format_round_trips_through_the_catalogue_reader(cat, gnv, tmp_path):
    table = read(pdf_text(gnv.allocation_table("region")), "region", gnv, cat)
    data = json.loads((default_directory() / "agreements" / "gnv-2024.json").read_text(encoding="utf-8"))
    blank = {**data, "id": "ny-2026", "tables": [], "groups": {}}
    typed = parse_totals(["Nära vård=2 420 000 000"], gnv.stream_specs, "region")
    path = tmp_path / "ny-2026.json"
    path.write_text(json.dumps(with_table(blank, table, typed), ensure_ascii=False), encoding="utf-8")
    loaded = read_agreement(path, read_recipients(default_directory() / "recipients.json"))
    for recipient in cat.recipients_of("region"):
        assert loaded.allocation_for(recipient.id) == gnv.allocation_for(recipient.id)
    assert loaded.group_totals["region"].total == Decimal(2466000000)
    assert loaded.warnings == ()


def test_json_for_the_command_line(cat, gnv):
    table = read(pdf_text(gnv.allocation_table("region")), "region", gnv, cat)
    out = table_json(table, [])
    assert out["rows"] == 21 and out["warnings"] == []
    assert out["recipients"]["Region Skåne"] == {"Nära vård": "321131063.00", "Ambulans": "5282416.00"}


def test_typed_totals_are_checked(gnv):
    with pytest.raises(UserError, match="STRÖM=BELOPP"):
        parse_totals(["Färjor=12"], gnv.stream_specs, "region")
    with pytest.raises(UserError, match="STRÖM=BELOPP"):
        parse_totals(["Ambulans=12"], gnv.stream_specs, "rss")  # Ambulans is no RSS stream in 2024
    assert parse_totals(["ambulans=46 000 000"], gnv.stream_specs, "region") == {"Ambulans": Decimal(46000000)}


def test_spreadsheet_and_csv_files(cat, gnv, tmp_path):
    from openpyxl import Workbook

    published = gnv.allocation_table("rss")
    wb = Workbook()
    ws = wb.active
    ws.append([published.caption])
    ws.append([c.heading for c in published.columns])
    for row in (*(r.values for r in published.rows), published.total):
        ws.append(list(row))
    wb.save(tmp_path / "bilaga2.xlsx")
    table = read_table_file(tmp_path / "bilaga2.xlsx", "rss", gnv.stream_specs, cat.recipients.values())
    assert table.ready and same_rows(table, published)
    csv = "\n".join(
        ";".join(f'"{v}"' for v in r)
        for r in [[c.heading for c in published.columns]] + [list(r.values) for r in published.rows]
    )
    (tmp_path / "bilaga2.csv").write_text(csv, encoding="cp1252")
    table = read_table_file(tmp_path / "bilaga2.csv", "rss", gnv.stream_specs, cat.recipients.values())
    assert table.ready and table.allocation() == read(pdf_text(published), "rss", gnv, cat).allocation()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3_000_000), st.integers(0, 99_999_999), st.integers(0, 9_999_999)),
        min_size=21,
        max_size=21,
    )
)
def test_pdf_text_is_read_back_exactly_or_asked_never_wrongly(cat, gnv, amounts):
    """Any table copied from a PDF: each row is either the published one or a question."""
    regions = cat.recipients_of("region")
    lines = ["Region Befolkning Nära vård (kronor) Ambulans (kronor) Totalt (kronor)"]
    expected = {}
    for recipient, (people, near, amb) in zip(regions, amounts, strict=True):
        values = (people, near, amb, near + amb)
        expected[recipient.id] = values
        lines.append(recipient.name + " " + " ".join(f"{v:,}".replace(",", " ") for v in values))
    totals = [sum(v[i] for v in expected.values()) for i in range(4)]
    lines.append("Totalt " + " ".join(f"{v:,}".replace(",", " ") for v in totals))
    table = read("\n".join(lines), "region", gnv, cat)
    for row in table.recipient_rows:
        assert expected[row.recipient.id] in row.choices
        assert row.values in (None, expected[row.recipient.id])


def test_pdf_headings_copied_one_per_line(cat, gnv):
    published = gnv.allocation_table("region")
    lines = pdf_text(published).splitlines()
    text = "\n".join([lines[0], *(c.heading for c in published.columns), *lines[2:]])
    assert text.count("\n") == len(lines) + len(published.columns) - 2
    table = read(text, "region", gnv, cat)
    assert [c.heading for c in table.columns] == [c.heading for c in published.columns]
    assert table.ready and same_rows(table, published)
