"""A coder's database: one crash-safe TinyDB file per coder, written by one process at a time.

`storage` is the file layer (atomic durable writes, the writer lock, damage reports);
`coder_store` the records on top of it (`CoderStore`, `ArticleRecord`, `Incident`), validated
against the codebook on every save.
"""

from coder.store.coder_store import (
    FORMAT,
    STATUSES,
    ArticleRecord,
    CoderStore,
    Incident,
    RecordInvalid,
    Status,
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
    "CoderStore",
    "DamagedError",
    "Incident",
    "LockedError",
    "RecordInvalid",
    "SafeJSONStorage",
    "Status",
    "StoreError",
    "check_coder_name",
    "coder_path",
    "list_coders",
    "validate_record",
]
