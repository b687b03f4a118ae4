"""From raw ledger rows to costs: mapping, filters, rules, duplicates and row-level rejects."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from models.document import Cost
from models.errors import Cancelled, UserError
from models.importing.ledger import RawLedger
from models.importing.mapping import ROLE_LABELS, Filters, Mapping, Rule, normalize_heading
from models.importing.values import CellError, account_number, cell_amount, cell_date, cell_text
from models.money import to_ore

ZERO = Decimal("0.00")
_STEP = 5000  # rows between progress reports and cancel checks
_TOTAL_WORDS = ("summa", "total", "saldo", "delsumma")

Existing = tuple[set[str], set[tuple[str, int, str, str]]]


@dataclass(frozen=True)
class Reject:
    """A row that was not imported: its row number as the user sees it, the column, the value, why."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportPlan:
    """What an import would add, shown before committing."""

    candidates: list[Cost] = field(default_factory=list)
    duplicates: int = 0
    rejects: list[Reject] = field(default_factory=list)
    filtered_out: int = 0
    total: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_stream: dict[str, Decimal] = field(default_factory=dict)
    file_name: str = ""

    def rejects_csv(self) -> str:
        """The rejects as semicolon CSV for Swedish Excel; cells that look like formulas stay text."""
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(["Rad", "Kolumn", "Värde", "Orsak"])
        for r in self.rejects:
            w.writerow([r.row, _safe(r.column), _safe(r.value), _safe(r.reason)])
        return buf.getvalue()

    def write_rejects_csv(self, path: str | Path) -> None:
        try:
            Path(path).write_text(self.rejects_csv(), encoding="utf-8-sig", newline="")
        except OSError as err:
            raise UserError(f"Kunde inte spara listan över avvisade rader: {err.strerror}.") from None


def _safe(text: str) -> str:
    if text and (text[0] in "=+@\t\r" or (text[0] == "-" and not text[1:2].isdigit())):
        return "'" + text
    return text


def _is_total(row: list[object]) -> bool:
    """A "Summa"/"Totalt" row under the data: not a cost and not an error."""
    first = next((c for c in row if isinstance(c, str) and c.strip()), "")
    return first.strip().lower().startswith(_TOTAL_WORDS)


def _key(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=12).hexdigest()


class _Classifier:
    """Rules, first match wins; results cached per (account, text) since ledgers repeat them."""

    def __init__(self, rules: Iterable[Rule], default_stream: str, default_category: str) -> None:
        self.rules = list(rules)
        self.default = (default_category, default_stream)
        self.text_rules = any(r.text_pattern for r in self.rules)
        self.cache: dict[tuple[int | None, str], tuple[str, str]] = {}

    def __call__(self, account: int | None, text: str) -> tuple[str, str]:
        k = (account, text if self.text_rules else "")
        hit = self.cache.get(k)
        if hit is None:
            hit = self.default
            for r in self.rules:
                if r.matches(account, text):
                    hit = (r.category or self.default[0], r.stream or self.default[1])
                    break
            self.cache[k] = hit
        return hit


def _accounts_ok(ranges: list[tuple[int, int]]) -> Callable[[int | None], bool]:
    if not ranges:
        return lambda _n: True
    cache: dict[int | None, bool] = {}

    def ok(n: int | None) -> bool:
        hit = cache.get(n)
        if hit is None:
            hit = cache[n] = n is not None and any(lo <= n <= hi for lo, hi in ranges)
        return hit

    return ok


