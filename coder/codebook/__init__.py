"""The codebook: what a project codes, loaded strictly from YAML, and how values are checked.

`load_codebook` reads `codebook.yaml` (every problem reported at once with file and line);
`model` holds the frozen dataclasses every other part of coder reads; `values` parses, checks and
formats single values against a `Field`.
"""

from coder.codebook.loader import CodebookError, Problem, load_codebook, parse_codebook
from coder.codebook.model import (
    FIELD_TYPES,
    LEVELS,
    Choice,
    ChoiceValue,
    Codebook,
    Condition,
    Field,
    FieldType,
    Level,
    Scope,
)

__all__ = [
    "FIELD_TYPES",
    "LEVELS",
    "Choice",
    "ChoiceValue",
    "Codebook",
    "CodebookError",
    "Condition",
    "Field",
    "FieldType",
    "Level",
    "Problem",
    "Scope",
    "load_codebook",
    "parse_codebook",
]
