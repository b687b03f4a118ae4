"""The example document: an RSS under God och nära vård 2024 with a filled form and a year of costs.

``python main.py --demo`` opens a fresh copy (``fresh_demo``) in the program's data folder, never
one of the user's documents. ``create_demo(path, costs=N)`` builds the same document with N cost
rows for the benchmarks. Everything is deterministic (a seeded ``random.Random``) and every amount
is built from whole öre, so the figures are the same on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.document import Cost, Payment
from models.errors import DocumentError
from models.money import from_ore
from models.storage import locking
from models.storage.activities import ActivityRule
from models.storage.document_file import Document
from models.system.paths import data_dir
from models.validation import MONTHS

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue

AGREEMENT_ID = "gnv-2024"
RECIPIENT_ID = "rss-12"  # Skåne län
DEMO_NAME = "Exempel Skåne län 2024"
LEDGER_FILE = "Huvudbok Nära vård 2024 (exempel).xlsx"
SEED = 20240101
DEFAULT_ROWS = 200
SHARE_SPENT = (955, 1000)  # the example spends 95.5 % of what it received: the rest is repaid

FIELDS: dict[str, str] = {
    "recipient_name": "Kommunförbundet Skåne",
    "org_number": "222000-1362",
    "contact_person": "Anna Lindqvist",
    "postal_address": "Exempelgatan 1\n222 22 Lund",
    "phone": "040-12 34 56",
    "email": "anna.lindqvist@kommunforbundet.exempel.se",
    "dnr_agreement": "S2023/03456",
    "dnr_payment": "S2024/00123",
    "requested_amount": "128724464",
    "giro": "Bankgiro 5050-1055",
    "payment_reference": "Nära vård 2024 Skåne län",
    "attestation": "alt1",
    "chief_name": "Per Håkansson",
    "chief_title": "Ekonomichef",
    "chief_phone": "040-12 34 60",
    "chief_email": "per.hakansson@kommunforbundet.exempel.se",
    "signatory_name": "Maria Nilsson",
    "signatory_title": "Förbundsdirektör",
    "requisition_sign_place": "Lund",
    "requisition_sign_date": "2024-02-05",
    "sign_place": "Lund",
}

MUNICIPALITIES = (
    "Malmö stad",
    "Helsingborgs stad",
    "Lunds kommun",
    "Kristianstads kommun",
    "Landskrona stad",
    "Trelleborgs kommun",
    "Ystads kommun",
    "Hässleholms kommun",
    "Eslövs kommun",
    "Ängelholms kommun",
    "Simrishamns kommun",
    "Höörs kommun",
)


@dataclass(frozen=True)
class _Template:
    category: str
    text: str  # may hold {m} (month name) and {k} (a municipality)
    suppliers: tuple[str, ...]
    account: tuple[int, int]  # BAS account range
    kronor: tuple[int, int]  # amount range in whole kronor (öre are added)
    weight: int


TEMPLATES: tuple[_Template, ...] = (
    _Template(
        "Personal",
        "Löner samordnare nära vård {m}, {k}",
        ("",),
        (7010, 7290),
        (380_000, 1_450_000),
        6,
    ),
    _Template(
        "Personal",
        "Sociala avgifter och pension, projektanställda {m}",
        ("",),
        (7510, 7590),
        (120_000, 420_000),
        3,
    ),
    _Template(
        "Kompetenshöjande insatser",
        "Utbildning i personcentrerad vård, {k}",
        ("Region Skåne Kompetenscentrum", "Lunds universitet", "Hälsohögskolan i Jönköping"),
        (6580, 6590),
        (90_000, 680_000),
        4,
    ),
    _Template(
        "Kompetenshöjande insatser",
        "Vidareutbildning specialistundersköterskor, {k}",
        ("Malmö universitet", "Högskolan Kristianstad", "Yrkeshögskolan Skåne"),
        (6580, 6590),
        (150_000, 900_000),
        3,
    ),
    _Template(
        "IT och infrastruktur",
        "Licenser för digitala vårdmöten, {m}",
        ("Inera AB", "Visiba Care AB", "Tieto Sverige AB"),
        (5420, 5460),
        (40_000, 260_000),
        3,
    ),
    _Template(
        "IT och infrastruktur",
        "Surfplattor och larm för mobil hemsjukvård, {k}",
        ("Atea Sverige AB", "Dustin Sverige AB", "Tunstall Nordic AB"),
        (5410, 5420),
        (60_000, 540_000),
        2,
    ),
    _Template(
        "Köpta tjänster",
        "Processledning mobila närvårdsteam, {k}",
        ("Ramböll Sverige AB", "Sweco Sverige AB", "Kommunförbundet Skåne FoU"),
        (6550, 6560),
        (200_000, 1_600_000),
        4,
    ),
    _Template(
        "Köpta tjänster",
        "Utvärdering av samverkan kommun–region, delrapport",
        ("FoU Skåne", "Ramböll Sverige AB", "Lunds universitet"),
        (6550, 6560),
        (150_000, 750_000),
        2,
    ),
    _Template(
        "Lokaler",
        "Hyra lokal för närvårdsmottagning {m}, {k}",
        ("Fastighets AB Förvaltaren", "Vasakronan AB", "Kommunfastigheter i Skåne AB"),
        (5010, 5090),
        (35_000, 140_000),
        3,
    ),
    _Template(
        "Lokaler",
        "Konferenslokal, länsgemensam träff nära vård",
        ("Scandic Hotels AB", "Elite Hotels of Sweden AB", "Hotell Lundia"),
        (5010, 5090),
        (18_000, 95_000),
        1,
    ),
    _Template(
        "Övrigt",
        "Resor i tjänsten, samordnare {m}",
        ("SJ AB", "Skånetrafiken", "Taxi Skåne"),
        (5800, 5890),
        (4_000, 48_000),
        2,
    ),
    _Template(
        "Övrigt",
        "Trycksaker och informationsmaterial om nära vård",
        ("Exakta Print AB", "Tryckeriet i Skåne AB", "Elanders Sverige AB"),
        (6110, 6150),
        (9_000, 85_000),
        1,
    ),
)

PERIOD_START = date(2024, 1, 1)
PERIOD_END = date(2024, 12, 31)
OUTSIDE_DATES = (date(2023, 12, 28), date(2023, 12, 29), date(2025, 1, 8))


# The example's activities (name, stream, category, text rules) and how far each plans beyond what it
# spends in the end (per mille): the kompetenslyft lags its plan, the mobile teams run slightly ahead.
ACTIVITIES = (
    ("Samordnare nära vård", "Nära vård", "Personal", ("löner samordnare", "sociala avgifter")),
    ("Kompetenslyft undersköterskor", "Nära vård", "Kompetenshöjande insatser", ("utbildning",)),
    ("Mobila närvårdsteam", "Nära vård", "Köpta tjänster", ("mobil",)),
    ("Digitala vårdmöten", "Nära vård", "IT och infrastruktur", ("digitala vårdmöten",)),
    ("Lokaler för närvårdsmottagningar", "Nära vård", "Lokaler", ("hyra lokal",)),
)
PLAN_FACTOR = {"Samordnare nära vård": 1020, "Kompetenslyft undersköterskor": 1250, "Mobila närvårdsteam": 950}
PLAN_PROFILE = {m: Decimal(1) for m in range(1, 13)} | {7: Decimal("0.4"), 8: Decimal("0.8"), 12: Decimal("0.7")}


def _plan(doc: Document) -> None:
    """A plan per activity and month: about what each spends over the year (times its factor, to the
    thousand kronor), with the summer and December lighter."""
    from models.plan_tools import spread_profile

    spent: dict[int, Decimal] = {}
    for activity_id, _stream, _month, amount in doc.plan.actual_by_month(PERIOD_START, PERIOD_END):
        if activity_id is not None:
            spent[activity_id] = spent.get(activity_id, Decimal(0)) + amount
    months = [f"{PERIOD_START.year}-{m:02d}" for m in range(1, 13)]
    cells: dict[tuple[int, str], Decimal | None] = {}
    for act in doc.plan.activities():
        total = spent.get(act.id, Decimal(0)) * PLAN_FACTOR.get(act.name, 1100) / 1000
        thousands = (total / 1000).quantize(Decimal(1))
        # spread as if each thousand kronor were one öre, so every month is planned in whole thousands
        for month, value in spread_profile(thousands / 100, months, PLAN_PROFILE).items():
            cells[(act.id, month)] = value * 100_000
    doc.plan.set_plan(cells)


def demo_path() -> Path:
    """Where ``--demo`` keeps its copy: in the program's data folder, beside no user document."""
    return data_dir() / "demo" / f"{DEMO_NAME}.bidrag"


