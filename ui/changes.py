"""What an edit changed, and the pages that re-read only that, and only when they are in front.

Every edit, undo and redo says what it changed (a ``Change``: some fields, some costs by id,
payments, transfers, the plan … or the whole document after a reload or an import); the context
sends it with ``DocContext.changed``. A page connects through a ``PageRefresh``: when the change
touches what the page shows and the page is in front, it updates at once (incrementally where it
can); a page behind another tab only marks itself stale and re-reads when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, SignalInstance
from PySide6.QtWidgets import QWidget

# The parts of a document an edit can change (``Change.parts``).
FIELDS = "fields"  # Bilaga 1 fields (``Change.fields`` names them when known)
ALLOCATION = "allocation"
PAYMENTS = "payments"
DECISIONS = "decisions"  # payment decisions and the repayment
AGREEMENT = "agreement"  # the document's copy of its agreement
COSTS = "costs"  # the content of some costs (``Change.cost_ids``, ``Change.cost_keys`` when known)
COST_ROWS = "cost_rows"  # costs added or removed
TRANSFERS = "transfers"  # an RSS's onward payments: plan, rules, reports
PLAN = "plan"  # activities, their plan and rules, which cost belongs to which activity
EXPORTS = "exports"  # an export recorded
HISTORY = "history"  # a history row (every change writes one; a note writes only that)
DOCUMENT = "document"  # everything: a reload, an import, another document

PARTS = frozenset(
    {FIELDS, ALLOCATION, PAYMENTS, DECISIONS, AGREEMENT, COSTS, COST_ROWS, TRANSFERS, PLAN, EXPORTS, HISTORY, DOCUMENT}
)


@dataclass(frozen=True)
class Change:
    """What one edit (or its undo) changed. Empty ``fields``/``cost_ids``/``cost_keys``: not known, any."""

    parts: frozenset[str]
    fields: frozenset[str] = field(default_factory=frozenset)
    cost_ids: frozenset[int] = field(default_factory=frozenset)
    cost_keys: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        unknown = self.parts - PARTS
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}")

    @property
    def whole(self) -> bool:
        return DOCUMENT in self.parts

    def touches(self, parts: Iterable[str], fields: Iterable[str] | None = None) -> bool:
        """True when this change may alter anything in ``parts`` (a whole-document change alters all).
        ``fields``: of the Bilaga 1 fields only these matter (None: all)."""
        if self.whole:
            return True
        hit = self.parts.intersection(parts)
        if hit == {FIELDS} and fields is not None and self.fields:
            return not self.fields.isdisjoint(fields)
        return bool(hit)


def change(
    *parts: str, fields: Iterable[str] = (), cost_ids: Iterable[int | None] = (), cost_keys: Iterable[str] = ()
) -> Change:
    """A ``Change`` of these parts; every change also writes a history row."""
    return Change(
        frozenset((*parts, HISTORY)),
        frozenset(fields),
        frozenset(i for i in cost_ids if i is not None),
        frozenset(cost_keys),
    )


EVERYTHING = change(DOCUMENT)


class PageRefresh(QObject):
    """Keeps one page (or a box on a page) current with the document.

    ``full()`` re-reads everything the page shows; ``partial(change)``, when given, applies one
    change incrementally. A change that touches none of ``parts`` (and of the Bilaga 1 fields, none
    of ``fields`` when given) is ignored. A page behind another
    tab is only marked stale and re-reads fully when shown (its Show event, or ``catch_up``).
    """

    def __init__(
        self,
        page: QWidget,
        changed: SignalInstance,
        parts: Iterable[str],
        full: Callable[[], None],
        partial: Callable[[Change], None] | None = None,
        fields: Iterable[str] | None = None,
    ) -> None:
        super().__init__(page)
        self.page = page
        self.parts = frozenset(parts) | {DOCUMENT}
        self.fields = None if fields is None else frozenset(fields)
        self.full = full
        self.partial = partial
        self.stale = False
        self.refreshes = 0  # full re-reads, for tests and the benchmark
        page.installEventFilter(self)
        changed.connect(self.on_change)

    def in_front(self) -> bool:
        """On the tab in front, or would be with its window (a window not shown yet counts as in front).
        A box that hides itself (the agreement notice) still counts: it decides whether to show."""
        holder = self.page.parentWidget() or self.page
        window = self.page.window()
        return holder is window or holder.isVisibleTo(window)

    def on_change(self, what: Change | None = None) -> None:
        what = what if isinstance(what, Change) else EVERYTHING
        if not what.touches(self.parts, self.fields):
            return
        if not self.in_front():
            self.stale = True
        elif self.stale or self.partial is None or what.whole:
            self.refresh()
        else:
            self.partial(what)

    def refresh(self) -> None:
        self.stale = False
        self.refreshes += 1
        self.full()

    def catch_up(self) -> None:
        """Re-read now if a change came while the page was behind another tab."""
        if self.stale:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.refresh()
        return False


def catch_up(widget: QWidget) -> None:
    """Bring every stale page (and box) inside ``widget`` up to date, e.g. when its tab comes to front."""
    for refresher in widget.findChildren(PageRefresh):
        refresher.catch_up()
