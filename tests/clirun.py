"""`python -m site_builder ...` run in this process: the command line's `main` with its own
working folder, standard input, output and error, and environment, all put back afterwards. It
answers like `subprocess.run(..., capture_output=True, text=True)` (a CompletedProcess), so a test
reads the same; a crash fails the test with its traceback instead of exiting 1. The real entry
point in a child process is kept for a few smoke tests (test_cli.py)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from site_builder import cli as _cli


@contextlib.contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    try:
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def cli_in_process(
    *args: str,
    cwd: Path | str,
    input: str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`args` as the command line's arguments, run in `cwd` with `input` (none: empty) as
    standard input and `env` over the environment (None unsets a name)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(cwd),
        _environment(env or {}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        saved_stdin = sys.stdin
        sys.stdin = io.StringIO(input or "")
        try:
            code = _cli.main(list(args))
        except SystemExit as exc:  # argparse: misuse (2), --help (0)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdin = saved_stdin
    return subprocess.CompletedProcess(
        ["python", "-m", "site_builder", *args], code, out.getvalue(), err.getvalue()
    )
