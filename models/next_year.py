"""Next year's redovisning from this year's: what travels, and moving costs dated after the period.

``start_next_year`` creates the new document for a chosen agreement (the same recipient, unless
another is named) and carries what belongs to the recipient rather than to the year: the contact
details, the finance chief and the signatory (the same fields as ``models.prefill``, so nothing of
the example document), the cost categories, the activities with their rules (the plan's amounts are
the old year's months and stay behind: ``plan --spread --profile`` takes last year's shape), and an
RSS's import rules for transfers. Costs, payments, decisions, the repayment, signatures, exports
and the diarienummer stay with their year. Import profiles are the user's, not the document's:
they are there for every document already.

Costs dated after the old report period can move to the new document. The two files cannot share
one transaction, so the move is made safe in steps, each one a commit:

1. the old document notes the move it is about to make (``meta`` ``moving_costs``: the costs, the
   new file and its temporary name);
2. the new document is written in full under a temporary name in the same folder, holding the
   costs (one import batch, so next year's ledger finds them as already imported) and where they
   came from (``meta`` ``moved_from``), and only then gets its real name (never over a file);
3. the old document deletes the costs and the note in one transaction, with a history row.

A crash after step 1 or 2 is finished when the old document is next opened for editing
(``finish_pending_move``): if the new file exists and says it holds these costs, they are deleted
from the old one; if not, the note is dropped and the costs stay. No cost is ever in neither file,
and none stays in both once the old document has been opened again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.document import Cost
from models.errors import DocumentError, UserError, ValidationError
from models.money import format_sek
from models.prefill import prefill_for, remembered_contact
from models.words import count

if TYPE_CHECKING:
    from models.catalogue.catalogue import Agreement, Catalogue, Recipient
    from models.storage.document_file import Document

MOVING_KEY = "moving_costs"  # in the old document, between steps 1 and 3
MOVED_KEY = "moved_from"  # in the new document: where its moved costs came from


@dataclass
class NextYear:
    """What ``start_next_year`` made: the new file and what it carried."""

    path: Path
    agreement: Agreement
    recipient: Recipient
    fields: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # activities whose stream the new agreement lacks
    moved: int = 0
    carried: dict[str, str] = field(default_factory=dict)  # the field values it takes
    moving: list[Cost] = field(default_factory=list)  # the costs that move to it, as they are in the old one

    def summary(self) -> str:
        """One Swedish sentence for the user: what the new document holds."""
        parts = [count(len(self.fields), "uppgift", "uppgifter")]
        parts.append(count(len(self.activities), "aktivitet", "aktiviteter"))
        if self.moved:
            parts.append(count(self.moved, "kostnad", "kostnader"))
        text = f"Skapade {self.path.name} för {self.agreement.name}, {self.recipient.name}, med {', '.join(parts)}."
        if self.left_out:
            left = ", ".join(self.left_out)
            text += f" Aktiviteter vars ström inte finns i den nya överenskommelsen följde inte med: {left}."
        return text


def _uid(doc: Document) -> str:
    """Which document the moved costs came from: its agreement, recipient and the second it was created."""
    return f"{doc.agreement_id}/{doc.recipient_id}/{doc.created}"


def period_end(doc: Document) -> date | None:
    """The last day of the document's report period, or None when it is not filled in."""
    text = doc.field("report_period_end")
    return date.fromisoformat(text) if text else None


def costs_after_period(doc: Document) -> list[Cost]:
    """The costs dated after the report period: the ones to offer for next year's document, by date."""
    from models.document import CostFilter

    end = period_end(doc)
    if end is None:
        return []
    return list(doc.costs.iter_costs(CostFilter(date_from=date.fromordinal(end.toordinal() + 1)), order="date"))


def next_agreements(catalogue: Catalogue, previous: Document) -> list[Agreement]:
    """The catalogue's agreements that offer the recipient's kind, the year after the document's first, then
    the newest first; the document's own agreement last."""
    recipient = catalogue.recipients.get(previous.recipient_id)
    own = catalogue.agreements.get(previous.agreement_id)
    year = own.year if own else 0
    pool = [a for a in catalogue.agreements.values() if recipient is None or a.streams_for(recipient.kind)]
    return sorted(pool, key=lambda a: (a.id == previous.agreement_id, a.year != year + 1, -a.year, a.id))


