"""Ask the C allocator to keep freed memory for a batch command's next allocation.

`coder compare` makes and drops the same large numpy temporaries again and again (alignment
batches, bootstrap blocks). With glibc's defaults every block above a threshold that starts at
128 KB is a fresh `mmap` given back on free, and the top of the heap is trimmed back to the
system past 128 KB, so each new temporary is page-faulted in again: at 5 coders x 30k articles
1.0M page faults, 2.7-2.9 s of system time in a 25-27 s run. With blocks up to 32 MB served from
the heap and the heap never trimmed, the same run takes 23-24 s (user and system time both
fall), the peak RSS the same 1.2 GB (measured with /usr/bin/time; benchmarks/bench_commands.py).

Only for a command that runs once and exits: a long session (the coding screen) keeps glibc's
defaults, which give memory back. Elsewhere than glibc (macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""mallopt's parameter numbers (glibc malloc.h)."""

MMAP_THRESHOLD = 32 * 1024 * 1024
"""The largest threshold glibc accepts (HEAP_MAX_SIZE / 2 on 64-bit); larger blocks are still
mapped and unmapped: the bootstrap's b x articles matrices (240 MB at 30k articles)."""

TRIM_THRESHOLD = 2**31 - 1
"""mallopt takes an int: never trim the heap's top for the rest of the command."""


def keep_freed_memory() -> bool:
    """Set glibc malloc to reuse freed blocks (see the module docstring); True if it was set.

    Setting M_MMAP_THRESHOLD also stops glibc's dynamic threshold, which would otherwise rise
    only to the size of the largest block freed so far."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
