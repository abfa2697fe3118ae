"""`cues:` in the codebook: where they may stand and what makes one invalid, with file:line."""

from __future__ import annotations

from pathlib import Path

from coder.codebook.loader import load_codebook
from tests.test_codebook import line_of, only, write

BODY = """\
incident:
  fields:
{fields}
"""


def fields(text: str) -> str:
    return BODY.format(fields="\n".join("    " + ln for ln in text.strip("\n").splitlines()))


def test_cues_load_on_choices_and_number_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        fields(
            """
- name: perpetrator
  type: choice
  cue_ties: first
  choices:
    - value: isis
      cues: [ISIS, Islamic State, "Daesh ... attacked", "re:\\\\bIS\\\\b"]
    - value: unknown
- name: fatalities
  type: integer
  cues: [killed, "zero: no casualties"]
"""
        ),
    )
    cb = load_codebook(path)
    perp = cb.field("incident", "perpetrator")
    assert perp is not None and perp.cue_ties == "first"
    assert perp.choices[0].cues == ("ISIS", "Islamic State", "Daesh ... attacked", "re:\\bIS\\b")
    assert perp.choices[1].cues == ()
    fat = cb.field("incident", "fatalities")
    assert fat is not None and fat.cues == ("killed", "zero: no casualties")
    assert cb.suggestions is True


def test_invalid_regex_is_reported_with_its_line(tmp_path: Path) -> None:
    body = fields(
        """
- name: perpetrator
  type: choice
  choices:
    - value: isis
      cues:
        - ISIS
        - "re:(Daesh"
"""
    )
    p = only(tmp_path, body)
    assert p.line == line_of(tmp_path / "codebook.yaml", "re:(Daesh")
    assert p.field == "perpetrator" and "not a valid regular expression" in p.message


def test_cue_matching_empty_text_and_bad_gap(tmp_path: Path) -> None:
    body = fields(
        """
- name: perpetrator
  type: choice
  choices:
    - value: isis
      cues: ["re:x*"]
"""
    )
    assert "matches empty text" in only(tmp_path, body).message
    body = fields(
        """
- name: perpetrator
  type: choice
  choices:
    - value: isis
      cues: ["... attacked"]
"""
    )
    assert "'...' must stand between two words" in only(tmp_path, body).message


def test_cues_on_a_field_type_that_cannot_take_them(tmp_path: Path) -> None:
    for ftype, extra in [("date", ""), ("text", ""), ("place", ""), ("boolean", "")]:
        body = fields(
            f"""
- name: thing
  type: {ftype}
  cues: [Monday]
{extra}"""
        )
        p = only(tmp_path, body)
        assert p.line == line_of(tmp_path / "codebook.yaml", "cues:")
        assert f"a {ftype} field cannot take 'cues'" in p.message
    body = fields(
        """
- name: perpetrator
  type: choice
  cues: [ISIS]
  choices: [isis, other]
"""
    )
    assert "put 'cues' under each choice" in only(tmp_path, body).message


def test_zero_cue_only_on_numbers_and_bad_cue_ties(tmp_path: Path) -> None:
    body = fields(
        """
- name: perpetrator
  type: choice
  choices:
    - value: none
      cues: ["zero: nobody"]
"""
    )
    assert "'zero:' cues belong on integer or number fields" in only(tmp_path, body).message
    body = fields(
        """
- name: perpetrator
  type: choice
  cue_ties: last
  choices: [isis, other]
"""
    )
    assert "'cue_ties' must be none or first" in only(tmp_path, body).message
    body = fields(
        """
- name: n
  type: integer
  cues: [killed, 3]
"""
    )
    assert "cue 3 must be text" in only(tmp_path, body).message


def test_suggestions_switch(tmp_path: Path) -> None:
    path = write(tmp_path, "suggestions: false\n" + fields("- name: n\n  type: integer"))
    assert load_codebook(path).suggestions is False
    body = "suggestions: maybe\n" + fields("- name: n\n  type: integer")
    assert "'suggestions' must be true, false or a mapping" in only(tmp_path, body).message
