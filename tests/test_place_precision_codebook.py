"""`precision_field` / `precision_codes` on a place field, and the `as_coded` names in a record."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.codebook import CodebookError, load_codebook, parse_codebook
from coder.store import ArticleRecord, Incident, validate_record
from coder.store.records import check_doc
from tests.places_helpers import CODEBOOK, PRECISION_CODEBOOK, make_place_project

ROOT = Path(__file__).resolve().parents[1]


def _problems(text: str) -> list[str]:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, Path("cb.yaml"))
    return [str(p) for p in info.value.problems]


def test_the_default_codes_are_acled_and_the_shipped_codebook_uses_them() -> None:
    place = parse_codebook(PRECISION_CODEBOOK).field("incident", "place")
    assert place is not None and place.precision_field == "geo_precision"
    codes = {k: place.precision_code(k) for k in ("town", "village", "site", "admin2", "admin1")}
    assert codes == {"town": 1, "village": 1, "site": 1, "admin2": 2, "admin1": 3}
    shipped = load_codebook(ROOT / "codebook.yaml").field("incident", "place")
    assert shipped is not None and shipped.precision_field == "geo_precision"
    plain = parse_codebook(CODEBOOK).field("incident", "place")
    assert plain is not None and plain.precision_code("town") is None


def test_precision_codes_override_the_defaults_for_a_gtd_style_scale() -> None:
    text = PRECISION_CODEBOOK.replace(
        "      precision_field: geo_precision\n",
        "      precision_field: geo_precision\n      precision_codes: {admin1: 2, site: 2}\n",
    )
    place = parse_codebook(text).field("incident", "place")
    assert place is not None
    assert (place.precision_code("admin1"), place.precision_code("site")) == (2, 2)
    assert place.precision_code("admin2") == 2 and place.precision_code("town") == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "precision_field: geo_precision",
            "precision_field: geo_precison",
            "cb.yaml:20: field 'place': precision_field 'geo_precison' is not a field of the "
            "incident level (did you mean 'geo_precision'?)",
        ),
        (
            "precision_field: geo_precision",
            "precision_field: fatalities",
            "precision_field 'fatalities' is a integer field",  # integer: allowed, see below
        ),
        (
            "precision_field: geo_precision",
            "precision_field: event_date",
            "precision_field 'event_date' is a date field: it must be choice or integer",
        ),
        (
            "precision_field: geo_precision",
            "precision_field: place",
            "precision_field names the place field itself",
        ),
        (
            "        - {value: 3, label: Province or region only}\n",
            "",
            "precision code 3 (for admin1) is not a choice of 'geo_precision' (1, 2); "
            "set precision_codes",
        ),
        (
            "precision_field: geo_precision",
            "precision_field: geo_precision\n      precision_codes: {district: 2}",
            "unknown kind 'district'; kinds are: admin1, admin2, town, village, site",
        ),
        (
            "precision_field: geo_precision",
            "precision_field: geo_precision\n      precision_codes: {town: high}",
            "the code of town must be a whole number, not 'high'",
        ),
        (
            "      precision_field: geo_precision\n",
            "      precision_codes: {town: 1}\n",
            "'precision_codes' needs 'precision_field' (the field to fill)",
        ),
    ],
)
def test_a_wrong_precision_field_is_reported_with_its_line(
    old: str, new: str, expected: str
) -> None:
    text = PRECISION_CODEBOOK.replace(old, new)
    if "fatalities" in new:  # an integer field takes the codes: no problem at all
        assert parse_codebook(text).field("incident", "place").precision_field == "fatalities"  # type: ignore[union-attr]
        return
    problems = _problems(text)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("cb.yaml:") for p in problems)


def test_precision_field_on_another_type_is_refused() -> None:
    text = CODEBOOK.replace(
        "      label: Fatalities\n", "      label: Fatalities\n      precision_field: place\n"
    )
    assert any("'precision_field' applies only to place fields" in p for p in _problems(text))


def test_the_store_checks_the_names_places_were_coded_by(tmp_path: Path) -> None:
    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    codebook = project.load_codebook()
    good = Incident("i1", {"event_date": "2020-09-07", "place": "IQ-KI-DAQ"}, {"place": "Daqouq"})
    record = ArticleRecord("a1", values={}, incidents=[good])
    assert validate_record(record, codebook, None) == {}
    doc = record.to_doc()
    assert doc["incidents"][0]["as_coded"] == {"place": "Daqouq"}
    assert ArticleRecord.from_doc(doc).incidents[0].as_coded == {"place": "Daqouq"}

    bad = Incident(
        "i1",
        {"event_date": "2020-09-07", "geo_precision": 2},
        {"place": "Daqouq", "geo_precision": "two", "nope": "x"},
    )
    errors = validate_record(ArticleRecord("a1", incidents=[bad]), codebook, None)
    assert errors == {
        "incident 1: place.as_coded": "names a place ('Daqouq') but the field has no place",
        "incident 1: geo_precision.as_coded": (
            "only place fields keep the name they were coded by (geo_precision is choice)"
        ),
        "incident 1: nope.as_coded": "is not a field of this codebook",
    }
    with pytest.raises(ValueError, match="incident 1: 'as_coded' must map field names to text"):
        check_doc({**doc, "incidents": [{"id": "i1", "values": {}, "as_coded": {"place": 3}}]})


def test_check_warns_of_a_precision_finer_than_the_place(tmp_path: Path) -> None:
    from coder.checks import check_project
    from tests.project_helpers import save

    project = make_place_project(tmp_path / "p", codebook=PRECISION_CODEBOOK)
    district = {"event_date": "2020-09-07", "place": "IQ-KI-DAQ"}
    save(
        project,
        "ann",
        [
            ArticleRecord(
                "a1",
                incidents=[
                    Incident("1" * 32, {**district, "geo_precision": 1}),  # finer: warned
                    Incident("2" * 32, {**district, "geo_precision": 3}),  # coarser: fine
                    Incident("3" * 32, {**district, "place": "IQ-DI-KHN-JALAWLA",
                                        "geo_precision": 2}),  # near a town: fine
                ],
            )
        ],
    )  # fmt: skip
    report = check_project(project)
    warned = [str(p) for p in report.warnings if "finer" in p.message]
    assert len(warned) == 1 and not report.errors, [str(p) for p in report.problems]
    assert warned[0].endswith(
        "article 'a1': incident 1: geo_precision 1 is finer than place Daquq (IQ-KI-DAQ), a "
        "district (geo_precision 2): code the exact place or precision 2"
    )
    assert ":1: warning:" in warned[0] or "ann.json:" in warned[0]
