"""The December ledger the import screenshots read: a Swedish finance system's CSV export of the demo's
project, with three rows the demo already holds (so the summary step shows duplicates)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.storage.document_file import Document

LEDGER_HEAD = ("Datum", "Verifikation", "Konto", "Belopp", "Text", "Leverantör", "Kostnadsställe", "Projekt")
# A December export from the finance system for the demo's project NV24: new rows, rows that are
# filtered out (balance account, another project, next year), two rows that cannot be read, and
# (added in demo_ledger) three rows that are already in the demo document.
LEDGER_ROWS = (
    (
        "2024-12-02",
        "V24-00201",
        "5010",
        "96 500,00",
        "Hyra lokal för närvårdsmottagning december, Lunds kommun",
        "Fastighets AB Förvaltaren",
        "4510",
        "NV24",
    ),
    (
        "2024-12-03",
        "V24-00202",
        "6550",
        "372 800,00",
        "Processledning mobila närvårdsteam, Ystads kommun",
        "Ramböll Sverige AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-04",
        "V24-00203",
        "5420",
        "125 875,00",
        "Licenser för digitala vårdmöten, december",
        "Inera AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-05",
        "V24-00204",
        "6550",
        "189 000,00",
        "Konsultstöd ambulanssjukvård, december",
        "Sweco Sverige AB",
        "4520",
        "AMB24",
    ),
    (
        "2024-12-06",
        "V24-00205",
        "7610",
        "49 800,00",
        "Utbildningsdag personcentrerad vård, Eslövs kommun",
        "Hälsohögskolan i Jönköping",
        "4510",
        "NV24",
    ),
    (
        "2024-12-09",
        "V24-00206",
        "6110",
        "37 450,00",
        "Trycksaker och informationsmaterial om nära vård",
        "Exakta Print AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-10",
        "V24-00207",
        "2440",
        "-372 800,00",
        "Leverantörsskuld Ramböll, faktura 88412",
        "Ramböll Sverige AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-11",
        "V24-00208",
        "6540",
        "84 312,50",
        "Drift och support digitala vårdmöten, december",
        "Tieto Sverige AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-12",
        "V24-00209",
        "6550",
        "se faktura",
        "Utvärdering av samverkan kommun–region, slutrapport",
        "FoU Skåne",
        "4510",
        "NV24",
    ),
    ("2024-12-13", "V24-00210", "5800", "4 368,00", "Taxi, hembesök mobilt närvårdsteam", "Taxi Skåne", "4510", "NV24"),
    (
        "2024-12-16",
        "V24-00211",
        "7610",
        "112 000,00",
        "Vidareutbildning specialistundersköterskor, Malmö stad",
        "Malmö universitet",
        "4510",
        "NV24",
    ),
    (
        "",
        "V24-00212",
        "6550",
        "425 500,00",
        "Processledning mobila närvårdsteam, Kristianstads kommun",
        "Ramböll Sverige AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-18",
        "V24-00213",
        "5010",
        "63 200,00",
        "Konferenslokal, länsgemensam träff nära vård",
        "Elite Hotels of Sweden AB",
        "4510",
        "NV24",
    ),
    (
        "2024-12-20",
        "V24-00214",
        "7010",
        "830 240,00",
        "Löner samordnare nära vård december, Lunds kommun",
        "",
        "4510",
        "NV24",
    ),
    (
        "2024-12-20",
        "V24-00215",
        "7510",
        "260 861,40",
        "Sociala avgifter och pension, projektanställda december",
        "",
        "4510",
        "NV24",
    ),
    ("2024-12-23", "V24-00216", "5800", "6 824,00", "Resor i tjänsten, samordnare december", "SJ AB", "4510", "NV24"),
    ("2025-01-09", "V25-00003", "6550", "90 000,00", "Utvärdering, slutseminarium", "FoU Skåne", "4510", "NV24"),
)


def _sek(amount: Decimal) -> str:
    """1234.5 → "1 234,50", the way a Swedish finance system writes it."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def demo_ledger(doc: Document, path: Path) -> Path:
    """A semicolon CSV (Windows-1252, like most Swedish finance systems) with LEDGER_ROWS and three
    December rows that the demo document already holds, so the summary shows duplicates."""
    from models.importing import DEFAULT_RULES

    def rule_category(account: str) -> str | None:
        return next((r.category for r in DEFAULT_RULES if r.accounts[0] <= int(account) <= r.accounts[1]), None)

    december = [c for c in doc.costs.iter_costs() if c.date.year == 2024 and c.date.month == 12 and c.account]
    known = [c for c in december if rule_category(c.account) == c.category][-3:]
    rows = list(LEDGER_ROWS) + [
        (c.date.isoformat(), c.voucher, c.account, _sek(c.amount), c.text, c.supplier, "4510", c.object) for c in known
    ]
    rows.sort(key=lambda r: r[0] or "2024-12-17")
    lines = [";".join(LEDGER_HEAD)] + [";".join(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path
