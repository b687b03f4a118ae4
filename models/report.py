"""Bilaga 1 as one plain object: every label, statement and figure of the form for one document.

The wording comes verbatim from ``resources/forms/<variant>.json`` (one file per variant of the
form, quoted from its seed). ``exporters/pdf.py`` and ``exporters/xlsx.py`` only lay a ``Report``
out; they never compute a figure or choose a word.

A ``Report`` is a tree: sections of rows. A row is a label with a text value or an amount. Amount
rows that are sums carry ``calc`` so that the spreadsheet can write them as formulas:
``("sum", keys)`` is the sum of the rows with those keys, ``("max0", (a, b))`` is max(a − b, 0),
``("diff", (a, b))`` is a − b, ``("ref", (a,))`` repeats row ``a``.

Besides the sections a report carries ``problems`` (missing or invalid fields) and ``warnings``
(cross-field checks that do not stop a draft): the exporters print both on a draft. Its fingerprint
is ``models.fingerprint.fingerprint``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from models.crosscheck import SIGNING, FormChecks, form_checks, requested_amount
from models.doc_agreement import agreement_of
from models.errors import UserError
from models.missing import field_problems, form_fields
from models.money import ZERO, format_sek, quantize, to_json
from models.summary import Summary, compute_summary, outside_note
from models.system.paths import resources_dir

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

FORMS = ("redovisning", "rekvisition")
FORMS_DIR = resources_dir() / "forms"

# Words of our own, not of the form: they name what the form leaves implicit.
SELF_FINANCED_LABEL = "Kostnader utöver erhållet bidrag (egenfinansiering)"
DEVIATIONS_LABEL = "Avvikelserna och eventuella åtgärder"
STREAM_TOTAL_LABEL = "Summa {stream}"
NO_COSTS_LABEL = "Inga kostnader redovisade"


@dataclass(frozen=True)
class Row:
    """One line of the form.

    kind: field | amount | total | subtotal | group | text | note | choice | statement | signature
    """

    kind: str
    label: str
    value: str = ""
    amount: Decimal | None = None
    key: str = ""
    calc: tuple[str, tuple[str, ...]] | None = None
    indent: int = 0
    checked: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    form: str  # redovisning | rekvisition
    variant: str  # "2019" | "2020" | "2021" | "2023"
    appendix: str  # "Bilaga 1" (2020: "Bilaga 4")
    title: str  # "Ekonomisk redovisning" | "Ekonomisk berättelse" | "Rekvisition"
    intro: tuple[str, ...]
    agreement_id: str
    agreement_name: str
    year: int
    recipient_name: str
    org_number: str
    sections: tuple[Section, ...]
    figures: dict[str, Decimal] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # missing or invalid required fields, Swedish sentences
    warnings: tuple[str, ...] = ()  # checks that allow a draft but must be printed on it, Swedish sentences
    generated: date | None = None
    period: tuple[date, date] | None = None  # the report period: costs outside it are not counted

    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def row(self, key: str) -> Row:
        for row in self.rows():
            if row.key == key:
                return row
        raise KeyError(key)

    def draft_notices(self) -> tuple[str, ...]:
        """What a draft prints before its form: every problem and warning."""
        return (*self.problems, *self.warnings)

    def to_dict(self) -> dict[str, Any]:
        """Everything a signed paper shows, as JSON-ready data (no generation time, no draft notices:
        the fingerprint adds those to a draft's)."""
        return {
            "form": self.form,
            "variant": self.variant,
            "appendix": self.appendix,
            "title": self.title,
            "intro": list(self.intro),
            "agreement_id": self.agreement_id,
            "agreement_name": self.agreement_name,
            "recipient_name": self.recipient_name,
            "org_number": self.org_number,
            "sections": [
                {
                    "heading": s.heading,
                    "rows": [
                        [r.kind, r.label, r.value, None if r.amount is None else to_json(r.amount), r.checked]
                        for r in s.rows
                    ],
                }
                for s in self.sections
            ],
        }


@cache
def load_wording(variant: str) -> dict[str, Any]:
    """The verbatim wording of one variant of Bilaga 1."""
    path = FORMS_DIR / f"{variant}.json"
    try:
        wording: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return wording
    except FileNotFoundError:
        raise UserError(f"Blankettvarianten ”{variant}” finns inte i programmets resurser.") from None


def variant_labels(variant: str, form: str) -> list[str]:
    """Every heading, label and statement of one form of a variant, in order (N.N. kept)."""
    words = load_wording(variant)[form]
    out = [words["title"]]
    for key, part in words.items():
        if key != "title":
            out.extend(v for v in part.values())
    return out


# --------------------------------------------------------------------------- building


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of, independent of storage: the document's fields and its summary."""

    form: str
    variant: str
    agreement_id: str
    agreement_name: str
    year: int
    recipient_name: str
    fields: dict[str, str]
    summary: Summary
    today: date | None = None
    agreement: Any = None  # models.catalogue.catalogue.Agreement: the checks between fields need its year and deadlines


def _period(start: str, end: str) -> str:
    if start and end:
        return f"{start} – {end}"
    return start or end


def _money(value: Decimal) -> str:
    return format_sek(value, decimals=True)  # always with öre, so the commas line up


class _Builder:
    def __init__(self, data: ReportInput) -> None:
        self.data = data
        self.words = load_wording(data.variant)[data.form]
        self.f = data.fields
        self.s = data.summary

    def get(self, name: str) -> str:
        return (self.f.get(name) or "").strip()

    def kontakt(self) -> Section:
        w = self.words["kontakt"]
        rows = [Row("field", w[k], self.get(k), key=k) for k in w if k != "heading"]
        return Section("kontakt", w["heading"], tuple(rows))

    def _bidrag_common(self, w: dict[str, str]) -> list[Row]:
        return [
            Row("field", w["dnr_agreement"], self.get("dnr_agreement"), key="dnr_agreement"),
            Row("field", w["dnr_payment"], self.get("dnr_payment"), key="dnr_payment"),
            Row("field", w["agreement_name"], self.get("agreement_name"), key="agreement_name"),
        ]

    def bidrag_rekvisition(self) -> Section:
        w = self.words["bidrag"]
        requested = self.requested()
        rows = [
            *self._bidrag_common(w),
            Row("amount", w["requested_amount"], _money(requested), requested, key="requested"),
            Row("field", w["period"], self.requisition_period(), key="period"),
        ]
        return Section("bidrag", w["heading"], tuple(rows))

    def bidrag_redovisning(self) -> Section:
        w = self.words["bidrag"]
        alloc, paid = self.s.allocation_total, self.s.received
        rows = [
            *self._bidrag_common(w),
            Row("amount", w["allocation"], _money(alloc), alloc, key="allocation"),
            Row("amount", w["paid"], _money(paid), paid, key="paid"),
            Row("field", w["period"], self.report_period(), key="period"),
        ]
        return Section("bidrag", w["heading"], tuple(rows))

    def utbetalning(self) -> Section:
        w = self.words["utbetalning"]
        rows = [Row("field", w[k], self.get(k), key=k) for k in ("giro", "payment_reference")]
        return Section("utbetalning", w["heading"], tuple(rows))

    def verksamhet(self) -> Section:
        w = self.words["verksamhet"]
        received, total = self.s.received, self.s.costs_total
        rows = [Row("amount", w["received"], _money(received), received, key="received")]
        if "costs_intro" in w:
            rows.append(Row("amount", w["costs_intro"], _money(total), total, "costs_intro", ("ref", ("costs_total",))))
        rows.append(Row("text", w["costs"]))
        if "costs_note" in w:
            rows.append(Row("note", w["costs_note"]))
        part_keys = self.cost_rows(rows)
        rows.append(Row("total", w["costs_total"], _money(total), total, "costs_total", ("sum", part_keys)))
        if load_wording(self.data.variant).get("unspent_signed"):
            # 2019: "Bidrag – totala kostnader" over costs regardless of funding, negative when they exceed it
            diff = received - total
            calc = ("diff", ("received", "costs_total"))
            rows.append(Row("total", w["unspent"], _money(diff), diff, "unspent", calc))
            return Section("verksamhet", w["heading"], tuple(rows))
        unspent = self.s.unspent
        rows.append(
            Row("total", w["unspent"], _money(unspent), unspent, "unspent", ("max0", ("received", "costs_total")))
        )
        if self.s.self_financed > 0:
            extra = self.s.self_financed
            rows.append(
                Row(
                    "total",
                    SELF_FINANCED_LABEL,
                    _money(extra),
                    extra,
                    "self_financed",
                    ("max0", ("costs_total", "received")),
                )
            )
        if self.s.outside_count:
            s = self.s
            note = outside_note(s.outside_count, s.outside_total, s.period_start, s.period_end)
            rows.append(Row("note", note, key="outside_period"))
        return Section("verksamhet", w["heading"], tuple(rows))

    def cost_rows(self, rows: list[Row]) -> tuple[str, ...]:
        """Append the cost items; return the keys that Summa kostnader adds up."""
        by_sc = {k: v for k, v in self.s.costs_by_stream_category.items() if v != 0}
        streams = list(self.s.allocation) + [s for s in self.s.costs_by_stream if s not in self.s.allocation]
        categories = list(self.s.costs_by_category) + sorted({c for _, c in by_sc} - set(self.s.costs_by_category))
        n = 0
        if len(streams) > 1:
            keys = []
            for j, stream in enumerate(streams):
                items = [(c, by_sc[(stream, c)]) for c in categories if (stream, c) in by_sc]
                if not items and self.s.allocation.get(stream, ZERO) == 0:
                    continue
                rows.append(Row("group", stream, indent=1))
                cat_keys = []
                for category, amount in items:
                    n += 1
                    cat_keys.append(f"cost{n}")
                    rows.append(Row("amount", category, _money(amount), amount, f"cost{n}", indent=2))
                sub = sum((a for _, a in items), ZERO)
                label = STREAM_TOTAL_LABEL.format(stream=stream)
                rows.append(Row("subtotal", label, _money(sub), sub, f"stream{j}", ("sum", tuple(cat_keys)), indent=1))
                keys.append(f"stream{j}")
            return tuple(keys)
        keys = []
        for category in categories:
            amount = self.s.costs_by_category.get(category, ZERO)
            if amount == 0:
                continue
            n += 1
            keys.append(f"cost{n}")
            rows.append(Row("amount", category, _money(amount), amount, f"cost{n}", indent=1))
        if not keys:
            rows.append(Row("note", NO_COSTS_LABEL, indent=1))
        return tuple(keys)

    def granskning(self) -> Section:
        w = self.words["granskning"]
        choice = self.get("attestation")
        name = self.get("chief_name")
        rows = []
        for alt in ("alt1", "alt2"):
            text = w[alt]
            if choice == alt:
                text = with_chief(text, name)
            rows.append(Row("choice", text, key=alt, checked=choice == alt))
        if choice == "alt2":
            rows.append(Row("field", DEVIATIONS_LABEL, self.get("deviations"), key="deviations"))
        for k, fname in (
            ("name", "chief_name"),
            ("title", "chief_title"),
            ("phone", "chief_phone"),
            ("email", "chief_email"),
        ):
            rows.append(Row("field", w[k], self.get(fname), key=fname))
        return Section("granskning", w["heading"], tuple(rows))

    def underskrift(self) -> Section:
        w = self.words["underskrift"]
        place, day, _deadline = SIGNING[self.data.form]
        when = ", ".join(x for x in (self.get(place), self.get(day)) if x)
        who = ", ".join(x for x in (self.get("signatory_name"), self.get("signatory_title")) if x)
        rows = (
            Row("statement", w["statement"]),
            Row("signature", w["date"], when, key="sign_date"),
            Row("signature", w["signature"], "", key="signature"),
            Row("signature", w["name"], who, key="signatory_name"),
        )
        return Section("underskrift", w["heading"], rows)

    def requested(self) -> Decimal:
        return requested_amount(self.f, self.s.allocation_total)

    def requisition_period(self) -> str:
        start = self.get("requisition_period_start") or self.s.period_start.isoformat()
        end = self.get("requisition_period_end") or self.s.period_end.isoformat()
        return _period(start, end)

    def report_period(self) -> str:
        """The period the summary counted (``doc_agreement.report_period``), as the form prints it."""
        return _period(self.s.period_start.isoformat(), self.s.period_end.isoformat())

    def build(self) -> Report:
        d = self.data
        if d.form == "rekvisition":
            sections: tuple[Section, ...] = (
                self.kontakt(),
                self.bidrag_rekvisition(),
                self.utbetalning(),
                self.underskrift(),
            )
        else:
            sections = (
                self.kontakt(),
                self.bidrag_redovisning(),
                self.verksamhet(),
                self.granskning(),
                self.underskrift(),
            )
        figures = {
            "allocation": quantize(self.s.allocation_total),
            "received": quantize(self.s.received),
            "requested": quantize(self.requested()),
            "costs_total": quantize(self.s.costs_total),
            "unspent": quantize(self.s.unspent),
            "self_financed": quantize(self.s.self_financed),
            "outside_period": quantize(self.s.outside_total),
        }
        wording = load_wording(d.variant)
        checks = FormChecks()
        if d.agreement is not None:
            checks = form_checks(self.f, d.agreement, self.s.allocation_total, d.form)
        intro = tuple(p.replace("{year}", str(d.year)) for p in wording["intro"])
        return Report(
            form=d.form,
            variant=d.variant,
            appendix=(d.agreement.annex if d.agreement else None) or wording["appendix"],
            title=self.words["title"],
            intro=intro,
            agreement_id=d.agreement_id,
            agreement_name=self.get("agreement_name") or d.agreement_name,
            year=d.year,
            recipient_name=self.get("recipient_name") or d.recipient_name,
            org_number=self.get("org_number"),
            sections=sections,
            figures=figures,
            problems=(*field_problems(self.f, d.form), *checks.errors),
            warnings=checks.warnings,
            generated=d.today,
            period=(self.s.period_start, self.s.period_end),
        )


def assemble_report(data: ReportInput) -> Report:
    """Build a report from plain inputs (used by ``build_report`` and by tests)."""
    if data.form not in FORMS:
        raise UserError(f"Okänd blankett ”{data.form}”: välj redovisning eller rekvisition.")
    fields = dict(data.fields)
    fields.setdefault("recipient_name", data.recipient_name)
    if not fields.get("recipient_name"):
        fields["recipient_name"] = data.recipient_name
    if not fields.get("agreement_name"):
        fields["agreement_name"] = data.agreement_name
    data = ReportInput(**{**data.__dict__, "fields": fields})
    return _Builder(data).build()


def build_report(
    doc: Document, catalogue: Catalogue, form: str = "redovisning", *, today: date | None = None
) -> Report:
    """The report of one document for one form (refused while the check of its costs has not passed)."""
    doc.refuse_unchecked()
    agreement = agreement_of(doc, catalogue)
    if form == "rekvisition" and agreement.no_requisition:
        raise UserError(
            f"{agreement.name} betalas ut efter regeringsbeslut utan rekvisition; det finns ingen rekvisition "
            "att exportera. Exportera den ekonomiska redovisningen."
        )
    recipient = catalogue.recipient(doc.recipient_id)
    summary = compute_summary(doc, catalogue, today=today)
    fields = form_fields(doc)  # a value kept as typed is listed as invalid; the decisions' diarienummer cited
    data = ReportInput(
        form=form,
        variant=str(agreement.form),
        agreement_id=doc.agreement_id,
        agreement_name=agreement.name,
        year=int(agreement.year),
        recipient_name=recipient.name,
        fields=fields,
        summary=summary,
        today=today or date.today(),
        agreement=agreement,
    )
    return assemble_report(data)


def has_requisition(doc: Document, catalogue: Catalogue) -> bool:
    """False for an agreement paid on a government decision without a rekvisition."""
    return not agreement_of(doc, catalogue).no_requisition


# --------------------------------------------------------------------------- missing data


def with_chief(text: str, name: str) -> str:
    """An attestation alternative with the finance chief's name in place of the form's "N.N."."""
    return text.replace("N.N.", name.strip(), 1) if name.strip() else text


def missing_fields(report: Report) -> list[str]:
    """Swedish sentences naming every missing or invalid field of the report's form (``models.missing``)
    and every check between fields that fails."""
    return list(report.problems)
