"""The SIE branch of the pipeline: #TRANS rows of cost accounts become costs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from models.errors import Cancelled

if TYPE_CHECKING:
    from models.importing.ledger import RawLedger
    from models.importing.mapping import Filters
    from models.importing.pipeline import Existing, ImportPlan, _Classifier

_STEP = 5000


def prepare_sie(
    raw: RawLedger,
    filters: Filters,
    classify: _Classifier,
    existing: Existing,
    plan: ImportPlan,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    from models.importing.pipeline import Reject, _accounts_ok

    sie = raw.sie
    assert sie is not None
    plan.rejects.extend(Reject(r.line, r.column, r.value, r.reason) for r in sie.rejects)
    ranges_ok = _accounts_ok(filters.accounts)
    account_ok: dict[str, int | None] = {}  # account text → its number when the filter takes it
    wanted: dict[str, set[str]] = {}
    for dim, code in filters.objects:
        wanted.setdefault(dim.strip(), set()).add(code.strip().casefold())
    object_text: dict[tuple[tuple[str, str], ...], tuple[str, bool]] = {}  # objects → (text, filter takes it)
    isos: dict[date, str] = {}
    d_from, d_to = filters.date_from or date.min, filters.date_to or date.max
    keys, sigs = existing
    name = raw.file_name
    out = plan.rows
    filtered = dups = 0
    for n, (_, series, vernr, index, account, objects, ore, d, text) in enumerate(sie.transactions):
        if not n % _STEP and n:
            if cancel is not None and cancel():
                raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
            if progress is not None:
                progress(n)
        try:
            acc_no = account_ok[account]
        except KeyError:
            acc_no = account_ok[account] = int(account) if ranges_ok(int(account)) else None
        if acc_no is None or d < d_from or d > d_to or not ore:
            filtered += 1
            continue
        hit = object_text.get(objects)
        if hit is None:
            have = dict(objects)
            takes = all(have.get(dim, "").casefold() in codes for dim, codes in wanted.items())
            hit = object_text[objects] = (" ".join(f"{dim}:{code}" for dim, code in objects), takes)
        obj, takes = hit
        if not takes:
            filtered += 1
            continue
        iso = isos.get(d) or isos.setdefault(d, d.isoformat())
        key = f"sie:{series}:{vernr}:{iso}:{index}:{account}:{ore}"
        if key in keys or (sigs and (iso, ore, account, text) in sigs):
            dups += 1
            continue
        category, stream = classify(acc_no, text)
        source = (
            f"{name}, ver {series} {vernr}, konto {account}, objekt {obj}"
            if obj
            else f"{name}, ver {series} {vernr}, konto {account}"
        )
        out.append((iso, ore, stream, category, text, f"{series} {vernr}".strip(), "", account, obj, source, key))
    plan.filtered_out += filtered
    plan.duplicates += dups
    if progress is not None:
        progress(len(sie.transactions))
