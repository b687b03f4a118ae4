"""Writing the "Prognos" export: the xlsx sheet and/or the one-page PDF, both or neither (atomically)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from exporters.atomic import write_all_atomic
from models.errors import ValidationError
from models.prognos import build_prognos

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document


def export_prognos(
    doc: Document, catalogue: Catalogue, *, as_of: date | None = None, xlsx: Path | None = None, pdf: Path | None = None
) -> list[Path]:
    """Render the plan, the variance and the forecast as of ``as_of`` and write the files asked for."""
    from exporters.prognos_pdf import render_prognos_pdf
    from exporters.prognos_xlsx import render_prognos_xlsx

    if xlsx is None and pdf is None:
        raise ValidationError("Ange var prognosen ska sparas: --xlsx FIL, --pdf FIL eller båda.")
    prognos = build_prognos(doc, catalogue, as_of)
    outputs = []
    if xlsx is not None:
        outputs.append((Path(xlsx), render_prognos_xlsx(prognos)))
    if pdf is not None:
        outputs.append((Path(pdf), render_prognos_pdf(prognos)))
    return write_all_atomic(outputs)
