"""The classroom keys, as actions on the app: Ctrl+S saves a scenario, Ctrl+O lists them, E exports
the trace and the window, F12 saves a screenshot. Each says on screen what it did (a toast) and none
ever raises: a folder that cannot be written is reported, not a crash.

A file chosen in the Ctrl+O list is read, parsed and checked in a worker thread (a file on a slow
network folder, or a big one, never holds a frame); the frame loop applies it in a later frame
(`finish_open`), on its own thread, as everything that changes the state.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..formats.export import data_dir, save_stamped, shown_folder, trace_csv
from ..formats.scenario import ScenarioError, list_scenarios, load_scenario
from ..formats.textfile import shown
from ..i18n import N_, Message
from .session import apply_scenario, save_new

if TYPE_CHECKING:
    from .app import App

# The toasts are English here; the toast view shows `tr(line)` of each.
EXPORT_OFF = N_("Export is off on this kiosk")
SCENARIOS_OFF = N_("Scenarios are off on this kiosk")


def scenario_folder(app: App) -> Path:
    return Path(app.options.scenario_dir) if app.options.scenario_dir is not None else data_dir("scenarios")


def export_folder(app: App) -> Path:
    return Path(app.options.export_dir) if app.options.export_dir is not None else data_dir("exports")


# The reasons a visitor may meet, in words a translator sees (the system's own text is English).
REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("a file is in the way of the folder"),
    errno.EISDIR: N_("a folder has that name"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EIO: N_("the disk cannot be read or written"),
}


def _failed(exc: OSError) -> str:
    """Why, and the name of the file (not the folder: the toast says where it was going)."""
    reason = REASONS.get(exc.errno or 0) or str(exc.strerror or exc)
    if not exc.filename:
        return reason
    # TRANSLATORS: why a file could not be written, then the file's name
    return Message("{reason} ({file})", reason=Message(reason), file=shown(Path(exc.filename).name or str(exc.filename)))


def save_scenario(app: App, when: datetime | None = None) -> Path | None:
    """Ctrl+S: the current state as a new file in the scenarios folder."""
    now = app.clock()
    if not app.options.scenarios_enabled:
        app.toast.show(now, SCENARIOS_OFF, error=True)
        return None
    folder = scenario_folder(app)
    try:
        path = save_new(app, folder, when)
    except OSError as exc:
        app.toast.show(now, Message("Scenario not saved:"), _failed(exc), error=True)
        return None
    app.toast.show(now, Message("Saved {file}", file=path.name),
                   Message("in {folder} · Ctrl+O opens it", folder=shown_folder(folder)))
    return path


def show_scenarios(app: App) -> None:
    """Ctrl+O: the list of the scenarios folder's files."""
    if not app.options.scenarios_enabled:
        app.toast.show(app.clock(), SCENARIOS_OFF, error=True)
        return
    folder = scenario_folder(app)
    try:
        entries, problem = list_scenarios(folder), ""
    except OSError as exc:
        entries, problem = [], Message("Cannot read the folder: {reason}", reason=_failed(exc))
    app.toast.clear()  # the list covers the screen; an earlier "Saved …" is done
    app.scenario_list.show(folder, entries, problem)


T = TypeVar("T")


def submit(work: Callable[[], T]) -> Future[T]:
    """Run `work` in a thread of its own and return its future. A daemon thread: one stuck reading
    a hung network folder must not keep the program from quitting (tests replace this function)."""
    future: Future[T] = Future()

    def run() -> None:
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(work())
            except BaseException as exc:  # noqa: BLE001 - handed to the frame loop, which says it
                future.set_exception(exc)

    threading.Thread(target=run, name="open-scenario", daemon=True).start()
    return future


def open_scenario(app: App, path: Path) -> None:
    """Enter or a click on a file of the list: read, parse and check it in a worker thread; the
    list says it is opening it, and `finish_open` applies it once it is read. Choosing another
    file meanwhile replaces this one (its result is dropped); closing the list drops it."""
    path = Path(path)
    app.scenario_list.opening(path, submit(lambda: load_scenario(path)))


def finish_open(app: App) -> bool | None:
    """Every frame, before its events (so a file chosen in one frame is applied in a later one):
    once the file being opened is read, apply it (True) or show why not, keeping the state
    (False); None while there is nothing to finish."""
    listing = app.scenario_list
    pending = listing.pending
    if pending is None or not pending[1].done():
        return None
    path, future = pending
    listing.pending = None
    try:
        apply_scenario(app, future.result())
    except ScenarioError as exc:
        listing.refuse(path, exc.message(path.name))
        return False
    except Exception as exc:  # noqa: BLE001 - e.g. MemoryError in the worker: one line, no crash
        listing.refuse(path, f"{path.name}: {shown(str(exc) or type(exc).__name__, 80)}")
        return False
    listing.close()
    app.set_focus(None, app.clock())  # the fields show the scenario now (nothing left to commit)
    app.toast.show(app.clock(), Message("Opened {file}", file=path.name))
    return True


def export(app: App, trace: bool = True, when: datetime | None = None) -> list[Path]:
    """E (trace=True): the trace as CSV and the window as PNG; F12: the PNG only."""
    now = app.clock()
    if not app.options.export_enabled:
        app.toast.show(now, EXPORT_OFF, error=True)
        return []
    folder = export_folder(app)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        app.toast.clear()
        app.draw()  # the window as it is, without an earlier toast
        files = [("window", ".png", app.png())]
        if trace:
            sim = app.sim
            files.insert(0, ("trace", ".csv", trace_csv(sim.params, sim.sequence, sim.target)))
        written = save_stamped(folder, files, when)  # both or neither, under one free stamp
    except OSError as exc:
        app.toast.show(now, Message("Export failed:"), _failed(exc), error=True)
        return []
    names = [p.name for p in written]  # the CSV and the PNG, or the PNG alone
    if len(names) == 1:
        done = Message("Exported {file}", file=names[0])
    else:
        done = Message("Exported {first} and {second}", first=names[0], second=names[-1])
    app.toast.show(now, done, Message("to {folder}", folder=shown_folder(folder)))
    return written
