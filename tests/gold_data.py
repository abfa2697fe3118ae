"""Two coders' codings of the five sample articles under the shipped codebook, with realistic
disagreements, in the JSONL import shape. Used by the gold tests and to try `coder review` by hand
(`python -m tests.gold_data DIR` writes ann.jsonl and ben.jsonl for `coder import`).

Known disagreements (ann vs ben):
- 000 (mortars on Topzawa): event_type explosions vs battles, sub_event_type shelling vs armed
  clash, attack_type 3 vs 2, geo_precision 1 vs 2; ben quotes a different passage as evidence
  (free text: not a disagreement, but the walk shows both quotes).
- 001 (Daquq raid + Fallujah arrests): Daquq incident arrested 2 vs 4.
- 002 (Khanaqin snipers): ben also codes the July Asayesh attack (background: only ben has it);
  the sniper incident agrees.
- 003 (federal police outpost): certainty high vs medium, injured 2 vs 1.
- 004: only ann codes it (goes to the gold data as she coded it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

A000, A001, A002, A003, A004 = (
    "000_a9317a16385be697",
    "001_337bf2d7c06e301a",
    "002_1bec70a6d058b0fd",
    "003_ce92296724338f32",
    "004_abab37718220f7c9",
)

_TOPZAWA: dict[str, Any] = {
    "event_date": "2020-09-03",
    "date_precision": 2,
    "province": "kirkuk",
    "place": "IQ-KI-DAQ-TOPZAWA",
    "geo_precision": 1,
    "event_type": "explosions_remote_violence",
    "sub_event_type": "shelling_artillery",
    "attack_type": 3,
    "perpetrator": "isis",
    "perpetrator_name": "ISIS",
    "claimed": "no",
    "target_types": ["private_citizens"],
    "weapons": ["mortar_artillery", "firearms"],
    "fatalities": 0,
    "source_type": "local_source",
    "evidence": "Islamic State (ISIS) remnants fired at least five mortar shells at the village "
    "of Topzawa in Daquq",
    "certainty": "medium",
}

_DAQUQ: dict[str, Any] = {
    "event_date": "2020-09-07",
    "date_precision": 1,
    "province": "kirkuk",
    "place": "IQ-KI-DAQ-DAQUQ",
    "geo_precision": 1,
    "event_type": "battles",
    "sub_event_type": "armed_clash",
    "perpetrator": "state_forces",
    "perpetrator_name": "Iraqi Counter Terrorism Service (ICTS)",
    "target_types": ["militants"],
    "fatalities": 2,
    "arrested": 2,
    "source_type": "security_official",
    "evidence": "Two top Islamic State (ISIS) militants were killed in a raid at dawn on Monday",
    "certainty": "high",
}

_FALLUJAH: dict[str, Any] = {
    "event_date": "2020-09-07",
    "date_precision": 1,
    "province": "anbar",
    "place": "IQ-AN-FALLUJAH",
    "geo_precision": 1,
    "event_type": "strategic_developments",
    "sub_event_type": "arrests",
    "perpetrator": "state_forces",
    "target_types": ["militants"],
    "arrested": 2,
    "source_type": "security_official",
    "evidence": "another ICTS unit detained two",
    "certainty": "high",
}

_SHERK: dict[str, Any] = {
    "event_date": "2019",
    "date_precision": 3,
    "province": "diyala",
    "place": "IQ-DI-KHN-SHERK",
    "geo_precision": 1,
    "event_type": "battles",
    "sub_event_type": "armed_clash",
    "attack_type": 2,
    "perpetrator": "isis",
    "perpetrator_name": "Daesh",
    "claimed": "not_reported",
    "target_types": ["military"],
    "weapons": ["firearms"],
    "fatalities": 2,
    "source_type": "security_official",
    "evidence": "Last night, Daesh snipers attacked an Iraqi army base killing two soldiers",
    "certainty": "medium",
}

_ASAYESH: dict[str, Any] = {
    "event_date": "2019-07",
    "date_precision": 3,
    "province": "diyala",
    "place": "IQ-DI",
    "geo_precision": 3,
    "event_type": "battles",
    "sub_event_type": "armed_clash",
    "attack_type": 2,
    "perpetrator": "isis",
    "claimed": "not_reported",
    "target_types": ["police"],
    "fatalities": 4,
    "injured": 8,
    "source_type": "journalist",
    "evidence": "In late July, an ISIS attack on Kurdish",
    "certainty": "low",
}

_OUTPOST: dict[str, Any] = {
    "event_date": "2020",
    "date_precision": 3,
    "province": "kirkuk",
    "place": "IQ-KI-DAQ-ALISARAI",
    "geo_precision": 2,
    "event_type": "battles",
    "sub_event_type": "armed_clash",
    "attack_type": 2,
    "perpetrator": "isis",
    "claimed": "not_reported",
    "target_types": ["police"],
    "fatalities": 2,
    "injured": 2,
    "source_type": "local_source",
    "evidence": "A group of Islamic State members attacked an Iraqi federal police outpost",
    "certainty": "high",
}

_HEALTH: dict[str, Any] = {
    "event_date": "2018",
    "date_precision": 3,
    "province": "kirkuk",
    "place": "IQ-KI-DAQ",
    "geo_precision": 2,
    "event_type": "violence_against_civilians",
    "sub_event_type": "abduction",
    "attack_type": 6,
    "perpetrator": "isis",
    "claimed": "not_reported",
    "target_types": ["private_citizens", "health"],
    "kidnapped": 2,
    "source_type": "local_official",
    "evidence": "ISIS militants kidnapped two Kurdish men from a village in Daquq",
    "certainty": "medium",
}

REPORTED = {"relevant": "reported"}


def _line(
    article: str, coder: str, values: dict[str, Any], *incidents: dict[str, Any]
) -> dict[str, Any]:
    return {
        "article": article,
        "coder": coder,
        "status": "done",
        "values": values,
        "incidents": [
            {"id": f"{coder}-{article[:3]}-{n}", **inc} for n, inc in enumerate(incidents, 1)
        ],
    }


def codings() -> dict[str, list[dict[str, Any]]]:
    """coder -> JSONL lines (fresh dicts on every call)."""
    ben_topzawa = {
        **_TOPZAWA,
        "event_type": "battles",
        "sub_event_type": "armed_clash",
        "attack_type": 2,
        "geo_precision": 2,
        "evidence": "Late on Thursday night, ISIS shelled Topzawa village with at least five "
        "mortars",
    }
    return {
        "ann": [
            _line(A000, "ann", dict(REPORTED), dict(_TOPZAWA)),
            _line(
                A001,
                "ann",
                {**REPORTED, "article_date": "2020-09-07"},
                dict(_DAQUQ),
                dict(_FALLUJAH),
            ),
            _line(A002, "ann", dict(REPORTED), dict(_SHERK)),
            _line(A003, "ann", dict(REPORTED), dict(_OUTPOST)),
            _line(A004, "ann", dict(REPORTED), dict(_HEALTH)),
        ],
        "ben": [
            _line(A000, "ben", dict(REPORTED), ben_topzawa),
            _line(
                A001,
                "ben",
                {**REPORTED, "article_date": "2020-09-07"},
                {**_DAQUQ, "arrested": 4},
                dict(_FALLUJAH),
            ),
            _line(A002, "ben", dict(REPORTED), dict(_SHERK), dict(_ASAYESH)),
            _line(A003, "ben", dict(REPORTED), {**_OUTPOST, "certainty": "medium", "injured": 1}),
        ],
    }


def write_jsonl(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for coder, lines in codings().items():
        path = folder / f"{coder}.jsonl"
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
        out[coder] = path
    return out


if __name__ == "__main__":  # pragma: no cover
    for coder, path in write_jsonl(Path(sys.argv[1])).items():
        print(coder, path)
