"""One-line pictures of reliability: the alpha CI bar and horizontal bar charts.

A lead reads "0.71 [0.52, 0.86]" slowly; a bar on a fixed 0..1 scale with the .667 and .800
thresholds marked shows at a glance whether a variable is usable and how unsure the estimate is.
These are plain functions returning rich Text, so DataTable cells and Statics can use them and
tests can check them without an app.
"""

from __future__ import annotations

from rich.text import Text

from coder.agreement import ACCEPTABLE, TENTATIVE, classify

COLOURS = {
    "acceptable": "green",
    "tentative": "yellow",
    "unacceptable": "red",
    "undefined": "bright_black",
}


def verdict_colour(alpha: float | None) -> str:
    """>= .800 green, .667-.800 yellow, < .667 red (judged as classify() does), grey if none."""
    return COLOURS[classify(alpha)]


def alpha_text(alpha: float | None) -> Text:
    if alpha is None:
        return Text("  —  ", style=COLOURS["undefined"])
    return Text(f"{alpha:6.3f}", style=f"bold {verdict_colour(alpha)}")


def _col(x: float, width: int) -> int:
    """Column of value x (clipped to 0..1) on a bar `width` cells wide."""
    return min(width - 1, max(0, round(max(0.0, min(1.0, x)) * (width - 1))))


def ci_bar(alpha: float | None, ci: tuple[float, float] | None, width: int = 25) -> Text:
    """The CI range as a line (─), the estimate as ●, thresholds .667 and .800 as ┆ on a 0..1
    scale. Alpha below 0 is drawn at 0 (the range is still clipped honestly: ◂ marks it)."""
    cells = [" "] * width
    styles = ["bright_black"] * width
    for t in (TENTATIVE, ACCEPTABLE):
        cells[_col(t, width)] = "┆"
    if alpha is None:
        return _join(cells, styles)
    colour = verdict_colour(alpha)
    if ci is not None:
        lo, hi = _col(ci[0], width), _col(ci[1], width)
        for c in range(lo, hi + 1):
            cells[c] = "─"
            styles[c] = colour
        for t in (TENTATIVE, ACCEPTABLE):  # keep the thresholds visible inside the range
            if lo < _col(t, width) < hi:
                cells[_col(t, width)] = "┼"
        cells[lo], cells[hi] = "├", "┤"
        if ci[0] < 0:
            cells[0] = "◂"
    pos = _col(alpha, width)
    cells[pos] = "◂" if alpha < 0 else "●"
    styles[pos] = f"bold {colour}"
    return _join(cells, styles)


def scale_line(width: int = 25) -> Text:
    """Axis labels for ci_bar columns: 0 at the left, the thresholds, 1 at the right."""
    cells = [" "] * width
    for label, x in (("0", 0.0), (".67", TENTATIVE), ("1", 1.0)):
        start = min(_col(x, width), width - len(label))
        cells[start : start + len(label)] = list(label)
    return Text("".join(cells), style="bright_black")


def bar(value: float | None, width: int = 20, colour: str | None = None) -> Text:
    """A horizontal bar for a 0..1 figure (negative alphas draw as empty)."""
    if value is None:
        return Text("·" * width, style="bright_black")
    full = max(0.0, min(1.0, value)) * width
    whole = int(full)
    parts = "▏▎▍▌▋▊▉"
    rest = int((full - whole) * 8)
    text = "█" * whole + (parts[rest - 1] if rest and whole < width else "")
    return Text(text.ljust(width), style=colour or verdict_colour(value))


def _join(cells: list[str], styles: list[str]) -> Text:
    out = Text()
    for ch, st in zip(cells, styles, strict=True):
        out.append(ch, style=st)
    return out
