"""What a suggestion is: a value for one field and the words of the article it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Suggestion:
    field: str
    """An incident field of the codebook."""
    value: Any
    """As the codebook stores it: an int count, an ISO date, a choice value, a list for a multi
    field, a gazetteer id for a place."""
    text: str
    """The words it came from, exactly as in the article."""
    start: int
    end: int
    """Offsets of `text` in the article text (what the article pane shows, what ctrl+e quotes)."""
    rule: str = ""
    """Which rule proposed it (cue, count, date, place), for `coder suggest` and the methods."""

    def as_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
