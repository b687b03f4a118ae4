"""Screenshots of a 2026 agreement made in the window from a pasted table (called by docs/screenshots.py).

Arkiv → Överenskommelser…, Ny överenskommelse… from gnv-2024, then Läs in fördelningstabell… with
Bilaga 3 pasted as a PDF reader copies it (single spaces between cells and thousands). The figures
are gnv-2024's, as an example; one county is misspelt, so the picture shows a row to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from ui.main_window import MainWindow


def pasted_bilaga_3(catalogue: Catalogue) -> str:
    """gnv-2024's Bilaga 3 as text copied from the PDF, with one name misspelt."""
    table = catalogue.agreement("gnv-2024").allocation_table("region")
    assert table is not None  # gnv-2024 has its Bilaga 3

    def line(cells: Any) -> str:
        return " ".join(f"{c:,}".replace(",", " ") if isinstance(c, int) else str(c) for c in cells)

    lines = [
        "Bilaga 3. Medel till regionerna för insatser",
        "inom ramen för avsnitt 4 och 5",
        "Region Befolkning november 2025 Nära vård (kronor) Ambulans (kronor) Totalt (kronor)",
    ]
    lines += [line(r.values).replace("Västernorrland", "Västernorland") for r in table.rows]
    lines.append(line(table.total))
    return "\n".join(lines)


def agreement_table_shots(
    window: MainWindow, app: QApplication, save: Callable[[QWidget, str, QApplication], Path]
) -> None:
    from ui.agreements_dialog import AgreementsDialog

    ctx_catalogue = window.catalogue
    dialog = AgreementsDialog(ctx_catalogue, window.settings, window.interaction, window)
    dialog.resize(1100, 680)
    dialog.show()
    dialog.tree.setCurrentIndex(QModelIndex())  # nothing marked: the new one starts from the newest
    dialog.new_agreement()  # from the newest, gnv-2024, for this year
    dialog.editor.id_edit.setText("gnv-2026")
    dialog.editor.name_edit.setText("God och nära vård 2026")
    dialog.editor.year_spin.setValue(2026)
    dialog.editor.skr_edit.setText("SKR2025/01234")
    dialog.table_button.click()
    table_dialog = dialog.table_dialog
    assert table_dialog is not None
    table_dialog.paste.setPlainText(pasted_bilaga_3(ctx_catalogue))
    table_dialog.read_now()
    save(table_dialog, "agreement_table_paste", app)
    table_dialog.apply_button.click()  # Region Västernorrland, as suggested
    table_dialog.total_edits["Nära vård"].setText("2 420 000 000")
    assert table_dialog.save_button.isEnabled()
    table_dialog.save_button.click()
    dialog.editor.setCurrentIndex(dialog.editor.indexOf(dialog.editor.allocation_tab))
    save(dialog, "agreement_table_saved", app)
    dialog.reject()
