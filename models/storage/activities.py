"""Activities, their plan per month, the activity rules and which activity a cost belongs to.

``doc.plan`` of a ``models.storage.document_file.Document`` (schema 6): each change is one transaction with a history
row, and each mutating method returns what its undo needs. A read-only file of an older schema
has no activities: it reads as a document without a plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.errors import ValidationError
from models.money import format_sek, from_ore, to_ore
from models.period import OUTSIDE_SQL
from models.storage.core import DocumentCore, inserted_id
from models.validation import too_long
from models.words import count

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
RULE_KINDS = {"object": "Objekt/projekt", "account": "Konto", "text": "Text"}
ACTIVITY_NAME_MAX = 120  # characters of an activity's name (the check, and the window refusing more)


@dataclass(frozen=True)
class Activity:
    id: int
    name: str
    stream: str
    category: str = ""  # optional: the cost category it mostly books on


@dataclass(frozen=True)
class ActivityRule:
    """An import rule: costs of the activity's stream whose object code, account or text matches go to it.

    ``object``: a code among the cost's objects ("GNV24" or "6:GNV24"); ``account``: one account
    ("7010") or a range ("7000-7099"); ``text``: words in the cost's text, ``*`` for any characters.
    """

    kind: str
    pattern: str
    activity: str


@dataclass(frozen=True)
class ActivitySnapshot:
    """An activity as it was before it was removed, with everything that pointed at it (for undo)."""

    activity: Activity
    position: int
    plan: dict[str, Decimal]
    rules: list[tuple[int, str, str, int]]  # (id, kind, pattern, position)
    cost_ids: list[int]


def month_key(value: date | str) -> str:
    """ "2024-03" for a date or a month typed as 2024-03; a ValidationError for anything else."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    m = MONTH_RE.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(f"”{text}” är ingen månad; skriv månaden som ÅÅÅÅ-MM, till exempel 2024-03.")
    return text


def months_between(start: date, end: date) -> list[str]:
    """The calendar months from ``start``'s month through ``end``'s, as "YYYY-MM"."""
    months: list[str] = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _clean_name(name: str) -> str:
    clean = " ".join(str(name).split())
    if not clean:
        raise ValidationError("Aktiviteten måste ha ett namn.")
    if len(clean) > ACTIVITY_NAME_MAX:
        raise ValidationError(too_long("Aktivitetens namn", ACTIVITY_NAME_MAX))
    return clean


def _check_rule(kind: str, pattern: str) -> str:
    if kind not in RULE_KINDS:
        raise ValidationError(f"Regeltypen ”{kind}” finns inte; välj objekt, konto eller text.")
    clean = pattern.strip()
    if not clean:
        raise ValidationError("Regeln behöver ett mönster, till exempel ett objekt, ett konto eller ett ord.")
    if kind == "account" and not re.fullmatch(r"\d+(\s*-\s*\d+)?", clean):
        raise ValidationError(f"”{clean}” är inget konto; skriv ett konto (7010) eller ett intervall (7000-7099).")
    return clean


def _rule_sql(kind: str, pattern: str) -> tuple[str, list[object]]:
    """The WHERE clause that matches a rule against the costs table."""
    if kind == "account":
        if "-" in pattern:
            low, high = (p.strip() for p in pattern.split("-", 1))
            return "(account GLOB '[0-9]*' AND CAST(account AS INTEGER) BETWEEN ? AND ?)", [int(low), int(high)]
        return "account = ?", [pattern]
    if kind == "object":
        # objects are stored as 'dim:code ' joined; a rule may name the code alone or with its dimension
        if ":" in pattern:
            return "(' ' || object || ' ') LIKE ?", [f"% {pattern} %"]
        return "((' ' || object || ' ') LIKE ? OR (' ' || object || ' ') LIKE ?)", [f"% {pattern} %", f"%:{pattern} %"]
    needle = pattern.casefold().replace("%", "").replace("_", "").replace("*", "%")
    return "bk_fold(text) LIKE ?", [f"%{needle}%"]


