"""Damaged data files, hostile imports and odd folders, through real processes: one sentence, the right status.

Each case builds its data folder the way a person's is built (real ``painpal
log`` runs), then damages it by hand. Every run is held to the command-line
contract (DESIGN.md, "The command line"):

(a) no traceback on stdout or stderr;
(b) the documented exit status: 1 for a problem with the data files, 2 for bad input;
(c) on failure, stderr is one line, a sentence starting ``painpal: ``;
(d) where painpal refused, every file in the data folder is byte-for-byte (and
    mode-for-mode) as it was, and no file appeared but the lock file;
(e) nothing is written outside the data folder: the home folder, the XDG
    folders, the working folder and the folder an import file comes from are
    watched on every run.

The child runs the package of this checkout (``PYTHONPATH`` is the folder
above this file) from an empty working folder, so no other copy of painpal
can shadow it.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from .conftest import DEVICE, NOW
from .test_reliability import _mount_tiny_tmpfs

REPO = Path(__file__).resolve().parent.parent
"""The checkout these tests belong to: the child processes import painpal from here."""
DEVICE_FOLDERS = ("devices", f"devices/{DEVICE}")
"""This device's own folder: created with its lock file, so it is all a refused command may leave."""
LIVE = f"devices/{DEVICE}/painpal.json"
LOCK = f"devices/{DEVICE}/painpal.lock"
ARCHIVE = f"devices/{DEVICE}/archive"
OCTOBER = f"{ARCHIVE}/2026-10.json"
"""The archive the lived-in folder has: one check-in logged with ``--at`` in October 2026."""
TIMEOUT_S = 60

Proc = subprocess.CompletedProcess[str]
Tree = dict[str, tuple[Any, ...]]


# ------------------------------------------------------------------ what a folder holds


