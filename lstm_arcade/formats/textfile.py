"""Small text files that people edit (settings, scenarios, tours, presets, mappings): reading
them safely, finding the line of a TOML key for a message, checking a path before anything is
written there, and writing files atomically (never half a file, never over another program's).

Refused before reading: a missing file, a folder, a pipe or device (it could block forever), a
file over the limit; read at most limit + 1 bytes (it may grow after the check); text that is not
UTF-8 names its line. Every refusal is one line; the caller adds the file's name and its own kind
of error. No pygame.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..i18n import Message

ONE_MB = 1_000_000


class TextFileError(ValueError):
    """Why a file could not be read: `message` (a `Message`: shown translated), and `line` when
    the problem has one."""

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
        raise TextFileError(Message("cannot read it: no such file")) from None
    except OSError as exc:
        raise TextFileError(Message("cannot read it ({reason})", reason=_reason(exc))) from None
    # `kind` ("scenario file", "tour file") is a field: the caller marks it for translation
    if stat.S_ISDIR(info.st_mode):
        raise TextFileError(Message("is a folder, not a {kind}", kind=kind))
    if not stat.S_ISREG(info.st_mode):
        raise TextFileError(Message("is not a regular file"))
    if info.st_size > limit:
        raise TextFileError(
            Message("{size:,} bytes is over the 1 MB limit for a {kind}", size=info.st_size, kind=kind)
        )
    try:
        with open(file, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise TextFileError(Message("cannot read it ({reason})", reason=_reason(exc))) from None
    if len(raw) > limit:  # it grew since the check
        raise TextFileError(Message("over the 1 MB limit for a {kind}", kind=kind))
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TextFileError(Message("not UTF-8 text"), line=line) from None


def _reason(exc: OSError) -> str:
    """The system's words for an OSError (English, from the C library), or the error itself."""
    return str(exc.strerror or exc)


# --- the line of a TOML key, for messages ----------------------------------------------------
KEY_AT_START = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def dotted_key(path: str) -> str:
    """`a . "b"` → `a.b` (quoted parts unquoted)."""
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", path)
    return ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def toml_lines(text: str) -> Iterator[tuple[int, str, re.Match[str] | None]]:
    """(number, line, the key it sets or None) for each line of a TOML text outside multi-line
    strings: a line inside one is text, never a key or a table header."""
    closing: str | None = None  # inside a multi-line string: its closing quotes
    for number, line in enumerate(text.splitlines(), 1):
        if closing:
            if closing in line:
                closing = None
            continue
        key = KEY_AT_START.match(line)
        yield number, line, key
        rest = line[key.end():] if key else ""
        for quotes in ('"""', "'''"):
            if rest.count(quotes) == 1:
                closing = quotes


def find_line(text: str, dotted: str) -> int | None:
    """The line that sets `dotted` (e.g. "weights.w_f": `w_f = …` under `[weights]`, or
    `weights.w_f = …`); else the line of its nearest parent (an inline table); else None."""
    table = ""
    fallback: tuple[int, int] | None = None  # (depth of the parent matched, line)
    for number, line, key in toml_lines(text):
        header = _HEADER.match(line)
        if header:
            table = dotted_key(header.group(1))
            if table == dotted:
                return number
            continue
        if not key:
            continue
        full = ".".join(p for p in (table, dotted_key(key.group(1))) if p)
        if full == dotted:
            return number
        if dotted.startswith(full + ".") and (fallback is None or full.count(".") + 1 > fallback[0]):
            fallback = (full.count(".") + 1, number)
    return fallback[1] if fallback else None


# --- paths -----------------------------------------------------------------------------------
class PathError(ValueError):
    """Why a text cannot name a file (or cannot be written): one line, the value cut."""


def shown(text: str, limit: int = 40) -> str:
    """A value as a one-line message quotes it: control characters escaped, cut to `limit` + …."""
    safe = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return safe if len(text) <= limit and len(safe) <= limit else safe[:limit] + "…"


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a one-line message quotes it: like `shown`, but a long one keeps its start and its
    end (the file's name): `/home/ann/…/exports/trace.csv`."""
    text = os.fspath(path)
    if len(text) <= 64:
        return shown(text, 64)
    return shown(text[:20], 20) + "…" + shown(text[-40:], 40)


def home_folder() -> Path:
    """The user's home folder; a folder of the user's own in the temporary folder when no absolute
    home is known (a service user with no HOME and no password entry): data never lands in
    whatever folder the program was started from."""
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry
        home = Path()
    if home.is_absolute():
        return home
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this user id either
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"lstm-arcade-{user}"


def _limits(path: Path) -> tuple[int, int]:
    """(longest name, longest path) in bytes on the filesystem of `path`'s nearest existing folder."""
    folder = path
    while not os.path.isdir(folder) and folder != folder.parent:
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX"), os.pathconf(folder, "PC_PATH_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows) or no answer
        return 255, 4096


