"""Codebook and article text on screen: never markup, never terminal control sequences."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """`text` as a string without control characters (newlines and tabs are kept).

    Rich `Text` already ignores markup; this removes escape sequences such as "\\x1b[2J" that a
    pasted codebook or article could carry and that would otherwise reach the terminal.
    """
    return _CONTROL.sub("", str(text))
