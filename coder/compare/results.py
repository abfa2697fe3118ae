"""What `coder compare` computes: the report and its parts, free of how they are computed.

`coder.compare.engine` builds a `ComparisonReport`; `json_form`, `report` (table, Markdown, CSV)
and the review screens read it. Kept apart so that those readers and the engine's helpers
(`data`, which yields `Disagreement`s) depend on these shapes, not on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, overload

import numpy as np

from coder import __version__
from coder.agreement import Verdict
from coder.compare.alignment import MIN_SIMILARITY, AlignedArticle
from coder.compare.similarity import IncidentLike
from coder.errors import CoderError

COMPARED_STATUSES = ("done", "no_incident")


@dataclass(frozen=True)
class FieldStats:
    alpha: float | None
    alpha_note: str
    units: int
    pairable_values: int
    observed: float | None
    expected: float | None
    ci95: tuple[float, float] | None
    ci_note: str
    percent_agreement: float | None
    kappa: dict[str, float | None]
    """Cohen's kappa per coder pair "a|b" (values as nominal categories), on units both coded."""
    threshold: Verdict
    ci_articles: int | None = None
    """Articles with pairable units that the bootstrap resampled (None: no bootstrap)."""
    ci_dropped: int = 0
    """Bootstrap resamples left out because alpha was undefined in them (no variation)."""
    ci_resamples: int = 0
    """Bootstrap resamples drawn for this field."""


class RecordLike(Protocol):
    """What compare needs of a stored record (coder.store.ArticleRecord satisfies it)."""

    @property
    def article(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def values(self) -> Mapping[str, Any]: ...

    @property
    def incidents(self) -> Sequence[IncidentLike]: ...


class CompareError(CoderError):
    """Nothing can be compared (fewer than two coders, no article coded by two of them)."""


@dataclass(frozen=True)
class FieldResult:
    field: str
    label: str
    scope: str
    type: str
    level: str
    stats: FieldStats
    matching_field: bool
    derived: bool

    @property
    def alpha(self) -> float | None:
        return self.stats.alpha


@dataclass(frozen=True)
class PairDetection:
    """Incident detection agreement of two coders over the articles both finished."""

    coders: tuple[str, str]
    articles: int
    incidents: tuple[int, int]
    matched: int

    @property
    def f1(self) -> float | None:
        total = sum(self.incidents)
        return None if total == 0 else 2 * self.matched / total


@dataclass(frozen=True)
class Detection:
    pairs: tuple[PairDetection, ...]
    units: int
    units_all_coders: int
    units_one_coder: int

    @property
    def matched(self) -> int:
        return sum(p.matched for p in self.pairs)

    @property
    def f1(self) -> float | None:
        total = sum(sum(p.incidents) for p in self.pairs)
        return None if total == 0 else 2 * self.matched / total


@dataclass(frozen=True)
class PairAgreement:
    coders: tuple[str, str]
    mean_alpha: float | None
    fields: int
    """Number of fields whose pairwise alpha is defined (the mean is over these)."""
    percent_agreement: float | None


@dataclass(frozen=True, slots=True)
class Disagreement:
    article: str
    scope: str
    unit: int | None
    unit_key: str
    field: str
    values: Mapping[str, str | None]
    """Each coder's formatted value; None when the coder left it empty or did not code it."""


T = TypeVar("T")
RowFactory = Callable[[str, str, int | None, str, str, dict[str, str | None]], T]
"""Makes one disagreement row from a Disagreement's fields, in their order."""


class MakeRows(Protocol):
    """Yields every disagreement row, each made by the factory it is given."""

    def __call__(self, make: RowFactory[T]) -> Iterable[T]: ...


class Disagreements(Sequence[Disagreement]):
    """The report's disagreement list, made the first time its items are read.

    At 5 coders x 10k articles it is ~150k rows and ~1 s of CPU, and the table, CSV and
    Markdown reports only print how many there are: `len` is known when the report is made
    (`count`), the rows are made by `make` when first indexed or iterated, then kept. `rows`
    makes them in another form without keeping them (the JSON report writes each row once).
    `make` must yield exactly `count` rows, the same each time it is called."""

    __slots__ = ("_count", "_items", "_make")

    def __init__(self, count: int, make: MakeRows) -> None:
        self._count = count
        self._make: MakeRows | None = make
        self._items: list[Disagreement] | None = None

    def _made(self) -> list[Disagreement]:
        if self._items is None:
            assert self._make is not None
            from coder.gc_pause import gc_paused  # ~150k small objects, no cycles

            with gc_paused():
                self._items = list(self._make(Disagreement))
            self._make = None
        return self._items

    def rows(self, make: RowFactory[T]) -> Iterator[T]:
        """Every row in order as `make` makes it, without keeping the list if not made yet."""
        if self._make is not None:
            return iter(self._make(make))
        return (make(d.article, d.scope, d.unit, d.unit_key, d.field, dict(d.values))
                for d in self._made())  # fmt: skip

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Disagreement: ...

    @overload
    def __getitem__(self, index: slice) -> list[Disagreement]: ...

    def __getitem__(self, index: int | slice) -> Disagreement | list[Disagreement]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Disagreement]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Disagreements):
            return self._made() == other._made()
        return isinstance(other, list) and self._made() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Disagreements({self._made()!r})"


@dataclass(frozen=True)
class DriftValue:
    """A stored value compare excluded: not a choice of the current codebook."""

    coder: str
    article: str
    scope: str
    incident: int | None
    """1-based incident number in the coder's record (None: an article field)."""
    field: str
    value: Any


@dataclass(frozen=True)
class DateAgreement:
    """A date field's agreement within 0, 1 and 7 days (coder.compare.dates)."""

    field: str
    scope: str
    units: int
    pairable_values: int
    alpha: Mapping[int, float | None]
    """Per tolerance in days, alpha with delta = 0 within the tolerance, else 1."""
    percent: Mapping[int, float | None]
    """Per tolerance in days, pairwise percent agreement with the same rule."""
    mixed_precision_units: int
    """Units whose values have different precisions (agree at k = 0 only at the coarser one)."""


@dataclass
class ComparisonReport:
    coders: tuple[str, ...]
    articles: tuple[str, ...]
    fields: list[FieldResult]
    aligned: list[AlignedArticle]
    detection: Detection
    pairs: list[PairAgreement]
    disagreements: Disagreements
    excluded: list[str]
    """Fields left out of agreement (level none), for the record."""
    bootstrap: int
    seed: int
    min_similarity: float = MIN_SIMILARITY
    version: str = __version__
    match_fields: tuple[str, ...] = ()
    skipped: dict[str, int] = field(default_factory=dict)
    """Per coder, how many records were drafts or not shared with another coder."""
    drift: list[str] = field(default_factory=list)
    """Codebook drift warnings (coder.compare.drift): old versions, excluded values."""
    drift_values: list[DriftValue] = field(default_factory=list)
    dates: list[DateAgreement] = field(default_factory=list)
    """Date fields' agreement within 0, 1 and 7 days, next to their alpha in `fields`."""

    def coder_agreement(self) -> dict[str, float | None]:
        """Each coder's mean pairwise mean-alpha with the others (None if none defined)."""
        out: dict[str, float | None] = {}
        for c in self.coders:
            vals = [p.mean_alpha for p in self.pairs if c in p.coders and p.mean_alpha is not None]
            out[c] = float(np.mean(vals)) if vals else None
        return out
