"""The Historik page: plain Swedish, a search box and a filter by kind, following the document's changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from models.document import Payment
from tests.helpers import catalogue, cost, new_document
from ui.doc_context import DocContext
from ui.history_page import HistoryPage
from ui.interaction import ScriptedInteraction
from ui.settings import Settings


def _rows(page: HistoryPage) -> list[tuple[str, str]]:
    m = page.model
    return [(m.index(r, 2).data(), m.index(r, 3).data()) for r in range(m.rowCount())]


def test_history_page_searches_filters_and_follows_changes(qtbot, tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.add_payment(Payment(date(2024, 2, 15), Decimal("128724464")))
    doc.costs.add_cost(cost("1234.50", text="Hyra lokal"))
    ctx = DocContext(doc, catalogue(), Settings(), ScriptedInteraction())
    page = HistoryPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    rows = _rows(page)
    assert rows[-1][0].startswith("Redovisningen skapades: God och nära vård 2024") and "gnv-2024" not in rows[-1][0]
    assert ("Lagt till: Utbetalning", "2024-02-15, 128 724 464 kr") in rows
    assert page.caption.text().startswith("Här visas alla ändringar")

    page.kind.setCurrentIndex(page.kind.findData("betalningar"))
    assert _rows(page) == [("Lagt till: Utbetalning", "2024-02-15, 128 724 464 kr")]
    assert page.caption.text().startswith("1 av 3 ändringar stämmer med urvalet.")
    page.kind.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "hyra")
    assert [text for text, _change in _rows(page)] == ["Lagt till: Kostnad"]
    page.grab().save(str(tmp_path / "historik.png"))

    doc.set_field("contact_person", "Hyra Hyresson")  # a change while searching shows at once if it matches
    ctx.refresh()
    assert [text for text, _change in _rows(page)] == ["Ändrat: Kontaktperson", "Lagt till: Kostnad"]
    page.search.clear()
    assert len(_rows(page)) == 4
    assert page.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "Hyra Hyresson"
    ctx.closed = True
    doc.close()
