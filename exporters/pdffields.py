"""A final PDF's signature fields, and what every exported PDF says of itself in its metadata.

While reportlab lays out the form, a zero-size ``spot`` flowable in each signature block records
its page and rectangle; afterwards ``finish_pdf`` adds, with pyHanko, one empty signature field per
spot (named for the signer's role) and writes the fingerprint, the form, the draft flag and whether
the ledger appendix is included into the PDF's XMP metadata and its Info dictionary, so a signed
copy can be matched to its document without reading the page. Drafts get the metadata, no fields.

No Qt here; pyHanko and reportlab are imported only when a PDF is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.platypus.flowables import Flowable

ROLES = {
    "ekonomichef": "Ekonomichef",
    "behorig_foretradare": "Behörig företrädare",
}
# which roles sign which form, in the order they sign
FORM_ROLES = {"redovisning": ("ekonomichef", "behorig_foretradare"), "rekvisition": ("behorig_foretradare",)}

XMP_NS = "https://bidragskollen.se/ns/pdf/1.0/"
XMP_PREFIX = "bidragskollen"
INFO_KEYS = {
    "fingerprint": "/BidragskollenKontrollsumma",
    "form": "/BidragskollenBlankett",
    "draft": "/BidragskollenUtkast",
    "ledger": "/BidragskollenKostnadsrader",
}


@dataclass(frozen=True)
class Spot:
    """Where a signature field goes: its name, page (from 1) and rectangle in points (x1, y1, x2, y2)."""

    field: str
    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class PdfMeta:
    """What an exported PDF says of itself: enough to recompute its fingerprint from the document."""

    fingerprint: str
    form: str
    draft: bool
    ledger: bool


def spot(field: str, spots: list[Spot], width: float, height: float, dx: float = 0) -> Flowable:
    """A flowable taking no room that records a ``width`` × ``height`` field rectangle whose lower
    left corner is ``dx`` right of where it is drawn (the top of what follows it, or the bottom of a
    table cell)."""
    from reportlab.platypus.flowables import Flowable

    class _Spot(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            x, y = self.canv.absolutePosition(dx, 0)
            page = self.canv.getPageNumber()
            spots.append(Spot(field, page, (x, y, x + width, y + height)))

    return _Spot()


def _xmp_name(local: str) -> Any:
    from pyhanko.pdf_utils.metadata.model import ExpandedName

    return ExpandedName(ns=XMP_NS, local_name=local)


def finish_pdf(data: bytes, meta: PdfMeta, spots: list[Spot]) -> bytes:
    """``data`` with the metadata and, unless a draft, one empty signature field per spot."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata.model import XmpStructure, XmpValue
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    _register_prefix()
    writer = IncrementalPdfFileWriter(BytesIO(data))
    values = {
        "fingerprint": meta.fingerprint,
        "form": meta.form,
        "draft": "true" if meta.draft else "false",
        "ledger": "true" if meta.ledger else "false",
    }
    writer.document_meta.xmp_extra = [XmpStructure.of(*((_xmp_name(k), XmpValue(v)) for k, v in values.items()))]
    info = writer.trailer["/Info"].get_object()
    for key, value in values.items():
        info[generic.NameObject(INFO_KEYS[key])] = generic.TextStringObject(value)
    writer.update_container(info)
    if not meta.draft:
        for s in spots:
            x0, y0, x1, y1 = s.box
            box = (round(x0), round(y0), round(x1), round(y1))
            append_signature_field(writer, SigFieldSpec(s.field, on_page=s.page - 1, box=box))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _register_prefix() -> None:
    """Our XMP namespace written with a readable prefix rather than ElementTree's ns0."""
    from lxml import etree  # what pyHanko writes XMP with

    etree.register_namespace(XMP_PREFIX, XMP_NS)


def read_meta(reader: Any) -> PdfMeta | None:
    """What a PDF (a pyHanko reader) says of itself, from its XMP, else its Info dictionary; None if
    it is no PDF from Bidragskollen."""
    values: dict[str, str] = {}
    try:
        stream = reader.root.get("/Metadata")
        xmp = stream.get_object().xmp if stream is not None else []
    except Exception:  # a damaged or foreign XMP packet: fall back to the Info dictionary
        xmp = []
    for root in xmp:
        for name, value in root:
            if name.ns == XMP_NS and isinstance(value.value, str):
                values[name.local_name] = value.value
    if "fingerprint" not in values:
        try:
            info = reader.trailer["/Info"].get_object()
        except (KeyError, AttributeError):
            info = {}
        for key, name in INFO_KEYS.items():
            if name in info:
                values[key] = str(info[name])
    if not values.get("fingerprint") or values.get("form") not in FORM_ROLES:
        return None
    return PdfMeta(values["fingerprint"], values["form"], values.get("draft") == "true", values.get("ledger") == "true")
