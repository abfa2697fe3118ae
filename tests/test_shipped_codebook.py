"""The shipped codebook.yaml loads, is complete, and can faithfully code the sample articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coder.codebook.loader import load_codebook
from coder.codebook.model import Codebook
from coder.codebook.values import validate_values

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook(ROOT / "codebook.yaml")


def sample(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


REQUIRED_INCIDENT = {
    "event_date": "date",
    "date_precision": "choice",
    "province": "choice",
    "place": "place",
    "geo_precision": "choice",
    "event_type": "choice",
    "sub_event_type": "choice",
    "attack_type": "choice",
    "perpetrator": "choice",
    "perpetrator_other": "text",
    "perpetrator_name": "text",
    "claimed": "choice",
    "target_types": "multi",
    "weapons": "multi",
    "fatalities": "integer",
    "injured": "integer",
    "kidnapped": "integer",
    "arrested": "integer",
    "evidence": "quote",
    "certainty": "choice",
    "notes": "longtext",
}


def test_structure(codebook: Codebook) -> None:
    assert codebook.title and codebook.version
    assert "incident" in codebook.instructions and "separate" in codebook.instructions
    relevant = codebook.field("article", "relevant")
    assert relevant is not None and relevant.required and relevant.type == "choice"
    for name, ftype in REQUIRED_INCIDENT.items():
        f = codebook.field("incident", name)
        assert f is not None, name
        assert f.type == ftype, name
    assert codebook.match and set(codebook.match) <= {f.name for f in codebook.incident_fields}
    evidence = codebook.field("incident", "evidence")
    assert evidence is not None and evidence.required
    certainty = codebook.field("incident", "certainty")
    assert certainty is not None and certainty.ordered and certainty.level == "ordinal"
    other = codebook.field("incident", "perpetrator_other")
    assert other is not None and other.when is not None and other.when.field == "perpetrator"
    provinces = codebook.field("incident", "province")
    assert provinces is not None
    assert {"kirkuk", "diyala", "salahaddin", "nineveh", "anbar", "baghdad", "erbil"} <= {
        c.value for c in provinces.choices
    }


def test_numeric_gtd_codes(codebook: Codebook) -> None:
    attack = codebook.field("incident", "attack_type")
    assert attack is not None
    assert [c.value for c in attack.choices] == list(range(1, 10))
    assert attack.label_for(6) == "Hostage taking (kidnapping)"


def test_yes_no_choices_stay_words(codebook: Codebook) -> None:
    claimed = codebook.field("incident", "claimed")
    assert claimed is not None and {"yes", "no"} <= {c.value for c in claimed.choices}


def test_every_field_and_choice_has_help(codebook: Codebook) -> None:
    for f in codebook.all_fields():
        assert len(f.help) > 20, f.name
        assert f.label and f.label != f.name, f.name
        for c in f.choices:
            assert c.label, (f.name, c.value)
        # choice help: every choice list is self-explanatory through labels or help
        if f.has_choices:
            assert all(c.label != str(c.value) or c.help for c in f.choices), f.name


# ------------------------------------------------------------------ faithful codings

CODING_001: dict[str, Any] = {
    "article": {"relevant": "reported", "article_date": "2020-09-07"},
    "incidents": [
        {
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
            "evidence": "Two top Islamic State (ISIS) militants were killed in a raid at dawn on "
            "Monday by the Iraqi Counter Terrorism Service (ICTS) in the southern Kirkuk "
            "province town of Daquq",
            "certainty": "high",
            "notes": "Two more ISIS members detained in the same raid.",
        },
        {
            "event_date": "2020-09-07",
            "date_precision": 1,
            "province": "anbar",
            "place": "IQ-AN-FALLUJAH",
            "geo_precision": 1,
            "event_type": "strategic_developments",
            "sub_event_type": "arrests",
            "perpetrator": "state_forces",
            "perpetrator_name": "Iraqi Counter Terrorism Service (ICTS)",
            "target_types": ["militants"],
            "arrested": 2,
            "source_type": "security_official",
            # straight quotes where the article has curly ones: normalised
            "evidence": 'another ICTS unit detained two "dangerous" ISIS militants in the '
            "western Iraqi town of Fallujah on Monday",
            "certainty": "high",
        },
    ],
}

CODING_004: dict[str, Any] = {
    "article": {"relevant": "reported"},
    "incidents": [
        {
            "event_date": "2018",
            "date_precision": 3,
            "province": "kirkuk",
            "place": "IQ-KI-DAQ",
            "geo_precision": 2,
            "event_type": "violence_against_civilians",
            "sub_event_type": "abduction",
            "attack_type": 6,
            "perpetrator": "isis",
            "perpetrator_name": "ISIS",
            "claimed": "not_reported",
            "target_types": ["private_citizens", "health"],
            "weapons": ["not_reported"],
            "kidnapped": 2,
            "source_type": "local_official",
            "evidence": "ISIS militants kidnapped two Kurdish men from a village in Daquq, "
            "south of Kirkuk on Thursday",
            "certainty": "medium",
            "notes": "No publication date: Abadi still PM and after the December 2017 defeat, "
            "so 2018. One victim is an ambulance driver; may be the same raid as the Haftaghar "
            "health centre (coded separately, place not stated).",
        },
        {
            "event_date": "2018",
            "date_precision": 3,
            "province": "kirkuk",
            "place": "IQ-KI-DAQ-HAFTAGHAR",
            "geo_precision": 1,
            "event_type": "strategic_developments",
            "sub_event_type": "looting",
            "attack_type": 7,
            "perpetrator": "isis",
            "perpetrator_name": "ISIS",
            "claimed": "not_reported",
            "target_types": ["health"],
            "weapons": ["not_reported"],
            "source_type": "local_official",
            "evidence": "Militants also raided a health centre in the village of Haftaghar, "
            "making off with medicines and equipment.",
            "certainty": "medium",
        },
        {
            "event_date": "2018",
            "date_precision": 3,
            "province": "nineveh",
            "place": "IQ-NI-MOS-MOSUL",
            "geo_precision": 1,
            "event_type": "explosions_remote_violence",
            "sub_event_type": "remote_explosive",
            "attack_type": 3,
            "perpetrator": "unidentified",
            "claimed": "not_reported",
            "target_types": ["private_citizens"],
            "weapons": ["vehicle_bomb"],
            "fatalities": 4,
            "fatalities_split": True,
            "source_type": "local_official",
            "evidence": "On Wednesday, at least seven civilians were killed in two separate car "
            "bombings in Mosul and Salahaddin province",
            "certainty": "medium",
        },
        {
            "event_date": "2018",
            "date_precision": 3,
            "province": "salahaddin",
            "place": "IQ-SD",
            "geo_precision": 3,
            "event_type": "explosions_remote_violence",
            "sub_event_type": "remote_explosive",
            "attack_type": 3,
            "perpetrator": "unidentified",
            "claimed": "not_reported",
            "target_types": ["private_citizens"],
            "weapons": ["vehicle_bomb"],
            "fatalities": 3,
            "fatalities_split": True,
            "source_type": "local_official",
            "evidence": "two separate car bombings in Mosul and Salahaddin province, local "
            "officials said.",
            "certainty": "medium",
        },
    ],
}


@pytest.mark.parametrize(("prefix", "coding"), [("001", CODING_001), ("004", CODING_004)])
def test_faithful_coding_validates(codebook: Codebook, prefix: str, coding: dict[str, Any]) -> None:
    text = sample(prefix)
    errors = validate_values(
        codebook.article_fields, coding["article"], article_text=text, require=True
    )
    assert errors == {}
    for n, incident in enumerate(coding["incidents"], 1):
        errors = validate_values(
            codebook.incident_fields, incident, article_text=text, require=True
        )
        assert errors == {}, f"incident {n}: {errors}"
    # incidents are distinct under the codebook's match key
    keys = {tuple(str(i.get(m)) for m in codebook.match) for i in coding["incidents"]}
    assert len(keys) == len(coding["incidents"])


def test_coding_errors_are_caught(codebook: Codebook) -> None:
    """The faithful coding is not accepted by accident: a wrong quote or code is an error."""
    incident = dict(CODING_001["incidents"][0])
    incident["evidence"] = "Two top ISIS militants were killed in Fallujah"
    incident["attack_type"] = 2  # attack types are for non-state perpetrators only
    incident["province"] = "kirkuk province"
    errors = validate_values(
        codebook.incident_fields, incident, article_text=sample("001"), require=True
    )
    assert set(errors) == {"evidence", "attack_type", "province"}
    assert errors["evidence"] == "this passage does not appear in the article"
