"""The spreadsheet/CSV branch of the pipeline, a column at a time.

Each mapped column is taken out of the rows once and converted by ``pipeline_columns``; the filters,
the duplicate check, the source keys and the rows themselves are then built by C loops (``map``,
``zip``, ``compress``) over whole columns.
Python looks at single rows only where a cell could not be read: those rows are rejected with their
reason, or repaired by the general readers in ``values``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from functools import partial
from itertools import compress, repeat
from operator import add, contains, ge, is_, itemgetter, le, neg, not_
from typing import Any

from models.duplicates import Held
from models.errors import Cancelled, UserError
from models.importing.ledger import RawLedger
from models.importing.mapping import ROLE_LABELS, Filters, Mapping, normalize_heading
from models.importing.pipeline_columns import (
    BLANK,
    UNREADABLE,
    add_rows,
    amounts_in_ore,
    distinct,
    general_amount,
    iso_date,
    net_reader,
    ore_reader,
    text_of,
    texts_of,
)
from models.importing.plan import Classifier, ImportPlan, Reject, accounts_ok
from models.importing.values import CellError, account_number, cell_date, cell_text
from models.storage.sourcekeys import TableIdentity

_TOTAL_WORDS = ("summa", "total", "saldo", "delsumma")


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


def _code_in(codes: Collection[str], v: object) -> bool:
    """Whether an object cell holds one of ``codes`` (casefolded)."""
    return text_of(v).casefold() in codes


def _coded(dim: str, v: object) -> str:
    """An object cell as "dim:code " for the row's object text, or "" when it is empty."""
    t = text_of(v)
    return f"{dim}:{t} " if t else ""


def is_total_row(row: list[object]) -> bool:
    """A "Summa"/"Totalt" row under the data: not a cost and not an error."""
    first = next((c for c in row if isinstance(c, str) and c.strip()), "")
    return first.strip().lower().startswith(_TOTAL_WORDS)


class _Stages:
    """Progress and cancel between the stages of a prepare (each stage is one pass over a column)."""

    def __init__(self, total: int, progress: Callable[[int], None] | None, cancel: Callable[[], bool] | None) -> None:
        self.total, self.progress, self.cancel = total, progress, cancel

    def __call__(self, share: float) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
        if self.progress is not None:
            self.progress(int(self.total * share))


def _take(idx: list[int], column: Sequence[Any]) -> Sequence[Any]:
    """The cells of ``column`` at the positions ``idx`` (ascending, as ``compress`` gives them)."""
    if len(idx) == len(column):
        return column  # every row passed
    if len(idx) > 1:
        return list(itemgetter(*idx)(column))
    return [column[i] for i in idx]


def _sources(where: str, idx: list[int], first_row: int) -> list[str]:
    """ "huvudbok.csv, rad 12" for each row taken: one join and one split instead of a string per row built
    in two steps."""
    if not idx:
        return []
    if "\n" in where:  # a file name with a line break (possible on Linux): row by row
        return list(map(where.__add__, map(str, map(add, idx, repeat(first_row)))))
    numbers = map(
        str, range(first_row, first_row + len(idx)) if idx[-1] == len(idx) - 1 else map(add, idx, repeat(first_row))
    )
    return (where + ("\n" + where).join(numbers)).split("\n")