def tree(folder: Path) -> Tree:
    """Every entry under ``folder``: folders and their modes, files with mode and sha256, links with their target."""
    out: Tree = {}
    if not os.path.lexists(folder):
        return out
    if folder.is_symlink():
        return {".": ("link", os.readlink(folder))}
    out["."] = ("dir", stat.S_IMODE(folder.stat().st_mode))
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                out[rel] = ("file", stat.S_IMODE(st.st_mode), hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                out[rel] = ("special", stat.S_IFMT(st.st_mode))
    return out


def changes(before: Tree, after: Tree) -> list[str]:
    """What differs between two trees, as short phrases (empty when nothing did)."""
    out = []
    for rel in sorted(set(before) | set(after)):
        if rel not in after:
            out.append(f"{rel} removed")
        elif rel not in before:
            out.append(f"{rel} created")
        elif before[rel] != after[rel]:
            out.append(f"{rel} changed {before[rel][:2]} -> {after[rel][:2]}")
    return out


def assert_untouched(before: Tree, folder: Path) -> None:
    """(d): every file as it was; only the lock file (and this device's folder for it) may have appeared."""
    after = tree(folder)
    for made in (LOCK, *DEVICE_FOLDERS):
        if made not in before:
            after.pop(made, None)
    assert not changes(before, after), f"painpal refused but changed {folder}: {changes(before, after)}"


# ------------------------------------------------------------------ the sandbox


def _umask(mask: int) -> Callable[[], None]:
    def set_umask() -> None:
        os.umask(mask)

    return set_umask


class Sandbox:
    """A data folder, a home, a working folder and a folder for files a person hands painpal, all private to a test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.home = root / "home"
        self.work = root / "work"
        self.outside = root / "outside"
        for folder in (self.home, self.work, self.outside):
            folder.mkdir()

    @property
    def live(self) -> Path:
        return self.data / LIVE

    def environ(self, extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
            PYTHONIOENCODING="utf-8",
            TZ="Europe/London",
            PAINPAL_NOW=NOW,
            PAINPAL_DATA_DIR=str(self.data),
            HOME=str(self.home),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            PAINPAL_DEVICE=DEVICE,  # a device id made on first run lives outside the data folder, in home
        )
        for key, value in (extra or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(
        self,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        data_dir: Path | None = None,
        pass_data_dir: bool = True,
        cwd: Path | None = None,
        umask: int | None = None,
        may_write: Sequence[Path] = (),
    ) -> Proc:
        """``python -m painpal --data-dir DATA ARGS``, checked against (a), (c) and (e) before it is returned."""
        folder = self.data if data_dir is None else data_dir
        cmd = [sys.executable, "-m", "painpal"]
        if pass_data_dir:
            cmd += ["--data-dir", str(folder)]
        cmd += list(args)
        watched = [self.home, self.work, self.outside]
        before = {place: tree(place) for place in watched}
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=self.environ(env),
            cwd=cwd or self.work,
            stdin=subprocess.DEVNULL,
            timeout=TIMEOUT_S,
            preexec_fn=None if umask is None else _umask(umask),
        )
        shown = " ".join(args)[:120]
        assert "Traceback" not in proc.stdout + proc.stderr, f"painpal {shown}: traceback\n{proc.stderr[-1500:]}"
        assert proc.returncode in (0, 1, 2), f"painpal {shown}: exit {proc.returncode}\n{proc.stderr[-1500:]}"
        if proc.returncode != 0:
            lines = proc.stderr.splitlines()
            assert len(lines) == 1, f"painpal {shown}: stderr is not one line:\n{proc.stderr[-1500:]}"
            assert lines[0].startswith("painpal: ") and len(lines[0]) > 12, lines[0]
        allowed = {Path(p).resolve() for p in may_write}
        for place in watched:
            after = tree(place)
            diff = [c for c in changes(before[place], after) if (place / c.split(" ")[0]).resolve() not in allowed]
            assert not diff, f"painpal {shown} wrote outside its data folder, in {place.name}: {diff}"
        return proc

    def refused(self, status: int, *args: str, **kwargs: Any) -> str:
        """Run, and check painpal refused with ``status``, printed no data, and left the data folder as it was."""
        before = tree(self.data if kwargs.get("data_dir") is None else kwargs["data_dir"])
        proc = self.run(*args, **kwargs)
        assert proc.returncode == status, (
            f"painpal {' '.join(args)[:120]}: expected exit {status}, got {proc.returncode}; "
            f"stdout {proc.stdout[:200]!r} stderr {proc.stderr[-400:]!r}"
        )
        assert proc.stdout == "", f"painpal {' '.join(args)[:120]} refused but printed {proc.stdout[:200]!r}"
        assert_untouched(before, self.data if kwargs.get("data_dir") is None else kwargs["data_dir"])
        return proc.stderr.strip()

    def ok(self, *args: str, **kwargs: Any) -> Proc:
        proc = self.run(*args, **kwargs)
        assert proc.returncode == 0, f"painpal {' '.join(args)[:120]}: exit {proc.returncode}: {proc.stderr[-600:]}"
        return proc

    def seed(self, template: Path) -> None:
        """Copy the lived-in folder (built once by real ``painpal log`` runs) into this sandbox's data folder."""
        shutil.copytree(template, self.data, symlinks=True)

    def export(self, data_dir: Path | None = None) -> dict[str, list[dict[str, Any]]]:
        return json.loads(self.ok("export", data_dir=data_dir).stdout)["records"]  # type: ignore[no-any-return]


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path)


