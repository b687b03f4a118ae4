"""The example's onward payments: Skåne län passes 90 000 000 kr of its share on to the county's 33
municipalities by population (the figures are rounded and only for the example), pays half in March and
half in October (three municipalities still wait for the second half), and Lund reports back in
December with a return of unspent money. Used by ``models/demo/example.py``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from models.transfers import MunicipalReport, split_total

if TYPE_CHECKING:
    from models.storage.document_file import Document

PLANNED = Decimal("90000000")
# Rounded population of Skåne's municipalities, for the example only (not official figures).
POPULATION = {
    "Malmö": 362000, "Helsingborg": 151000, "Lund": 128000, "Kristianstad": 87000, "Hässleholm": 53000,
    "Landskrona": 47000, "Trelleborg": 47000, "Ängelholm": 43000, "Vellinge": 37000, "Eslöv": 35000,
    "Kävlinge": 33000, "Ystad": 31000, "Höganäs": 27000, "Staffanstorp": 26000, "Lomma": 25000,
    "Svedala": 23000, "Burlöv": 20000, "Simrishamn": 19000, "Sjöbo": 19000, "Klippan": 18000,
    "Skurup": 17000, "Höör": 17000, "Åstorp": 16500, "Hörby": 16000, "Bjuv": 16000, "Båstad": 15500,
    "Östra Göinge": 15000, "Svalöv": 14500, "Osby": 13300, "Tomelilla": 13000, "Bromölla": 12900,
    "Örkelljunga": 10500, "Perstorp": 7600,
}  # fmt: skip
WAITING = ("Bjuv", "Osby", "Perstorp")  # the second half not paid yet
LUND_RETURNS = Decimal("125000.50")


def add_onward_payments(doc: Document) -> Decimal:
    """Plan, pay and take a report back in the example; returns what the transfers cost in all."""
    muni = doc.transfers.municipalities()
    figures = {muni.find(name).code: Decimal(n) for name, n in POPULATION.items()}
    parts = split_total(PLANNED, "population", muni, figures)
    doc.transfers.set_transfer_plan(
        {p.municipality.code: (p.amount, p.note) for p in parts}, "Fördelning efter befolkning"
    )
    net = Decimal("0.00")
    for number, p in enumerate(parts, start=1):
        first = (p.amount / 2).quantize(Decimal("0.01"))
        doc.transfers.add_transfer(p.municipality, first, date(2024, 3, 15), reference=f"V24-{3000 + number}")
        net += first
        if p.municipality.name not in WAITING:
            doc.transfers.add_transfer(
                p.municipality, p.amount - first, date(2024, 10, 15), reference=f"V24-{8000 + number}"
            )
            net += p.amount - first
    lund = muni.find("Lund")
    paid_lund = next(p.amount for p in parts if p.municipality == lund)
    doc.transfers.add_municipal_report(
        MunicipalReport(lund.code, date(2024, 12, 20), paid_lund - LUND_RETURNS, LUND_RETURNS, "Slutrapport 2024")
    )
    return net - LUND_RETURNS
