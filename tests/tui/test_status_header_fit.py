"""`fit_parts`: the header's parts in their longest forms that fit, shortened from the end."""

from __future__ import annotations

from textual.content import Content

from coder.tui.coding.status_header import fit_parts

PARTS: list[tuple[Content, ...]] = [
    (Content("me"),),
    (Content("✓ saved 10:02:03"), Content("✓ saved")),
    (Content("article 3/40: draft"), Content("3/40: draft")),
]


def test_everything_long_when_it_fits() -> None:
    assert fit_parts(PARTS, 80).plain == "me │ ✓ saved 10:02:03 │ article 3/40: draft"


def test_the_last_part_is_shortened_first() -> None:
    full = len("me │ ✓ saved 10:02:03 │ article 3/40: draft")
    assert fit_parts(PARTS, full - 1).plain == "me │ ✓ saved 10:02:03 │ 3/40: draft"
    assert fit_parts(PARTS, full - 9).plain == "me │ ✓ saved │ 3/40: draft"


def test_every_part_goes_one_step_down_before_any_goes_two() -> None:
    parts = [*PARTS, (Content("reason (setting)"), Content("reason"), Content("(F6)"))]
    line = "me │ ✓ saved │ 3/40: draft │ reason"
    assert fit_parts(parts, len(line)).plain == line
    assert fit_parts(parts, len(line) - 1).plain == "me │ ✓ saved │ 3/40: draft │ (F6)"


def test_too_narrow_for_anything_gives_the_shortest_forms() -> None:
    assert fit_parts(PARTS, 5).plain == "me │ ✓ saved │ 3/40: draft"


def test_a_long_status_keeps_what_happened_and_drops_why() -> None:
    where = "4/5: saved as DRAFT, not done: incident 1: Location precision 1 is finer than Daquq"
    parts = [
        (Content("me"),),
        (Content(f"article {where}"), Content(where), Content("4/5: saved as DRAFT, not done")),
    ]
    assert fit_parts(parts, 40).plain == "me │ 4/5: saved as DRAFT, not done"