@pytest.fixture(scope="module")
def lived_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder made by real runs: a check-in and a relief this morning, a check-in in October (an archive)."""
    box = Sandbox(tmp_path_factory.mktemp("lived-in"))
    box.ok("log", "5", "--location", "lower back", "--note", "stiff after the train")
    box.ok("relief", "heat", "--minutes", "10")
    box.ok("log", "3", "--at", "2026-10-15 09:00")
    assert (box.data / LIVE).is_file() and (box.data / OCTOBER).is_file()
    return box.data


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a data file's JSON by hand, keeping its mode."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def first(data: dict[str, Any], table: str) -> dict[str, Any]:
    """The first stored document of ``table``."""
    return next(iter(data[table].values()))


def checkin(**fields: Any) -> dict[str, Any]:
    """A valid check-in as an export holds it, with a fresh id."""
    return {"id": uuid.uuid4().hex, "at": "2026-11-30T08:00:00+00:00", "intensity": 4, **fields}


def export_file(path: Path, records: Mapping[str, Iterable[Any]], **envelope: Any) -> Path:
    """Write a painpal export (the format ``painpal export`` writes) holding ``records``."""
    payload = {
        "format": "painpal-export",
        "painpal": "0.1.0",
        "schema": 1,
        "exported": "2026-11-30T09:00:00+00:00",
        "records": {table: list(docs) for table, docs in records.items()},
        **envelope,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def commands(box: Sandbox) -> dict[str, list[str]]:
    """Every command that opens the data folder, by name; ``import`` brings one new, valid check-in."""
    new = export_file(box.outside / "new.json", {"checkins": [checkin()]})
    return {
        "log": ["log", "5"],
        "import": ["import", str(new)],
        "relief": ["relief", "heat"],
        "report": ["report"],
        "export": ["export"],
        "status": ["status"],
        "review": ["review"],
        "suggest": ["suggest"],
    }


ALL_COMMANDS = ["log", "import", "relief", "report", "export", "status", "review", "suggest"]
WRITERS = ["log", "import", "relief"]


# --------------------------------------------------- a stored record without a usable time or id


def _at_garbage(doc: dict[str, Any]) -> None:
    doc["at"] = "garbage"


def _at_missing(doc: dict[str, Any]) -> None:
    del doc["at"]


def _at_integer(doc: dict[str, Any]) -> None:
    doc["at"] = 1796032800


def _id_missing(doc: dict[str, Any]) -> None:
    del doc["id"]


DAMAGE: dict[str, Callable[[dict[str, Any]], None]] = {
    "at-garbage": _at_garbage,
    "at-missing": _at_missing,
    "at-integer": _at_integer,
    "id-missing": _id_missing,
}


@pytest.mark.parametrize("command", ALL_COMMANDS)
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_stored_check_in_without_a_usable_time_or_id_stops_every_command(
    sandbox: Sandbox, lived_in: Path, damage: str, command: str
) -> None:
    """The live file holds a check-in whose ``at`` is garbage, missing or a number, or that has no ``id``."""
    sandbox.seed(lived_in)
    edit(sandbox.live, lambda data: DAMAGE[damage](first(data, "checkins")))
    line = sandbox.refused(1, *commands(sandbox)[command])
    assert LIVE in line, f"the sentence should name the file: {line}"


# ------------------------------------------------------------ a stored record that fails validation


def _intensity_99(data: dict[str, Any]) -> None:
    first(data, "checkins")["intensity"] = 99


@pytest.mark.parametrize("command", WRITERS)
def test_writers_refuse_a_live_file_holding_an_invalid_check_in(sandbox: Sandbox, lived_in: Path, command: str) -> None:
    sandbox.seed(lived_in)
    edit(sandbox.live, _intensity_99)
    line = sandbox.refused(1, *commands(sandbox)[command])
    assert LIVE in line or "99" in line, line


@pytest.mark.parametrize("command", WRITERS)
def test_writers_into_an_archive_holding_an_invalid_check_in_refuse(
    sandbox: Sandbox, lived_in: Path, command: str
) -> None:
    """A write that lands in October's archive (``--at`` in October, or an October record imported) refuses.

    Writers that only touch the live file never open that archive, so they are
    not held to this: reading every archive on every check-in is what the
    live/archive split exists to avoid.
    """
    sandbox.seed(lived_in)
    edit(sandbox.data / OCTOBER, _intensity_99)
    october = export_file(sandbox.outside / "october.json", {"checkins": [checkin(at="2026-10-16T09:00:00+01:00")]})
    args = {
        "log": ["log", "4", "--at", "2026-10-16 09:00"],
        "relief": ["relief", "heat", "--at", "2026-10-16 09:00"],
        "import": ["import", str(october)],
    }[command]
    line = sandbox.refused(1, *args)
    assert "2026-10.json" in line or "99" in line, line


@pytest.mark.parametrize("where", ["live", "archive"])
def test_export_of_an_invalid_stored_record_refuses_or_is_reimportable(
    sandbox: Sandbox, lived_in: Path, where: str
) -> None:
    """An export is a backup: painpal either refuses to write it (exit 1, no file) or writes one that imports."""
    sandbox.seed(lived_in)
    edit(sandbox.live if where == "live" else sandbox.data / OCTOBER, _intensity_99)
    target = sandbox.outside / "backup.json"
    before = tree(sandbox.data)
    proc = sandbox.run("export", "-o", str(target), may_write=[target])
    if proc.returncode != 0:
        assert proc.returncode == 1, proc.stderr
        assert not target.exists(), "a refused export left a file at the -o target"
        assert_untouched(before, sandbox.data)
        return
    fresh = sandbox.root / "fresh"
    imported = sandbox.run("import", str(target), data_dir=fresh)
    assert imported.returncode == 0, f"painpal exported a backup it cannot import: {imported.stderr.strip()}"


# ------------------------------------------------------------------------- a time without its offset


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_a_stored_time_without_its_utc_offset_stops_every_command(
    sandbox: Sandbox, lived_in: Path, command: str
) -> None:
    """``2026-11-20T10:00:00`` (last week, no offset): nothing moved to an archive, nothing rewritten, exit 1."""
    sandbox.seed(lived_in)

    def naive(data: dict[str, Any]) -> None:
        first(data, "checkins")["at"] = "2026-11-20T10:00:00"

    edit(sandbox.live, naive)
    sandbox.refused(1, *commands(sandbox)[command])
    assert not (sandbox.data / ARCHIVE / "2026-11.json").exists()


# -------------------------------------------------------------------------------- deep nesting

DEEP = "[" * 100_000


@pytest.mark.parametrize("command", ["log", "import", "status", "report", "export"])
def test_a_deeply_nested_live_file_is_a_data_problem(sandbox: Sandbox, lived_in: Path, command: str) -> None:
    sandbox.seed(lived_in)
    sandbox.live.write_text(DEEP)
    line = sandbox.refused(1, *commands(sandbox)[command])
    assert LIVE in line, line


@pytest.mark.parametrize(
    "args",
    [["status"], ["report", "--days", "90"], ["export"], ["log", "4", "--at", "2026-10-16 09:00"]],
    ids=["status", "report", "export", "log-into-october"],
)
def test_a_deeply_nested_archive_is_a_data_problem(sandbox: Sandbox, lived_in: Path, args: list[str]) -> None:
    sandbox.seed(lived_in)
    (sandbox.data / OCTOBER).write_text(DEEP)
    line = sandbox.refused(1, *args)
    assert "2026-10.json" in line, line


@pytest.mark.parametrize(
    "payload",
    [DEEP, '{"format": "painpal-export", "schema": 1, "records": {"checkins": [' + DEEP + "]}}"],
    ids=["whole-file", "inside-a-record"],
)
def test_a_deeply_nested_import_file_is_bad_input(sandbox: Sandbox, lived_in: Path, payload: str) -> None:
    sandbox.seed(lived_in)
    bad = sandbox.outside / "deep.json"
    bad.write_text(payload)
    line = sandbox.refused(2, "import", str(bad))
    assert "deep.json" in line, line


# ----------------------------------------------------------------------- the archive folder itself

NEXT_WEEK = "2026-12-08T09:00:00"
"""A week on from the lived-in folder's check-ins: the next write rolls them over into archive/2026-11.json."""


