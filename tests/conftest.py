"""Shared fixtures: every test runs against a private data directory, in a known zone, on a known clock.

No test may ever read or write a person's real painpal data: an autouse
fixture points ``PAINPAL_DATA_DIR`` at a fresh temporary directory (and the
user cache, where ``painpal demo`` keeps its own folder, at another), pins
``TZ=Europe/London`` and removes ``PAINPAL_NOW`` and ``NO_COLOR`` (tests that want a fixed
start set it themselves). :func:`run_cli` runs the real command line in a
child process, the way a person or a script would.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

NOW = "2026-11-30T09:59:30"
"""The instant CLI tests start the clock at (a Monday, the last day of a month)."""
CLI_TIMEOUT_S = 60
DEVICE = "this-device"
"""The device every test is, unless it says otherwise: its files are in ``devices/this-device/``."""


os.environ["PAINPAL_DEVICE"] = DEVICE  # also for fixtures set up before the autouse one (module and session scope)


def device_dir(data_dir: Path, device: str = DEVICE) -> Path:
    """Where a device keeps its files in a data folder: its live file, its archive and its lock."""
    return data_dir / "devices" / device


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point painpal at a throw-away data dir, pin the zone, and clear any pinned clock."""
    data_dir = tmp_path_factory.mktemp("painpal-data") / "data"
    monkeypatch.setenv("PAINPAL_DATA_DIR", str(data_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(data_dir.parent / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(data_dir.parent / "state"))
    monkeypatch.setenv("PAINPAL_DEVICE", DEVICE)
    monkeypatch.setenv("TZ", "Europe/London")
    monkeypatch.delenv("PAINPAL_NOW", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)  # snapshots show colour unless a test asks for none
    if hasattr(time, "tzset"):
        time.tzset()
    return data_dir


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory of this test's own (not created yet: painpal creates it)."""
    return tmp_path / "data"


def cli_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a CLI child runs in: ours (already isolated) plus ``env``; ``None`` values unset."""
    out = dict(os.environ)
    out.setdefault("PYTHONIOENCODING", "utf-8")
    for key, value in (env or {}).items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def run_cli(
    *args: str,
    input: str | bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = CLI_TIMEOUT_S,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m painpal ARGS`` in a child process and capture its text output.

    ``input`` feeds standard input (bytes are passed through undecoded, so a
    NUL can be sent); ``env`` adds to (or, with ``None`` values, removes from)
    the isolated environment.
    """
    cmd = [sys.executable, "-m", "painpal", *args]
    if isinstance(input, bytes):
        proc = subprocess.run(
            cmd, input=input, capture_output=True, env=cli_env(env), timeout=timeout, preexec_fn=preexec_fn
        )
        return subprocess.CompletedProcess(
            proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        )
    return subprocess.run(
        cmd,
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(env),
        timeout=timeout,
        preexec_fn=preexec_fn,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


def run_python(
    code: str, *argv: str, env: Mapping[str, str] | None = None, timeout: float = CLI_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c CODE ARGV`` in the isolated environment and capture its text output."""
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(env),
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes, to prove it was left byte-for-byte unchanged."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(directory: Path) -> dict[str, str]:
    """Digest of every regular file under ``directory`` (relative path -> sha256)."""
    return {
        str(p.relative_to(directory)): digest(p)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_one_line_error(proc: subprocess.CompletedProcess[str], status: int | None = None) -> str:
    """The CLI failed the way the contract says: non-zero (or ``status``), one stderr line, no traceback."""
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    if status is not None:
        assert proc.returncode == status, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("painpal: "), lines[0]
    return lines[0]


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """:func:`run_cli` as a fixture, with the clock pinned to :data:`NOW` unless ``env`` says otherwise."""

    def run(*args: str, env: Mapping[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
        merged = {"PAINPAL_NOW": NOW, **(env or {})}
        return run_cli(*args, env=merged, **kwargs)  # type: ignore[arg-type]

    return run
