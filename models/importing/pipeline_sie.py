"""The SIE branch of the pipeline: #TRANS rows of cost accounts become costs.

Like the table branch it works on whole columns (the transactions turned into one list per field):
the filters, the source keys and the rows are built a column at a time, and each distinct account,
object list and date is looked at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import compress, repeat
from operator import ge, itemgetter, le
from typing import Any

from models.duplicates import Held
from models.errors import Cancelled
from models.importing.ledger import RawLedger
from models.importing.mapping import Filters
from models.importing.pipeline_columns import add_rows, distinct
from models.importing.plan import Classifier, ImportPlan, Reject, accounts_ok
from models.importing.sie import SieTrans


def _columns(transactions: Sequence[SieTrans]) -> Sequence[Sequence[Any]]:
    if not transactions:
        return [[] for _ in SieTrans._fields]
    return list(zip(*transactions, strict=True))


def prepare_sie(
    raw: RawLedger,
    filters: Filters,
    classify: Classifier,
    existing: Held,
    plan: ImportPlan,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    sie = raw.sie
    assert sie is not None
    plan.rejects.extend(Reject(r.line, r.column, r.value, r.reason) for r in sie.rejects)
    _, series, vernrs, indexes, accounts, objects, ores, dates, texts = _columns(sie.transactions)
    n = len(ores)
    if cancel is not None and cancel():
        raise Cancelled("Importen avbröts; dokumentet är oförändrat.")

    # The filters: a cost account (its number when the filter takes it), the dates, an amount, the objects.
    ranges_ok = accounts_ok(filters.accounts)
    numbers = distinct(accounts, int)
    takes: list[Any] = [distinct(numbers, ranges_ok), ores]
    if filters.date_from:
        takes.append(map(ge, dates, repeat(filters.date_from)))
    if filters.date_to:
        takes.append(map(le, dates, repeat(filters.date_to)))
    wanted: dict[str, set[str]] = {}
    for dim, code in filters.objects:
        wanted.setdefault(dim.strip(), set()).add(code.strip().casefold())

    def described(objs: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
        have = dict(objs)
        takes = all(have.get(dim, "").casefold() in codes for dim, codes in wanted.items())
        return " ".join(f"{dim}:{code}" for dim, code in objs), takes

    object_texts = distinct(objects, described)
    if wanted:
        takes.append(map(itemgetter(1), object_texts))
    keep = list(map(all, zip(*takes, strict=False)))
    idx = list(compress(range(n), keep))
    plan.filtered_out += n - len(idx)
    if progress is not None:
        progress(n // 2)

    def take(column: Sequence[Any]) -> list[Any]:
        return list(compress(column, keep)) if len(idx) != n else list(column)

    series, vernrs, indexes, accounts, ores, texts = map(take, (series, vernrs, indexes, accounts, ores, texts))
    numbers, objs = take(numbers), [o for o, _ in take(object_texts)]
    days = distinct(take(dates), date.isoformat)
    ver = list(map(" ".join, zip(series, vernrs, strict=True)))
    keys = list(
        map(
            ":".join,
            zip(repeat("sie"), series, vernrs, days, map(str, indexes), accounts, map(str, ores), strict=False),
        )
    )
    prefix = f"{raw.file_name}, ver "
    suffix = distinct(objs, lambda o: f", objekt {o}" if o else "")
    sources = list(map("".join, zip(repeat(prefix), ver, repeat(", konto "), accounts, suffix, strict=False)))
    add_rows(
        plan,
        existing,
        classify,
        days=days,
        amounts=ores,
        accounts=accounts,
        numbers=numbers,
        texts=texts,
        vouchers=list(map(str.strip, ver)),
        suppliers=[""] * len(idx),
        objects=objs,
        sources=sources,
        keys=keys,
    )
    if progress is not None:
        progress(n)
