"""The terminal UI (Textual): the coding workbench and the review of agreement.

Feature folders: `coding/` (the coding screen and its session), `review/` (dashboard,
disagreement walk, gold export), `form/` (the form built from the codebook), `article/` (the
article pane and find bar), `dialogs/` (small modal screens). `base_app` is what both apps share;
`key_gate` routes typed-ahead keys one at a time; `textual_compat` holds every use of Textual's
private API. The CLI imports `run_coding` and `run_review` from here only when a screen opens.

Both are imported on first use (module `__getattr__`), not with the package: importing any
`coder.tui` module runs this file, and the review app pulls in the comparison engine (scipy),
over a second of a coder's start-up that `coder code` never uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coder.tui.coding.app import run_coding
    from coder.tui.review.app import run_review

__all__ = ["run_coding", "run_review"]


def __getattr__(name: str) -> Any:
    if name == "run_coding":
        from coder.tui.coding.app import run_coding

        return run_coding
    if name == "run_review":
        from coder.tui.review.app import run_review

        return run_review
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
