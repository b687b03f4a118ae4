"""Step 2 of the import dialog: which column is what, with a live preview of the first rows.

The preview maps the first ``PREVIEW_ROWS`` rows without filters or duplicate check, on the GUI
thread, so it answers at once when a column is changed.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from models.importing import ROLE_LABELS, ROLES, Filters, ImportPlan, Mapping, RawLedger, Rule, prepare_import
from ui import theme
from ui.import_common import kr, plain_table, read_only_item

NOT_MAPPED = "(ingen kolumn)"
PREVIEW_ROWS = 30
PREVIEW_HEAD = ["Rad", "Datum", "Belopp", "Konto", "Text", "Leverantör", "Objekt", "Kostnadsslag", "Ström"]


def preview_ledger(raw: RawLedger, n: int = PREVIEW_ROWS) -> RawLedger:
    """The first ``n`` rows of a ledger, for a preview that answers at once."""
    if raw.sie is not None:
        return replace(raw, sie=replace(raw.sie, transactions=raw.sie.transactions[:n], rejects=[]))
    return replace(raw, cells=raw.cells[:n])


def preview_plan(raw: RawLedger, mapping: Mapping, rules: list[Rule], stream: str, category: str) -> ImportPlan:
    """Map the first rows without filters or duplicate check: what the columns will give."""
    return prepare_import(
        preview_ledger(raw),
        mapping,
        Filters(accounts=[]),
        rules,
        default_stream=stream,
        default_category=category,
    )


class MappingStep(QWidget):
    """Step 2: which column is what, with the first rows as they will be imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, role in enumerate(ROLES):
            box = QComboBox()
            box.setAccessibleName(f"Kolumn för {ROLE_LABELS[role].lower()}")
            self.boxes[role] = box
            label = QLabel(ROLE_LABELS[role])
            label.setBuddy(box)
            grid.addWidget(label, i // 4 * 2, i % 4)
            grid.addWidget(box, i // 4 * 2 + 1, i % 4)
        self.object_box = QComboBox()
        self.object_box.setAccessibleName("Kolumn för objekt eller projekt")
        grid.addWidget(QLabel("Objekt/projekt"), 4, 0)
        grid.addWidget(self.object_box, 5, 0)
        self.negate_box = QCheckBox("Kostnader står som negativa belopp i filen")
        grid.addWidget(self.negate_box, 5, 1, 1, 3)
        self.sie_note = QLabel("SIE-filer har fasta fält (verifikation, konto, belopp, objekt); inget behöver väljas.")
        self.sie_note.setWordWrap(True)
        self.mapping_group = QGroupBox("Kolumner")
        self.mapping_group.setLayout(grid)
        self.preview = plain_table(PREVIEW_HEAD)
        self.preview.setAccessibleName("Förhandsgranskning av importen")
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sie_note)
        layout.addWidget(self.mapping_group)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview, 1)

    def show_columns(self, raw: RawLedger, mapping: Mapping) -> None:
        sie = raw.kind == "sie"
        self.sie_note.setVisible(sie)
        self.mapping_group.setVisible(not sie)
        headers = [NOT_MAPPED, *raw.headers]
        for role, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItems(headers)
            box.setCurrentText(getattr(mapping, role) or NOT_MAPPED)
            box.blockSignals(False)
        self.object_box.blockSignals(True)
        self.object_box.clear()
        self.object_box.addItems(headers)
        first = next(iter(mapping.objects.values()), None)
        self.object_box.setCurrentText(first or NOT_MAPPED)
        self.object_box.blockSignals(False)
        self.negate_box.setChecked(mapping.negate)

    def mapping(self, base: Mapping) -> Mapping:
        chosen = {r: (b.currentText() if b.currentText() != NOT_MAPPED else None) for r, b in self.boxes.items()}
        obj = self.object_box.currentText()
        objects = dict(base.objects)  # every recognised object column, e.g. Kostnadsställe and Projekt
        first = next(iter(objects.values()), None)
        if obj == NOT_MAPPED:
            objects = {}
        elif obj != first:
            objects = {obj: obj, **{d: h for d, h in objects.items() if h != obj}}
        return Mapping(**chosen, objects=objects, negate=self.negate_box.isChecked())

    def show_preview(self, raw: RawLedger, plan: ImportPlan | None, error: str = "") -> None:
        table = self.preview
        table.setRowCount(0)
        if error:
            self.preview_note.setText(error)
            theme.paint_text(self.preview_note, "error")
            return
        assert plan is not None
        theme.paint_text(self.preview_note, None)
        self.preview_note.setText(
            f"De första {min(len(raw), PREVIEW_ROWS)} raderna så som de läses in (före filter och dubblettkontroll). "
            "Rader i rött kan inte läsas."
        )
        rows: list[tuple[int, list[str], bool]] = []
        for c in plan.candidates:
            number = _row_number(c.source)
            rows.append(
                (
                    number,
                    [
                        str(number or ""),
                        c.date.isoformat(),
                        kr(c.amount),
                        c.account,
                        c.text,
                        c.supplier,
                        c.object,
                        c.category,
                        c.stream,
                    ],
                    False,
                )
            )
        for r in plan.rejects:
            rows.append(
                (r.row, [str(r.row), "", "", "", f"{r.column}: ”{r.value}” – {r.reason}", "", "", "", ""], True)
            )
        rows.sort(key=lambda x: x[0])
        table.setRowCount(len(rows))
        for i, (_n, cells, bad) in enumerate(rows):
            for j, text in enumerate(cells):
                item = read_only_item(text, right=j == 2)
                if bad:
                    theme.paint_item(item, fore="error")
                table.setItem(i, j, item)
        table.resizeColumnsToContents()


def _row_number(source: str) -> int:
    for word in ("rad ", "ver "):
        if word in source:
            tail = source.split(word, 1)[1].split(",")[0].split()[-1]
            digits = "".join(ch for ch in tail if ch.isdigit())
            if digits:
                return int(digits)
    return 0
