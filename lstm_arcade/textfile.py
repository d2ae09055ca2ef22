"""Reading a small text file that people edit (settings, scenarios, tours, presets), safely.

Refused before reading: a missing file, a folder, a pipe or device (it could block forever), a
file over the limit; read at most limit + 1 bytes (it may grow after the check); text that is not
UTF-8 names its line. Every refusal is one line; the caller adds the file's name and its own kind
of error. No pygame.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ONE_MB = 1_000_000


class TextFileError(ValueError):
    """Why a file could not be read: `message`, and `line` when the problem has one."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def read_text_file(
    path: str | os.PathLike[str], kind: str, limit: int = ONE_MB, encoding: str = "utf-8"
) -> str:
    """The file's text; `kind` names it in messages ("settings file", "tour file", …)."""
    file = Path(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise TextFileError("cannot read it: no such file") from None
    except OSError as exc:
        raise TextFileError(f"cannot read it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise TextFileError(f"is a folder, not a {kind}")
    if not stat.S_ISREG(info.st_mode):
        raise TextFileError("is not a regular file")
    if info.st_size > limit:
        raise TextFileError(f"{info.st_size:,} bytes is over the 1 MB limit for a {kind}")
    try:
        with open(file, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise TextFileError(f"cannot read it ({exc.strerror or exc})") from None
    if len(raw) > limit:  # it grew since the check
        raise TextFileError(f"over the 1 MB limit for a {kind}")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TextFileError("not UTF-8 text", line=raw[: exc.start].count(b"\n") + 1) from None