class PlanStore:
    """``doc.plan``: the activities, their plan per month, the activity rules and each cost's activity."""

    def __init__(self, doc: DocumentCore) -> None:
        self.doc = doc
        self._con = doc.con

    def _has_plan_tables(self) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'activities'"
        return self._con.execute(sql).fetchone() is not None

    # -- activities -----------------------------------------------------------------------
    def activities(self) -> list[Activity]:
        if not self._has_plan_tables():
            return []
        rows = self._con.execute("SELECT id, name, stream, category FROM activities ORDER BY position, id")
        return [Activity(*r) for r in rows]

    def find_activity(self, name: str) -> Activity:
        """The activity of that name (case and spacing ignored); a Swedish sentence when there is none."""
        wanted = " ".join(name.split()).casefold()
        acts = self.activities()
        for a in acts:
            if a.name.casefold() == wanted:
                return a
        known = ", ".join(a.name for a in acts) or "inga ännu; lägg till en med kommandot activity"
        raise ValidationError(f"Aktiviteten ”{name.strip()}” finns inte; välj en av: {known}.")

    def add_activity(self, name: str, stream: str, category: str = "", *, activity_id: int | None = None) -> Activity:
        clean = _clean_name(name)
        streams = list(self.doc.allocation())
        if stream not in streams:
            raise ValidationError(f"Strömmen ”{stream}” finns inte i dokumentet; välj en av: {', '.join(streams)}.")
        cats = self.doc.categories()
        if category and category not in cats:
            raise ValidationError(f"Kostnadsslaget ”{category}” finns inte; välj ett av: {', '.join(cats)}.")
        if any(a.name.casefold() == clean.casefold() for a in self.activities()):
            raise ValidationError(f"Det finns redan en aktivitet som heter ”{clean}”; välj ett annat namn.")
        with self.doc.transaction() as con:
            position = con.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM activities").fetchone()[0]
            cur = con.execute(
                "INSERT INTO activities (id, name, stream, category, position) VALUES (?, ?, ?, ?, ?)",
                (activity_id, clean, stream, category, position),
            )
            self.doc.log("lagt till", "Aktivitet", "", f"{clean} ({stream})")
        return Activity(inserted_id(cur), clean, stream, category)

    def rename_activity(self, activity_id: int, name: str) -> str:
        """Give an activity a new name; returns the old one."""
        clean = _clean_name(name)
        old = self._activity_by_id(activity_id)
        if clean == old.name:
            return old.name
        if any(a.name.casefold() == clean.casefold() and a.id != activity_id for a in self.activities()):
            raise ValidationError(f"Det finns redan en aktivitet som heter ”{clean}”; välj ett annat namn.")
        with self.doc.transaction() as con:
            con.execute("UPDATE activities SET name = ? WHERE id = ?", (clean, activity_id))
            self.doc.log("ändrat", "Aktivitet", old.name, clean)
        return old.name

    def _activity_by_id(self, activity_id: int) -> Activity:
        for a in self.activities():
            if a.id == activity_id:
                return a
        raise ValidationError("Aktiviteten finns inte längre i dokumentet.")

    def remove_activity(self, activity_id: int) -> ActivitySnapshot:
        """Remove an activity with its plan and rules; its costs become unassigned. Returns what undo needs."""
        act = self._activity_by_id(activity_id)
        con = self._con
        position = con.execute("SELECT position FROM activities WHERE id = ?", (activity_id,)).fetchone()[0]
        snap = ActivitySnapshot(
            act,
            position,
            self.plan_of(activity_id),
            con.execute(
                "SELECT id, kind, pattern, position FROM activity_rules WHERE activity_id = ?", (activity_id,)
            ).fetchall(),
            [r[0] for r in con.execute("SELECT id FROM costs WHERE activity_id = ?", (activity_id,))],
        )
        with self.doc.transaction() as con:
            con.execute("UPDATE costs SET activity_id = NULL WHERE activity_id = ?", (activity_id,))
            con.execute("DELETE FROM plan WHERE activity_id = ?", (activity_id,))
            con.execute("DELETE FROM activity_rules WHERE activity_id = ?", (activity_id,))
            con.execute("DELETE FROM activities WHERE id = ?", (activity_id,))
            self.doc.log("tagit bort", "Aktivitet", f"{act.name} ({act.stream})", "")
        return snap

    def restore_activity(self, snap: ActivitySnapshot) -> None:
        a = snap.activity
        with self.doc.transaction() as con:
            con.execute(
                "INSERT INTO activities (id, name, stream, category, position) VALUES (?, ?, ?, ?, ?)",
                (a.id, a.name, a.stream, a.category, snap.position),
            )
            con.executemany(
                "INSERT INTO plan (activity_id, month, amount_ore) VALUES (?, ?, ?)",
                [(a.id, m, to_ore(v)) for m, v in snap.plan.items()],
            )
            con.executemany(
                "INSERT INTO activity_rules (id, kind, pattern, activity_id, position) VALUES (?, ?, ?, ?, ?)",
                [(i, k, p, a.id, pos) for i, k, p, pos in snap.rules],
            )
            con.executemany("UPDATE costs SET activity_id = ? WHERE id = ?", [(a.id, i) for i in snap.cost_ids])
            self.doc.log("återställt", "Aktivitet", "", f"{a.name} ({a.stream})")

    # -- the plan -------------------------------------------------------------------------
    def plan(self) -> dict[tuple[int, str], Decimal]:
        """Every planned amount: (activity id, "YYYY-MM") → amount. A month without a row has no plan."""
        if not self._has_plan_tables():
            return {}
        rows = self._con.execute("SELECT activity_id, month, amount_ore FROM plan")
        return {(a, m): from_ore(o) for a, m, o in rows}

    def plan_of(self, activity_id: int) -> dict[str, Decimal]:
        rows = self._con.execute(
            "SELECT month, amount_ore FROM plan WHERE activity_id = ? ORDER BY month", (activity_id,)
        )
        return {m: from_ore(o) for m, o in rows}

    def set_plan(self, changes: dict[tuple[int, str], Decimal | None]) -> dict[tuple[int, str], Decimal | None]:
        """Set planned amounts (None removes the month's plan) in one transaction; returns the old values."""
        if not changes:
            return {}
        names = {a.id: a.name for a in self.activities()}
        current = self.plan()
        old: dict[tuple[int, str], Decimal | None] = {}
        for (activity_id, month), value in changes.items():
            if activity_id not in names:
                raise ValidationError("Aktiviteten finns inte längre i dokumentet.")
            month_key(month)
            if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
                raise ValidationError("Det planerade beloppet måste vara ett tal i kronor och öre.")
            if value is not None and value < 0:
                raise ValidationError(f"{format_sek(value)} är negativt; planera ett belopp som är noll eller större.")
            old[(activity_id, month)] = current.get((activity_id, month))
        real = {k: v for k, v in changes.items() if old[k] != v}
        if not real:
            return old
        with self.doc.transaction() as con:
            for (activity_id, month), value in real.items():
                if value is None:
                    con.execute("DELETE FROM plan WHERE activity_id = ? AND month = ?", (activity_id, month))
                else:
                    con.execute(
                        "INSERT OR REPLACE INTO plan (activity_id, month, amount_ore) VALUES (?, ?, ?)",
                        (activity_id, month, to_ore(value)),
                    )
            if len(real) == 1:
                (((activity_id, month), value),) = real.items()
                before = old[(activity_id, month)]
                self.doc.log(
                    "ändrat",
                    f"Plan {names[activity_id]} {month}",
                    "" if before is None else format_sek(before),
                    "" if value is None else format_sek(value),
                )
            else:
                acts = sorted({names[a] for a, _m in real})
                before_sum = sum((v for k in real if (v := old[k]) is not None), Decimal("0.00"))
                after_sum = sum((v for v in real.values() if v is not None), Decimal("0.00"))
                self.doc.log(
                    "ändrat",
                    f"Plan, {count(len(real), 'månad', 'månader')} ({', '.join(acts)})",
                    format_sek(before_sum),
                    format_sek(after_sum),
                )
        return old

    # -- activity rules -------------------------------------------------------------------
    def activity_rules(self) -> list[ActivityRule]:
        if not self._has_plan_tables():
            return []
        rows = self._con.execute(
            "SELECT r.kind, r.pattern, a.name FROM activity_rules r JOIN activities a ON a.id = r.activity_id "
            "ORDER BY r.position, r.id"
        )
        return [ActivityRule(*r) for r in rows]

    def set_activity_rules(self, rules: list[ActivityRule]) -> list[ActivityRule]:
        """Replace the rules (first match wins, in this order); returns the old rules."""
        clean = [(_check_rule(r.kind, r.pattern), self.find_activity(r.activity).id, r.kind) for r in rules]
        old = self.activity_rules()
        if [(r.kind, r.pattern, r.activity) for r in old] == [
            (r.kind, p, self._activity_by_id(a).name) for (p, a, _k), r in zip(clean, rules, strict=True)
        ]:
            return old
        with self.doc.transaction() as con:
            con.execute("DELETE FROM activity_rules")
            con.executemany(
                "INSERT INTO activity_rules (kind, pattern, activity_id, position) VALUES (?, ?, ?, ?)",
                [(k, p, a, i) for i, (p, a, k) in enumerate(clean)],
            )
            self.doc.log(
                "ändrat", "Aktivitetsregler", count(len(old), "regel", "regler"), count(len(clean), "regel", "regler")
            )
        return old

    def apply_activity_rules(self, first_id: int | None = None, last_id: int | None = None) -> int:
        """Sort unassigned costs (of an id range: one import) into activities by the rules; returns how many.

        A rule moves only costs of its activity's stream; the first matching rule wins.
        """
        if not self._has_plan_tables():
            return 0
        rules = self._con.execute(
            "SELECT r.kind, r.pattern, a.id, a.stream FROM activity_rules r JOIN activities a ON a.id = r.activity_id "
            "ORDER BY r.position, r.id"
        ).fetchall()
        if not rules:
            return 0
        span, span_params = "", []
        if first_id is not None and last_id is not None:
            span, span_params = " AND id BETWEEN ? AND ?", [first_id, last_id]
        moved = 0
        with self.doc.transaction() as con:
            for kind, pattern, activity_id, stream in rules:
                where, params = _rule_sql(kind, pattern)
                cur = con.execute(
                    f"UPDATE costs SET activity_id = ? WHERE activity_id IS NULL AND stream = ?{span} AND {where}",
                    [activity_id, stream, *span_params, *params],
                )
                moved += cur.rowcount
            if moved:
                self.doc.log("sorterat", "Kostnader till aktiviteter", "", f"{moved} kostnader")
        return moved

    # -- costs and activities -------------------------------------------------------------
    def set_cost_activity(self, cost_ids: Iterable[int], activity_id: int | None) -> dict[int, int | None]:
        """Put costs in an activity (None: unassigned); returns each cost's old activity, for undo.

        A cost can belong only to an activity of its own stream.
        """
        ids = list(cost_ids)
        costs = self._streams_of(ids)
        if not costs:
            raise ValidationError("Kostnaderna finns inte längre i dokumentet.")
        name = "ingen aktivitet"
        if activity_id is not None:
            act = self._activity_by_id(activity_id)
            name = act.name
            other = [stream for _id, stream, _activity in costs if stream != act.stream]
            if other:
                raise ValidationError(
                    f"Aktiviteten ”{act.name}” hör till {act.stream}, men {len(other)} av kostnaderna hör till "
                    f"{other[0]}; välj en aktivitet i samma ström."
                )
        old = {cost_id: activity for cost_id, _stream, activity in costs}
        self.restore_cost_activities(dict.fromkeys(old, activity_id), what=name)
        return old

    def _streams_of(self, ids: list[int]) -> list[tuple[int, str, int | None]]:
        """(id, stream, activity id) of the costs with these ids that still exist."""
        found = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sql = f"SELECT id, stream, activity_id FROM costs WHERE id IN ({','.join('?' * len(part))})"
            found += self._con.execute(sql, part).fetchall()
        return found

    def restore_cost_activities(self, mapping: dict[int, int | None], *, what: str = "återställt") -> None:
        with self.doc.transaction() as con:
            con.executemany("UPDATE costs SET activity_id = ? WHERE id = ?", [(a, i) for i, a in mapping.items()])
            n = len(mapping)
            self.doc.log(
                "ändrat",
                "Aktivitet för kostnad" if n == 1 else f"Aktivitet för {count(n, 'kostnad', 'kostnader')}",
                "",
                what,
            )

    def actual_by_month(self, start: date, end: date) -> list[tuple[int | None, str, str, Decimal]]:
        """Costs inside [start, end] summed per (activity id or None, stream, "YYYY-MM")."""
        column = "activity_id" if self._has_plan_tables() else "NULL"
        rows = self._con.execute(
            f"SELECT {column}, stream, substr(date, 1, 7), SUM(amount_ore) FROM costs "
            f"WHERE NOT {OUTSIDE_SQL} GROUP BY 1, 2, 3",
            (start.isoformat(), end.isoformat()),
        )
        return [(a, s, m, from_ore(o)) for a, s, m, o in rows]