@pytest.mark.parametrize("kind", ["regular-file", "link-to-dev-null"])
@pytest.mark.parametrize("args", [["log", "5"], ["status"], ["report"], ["export"]], ids=lambda a: a[0])
def test_an_archive_that_is_not_a_folder_is_refused(
    sandbox: Sandbox, lived_in: Path, kind: str, args: list[str]
) -> None:
    sandbox.seed(lived_in)
    archive = sandbox.data / ARCHIVE
    shutil.rmtree(archive)
    if kind == "regular-file":
        archive.write_text("not a folder\n")
    else:
        archive.symlink_to(os.devnull)
    line = sandbox.refused(1, *args, env={"PAINPAL_NOW": NEXT_WEEK})
    assert ARCHIVE in line, line


def test_a_roll_over_never_writes_through_an_archive_link(sandbox: Sandbox, lived_in: Path) -> None:
    """``archive`` links to a folder elsewhere: the week's roll-over must not write there; painpal refuses."""
    sandbox.seed(lived_in)
    elsewhere = sandbox.root / "elsewhere"
    (sandbox.data / ARCHIVE).rename(elsewhere)
    (elsewhere / "theirs.txt").write_text("someone else's folder\n")
    (sandbox.data / ARCHIVE).symlink_to(elsewhere, target_is_directory=True)
    target_before = tree(elsewhere)
    line = sandbox.refused(1, "log", "5", env={"PAINPAL_NOW": NEXT_WEEK})
    assert ARCHIVE in line, line
    assert not changes(target_before, tree(elsewhere)), "painpal wrote into the folder the archive link points to"


