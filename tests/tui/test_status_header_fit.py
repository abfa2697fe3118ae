"""`fit_parts`: the header's parts in their longest forms that fit, shortened from the end."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from coder.tui.coding.status_header import SEPARATOR, fit_parts
from coder.tui.textual_compat import join_content

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


def test_a_joined_line_is_as_wide_as_it_says() -> None:
    """Measured pieces joined by a measured separator: Textual's own join counts one separator
    too many, and the header was drawn that many cells short (the article list's border stayed
    past its end)."""
    pieces = [Content("me"), Content("✓ saved")]
    for content in (SEPARATOR, *pieces):
        assert content.cell_length
    joined = join_content(SEPARATOR, pieces)
    assert joined.plain == "me │ ✓ saved"
    assert joined.cell_length == cell_len(joined.plain)
    line = fit_parts([(piece,) for piece in pieces], 80)
    assert line.cell_length == cell_len(line.plain)