def prepare_table(
    raw: RawLedger,
    m: Mapping,
    filters: Filters,
    classify: Classifier,
    existing: Held,
    plan: ImportPlan,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
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
    n = len(cells)
    headers = raw.headers
    decimal = raw.decimal
    stage = _Stages(n, progress, cancel)
    if len(set(map(len, cells))) == 1:
        by_column = list(zip(*cells, strict=True))  # one pass in C; rows are as wide as the headings

        def col(i: int) -> Sequence[Any]:
            return by_column[i]

    else:

        def col(i: int) -> Sequence[Any]:
            return list(map(itemgetter(i), cells))

    # 1. Every mapped column converted: ISO dates, öre, (account, number, the filter takes it).
    isos = distinct(col(i_date), iso_date)
    if i_amount >= 0:
        ores = amounts_in_ore(col(i_amount), decimal)
    else:
        debit = col(i_debit) if i_debit >= 0 else repeat(None)
        credit = col(i_credit) if i_credit >= 0 else repeat(None)
        ores = list(map(net_reader(ore_reader(decimal)), debit, credit))
    account_ok = accounts_ok(filters.accounts)

    def account(v: object) -> tuple[str, int | None, bool]:
        a = text_of(v)
        number = account_number(a) if a else None
        return a, number, account_ok(number)

    accounts = distinct(col(i_account), account) if i_account >= 0 else [account("")] * n
    stage(0.3)

    # 2. Rows the columns could not settle: an empty or unreadable date, an amount for the general
    # reader, an account that is no number while accounts are filtered. Each is rejected (with its
    # reason), skipped (an empty row), counted as filtered (a "Summa" row) or repaired.
    # (Each looked for first in one quick scan: most files have none of them.)
    odd: set[int] = set()
    if "" in isos or UNREADABLE in isos:
        odd.update(compress(range(n), map(contains, repeat(("", UNREADABLE)), isos)))
    if None in ores:
        odd.update(compress(range(n), map(is_, ores, repeat(None))))
    if filters.accounts and None in map(itemgetter(1), accounts):
        odd.update(compress(range(n), map(is_, map(itemgetter(1), accounts), repeat(None))))
    dropped: set[int] = set()
    filtered = 0
    first_row = first = raw.first_row
    for i in sorted(odd):
        row = cells[i]
        day = isos[i]
        if day in ("", UNREADABLE):
            dropped.add(i)
            if day == "" and not any(c not in BLANK for c in row):
                continue  # an empty row
            if is_total_row(row):
                filtered += 1
            elif day == "":
                plan.rejects.append(Reject(first + i, headers[i_date], "", "Datum saknas."))
            else:
                try:
                    cell_date(row[i_date])
                except CellError as err:
                    plan.rejects.append(Reject(first + i, headers[i_date], cell_text(row[i_date]), str(err)))
            continue
        if ores[i] is None:
            try:
                ores[i] = general_amount(row, i_amount, i_debit, i_credit, decimal)[1]
            except CellError as err:
                dropped.add(i)
                at = err.args[1]
                plan.rejects.append(Reject(first + i, headers[at], cell_text(row[at]), err.args[0]))
                continue
        acc = accounts[i]
        if acc[1] is None and filters.accounts:
            dropped.add(i)
            reason = "Kontot saknas." if not acc[0] else f"”{acc[0]}” är inget kontonummer."
            plan.rejects.append(Reject(first + i, headers[i_account], acc[0], reason))
    stage(0.5)

    # 3. The filters: a non-zero amount, the accounts, the dates, the objects.
    takes: list[Iterable[Any]] = [map(bool, ores), map(itemgetter(2), accounts)]
    if filters.date_from:
        takes.append(map(ge, isos, repeat(filters.date_from.isoformat())))
    if filters.date_to:
        takes.append(map(le, isos, repeat(filters.date_to.isoformat())))
    for c, codes in object_filter:
        takes.append(distinct(col(c), partial(_code_in, codes)))
    if dropped:
        takes.append(map(not_, map(contains, repeat(dropped), range(n))))
    idx = list(compress(range(n), map(all, zip(*takes, strict=False))))
    filtered += n - len(dropped) - len(idx)
    stage(0.6)

    # 4. The rows that pass, column by column.
    days = _take(idx, isos)
    amounts = _take(idx, ores)
    if m.negate:
        amounts = list(map(neg, amounts))
    accs = _take(idx, accounts)
    acc_texts = list(map(itemgetter(0), accs))

    def texts(i: int) -> Sequence[str]:
        if i < 0:
            return [""] * len(idx)
        return texts_of(_take(idx, col(i)))

    txts, vouchers, suppliers = texts(i_text), texts(i_voucher), texts(i_supplier)
    # Objects as "1:456 6:GNV24", an empty code leaving no gap: each column's codes become "dim:code "
    # (or "" when empty) once per distinct cell, the rows are concatenated column by column, and the
    # last separator is taken off (codes are stripped, so only it can end a row with a space).
    objs: Sequence[str] = [""] * len(idx)
    for k, (dim, c) in enumerate(objects):
        coded = distinct(_take(idx, col(c)), partial(_coded, dim))
        objs = list(map(add, objs, coded)) if k else coded
    if objects:
        objs = list(map(str.rstrip, objs))
    stage(0.8)

    def match_identities() -> list[TableIdentity]:
        """The rows' identities for their source keys (models/storage/sourcekeys.py): needed only when the document
        holds table keys."""
        return list(zip(days, vouchers, acc_texts, amounts, txts, objs, suppliers, strict=True))

    # 5. Duplicates, rules, rows.
    where = f"{raw.file_name}, blad {raw.sheet}, rad " if raw.sheet else f"{raw.file_name}, rad "
    add_rows(
        plan,
        existing,
        classify,
        days=days,
        amounts=amounts,
        accounts=acc_texts,
        numbers=list(map(itemgetter(1), accs)),
        texts=txts,
        vouchers=vouchers,
        suppliers=suppliers,
        objects=objs,
        sources=_sources(where, idx, first_row),
        keys=[""] * len(idx),  # a table row's key is written when the cost is first edited
        match_identities=match_identities,
    )
    plan.filtered_out += filtered
    stage(1.0)