# ----------------------------------------------------------------------------- modes and folders


def test_a_data_folder_the_person_made_read_only_is_refused_and_left_read_only(
    sandbox: Sandbox, lived_in: Path
) -> None:
    """chmod 0500 on the folder and 0400 on the live file: a sentence saying so, exit 1, modes kept.

    painpal checks the owner's write bit itself, so this holds when it runs as root too.
    """
    sandbox.seed(lived_in)
    sandbox.live.chmod(0o400)
    sandbox.data.chmod(0o500)
    try:
        line = sandbox.refused(1, "log", "5")
        assert "read-only" in line, line
        assert stat.S_IMODE(sandbox.data.stat().st_mode) == 0o500
        assert stat.S_IMODE(sandbox.live.stat().st_mode) == 0o400
    finally:
        sandbox.data.chmod(0o700)


def test_missing_parents_of_the_data_folder_are_made_private_under_umask_000(sandbox: Sandbox) -> None:
    """``--data-dir a/b/c`` with none of them there: a, b and c are all 0700, whatever the umask."""
    place = sandbox.root / "place"
    place.mkdir()
    sandbox.ok("log", "5", data_dir=Path("a/b/c"), cwd=place, umask=0)
    for folder in ("a", "a/b", "a/b/c"):
        assert stat.S_IMODE((place / folder).stat().st_mode) == 0o700, folder


@pytest.mark.parametrize(
    "args",
    [["--data-dir", "", "log", "5"], ["log", "5", "--data-dir", ""], ["--data-dir", "", "status"]],
    ids=["before-log", "after-log", "status"],
)
def test_an_empty_data_dir_is_bad_input_not_the_default_folder(sandbox: Sandbox, args: list[str]) -> None:
    """``--data-dir ''`` is refused (exit 2); it never falls back to the user's default data folder."""
    env = {"PAINPAL_DATA_DIR": None}
    before = tree(sandbox.home)
    sandbox.refused(2, *args, pass_data_dir=False, env=env)
    assert not changes(before, tree(sandbox.home))
    assert not (sandbox.home / ".local" / "share" / "painpal").exists()
    assert not (sandbox.work / "painpal.json").exists()


