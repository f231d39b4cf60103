"""Files painpal writes outside its data directory: atomic, private (0600), never through a link."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from painpal.storage import files
from painpal.storage.files import OutputPathError, StoreError, private_folder, write_private_file

from .conftest import assert_one_line_error

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, which would leave a plainly created file readable by everyone (0644)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def test_writes_the_text_privately_under_umask_022(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "report.md"
    assert write_private_file(target, "# r\nü\n") == target
    assert target.read_text(encoding="utf-8") == "# r\nü\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_private_file(Path("~/r.md"), "x") == tmp_path / "r.md"
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "x"


def test_an_existing_file_is_replaced_whole_and_made_private(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    before = target.stat().st_ino
    write_private_file(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert mode(target) == 0o600
    assert target.stat().st_ino != before, "a new file renamed over the old one, not the old one rewritten"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(StoreError) as caught:
        write_private_file(target, "new")
    assert not isinstance(caught.value, OutputPathError), "an OS failure is not bad input"
    assert str(caught.value) == f"Could not write {target}: the disk is full."
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("dangling", [False, True])
def test_a_symlink_at_the_target_is_refused_and_its_target_untouched(tmp_path: Path, dangling: bool) -> None:
    real = tmp_path / "elsewhere.txt"
    if not dangling:
        real.write_text("keep me", encoding="utf-8")
        real.chmod(0o644)
    link = tmp_path / "report.md"
    link.symlink_to(real)
    with pytest.raises(OutputPathError, match="symbolic link"):
        write_private_file(link, "report")
    assert link.is_symlink()
    if dangling:
        assert not real.exists(), "nothing was created through the link"
    else:
        assert real.read_text(encoding="utf-8") == "keep me" and mode(real) == 0o644
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_refused_in_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / "nope" / "r.md"
    with pytest.raises(OutputPathError) as caught:
        write_private_file(target, "x")
    assert str(caught.value) == f"Cannot write {target}: the folder {target.parent} does not exist."
    assert not target.parent.exists(), "painpal does not guess folders into existence"


@pytest.mark.parametrize("where", ["parent is a file", "target is a folder"])
def test_a_place_that_cannot_hold_the_file_is_refused(tmp_path: Path, where: str) -> None:
    if where == "parent is a file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        target = tmp_path / "file" / "r.md"
    else:
        target = tmp_path / "folder"
        target.mkdir()
    with pytest.raises(OutputPathError) as caught:
        write_private_file(target, "x")
    message = str(caught.value)
    assert message.startswith(f"Cannot write {target}: ") and message.endswith(".") and "\n" not in message


def test_private_folder_is_0700_whatever_the_umask(tmp_path: Path, umask_022: None) -> None:
    folder = private_folder(tmp_path / "data" / "reports")
    assert folder.is_dir() and mode(folder) == 0o700
    folder.chmod(0o755)
    assert mode(private_folder(folder)) == 0o700, "an existing folder is made private again"


# ------------------------------------------------------------------ through the command line (report and export -o)


def umask022() -> None:
    os.umask(0o022)


@pytest.mark.parametrize("command", [("report", "--format", "html"), ("export",)])
def test_cli_output_replaces_a_file_privately_under_umask_022(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    target = tmp_path / "out"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    proc = cli(*command, "-o", str(target), preexec_fn=umask022)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"Wrote {target}.\n" and proc.stdout == ""
    assert mode(target) == 0o600
    assert target.read_text(encoding="utf-8") != "old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["report", "export"])
def test_cli_refuses_a_symlink_at_the_output_in_one_line(cli: Cli, tmp_path: Path, command: str) -> None:
    real = tmp_path / "elsewhere.txt"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(real)
    line = assert_one_line_error(cli(command, "-o", str(link)), 2)
    assert "symbolic link" in line
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", ["report", "export"])
def test_cli_refuses_a_missing_folder_in_one_line(cli: Cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "no" / "such.md"
    line = assert_one_line_error(cli(command, "-o", str(target)), 2)
    assert line == f"painpal: Cannot write {target}: the folder {target.parent} does not exist."


def test_cli_refuses_a_folder_as_the_output(cli: Cli, tmp_path: Path) -> None:
    assert_one_line_error(cli("report", "-o", str(tmp_path)), 2)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no file can be created")
def test_cli_reports_a_failure_to_write_as_a_data_problem(cli: Cli) -> None:
    """The folder exists but the OS refuses the file: exit 1, not bad input."""
    line = assert_one_line_error(cli("report", "-o", "/proc/painpal-report.md"), 1)
    assert line.startswith("painpal: Could not write /proc/painpal-report.md: ")
