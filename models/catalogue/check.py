"""Reading and validating the catalogue files (see docs/agreement-format.md).

Structural problems raise ``CatalogueError`` naming the file; published figures that do not add
up become warnings on the agreement and are kept as published.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.catalogue.catalogue import (
    DEADLINE_KEYS,
    FORMAT,
    KIND_LABELS,
    KINDS,
    ROLES,
    Agreement,
    Catalogue,
    Column,
    GroupTotal,
    Recipient,
    Stream,
    Table,
    TableRow,
    normal_name,
    whole_kr,
)
from models.errors import CatalogueError
from models.money import quantize
from models.system.paths import resources_dir

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLUG = re.compile(r"^[a-z0-9_]+$")
_TOP = {"format", "id", "name", "year", "skr_arende", "seed", "form", "payer", "period", "deadlines"}
_TOP |= {"streams", "groups", "tables", "notes", "dnr", "annex", "no_requisition"}
_TABLE = {"id", "caption", "kind", "role", "stream", "label", "source", "columns", "rows", "total"}


class _File:
    """Error helper bound to one file name."""

    def __init__(self, path: Path | str, hint: str = "Rätta filen och starta om.") -> None:
        self.name = Path(path).name
        self.hint = hint

    def fail(self, problem: str) -> CatalogueError:
        return CatalogueError(f"Katalogfilen {self.name} är felaktig: {problem}. {self.hint}")

    def load(self, path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CatalogueError(f"Katalogfilen {self.name} kan inte läsas ({exc.strerror}).") from None
        try:
            return json.loads(text, parse_float=Decimal, parse_constant=self._constant)
        except json.JSONDecodeError as exc:
            raise self.fail(f"ogiltig JSON på rad {exc.lineno}, kolumn {exc.colno}") from None

    def _constant(self, name: str) -> Any:
        raise self.fail(f"{name} är inget tal")

    def get(self, obj: Any, key: str, kind: type | tuple[type, ...], where: str, *, null: bool = False) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(f"{where} ska vara ett objekt")
        if key not in obj:
            raise self.fail(f"nyckeln ”{key}” saknas i {where}")
        value = obj[key]
        if value is None and null:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(f"”{key}” i {where} har fel typ ({_typename(value)})")
        if isinstance(value, str) and not value.strip() and not null:
            raise self.fail(f"”{key}” i {where} är tomt")
        return value

    def text(self, obj: Any, key: str, where: str, *, null: bool = False, optional: bool = False) -> str | None:
        if optional and isinstance(obj, dict) and key not in obj:
            return None
        value: str | None = self.get(obj, key, str, where, null=null)
        return value

    def amount(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where} ska vara ett heltal i kronor, inte {_typename(value)} ”{value}”")
        return value

    def day(self, value: Any, where: str) -> date:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise self.fail(f"{where} ”{value}” är inget datum (ÅÅÅÅ-MM-DD)")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where} ”{value}” är inget giltigt datum") from None


def _typename(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "sanningsvärde"
    if isinstance(value, Decimal):
        return "decimaltal"
    return {int: "heltal", str: "text", list: "lista", dict: "objekt"}.get(type(value), type(value).__name__)


# -- recipients ------------------------------------------------------------------------------
def read_recipients(path: Path) -> tuple[Recipient, ...]:
    f = _File(path)
    data = f.load(path)
    if f.get(data, "format", int, "filen") != FORMAT:
        raise f.fail(f"format ska vara {FORMAT}")
    counties = f.get(data, "counties", list, "filen")
    out: list[Recipient] = []
    codes: set[str] = set()
    for i, county in enumerate(counties, 1):
        where = f"län nr {i}"
        code = f.get(county, "county_code", str, where)
        if not re.fullmatch(r"\d{2}", code) or code in codes:
            raise f.fail(f"länskoden ”{code}” i {where} är ogiltig eller finns två gånger")
        codes.add(code)
        shared = _strings(f, county, "aliases", where)
        for kind in KINDS:
            name = f.get(county, kind, str, where).strip()
            own = _strings(f, county, f"{kind}_aliases", where)
            aliases = tuple(dict.fromkeys(a.strip() for a in (*shared, *own) if normal_name(a) != normal_name(name)))
            out.append(Recipient(f"{kind}-{code}", name, kind, code, aliases))
    for kind in KINDS:
        seen: dict[str, str] = {}
        for r in (r for r in out if r.kind == kind):
            for spelling in (r.name, *r.aliases):
                other = seen.setdefault(normal_name(spelling), r.id)
                if other != r.id:
                    raise f.fail(f"”{spelling}” pekar på både {other} och {r.id}")
    return tuple(out)


def _strings(f: _File, obj: dict[str, Any], key: str, where: str) -> list[str]:
    values = obj.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise f.fail(f"”{key}” i {where} ska vara en lista med namn")
    return values


# -- agreements ------------------------------------------------------------------------------
def read_agreement(
    path: Path, recipients: tuple[Recipient, ...], *, named_by_id: bool = True, hint: str | None = None
) -> Agreement:
    """Read and check one agreement file; ``named_by_id``: its file name must be ``<id>.json``."""
    f = _File(path, *([hint] if hint else []))
    stem = path.stem if named_by_id else None
    return agreement_from_data(f.load(path), recipients, path.name, stem=stem, hint=hint)


def agreement_from_data(
    data: Any, recipients: tuple[Recipient, ...], name: str, *, stem: str | None = None, hint: str | None = None
) -> Agreement:
    """Check agreement data (a file's parsed JSON) exactly as a file; ``name`` names it in errors."""
    f = _File(name, *([hint] if hint else []))
    if not isinstance(data, dict):
        raise f.fail("filen ska innehålla ett objekt")
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise f.fail(f"okänd nyckel ”{unknown[0]}”")
    if f.get(data, "format", int, "filen") != FORMAT:
        raise f.fail(f"format ska vara {FORMAT}")
    agreement_id = f.get(data, "id", str, "filen")
    if not _ID.match(agreement_id) or (stem is not None and stem != agreement_id):
        raise f.fail(f"id ”{agreement_id}” ska vara gemena bokstäver, siffror och bindestreck och lika med filnamnet")
    period = f.get(data, "period", dict, "filen")
    start = f.day(period.get("start"), "period.start")
    end = f.day(period.get("end"), "period.end")
    if end < start:
        raise f.fail("period.end ligger före period.start")
    deadlines_raw = f.get(data, "deadlines", dict, "filen")
    if set(deadlines_raw) != set(DEADLINE_KEYS):
        raise f.fail(f"deadlines ska ha exakt nycklarna {', '.join(DEADLINE_KEYS)}")
    deadlines = {k: f.day(deadlines_raw[k], f"deadlines.{k}") for k in DEADLINE_KEYS}
    specs = _streams(f, f.get(data, "streams", list, "filen"))
    groups = _groups(f, f.get(data, "groups", dict, "filen"), specs)
    lookup = _Lookup(recipients)
    tables = tuple(_table(f, t, i, specs, lookup) for i, t in enumerate(f.get(data, "tables", list, "filen"), 1))
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise f.fail("två tabeller har samma id")
    for kind in KINDS:
        if sum(1 for t in tables if t.kind == kind and t.role == "allocation") > 1:
            raise f.fail(f"mer än en fördelningstabell för {KIND_LABELS[kind]}")
    notes = _strings(f, data, "notes", "filen") if "notes" in data else []
    agreement = Agreement(
        id=agreement_id,
        name=f.get(data, "name", str, "filen").strip(),
        year=f.get(data, "year", int, "filen"),
        skr_arende=f.get(data, "skr_arende", str, "filen", null=True),
        seed=f.get(data, "seed", str, "filen", null=True),
        form=f.get(data, "form", str, "filen"),
        payer=f.get(data, "payer", str, "filen"),
        period_start=start,
        period_end=end,
        deadlines=deadlines,
        streams=tuple(s.name for s in specs),
        stream_specs=specs,
        group_totals=groups,
        tables=tables,
        notes=tuple(notes),
        dnr=f.text(data, "dnr", "filen", null=True, optional=True),
        annex=f.text(data, "annex", "filen", null=True, optional=True),
        no_requisition=_flag(f, data, "no_requisition"),
    )
    warnings = tuple(published_differences(agreement, len(recipients) // len(KINDS)))
    return replace(agreement, warnings=warnings)


def _flag(f: _File, data: dict[str, Any], key: str) -> bool:
    if key not in data:
        return False
    value = data[key]
    if not isinstance(value, bool):
        raise f.fail(f"”{key}” ska vara true eller false")
    return value


def _streams(f: _File, raw: list[Any]) -> tuple[Stream, ...]:
    specs: list[Stream] = []
    for i, item in enumerate(raw, 1):
        where = f"streams nr {i}"
        name = f.get(item, "name", str, where).strip()
        kinds = f.get(item, "kinds", list, where)
        if not kinds or any(k not in KINDS for k in kinds) or len(set(kinds)) != len(kinds):
            raise f.fail(f"kinds i {where} ska vara region och/eller rss")
        if any(s.name == name for s in specs):
            raise f.fail(f"strömmen ”{name}” finns två gånger")
        specs.append(Stream(name, tuple(kinds), f.text(item, "note", where, null=True, optional=True)))
    return tuple(specs)


def _groups(f: _File, raw: dict[str, Any], specs: tuple[Stream, ...]) -> dict[str, GroupTotal]:
    out: dict[str, GroupTotal] = {}
    for kind, item in raw.items():
        if kind not in KINDS:
            raise f.fail(f"groups har okänd mottagartyp ”{kind}”")
        where = f"groups.{kind}"
        total = f.get(item, "total", int, where, null=True)
        per_stream: dict[str, Decimal] = {}
        for name, value in f.get(item, "per_stream", dict, where).items():
            _known_stream(f, name, kind, specs, where)
            per_stream[name] = quantize(Decimal(f.amount(value, f"{where}.per_stream ”{name}”")))
        label = f.get(item, "label", str, where)
        out[kind] = GroupTotal(label, None if total is None else quantize(Decimal(total)), per_stream)
    return out


def _known_stream(f: _File, name: str, kind: str, specs: tuple[Stream, ...], where: str) -> None:
    spec = next((s for s in specs if s.name == name), None)
    if spec is None:
        raise f.fail(f"strömmen ”{name}” i {where} finns inte under streams")
    if kind not in spec.kinds:
        raise f.fail(f"strömmen ”{name}” i {where} gäller inte {KIND_LABELS[kind]}")


class _Lookup:
    def __init__(self, recipients: tuple[Recipient, ...]) -> None:
        self.index: dict[tuple[str, str], Recipient] = {}
        for r in recipients:
            for spelling in (r.name, r.id, *r.aliases):
                self.index[(r.kind, normal_name(spelling))] = r

    def find(self, name: str, kind: str) -> Recipient | None:
        return self.index.get((kind, normal_name(name)))


def _table(f: _File, raw: Any, number: int, specs: tuple[Stream, ...], lookup: _Lookup) -> Table:
    where = f"tables nr {number}"
    if not isinstance(raw, dict):
        raise f.fail(f"{where} ska vara ett objekt")
    unknown = sorted(set(raw) - _TABLE)
    if unknown:
        raise f.fail(f"okänd nyckel ”{unknown[0]}” i {where}")
    table_id = f.get(raw, "id", str, where)
    where = f"tabellen {table_id}"
    kind = f.get(raw, "kind", str, where)
    role = f.get(raw, "role", str, where)
    if kind not in KINDS or role not in ROLES:
        raise f.fail(f"{where} ska ha kind region/rss och role {' eller '.join(ROLES)}")
    stream = f.get(raw, "stream", str, where, null=True)
    if (stream is None) != (role == "allocation"):
        raise f.fail(f"{where}: stream anges för part-of-stream och är null för allocation")
    if stream is not None:
        _known_stream(f, stream, kind, specs, where)
    columns = tuple(_column(f, c, where) for c in f.get(raw, "columns", list, where))
    keys = [c.key for c in columns]
    if not keys or keys[0] != "recipient" or len(set(keys)) != len(keys):
        raise f.fail(f"{where}: första kolumnen ska ha key recipient och varje key förekomma en gång")
    for c in columns:
        if c.stream is not None:
            _known_stream(f, c.stream, kind, specs, where)
    types = {c.type for c in columns}
    if role == "allocation" and ("stream" not in types or "amount" in types):
        raise f.fail(f"{where}: en fördelningstabell har stream-kolumner och ingen amount-kolumn")
    if role == "part-of-stream" and ("amount" not in types or types & {"stream", "total"}):
        raise f.fail(f"{where}: en delmängdstabell har en amount-kolumn och inga stream- eller total-kolumner")
    rows: list[TableRow] = []
    seen: dict[str, str] = {}
    for i, values in enumerate(f.get(raw, "rows", list, where), 1):
        cells = _cells(f, values, columns, f"{where}, rad {i}", allow_null=False)
        recipient = lookup.find(str(cells[0]), kind)
        if recipient is None:
            known = f"ingen känd {KIND_LABELS[kind]}"
            raise f.fail(f"{where}, rad {i}: ”{cells[0]}” är {known}; lägg till stavningen i recipients.json")
        if recipient.id in seen:
            raise f.fail(f"{where}: {recipient.name} förekommer två gånger (”{seen[recipient.id]}” och ”{cells[0]}”)")
        seen[recipient.id] = str(cells[0])
        rows.append(TableRow(recipient, cells))
    total_raw = raw.get("total")
    total = None if total_raw is None else _cells(f, total_raw, columns, f"{where}, Totalt-raden", allow_null=True)
    return Table(
        id=table_id,
        caption=f.get(raw, "caption", str, where),
        kind=kind,
        role=role,
        stream=stream,
        label=f.text(raw, "label", where, null=True, optional=True),
        source=f.text(raw, "source", where, null=True, optional=True),
        columns=columns,
        rows=tuple(rows),
        total=total,
    )


def _column(f: _File, raw: Any, where: str) -> Column:
    heading = raw.get("heading") if isinstance(raw, dict) else None
    key = raw.get("key") if isinstance(raw, dict) else None
    if not isinstance(heading, str) or not isinstance(key, str):
        raise f.fail(f"{where}: varje kolumn ska ha heading och key (text)")
    kind, _, rest = key.partition(":")
    plain = kind in ("recipient", "population", "total", "amount") and not rest
    if not (plain or (kind == "stream" and rest) or (kind in ("count", "text") and _SLUG.match(rest))):
        raise f.fail(f"{where}: okänd kolumnnyckel ”{key}”")
    return Column(heading, key)


def _cells(f: _File, values: Any, columns: tuple[Column, ...], where: str, *, allow_null: bool) -> tuple[Any, ...]:
    if not isinstance(values, list) or len(values) != len(columns):
        raise f.fail(f"{where} ska ha {len(columns)} värden, ett per kolumn")
    for column, cell in zip(columns, values, strict=True):
        if cell is None and allow_null:
            continue
        if column.type in ("recipient", "text"):
            if not isinstance(cell, str) or not cell.strip():
                raise f.fail(f"{where}: ”{column.heading}” ska vara text som i källan")
        else:
            f.amount(cell, f"{where}: ”{column.heading}”")
    return (str(values[0]).strip(), *values[1:])


# -- published sums --------------------------------------------------------------------------
def published_differences(agreement: Agreement, counties: int) -> list[str]:
    """Swedish sentences for every published figure that does not add up; the data stays as is."""
    out: list[str] = []
    keep = "De publicerade värdena används oförändrade."
    for t in agreement.tables:
        name = f"{t.title} ({agreement.id})"
        if len(t.rows) < counties:
            missing = counties - len(t.rows)
            out.append(f"{name} saknar rader för {missing} av {counties} mottagare.")
        for i, column in enumerate(t.columns):
            published = t.total[i] if t.total else None
            if not column.summed or not isinstance(published, int):
                continue
            rows_sum = sum(int(r.values[i] or 0) for r in t.rows)
            if rows_sum != published:
                out.append(
                    f"{name}: raderna i kolumnen ”{column.heading}” summerar till {whole_kr(rows_sum)} "
                    f"men Totalt-raden anger {whole_kr(published)}. {keep}"
                )
        streams = [i for i, c in enumerate(t.columns) if c.type == "stream"]
        if "total" in (c.key for c in t.columns):
            ti = [c.key for c in t.columns].index("total")
            for row in t.rows:
                parts = sum(int(row.values[i] or 0) for i in streams)
                if parts != row.values[ti]:
                    out.append(
                        f"{name}: raden ”{row.values[0]}” summerar till {whole_kr(parts)} men kolumnen "
                        f"”{t.columns[ti].heading}” anger {whole_kr(int(row.values[ti] or 0))}. {keep}"
                    )
        out.extend(_against_group(agreement, t, name))
        out.extend(_part_within_stream(agreement, t, name))
    return out


def _against_group(agreement: Agreement, t: Table, name: str) -> list[str]:
    group = agreement.group_totals.get(t.kind)
    if group is None or t.role != "allocation" or t.total is None:
        return []
    out = []
    for i, column in enumerate(t.columns):
        published = t.total[i]
        expected = group.total if column.key == "total" else group.per_stream.get(column.stream or "")
        if column.type not in ("stream", "total") or not isinstance(published, int) or expected is None:
            continue
        if Decimal(published) != expected:
            out.append(
                f"{name}: Totalt för ”{column.heading}” är {whole_kr(published)} men överenskommelsen "
                f"anger {whole_kr(expected)} ({group.label})."
            )
    return out


def _part_within_stream(agreement: Agreement, t: Table, name: str) -> list[str]:
    if t.role != "part-of-stream":
        return []
    out = []
    for row in t.rows:
        whole = agreement.allocation_for(row.recipient.id)
        part = t.value(row, "amount")
        if whole is not None and isinstance(part, int) and part > whole.get(t.stream or "", Decimal(0)):
            out.append(
                f"{name}: {row.recipient.name} får {whole_kr(part)} för {t.label or t.title}, "
                f"mer än hela ”{t.stream}” ({whole_kr(whole.get(t.stream or '', Decimal(0)))})."
            )
    return out


def default_directory() -> Path:
    """The built-in catalogue's folder: the program's ``resources/`` (``paths.resources_dir``)."""
    return resources_dir()


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read and validate recipients.json and every agreements/*.json under ``directory``."""
    base = Path(directory) if directory is not None else default_directory()
    recipients = read_recipients(base / "recipients.json")
    folder = base / "agreements"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise CatalogueError(f"Inga överenskommelser finns i {folder}; installera om programmet.")
    agreements: dict[str, Agreement] = {}
    for path in files:
        agreement = read_agreement(path, recipients)
        if agreement.id in agreements:
            raise CatalogueError(f"Avtalsfilen {path.name}: id ”{agreement.id}” finns redan; ge filen ett eget id.")
        agreements[agreement.id] = agreement
    return Catalogue(agreements.values(), recipients)