# ----------------------------------------------------------------------------------- import files


@pytest.mark.parametrize("same", [True, False], ids=["identical", "different"])
def test_two_records_with_one_id_in_an_import_are_not_both_stored(sandbox: Sandbox, lived_in: Path, same: bool) -> None:
    """Either the file is refused (exit 2, nothing written) or one is stored and the summary names the duplicate."""
    sandbox.seed(lived_in)
    one = checkin()
    other = dict(one) if same else {**one, "intensity": 9}
    path = export_file(sandbox.outside / "twice.json", {"checkins": [one, other]})
    before = tree(sandbox.data)
    proc = sandbox.run("import", str(path))
    if proc.returncode != 0:
        assert proc.returncode == 2, proc.stderr
        assert_untouched(before, sandbox.data)
        return
    stored = [doc for doc in sandbox.export()["checkins"] if doc["id"] == one["id"]]
    assert len(stored) == 1, f"{len(stored)} check-ins stored under one id"
    assert "duplicate" in proc.stdout.lower() or one["id"] in proc.stdout, proc.stdout


def test_an_import_of_a_stored_id_with_other_content_says_it_differs(sandbox: Sandbox, lived_in: Path) -> None:
    sandbox.seed(lived_in)
    mine = next(doc for doc in sandbox.export()["checkins"] if doc["intensity"] == 5)
    path = export_file(sandbox.outside / "changed.json", {"checkins": [{**mine, "intensity": 9}]})
    proc = sandbox.ok("import", str(path))
    assert "differ" in proc.stdout.lower() or mine["id"] in proc.stdout, proc.stdout
    [kept] = [doc for doc in sandbox.export()["checkins"] if doc["id"] == mine["id"]]
    assert kept["intensity"] == 5


@pytest.mark.parametrize("schema", [0, -5, True, "1", None], ids=["0", "-5", "true", "string", "null"])
def test_an_import_with_a_schema_painpal_never_wrote_is_bad_input(
    sandbox: Sandbox, lived_in: Path, schema: object
) -> None:
    sandbox.seed(lived_in)
    path = export_file(sandbox.outside / "schema.json", {"checkins": [checkin()]}, schema=schema)
    sandbox.refused(2, "import", str(path))


BAD_RECORDS: dict[str, tuple[str, Any]] = {
    "intensity-superscript-7": ("checkins", checkin(intensity="⁷")),
    "intensity-arabic-indic-3": ("checkins", checkin(intensity="٣")),
    "record-is-a-list": ("checkins", [["at", "2026-11-30T08:00:00+00:00"], ["intensity", 4]]),
    "record-is-a-string": ("checkins", "at=2026-11-30T08:00:00+00:00 intensity=4"),
    "record-is-null": ("checkins", None),
    "signs-is-a-string": (
        "safety_events",
        {"id": uuid.uuid4().hex, "at": "2026-11-30T08:00:00+00:00", "signs": "numbness"},
    ),
    "signs-is-an-object": (
        "safety_events",
        {"id": uuid.uuid4().hex, "at": "2026-11-30T08:00:00+00:00", "signs": {"numbness": True}},
    ),
    "questions-is-a-string": (
        "appointments",
        {"id": uuid.uuid4().hex, "at": "2026-12-10T08:00:00+00:00", "questions": "why does it hurt"},
    ),
}


@pytest.mark.parametrize("case", list(BAD_RECORDS))
def test_an_import_record_painpal_cannot_keep_is_bad_input(sandbox: Sandbox, lived_in: Path, case: str) -> None:
    sandbox.seed(lived_in)
    table, doc = BAD_RECORDS[case]
    path = export_file(sandbox.outside / "bad.json", {table: [doc]})
    sandbox.refused(2, "import", str(path))


