"""From raw ledger rows to costs: mapping, filters, rules, duplicates and row-level rejects."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from models.duplicates import NOTHING, Held
from models.importing.ledger import RawLedger
from models.importing.mapping import Filters, Mapping, Rule
from models.importing.pipeline_sie import prepare_sie
from models.importing.pipeline_table import prepare_table
from models.importing.plan import Classifier, ImportPlan, summarize
from models.system.gcpause import gc_paused


@gc_paused()
def prepare_import(
    raw: RawLedger,
    mapping: Mapping | None = None,
    filters: Filters | None = None,
    rules: Iterable[Rule] = (),
    *,
    default_stream: str,
    default_category: str = "Övrigt",
    existing: Held = NOTHING,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportPlan:
    """Map, filter and classify every row; nothing is written. Bad rows become ``Reject``s."""
    filters = filters or Filters()
    classify = Classifier(rules, default_stream, default_category)
    plan = ImportPlan(file_name=raw.file_name, based_on=existing.state)
    if raw.kind == "sie":
        prepare_sie(raw, filters, classify, existing, plan, progress, cancel)
    else:
        prepare_table(raw, mapping or Mapping(), filters, classify, existing, plan, progress, cancel)
    summarize(plan)
    return plan
