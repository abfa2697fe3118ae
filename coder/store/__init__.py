"""A coder's database: one crash-safe TinyDB file per coder, written by one process at a time.

`storage` is the file layer (atomic durable writes, the writer lock, damage reports);
`records` the record model and its validation (`ArticleRecord`, `Incident`, `validate_record`,
`check_batch`); `coder_store` the database on top of both (`CoderStore`), which validates every
record once on its way to disk.
"""

from coder.store.as_coded import prune_as_coded
from coder.store.coder_store import (
    FORMAT,
    STATUSES,
    ArticleRecord,
    CheckedBatch,
    CoderStore,
    Incident,
    RecordInvalid,
    Status,
    check_batch,
    check_coder_name,
    coder_path,
    list_coders,
    validate_record,
)
from coder.store.storage import DamagedError, LockedError, SafeJSONStorage, StoreError

__all__ = [
    "FORMAT",
    "STATUSES",
    "ArticleRecord",
    "CheckedBatch",
    "CoderStore",
    "DamagedError",
    "Incident",
    "LockedError",
    "RecordInvalid",
    "SafeJSONStorage",
    "Status",
    "StoreError",
    "check_batch",
    "check_coder_name",
    "coder_path",
    "list_coders",
    "prune_as_coded",
    "validate_record",
]
