"""The one place that makes text from files safe to print or show: `clean`.

Everything coder prints or draws that came from a file (article ids from file names, article
text, codebook titles and labels, field names, coder database values, error messages quoting any
of these) is data. A terminal obeys escape sequences wherever they appear, so a file named
`clip\\e]52;c;...` would write the clipboard (OSC 52), `\\e]2;...` set the window title and CSI
sequences move the cursor or recolour the screen. `clean` removes them; the CLI routes stdout
and stderr through `CleanStream` (every print, every warning, every export to stdout) and the
screens clean what they show, so no output path is handled case by case.

What `clean` does, and why each:

* removes ECMA-48 escape sequences (CSI, OSC/DCS/SOS/PM/APC strings, two-byte escapes), in their
  7-bit and 8-bit (C1) forms, so their payload does not leak in as garbage either;
* removes any remaining C0/C1 control character and DEL, except newline and tab (text layout)
  and a carriage return that ends a line (CRLF); a lone one would let a line overwrite what was
  printed before it;
* removes the bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069):
  they reorder what follows on screen, so `evil\\u202etxt.exe` reads as something else. The
  marks U+200E/U+200F/U+061C, which Arabic and Kurdish text uses legitimately, are kept;
* replaces lone surrogates (which no UTF-8 output can encode) by U+FFFD, so printing never
  fails with UnicodeEncodeError.

Everything else (Arabic script, brackets, emoji, long lines) passes unchanged, and `clean` is
idempotent. Core module: no Textual, no I/O besides the stream wrapper.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

_ESCAPES = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]                                      # CSI ... final
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) .{0,4096}? (?:\x07|\x1b\\|\x9c)  # OSC/DCS/...
    | \x1b [ -/]* [0-~]                                                         # ESC ( B, ESC 7
    """,
    re.VERBOSE | re.DOTALL,
)
"""Terminal escape sequences. An unterminated or over-long OSC-like string loses only its
introducer (removed below as a control): the bound keeps a hostile file from being quadratic."""

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
)
"""One character that must not reach a terminal as it is (controls, bidi controls, surrogates)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
"""Controls to drop; a carriage return is kept only as half of a CRLF line end (CSV files)."""
_ESCAPE_START = re.compile("[\x1b\x80-\x9f]")


def is_clean(text: str) -> bool:
    """True when `clean(text) == text` (the fast path: nearly all text is clean)."""
    return _UNSAFE.search(text) is None


def clean(text: str) -> str:
    """`text` without anything that would drive a terminal (see the module docstring)."""
    if _UNSAFE.search(text) is None:
        return text
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def clean_line(text: str) -> str:
    """`clean` for one-line places (an id line, a title, a list row): newlines and tabs become
    spaces, so a value cannot push the rest of a screen line down."""
    return clean(text).replace("\n", " ").replace("\t", " ")


def has_surrogate(text: str) -> bool:
    """A lone surrogate: Python accepts it in a str, no UTF-8 file or terminal can hold it."""
    return _SURROGATE.search(text) is not None


def has_control(text: str) -> bool:
    """A control character other than newline and tab, or a bidi override (see `clean`)."""
    return _CONTROL.search(text) is not None


class CleanStream(io.TextIOBase):
    """A text stream that passes everything written through `clean` to the stream it wraps.

    `coder.cli.main` puts it over sys.stdout and sys.stderr, so every print, argparse message,
    warning and export to stdout is cleaned in one place. A sequence split across two writes
    only loses its ESC (a control), and the rest is plain text.
    """

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, s: str) -> int:
        self.inner.write(clean(s))
        return len(s)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.inner.encoding

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a `CleanStream`, for Rich consoles: they emit their own escape codes
    (colour, progress), so what they are given must be cleaned instead (`clean` on the data)."""
    inner = stream.inner if isinstance(stream, CleanStream) else stream
    return inner
