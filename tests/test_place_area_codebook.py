"""`area_fields` on a place field: which fields hold the incident's province and district."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.codebook import CodebookError, load_codebook, parse_codebook
from tests.places_helpers import CODEBOOK

ROOT = Path(__file__).resolve().parents[1]

AREA_CODEBOOK = CODEBOOK.replace(
    """    - name: place
      type: place
      label: Place
      required: true
""",
    """    - name: admin1
      type: choice
      label: Province
      choices: [kirkuk, diyala]
    - name: admin2
      type: text
      label: District
    - name: place
      type: place
      label: Place
      required: true
      area_fields:
        admin1: admin1
        admin2: admin2
""",
)
"""An ACLED-style codebook: the province and district are admin1 and admin2 (lines 28, 29)."""


def _problems(text: str) -> list[str]:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, Path("cb.yaml"))
    return [str(p) for p in info.value.problems]


def test_area_fields_are_read_in_level_order_and_the_shipped_codebook_declares_its_province() -> (
    None
):
    place = parse_codebook(AREA_CODEBOOK).field("incident", "place")
    assert place is not None
    assert place.area_fields == (("admin1", "admin1"), ("admin2", "admin2"))
    swapped = AREA_CODEBOOK.replace(
        "        admin1: admin1\n        admin2: admin2\n",
        "        admin2: admin2\n        admin1: admin1\n",
    )
    assert parse_codebook(swapped).field("incident", "place").area_fields == place.area_fields  # type: ignore[union-attr]
    only = AREA_CODEBOOK.replace("        admin2: admin2\n", "")
    assert parse_codebook(only).field("incident", "place").area_fields == (("admin1", "admin1"),)  # type: ignore[union-attr]
    hash(place)  # still a frozen, hashable Field
    shipped = load_codebook(ROOT / "codebook.yaml").field("incident", "place")
    assert shipped is not None and shipped.area_fields == (("admin1", "province"),)
    plain = parse_codebook(CODEBOOK).field("incident", "place")
    assert plain is not None and plain.area_fields == ()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        admin1: admin1\n",
            "        province: admin1\n",
            "cb.yaml:28: field 'place': area_fields: unknown level 'province'; levels are: "
            "admin1 (province), admin2 (district)",
        ),
        (
            "        admin1: admin1\n",
            "        admn1: admin1\n",
            "cb.yaml:28: field 'place': area_fields: unknown level 'admn1' (did you mean "
            "'admin1'?); levels are: admin1 (province), admin2 (district)",
        ),
        (
            "        admin2: admin2\n",
            "        admin2: admn2\n",
            "cb.yaml:29: field 'place': area_fields: admin2 'admn2' is not a field of the "
            "incident level (did you mean 'admin2'?)",
        ),
        (
            "        admin1: admin1\n",
            "        admin1: relevant\n",
            "cb.yaml:28: field 'place': area_fields: admin1 'relevant' is a field of the article "
            "level: name a field of the incident level, as the place field",
        ),
        (
            "        admin2: admin2\n",
            "        admin2: fatalities\n",
            "cb.yaml:29: field 'place': area_fields: admin2 'fatalities' is an integer field: "
            "it must be choice or text",
        ),
        (
            "        admin2: admin2\n",
            "        admin2: event_date\n",
            "cb.yaml:29: field 'place': area_fields: admin2 'event_date' is a date field: "
            "it must be choice or text",
        ),
        (
            "        admin1: admin1\n",
            "        admin1: place\n",
            "cb.yaml:28: field 'place': area_fields: admin1 names the place field itself: name "
            "the field that holds the province",
        ),
        (
            "        admin2: admin2\n",
            "        admin2: admin1\n",
            "cb.yaml:29: field 'place': area_fields: 'admin1' is named for both admin1 and admin2",
        ),
        (
            "        admin2: admin2\n",
            "        admin2: 2\n",
            "cb.yaml:29: field 'place': area_fields: admin2 must name a field, not 2",
        ),
        (
            "      area_fields:\n        admin1: admin1\n        admin2: admin2\n",
            "      area_fields: [admin1, admin2]\n",
            "cb.yaml:27: field 'place': 'area_fields' must map gazetteer levels to the fields "
            "holding them, e.g. {admin1: province, admin2: district}",
        ),
    ],
)
def test_a_wrong_area_field_is_reported_with_the_line_of_its_entry(
    old: str, new: str, expected: str
) -> None:
    assert old in AREA_CODEBOOK
    problems = _problems(AREA_CODEBOOK.replace(old, new))
    assert problems == [expected], problems


def test_area_fields_on_another_type_is_refused() -> None:
    text = AREA_CODEBOOK.replace(
        "      label: Fatalities\n",
        "      label: Fatalities\n      area_fields: {admin1: admin1}\n",
    )
    assert _problems(text) == [
        "cb.yaml:33: field 'fatalities': 'area_fields' applies only to place fields"
    ]
