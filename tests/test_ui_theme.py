"""Colours from the palette: readable text (WCAG AA, 4.5:1) under a light and a dark palette, a palette
change followed at run time, and the deadline cards saying what matters."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import catalogue, cost, new_document
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QWidget

from ui import theme
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.overview_page import DeadlineCard, OverviewPage
from ui.settings import Settings


def light_palette() -> QPalette:
    return QApplication.style().standardPalette()


def high_contrast_palette() -> QPalette:
    """Windows' high-contrast "Night sky": white text on black."""
    pal = QPalette(QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(role, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.Window, QColor("#000000"))
    pal.setColor(QPalette.ColorRole.Base, QColor("#000000"))
    return pal


PALETTES = {"light": light_palette, "dark": theme.dark_palette, "high-contrast": high_contrast_palette}


@pytest.fixture
def palette(request, qapp):
    """Run the test under the named palette, and put the application's palette back afterwards."""
    old = QGuiApplication.palette()
    pal = PALETTES[request.param]()
    QApplication.setPalette(pal)
    yield pal
    QApplication.setPalette(old)


def rendered_contrast(widget: QWidget) -> float:
    """The contrast a reader sees: between the commonest colour inside the grabbed widget (its background)
    and the pixel that stands out most from it (the core of a glyph)."""
    widget.ensurePolished()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    counts: Counter[int] = Counter()
    for y in range(3, image.height() - 3):  # inside any frame: the text, not the border
        for x in range(3, image.width() - 3):
            counts[image.pixel(x, y)] += 1
    back = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(theme.contrast(QColor.fromRgb(p), back) for p in counts)


@pytest.mark.parametrize("palette", list(PALETTES), indirect=True)
def test_every_semantic_text_colour_reaches_aa_contrast(palette: QPalette) -> None:
    grounds = (palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base))
    for role in theme.TEXT:
        for ground in grounds:
            assert theme.contrast(theme.text_colour(role, palette), ground) >= theme.AA, role
    for role in theme.BACKGROUND:
        text = theme.on_background(role, palette)
        assert theme.contrast(text, theme.background(role, palette)) >= theme.AA, role
    assert theme.contrast(theme.muted(palette), grounds[0]) >= theme.AA


def test_dark_mode_has_its_own_colours_not_the_light_ones() -> None:
    light, dark = light_palette(), theme.dark_palette()
    assert not theme.is_dark(light) and theme.is_dark(dark)
    for role in theme.BACKGROUND:
        # a light yellow row under white text would be unreadable: the dark background is dark
        assert theme.luminance(theme.background(role, dark)) < 0.2 < theme.luminance(theme.background(role, light)) or (
            role == "over"
        )
    for role in theme.SERIES:
        assert theme.series(role, light) != theme.series(role, dark)
        for pal in (light, dark):  # a line or a bar is seen against the chart's background (WCAG 1.4.11: 3:1)
            assert theme.contrast(theme.series(role, pal), pal.color(QPalette.ColorRole.Base)) >= 3, role


@pytest.fixture
def ctx(tmp_path: Path, qapp) -> DocContext:
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", Decimal("1000.00"))
    doc.costs.add_cost(cost("1343.00"))  # 134,3 % of the allocation: the bar runs past its end
    return DocContext(doc, catalogue(), Settings(), ScriptedInteraction())


def _over_bar(page: OverviewPage) -> QProgressBar:
    return next(b for b in page.streams_box.findChildren(QProgressBar) if b.format() == "134,3 %")


@pytest.mark.parametrize("palette", ["light", "dark"], indirect=True)
def test_overspent_bar_label_and_negative_remainder_are_readable(palette: QPalette, ctx: DocContext, qtbot) -> None:
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    bar = _over_bar(page)
    assert rendered_contrast(bar) >= theme.AA
    negative = next(w for w in page.streams_box.findChildren(QLabel) if w.text().startswith("-"))
    assert rendered_contrast(negative) >= theme.AA
    cards = page.findChildren(DeadlineCard)
    assert cards and all(rendered_contrast(c.days) >= theme.AA for c in cards)


def test_a_palette_change_at_run_time_recolours_text_bars_and_chart(ctx: DocContext, qtbot, qapp) -> None:
    old = QGuiApplication.palette()
    QApplication.setPalette(light_palette())
    try:
        page = OverviewPage(ctx)
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        page.wait_for_figures()  # the chart's sums are read in the background
        bar = _over_bar(page)
        negative = next(w for w in page.streams_box.findChildren(QLabel) if w.text().startswith("-"))
        light_style = negative.styleSheet()
        assert page.chart.chart().backgroundBrush().color() == light_palette().color(QPalette.ColorRole.Base)

        QApplication.setPalette(theme.dark_palette())
        assert negative.styleSheet() != light_style
        assert rendered_contrast(negative) >= theme.AA
        assert rendered_contrast(bar) >= theme.AA
        chart = page.chart.chart()
        assert chart.backgroundBrush().color() == theme.dark_palette().color(QPalette.ColorRole.Base)
        assert chart.legend().labelColor() == theme.dark_palette().color(QPalette.ColorRole.Text)
        pens = {s.name(): s.pen().color().name() for s in chart.series()}
        assert pens == {
            "Kostnader hittills": theme.series("actual", theme.dark_palette()).name(),
            "Tilldelning": theme.series("allocation", theme.dark_palette()).name(),
        }
    finally:
        QApplication.setPalette(old)


