"""An agreement as plain data in the file format (docs/agreement-format.md), and the edits a user makes to it.

``agreement_data`` turns a loaded ``Agreement`` back into the JSON data of its file (reading that data
gives the same agreement). The editing functions here work on such data and never touch a file:
``models/catalogue/user.py`` checks and saves it. No Qt.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

from models.catalogue.catalogue import DEADLINE_KEYS, KINDS, Agreement, Table
from models.errors import ValidationError

NO_REQUISITION_WORDS = {"ja": True, "true": True, "1": True, "nej": False, "false": False, "0": False}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SET_KEYS = (
    "name",
    "year",
    "skr_arende",
    "dnr",
    "payer",
    "form",
    "annex",
    "no_requisition",
    "period.start",
    "period.end",
    *(f"deadlines.{k}" for k in DEADLINE_KEYS),
)


def _int(value: Any) -> int:
    return int(value)


def _table_data(t: Table) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id,
        "caption": t.caption,
        "kind": t.kind,
        "role": t.role,
        "stream": t.stream,
    }
    if t.label is not None:
        out["label"] = t.label
    if t.source is not None:
        out["source"] = t.source
    out["columns"] = [{"heading": c.heading, "key": c.key} for c in t.columns]
    out["rows"] = [list(r.values) for r in t.rows]
    out["total"] = None if t.total is None else list(t.total)
    return out


def agreement_data(agreement: Agreement) -> dict[str, Any]:
    """The agreement as the JSON data of its file (format 1)."""
    a = agreement
    streams: list[dict[str, Any]] = []
    for s in a.stream_specs:
        item: dict[str, Any] = {"name": s.name, "kinds": list(s.kinds)}
        if s.note is not None:
            item["note"] = s.note
        streams.append(item)
    groups = {
        kind: {
            "label": g.label,
            "total": None if g.total is None else _int(g.total),
            "per_stream": {name: _int(v) for name, v in g.per_stream.items()},
        }
        for kind, g in a.group_totals.items()
    }
    data: dict[str, Any] = {
        "format": 1,
        "id": a.id,
        "name": a.name,
        "year": a.year,
        "skr_arende": a.skr_arende,
        "seed": a.seed,
        "form": a.form,
        "payer": a.payer,
        "period": {"start": a.period_start.isoformat(), "end": a.period_end.isoformat()},
        "deadlines": {k: a.deadlines[k].isoformat() for k in DEADLINE_KEYS},
        "streams": streams,
        "groups": groups,
        "notes": list(a.notes),
        "tables": [_table_data(t) for t in a.tables],
    }
    if a.dnr is not None:
        data["dnr"] = a.dnr
    if a.annex is not None:
        data["annex"] = a.annex
    if a.no_requisition:
        data["no_requisition"] = True
    return data


def agreement_text(agreement: Agreement) -> str:
    """The agreement's data as compact JSON with sorted keys: equal agreements give equal text."""
    return json.dumps(agreement_data(agreement), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def year_dates(year: int) -> dict[str, Any]:
    """Period and deadlines that follow the year: 1 January – 31 December; rekvisition 1 December the same
    year; repayment and redovisning 31 March the next year."""
    return {
        "period": {"start": date(year, 1, 1).isoformat(), "end": date(year, 12, 31).isoformat()},
        "deadlines": {
            "requisition": date(year, 12, 1).isoformat(),
            "repayment": date(year + 1, 3, 31).isoformat(),
            "report": date(year + 1, 3, 31).isoformat(),
        },
    }


def check_id(agreement_id: str) -> str:
    text = agreement_id.strip()
    if not ID_PATTERN.match(text):
        raise ValidationError(
            f"”{agreement_id}” kan inte vara id för en överenskommelse; använd gemena bokstäver, siffror och "
            "bindestreck, till exempel gnv-2026."
        )
    return text


def new_agreement_data(
    template: Agreement,
    agreement_id: str,
    name: str,
    year: int,
    *,
    skr_arende: str | None = None,
    dnr: str | None = None,
    payer: str | None = None,
    form: str | None = None,
) -> dict[str, Any]:
    """A new agreement from a template: its streams (names and recipient kinds), form wording variant,
    annex name, payer and rekvisition setting, and nothing else (no tables, totals, notes, ärendenr or
    diarienummer). Period and deadlines follow ``year``."""
    source = agreement_data(template)
    if not name.strip():
        raise ValidationError("Överenskommelsen behöver ett namn.")
    data: dict[str, Any] = {
        "format": 1,
        "id": check_id(agreement_id),
        "name": " ".join(name.split()),
        "year": year,
        "skr_arende": (skr_arende or "").strip() or None,
        "seed": None,
        "form": form or source["form"],
        "payer": (payer or "").strip() or source["payer"],
        **year_dates(year),
        "streams": [{"name": s["name"], "kinds": list(s["kinds"])} for s in source["streams"]],
        "groups": {},
        "notes": [],
        "tables": [],
    }
    if dnr and dnr.strip():
        data["dnr"] = dnr.strip()
    if template.annex is not None:
        data["annex"] = template.annex
    if template.no_requisition:
        data["no_requisition"] = True
    return data


def parse_year(text: str | int) -> int:
    try:
        year = int(str(text).strip())
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError(f"”{text}” är inget år; skriv till exempel 2026.")
    return year


def _iso(text: str, key: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValidationError(f"{key}: ”{text}” är inget datum; skriv ÅÅÅÅ-MM-DD, till exempel 2026-12-01.") from None


def set_value(data: dict[str, Any], key: str, value: str, *, forms: tuple[str, ...] = ()) -> dict[str, Any]:
    """A copy of ``data`` with one key set from text, as ``agreement set ID key=value`` and the dialog do.

    Setting ``year`` moves period and deadlines with it when they still follow the old year.
    """
    out = copy.deepcopy(data)
    key = key.strip()
    text = value.strip()
    if key == "year":
        year = parse_year(text)
        if {"period": out["period"], "deadlines": out["deadlines"]} == year_dates(int(out["year"])):
            out.update(year_dates(year))
        out["year"] = year
    elif key == "name":
        if not text:
            raise ValidationError("Överenskommelsen behöver ett namn.")
        out["name"] = " ".join(text.split())
    elif key in ("skr_arende", "dnr", "annex"):
        out[key] = text or None
        if key != "skr_arende" and out[key] is None:
            out.pop(key)
    elif key == "payer":
        if not text:
            raise ValidationError("Ange vem som betalar ut, till exempel Kammarkollegiet.")
        out["payer"] = text
    elif key == "form":
        if forms and text not in forms:
            raise ValidationError(f"Blankettvarianten ”{text}” finns inte; välj en av: {', '.join(forms)}.")
        out["form"] = text
    elif key == "no_requisition":
        flag = NO_REQUISITION_WORDS.get(text.casefold())
        if flag is None:
            raise ValidationError(f"no_requisition ska vara ja eller nej, inte ”{value}”.")
        out.pop("no_requisition", None)
        if flag:
            out["no_requisition"] = True
    elif key.startswith("period.") and key[7:] in ("start", "end"):
        out["period"] = {**out["period"], key[7:]: _iso(text, key)}
    elif key.startswith("deadlines.") and key[10:] in DEADLINE_KEYS:
        out["deadlines"] = {**out["deadlines"], key[10:]: _iso(text, key)}
    else:
        raise ValidationError(f"Överenskommelser har ingen uppgift ”{key}”; välj en av: {', '.join(SET_KEYS)}.")
    return out


def parse_stream(text: str) -> dict[str, Any]:
    """ "Nära vård:region,rss" → {"name": "Nära vård", "kinds": ["region", "rss"]}."""
    name, sep, kinds_text = text.rpartition(":")
    name = " ".join(name.split())
    kinds = [k.strip().casefold() for k in kinds_text.split(",") if k.strip()]
    if not sep or not name or not kinds or any(k not in KINDS for k in kinds) or len(set(kinds)) != len(kinds):
        raise ValidationError(
            f"”{text}” är ingen ström; skriv NAMN:MOTTAGARTYPER, till exempel ”Nära vård:region,rss”."
        )
    return {"name": name, "kinds": kinds}


def set_streams(data: dict[str, Any], streams: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of ``data`` with these streams; published totals of streams no longer there are dropped."""
    if not streams:
        raise ValidationError("En överenskommelse behöver minst en ström.")
    names = [s["name"] for s in streams]
    if len({n.casefold() for n in names}) != len(names):
        raise ValidationError("Två strömmar har samma namn; ge varje ström ett eget namn.")
    out = copy.deepcopy(data)
    out["streams"] = copy.deepcopy(streams)
    kinds_of = {s["name"]: set(s["kinds"]) for s in streams}
    for kind, group in list(out.get("groups", {}).items()):
        group["per_stream"] = {n: v for n, v in group["per_stream"].items() if kind in kinds_of.get(n, set())}
    return out