def prepare_import(
    raw: RawLedger,
    mapping: Mapping | None = None,
    filters: Filters | None = None,
    rules: Iterable[Rule] = (),
    *,
    default_stream: str,
    default_category: str = "Övrigt",
    existing: Existing = (set(), set()),
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Map, filter and classify every row; nothing is written. Bad rows become ``Reject``s."""
    filters = filters or Filters()
    classify = _Classifier(rules, default_stream, default_category)
    plan = ImportPlan(file_name=raw.file_name)
    if raw.kind == "sie":
        from models.importing.pipeline_sie import prepare_sie

        prepare_sie(raw, filters, classify, existing, plan, progress, cancel)
    else:
        _prepare_table(raw, mapping or Mapping(), filters, classify, existing, plan, progress, cancel)
    summarize(plan)
    return plan


def summarize(plan: ImportPlan) -> None:
    by_cat: dict[str, Decimal] = {}
    by_stream: dict[str, Decimal] = {}
    total = ZERO
    for c in plan.candidates:
        total += c.amount
        by_cat[c.category] = by_cat.get(c.category, ZERO) + c.amount
        by_stream[c.stream] = by_stream.get(c.stream, ZERO) + c.amount
    plan.total, plan.by_category, plan.by_stream = total, by_cat, by_stream


def _column(raw: RawLedger, heading: str | None, role: str) -> int | None:
    if not heading:
        return None
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
        heading = mapping.objects.get(dim)
        if heading is None:
            norm = normalize_heading(dim)
            heading = next((h for d, h in mapping.objects.items() if normalize_heading(d) == norm), None)
        if heading is None:
            heading = next((h for h in raw.headers if normalize_heading(h) == normalize_heading(dim)), None)
        if heading is None:
            raise UserError(
                f"Objektfiltret {dim}:{code} kräver en kolumn för dimension {dim}; "
                "ange kolumnen i mappningen eller filtrera på en kolumnrubrik, t.ex. Projekt=GNV24."
            )
        col = _column(raw, heading, "objekt")
        assert col is not None
        groups.setdefault(col, set()).add(code.strip().casefold())
    return list(groups.items())


def _prepare_table(
    raw: RawLedger,
    m: Mapping,
    filters: Filters,
    classify: _Classifier,
    existing: Existing,
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
    i_debit = _column(raw, m.debit, ROLE_LABELS["debit"]) if i_amount is None else None
    i_credit = _column(raw, m.credit, ROLE_LABELS["credit"]) if i_amount is None else None
    i_account = _column(raw, m.account, ROLE_LABELS["account"])
    i_voucher = _column(raw, m.voucher, ROLE_LABELS["voucher"])
    i_text = _column(raw, m.text, ROLE_LABELS["text"])
    i_supplier = _column(raw, m.supplier, ROLE_LABELS["supplier"])
    objects = [(dim, _column(raw, h, "objekt")) for dim, h in m.objects.items()]
    if filters.accounts and i_account is None:
        raise UserError("Kontofiltret kräver en kontokolumn; ange den i mappningen eller ta bort kontofiltret.")
    object_filter = _object_columns(raw, m, filters)
    account_ok = _accounts_ok(filters.accounts)
    d_from, d_to = filters.date_from, filters.date_to
    keys, sigs = existing
    headers = raw.headers
    decimal = raw.decimal
    sign = -1 if m.negate else 1
    where = f"{raw.file_name}, blad {raw.sheet}, rad " if raw.sheet else f"{raw.file_name}, rad "
    date_cache: dict[object, date] = {}
    text_cache: dict[object, str] = {}
    seen: dict[str, int] = {}
    rejects = plan.rejects
    out = plan.candidates
    filtered = dups = 0

    def text(row: list[object], i: int | None) -> str:
        if i is None or i >= len(row):
            return ""
        v = row[i]
        if type(v) is str:
            return v.strip()
        t = text_cache.get(v)
        if t is None:
            t = text_cache[v] = cell_text(v)
        return t

    def cell(row: list[object], i: int | None) -> object:
        return row[i] if i is not None and i < len(row) else None

    for n, row in enumerate(raw.cells):
        if n % _STEP == 0 and n:
            if cancel is not None and cancel():
                raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
            if progress is not None:
                progress(n)
        rowno = raw.first_row + n
        dv = cell(row, i_date)
        if dv is None or dv == "":
            if not any(c not in ("", None) for c in row):
                continue  # an empty row
            if _is_total(row):
                filtered += 1  # a sum row under the data
                continue
            rejects.append(Reject(rowno, headers[i_date], "", "Datum saknas."))  # type: ignore[index]
            continue
        try:
            d = date_cache.get(dv)
            if d is None:
                d = date_cache[dv] = cell_date(dv)
        except CellError as err:
            if _is_total(row):
                filtered += 1
                continue
            rejects.append(Reject(rowno, headers[i_date], cell_text(dv), str(err)))  # type: ignore[index]
            continue
        try:
            if i_amount is not None:
                column = i_amount
                amount = cell_amount(cell(row, i_amount), decimal)
            else:
                column = i_debit if i_debit is not None else i_credit
                dr, cr = cell(row, i_debit), cell(row, i_credit)
                if dr in ("", None) and cr in ("", None):
                    raise CellError("Beloppet saknas i både debet och kredit.")
                amount = ZERO
                if dr not in ("", None):
                    amount += cell_amount(dr, decimal)
                if cr not in ("", None):
                    column = i_credit
                    amount -= cell_amount(cr, decimal)
        except CellError as err:
            rejects.append(Reject(rowno, headers[column], cell_text(cell(row, column)), str(err)))  # type: ignore[index]
            continue
        account = text(row, i_account)
        acc_no = account_number(account) if account else None
        if i_account is not None and filters.accounts and acc_no is None:
            reason = "Kontot saknas." if not account else f"”{account}” är inget kontonummer."
            rejects.append(Reject(rowno, headers[i_account], account, reason))
            continue
        if (
            not account_ok(acc_no)
            or (d_from is not None and d < d_from)
            or (d_to is not None and d > d_to)
            or not amount
        ):
            filtered += 1
            continue
        if object_filter and not all(text(row, col).casefold() in codes for col, codes in object_filter):
            filtered += 1
            continue
        amount = amount * sign if sign < 0 else amount
        txt = text(row, i_text)
        voucher = text(row, i_voucher)
        obj = " ".join(f"{dim}:{v}" for dim, col in objects if (v := text(row, col)))
        supplier = text(row, i_supplier)
        iso = d.isoformat()
        content = _key(iso, voucher, account, amount, txt, obj, supplier)
        k = seen[content] = seen.get(content, 0) + 1
        key = f"t:{content}:{k}"
        if key in keys or (iso, to_ore(amount), account, txt) in sigs:
            dups += 1
            continue
        category, stream = classify(acc_no, txt)
        out.append(Cost(d, amount, stream, category, txt, voucher, supplier, account, obj, f"{where}{rowno}", key))
    plan.filtered_out += filtered
    plan.duplicates += dups
    if progress is not None:
        progress(len(raw.cells))