def _carried_fields(previous: Document, recipient_id: str) -> dict[str, str]:
    last = remembered_contact(previous)  # None for the example: its people never reach a real form
    return prefill_for(last, recipient_id) if last else {}


def _check_moves(new_streams: Sequence[str], costs: list[Cost], agreement: Agreement) -> None:
    missing = sorted({c.stream for c in costs} - set(new_streams))
    if missing:
        raise ValidationError(
            f"Kostnaderna i strömmen ”{missing[0]}” kan inte flyttas: ”{agreement.name}” har ingen sådan ström. "
            "Flytta dem inte, eller välj en annan överenskommelse."
        )


def _temporary(path: Path) -> Path:
    return path.with_name(f"~{path.name}.ny")


def _give_name(temp: Path, path: Path) -> None:
    """The finished file gets its real name; an existing file is never replaced."""
    try:
        os.link(temp, path)  # fails if ``path`` exists, atomically
    except FileExistsError:
        temp.unlink(missing_ok=True)
        raise DocumentError(f"”{path.name}” finns redan; välj ett annat filnamn.") from None
    except OSError:  # a file system without hard links (some network shares)
        if path.exists():
            temp.unlink(missing_ok=True)
            raise DocumentError(f"”{path.name}” finns redan; välj ett annat filnamn.") from None
        temp.rename(path)  # Windows refuses to rename over an existing file
        return
    with contextlib.suppress(OSError):  # the document has its name: a temporary name left over is harmless
        temp.unlink()


def _set_meta(con: sqlite3.Connection, key: str, value: object | None) -> None:
    if value is None:
        con.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))


def _costs_text(costs: list[Cost]) -> str:
    total = sum((c.amount for c in costs), Decimal("0.00"))
    return f"{count(len(costs), 'kostnad', 'kostnader')}, {format_sek(total)}"


def _fill(new: Document, previous: Document, moving: list[Cost], result: NextYear) -> None:
    """Everything carried over, in one transaction of the (still temporary) new document."""
    from models.storage.activities import ActivityRule

    with new.transaction() as con:
        new.set_categories(previous.categories())
        streams = list(new.allocation())
        ids: dict[int, int] = {}
        for act in previous.plan.activities():
            if act.stream not in streams:
                result.left_out.append(act.name)
                continue
            category = act.category if act.category in new.categories() else ""
            ids[act.id] = new.plan.add_activity(act.name, act.stream, category).id
            result.activities.append(act.name)
        rules = [r for r in previous.plan.activity_rules() if r.activity in result.activities]
        if rules:
            new.plan.set_activity_rules([ActivityRule(r.kind, r.pattern, r.activity) for r in rules])
        if new.is_rss and previous.is_rss:
            county = new.transfers.municipalities().by_code
            for kind, value, code in previous.transfers.transfer_rules():
                if code in county:
                    new.transfers.set_transfer_rule(kind, value, code)
        carried = f"{count(len(result.fields), 'uppgift', 'uppgifter')}, " + count(
            len(result.activities), "aktivitet", "aktiviteter"
        )
        new.note("överfört", f"Från {previous.path.name}", carried)
        if not moving:
            return
        copies = [Cost(**{**c.__dict__, "id": None, "import_id": None, "activity_id": None}) for c in moving]
        batch = new.costs.add_costs(
            copies, file=f"Flyttade från {previous.path.name}"
        )  # next year's ledger: duplicates
        by_activity: dict[int, list[int]] = {}
        for old, new_id in zip(moving, batch.cost_ids, strict=True):
            if old.activity_id in ids:
                by_activity.setdefault(ids[old.activity_id], []).append(new_id)
        for activity_id, cost_ids in by_activity.items():
            new.plan.set_cost_activity(cost_ids, activity_id)
        _set_meta(con, MOVED_KEY, {"from": _uid(previous), "ids": [c.id for c in moving]})
        new.note("flyttat", f"Kostnader från {previous.path.name}", _costs_text(moving))
        result.moved = len(moving)


