"""Screenshot of Arkiv → Ny redovisning från denna… (called by docs/screenshots.py).

The example is the previous year here: with a God och nära vård 2025 added as the user would (Arkiv →
Överenskommelser…, to a copy of the catalogue only, so later pictures do not show it), the dialog offers
it first and lists the example's costs dated after its report period, all ticked. Nothing is created.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Save = Callable[[QWidget, str, QApplication], Path]


def next_year_shot(window: MainWindow, app: QApplication, save: Save) -> None:
    """Needs the example open in ``window``."""
    import copy

    from shots_open import opened

    from models.catalogue.agreement_data import new_agreement_data
    from models.catalogue.check import agreement_from_data
    from ui.next_year_dialog import NextYearDialog

    ctx = opened(window)[0]
    shown = copy.copy(ctx.catalogue)
    shown.origins = dict(shown.origins)
    data = new_agreement_data(shown.agreement("gnv-2024"), "gnv-2025", "God och nära vård 2025", 2025)
    shown.add([agreement_from_data(data, tuple(shown.recipients.values()), "gnv-2025.json")], "user")
    real, ctx.catalogue = ctx.catalogue, shown
    try:
        dialog = NextYearDialog(ctx, window)
        dialog.resize(760, 560)
        dialog.show()
        save(dialog, "next_year", app)
        dialog.reject()
    finally:
        ctx.catalogue = real
