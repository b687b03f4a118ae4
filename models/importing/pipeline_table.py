"""The spreadsheet/CSV branch of the pipeline: one tight loop over the rows.

Written for speed (100 000 rows well under a second): column positions are resolved once,
dates and account cells are cached by value (ledgers repeat them), plain amounts take a fast
path, and only unusual cells go through the general readers in ``values``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from models.document import Cost
from models.errors import Cancelled, UserError
from models.importing.mapping import ROLE_LABELS, Filters, Mapping, normalize_heading
from models.importing.values import CellError, account_number, cell_amount, cell_date, cell_text

if TYPE_CHECKING:
    from models.importing.ledger import RawLedger
    from models.importing.pipeline import Existing, ImportPlan, _Classifier

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
_STEP = 5000
_TOTAL_WORDS = ("summa", "total", "saldo", "delsumma")
_SIMPLE = re.compile(r"-?\d{1,13}(?:\.\d{1,2})?")
_BLANK = ("", None)


def _column(raw: RawLedger, heading: str | None, role: str) -> int:
    """Position of a mapped heading, -1 when the role is not mapped."""
    if not heading:
        return -1
    try:
        return raw.headers.index(heading)
    except ValueError:
        pass
    norm = normalize_heading(heading)
    for i, h in enumerate(raw.headers):
        if normalize_heading(h) == norm:
            return i
    shown = ", ".join(raw.headers[:12])
    raise UserError(f"Kolumnen ”{heading}” ({role.lower()}) finns inte i filen; välj en av: {shown}.")


def _object_columns(raw: RawLedger, mapping: Mapping, filters: Filters) -> list[tuple[int, set[str]]]:
    groups: dict[int, set[str]] = {}
    for dim, code in filters.objects:
        norm = normalize_heading(dim)
        heading = mapping.objects.get(dim) or next(
            (h for d, h in mapping.objects.items() if normalize_heading(d) == norm), None
        )
        if heading is None:
            heading = next((h for h in raw.headers if normalize_heading(h) == norm), None)
        if heading is None:
            raise UserError(
                f"Objektfiltret {dim}:{code} kräver en kolumn för dimension {dim}; "
                "ange kolumnen i mappningen eller filtrera på en kolumnrubrik, t.ex. Projekt=GNV24."
            )
        groups.setdefault(_column(raw, heading, "objekt"), set()).add(code.strip().casefold())
    return list(groups.items())


def is_total_row(row: list[object]) -> bool:
    """A "Summa"/"Totalt" row under the data: not a cost and not an error."""
    first = next((c for c in row if isinstance(c, str) and c.strip()), "")
    return first.strip().lower().startswith(_TOTAL_WORDS)


def _amount_reader(decimal: str) -> Callable[[object], Decimal]:
    comma = decimal == ","

    def read(v: object) -> Decimal:
        if type(v) is str:
            t = v.replace(" ", "")
            if comma:
                t = t.replace(",", ".") if "." not in t else t
            if _SIMPLE.fullmatch(t):
                return Decimal(t).quantize(ORE)
        elif type(v) is float and -1e13 < v < 1e13:  # finite and sane; others get the general message
            return Decimal(repr(v)).quantize(ORE, rounding=ROUND_HALF_UP)
        return cell_amount(v, decimal)

    return read


def prepare_table(
    raw: RawLedger,
    m: Mapping,
    filters: Filters,
    classify: _Classifier,
    existing: Existing,
    plan: ImportPlan,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    from models.importing.pipeline import Reject

    if not m.date:
        raise UserError("Ange vilken kolumn som innehåller datum.")
    if not (m.amount or m.debit or m.credit):
        raise UserError("Ange vilken kolumn som innehåller belopp, eller kolumnerna för debet och kredit.")
    i_date = _column(raw, m.date, ROLE_LABELS["date"])
    i_amount = _column(raw, m.amount, ROLE_LABELS["amount"])
    i_debit = _column(raw, m.debit, ROLE_LABELS["debit"]) if i_amount < 0 else -1
    i_credit = _column(raw, m.credit, ROLE_LABELS["credit"]) if i_amount < 0 else -1
    i_account = _column(raw, m.account, ROLE_LABELS["account"])
    i_voucher = _column(raw, m.voucher, ROLE_LABELS["voucher"])
    i_text = _column(raw, m.text, ROLE_LABELS["text"])
    i_supplier = _column(raw, m.supplier, ROLE_LABELS["supplier"])
    objects = [(dim, _column(raw, h, "objekt")) for dim, h in m.objects.items()]
    if filters.accounts and i_account < 0:
        raise UserError("Kontofiltret kräver en kontokolumn; ange den i mappningen eller ta bort kontofiltret.")
    object_filter = _object_columns(raw, m, filters)
    from models.importing.pipeline import _accounts_ok

    account_ok = _accounts_ok(filters.accounts)
    need_account = bool(filters.accounts)
    d_from, d_to = filters.date_from, filters.date_to
    keys, sigs = existing
    headers = raw.headers
    decimal = raw.decimal
    amount_of = _amount_reader(decimal)
    negate = m.negate
    where = f"{raw.file_name}, blad {raw.sheet}, rad " if raw.sheet else f"{raw.file_name}, rad "
    first_row = raw.first_row
    date_cache: dict[object, date] = {}
    account_cache: dict[object, tuple[str, int | None]] = {}
    seen: dict[str, int] = {}
    rejects = plan.rejects
    out = plan.candidates
    filtered = dups = 0
    blake = hashlib.blake2b

    def text(v: object) -> str:
        return v.strip() if type(v) is str else cell_text(v)

    for n, row in enumerate(raw.cells):
        if not n % _STEP and n:
            if cancel is not None and cancel():
                raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
            if progress is not None:
                progress(n)
        dv = row[i_date]
        d = date_cache.get(dv)
        if d is None:
            if dv in _BLANK:
                if not any(c not in _BLANK for c in row):
                    continue  # an empty row
                if is_total_row(row):
                    filtered += 1
                    continue
                rejects.append(Reject(first_row + n, headers[i_date], "", "Datum saknas."))
                continue
            try:
                d = date_cache[dv] = cell_date(dv)
            except CellError as err:
                if is_total_row(row):
                    filtered += 1
                else:
                    rejects.append(Reject(first_row + n, headers[i_date], cell_text(dv), str(err)))
                continue
        column = i_amount
        try:
            if i_amount >= 0:
                amount = amount_of(row[i_amount])
            else:
                dr = row[i_debit] if i_debit >= 0 else None
                cr = row[i_credit] if i_credit >= 0 else None
                column = i_debit if i_debit >= 0 else i_credit
                if dr in _BLANK and cr in _BLANK:
                    raise CellError("Beloppet saknas i både debet och kredit.")
                amount = ZERO if dr in _BLANK else amount_of(dr)
                if cr not in _BLANK:
                    column = i_credit
                    amount -= amount_of(cr)
        except CellError as err:
            rejects.append(Reject(first_row + n, headers[column], cell_text(row[column]), str(err)))
            continue
        if i_account >= 0:
            av = row[i_account]
            hit = account_cache.get(av)
            if hit is None:
                a = text(av)
                hit = account_cache[av] = (a, account_number(a) if a else None)
            account, acc_no = hit
            if acc_no is None and need_account:
                reason = "Kontot saknas." if not account else f"”{account}” är inget kontonummer."
                rejects.append(Reject(first_row + n, headers[i_account], account, reason))
                continue
        else:
            account, acc_no = "", None
        if (
            not amount
            or not account_ok(acc_no)
            or (d_from is not None and d < d_from)
            or (d_to is not None and d > d_to)
        ):
            filtered += 1
            continue
        if object_filter and not all(text(row[col]).casefold() in codes for col, codes in object_filter):
            filtered += 1
            continue
        if negate:
            amount = -amount
        txt = text(row[i_text]) if i_text >= 0 else ""
        voucher = text(row[i_voucher]) if i_voucher >= 0 else ""
        supplier = text(row[i_supplier]) if i_supplier >= 0 else ""
        obj = " ".join([f"{dim}:{v}" for dim, col in objects if (v := text(row[col]))]) if objects else ""
        iso = d.isoformat()
        content = blake(
            f"{iso}\x1f{voucher}\x1f{account}\x1f{amount}\x1f{txt}\x1f{obj}\x1f{supplier}".encode(), digest_size=12
        ).hexdigest()
        k = seen[content] = seen.get(content, 0) + 1
        key = f"t:{content}:{k}"
        if key in keys or (sigs and (iso, int(amount * 100), account, txt) in sigs):
            dups += 1
            continue
        category, stream = classify(acc_no, txt)
        out.append(
            Cost(d, amount, stream, category, txt, voucher, supplier, account, obj, f"{where}{first_row + n}", key)
        )
    plan.filtered_out += filtered
    plan.duplicates += dups
    if progress is not None:
        progress(len(raw.cells))