def complete_move(previous: Document, path: Path, ids: list[int]) -> list[Cost]:
    """Step 3: the moved costs leave the old document, with the note of the move, in one transaction."""
    with previous.transaction() as con:
        present = previous.costs.costs_by_ids(ids)
        if present:
            previous.costs.delete_costs([c.id for c in present if c.id is not None])
            previous.note("flyttat", f"Kostnader till {path.name}", _costs_text(present))
        _set_meta(con, MOVING_KEY, None)
    return present


def plan_next_year(
    previous: Document,
    path: str | Path,
    agreement_id: str,
    catalogue: Catalogue,
    *,
    recipient_id: str | None = None,
    move: list[int] | tuple[int, ...] = (),
) -> NextYear:
    """Check a next year's document before anything is written: what it will carry and which costs move."""
    path = Path(path).absolute()
    if path.exists():
        raise DocumentError(f"”{path.name}” finns redan; välj ett annat filnamn.")
    if not path.parent.is_dir():
        raise DocumentError(f"Mappen {path.parent} finns inte; välj en befintlig mapp.")
    agreement = catalogue.agreement(agreement_id)
    recipient = catalogue.recipient(recipient_id or previous.recipient_id)
    agreement.check_offers(recipient.kind)
    moving = previous.costs.costs_by_ids(list(move)) if move else []
    if len(moving) != len(set(move)):
        raise ValidationError("Någon av kostnaderna som skulle flyttas finns inte längre i redovisningen; försök igen.")
    if moving and previous.readonly:
        raise DocumentError(
            f"”{previous.path.name}” är öppnad skrivskyddad, så kostnaderna kan inte flyttas därifrån; "
            "öppna den för redigering eller skapa den nya redovisningen utan att flytta kostnader."
        )
    _check_moves(agreement.streams_for(recipient.kind), moving, agreement)
    carried = _carried_fields(previous, recipient.id)
    return NextYear(path, agreement, recipient, fields=list(carried), carried=carried, moving=moving)


def note_move(previous: Document, plan: NextYear) -> None:
    """Step 1: the old document notes the move it is about to make."""
    if plan.moving:
        ids = [c.id for c in plan.moving]
        with previous.transaction() as con:
            _set_meta(con, MOVING_KEY, {"to": str(plan.path), "temp": str(_temporary(plan.path)), "ids": ids})


