"""`keep_freed_memory` (coder compare's allocator setting) takes effect on glibc and is harmless
elsewhere. Run in a child process: the setting lasts for the process, and the test process
should keep glibc's defaults."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

CHILD = """
import numpy as np
from coder.malloc_tuning import keep_freed_memory
import resource
ok = keep_freed_memory()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
before = faults()
for _ in range(50):
    # three 4 MB blocks made and dropped together, as compare's temporaries are: with glibc's
    # defaults the freed top of the heap (12 MB) passes the trim threshold (twice the largest
    # block freed so far) and goes back to the system, to be faulted in again next time
    blocks = [np.ones(500_000) for _ in range(3)]
    del blocks
print(ok, faults() - before)
"""


def test_returns_whether_it_was_set_and_never_raises() -> None:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    ok, faults = out.stdout.split()
    glibc = platform.libc_ver()[0] == "glibc"
    assert ok == str(glibc)
    if glibc:
        # 50 x 12 MB would be ~150,000 page faults if faulted in afresh each time
        assert int(faults) < 20_000


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_without_it_the_same_loop_faults_each_array_in() -> None:
    """The check above can fail: without the setting the loop page-faults every array."""
    child = CHILD.replace("ok = keep_freed_memory()", "ok = True")
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert int(out.stdout.split()[1]) > 50_000
