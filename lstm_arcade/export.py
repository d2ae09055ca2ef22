"""Files the classroom writes: the trace as CSV, the user's data folders, names that never overwrite.

No pygame here (the atomic writer lives in `app.py` and is imported when a file is written).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from .model import LSTMParams, run
from .textfile import save_atomically

TRACE_COLUMNS = ("t", "x", "f", "i", "c_tilde", "o", "c", "h", "y")
APP_FOLDER = "lstm-arcade"


def data_dir(kind: str) -> Path:
    """`$XDG_DATA_HOME/lstm-arcade/<kind>`, or `~/.local/share/lstm-arcade/<kind>` when
    XDG_DATA_HOME is unset or not absolute (the XDG rule); `kind` is "scenarios" or "exports"."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / APP_FOLDER / kind


def unique_names(
    folder: Path, names: Sequence[tuple[str, str]], when: datetime | None = None
) -> list[Path]:
    """Free paths in `folder` for files written together, e.g. (("trace", ".csv"), ("window", ".png"))
    → trace-20250101-093000.csv and window-20250101-093000.png; when either exists already,
    -2, -3 … is added to both, so the pair keeps one name and nothing is ever overwritten."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    number = 1
    while True:
        tail = "" if number == 1 else f"-{number}"
        paths = [folder / f"{stem}-{stamp}{tail}{suffix}" for stem, suffix in names]
        if not any(os.path.lexists(p) for p in paths):
            return paths
        number += 1


def unique_name(folder: Path, stem: str, suffix: str, when: datetime | None = None) -> Path:
    """One free path `stem-YYYYMMDD-HHMMSS.suffix` (then -2, -3 …) in `folder`."""
    return unique_names(folder, ((stem, suffix),), when)[0]


def export_trace(
    path: str | os.PathLike[str],
    params: LSTMParams,
    xs: Sequence[float],
    target: Sequence[float] | None = None,
) -> None:
    """The whole sequence's trace under `params`, one row per step, full float precision; a
    `target` column when a training target is set. Written atomically (never half a file)."""
    trace = run(params, xs)

    def write(tmp: str) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow([*TRACE_COLUMNS, "target"] if target else TRACE_COLUMNS)
            for k in range(len(trace)):
                row = [k + 1, *(repr(getattr(trace, c)[k]) for c in TRACE_COLUMNS[1:])]
                out.writerow([*row, repr(float(target[k]))] if target else row)

    save_atomically(path, write, suffix=".csv")


def shown_folder(folder: Path) -> str:
    """A folder as a person reads it: ~ for the home folder."""
    try:
        return "~/" + str(folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)
