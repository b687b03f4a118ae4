"""The spreadsheet/CSV branch of the pipeline, a column at a time.

Written for speed (100 000 rows in a few tenths of a second): each mapped column is taken out of the
rows once; cells that repeat in a ledger (dates, accounts, texts, objects) are converted once per
distinct value; plain amounts go straight to integer öre. Only a row that fails takes the general
readers in ``values``, which word the reason for the reject list.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import TYPE_CHECKING, Any

from models.errors import Cancelled, UserError
from models.importing.mapping import ROLE_LABELS, Filters, Mapping, normalize_heading
from models.importing.values import CellError, account_number, cell_amount, cell_date, cell_text

if TYPE_CHECKING:
    from models.importing.ledger import RawLedger
    from models.importing.pipeline import Existing, ImportPlan, _Classifier

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


def _text(v: object) -> str:
    return v.strip() if type(v) is str else cell_text(v)


def _distinct(col: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``[convert(v) for v in col]``, converting each distinct value once (ledgers repeat most cells)."""
    types = set(map(type, col))
    if bool in types and len(types) > 1:  # True == 1 as a dict key: convert cell by cell
        return [convert(v) for v in col]
    try:
        table = {v: convert(v) for v in set(col)}
    except TypeError:  # an unhashable cell
        return [convert(v) for v in col]
    return list(map(table.__getitem__, col))


def _ore_reader(decimal: str) -> Callable[[object], int | None]:
    """Plain amounts ("-1234,50", "1234.5", a spreadsheet number) to öre; None for the general reader."""
    comma = decimal == ","
    match = _SIMPLE.fullmatch

    def ore(v: object) -> int | None:
        t = v
        if type(v) is str:
            t = v.replace(" ", "")
            if comma and "." not in t:
                t = t.replace(",", ".")
        elif type(v) is float:
            if not -1e13 < v < 1e13:  # type: ignore[operator]
                return None
            t = repr(v)  # the shortest text that reads back as the same float: 0.3, never 0.2999…
        elif type(v) is int:
            t = str(v)
        else:
            return None
        if match(t) is None:  # type: ignore[arg-type]
            return None
        whole, _, frac = t.partition(".")  # type: ignore[union-attr]
        return int(whole + (frac + "00")[:2])  # "-0.5" → "-050" → -50

    return ore


def _net_reader(ore: Callable[[object], int | None]) -> Callable[[object, object], int | None]:
    """Debit minus credit in öre; None when either needs the general reader (or both are empty)."""

    def net(dr: object, cr: object) -> int | None:
        if dr in _BLANK:
            if cr in _BLANK:
                return None
            c = ore(cr)
            return None if c is None else -c
        d = ore(dr)
        if d is None or cr in _BLANK:
            return d
        c = ore(cr)
        return None if c is None else d - c

    return net


