"""`coder import` of a JSONL file (coder.exchange.importer drives it): one article per line,
`{"article", "coder", "status", "values", "incidents": [...]}`, an incident's values flat beside
its id (as export writes them) or under "values" (the store's own shape)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from coder.codebook.model import Codebook
from coder.exchange.import_cells import (
    GOLD_JSON_KEY,
    IGNORED_JSON_KEYS,
    Collector,
    Pending,
    parse_into,
    status_of,
    suggest,
)
from coder.exchange.place_columns import as_coded_from
from coder.jsonsafe import jsonl_lines
from coder.store.coder_store import STATUSES, ArticleRecord, Incident, Status


def read_jsonl(text: str | bytes, codebook: Codebook, col: Collector) -> list[Pending]:
    out: dict[str, Pending] = {}
    allowed = (
        "article",
        "coder",
        "status",
        "values",
        "incidents",
        GOLD_JSON_KEY,
        "as_coded",  # the store's own shape (coder.store.as_coded)
        *IGNORED_JSON_KEYS,
    )
    known = frozenset(allowed)  # (the tuple, in order, for the suggestion)
    for line, obj, problem in jsonl_lines(text):
        if problem is not None:
            col.add(line, "", problem)
            continue
        if not isinstance(obj, dict):
            col.add(line, "", 'expected an object {"article": ..., "values": ..., ...}')
            continue
        for key in obj:
            if key not in known:
                col.add(line, key, "unknown key" + suggest(key, allowed))
        article = obj.get("article")
        if not isinstance(article, str) or not article.strip():
            col.add(line, "article", "missing: every line needs the article id as text")
            continue
        article = article.strip()
        if isinstance(obj.get("coder"), str) and obj["coder"].strip():
            col.coders.add(obj["coder"].strip())
        if article in out:
            col.add(line, "article", f"{article!r} is already on line {out[article].line}")
            continue
        values: dict[str, Any] = {}
        names: dict[str, str] = {}
        raw_values = obj.get("values", {})
        if not isinstance(raw_values, dict):
            col.add(line, "values", "must be an object {field: value}")
        else:
            names = as_coded_from(col.article_places, raw_values)
            if isinstance(obj.get("as_coded"), dict):
                names.update({k: v for k, v in obj["as_coded"].items() if isinstance(v, str)})
            raw_values = _without_derived(raw_values, col)
            parse_into(col.article_fields, raw_values, values, col, line, names=names)
        pending = Pending(ArticleRecord(article=article, values=values, as_coded=names), line)
        _jsonl_incidents(obj.get("incidents", []), codebook, pending, col, line)
        status = obj.get("status")
        if status is not None and not isinstance(status, str):
            col.add(line, "status", "must be text")
        status = status_of(status, bool(pending.record.incidents))
        if status not in STATUSES:
            col.add(line, "status", f"{obj.get('status')!r} is not one of " + ", ".join(STATUSES))
        pending.record.status = cast(Status, status)
        out[article] = pending
    return list(out.values())


def _jsonl_incidents(
    raw: Any, codebook: Codebook, pending: Pending, col: Collector, line: int
) -> None:
    if not isinstance(raw, list):
        col.add(line, "incidents", "must be a list of objects")
        return
    names = col.incident_fields
    nested = "values" not in names  # each asked once per article, not of each incident
    stored_key = "as_coded" not in names
    suggested_key = "suggested" not in names
    places = col.incident_places
    lines = pending.incident_lines
    incidents = pending.record.incidents
    for n, inc in enumerate(raw, start=1):
        if inc.__class__ is not dict and not isinstance(inc, dict):
            col.add(line, f"incident {n}", "must be an object")
            continue
        inc_id = inc.get("id")
        if inc_id is not None and (not isinstance(inc_id, str) or not inc_id.strip()):
            col.add(line, f"incident {n}: id", "must be text")
            inc_id = None
        if nested and isinstance(inc.get("values"), dict):
            flat = {k: v for k, v in inc.items() if k != "id"}
            flat.update(flat.pop("values"))
        else:
            flat = inc  # only read: the keys that are not values are left out below
        stored = flat.get("as_coded") if stored_key else None
        suggested = flat.get("suggested", []) if suggested_key else []
        if not isinstance(suggested, list) or (
            suggested and not all(s in names for s in suggested)
        ):
            col.add(line, f"incident {n}: suggested", "must be a list of incident field names")
            suggested = []
        seen = as_coded_from(places, flat) if places else {}
        if isinstance(stored, dict):  # the store's own shape: {"id", "values", "as_coded"}
            seen.update({k: v for k, v in stored.items() if isinstance(v, str)})
        values = _by_layout(col, flat, seen)
        if values is None:  # a cell to refuse, a key to name: the long way says which
            values = {}
            parse_into(
                col.incident_cells, flat, values, col, line, f"incident {n}: ", seen,
                skip=col.not_incident_values, level=names,
            )  # fmt: skip
        kept = [s for s in suggested if s in values] if suggested else []
        incidents.append(Incident((inc_id or "").strip(), values, seen, suggested=kept))
        lines.append(line)


def _by_layout(
    col: Collector, flat: Mapping[str, Any], seen: dict[str, str]
) -> dict[str, Any] | None:
    """An incident's values parsed by its layout's function, or None: parse it the long way
    (`seen` may then hold a name the long way puts there again, the same)."""
    parse = col.incident_layout(tuple(flat))
    if parse is None:
        return None
    try:
        return parse(flat, seen)
    except (ValueError, TypeError):
        return None


def _without_derived(raw: dict[str, Any], col: Collector) -> dict[str, Any]:
    """A JSONL object less the keys export derives from a place id (place_columns)."""
    derived = col.derived
    if derived.isdisjoint(raw):
        return raw
    return {k: v for k, v in raw.items() if k not in derived}
