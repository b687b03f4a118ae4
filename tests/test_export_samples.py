"""Hand-built reports for the export tests: five agreements, with öre, several streams, and åäö.

Also the tests that the samples themselves add up, so a wrong sample cannot hide a wrong export.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.document import Cost
from models.report import ReportInput, assemble_report
from models.summary import Summary

D = Decimal

# agreement id -> (variant, year, name, streams with allocation)
AGREEMENTS: dict[str, tuple[str, int, str, dict[str, Decimal]]] = {
    "gnv-2019": (
        "2019",
        2019,
        "God och nära vård – En omställning av hälso- och sjukvården med fokus på primärvården",
        {"Nära vård": D("12500000.00")},
    ),
    "gnv-2020": (
        "2020",
        2020,
        "God och nära vård 2020 – En omställning av hälso- och sjukvården med fokus på primärvården",
        {"Nära vård": D("9876543.00")},
    ),
    "sjsv-2021": ("2021", 2021, "Sammanhållen, jämlik och säker vård 2021", {"Sammanhållen vård": D("4000000.00")}),
    "gnv-2023": (
        "2023",
        2023,
        "God och nära vård 2023",
        {"Nära vård": D("321131063.00"), "Vårdens medarbetare": D("12000000.00"), "Ambulans": D("5282416.00")},
    ),
    "gnv-2024": ("2023", 2024, "God och nära vård 2024", {"Nära vård": D("321131063.00"), "Ambulans": D("5282416.00")}),
}

FIELDS = {
    "recipient_name": "Region Skåne",
    "org_number": "232100-0255",
    "contact_person": "Åsa Öberg",
    "postal_address": "Box 1, 291 89 Kristianstad",
    "phone": "044-309 30 00",
    "email": "asa.oberg@skane.se",
    "dnr_agreement": "S2024/00123",
    "dnr_payment": "S2024/00456",
    "giro": "Bankgiro 5050-1055",
    "payment_reference": "GNV-2024 Skåne",
    "attestation": "alt1",
    "chief_name": "Göran Ärlig",
    "chief_title": "Ekonomidirektör",
    "chief_phone": "040-675 30 00",
    "chief_email": "goran.arlig@skane.se",
    "signatory_name": "Märta Ödman",
    "signatory_title": "Regiondirektör",
    "sign_place": "Malmö",
    "sign_date": "2025-03-14",
}

CATEGORIES = ("Personal", "Kompetenshöjande insatser", "IT och infrastruktur", "Köpta tjänster", "Lokaler", "Övrigt")


def sample_costs(year: int, streams: list[str], n: int = 200) -> list[Cost]:
    """n cost rows with öre, spread over streams and categories, with a formula-looking text."""
    out = []
    for i in range(n):
        amount = D(1000 + (i * 7919) % 250000) + D(i % 100) / 100
        out.append(
            Cost(
                date=date(year, 1 + i % 12, 1 + i % 28),
                amount=amount,
                stream=streams[i % len(streams)],
                category=CATEGORIES[i % len(CATEGORIES)],
                text='=HYPERLINK("http://x")' if i == 3 else f"Kostnad nr {i} för vårdcentral i Hörby",
                voucher=f"V{i:05d}",
                supplier="Åkesson & Söner AB",
                source=f"huvudbok.xlsx rad {i + 2}",
            )
        )
    return out


def summary_for(agreement_id: str, costs: list[Cost], received: Decimal | None = None) -> Summary:
    _variant, year, name, alloc = AGREEMENTS[agreement_id]
    by_stream: dict[str, Decimal] = {}
    by_cat: dict[str, Decimal] = {c: D("0.00") for c in CATEGORIES}
    by_sc: dict[tuple[str, str], Decimal] = {}
    for c in costs:
        by_stream[c.stream] = by_stream.get(c.stream, D("0.00")) + c.amount
        by_cat[c.category] = by_cat.get(c.category, D("0.00")) + c.amount
        by_sc[(c.stream, c.category)] = by_sc.get((c.stream, c.category), D("0.00")) + c.amount
    total = sum((c.amount for c in costs), D("0.00"))
    alloc_total = sum(alloc.values(), D("0.00"))
    got = alloc_total if received is None else received
    return Summary(
        agreement_id=agreement_id,
        agreement_name=name,
        recipient_id="region-skane",
        recipient_name="Region Skåne",
        recipient_kind="region",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        allocation_total=alloc_total,
        allocation=dict(alloc),
        received=got,
        costs_total=total,
        costs_by_stream=by_stream,
        costs_by_category=by_cat,
        costs_by_stream_category=by_sc,
        cost_count=len(costs),
        unspent=max(got - total, D("0.00")),
        self_financed=max(total - got, D("0.00")),
    )


def sample_report(
    agreement_id: str = "gnv-2024",
    form: str = "redovisning",
    *,
    n: int = 200,
    fields: dict[str, str] | None = None,
    received: Decimal | None = None,
):
    """(report, costs) for one agreement."""
    variant, year, name, alloc = AGREEMENTS[agreement_id]
    costs = sample_costs(year, list(alloc), n)
    data = ReportInput(
        form=form,
        variant=variant,
        agreement_id=agreement_id,
        agreement_name=name,
        year=year,
        recipient_name="Region Skåne",
        fields=dict(FIELDS if fields is None else fields),
        summary=summary_for(agreement_id, costs, received),
        today=date(2025, 3, 14),
    )
    return assemble_report(data), costs


def test_sample_costs_add_up_in_every_view():
    report, costs = sample_report("gnv-2023")
    total = sum((c.amount for c in costs), D("0.00"))
    assert report.figures["costs_total"] == total
    assert report.row("costs_total").amount == total
    parts = [r.amount for r in report.rows() if r.key.startswith("stream")]
    assert sum(parts, D("0.00")) == total
