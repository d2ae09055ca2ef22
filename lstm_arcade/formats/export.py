"""Files the classroom writes: the trace as CSV, the user's data folders, names that never overwrite.

No pygame here (the window's PNG comes from `App.png`).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from ..model import LSTMParams, run
from .textfile import Content, home_folder, save_atomically, save_new_files

TRACE_COLUMNS = ("t", "x", "f", "i", "c_tilde", "o", "c", "h", "y")
APP_FOLDER = "lstm-arcade"


def data_dir(kind: str) -> Path:
    """`$XDG_DATA_HOME/lstm-arcade/<kind>`, or `~/.local/share/lstm-arcade/<kind>` when
    XDG_DATA_HOME is unset or not absolute (the XDG rule); `kind` is "scenarios" or "exports"."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else home_folder() / ".local" / "share"
    return root / APP_FOLDER / kind


def stamped_names(
    folder: Path, names: Sequence[tuple[str, str]], when: datetime | None = None
) -> Callable[[int], list[Path]]:
    """The names files written together get, by try: (("trace", ".csv"), ("window", ".png")) →
    trace-20250101-093000.csv and window-20250101-093000.png for try 1, then -2, -3 … on both."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")

    def paths(number: int) -> list[Path]:
        tail = "" if number == 1 else f"-{number}"
        return [folder / f"{stem}-{stamp}{tail}{suffix}" for stem, suffix in names]

    return paths


def save_stamped(
    folder: Path, files: Sequence[tuple[str, str, Content]], when: datetime | None = None
) -> list[Path]:
    """Save (stem, suffix, content) files together under the first free stamped names in `folder`
    (see `stamped_names`): nothing is ever overwritten, also by another program saving there at
    the same moment, and a pair keeps one name. OSError naming the file when they cannot be saved."""
    names = stamped_names(folder, [(stem, suffix) for stem, suffix, _ in files], when)
    return save_new_files(names, [content for _, _, content in files])


def trace_csv(
    params: LSTMParams, xs: Sequence[float], target: Sequence[float] | None = None
) -> bytes:
    """The whole sequence's trace under `params`, one row per step, full float precision; a
    `target` column when a training target is set."""
    trace = run(params, xs)
    out = io.StringIO(newline="")
    rows = csv.writer(out)
    rows.writerow([*TRACE_COLUMNS, "target"] if target else TRACE_COLUMNS)
    for k in range(len(trace)):
        row = [k + 1, *(repr(getattr(trace, c)[k]) for c in TRACE_COLUMNS[1:])]
        rows.writerow([*row, repr(float(target[k]))] if target else row)
    return out.getvalue().encode("utf-8")


def export_trace(
    path: str | os.PathLike[str],
    params: LSTMParams,
    xs: Sequence[float],
    target: Sequence[float] | None = None,
) -> None:
    """`trace_csv` written to `path` atomically (never half a file; see `save_atomically`)."""
    save_atomically(path, trace_csv(params, xs, target))


def shown_folder(folder: Path) -> str:
    """A folder as a person reads it: ~ for the home folder."""
    try:
        return "~/" + str(folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)
