"""Walk the disagreements one by one and settle each into the gold data.

Left: the article, scrolled to the unit's evidence, each coder's quotes in that coder's colour
(widgets.review_article). Right: the unit's values, field rows x coder columns + gold
(widgets.value_table), the cursor on the field in dispute. Every key acts on the row under the
cursor and is saved to coding/gold.json at once: 1..9 take that coder's value, e types a new one
(parsed and checked with codebook.values against the field and the article), a accepts every value
the coders already agree on, k / x keep or drop an incident, f flags the unit as a codebook
problem, backspace undoes. A decision that settles the disagreement shown moves on by itself to
the next unsettled one (one key per decision when adjudicating hundreds); n / p move by hand.
The walk opens at the first unsettled disagreement, so quitting and coming back resumes where the
lead stopped; when none is left it says so and offers the dashboard and the gold export.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from coder.tui.review.decisions import DecisionMixin
from coder.tui.review.disagreement_view import KEYS

__all__ = ["KEYS", "DisagreementScreen"]

BREAKPOINTS: list[tuple[int, str]] = [(0, "-narrow"), (110, "-wide")]
"""Named at module level: Textual types the attribute `ClassVar[...] | None`, which mypy reads as
an instance variable (a ClassVar annotation here is refused) and ruff (RUF012) wants a mutable
class-level literal annotated as ClassVar; a reference to a constant satisfies both."""


class DisagreementScreen(DecisionMixin):
    """The walk: display and moving (disagreement_view), decisions (disagreement_decisions)."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    DEFAULT_CSS = """
    DisagreementScreen #walk-header { height: 1; background: $panel; padding: 0 1; }
    DisagreementScreen #walk-main { height: 1fr; }
    DisagreementScreen #walk-article { width: 2fr; border-right: vkey $panel-lighten-2; }
    DisagreementScreen #walk-side { width: 3fr; }
    DisagreementScreen.-narrow #walk-article { width: 1fr; }
    DisagreementScreen.-narrow #walk-side { width: 2fr; }
    DisagreementScreen ValueTable { height: 1fr; }
    DisagreementScreen #walk-info { height: auto; max-height: 6; padding: 0 1; }
    DisagreementScreen #article-title { max-height: 2; }
    DisagreementScreen.-narrow Footer { display: none; }
    DisagreementScreen #walk-keys {
        height: auto; background: $panel; padding: 0 1; color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,pagedown", "move(1)", "Next"),
        Binding("p,pageup", "move(-1)", "Prev"),
        Binding("u", "next_unsettled", "Next unsettled"),
        *(Binding(str(k), f"take({k})", f"Take {k}", show=False) for k in range(1, 10)),
        Binding("e", "edit", "Edit"),
        Binding("a", "accept_agreed", "Accept agreed"),
        Binding("k", "incident(True)", "Keep incident", show=False),
        Binding("x", "incident(False)", "Drop incident", show=False),
        Binding("f", "flag", "Flag"),
        Binding("o", "next_quote", "Next quote", show=False),
        Binding("g", "export", "Export gold", show=False),
        Binding("backspace,delete", "undo", "Undo", show=False),
        Binding("escape", "back", "Dashboard"),
    ]
