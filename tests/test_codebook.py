"""Codebook loading: every validation rule reports file, line and field; good codebooks load."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from coder.codebook.loader import CodebookError, Problem, load_codebook, parse_codebook
from coder.errors import CoderError

HEAD = """\
title: Test codebook
version: 1
"""


def write(tmp_path: Path, body: str, head: str = HEAD) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def problems(tmp_path: Path, body: str, head: str = HEAD) -> list[Problem]:
    path = write(tmp_path, body, head)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert isinstance(info.value, CoderError)
    for p in info.value.problems:  # every problem is also in the one message, one per line
        assert str(p) in str(info.value).splitlines()
        assert p.path == path
    return info.value.problems


def only(tmp_path: Path, body: str, head: str = HEAD) -> Problem:
    found = problems(tmp_path, body, head)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


GOOD = """\
instructions: |
  Code every incident.
article:
  fields:
    - name: relevant
      type: choice
      label: Relevant?
      choices: [reported, not_reported, unclear]
      required: true
incident:
  match: [event_date, event_type]
  fields:
    - name: event_date
      type: date
      min: 2017-01
      max: "2021"
    - name: event_type
      type: choice
      choices:
        - value: armed_clash
          label: Armed clash
          help: Two armed, organised groups fight.
        - indirect_fire
    - name: attack_type
      type: choice
      choices: [1, 2, 3]
    - name: answer
      type: choice
      choices: [yes, no, on, off]
    - name: fatalities
      type: integer
      min: 0
      level: ratio
    - name: perpetrator
      type: choice
      choices: [isis, other]
    - name: perpetrator_other
      type: text
      when: {perpetrator: other}
    - name: confirmed
      type: boolean
      default: no
    - name: certainty
      type: choice
      ordered: true
      choices: [low, high]
      default: high
