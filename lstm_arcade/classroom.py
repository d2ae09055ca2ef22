"""The classroom keys, as actions on the app: Ctrl+S saves a scenario, Ctrl+O lists them, E exports
the trace and the window, F12 saves a screenshot. Each says on screen what it did (a toast) and none
ever raises: a folder that cannot be written is reported, not a crash.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .export import data_dir, export_trace, shown_folder, unique_names
from .scenario import ScenarioError, apply_scenario, list_scenarios, load_scenario, save_new

if TYPE_CHECKING:
    from .app import App

EXPORT_OFF = "Export is off on this kiosk"
SCENARIOS_OFF = "Scenarios are off on this kiosk"


def scenario_folder(app: App) -> Path:
    return Path(app.scenario_dir) if app.scenario_dir is not None else data_dir("scenarios")


def export_folder(app: App) -> Path:
    return Path(app.export_dir) if app.export_dir is not None else data_dir("exports")


def _failed(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def save_scenario(app: App, when: datetime | None = None) -> Path | None:
    """Ctrl+S: the current state as a new file in the scenarios folder."""
    now = app.clock()
    if not app.scenarios_enabled:
        app.toast.show(now, SCENARIOS_OFF, error=True)
        return None
    folder = scenario_folder(app)
    try:
        path = save_new(app, folder, when)
    except OSError as exc:
        app.toast.show(now, "Scenario not saved:", _failed(exc), error=True)
        return None
    app.toast.show(now, f"Saved {path.name}", f"in {shown_folder(folder)} · Ctrl+O opens it")
    return path


def show_scenarios(app: App) -> None:
    """Ctrl+O: the list of the scenarios folder's files."""
    if not app.scenarios_enabled:
        app.toast.show(app.clock(), SCENARIOS_OFF, error=True)
        return
    folder = scenario_folder(app)
    try:
        entries, problem = list_scenarios(folder), ""
    except OSError as exc:
        entries, problem = [], f"Cannot read the folder: {_failed(exc)}"
    app.toast.clear()  # the list covers the screen; an earlier "Saved …" is done
    app.scenario_list.show(folder, entries, problem)


def open_scenario(app: App, path: Path) -> bool:
    """Load, check and apply one file; a bad one keeps the state and shows its one line."""
    try:
        apply_scenario(app, load_scenario(path))
    except ScenarioError as exc:
        app.scenario_list.refuse(path, exc.message(Path(path).name))
        return False
    app.scenario_list.close()
    app.set_focus(None, app.clock())  # the fields show the scenario now (nothing left to commit)
    app.toast.show(app.clock(), f"Opened {Path(path).name}")
    return True


def export(app: App, trace: bool = True, when: datetime | None = None) -> list[Path]:
    """E (trace=True): the trace as CSV and the window as PNG; F12: the PNG only."""
    now = app.clock()
    if not app.export_enabled:
        app.toast.show(now, EXPORT_OFF, error=True)
        return []
    folder = export_folder(app)
    wanted = (("trace", ".csv"), ("window", ".png")) if trace else (("window", ".png"),)
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = unique_names(folder, wanted, when)
        app.toast.clear()
        app.draw()  # the window as it is, without an earlier toast
        app.screenshot(paths[-1])
        written.append(paths[-1])
        if trace:
            sim = app.sim
            export_trace(paths[0], sim.params, sim.sequence, sim.target)
            written.insert(0, paths[0])
    except OSError as exc:
        app.toast.show(now, "Export failed:", _failed(exc), error=True)
        return written
    app.toast.show(now, "Exported " + " and ".join(p.name for p in written), f"to {shown_folder(folder)}")
    return written
