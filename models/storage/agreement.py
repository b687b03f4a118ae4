"""What a document holds about its agreement: its copy of the agreement definition, the government's
payment decisions and the repayment made. ``doc.agreement`` of a ``Document`` (models/storage/document_file.py); no Qt.

The copy is the agreement's file data (models/catalogue/agreement_data.py) as JSON in ``meta``, stored when the
document is created (or, for a document older than that, the first time it is opened for editing),
so that the document reports and exports the same on a machine without the agreement file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.errors import ValidationError
from models.money import format_sek, from_ore, to_ore
from models.storage.core import DocumentCore, inserted_id

AGREEMENT_KEY = "agreement_data"


@dataclass(frozen=True)
class Decision:
    """A government decision on payment (regeringsbeslut om utbetalning)."""

    dnr: str
    date: date
    amount: Decimal
    id: int | None = None

    def describe(self) -> str:
        return f"{self.dnr}, {self.date}, {format_sek(self.amount)}"


@dataclass(frozen=True)
class Repayment:
    """The repayment made of money not used (återbetalning till Kammarkollegiet)."""

    date: date
    amount: Decimal
    reference: str = ""

    def describe(self) -> str:
        return ", ".join(x for x in (str(self.date), format_sek(self.amount), self.reference) if x)


def _missing_table(err: sqlite3.OperationalError) -> bool:
    return "no such table" in str(err)  # a version-3 document opened read-only: it has none yet


class AgreementStore:
    """``doc.agreement``: the document's copy of its agreement, the payment decisions and the repayment."""

    def __init__(self, doc: DocumentCore) -> None:
        self.doc = doc
        self._con = doc.con

    # -- the agreement copy ---------------------------------------------------------------
    def agreement_text(self) -> str | None:
        row = self._con.execute("SELECT value FROM meta WHERE key = ?", (AGREEMENT_KEY,)).fetchone()
        return row[0] if row else None

    def set_agreement_text(self, text: str, what: str, old_label: str, new_label: str) -> None:
        """Store the agreement copy (one history row: what, old, new)."""
        with self.doc.transaction() as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (AGREEMENT_KEY, text))
            self.doc.log("ändrat", what, old_label, new_label)

    # -- payment decisions ----------------------------------------------------------------
    def decisions(self) -> list[Decision]:
        try:
            rows = self._con.execute("SELECT id, dnr, date, amount_ore FROM decisions ORDER BY date, id").fetchall()
        except sqlite3.OperationalError as err:
            if _missing_table(err):
                return []
            raise
        return [Decision(n, date.fromisoformat(d), from_ore(a), i) for i, n, d, a in rows]

    def add_decision(self, decision: Decision) -> int:
        dnr = " ".join(decision.dnr.split())
        if not dnr:
            raise ValidationError("Beslutet behöver Regeringskansliets diarienummer, till exempel S2026/01234.")
        if decision.amount < 0:
            raise ValidationError("Beslutets belopp kan inte vara negativt.")
        if any(d.dnr.casefold() == dnr.casefold() for d in self.decisions()):
            raise ValidationError(f"Beslutet {dnr} finns redan i redovisningen.")
        with self.doc.transaction() as con:
            cur = con.execute(
                "INSERT INTO decisions (id, dnr, date, amount_ore) VALUES (?, ?, ?, ?)",
                (decision.id, dnr, decision.date.isoformat(), to_ore(decision.amount)),
            )
            added = Decision(dnr, decision.date, decision.amount)
            self.doc.log("lagt till", "Beslut om utbetalning", "", added.describe())
            return inserted_id(cur)

    def delete_decision(self, decision_id: int) -> Decision:
        match = [d for d in self.decisions() if d.id == decision_id]
        if not match:
            raise ValidationError("Beslutet finns inte längre i redovisningen.")
        with self.doc.transaction() as con:
            con.execute("DELETE FROM decisions WHERE id = ?", (decision_id,))
            self.doc.log("tagit bort", "Beslut om utbetalning", match[0].describe(), "")
        return match[0]

    # -- the repayment --------------------------------------------------------------------
    def repayment(self) -> Repayment | None:
        try:
            row = self._con.execute("SELECT date, amount_ore, reference FROM repayment").fetchone()
        except sqlite3.OperationalError as err:
            if _missing_table(err):
                return None
            raise
        return Repayment(date.fromisoformat(row[0]), from_ore(row[1]), row[2]) if row else None

    def set_repayment(self, repayment: Repayment | None) -> None:
        """Record the repayment made (None: none made)."""
        if repayment is not None and repayment.amount <= 0:
            raise ValidationError("Återbetalningens belopp ska vara större än noll.")
        old = self.repayment()
        if old == repayment:
            return
        with self.doc.transaction() as con:
            con.execute("DELETE FROM repayment")
            if repayment is not None:
                con.execute(
                    "INSERT INTO repayment (id, date, amount_ore, reference) VALUES (1, ?, ?, ?)",
                    (repayment.date.isoformat(), to_ore(repayment.amount), repayment.reference.strip()),
                )
            old_text = old.describe() if old else ""
            new_text = repayment.describe() if repayment else ""
            self.doc.log("ändrat", "Återbetalning", old_text, new_text)