"""


def test_good_codebook_loads_with_resolved_fields(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    cb = load_codebook(path)
    assert cb.title == "Test codebook" and cb.version == "1" and cb.path == path
    assert cb.instructions.startswith("Code every incident.")
    assert cb.match == ("event_date", "event_type")
    et = cb.field("incident", "event_type")
    assert et is not None and et.label == "Event type" and et.level == "nominal"
    assert et.choices[0].label == "Armed clash" and et.choices[0].help.startswith("Two")
    assert et.choices[1].value == "indirect_fire" and et.choices[1].label == "indirect_fire"
    assert et.line == line_of(path, "name: event_type")
    at = cb.field("incident", "attack_type")
    assert at is not None and [c.value for c in at.choices] == [1, 2, 3]
    # YAML 1.1 booleans stay the words the author wrote
    ans = cb.field("incident", "answer")
    assert ans is not None and [c.value for c in ans.choices] == ["yes", "no", "on", "off"]
    ed = cb.field("incident", "event_date")
    assert ed is not None and ed.min == "2017-01" and ed.max == "2021" and ed.level == "interval"
    fat = cb.field("incident", "fatalities")
    assert fat is not None and fat.min == 0 and fat.level == "ratio"
    other = cb.field("incident", "perpetrator_other")
    assert other is not None and other.when is not None
    assert other.when.field == "perpetrator" and other.when.values == ("other",)
    assert other.level == "none"
    confirmed = cb.field("incident", "confirmed")
    assert confirmed is not None and confirmed.default is False
    cert = cb.field("incident", "certainty")
    assert cert is not None and cert.level == "ordinal" and cert.default == "high"


def test_bom_and_date_objects_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    body = HEAD + "incident:\n  fields:\n    - name: d\n      type: date\n      min: 2019\n"
    body += "      max: !!timestamp 2020-01-31\n      default: 2019-06\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    f = load_codebook(path).incident_fields[0]
    assert (f.min, f.max, f.default) == ("2019", "2020-01-31", "2019-06")


def test_version_keeps_its_source_text(tmp_path: Path) -> None:
    cb = load_codebook(write(tmp_path, "article:\n  fields: [{name: a, type: text}]\n",
                             head="title: T\nversion: 1.10\n"))  # fmt: skip
    assert cb.version == "1.10"


@pytest.mark.parametrize(
    ("body", "needle", "field", "message"),
    [
        ("    - name: a\n      type: integr\n", "type: integr", "a", "did you mean 'integer'"),
        ("    - name: a\n      type: text\n      lable: A\n", "lable", "a", "did you mean 'label'"),
        ("    - name: 2a\n      type: text\n", "name: 2a", "2a", "identifier"),
        ("    - name: bad-name\n      type: text\n", "bad-name", "bad-name", "identifier"),
        ("    - name: c\n      type: choice\n", "name: c", "c", "needs a non-empty 'choices'"),
        (
            "    - name: c\n      type: choice\n      choices: [a, b, a]\n",
            "choices",
            "c",
            "'a' is listed twice",
        ),
        (
            "    - name: c\n      type: choice\n      choices: [3, '3']\n",
            "choices",
            "c",
            "'3' is listed twice",
        ),
        (
            "    - name: n\n      type: integer\n      min: 5\n      max: 2\n",
            "max: 2",
            "n",
            "min (5) is greater than max (2)",
        ),
        (
            "    - name: d\n      type: date\n      min: 2020-02\n      max: 2020-01-31\n",
            "max:",
            "d",
            "min (2020-02) is greater than max (2020-01-31)",
        ),
        ("    - name: d\n      type: date\n      min: 2020-13\n", "min:", "d", "no month 13"),
        ("    - name: n\n      type: integer\n      min: 0.5\n", "min:", "n", "whole number"),
        ("    - name: t\n      type: text\n      min: 1\n", "min:", "t", "only to integer"),
        (
            "    - name: c\n      type: choice\n      choices: [a, b]\n      default: z\n",
            "default",
            "c",
            "'z' is not one of: a, b",
        ),
        (
            "    - name: n\n      type: integer\n      min: 0\n      default: -1\n",
            "default",
            "n",
            "at least 0",
        ),
        ("    - name: n\n      type: integer\n      default: 'x'\n", "default", "n", "number"),
        ("    - name: q\n      type: quote\n      default: hi\n", "default", "q", "quote"),
        (
            "    - name: t\n      type: text\n      level: interval\n",
            "level",
            "t",
            "does not fit a text field",
        ),
        (
            "    - name: c\n      type: choice\n      choices: [a]\n      level: ordinal\n",
            "level",
            "c",
            "ordered: true",
        ),
        (
            "    - name: m\n      type: multi\n      choices: [a]\n      level: nominal\n",
            "level",
            "m",
            "does not fit a multi field",
        ),
        ("    - name: d\n      type: date\n      level: ratio\n", "level", "d", "does not fit"),
        (
            "    - name: t\n      type: text\n      level: nominl\n",
            "level",
            "t",
            "did you mean 'nominal'",
        ),
        (
            "    - name: t\n      type: text\n      ordered: true\n",
            "ordered",
            "t",
            "only to choice",
        ),
        (
            "    - name: t\n      type: text\n      choices: [a]\n",
            "choices",
            "t",
            "only to choice and multi",
        ),
        (
            "    - name: t\n      type: text\n      required: yes\n",
            "required",
            "t",
            "true or false",
        ),
        (
            "    - name: c\n      type: choice\n      choices: [a, true]\n",
            "choices",
            "c",
            "is a boolean",
        ),
        (
            "    - name: c\n      type: choice\n      choices:\n        - armed_clash: Armed\n",
            "armed_clash",
            "c",
            "- value: armed_clash",
        ),
        ("    - name: c\n      type: multi\n      choices: ['a;b']\n", "choices", "c", "';'"),
        (
            "    - name: t\n      type: text\n      when: {nope: x}\n",
            "when",
            "t",
            "'nope', which is not a field at the incident level",
        ),
        ("    - name: t\n      type: text\n      when: {t: x}\n", "when", "t", "itself"),
        (
            "    - name: n\n      type: integer\n    - name: t\n      type: text\n"
            "      when: {n: 1}\n",
            "when",
            "t",
            "only on a choice, multi or boolean",
        ),
        (
            "    - name: c\n      type: choice\n      choices: [a]\n"
            "    - name: t\n      type: text\n      when: {c: b}\n",
            "when",
            "t",
            "'b' is not one of: a",
        ),
    ],
)
def test_field_problem_names_line_and_field(
    tmp_path: Path, body: str, needle: str, field: str, message: str
) -> None:
    full = "incident:\n  fields:\n" + body
    p = only(tmp_path, full)
    path = tmp_path / "codebook.yaml"
    assert p.field == field
    assert message in p.message, str(p)
    # the problem points at the offending key (or the field entry, for the last line match)
    expected = [n for n, t in enumerate(path.read_text().splitlines(), 1) if needle in t]
    assert p.line in expected or p.line == line_of(path, f"name: {field}"), str(p)
    assert str(p).startswith(f"{path}:{p.line}: field '{field}': ")


def test_duplicate_name_in_one_level(tmp_path: Path) -> None:
    p = only(
        tmp_path, "incident:\n  fields:\n    - {name: t, type: text}\n    - {name: t, type: date}\n"
    )
    assert (p.line, p.field) == (6, "t") and "already used by the field on line 5" in p.message


def test_duplicate_name_across_levels(tmp_path: Path) -> None:
    body = """\
    article:
      fields:
        - name: place
          type: text
    incident:
      fields:
        - name: place
          type: text
    """
    p = only(tmp_path, body)
    assert p.field == "place" and p.line == 7 + 2 and "line 5 (article level)" in p.message


def test_when_cannot_cross_levels(tmp_path: Path) -> None:
    body = """\
    article:
      fields:
        - {name: kind, type: choice, choices: [a, b]}
    incident:
      fields:
        - {name: t, type: text, when: {kind: a}}
    """
    p = only(tmp_path, body)
    assert p.field == "t" and "incident level" in p.message and p.line == 8


def test_when_cycle_and_numeric_and_boolean_conditions(tmp_path: Path) -> None:
    body = """\
    incident:
      fields:
        - {name: a, type: choice, choices: [x], when: {b: x}}
        - {name: b, type: choice, choices: [x], when: {a: x}}
    """
    found = problems(tmp_path, body)
    assert {p.field for p in found} == {"a", "b"} and all("cycle" in p.message for p in found)
    ok = """\
    incident:
      fields:
        - {name: code, type: choice, choices: [1, 2, 6]}
        - {name: hostages, type: integer, when: {code: ["6", 2]}}
        - {name: flag, type: boolean}
        - {name: why, type: text, when: {flag: yes}}
    """
    cb = load_codebook(write(tmp_path, ok))
    assert cb.incident_fields[1].when is not None
    assert cb.incident_fields[1].when.values == (6, 2)
    assert cb.incident_fields[3].when is not None and cb.incident_fields[3].when.values == (True,)


def test_match_problems(tmp_path: Path) -> None:
    body = """\
    incident:
      match: [event_date, evnt_type, evidence, event_date]
      fields:
        - {name: event_date, type: date}
        - {name: event_type, type: text}
        - {name: evidence, type: quote}
    """
    found = problems(tmp_path, body)
    assert all(p.line == 4 for p in found)
    by_field = {p.field: p.message for p in found}
    assert "did you mean 'event_type'" in by_field["evnt_type"]
    assert "cannot use a quote field" in by_field["evidence"]
    assert "listed twice" in by_field["event_date"]


def test_top_level_problems(tmp_path: Path) -> None:
    found = problems(tmp_path, "titel: x\narticle: [a]\n", head="")
    text = [str(p) for p in found]
    assert any(":1: unknown key 'titel' (did you mean 'title'?)" in t for t in text)
    assert any("'title' is missing" in t for t in text)
    assert any("'version' is missing" in t for t in text)
    assert any(":2: 'article' must be a mapping" in t for t in text)
    assert any("has no fields" in t for t in text)


def test_all_problems_reported_at_once_in_line_order(tmp_path: Path) -> None:
    body = """\
    incident:
      fields:
        - {name: a, type: txt}
        - {name: b, type: integer, min: 3, max: 1}
        - {name: c, type: choice}
    """
    found = problems(tmp_path, body)
    assert [(p.line, p.field) for p in found] == [(5, "a"), (6, "b"), (7, "c")]


def test_duplicate_keys_are_reported(tmp_path: Path) -> None:
    p = only(tmp_path, "incident:\n  fields:\n    - name: a\n      type: text\n      type: date\n")
    assert p.line == 7 and p.field == "a" and "'type' is given twice" in p.message


def test_yaml_syntax_error_has_file_and_line(tmp_path: Path) -> None:
    p = only(tmp_path, "incident:\n  fields: [\n    - name: a\n", head=HEAD)
    assert p.line is not None and p.line >= 4 and "YAML syntax error" in p.message
    assert str(p).startswith(f"{tmp_path / 'codebook.yaml'}:{p.line}: ")


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    p = only(tmp_path, "x-evil: !!python/object/apply:os.system [echo hi]\n" + GOOD)
    assert p.line == 3 and "cannot read this value" in p.message


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "is empty"), ("- a\n- b\n", "must be a mapping"), ("just text", "must be a mapping")],
)
def test_empty_or_not_a_mapping(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError, match=message):
        load_codebook(path)


def test_missing_file_folder_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="no such codebook file"):
        load_codebook(tmp_path / "nope.yaml")
    with pytest.raises(CodebookError, match="is a folder"):
        load_codebook(tmp_path)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: café\n".encode("latin-1"))
    with pytest.raises(CodebookError, match="not UTF-8"):
        load_codebook(bad)


def test_parse_without_path_and_extension_keys() -> None:
    cb = parse_codebook(HEAD + "x-project: iraq\narticle:\n  fields: [{name: a, type: text}]\n")
    assert cb.extra == {"x-project": "iraq"} and cb.path is None
    with pytest.raises(CodebookError) as info:
        parse_codebook(HEAD + "article:\n  fields: [{name: a, type: txt}]\n")
    assert str(info.value.problems[0]).startswith("codebook:4: field 'a': unknown type 'txt'")


def test_problem_str_formats() -> None:
    p = Problem(Path("codebook.yaml"), 42, "fatalities", "min (5) is greater than max (2)")
    assert str(p) == "codebook.yaml:42: field 'fatalities': min (5) is greater than max (2)"
    assert str(Problem(Path("c.yaml"), None, None, "no such codebook file")) == (
        "c.yaml: no such codebook file"
    )


@pytest.mark.parametrize(
    ("body", "line", "hint"),
    [
        ("incident:\n  fields:\n\t- name: a\n", 5, "replace the tabs with spaces"),
        (
            "incident:\n  fields:\n    - name: a\n      type: text\n     help: x\n",
            7,
            "every key of a field starts in the same column",
        ),
        (
            "incident:\n  fields:\n    - name: a\n      type: text\n      help: Note: x\n",
            7,
            "put a text that contains ': ' in quotes",
        ),
        (
            "incident:\n  fields:\n    - name: a\n      help: one\n      two\n    - name: b\n",
            8,
            "a line that is not 'key: value'",
        ),
    ],
)
def test_yaml_syntax_errors_say_the_usual_cause(
    tmp_path: Path, body: str, line: int, hint: str
) -> None:
    """A first-time codebook author gets the likely fix, not only PyYAML's parser terms."""
    p = only(tmp_path, body)
    assert p.line == line and hint in p.message and "YAML syntax error" in p.message
