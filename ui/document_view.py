"""The open document's pages in tabs, each page built (and its module imported) when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.changes import catch_up
from ui.doc_context import DocContext

PAGES = ("Översikt", "Kostnader", "Plan", "Uppgifter", "Export", "Historik")


def _page_factory(name: str) -> Callable[[DocContext], QWidget]:
    """Import a page's module only when its tab is first shown (start-up speed)."""

    def build(ctx: DocContext) -> QWidget:
        # A page that cannot be imported is a packaging error: it goes to the error dialog and the log
        # (app.make_excepthook), never shown as a page "not ready yet".
        if name == "Översikt":
            from ui.overview_page import OverviewPage

            return OverviewPage(ctx)
        if name == "Kostnader":
            from ui.costs_page import CostsPage

            return CostsPage(ctx)
        if name == "Plan":
            from ui.plan_page import PlanPage

            return PlanPage(ctx)
        if name == "Uppgifter":
            from ui.form_page import FormPage

            return FormPage(ctx)
        if name == "Kommuner":  # an RSS document's onward payments
            from ui.municipalities_page import MunicipalitiesPage

            return MunicipalitiesPage(ctx)
        if name == "Export":
            from ui.export_page import ExportPage

            return ExportPage(ctx)
        from ui.history_page import HistoryPage

        return HistoryPage(ctx)

    return build


class LazyTab(QWidget):
    """A tab that builds its page the first time it is shown."""

    def __init__(self, name: str, ctx: DocContext) -> None:
        super().__init__()
        self.name = name
        self.ctx = ctx
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = _page_factory(self.name)(self.ctx)
            self.page.setAccessibleName(self.page.accessibleName() or self.name)  # a scrolling page takes Tab
            self._layout.addWidget(self.page)
            self.page.show()  # at once, not queued by the layout: a page in front takes the next change
        return self.page


class DocumentView(QTabWidget):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setDocumentMode(True)
        self.tabs: dict[str, LazyTab] = {}
        pages = (*PAGES[:2], "Kommuner", *PAGES[2:]) if ctx.doc.is_rss else PAGES
        for i, name in enumerate(pages):
            tab = LazyTab(name, ctx)
            self.tabs[name] = tab
            self.addTab(tab, f"&{i + 1} {name}")
            self.setTabToolTip(i, f"{name} (Alt+{i + 1})")
        self.currentChanged.connect(self._on_current)
        self._on_current(0)

    def _on_current(self, index: int) -> None:
        tab = self.widget(index)
        if isinstance(tab, LazyTab):
            tab.ensure()
            catch_up(tab)  # changes made while it was behind another tab

    def page(self, name: str) -> QWidget:
        return self.tabs[name].ensure()

    def current_name(self) -> str | None:
        tab = self.currentWidget()
        return tab.name if isinstance(tab, LazyTab) else None

    def show_page(self, name: str) -> QWidget:
        self.setCurrentWidget(self.tabs[name])
        return self.page(name)
