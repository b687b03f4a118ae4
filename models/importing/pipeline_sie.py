"""The SIE branch of the pipeline: #TRANS rows of cost accounts become costs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models.document import Cost
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
    account_ok = _accounts_ok(filters.accounts)
    wanted: dict[str, set[str]] = {}
    for dim, code in filters.objects:
        wanted.setdefault(dim.strip(), set()).add(code.strip().casefold())
    d_from, d_to = filters.date_from, filters.date_to
    keys, sigs = existing
    name = raw.file_name
    out = plan.candidates
    filtered = dups = 0
    for n, t in enumerate(sie.transactions):
        if n % _STEP == 0 and n:
            if cancel is not None and cancel():
                raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
            if progress is not None:
                progress(n)
        acc_no = int(t.account)
        d = t.date
        if (
            not account_ok(acc_no)
            or (d_from is not None and d < d_from)
            or (d_to is not None and d > d_to)
            or not t.amount
        ):
            filtered += 1
            continue
        if wanted:
            have: dict[str, str] = dict(t.objects)
            if not all(have.get(dim, "").casefold() in codes for dim, codes in wanted.items()):
                filtered += 1
                continue
        obj = " ".join(f"{dim}:{code}" for dim, code in t.objects)
        iso = d.isoformat()
        key = f"sie:{t.series}:{t.vernr}:{iso}:{t.index}:{t.account}:{t.amount}"
        if key in keys or (iso, int(t.amount * 100), t.account, t.text) in sigs:
            dups += 1
            continue
        category, stream = classify(acc_no, t.text)
        source = f"{name}, ver {t.series} {t.vernr}, konto {t.account}"
        if obj:
            source += f", objekt {obj}"
        out.append(
            Cost(
                d, t.amount, stream, category, t.text, f"{t.series} {t.vernr}".strip(), "", t.account, obj, source, key
            )
        )
    plan.filtered_out += filtered
    plan.duplicates += dups
    if progress is not None:
        progress(len(sie.transactions))
