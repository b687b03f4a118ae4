"""Onward payments of an RSS document: the plan per municipality, paid transfers, the municipalities'
reports back, and the import rules that mark ledger rows as transfers.

``doc.transfers`` of a ``models.storage.document_file.Document``. A paid transfer is a cost
(``add_transfer``) of the category ``TRANSFER_CATEGORY`` with the municipality as its supplier, so the
form's figures and the report-period rule take it as they take every cost; a planned amount is not a
cost. A file of an older schema opened read-only has none of the tables here: it reads as an empty plan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.document import Cost, CostRow
from models.errors import ValidationError
from models.money import format_sek, from_ore, to_ore
from models.municipalities import Municipalities, Municipality
from models.period import is_outside
from models.storage.core import DocumentCore, inserted_id
from models.storage.costs import CostStore
from models.transfers import (
    TRANSFER_CATEGORY,
    TRANSFER_SOURCE,
    MunicipalityRow,
    MunicipalReport,
    TransferTable,
    transfer_text,
)

RULE_KINDS = {"account": "konto", "object": "objekt"}


class TransferStore:
    """``doc.transfers``: an RSS's onward payments: the plan per municipality, paid transfers (costs of
    ``TRANSFER_CATEGORY``), the municipalities' reports and the import rules that mark transfer rows."""

    def __init__(self, doc: DocumentCore, costs: CostStore) -> None:
        self.doc = doc
        self._con = doc.con
        self.costs = costs

    # -- the county -----------------------------------------------------------------------
    @property
    def is_rss(self) -> bool:
        return self.doc.recipient_id.startswith("rss-")

    def municipalities(self) -> Municipalities:
        """The municipalities of the document's county; a region's document has none to pass money on to."""
        if not self.is_rss:
            raise ValidationError("Dokumentet gäller en region; bara en RSS vidareförmedlar medel till kommunerna.")
        return Municipalities.of_county(self.doc.recipient_id.split("-", 1)[1])

    def _has_tables(self) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transfer_plan'"
        return self._con.execute(sql).fetchone() is not None

    def ensure_transfer_category(self) -> None:
        """Add the category of onward payments to the document, last, if it lacks it."""
        cats = self.doc.categories()
        if TRANSFER_CATEGORY not in cats:
            with self.doc.transaction() as con:
                con.execute("INSERT INTO categories VALUES (?, ?)", (TRANSFER_CATEGORY, len(cats)))

    # -- the plan -------------------------------------------------------------------------
    def transfer_plan(self) -> dict[str, tuple[Decimal, str]]:
        """Planned amount and note per municipality code."""
        if not self._has_tables():
            return {}
        rows = self._con.execute("SELECT code, amount_ore, note FROM transfer_plan ORDER BY code")
        return {c: (from_ore(a), n) for c, a, n in rows}

    def set_transfer_plan(
        self, plan: dict[str, tuple[Decimal, str]], what: str = "Planerad vidareförmedling"
    ) -> dict[str, tuple[Decimal, str]]:
        """Replace the planned amounts of the municipalities in ``plan`` (others keep theirs; an amount of
        zero removes one). Returns the plan as it was, for undo."""
        items = self.municipalities().by_code
        for code, (amount, _note) in plan.items():
            if code not in items:
                raise ValidationError(f"Kommunkoden {code} hör inte till länet.")
            if amount < 0:
                raise ValidationError(f"Det planerade beloppet för {items[code].name} kan inte vara negativt.")
        old = self.transfer_plan()
        total_old = sum((old.get(c, (Decimal(0), ""))[0] for c in plan), Decimal("0.00"))
        total_new = sum((a for a, _n in plan.values()), Decimal("0.00"))
        with self.doc.transaction() as con:
            for code, (amount, note) in plan.items():
                if amount == 0:
                    con.execute("DELETE FROM transfer_plan WHERE code = ?", (code,))
                else:
                    con.execute(
                        "INSERT OR REPLACE INTO transfer_plan (code, amount_ore, note) VALUES (?, ?, ?)",
                        (code, to_ore(amount), note),
                    )
            label = items[next(iter(plan))].name if len(plan) == 1 else f"{len(plan)} kommuner"
            self.doc.log("ändrat", f"{what}, {label}", format_sek(total_old), format_sek(total_new))
        return {c: old.get(c, (Decimal("0.00"), "")) for c in plan}

    # -- paid transfers (costs) -----------------------------------------------------------
    def add_transfer(
        self, municipality: Municipality, amount: Decimal, when: date, *, stream: str = "", reference: str = ""
    ) -> int:
        """A paid transfer (negative: a return) as a cost of ``stream``. Returns the cost's id."""
        if not isinstance(when, date):
            raise ValidationError("En utbetalning till en kommun behöver ett datum.")
        if municipality.code not in self.municipalities().by_code:
            raise ValidationError(f"{municipality.name} ligger inte i länet.")
        if amount == 0:
            raise ValidationError("Beloppet kan inte vara noll.")
        streams = list(self.doc.allocation())
        cost = Cost(
            date=when,
            amount=amount,
            stream=stream or (streams[0] if streams else ""),
            category=TRANSFER_CATEGORY,
            text=transfer_text(municipality, amount),
            voucher=reference,
            supplier=municipality.name,
            source=TRANSFER_SOURCE,
        )
        with self.doc.transaction():
            self.ensure_transfer_category()
            return int(self.costs.add_cost(cost))

    def transfer_costs(self) -> list[Cost]:
        from models.document import CostFilter

        return list(self.costs.iter_costs(CostFilter(category=TRANSFER_CATEGORY)))

    # -- reports back from the municipalities ---------------------------------------------
    def municipal_reports(self) -> list[MunicipalReport]:
        if not self._has_tables():
            return []
        rows = self._con.execute(
            "SELECT id, code, date, used_ore, returned_ore, return_cost_id, note FROM municipal_reports "
            "ORDER BY date, id"
        )
        return [
            MunicipalReport(c, date.fromisoformat(d), from_ore(u), from_ore(r), n, rc, i)
            for i, c, d, u, r, rc, n in rows
        ]

    def add_municipal_report(self, report: MunicipalReport, *, stream: str = "") -> MunicipalReport:
        """Record what a municipality reported; an amount returned becomes a negative transfer on the same
        date. Returns the report with its id and the return's cost id (redo passes both back in)."""
        municipality = self.municipalities().by_code.get(report.code)
        if municipality is None:
            raise ValidationError(f"Kommunkoden {report.code} hör inte till länet.")
        if report.used < 0 or report.returned < 0:
            raise ValidationError("Använt och återbetalt belopp kan inte vara negativa.")
        if not isinstance(report.date, date):
            raise ValidationError("Återrapporten behöver ett datum.")
        with self.doc.transaction() as con:
            cost_id = report.return_cost_id
            if report.returned > 0 and cost_id is None:
                cost_id = self.add_transfer(municipality, -report.returned, report.date, stream=stream)
            cur = con.execute(
                "INSERT INTO municipal_reports (id, code, date, used_ore, returned_ore, return_cost_id, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    report.id,
                    report.code,
                    report.date.isoformat(),
                    to_ore(report.used),
                    to_ore(report.returned),
                    cost_id,
                    report.note,
                ),
            )
            self.doc.log(
                "lagt till",
                f"Återrapport från {municipality.name}",
                "",
                f"{report.date} använt {format_sek(report.used)}, återbetalt {format_sek(report.returned)}",
            )
        return MunicipalReport(
            report.code, report.date, report.used, report.returned, report.note, cost_id, inserted_id(cur)
        )

    def delete_municipal_report(self, report_id: int) -> tuple[MunicipalReport, list[Cost]]:
        """Remove a report and its return; returns both, so undo can put them back with their ids."""
        match = [r for r in self.municipal_reports() if r.id == report_id]
        if not match:
            raise ValidationError("Återrapporten finns inte längre i dokumentet.")
        report = match[0]
        with self.doc.transaction() as con:
            removed = self.costs.delete_costs([report.return_cost_id]) if report.return_cost_id else []
            con.execute("DELETE FROM municipal_reports WHERE id = ?", (report_id,))
            m = self.municipalities().by_code.get(report.code)
            self.doc.log("tagit bort", f"Återrapport från {m.name if m else report.code}", f"{report.date}", "")
        return report, removed

    def restore_municipal_report(self, report: MunicipalReport, costs: list[Cost]) -> None:
        with self.doc.transaction():
            self.costs.restore_costs(costs)
            self.add_municipal_report(report)

    # -- when the municipalities report back ---------------------------------------------
    def municipal_report_due(self) -> str:
        """The date (ISO) the municipalities' own reports are due to the RSS, "" when not set."""
        row = self._con.execute("SELECT value FROM meta WHERE key = 'municipal_report_due'").fetchone()
        return row[0] if row else ""

    def set_municipal_report_due(self, value: date | None) -> str:
        """Set (None: clear) the date the municipalities report by. Returns the old value, for undo."""
        old = self.municipal_report_due()
        new = value.isoformat() if value else ""
        if new == old:
            return old
        with self.doc.transaction() as con:
            if new:
                con.execute("INSERT OR REPLACE INTO meta VALUES ('municipal_report_due', ?)", (new,))
            else:
                con.execute("DELETE FROM meta WHERE key = 'municipal_report_due'")
            self.doc.log("ändrat", "Kommunernas återrapport senast", old, new)
        return old

    # -- import rules ---------------------------------------------------------------------
    def transfer_rules(self) -> list[tuple[str, str, str]]:
        """(kind, value, municipality code): ledger rows with this account or object are transfers."""
        if not self._has_tables():
            return []
        return self._con.execute("SELECT kind, value, code FROM transfer_rules ORDER BY kind, value").fetchall()

    def set_transfer_rule(self, kind: str, value: str, code: str | None) -> str | None:
        """Add or change a rule (code None removes it). Returns the code it had, for undo."""
        if kind not in RULE_KINDS:
            raise ValidationError("En regel gäller ett konto eller ett objekt.")
        value = value.strip()
        if not value:
            raise ValidationError(f"Ange vilket {RULE_KINDS[kind]} regeln gäller.")
        items = self.municipalities().by_code
        if code is not None and code not in items:
            raise ValidationError(f"Kommunkoden {code} hör inte till länet.")
        old = {(k, v): c for k, v, c in self.transfer_rules()}.get((kind, value))
        if old == code:
            return old
        with self.doc.transaction() as con:
            if code is None:
                con.execute("DELETE FROM transfer_rules WHERE kind = ? AND value = ?", (kind, value))
            else:
                con.execute("INSERT OR REPLACE INTO transfer_rules VALUES (?, ?, ?)", (kind, value, code))
            what = f"Importregel {RULE_KINDS[kind]} {value}"
            self.doc.log("ändrat", what, items[old].name if old in items else "", items[code].name if code else "")
        return old

    def delete_transfer_rule(self, kind: str, value: str) -> str:
        """Remove a rule, with a history row. Returns the municipality code it had, so undo can set it again."""
        old = {(k, v): c for k, v, c in self.transfer_rules()}.get((kind, value.strip()))
        if old is None:
            what = f"{RULE_KINDS.get(kind, kind)} {value.strip()}"
            raise ValidationError(f"Det finns ingen importregel för {what} i dokumentet.")
        name = self.municipalities().by_code[old].name if old in self.municipalities().by_code else old
        with self.doc.transaction() as con:
            con.execute("DELETE FROM transfer_rules WHERE kind = ? AND value = ?", (kind, value.strip()))
            self.doc.log("tagit bort", f"Importregel {RULE_KINDS[kind]} {value.strip()}", name, "")
        return old

    def mark_transfer_rows(self, rows: list[CostRow]) -> tuple[list[CostRow], int]:
        """Imported rows (storage order, see ``storage_costs.cost_row``) whose account or object has a rule
        become transfers to that municipality. Returns the rows and how many were marked; the caller adds
        the category (``ensure_transfer_category``) in the transaction that stores them."""
        rules = self.transfer_rules()
        if not rules or not self.is_rss:
            return rows, 0
        items = self.municipalities().by_code
        by_account = {v: items[c] for k, v, c in rules if k == "account" and c in items}
        by_object = {v: items[c] for k, v, c in rules if k == "object" and c in items}
        marked = 0
        out: list[CostRow] = []
        for r in rows:
            m = by_account.get(r.account)
            if m is None and by_object and r.object:
                for token in r.object.split():
                    m = by_object.get(token) or by_object.get(token.split(":", 1)[-1])
                    if m is not None:
                        break
            if m is None:
                out.append(r)
                continue
            marked += 1
            out.append(r._replace(category=TRANSFER_CATEGORY, supplier=m.name))
        return out, marked

    # -- the table ------------------------------------------------------------------------
    def municipality_rows(self, period: tuple[date, date] | None = None) -> TransferTable:
        """The Kommuner table: one row per municipality of the county. With ``period`` (the report period),
        paid transfers and returns dated outside it are left out and counted apart, as every cost is."""
        muni = self.municipalities()
        plan = self.transfer_plan()
        zero = Decimal("0.00")
        paid: dict[str, int] = {}
        returned: dict[str, int] = {}
        unnamed = outside = 0
        sql = "SELECT supplier, amount_ore, date FROM costs WHERE category = ?"
        names: dict[str, str | None] = {}
        for supplier, ore, day in self._con.execute(sql, (TRANSFER_CATEGORY,)):
            if period is not None and is_outside(date.fromisoformat(day), *period):
                outside += 1
                continue
            if supplier not in names:
                try:
                    names[supplier] = muni.find(supplier).code
                except ValidationError:
                    names[supplier] = None
            code = names[supplier]
            if code is None:
                unnamed += 1
            elif ore >= 0:
                paid[code] = paid.get(code, 0) + ore
            else:
                returned[code] = returned.get(code, 0) - ore
        used: dict[str, Decimal] = {}
        for r in self.municipal_reports():
            used[r.code] = used.get(r.code, zero) + r.used
        rows = [
            MunicipalityRow(
                m.code,
                m.name,
                plan.get(m.code, (zero, ""))[0],
                from_ore(paid.get(m.code, 0)),
                used.get(m.code, zero),
                from_ore(returned.get(m.code, 0)),
                plan.get(m.code, (zero, ""))[1],
            )
            for m in muni
        ]
        return TransferTable(rows, unnamed, outside)
