"""Alignment's rule 2: each next coder's incidents assigned to the units built so far.

Coder by coder, a maximum-weight assignment (scipy's linear_sum_assignment, coder.compare.lsap)
of the coder's incidents to the units on their mean similarity to each unit's members; a pairing
below the minimum similarity is refused and the incident opens a unit of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coder.compare.lsap import linear_sum_assignment


def greedy_units(counts: Sequence[int], sim: np.ndarray, min_similarity: float) -> list[list[int]]:
    """Rule 2: coder by coder (counts[c] incidents each, in that order in `sim`), max-weight
    assignment of incidents to the units built so far."""
    units: list[list[int]] = []
    start = 0
    sims: list[list[float]] | None = None
    for count in counts:
        rows = list(range(start, start + count))
        start += count
        if not rows:
            continue
        new: list[int] = rows
        if units:
            if sims is None:
                # A NaN (an overflowing number similarity) spreads through the product's
                # zeros to every unit: such an article keeps the product throughout.
                sims = sim.tolist() if np.isfinite(sim).all() else []
            weight = None if sims else unit_weights(sim, rows, units)
            weights = plain_unit_weights(sims, rows, units) if weight is None else weight.tolist()
            if len(weights) == 1 and len(weights[0]) == 1:
                r_idx, c_idx = [0], [0]  # what linear_sum_assignment answers for one pair
            else:
                matrix = np.asarray(weights) if weight is None else weight
                found_r, found_c = linear_sum_assignment(matrix, maximize=True)
                r_idx, c_idx = found_r.tolist(), found_c.tolist()
            placed: set[int] = set()
            for r, c in zip(r_idx, c_idx, strict=True):
                if weights[r][c] >= min_similarity:
                    units[c].append(rows[r])
                    placed.add(rows[r])
            new = [r for r in rows if r not in placed]
        units.extend([r] for r in new)
    return units


def unit_weights(sim: np.ndarray, rows: Sequence[int], units: Sequence[list[int]]) -> np.ndarray:
    """Mean similarity of each incident in `rows` to each unit (rows x units), as a product
    with a matrix of 1/len(unit) weights (the rule's definition of the mean)."""
    member = np.zeros((len(units), sim.shape[0]))
    member[[k for k, u in enumerate(units) for _ in u], [i for u in units for i in u]] = [
        1.0 / len(u) for u in units for _ in u
    ]
    return sim[rows] @ member.T


def plain_unit_weights(
    sims: list[list[float]], rows: Sequence[int], units: Sequence[list[int]]
) -> list[list[float]]:
    """`unit_weights` in plain floats, without four numpy calls per coder of every article.

    For a unit of one or two members these are exactly the product's values, whatever order
    the product adds its terms in: a unit of one is s * 1.0 plus zeros (s itself; similarities
    are finite and not negative), a unit of two s_a * 0.5 + s_b * 0.5 plus zeros, two exact
    halves and one rounded addition (the caller keeps a matrix holding a NaN, which the
    product's zeros would carry, to the product). A larger unit (the fourth and fifth coder of
    an article) adds its members' s * (1/n) in member order: the mean the rule defines, to the
    last bit the same on every machine, which the product is not (BLAS adds in the order its
    kernel for the CPU chooses)."""
    return [
        [
            row[u[0]]
            if len(u) == 1
            else row[u[0]] * 0.5 + row[u[1]] * 0.5
            if len(u) == 2
            else _mean_of(row, u)
            for u in units
        ]
        for row in (sims[r] for r in rows)
    ]


def _mean_of(row: list[float], members: list[int]) -> float:
    w = 1.0 / len(members)
    total = 0.0
    for i in members:
        total += row[i] * w
    return total