def _general_amount(row: list[object], i_amount: int, i_debit: int, i_credit: int, decimal: str) -> tuple[int, int]:
    """(column, öre) of a row the fast readers left; raises CellError with the column in ``args[1]``."""
    column = i_amount
    try:
        if i_amount >= 0:
            amount = cell_amount(row[i_amount], decimal)
        else:
            dr = row[i_debit] if i_debit >= 0 else None
            cr = row[i_credit] if i_credit >= 0 else None
            column = i_debit if i_debit >= 0 else i_credit
            if dr in _BLANK and cr in _BLANK:
                raise CellError("Beloppet saknas i både debet och kredit.")
            amount = cell_amount(0) if dr in _BLANK else cell_amount(dr, decimal)
            if cr not in _BLANK:
                column = i_credit
                amount -= cell_amount(cr, decimal)
    except CellError as err:
        raise CellError(str(err), column) from None
    return column, int(amount.scaleb(2))


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
    from models.importing.pipeline import Reject, _accounts_ok

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

    cells = raw.cells
    headers = raw.headers
    decimal = raw.decimal

    def col(i: int) -> list[object]:
        return [r[i] for r in cells]

    def texts(i: int) -> Iterable[str]:
        return _distinct(col(i), _text) if i >= 0 else repeat("")

    def iso(v: object) -> str | None:
        if v in _BLANK:
            return ""
        try:
            return cell_date(v).isoformat()
        except CellError:
            return None

    # Every mapped column, converted: "" is an empty date, None a cell the general reader must word.
    isos = _distinct(col(i_date), iso)
    ore = _ore_reader(decimal)
    if i_amount >= 0:
        ores: Iterable[int | None] = list(map(ore, col(i_amount)))
    else:
        debit = col(i_debit) if i_debit >= 0 else repeat(None)
        credit = col(i_credit) if i_credit >= 0 else repeat(None)
        ores = list(map(_net_reader(ore), debit, credit))
    account_ok = _accounts_ok(filters.accounts)

    def account(v: object) -> tuple[str, int | None, bool]:
        a = _text(v)
        n = account_number(a) if a else None
        return a, n, account_ok(n)

    accounts = _distinct(col(i_account), account) if i_account >= 0 else repeat(("", None, account_ok(None)))
    if objects:

        def joined(values: object) -> str:
            if len(objects) == 1:
                values = (values,)
            pairs = zip(objects, values, strict=True)
            return " ".join([f"{dim}:{v}" for (dim, _), cell in pairs if (v := _text(cell))])

        if len(objects) == 1:
            obj_values: list[Any] = col(objects[0][1])
        else:
            obj_values = list(zip(*(col(c) for _, c in objects), strict=True))
        objs: Iterable[str] = _distinct(obj_values, joined)
    else:
        objs = repeat("")
    if object_filter:
        wanted = [_distinct(col(c), lambda v, codes=codes: _text(v).casefold() in codes) for c, codes in object_filter]
        oks: Iterable[bool] = wanted[0] if len(wanted) == 1 else list(map(all, zip(*wanted, strict=True)))
    else:
        oks = repeat(True)

    need_account = bool(filters.accounts)
    d_from = filters.date_from.isoformat() if filters.date_from else ""
    d_to = filters.date_to.isoformat() if filters.date_to else "\uffff"
    keys, sigs = existing
    negate = m.negate
    where = f"{raw.file_name}, blad {raw.sheet}, rad " if raw.sheet else f"{raw.file_name}, rad "
    first_row = raw.first_row
    seen: dict[str, int] = {}
    rejects = plan.rejects
    out = plan.rows
    filtered = dups = 0
    blake = hashlib.blake2b
    # strict=False: the columns that are not mapped are repeat()s
    columns = zip(isos, ores, accounts, texts(i_text), texts(i_voucher), texts(i_supplier), objs, oks, strict=False)
    for n, (day, amount, (acc, acc_no, acc_ok), txt, voucher, supplier, obj, ok) in enumerate(columns):
        if not n % _STEP and n:
            if cancel is not None and cancel():
                raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
            if progress is not None:
                progress(n)
        if not day:
            row = cells[n]
            if day == "" and not any(c not in _BLANK for c in row):
                continue  # an empty row
            if is_total_row(row):
                filtered += 1
            elif day == "":
                rejects.append(Reject(first_row + n, headers[i_date], "", "Datum saknas."))
            else:
                try:
                    cell_date(row[i_date])
                except CellError as err:
                    rejects.append(Reject(first_row + n, headers[i_date], cell_text(row[i_date]), str(err)))
            continue
        if amount is None:
            row = cells[n]
            try:
                amount = _general_amount(row, i_amount, i_debit, i_credit, decimal)[1]
            except CellError as err:
                where_col = err.args[1]
                rejects.append(Reject(first_row + n, headers[where_col], cell_text(row[where_col]), err.args[0]))
                continue
        if acc_no is None and need_account:
            reason = "Kontot saknas." if not acc else f"”{acc}” är inget kontonummer."
            rejects.append(Reject(first_row + n, headers[i_account], acc, reason))
            continue
        if not amount or not acc_ok or day < d_from or day > d_to or not ok:
            filtered += 1
            continue
        if negate:
            amount = -amount
        content = f"{day}\x1f{voucher}\x1f{acc}\x1f{amount}\x1f{txt}\x1f{obj}\x1f{supplier}"
        k = seen[content] = seen.get(content, 0) + 1
        key = f"t:{blake(content.encode(), digest_size=12).hexdigest()}:{k}"
        if key in keys or (sigs and (day, amount, acc, txt) in sigs):
            dups += 1
            continue
        category, stream = classify(acc_no, txt)
        out.append((day, amount, stream, category, txt, voucher, supplier, acc, obj, f"{where}{first_row + n}", key))
    plan.filtered_out += filtered
    plan.duplicates += dups
    if progress is not None:
        progress(len(cells))
