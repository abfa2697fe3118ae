"""The JSON form of a ComparisonReport (`coder compare --format json`); keys documented in
docs/compare.md. Kept apart from coder.compare so the computation and its wire format can change
independently; every float is rounded to 4 decimals and every undefined figure is null.

`report_json` gives the whole document as Python data; `write_report_json` writes the same
document to a file as it goes. At 5 coders x 10k articles the document is ~200 MB: building it
as one dict and then one string with `json.dumps(indent=2)` (which always runs the pure-Python
encoder) took seconds and held it in memory three times over. The writer instead pretty-prints
the small head and writes the two long lists (`disagreements`, `units`) one element per line with
orjson, so memory stays flat and a lead can still `grep` one article's units. To a file
(`write_report_json_bytes`) the rows go as the UTF-8 bytes orjson makes, never decoded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Any, BinaryIO, TextIO

import orjson

from coder.agreement import ACCEPTABLE, TENTATIVE
from coder.compare.dates_report import dates_json
from coder.compare.results import ComparisonReport, FieldResult
from coder.gc_pause import gc_paused


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def field_json(f: FieldResult) -> dict[str, Any]:
    s = f.stats
    return {
        "field": f.field,
        "label": f.label,
        "scope": f.scope,
        "type": f.type,
        "level": f.level,
        "alpha": _r(s.alpha),
        "alpha_note": s.alpha_note,
        "ci95": None if s.ci95 is None else [_r(s.ci95[0]), _r(s.ci95[1])],
        "ci_note": s.ci_note,
        "percent_agreement": _r(s.percent_agreement),
        "units": s.units,
        "pairable_values": s.pairable_values,
        "observed_disagreement": _r(s.observed),
        "expected_disagreement": _r(s.expected),
        "kappa": {k: _r(v) for k, v in s.kappa.items()},
        "threshold": s.threshold,
        "matching_field": f.matching_field,
        "derived": f.derived,
    }


def report_json(report: ComparisonReport, *, units: bool = True) -> dict[str, Any]:
    """The whole report as JSON-ready data (hundreds of thousands of small dicts, no cycles: the
    collector is paused while they are made, see `gc_paused`)."""
    with gc_paused():
        out = _head(report)
        out["disagreements"] = list(_disagreements(report))
        if units:
            out["units"] = list(_units(report))
        return out


def write_report_json(report: ComparisonReport, out: TextIO, *, units: bool = True) -> None:
    """Write `report_json(report)` to `out` as JSON text, element by element (see the module
    docstring); `json.loads` of what is written equals `report_json(report)`. For a text
    stream (stdout, a test's StringIO): the UTF-8 of `write_report_json_bytes`, decoded a
    chunk of rows at a time."""
    _write_document(report, lambda data: out.write(data.decode()), units=units)


def write_report_json_bytes(report: ComparisonReport, out: BinaryIO, *, units: bool = True) -> None:
    """`write_report_json` to a binary file, the same bytes its text would be in UTF-8: orjson
    makes the rows as UTF-8 bytes, which go to the file as they are (at 5 coders x 10k
    articles, decoding ~200 MB of rows to text and the text layer encoding it back cost two
    passes over the report)."""
    _write_document(report, out.write, units=units)


def _write_document(
    report: ComparisonReport, write: Callable[[bytes], object], *, units: bool
) -> None:
    with gc_paused():
        head = json.dumps(_head(report), indent=2, ensure_ascii=False)
        write(head[: -len("\n}")].encode())  # reopen the object to append the long lists
        _write_list(write, "disagreements", _disagreements(report))
        if units:
            _write_list(write, "units", _units(report))
        write(b"\n}\n")


_ROW = json.JSONEncoder(ensure_ascii=False)
"""The stdlib's encoder with the document's settings: a row orjson refuses goes through it."""
_CHUNK = 2000
_ROW_SEP = b",\n    "
_NEXT_ROW = b'},{"article":'
"""Where one row of a long list ends and the next begins in orjson's compact dump of a chunk of
rows: every row is a dict whose first key is "article" (`_disagreement_row`, `_units`)."""
_NEXT_ROW_ON_ITS_LINE = b"}" + _ROW_SEP + b'{"article":'


def _encode_row(row: dict[str, Any]) -> bytes:
    """One long-list row as one line of JSON in UTF-8: orjson, or the stdlib for a row orjson
    refuses (an integer beyond 64 bits a coder typed); either way `json.loads` of the line is
    `row`. orjson writes UTF-8 as it is, as ensure_ascii=False."""
    try:
        return orjson.dumps(row)
    except orjson.JSONEncodeError:
        return _ROW.encode(row).encode()


def _encode_chunk(rows: list[dict[str, Any]]) -> bytes:
    """Rows one per line, joined by `_ROW_SEP`: the chunk dumped by one orjson call, its rows
    put on lines of their own after. A call per row cost more than the dumping itself for the
    small disagreement rows (~3 us each on these machines: 0.49 vs 0.10 s for 146k rows at 5
    coders x 10k articles).

    `_NEXT_ROW` in the compact dump is always JSON structure, never text: inside a JSON string
    every quote is escaped. Besides the boundaries between rows it can only be a list in a
    value holding a dict after a dict whose first key is "article" (a hand-edited database can
    hold anything): that row gets a line break inside, whitespace between tokens, the same
    JSON. A chunk orjson refuses is done row by row."""
    try:
        dumped = orjson.dumps(rows)
    except orjson.JSONEncodeError:
        return _ROW_SEP.join(map(_encode_row, rows))
    return dumped[1:-1].replace(_NEXT_ROW, _NEXT_ROW_ON_ITS_LINE)


def _write_list(write: Callable[[bytes], object], key: str, rows: Iterable[dict[str, Any]]) -> None:
    write(f",\n  {json.dumps(key)}: [".encode())
    first = True
    rest = iter(rows)
    while chunk := list(islice(rest, _CHUNK)):
        write(b"\n    " if first else _ROW_SEP)  # apart: no copy of the chunk's bytes
        write(_encode_chunk(chunk))
        first = False
    write(b"]" if first else b"\n  ]")


def _head(report: ComparisonReport) -> dict[str, Any]:
    """Everything but the two long lists, in the document's key order."""
    det = report.detection
    return {
        "software": {"name": "coder", "version": report.version},
        "coders": list(report.coders),
        "articles": len(report.articles),
        "settings": {
            "bootstrap": report.bootstrap,
            "seed": report.seed,
            "confidence": 0.95,
            "min_similarity": report.min_similarity,
            "match_fields": list(report.match_fields),
            "thresholds": {"acceptable": ACCEPTABLE, "tentative": TENTATIVE},
        },
        "fields": [field_json(f) for f in report.fields],
        "excluded_fields": report.excluded,
        "incidents": {
            "units": det.units,
            "units_all_coders": det.units_all_coders,
            "units_one_coder": det.units_one_coder,
            "matched": det.matched,
            "f1": _r(det.f1),
            "pairs": [
                {
                    "coders": list(p.coders),
                    "articles": p.articles,
                    "incidents": {p.coders[0]: p.incidents[0], p.coders[1]: p.incidents[1]},
                    "matched": p.matched,
                    "f1": _r(p.f1),
                }
                for p in det.pairs
            ],
        },
        "coder_matrix": {
            "statistic": "mean over fields of the pairwise Krippendorff's alpha (each field at "
            "its level, on the units both coders coded); percent_agreement likewise",
            "pairs": [
                {
                    "coders": list(p.coders),
                    "mean_alpha": _r(p.mean_alpha),
                    "fields": p.fields,
                    "percent_agreement": _r(p.percent_agreement),
                }
                for p in report.pairs
            ],
            "per_coder": {c: _r(v) for c, v in report.coder_agreement().items()},
        },
        "dates": dates_json(report),
        "codebook_drift": {
            "warnings": list(report.drift),
            "excluded_values": [
                {
                    "coder": d.coder,
                    "article": d.article,
                    "scope": d.scope,
                    "incident": d.incident,
                    "field": d.field,
                    "value": d.value,
                }
                for d in report.drift_values
            ],
        },
    }


def _disagreements(report: ComparisonReport) -> Iterator[dict[str, Any]]:
    return report.disagreements.rows(_disagreement_row)


def _disagreement_row(
    article: str, scope: str, unit: int | None, unit_key: str, field: str, values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "article": article,
        "scope": scope,
        "unit": unit,
        "unit_key": unit_key,
        "field": field,
        "values": values,
    }


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` as the dict the C encoder takes: itself when it is one (a stored record's
    values, a disagreement's), so 130k incidents are not copied just to be encoded."""
    return values if isinstance(values, dict) and values.__class__ is dict else dict(values)


def _units(report: ComparisonReport) -> Iterator[dict[str, Any]]:
    for a in report.aligned:
        for u in a.units:
            yield {
                "article": a.article,
                "coders": list(a.coders),
                "unit": u.index,
                "unit_key": u.key,
                "similarity": _r(u.similarity),
                "borderline": u.borderline,
                "members": {
                    c: {"incident": m.incident_id, "values": _plain(m.values)}
                    for c, m in sorted(u.members.items())
                },
            }