def _cards(page: OverviewPage) -> list[DeadlineCard]:
    layout = page.deadlines_layout
    found = (layout.itemAt(i).widget() for i in range(layout.count()))
    return [w for w in found if isinstance(w, DeadlineCard)]


def _by_key(page: OverviewPage) -> dict[str, DeadlineCard]:
    keys = {"Rekvisition": "requisition", "Ekonomisk redovisning": "report", "Återbetalning": "repayment"}
    return {next(k for w, k in keys.items() if c.accessibleName().startswith(w)): c for c in _cards(page)}


def _warns(card: DeadlineCard) -> bool:
    return card.days.isEnabled() and card.days.styleSheet() == (
        f"color: {theme.text_colour('warning').name()}; font-weight: bold;"
    )


def test_passed_deadline_without_final_export_says_so_in_warning_colour(ctx: DocContext, qtbot) -> None:
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    cards = _by_key(page)
    # gnv-2024: every deadline is in 2025, passed, and nothing has been exported
    assert cards["requisition"].days.text() == cards["report"].days.text() == "passerat – inte exporterat"
    # no payment is recorded, so the program cannot say whether anything is to be repaid
    assert cards["repayment"].days.text() == "passerat – ingen utbetalning registrerad"
    card = cards["report"]
    assert all(_warns(c) for c in cards.values())
    assert "passerat – inte exporterat" in card.accessibleName()

    ctx.doc.record_export("rekvisition", "x", "pdf", draft=True)  # a draft settles nothing
    ctx.refresh()
    assert {c.days.text() for c in _cards(page)} >= {"passerat – inte exporterat"}
    assert all(_warns(c) for c in _cards(page))

    ctx.doc.record_export("rekvisition", "x", "pdf", draft=False)
    ctx.refresh()
    by_key = _by_key(page)
    done = by_key["requisition"]
    assert not done.days.isEnabled() and done.days.text().endswith("slutlig version exporterad")
    assert _warns(by_key["report"]) and by_key["report"].days.text() == "passerat – inte exporterat"


def test_repayment_card_is_settled_by_the_repayment_not_by_the_export(ctx: DocContext, qtbot) -> None:
    """The repayment is its own duty: a final redovisning leaves it open; a recorded repayment covering what was
    not used settles it (an undoable edit), a smaller one says what is left."""
    from datetime import date

    from models.document import Payment
    from models.storage.agreement import Repayment
    from ui.decision_commands import SetRepaymentCommand

    ctx.doc.set_allocation("Nära vård", Decimal("5000.00"))
    ctx.doc.add_payment(Payment(date(2024, 2, 15), Decimal("5000.00")))  # 5 000 received, 1 343 spent
    ctx.doc.record_export("redovisning", "x", "pdf", draft=False)
    ctx.refresh()
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    assert "· 1 kostnad ·" in page.subheading.text()  # not "1 kostnader"
    cards = _by_key(page)
    assert not cards["report"].days.isEnabled()  # the final redovisning settles the report …
    repay = cards["repayment"]  # … but not the repayment: 3 657 kr not used and not repaid
    assert repay.days.text() == "passerat – inte återbetalat" and _warns(repay)
    assert "passerat – inte återbetalat" in repay.accessibleName()

    ctx.push(SetRepaymentCommand(ctx, Repayment(date(2025, 3, 20), Decimal("1000.00"))))
    repay = _by_key(page)["repayment"]
    assert repay.days.text() == "passerat – 2 657 kr återstår att återbetala" and _warns(repay)

    ctx.push(SetRepaymentCommand(ctx, Repayment(date(2025, 3, 20), Decimal("3657.00"))))
    repay = _by_key(page)["repayment"]
    assert not repay.days.isEnabled() and repay.days.text().endswith("– återbetalt 2025-03-20")

    ctx.undo_stack.undo()
    assert _by_key(page)["repayment"].days.text() == "passerat – 2 657 kr återstår att återbetala"


def test_repayment_card_is_settled_when_nothing_is_left_to_repay(ctx: DocContext, qtbot) -> None:
    from datetime import date

    from models.document import Payment

    ctx.doc.add_payment(Payment(date(2024, 2, 15), Decimal("1000.00")))  # 1 000 received, 1 343 spent
    ctx.refresh()
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    repay = _by_key(page)["repayment"]
    assert not repay.days.isEnabled() and repay.days.text().endswith("– inget att återbetala")
    assert _warns(_by_key(page)["report"])  # the redovisning is still to be sent
