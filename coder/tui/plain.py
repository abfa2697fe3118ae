"""Codebook and article text on screen: never markup, never terminal control sequences."""

from __future__ import annotations

from coder.textsafe import clean


def plain(text: object) -> str:
    """`text` as a string that cannot drive the terminal: the one sanitiser, `coder.textsafe`.

    Rich `Text` already ignores markup; this removes escape sequences such as "\\x1b[2J" that a
    pasted codebook or article could carry and that would otherwise reach the terminal.
    """
    return clean(str(text))
