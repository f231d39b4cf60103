"""Layers point one way: nothing outside ``painpal.tui`` imports Textual, so ``painpal log`` starts fast."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import painpal

from .conftest import NOW, run_python

FOUNDATION = [
    "painpal.cli",
    "painpal.storage.store",
    "painpal.domain.records",
    "painpal.domain.clock",
    "painpal.demo",
]
PACKAGE_DIR = Path(painpal.__file__).parent


def core_modules() -> list[str]:
    """The foundation plus every other painpal module, packages walked (found with pkgutil), except the TUI."""
    found = {
        info.name
        for info in pkgutil.walk_packages(painpal.__path__, prefix="painpal.")
        if not info.name.startswith("painpal.tui") and info.name != "painpal.__main__"
    }
    return sorted(set(FOUNDATION) | found)


CHECK_IMPORT = """
import importlib, sys
name = sys.argv[1]
importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("textual" in sys.modules, len(leaked))
"""


def test_core_module_list_is_complete() -> None:
    """The discovery finds the foundation (a guard against testing nothing)."""
    modules = core_modules()
    assert set(FOUNDATION) <= set(modules)
    assert not any(m.startswith("painpal.tui") for m in modules)


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    """Importing a core module in a fresh interpreter leaves ``textual`` out of ``sys.modules``."""
    proc = run_python(CHECK_IMPORT, module)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "0"], f"{module} pulls in textual"


def test_painpal_log_does_not_import_textual(tmp_path: Path) -> None:
    """A whole ``painpal log`` run (parse, validate, store) never loads Textual."""
    code = (
        "import sys, painpal.cli\n"
        "status = painpal.cli.main(['log', '5', '--note', 'layering'])\n"
        "print(status, 'textual' in sys.modules)\n"
    )
    proc = run_python(code, env={"PAINPAL_DATA_DIR": str(tmp_path / "d"), "PAINPAL_NOW": NOW})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "0 False"


def test_no_core_source_mentions_textual() -> None:
    """No ``import textual`` anywhere outside ``tui/``, not even inside a function."""
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if PACKAGE_DIR / "tui" in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(n == "textual" or n.startswith("textual.") for n in names):
                offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}")
    assert not offenders, offenders


LOADED = """
import importlib, sys
importlib.import_module(sys.argv[1])
watched = ("painpal.analysis", "painpal.coach", "painpal.routines", "statistics")
print(sorted(m for m in sys.modules if m.startswith(watched)))
"""
"""Prints which of the analyses, the coach, the routine library and ``statistics`` a module's import loaded."""


def test_history_loads_no_analysis() -> None:
    """Today loads ``painpal.history`` before its first frame: only the baseline windows come with it."""
    proc = run_python(LOADED, "painpal.history")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['painpal.analysis', 'painpal.analysis.baselines']"


def test_analysis_package_loads_no_submodule() -> None:
    """The package re-exports nothing, so importing one analysis costs only what that one needs."""
    proc = run_python(LOADED, "painpal.analysis")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['painpal.analysis']"


FILE_CALLS = {"open", "write_text", "write_bytes", "replace", "rename", "mkdir", "rmtree", "unlink", "chmod", "rmdir"}
"""Calls that open or change files; outside ``storage/`` only reading the system's own zone file is allowed."""
ALLOWED_FILE_CALLS = {("domain/clock.py", "open"), ("cli/__init__.py", "open")}
"""The local zone read from /etc/localtime, and stdout pointed at os.devnull when a pipe closes."""


def test_only_storage_touches_files() -> None:
    """Nothing but ``painpal/storage/`` opens, writes, moves or deletes a file (DESIGN.md, layers)."""
    offenders = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        if rel.startswith("storage/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "replace" and not (isinstance(func, ast.Attribute) and ast.unparse(func.value) == "os"):
                continue  # str.replace and dataclasses.replace are not file calls
            if name in FILE_CALLS and (rel, name) not in ALLOWED_FILE_CALLS:
                offenders.append(f"{rel}:{node.lineno} {name}")
    assert not offenders, offenders


def test_screens_and_commands_reach_the_store_through_services_for_answers() -> None:
    """A screen or command computes no domain figure: none of them calls the analysis or report builders."""
    builders = {"insights", "patterns", "report_data", "load_review", "day_review", "effects", "flare_days"}
    offenders = []
    for folder in ("tui", "cli"):
        for path in sorted((PACKAGE_DIR / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in builders:
                    offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno} {node.func.id}")
    assert not offenders, offenders