def checked_path(
    value: str | os.PathLike[str], base: Path | None = None, folder: bool = False
) -> Path:
    """`value` as a Path (~ expanded; relative to `base` when given), or PathError when it cannot
    name a file at all: empty, a NUL, an unknown ~user, a name or a whole path over the limit,
    a trailing / (unless it names a `folder`)."""
    text = os.fspath(value)
    if not text:
        raise PathError("an empty path names no file")
    if "\x00" in text:
        raise PathError(f"'{shown_path(text)}': a path cannot contain a NUL character")
    if not folder and text.endswith(tuple(filter(None, (os.sep, os.altsep)))):
        raise PathError(f"'{shown_path(text)}' ends in {text[-1]}, so it names a folder; "
                        "give a file name")
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~nosuchuser, or ~ with no home folder known
        user = text.split("/", 1)[0]
        reason = f"{shown(user)}: no such user here" if user != "~" else "no home folder is known for ~"
        raise PathError(f"'{shown_path(text)}': {reason}") from None
    if base is not None and not path.is_absolute():
        path = base / path
    try:
        whole = os.fsencode(os.path.abspath(path))
    except (UnicodeError, ValueError):
        raise PathError(f"'{shown_path(text)}': cannot be a file name on this system") from None
    name_max, path_max = _limits(Path(os.path.abspath(path)))
    for part in whole.split(os.fsencode(os.sep)):
        if len(part) > name_max:
            raise PathError(f"'{shown_path(text)}': a name in it is {len(part):,} bytes, over the "
                            f"{name_max:,} this filesystem allows")
    if len(whole) >= path_max:
        raise PathError(f"'{shown_path(text)}': {len(whole):,} bytes is over the "
                        f"{path_max - 1:,} a path may have")
    return path


def _kind(mode: int) -> str:
    """What a name that is not a regular file is, for a message."""
    if stat.S_ISLNK(mode):
        return Message("a symbolic link")
    if stat.S_ISDIR(mode):
        return Message("a folder")
    if stat.S_ISFIFO(mode):
        # TRANSLATORS: a named pipe (a kind of special file)
        return Message("a FIFO")
    if stat.S_ISSOCK(mode):
        return Message("a socket")
    return Message("a device") if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else Message("not a regular file")


def check_output(path: Path, given: str | None = None) -> None:
    """PathError unless `path` can be written as a regular file: a new name or a regular file
    (never a folder, device, FIFO, socket or symbolic link), in an existing folder we may write."""
    quoted = f"'{shown_path(given if given is not None else path)}'"
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder check below says which
        info = None
    except OSError as exc:
        raise PathError(f"{quoted}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise PathError(f"{quoted} is a folder; give a file name")
        raise PathError(f"{quoted} is {_kind(info.st_mode)}, not a regular file; give a new name")
    folder = path.parent
    where = f"folder '{shown_path(folder)}'"
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            raise PathError(f"'{shown_path(folder)}' is a file, not a folder")
    except FileNotFoundError:
        raise PathError(f"{where} does not exist") from None
    except OSError as exc:
        raise PathError(f"{where}: {exc.strerror or exc}") from None
    try:  # the truth about writing there (read-only, no permission, no inodes) is to try it
        fd, probe = _open_temp(path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise PathError(f"cannot write in {where}: {exc.strerror or exc}") from None


# --- writing ---------------------------------------------------------------------------------
# A save writes a hidden temporary file beside its target, named `.NAME.lstm-arcade-tmp-PID-RANDOM`
# (a pattern nobody else uses), then puts it in place in one step. One killed half-way leaves its
# temporary file; `sweep_temporaries` removes those of dead processes before the next save there.
TEMP_MARK = ".lstm-arcade-tmp-"
_TEMP_NAME = re.compile(r"\.(.*)" + re.escape(TEMP_MARK) + r"(\d+)-([0-9a-z]{8})", re.DOTALL)
STALE_DEAD_S = 60.0  # a dead writer's, untouched this long, is stale (other hosts' PIDs look dead)
STALE_ANY_S = 15 * 60.0  # any writer's: a save takes milliseconds, and a PID may be reused
Content = bytes | Callable[[str], None]  # the bytes, or a function that writes the file it is given


@functools.cache
def _umask() -> int:
    """The process's umask, read once: reading it means setting it for a moment, which another
    thread creating a file at that moment (Ctrl+O's reader, a log) must not see."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _named(exc: OSError, target: Path) -> OSError:
    """The same error, naming the file the person asked for (not our hidden temporary one)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(target))


def _open_temp(target: Path) -> tuple[int, str]:
    """A new, empty, private temporary file beside `target`: (descriptor, path)."""
    tail = f"{TEMP_MARK}{os.getpid()}-"
    stem, room = target.name, 255 - len(tail) - 8 - 1  # fits even when the target's name barely does
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        random = "".join(secrets.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(8))
        path = os.path.join(target.parent, f".{stem}{tail}{random}")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, Message("no free temporary name"), str(target))


