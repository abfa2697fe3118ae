"""`coder` asks numpy's BLAS for one thread (compare's many small products; coder.cli)."""

from __future__ import annotations

import os
import subprocess
import sys

from coder.cli import BLAS_THREAD_VARIABLES, one_blas_thread


def test_one_thread_unless_the_user_chose() -> None:
    environ = {"OMP_NUM_THREADS": "4"}
    one_blas_thread(environ)
    assert environ == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "1"}


def test_the_command_sets_it_before_numpy_is_imported() -> None:
    """In a fresh process, as the `coder` script runs: numpy is not imported before `main`,
    so the setting is in place when compare first imports it."""
    code = (
        "import os, sys\n"
        "from coder.cli import main\n"
        "assert 'numpy' not in sys.modules\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        f"print(','.join(os.environ.get(n, '-') for n in {BLAS_THREAD_VARIABLES!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert out.stdout.strip().splitlines()[-1] == "1,1,1", out.stderr
