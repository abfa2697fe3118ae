"""Inter-coder agreement statistics: pure numbers, no knowledge of codebooks or records.

`coder.compare.engine` turns coders' records into units x coders tables and calls these functions.
"""

from __future__ import annotations

from coder.agreement._data import ALPHA_LEVELS, AlphaLevel, SetDistance
from coder.agreement.alpha import NO_VARIATION, AlphaResult, krippendorff_alpha
from coder.agreement.bootstrap import AlphaCI, bootstrap_alpha_ci, bootstrap_alpha_cis
from coder.agreement.distance import jaccard_distance, masi_distance
from coder.agreement.pairwise import (
    Statistic,
    agreement_with_others,
    cohen_kappa,
    fleiss_kappa,
    pair_statistics,
    pairwise_matrix,
    percent_agreement,
)
from coder.agreement.prepared import Prepared, prepare, prepare_sets
from coder.agreement.thresholds import ACCEPTABLE, TENTATIVE, Verdict, classify

__all__ = [
    "ACCEPTABLE",
    "ALPHA_LEVELS",
    "NO_VARIATION",
    "TENTATIVE",
    "AlphaCI",
    "AlphaLevel",
    "AlphaResult",
    "Prepared",
    "SetDistance",
    "Statistic",
    "Verdict",
    "agreement_with_others",
    "bootstrap_alpha_ci",
    "bootstrap_alpha_cis",
    "classify",
    "cohen_kappa",
    "fleiss_kappa",
    "jaccard_distance",
    "krippendorff_alpha",
    "masi_distance",
    "pair_statistics",
    "pairwise_matrix",
    "percent_agreement",
    "prepare",
    "prepare_sets",
]
