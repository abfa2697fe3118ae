"""The terminal UI (Textual): the coding workbench and the review of agreement.

Feature folders: `coding/` (the coding screen and its session), `review/` (dashboard,
disagreement walk, gold export), `form/` (the form built from the codebook), `article/` (the
article pane and find bar), `dialogs/` (small modal screens). `base_app` is what both apps share;
`key_gate` routes typed-ahead keys one at a time; `textual_compat` holds every use of Textual's
private API. The CLI imports `run_coding` and `run_review` from here only when a screen opens.
"""

from coder.tui.coding.app import run_coding
from coder.tui.review.app import run_review

__all__ = ["run_coding", "run_review"]
