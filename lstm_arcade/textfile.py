"""Small text files that people edit (settings, scenarios, tours, presets, mappings): reading
them safely, finding the line of a TOML key for a message, and writing files atomically.

Refused before reading: a missing file, a folder, a pipe or device (it could block forever), a
file over the limit; read at most limit + 1 bytes (it may grow after the check); text that is not
UTF-8 names its line. Every refusal is one line; the caller adds the file's name and its own kind
of error. No pygame.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
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


# --- the line of a TOML key, for messages ----------------------------------------------------
KEY_AT_START = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def dotted_key(path: str) -> str:
    """`a . "b"` → `a.b` (quoted parts unquoted)."""
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", path)
    return ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def find_line(text: str, dotted: str) -> int | None:
    """The line that sets `dotted` (e.g. "weights.w_f": `w_f = …` under `[weights]`, or
    `weights.w_f = …`); else the line of its nearest parent (an inline table); else None."""
    table = ""
    fallback: tuple[int, int] | None = None  # (depth of the parent matched, line)
    closing: str | None = None  # inside a multi-line string: its closing quotes
    for number, line in enumerate(text.splitlines(), 1):
        if closing:
            if closing in line:
                closing = None
            continue
        header = _HEADER.match(line)
        if header:
            table = dotted_key(header.group(1))
            if table == dotted:
                return number
            continue
        key = KEY_AT_START.match(line)
        if not key:
            continue
        full = ".".join(p for p in (table, dotted_key(key.group(1))) if p)
        if full == dotted:
            return number
        if dotted.startswith(full + ".") and (fallback is None or full.count(".") + 1 > fallback[0]):
            fallback = (full.count(".") + 1, number)
        rest = line[key.end():]
        for quotes in ('"""', "'''"):
            if rest.count(quotes) == 1:
                closing = quotes
    return fallback[1] if fallback else None


# --- writing ---------------------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_atomically(path: str | os.PathLike[str], write: Callable[[str], None], suffix: str = "") -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path` in
    one step: a crash leaves the old file or the new one, never half of one. A file replaced
    keeps its permissions; a new one gets a normal file's (mkstemp's own are private)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent or ".")
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