def _write_all(fd: int, data: bytes) -> None:
    """Every byte or an OSError: a short write is continued, and the next one says why (ENOSPC)."""
    view, done = memoryview(data), 0
    while done < len(view):
        written = os.write(fd, view[done:])
        if written <= 0:
            raise OSError(errno.EIO, Message("the disk took no more bytes"))
        done += written
    os.fsync(fd)
    size = os.fstat(fd).st_size
    if size != len(data):
        raise OSError(
            errno.EIO, Message("{size:,} of {total:,} bytes reached the disk", size=size, total=len(data))
        )


def _write_temp(target: Path, content: Content, mode: int) -> str:
    """The finished temporary file for `target` (on disk, permissions set); nothing left on error."""
    fd, tmp = _open_temp(target)
    try:
        try:
            if isinstance(content, (bytes, bytearray, memoryview)):
                _write_all(fd, bytes(content))
            else:
                os.close(fd)
                fd = -1
                content(tmp)
                fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
                os.fsync(fd)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:
                os.chmod(tmp, mode)
        finally:
            if fd >= 0:
                os.close(fd)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _claim(tmp: str, target: Path) -> bool:
    """Give the finished `tmp` the new name `target` in one step; FileExistsError when anything has
    that name. True when done, False when only a placeholder was claimed (no hard links here,
    e.g. a FAT stick): the caller then renames `tmp` over it."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(target, flags, 0o600))
    return False


def save_atomically(path: str | os.PathLike[str], content: Content) -> None:
    """Write `content` to `path` so a crash or a full disk leaves the old file or the new one, never
    half of one, and no temporary file: written beside it, checked (every byte, fsync), then put in
    place in one step. Only a regular file is replaced (never a folder, device, FIFO or symbolic
    link, also one that appeared since a check); it keeps its permissions, a new file gets a
    normal file's. OSError naming `path` when it cannot be written."""
    target = Path(path)
    sweep_temporaries(target.parent)
    try:
        existing = _regular_or_none(target)
        mode = stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask()
        tmp = _write_temp(target, content, mode)
        try:
            if existing is None:
                try:
                    if not _claim(tmp, target):
                        os.replace(tmp, target)
                    return
                except FileExistsError:  # it appeared since: replace it only if it is a regular file
                    _regular_or_none(target)
            os.replace(tmp, target)
        finally:
            _remove(tmp)
    except OSError as exc:
        raise _named(exc, target) from None


def _regular_or_none(target: Path) -> os.stat_result | None:
    """The target's lstat when it is a regular file, None when there is none; else OSError."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):  # never written through, never replaced
        code = errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EEXIST
        raise OSError(code, Message("it is {kind}, not a regular file (left as it is)", kind=_kind(info.st_mode)),
                      str(target))
    return info


def save_new_files(
    names: Callable[[int], Sequence[Path]], contents: Sequence[Content], tries: int = 10_000
) -> list[Path]:
    """Write files that belong together under names nobody has yet: `names(1)`, else `names(2)` …
    (e.g. trace-STAMP-2.csv and window-STAMP-2.png). Each is written whole first, then every name
    is claimed in one step that fails if the name exists (a hard link), so two programs saving
    into one folder at once never overwrite each other and a set never splits: one name taken
    and the whole set moves on. All or none are saved; OSError naming the file that failed."""
    first = list(names(1))
    for folder in dict.fromkeys(p.parent for p in first):
        sweep_temporaries(folder)
    mode = 0o666 & ~_umask()
    temps: list[str] = []
    current = first[0]
    try:
        for current, content in zip(first, contents, strict=True):
            temps.append(_write_temp(current, content, mode))
        for number in range(1, tries + 1):
            paths = first if number == 1 else list(names(number))
            claimed: list[tuple[Path, bool]] = []
            try:
                for tmp, current in zip(temps, paths, strict=True):
                    claimed.append((current, _claim(tmp, current)))
                for tmp, (current, done) in zip(temps, claimed, strict=True):
                    if not done:
                        os.replace(tmp, current)
            except BaseException as exc:
                for target, _ in claimed:  # ours, just claimed: the set is whole or not there
                    _remove(target)
                if isinstance(exc, FileExistsError):
                    continue
                raise
            return paths
        current = first[0]
        raise FileExistsError(errno.EEXIST, Message("{tries:,} names in a row are taken", tries=tries))
    except OSError as exc:
        raise _named(exc, current) from None
    finally:
        for tmp in temps:
            _remove(tmp)


def sweep_temporaries(
    folder: str | os.PathLike[str], now: float | None = None, limit: int = 100_000
) -> int:
    """Remove our temporary files that no save will finish (their writer was killed): those of a
    dead process untouched for a minute, and any untouched for 15 minutes; a live writer's stay.
    Never raises; the number removed."""
    now = time.time() if now is None else now
    removed = 0
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= limit:
                    break
                found = _TEMP_NAME.fullmatch(entry.name)
                if not found:
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode):
                        continue
                    age = now - info.st_mtime
                    if age > STALE_ANY_S or (age > STALE_DEAD_S and not _alive(int(found.group(2)))):
                        os.unlink(entry.path)
                        removed += 1
                except (OSError, ValueError):
                    continue
    except OSError:
        pass
    return removed


def _alive(pid: int) -> bool:
    """Whether a process `pid` runs on this computer (one of another user's counts too)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True
