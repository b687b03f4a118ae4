"""The document file: one redovisning in one SQLite file, every change committed at once.

Rollback journal (not WAL), synchronous=FULL: the files live on Windows network
shares, where WAL's shared memory does not work. Each mutating method is one
transaction that also writes a history row (time, operating-system user, what,
old value, new value), so every figure the finance chief signs is traceable.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.crosscheck import refusals
from models.document import DEFAULT_CATEGORIES, ExportRecord, HistoryEntry, Payment
from models.errors import DocumentError, ValidationError
from models.fields import FIELD_BY_NAME
from models.money import format_sek, from_ore, parse_amount, to_ore
from models.storage.activities import PlanStore
from models.storage.agreement import AGREEMENT_KEY, AgreementStore
from models.storage.busy import begin_write
from models.storage.clock import current_user, now_text
from models.storage.core import inserted_id
from models.storage.costs import CostStore
from models.storage.file_errors import HOT_JOURNAL, TOTALS_READONLY, UNCHECKED, hot_journal, quoted, write_error
from models.storage.schema import APPLICATION_ID, READABLE_FROM, SCHEMA_VERSION, migrate
from models.storage.schema_check import check_document, repair_totals
from models.storage.transfers import TransferStore
from models.storage.yielding import key, writing
from models.validation import normalize_field

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue

SQLITE_MAGIC = b"SQLite format 3\x00"


MAX_TYPED = 20_000  # characters of an invalid value kept as typed


def _lenient_text(data: bytes) -> str:
    """Text as stored; bytes that are not UTF-8 (a damaged file) become U+FFFD instead of an exception."""
    return data.decode("utf-8", "replace")


class Document:
    """An open redovisning. Use ``Document.create`` or ``Document.open``; close with ``close()``.

    The fields, allocation, payments, categories and history are its own; the rest is in its stores, which
    share its connection and transactions: ``costs``, ``transfers`` (an RSS's onward payments),
    ``agreement`` (the agreement copy, payment decisions, repayment) and ``plan`` (the activity plan).
    """

    def __init__(self, path: Path, con: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self._con = con
        self.readonly = readonly
        self.file_key = key(path)  # background readers of the file step aside while it writes
        self.costs_unchecked = False  # opened with check_costs="later" and the check has not yet passed
        self.user = current_user()
        meta = dict(con.execute("SELECT key, value FROM meta"))
        try:
            self.agreement_id: str = meta["agreement"]
            self.recipient_id: str = meta["recipient"]
        except KeyError:
            con.close()
            raise DocumentError(f"{quoted(path)} saknar uppgift om överenskommelse och mottagare.") from None
        self.created: str = meta.get("created", "")
        self.example = meta.get("example") == "1"  # the demo document: never a source for prefilling
        self.plan = PlanStore(self)
        self.costs = CostStore(self, self.plan)
        self.transfers = TransferStore(self, self.costs)
        self.agreement = AgreementStore(self)

    @property
    def con(self) -> sqlite3.Connection:
        """The open connection, shared by the stores."""
        return self._con

    @property
    def is_rss(self) -> bool:
        return self.transfers.is_rss

    def has_table(self, name: str) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self._con.execute(sql, (name,)).fetchone() is not None

    # -- opening and creating -------------------------------------------------------------
    @staticmethod
    def connect(path: Path, readonly: bool) -> sqlite3.Connection:
        """A connection to the file as the document uses it (no checks: ``open`` makes them)."""
        uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
        con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
        con.text_factory = _lenient_text
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA cache_size = -65536")  # 64 MB: imports and summaries of large documents
        return con

    @classmethod
    def create(
        cls,
        path: str | Path,
        agreement_id: str,
        recipient_id: str,
        catalogue: Catalogue | None = None,
        *,
        fields: dict[str, str] | None = None,
        example: bool = False,
    ) -> Document:
        """Create a new document. An existing file is never overwritten."""
        path = Path(path)
        if path.exists():
            raise DocumentError(f"{quoted(path)} finns redan; välj ett annat filnamn.")
        if not path.parent.is_dir():
            raise DocumentError(f"Mappen {path.parent} finns inte; välj en befintlig mapp.")
        allocation: dict[str, Decimal] = {}
        initial: dict[str, str] = {}
        copy: list[tuple[str, str]] = []
        if catalogue is not None:
            from models.catalogue.agreement_data import agreement_text

            agreement = catalogue.agreement(agreement_id)
            copy = [(AGREEMENT_KEY, agreement_text(agreement))]
            recipient = catalogue.recipient(recipient_id)
            table = agreement.allocation_for(recipient.id) or {}
            allocation = {s: table.get(s, Decimal("0.00")) for s in agreement.streams_for(recipient.kind)}
            initial = {
                "recipient_name": recipient.name,
                "agreement_name": agreement.name,
                "report_period_start": agreement.period_start.isoformat(),
                "report_period_end": agreement.period_end.isoformat(),
                "requisition_period_start": agreement.period_start.isoformat(),
                "requisition_period_end": agreement.period_end.isoformat(),
                "dnr_agreement": agreement.dnr or "",
            }
        for name, value in (fields or {}).items():
            initial[name] = normalize_field(name, value)
        try:
            fd = path.open("xb")  # exclusive: fails if another process created it meanwhile
        except FileExistsError:
            raise DocumentError(f"{quoted(path)} finns redan; välj ett annat filnamn.") from None
        except OSError as err:
            raise DocumentError(f"Kunde inte skapa {quoted(path)}: {err.strerror}.") from None
        fd.close()
        try:
            con = cls.connect(path, readonly=False)
        except sqlite3.Error as err:
            path.unlink(missing_ok=True)
            raise DocumentError(f"Kunde inte skapa {quoted(path)}: {err}.") from None
        try:
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute("PRAGMA synchronous = FULL")
            con.execute("BEGIN IMMEDIATE")
            migrate(con, 0)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            stamp = now_text()
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("agreement", agreement_id), ("recipient", recipient_id), ("created", stamp), *copy]
                + ([("example", "1")] if example else []),
            )
            con.executemany(
                "INSERT INTO allocation VALUES (?, ?, ?)",
                [(s, to_ore(a), i) for i, (s, a) in enumerate(allocation.items())],
            )
            con.executemany("INSERT INTO categories VALUES (?, ?)", [(c, i) for i, c in enumerate(DEFAULT_CATEGORIES)])
            con.executemany("INSERT INTO fields VALUES (?, ?)", [(k, v) for k, v in initial.items() if v])
            con.execute(
                "INSERT INTO history (time, user, action, what, new) VALUES (?, ?, 'skapad', 'Dokument', ?)",
                (stamp, current_user(), f"{agreement_id} / {recipient_id}"),
            )
            con.execute("COMMIT")
        except BaseException:
            try:
                con.close()
            finally:
                path.unlink(missing_ok=True)
            raise
        return cls(path, con, readonly=False)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False, check_costs: str = "now") -> Document:
        """Open a document. Anything that is not a sound document of a known version is refused unmodified.

        ``check_costs="later"`` leaves the one check that reads every cost (their values' types and dates, and
        the stored totals) to the caller, who runs ``models.storage.reader.check_costs_of`` in the background
        and then calls ``costs_checked``; until then the document refuses every change and every report
        (``costs_unchecked``). ``"auto"`` does so only for a large file (``LATER_CHECK_BYTES``). A document of
        an older version is always checked at once, before its upgrade."""
        path = Path(path)
        if not path.is_file():
            raise DocumentError(f"Filen {quoted(path)} finns inte.")
        try:
            with path.open("rb") as fh:
                head = fh.read(100)
        except OSError as err:
            raise DocumentError(f"Kunde inte läsa {quoted(path)}: {err.strerror}.") from None
        if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
            raise DocumentError(f"{quoted(path)} är ingen Bidragskollen-redovisning.")
        if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
            raise DocumentError(f"{quoted(path)} är en databas men ingen Bidragskollen-redovisning.")
        if not readonly and not os.access(path, os.W_OK):
            readonly = True  # a write-protected file: every change is refused with one sentence, not a crash
        try:
            con = cls.connect(path, readonly)
        except sqlite3.OperationalError as err:
            if readonly and hot_journal(path):
                raise DocumentError(HOT_JOURNAL.format(name=quoted(path))) from None
            if "locked" in str(err):
                raise DocumentError(f"{quoted(path)} är upptagen av ett annat program just nu; försök igen.") from None
            raise DocumentError(
                f"Kunde inte öppna {quoted(path)}; kontrollera att filen går att läsa och att du har behörighet."
            ) from None
        except (sqlite3.DatabaseError, UnicodeDecodeError):  # the latter: SQLite's message quotes damaged bytes
            raise DocumentError(
                f"{quoted(path)} är skadad eller ofullständig och kan inte öppnas; återställ en säkerhetskopia."
            ) from None
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise DocumentError(
                    f"{quoted(path)} är skapad av en nyare version av Bidragskollen; uppdatera programmet."
                )
            later, totals_ok = check_document(con, path, version, check_costs)
            if not totals_ok and readonly:
                raise DocumentError(TOTALS_READONLY.format(name=quoted(path)))
            if version < SCHEMA_VERSION and readonly:
                # not upgraded (it cannot be written); read as it is if this version still can
                if version < READABLE_FROM:
                    raise DocumentError(
                        f"{quoted(path)} har ett äldre format; öppna den för redigering så uppdateras den."
                    )
            elif version < SCHEMA_VERSION:
                con.execute("BEGIN IMMEDIATE")
                migrate(con, version)
                con.execute("COMMIT")
            if not readonly:
                con.execute("PRAGMA journal_mode = DELETE")
                con.execute("PRAGMA synchronous = FULL")
            doc = cls(path, con, readonly)
            doc.costs_unchecked = later
            if not totals_ok:
                doc.repair_totals()
            return doc
        except DocumentError:
            con.close()
            raise
        except UnicodeDecodeError:
            con.close()
            raise DocumentError(
                f"{quoted(path)} är skadad eller ofullständig och kan inte öppnas; återställ en säkerhetskopia."
            ) from None
        except sqlite3.DatabaseError as err:
            con.close()
            if readonly and hot_journal(path):
                raise DocumentError(HOT_JOURNAL.format(name=quoted(path))) from None
            raise DocumentError(
                f"{quoted(path)} är skadad eller ofullständig och kan inte öppnas ({err}); återställ en säkerhetskopia."
            ) from None

    def close(self) -> None:
        self._con.close()

    def data_version(self) -> int:
        """Changes when another connection (another program) commits to the file (SQLite's data_version)."""
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def costs_checked(self, totals_ok: bool) -> None:
        """The check of every cost left by ``open(check_costs="later")`` passed (``check_costs_of`` returned
        ``totals_ok``): changes and reports are allowed from now on, and stored totals that disagree with the
        costs are counted again (noted), or refused when the document is read-only."""
        if not totals_ok and self.readonly:
            raise DocumentError(TOTALS_READONLY.format(name=quoted(self.path)))
        self.costs_unchecked = False
        if not totals_ok:
            self.repair_totals()

    def refuse_unchecked(self) -> None:
        """A DocumentError while the check of the costs has not passed (before a report is made)."""
        if self.costs_unchecked:
            raise DocumentError(UNCHECKED.format(name=quoted(self.path)))

    def repair_totals(self) -> None:
        """Cached totals that disagree with the costs (a damaged or edited file) are counted again, noted."""
        with self.transaction() as con:
            repair_totals(con)
            self.log("reparerat", "Summor per ström och kostnadsslag", "stämde inte med kostnaderna", "omräknade")

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is committed together or not at all."""
        if self.readonly:
            raise DocumentError(f"{quoted(self.path)} är öppnad skrivskyddad; ändringen sparades inte.")
        self.refuse_unchecked()
        con = self._con
        if con.in_transaction:  # nested use joins the outer transaction
            yield con
            return
        with writing(self.file_key):  # this program's background readers of the file step aside until it is done
            begin_write(con, self.path)  # models/storage/busy.py: how long it waits for another writer
            try:
                yield con
                con.execute("COMMIT")
            except BaseException as err:
                if con.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
                    con.execute("ROLLBACK")
                if isinstance(err, sqlite3.Error):
                    raise write_error(self.path, err) from err
                raise

    def log(self, action: str, what: str, old: str = "", new: str = "") -> None:
        self._con.execute(
            "INSERT INTO history (time, user, action, what, old, new) VALUES (?, ?, ?, ?, ?, ?)",
            (now_text(), self.user, action, what, old, new),
        )

    # -- fields ---------------------------------------------------------------------------
    def field(self, name: str) -> str:
        if name not in FIELD_BY_NAME:
            raise ValidationError(f"Det finns inget fält som heter ”{name}”.")
        row = self._con.execute("SELECT value FROM fields WHERE name = ?", (name,)).fetchone()
        return row[0] if row else ""

    def fields(self) -> dict[str, str]:
        stored = dict(self._con.execute("SELECT name, value FROM fields"))
        return {name: stored.get(name, "") for name in FIELD_BY_NAME}

    def set_field(self, name: str, value: str) -> str:
        """Check, normalize and store one field. Returns the stored value."""
        return self.set_fields([(name, value)])[0]

    def set_fields(self, pairs: Iterable[tuple[str, str]]) -> list[str]:
        """Check, normalize and store several fields as one change, all or nothing: the document as it is
        after all of them must pass the checks between fields (``models.crosscheck.refusals``), so a
        reversed period is refused while changing both of its ends at once works. Returns the stored values."""
        values = [(name, normalize_field(name, value)) for name, value in pairs]
        after = self.fields() | dict(values)
        problems = refusals(after)
        if problems:
            raise ValidationError(problems[0])
        with self.transaction() as con:
            for name, new in values:
                old = self.field(name)
                if new == old:
                    continue
                if new:
                    con.execute("INSERT OR REPLACE INTO fields VALUES (?, ?)", (name, new))
                else:
                    con.execute("DELETE FROM fields WHERE name = ?", (name,))
                self.log("ändrat", FIELD_BY_NAME[name].label, old, new)
            if self.has_table("invalid_fields"):  # a valid value replaces what was typed wrong
                con.executemany("DELETE FROM invalid_fields WHERE name = ?", [(name,) for name, _new in values])
        return [new for _name, new in values]

    # -- values typed in the window that fail their check ---------------------------------
    def invalid_fields(self) -> dict[str, str]:
        """Values typed in the window that failed their check, kept as typed until corrected (field → text)."""
        if not self.has_table("invalid_fields"):  # a file before schema 7 read without the upgrade
            return {}
        return dict(self._con.execute("SELECT name, value FROM invalid_fields"))

    def enter_field(self, name: str, typed: str) -> tuple[str, str]:
        """A value typed in the window: stored in its normal form when it passes its check, otherwise kept as
        typed and marked invalid (never thrown away; a final export is refused while it remains). A change
        the checks between fields refuse (a reversed period) raises. Returns (stored value, invalid text)."""
        if name not in FIELD_BY_NAME:
            raise ValidationError(f"Det finns inget fält som heter ”{name}”.")
        try:
            normalize_field(name, typed)
        except ValidationError:
            self.restore_field(name, self.field(name), typed)
            return self.field(name), typed
        return self.set_field(name, typed), ""

    def restore_field(self, name: str, value: str, invalid: str) -> None:
        """Put a field back as it was: its stored value and what was typed wrong in it, if anything (undo)."""
        old_invalid = self.invalid_fields().get(name, "")
        with self.transaction() as con:
            self.set_fields([(name, value)])
            if invalid:
                con.execute("INSERT OR REPLACE INTO invalid_fields VALUES (?, ?)", (name, invalid[:MAX_TYPED]))
            if invalid != old_invalid:
                label = FIELD_BY_NAME[name].label
                self.log("ändrat", label, old_invalid, f"{invalid} (ogiltigt)" if invalid else "")

    # -- allocation -----------------------------------------------------------------------
    def allocation(self) -> dict[str, Decimal]:
        rows = self._con.execute("SELECT stream, amount_ore FROM allocation ORDER BY position")
        return {s: from_ore(a) for s, a in rows}

    def set_allocation(self, stream: str, amount: Decimal | str) -> Decimal:
        value = parse_amount(amount, allow_negative=False)
        current = self.allocation()
        if stream not in current:
            known = ", ".join(current) or "inga"
            raise ValidationError(f"Strömmen ”{stream}” finns inte i dokumentet; välj en av: {known}.")
        if current[stream] == value:
            return value
        with self.transaction() as con:
            con.execute("UPDATE allocation SET amount_ore = ? WHERE stream = ?", (to_ore(value), stream))
            self.log("ändrat", f"Tilldelning {stream}", format_sek(current[stream]), format_sek(value))
        return value

    # -- payments -------------------------------------------------------------------------
    def payments(self) -> list[Payment]:
        rows = self._con.execute("SELECT id, date, amount_ore, note FROM payments ORDER BY date, id")
        return [Payment(date.fromisoformat(d), from_ore(a), n, i) for i, d, a, n in rows]

    def add_payment(self, payment: Payment) -> int:
        with self.transaction() as con:
            cur = con.execute(
                "INSERT INTO payments (id, date, amount_ore, note) VALUES (?, ?, ?, ?)",
                (payment.id, payment.date.isoformat(), to_ore(payment.amount), payment.note),
            )
            self.log("lagt till", "Utbetalning", "", f"{payment.date} {format_sek(payment.amount)}")
            return inserted_id(cur)

    def delete_payment(self, payment_id: int) -> Payment:
        match = [p for p in self.payments() if p.id == payment_id]
        if not match:
            raise ValidationError("Utbetalningen finns inte längre i dokumentet.")
        with self.transaction() as con:
            con.execute("DELETE FROM payments WHERE id = ?", (payment_id,))
            p = match[0]
            self.log("tagit bort", "Utbetalning", f"{p.date} {format_sek(p.amount)}", "")
        return match[0]

    # -- categories -----------------------------------------------------------------------
    def categories(self) -> list[str]:
        return [r[0] for r in self._con.execute("SELECT name FROM categories ORDER BY position")]

    def set_categories(self, names: list[str]) -> None:
        clean = [" ".join(n.split()) for n in names]
        if any(not n for n in clean) or len({n.casefold() for n in clean}) != len(clean):
            raise ValidationError("Kostnadsslagen måste ha namn och får inte förekomma två gånger.")
        old = self.categories()
        if clean == old:
            return
        with self.transaction() as con:
            con.execute("DELETE FROM categories")
            con.executemany("INSERT INTO categories VALUES (?, ?)", [(n, i) for i, n in enumerate(clean)])
            self.log("ändrat", "Kostnadsslag", ", ".join(old), ", ".join(clean))

    def rename_category(self, old: str, new: str) -> None:
        names = self.categories()
        if old not in names:
            raise ValidationError(f"Kostnadsslaget ”{old}” finns inte.")
        with self.transaction() as con:
            self.set_categories([new if n == old else n for n in names])
            con.execute("UPDATE costs SET category = ? WHERE category = ?", (" ".join(new.split()), old))

    # -- exports and history --------------------------------------------------------------
    def record_export(self, form: str, fingerprint: str, formats: str, draft: bool, files: Iterable[Path] = ()) -> None:
        written = "".join(f"{', ' if i else ': '}{Path(f).resolve()}" for i, f in enumerate(files))  # named in history
        with self.transaction() as con:
            con.execute(
                "INSERT INTO exports (time, user, form, fingerprint, formats, draft) VALUES (?, ?, ?, ?, ?, ?)",
                (now_text(), self.user, form, fingerprint, formats, int(draft)),
            )
            self.log("exporterat", f"{form} ({'utkast' if draft else 'slutlig'}, {formats}){written}", "", fingerprint)

    def note(self, action: str, what: str, new: str = "") -> bool:
        """A history row for something done with the document rather than to it (a PDF signed or checked);
        False, and nothing written, when the document is read-only or busy."""
        if self.readonly:
            return False
        try:
            with self.transaction():
                self.log(action, what, "", new)
        except (DocumentError, sqlite3.Error):
            return False
        return True

    def exports(self) -> list[ExportRecord]:
        rows = self._con.execute("SELECT id, time, user, form, fingerprint, formats, draft FROM exports ORDER BY id")
        return [ExportRecord(datetime.fromisoformat(t), u, f, fp, fm, bool(d), i) for i, t, u, f, fp, fm, d in rows]

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        sql = "SELECT id, time, user, action, what, old, new FROM history ORDER BY id DESC"
        rows = self._con.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
        return [HistoryEntry(datetime.fromisoformat(t), u, a, w, o, n, i) for i, t, u, a, w, o, n in rows]