def write_next_year(previous: Document, plan: NextYear, catalogue: Catalogue) -> None:
    """Step 2: the new document, written in full under a temporary name, then given its own (never over a
    file). On any failure no new file is left."""
    from models.storage.document_file import Document as DocumentFile

    temp = _temporary(plan.path)
    temp.unlink(missing_ok=True)  # left by an attempt that was interrupted: never a document of its own
    try:
        new = DocumentFile.create(temp, plan.agreement.id, plan.recipient.id, catalogue, fields=plan.carried)
        try:
            _fill(new, previous, plan.moving, plan)
        finally:
            new.close()
        _give_name(temp, plan.path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


def start_next_year(
    previous: Document,
    path: str | Path,
    agreement_id: str,
    catalogue: Catalogue,
    *,
    recipient_id: str | None = None,
    move: list[int] | tuple[int, ...] = (),
) -> NextYear:
    """Create next year's document at ``path`` from ``previous``; ``move``: ids of costs to move to it."""
    plan = plan_next_year(previous, path, agreement_id, catalogue, recipient_id=recipient_id, move=move)
    note_move(previous, plan)
    try:
        write_next_year(previous, plan, catalogue)
    except BaseException:
        if plan.moving:  # nothing was written: the costs stay
            with previous.transaction() as con:
                _set_meta(con, MOVING_KEY, None)
        raise
    if plan.moving:
        complete_move(previous, plan.path, [c.id for c in plan.moving if c.id is not None])
    return plan


def _moved_into(path: Path) -> dict[str, object] | None:
    """What the new document says about its moved costs; a DocumentError when it cannot be read now."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (MOVED_KEY,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        raise DocumentError(f"”{path.name}” går inte att läsa just nu.") from None
    value = json.loads(row[0]) if row else None
    return value if isinstance(value, dict) else None


def finish_pending_move(doc: Document) -> str:
    """Finish a move of costs that a crash interrupted (see the module's text), when ``doc`` is opened for
    editing. Returns a sentence for the user, or "" when there was nothing to finish (or it must wait)."""
    if doc.readonly:
        return ""
    with doc.transaction() as con:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (MOVING_KEY,)).fetchone()
    if row is None:
        return ""
    marker = json.loads(row[0])
    to, temp, ids = Path(marker["to"]), Path(marker["temp"]), [int(i) for i in marker["ids"]]
    if not to.parent.is_dir():  # a network folder out of reach: try again next time
        return ""
    if to.is_file():
        try:
            moved = _moved_into(to)
        except DocumentError:
            return ""
        if moved == {"from": _uid(doc), "ids": ids}:
            done = complete_move(doc, to, ids)
            return (
                f"Flytten av kostnader till ”{to.name}” avbröts förra gången och är nu avslutad: "
                f"{_costs_text(done)} togs bort härifrån."
            )
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)
    with doc.transaction() as con:
        _set_meta(con, MOVING_KEY, None)
        doc.note("avbrutet", f"Flytt av kostnader till {to.name}", "kostnaderna ligger kvar här")
    return (
        f"Flytten av kostnader till ”{to.name}” avbröts förra gången; kostnaderna ligger kvar i den här redovisningen."
    )


# -- undoing a move (Ctrl+Z in the old document's window) ------------------------------------------
# The two files share no transaction, so the undo is two commits, in the order that never leaves a cost
# in neither file: the costs come back into the old document (with their ids), then their copies leave
# the new one, when nobody else has it open and they are as they were moved. Otherwise, or after a crash
# between the two, the copies stay in the new document and the user is told so (they are dated after
# the old period, so in the old document they count nowhere).

_SAME = ("date", "amount", "stream", "category", "text", "voucher", "supplier", "account", "object")


def _same(costs: Sequence[Cost]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(getattr(c, key)) for key in _SAME) for c in costs)


def _remove_copies(previous: Document, path: Path, moved: list[Cost]) -> str:
    """The copies out of the new document; "" when done, else why they stay there."""
    from models.document import CostFilter
    from models.storage.document_file import Document as DocumentFile
    from models.storage.locking import held_by_other

    stay = f"De finns kvar också i ”{path.name}”"
    if not path.is_file():
        return f"”{path.name}” finns inte längre, så där fanns inget att ta bort."
    holder = held_by_other(path)
    if holder is not None:
        return f"{stay}, som är öppen hos {holder.describe()}; ta bort dem där."
    try:
        new = DocumentFile.open(path)
    except UserError as err:
        return f"{stay}, som inte gick att öppna ({err}); ta bort dem där."
    try:
        if new.readonly:
            return f"{stay}, som är skrivskyddad; ta bort dem där."
        with new.transaction() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (MOVED_KEY,)).fetchone()
            marker = json.loads(row[0]) if row else None
            batch = next((b[0] for b in new.costs.imports() if b[3] == f"Flyttade från {previous.path.name}"), None)
            copies = list(new.costs.iter_costs(CostFilter(import_id=batch))) if batch is not None else []
            expected = {"from": _uid(previous), "ids": [c.id for c in moved]}
            if marker != expected or _same(copies) != _same(moved):
                return f"{stay}, där de har ändrats efter flytten; ta bort dem där om de inte hör dit."
            new.costs.delete_costs([c.id for c in copies if c.id is not None])
            _set_meta(con, MOVED_KEY, None)
            new.note("flyttat tillbaka", f"Kostnader till {previous.path.name}", _costs_text(moved))
    finally:
        new.close()
    return ""


def move_back(previous: Document, path: Path, moved: list[Cost]) -> str:
    """Undo a move of ``moved`` to ``path``: the costs come back here, their copies leave the new document
    when they can. Returns the sentence for the user."""
    with previous.transaction():
        previous.costs.restore_costs(moved)
        previous.note("flyttat tillbaka", f"Kostnader från {path.name}", _costs_text(moved))
    back = f"{_costs_text(moved)} är tillbaka i den här redovisningen"
    left = _remove_copies(previous, path, moved)
    return f"{back}. {left}" if left else f"{back} och borttagna ur ”{path.name}”."
