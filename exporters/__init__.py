"""Bilaga 1 exporters: they lay out a ``models.report.Report`` as PDF or Excel. No Qt here, ever.

``render_pdf`` and ``render_xlsx`` return bytes; ``exporters.run.export_document`` builds the report,
refuses a final export with missing fields, writes the files atomically and records the export.
"""

from __future__ import annotations

from models.system.paths import resources_dir

FONTS_DIR = resources_dir() / "fonts"
FONT = "DejaVuSans"  # the PDF's only font, embedded
BOLD = "DejaVuSans-Bold"
# the words a draft says, the same in the PDF and the workbook
DRAFT_MARK = "UTKAST – får inte undertecknas"
DRAFT_NOTICES = "Det här måste rättas innan blanketten kan undertecknas:"
