"""Build a project gazetteer from a GeoNames country file (`IQ.txt` from
https://download.geonames.org/export/dump/, CC BY 4.0: credit "GeoNames, geonames.org").

A country file is tab-separated, one feature per line: geonameid, name, asciiname,
alternatenames (comma-separated), latitude, longitude, feature class, feature code, country
code, cc2, admin1 code, admin2 code, ... population, ... What becomes a row:

* ADM1 -> admin1 with id `<CC>.<admin1 code>` (GeoNames' own "IQ.13"), ADM2 -> admin2
  `<CC>.<admin1>.<admin2>` under its admin1;
* populated places (feature class P, except historical and abandoned ones) -> a town when its
  population is at least `town_population`, else a village, id `GN<geonameid>`, under its
  admin2 (else its admin1);
* with `sites=True`, also spots, mountains, valleys and wadis (feature classes S, T, H) as sites.

Places whose admin codes name no ADM1 in the file are left out and counted: a gazetteer row
needs a known parent. The output is sorted (admin1, admin2, then the rest) so parents come
first, and starts with a `#` credit line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coder.places.gazetteer import COLUMNS, GazetteerError

CREDIT = "# Contains data from GeoNames (geonames.org), CC BY 4.0."
_SKIP_CODES = {"PPLH", "PPLQ", "PPLW"}  # historical, abandoned, destroyed
_SITE_CLASSES = {"S", "T", "H"}
MAX_ALT_NAMES = 20


@dataclass
class BuildSummary:
    rows: dict[str, int] = field(default_factory=dict)
    orphans: int = 0
    lines: int = 0

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.rows.items())
        skipped = f"; {self.orphans} left out (no known admin1)" if self.orphans else ""
        return f"{sum(self.rows.values())} places ({counts}) from {self.lines} lines{skipped}"


def _alt(name: str, raw: str) -> str:
    seen: list[str] = []
    for a in raw.split(","):
        a = a.strip()
        if a and a != name and ";" not in a and a not in seen:
            seen.append(a)
    return ";".join(seen[:MAX_ALT_NAMES])


def build_from_geonames(
    path: Path, out_path: Path, *, town_population: int = 5000, sites: bool = False
) -> BuildSummary:
    from coder.fsutil import atomic_write

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerError([f"{path}: cannot read the GeoNames file: {e}"]) from None
    rows, summary = geonames_rows(path, text.splitlines(), town_population, sites)

    def write(out: io.TextIOBase) -> None:
        out.write(CREDIT + f" Built from {path.name} by `coder places build`.\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)

    atomic_write(out_path, write)  # type: ignore[arg-type]
    return summary


def geonames_rows(
    path: Path, lines: Iterable[str], town_population: int, sites: bool
) -> tuple[list[list[str]], BuildSummary]:
    summary = BuildSummary()
    admin1: dict[str, list[str]] = {}
    admin2: dict[str, list[str]] = {}
    others: list[tuple[str, str, list[str]]] = []  # (admin1 key, admin2 key, row)
    problems: list[str] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        summary.lines += 1
        cols = line.split("\t")
        if len(cols) < 15:
            problems.append(f"{path}:{n}: has {len(cols)} tab-separated columns, a GeoNames "
                            "country file has 19 (is it the right file?)")  # fmt: skip
            if len(problems) > 20:
                break
            continue
        gid, name, alts, lat, lon, fclass, fcode, cc, a1, a2 = (
            cols[0], cols[1], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[10],
            cols[11],
        )  # fmt: skip
        pop = int(cols[14]) if cols[14].strip().isdigit() else 0
        source = f"GeoNames {gid}"
        k1, k2 = f"{cc}.{a1}", f"{cc}.{a1}.{a2}"
        if fcode == "ADM1":
            admin1[k1] = [k1, name, _alt(name, alts), "admin1", "", lat, lon, source]
        elif fcode == "ADM2":
            admin2[k2] = [k2, name, _alt(name, alts), "admin2", k1, lat, lon, source]
        elif fclass == "P" and fcode not in _SKIP_CODES:
            kind = "town" if pop >= town_population else "village"
            others.append(
                (k1, k2, [f"GN{gid}", name, _alt(name, alts), kind, "", lat, lon, source])
            )
        elif sites and fclass in _SITE_CLASSES:
            others.append(
                (k1, k2, [f"GN{gid}", name, _alt(name, alts), "site", "", lat, lon, source])
            )
    if problems:
        raise GazetteerError(problems)
    out: list[list[str]] = sorted(admin1.values())
    for _key, row in sorted(admin2.items()):
        if row[4] in admin1:
            out.append(row)
        else:
            summary.orphans += 1
    kept2 = {r[0] for r in out if r[3] == "admin2"}
    for k1, k2, row in others:
        parent = k2 if k2 in kept2 else k1 if k1 in admin1 else ""
        if not parent:
            summary.orphans += 1
            continue
        row[4] = parent
        out.append(row)
    for r in out:
        summary.rows[r[3]] = summary.rows.get(r[3], 0) + 1
    return out, summary