def test_a_warning_sign_report_imports_with_its_signs_whole(sandbox: Sandbox, lived_in: Path) -> None:
    """The control for the cases above: a list of signs is stored as that list."""
    sandbox.seed(lived_in)
    doc = {"id": uuid.uuid4().hex, "at": "2026-11-30T08:00:00+00:00", "signs": ["numbness"]}
    sandbox.ok("import", str(export_file(sandbox.outside / "good.json", {"safety_events": [doc]})))
    [stored] = sandbox.export()["safety_events"]
    assert stored["signs"] == ["numbness"]


# ------------------------------------------------------------------------------------------- demo


def test_two_demo_folders_share_no_record_id(sandbox: Sandbox) -> None:
    """A demo history imported into another demo folder (or a real one) must not collide with it."""
    a, b = sandbox.root / "demo-a", sandbox.root / "demo-b"
    sandbox.ok("demo", "--days", "3", data_dir=a)
    sandbox.ok("demo", "--days", "3", data_dir=b)

    def ids(folder: Path) -> set[str]:
        return {doc["id"] for docs in sandbox.export(folder).values() for doc in docs}

    ids_a, ids_b = ids(a), ids(b)
    assert ids_a and ids_b
    shared = ids_a & ids_b
    assert not shared, f"{len(shared)} of {len(ids_a)} record ids are the same in both demo folders"


# --------------------------------------------------------------------------- a misfiled archive

EARLY_DECEMBER = "2026-12-03T10:00:00"


def test_an_archive_file_named_for_another_month_is_not_silently_left_out(sandbox: Sandbox) -> None:
    """November's records in ``archive/2019-01.json``: the 30-day report includes them, or says the file is misfiled."""
    env = {"PAINPAL_NOW": EARLY_DECEMBER}
    filed, misfiled, without = sandbox.root / "filed", sandbox.root / "misfiled", sandbox.root / "without"
    sandbox.ok("log", "2", env=env, data_dir=without)
    shutil.copytree(without, filed)
    for args in (
        ["log", "7", "--at", "2026-11-10 09:00", "--location", "lower back"],
        ["log", "8", "--at", "2026-11-12 18:00", "--location", "lower back"],
        ["relief", "heat", "--minutes", "20", "--at", "2026-11-12 18:30"],
    ):
        sandbox.ok(*args, env=env, data_dir=filed)
    assert (filed / ARCHIVE / "2026-11.json").is_file()
    shutil.copytree(filed, misfiled)
    (misfiled / ARCHIVE / "2026-11.json").rename(misfiled / ARCHIVE / "2019-01.json")

    good = sandbox.ok("report", "--days", "30", env=env, data_dir=filed)
    bare = sandbox.ok("report", "--days", "30", env=env, data_dir=without)
    assert good.stdout != bare.stdout, "the report does not show November's records at all: the test proves nothing"
    proc = sandbox.run("report", "--days", "30", env=env, data_dir=misfiled)
    if proc.returncode == 0 and proc.stdout == good.stdout:
        return
    assert "2019-01.json" in proc.stderr, (
        "the records in archive/2019-01.json were silently left out of the report "
        f"(exit {proc.returncode}, stderr {proc.stderr.strip()!r})"
    )


# ------------------------------------------------------------------------------ year one


@pytest.mark.parametrize(
    "args",
    [["log", "5", "--at", "0001-01-01 00:30"], ["review", "--date", "0001-01-01"], ["report", "--since", "0001-01-01"]],
    ids=["log-at", "review-date", "report-since"],
)
def test_the_first_day_of_year_one_is_bad_input(sandbox: Sandbox, lived_in: Path, args: list[str]) -> None:
    """In Tokyo, 00:30 on 1 January of year 1 is still 31 December of year 0 in UTC: refused, no 0001-01 archive."""
    sandbox.seed(lived_in)
    sandbox.refused(2, *args, env={"TZ": "Asia/Tokyo"})
    assert not (sandbox.data / ARCHIVE / "0001-01.json").exists()