def _cost(rng: random.Random, when: date, template: _Template, number: int, scale: tuple[int, int]) -> Cost:
    low, high = template.kronor
    ore = rng.randrange(low * 100, high * 100)
    ore = ore * scale[0] // scale[1]
    text = template.text.format(m=MONTHS[when.month - 1], k=rng.choice(MUNICIPALITIES))
    supplier = rng.choice(template.suppliers)
    account = str(rng.randint(*template.account))
    voucher = f"V{when.year % 100:02d}-{number:05d}"
    return Cost(
        date=when,
        amount=from_ore(ore),
        stream="Nära vård",
        category=template.category,
        text=text,
        voucher=voucher,
        supplier=supplier,
        account=account,
        object="NV24",
        source=f"{LEDGER_FILE}, rad {number + 1}",
        source_key=f"exempel-{voucher}",
    )


def _dates(rng: random.Random, count: int) -> list[date]:
    """Spread over the year, a few outside the period (late invoices), sorted like a ledger."""
    days = (PERIOD_END - PERIOD_START).days
    dates = [PERIOD_START + timedelta(days=rng.randrange(days + 1)) for _ in range(count)]
    for i, when in enumerate(OUTSIDE_DATES[: max(0, count // 60)]):
        dates[i] = when
    return sorted(dates)


def _templates(rng: random.Random, count: int) -> list[_Template]:
    """Every category at least once (when count allows), the rest by weight."""
    firsts = {t.category: t for t in reversed(TEMPLATES)}
    chosen = list(firsts.values())[:count]
    weights = [t.weight for t in TEMPLATES]
    chosen += rng.choices(TEMPLATES, weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def generate_costs(count: int, scale: tuple[int, int] = (1, 1), seed: int = SEED) -> Iterator[Cost]:
    rng = random.Random(seed)
    for number, (when, template) in enumerate(zip(_dates(rng, count), _templates(rng, count), strict=True)):
        yield _cost(rng, when, template, number + 1, scale)


def scale_for(count: int, target_ore: int) -> tuple[int, int]:
    """A whole-number ratio that brings the generated rows close to ``target_ore`` in total."""
    raw = sum(int(c.amount * 100) for c in generate_costs(count))
    return (target_ore, raw) if raw else (1, 1)


def _sign_date(today: date | None) -> str:
    deadline = date(2025, 3, 31)
    if today is not None and date(2025, 1, 1) <= today <= deadline:
        return today.isoformat()
    return "2025-03-20"


def create_demo(
    path: Path,
    catalogue: Catalogue | None = None,
    *,
    costs: int | None = None,
    today: date | None = None,
) -> Path:
    """Build the example document at ``path`` (never over an existing file) and return the path.

    ``costs`` is the number of cost rows: about 200 by default, any number for benchmarks, where
    the rows are written in one import (``doc.costs.add_costs``) and not scaled to the allocation.
    """
    if catalogue is None:
        from models.catalogue.check import load_catalogue

        catalogue = load_catalogue()
    path = Path(path)
    allocation = catalogue.agreement(AGREEMENT_ID).allocation_for(RECIPIENT_ID) or {}
    total = sum(allocation.values(), Decimal("0.00"))
    fields = dict(FIELDS)
    fields["requested_amount"] = str(int(total))
    fields["sign_date"] = _sign_date(today)
    doc = Document.create(path, AGREEMENT_ID, RECIPIENT_ID, catalogue, fields=fields, example=True)
    try:
        first = (total / 2).quantize(Decimal("1"))
        doc.add_payment(Payment(date(2024, 2, 15), first, "Utbetalning från Kammarkollegiet, första delen"))
        doc.add_payment(Payment(date(2024, 9, 16), total - first, "Utbetalning från Kammarkollegiet, andra delen"))
        count = DEFAULT_ROWS if costs is None else costs
        if costs is None:
            from models.demo.rss import add_onward_payments

            transfers = add_onward_payments(doc)  # the RSS passes most of its share on to the municipalities
            target = int(total * 100) * SHARE_SPENT[0] // SHARE_SPENT[1] - int(transfers * 100)
            rows = generate_costs(count, scale_for(count, target))
        else:
            rows = generate_costs(count)
        if costs is None:  # the example's plan: its rules sort the ledger as it is imported
            for name, stream, category, _rules in ACTIVITIES:
                doc.plan.add_activity(name, stream, category)
            doc.plan.set_activity_rules(
                [ActivityRule("text", p, name) for name, _s, _c, rules in ACTIVITIES for p in rules]
            )
        if count:
            doc.costs.add_costs(rows, file=LEDGER_FILE)
        if costs is None:
            _plan(doc)
    except BaseException:
        doc.close()
        path.unlink(missing_ok=True)
        raise
    doc.close()
    return path


def fresh_demo(catalogue: Catalogue | None = None, *, today: date | None = None) -> Path:
    """A new copy of the example for ``--demo``: the previous demo copy is replaced, nothing else.

    If the previous copy cannot be removed (open in another window on Windows), or another window has
    it open, a numbered name beside it is used instead. A lock left by a window that ended without
    closing (a crash) goes with the old copy: the example is the user's own, nobody else's work to
    protect, so opening the new copy asks nothing about it.
    """
    target = demo_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    candidates = [target] + [target.with_name(f"{DEMO_NAME} ({n}).bidrag") for n in range(2, 50)]
    for candidate in candidates:
        holder = locking.read_lock(candidate)
        if holder is not None and not holder.is_stale():
            continue  # open in a window that is still running (this one or another)
        try:
            locking.lock_path(candidate).unlink(missing_ok=True)
            candidate.unlink(missing_ok=True)
        except OSError:
            continue
        try:
            return create_demo(candidate, catalogue, today=today)
        except DocumentError:
            continue
    raise DocumentError(f"Kunde inte skapa exempeldokumentet i {target.parent}; stäng andra fönster och försök igen.")