# --------------------------------------------------------------------------- bidi controls

BIDI = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize(
    "args", [["report"], ["report", "--format", "html"], ["export", "--format", "csv"]], ids=["md", "html", "csv"]
)
def test_outputs_carry_no_bidi_controls_from_stored_text(sandbox: Sandbox, lived_in: Path, args: list[str]) -> None:
    """A right-to-left override in a stored location or note cannot reorder what a clinician reads."""
    sandbox.seed(lived_in)

    def plant(data: dict[str, Any]) -> None:
        doc = first(data, "checkins")
        doc["location"] = "left\u202eedis"
        doc["note"] = "stiff " + "".join(f"{c}x" for c in BIDI[1:]) + " after the train"
        first(data, "reliefs")["note"] = "warm\u202e pad"

    edit(sandbox.live, plant)
    out = sandbox.ok(*args).stdout
    found = sorted({f"U+{ord(c):04X}" for c in out if c in BIDI})
    assert not found, f"{' '.join(args)} output holds {found}"
    if args[0] == "export":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert any("left" in (row.get("location") or "") and "edis" in row["location"] for row in rows)


# ------------------------------------------------------------------------------- a bad plan

BAD_PLANS: dict[str, Any] = {
    "string": "garbage",
    "number": 42,
    "list": ["07:00"],
    "wake-word": {"wake": "garbage"},
    "work-days-string": {"work_days": "Monday"},
    "work-day-9": {"work_days": [9]},
    "work-day-list": {"work_days": [[1]]},
    "work-day-object": {"work_days": [{"day": 1}]},
    "half-a-block": {"work_blocks": [["09:00"]]},
    "weekday-blocks-list": {"weekday_blocks": [["1", []]]},
    "weekday-8": {"weekday_blocks": {"8": [["09:00", "10:00"]]}},
    "seated-negative": {"max_seated_minutes": -5},
    "bell-word": {"bell": "loud"},
    "moves-string": {"rest_day_moves": "10:00"},
}


@pytest.mark.parametrize("case", list(BAD_PLANS))
def test_a_stored_plan_painpal_cannot_read_is_a_data_problem(sandbox: Sandbox, lived_in: Path, case: str) -> None:
    """The plan lives in the data file: status, review and suggest say so in one sentence and exit 1, not 2."""
    sandbox.seed(lived_in)

    def plant(data: dict[str, Any]) -> None:
        data.setdefault("settings", {})["99"] = {"key": "plan", "value": BAD_PLANS[case]}

    edit(sandbox.live, plant)
    for command in ("status", "review", "suggest"):
        sandbox.refused(1, command)


# ------------------------------------------------------------------------------ a full disk


def test_a_disk_that_fills_during_an_import_leaves_the_folder_as_it_was(sandbox: Sandbox) -> None:
    """Three years of history imported onto a tmpfs with room for a few months: exit 1, nothing half-imported.

    Then, with room again, the same import stores everything.
    """
    mnt = sandbox.root / "tiny"
    _mount_tiny_tmpfs(mnt, "1m")
    try:
        data = mnt / "data"
        sandbox.ok("log", "5", data_dir=data)
        records = [
            checkin(at=f"{year}-{month:02d}-{day:02d}T09:00:00+00:00", note="x" * 200)
            for year in (2023, 2024, 2025)
            for month in range(1, 13)
            for day in range(1, 29, 3)
        ]
        path = export_file(sandbox.outside / "years.json", {"checkins": records})
        filler = mnt / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(filler, filler.stat().st_size - 48 * 1024)  # room for a few months' archives, not 36

        line = sandbox.refused(1, "import", str(path), data_dir=data)
        assert "disk is full" in line, line
        assert not list(data.rglob(".painpal-*.tmp"))

        filler.unlink()
        sandbox.ok("import", str(path), data_dir=data)
        assert len(sandbox.export(data)["checkins"]) == len(records) + 1
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=10)
