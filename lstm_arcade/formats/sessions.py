"""The kiosk's anonymous session log: one CSV row per visitor session in a daily file, and the staff
summary over a folder of them (`lstm-arcade --sessions-report DIR`).

A row holds counts and times only: when the session started (local time, to the second), how long
it lasted, the challenges and lessons started and completed, the best stars per challenge, and how
many times each kind of control was used (an action name: step, play, set …). Never a value, a
text typed or anything about the person.

Writing: a row goes into `sessions-YYYY-MM-DD.csv` (the local date the session started) by reading
the file and writing it whole again with `textfile.save_atomically`: a crash or a full disk leaves
the old file or the new one, never half of one. Two kiosks sharing a folder take turns under an
advisory lock (`fcntl.flock` on `.sessions.lock` beside the files), so each reads the rows the
other just wrote and none is lost. (One file per process would need no lock, but gives staff a file
per kiosk per restart instead of the one daily file they open in a spreadsheet.) Where there is no
flock (Windows), give each kiosk its own folder. No pygame.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import math
import os
import re
import stat
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from .textfile import save_atomically, shown, shown_path

if sys.platform != "win32":
    import fcntl

COLUMNS = (
    "start",  # ISO local time with its UTC offset, to the second
    "seconds",  # from the first input to the last (the idle wait before the reset is not counted)
    "challenges_started",
    "challenge_starts",  # per challenge: id:times started
    "challenges_met",  # how many different challenges were met
    "best_stars",  # per challenge met: id:best stars (1 … 3)
    "lessons_started",
    "lessons_completed",
    "controls",  # per kind of control: action name:times used
)
FILE_PATTERN = "sessions-*.csv"
LOCK_NAME = ".sessions.lock"
LOCK_WAIT_S = 2.0  # another kiosk writes a row in milliseconds; a lock held longer is stuck
MAX_PENDING = 1_000  # rows kept in memory while the folder cannot be written
MAX_FILE_BYTES = 50_000_000  # a day of sessions is ~100 kB; past this a daily file is not ours
MAX_COUNT = 1_000_000  # a count in a row beyond this is not a visitor's
MAX_SECONDS = 7 * 86_400.0
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")  # an action name or a challenge id (ASCII only)
_COUNT = re.compile(r"[0-9]{1,7}")
_SECONDS = re.compile(r"[0-9]{1,7}(?:\.[0-9]{1,3})?")


class SessionsError(ValueError):
    """Why a folder cannot be reported on: one line."""


@dataclass
class Session:
    """One visitor's session, as counted by the kiosk and as one row of the log."""

    start: datetime  # local, with its UTC offset
    seconds: float = 0.0
    challenge_starts: Counter[str] = field(default_factory=Counter)
    best_stars: dict[str, int] = field(default_factory=dict)
    lessons_started: int = 0
    lessons_completed: int = 0
    controls: Counter[str] = field(default_factory=Counter)

    @property
    def day(self) -> date:
        return self.start.date()

    def used(self, name: str) -> None:
        """A control of kind `name` was used (a name that is not a plain slug is never written)."""
        if NAME.fullmatch(name):
            self.controls[name] += 1

    def started(self, challenge_id: str) -> None:
        if NAME.fullmatch(challenge_id):
            self.challenge_starts[challenge_id] += 1

    def met(self, challenge_id: str, stars: int) -> None:
        if NAME.fullmatch(challenge_id) and 1 <= stars <= 3:
            self.best_stars[challenge_id] = max(stars, self.best_stars.get(challenge_id, 0))

    def row(self) -> list[str]:
        return [
            self.start.isoformat(timespec="seconds"),
            f"{max(0.0, self.seconds):.0f}",
            str(sum(self.challenge_starts.values())),
            _pairs(self.challenge_starts),
            str(len(self.best_stars)),
            _pairs(self.best_stars),
            str(self.lessons_started),
            str(self.lessons_completed),
            _pairs(self.controls),
        ]


def session_at(timestamp: float) -> Session:
    """A new session starting at `timestamp` (seconds since the epoch), in local time."""
    return Session(datetime.fromtimestamp(timestamp).astimezone().replace(microsecond=0))


def next_midnight(timestamp: float) -> float:
    """The timestamp of the next local midnight after `timestamp` (daylight saving included)."""
    tomorrow = datetime.fromtimestamp(timestamp).date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day).timestamp()


def _pairs(counts: dict[str, int]) -> str:
    """{"step": 4, "play": 2} → "play:2;step:4" (sorted by name: the same counts, the same text)."""
    return ";".join(f"{name}:{n}" for name, n in sorted(counts.items()) if NAME.fullmatch(name))


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


# --- writing -----------------------------------------------------------------------------------
def daily_file(folder: Path, day: date) -> Path:
    return folder / f"sessions-{day.isoformat()}.csv"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """The folder's advisory lock, held while a daily file is read and written again."""
    if sys.platform == "win32":
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
    fd = os.open(folder / LOCK_NAME, flags, 0o666)
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OSError(errno.EAGAIN, "another program holds its lock") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _old_bytes(path: Path) -> bytes:
    """The daily file's bytes so far (none: b""); OSError when it is not a regular file of ours."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return b""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # a folder, FIFO or device: never read, never replaced
        os.close(fd)
        raise OSError(errno.EEXIST, "it is not a regular file (left as it is)", str(path))
    with open(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            raise OSError(errno.EFBIG, f"it is over {MAX_FILE_BYTES // 1_000_000} MB; move it away",
                          str(path))
        return handle.read(MAX_FILE_BYTES + 1)


def append_rows(folder: Path, day: date, sessions: list[Session]) -> Path:
    """Add the sessions' rows to the day's file (a header first in a new one), atomically, under
    the folder's lock; OSError when it cannot be done (the file is then as it was)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = daily_file(folder, day)
    with _locked(folder):
        old = _old_bytes(path)
        if old and not old.endswith(b"\n"):
            old += b"\r\n"  # an edited file without a last line break: our row on a line of its own
        head = [] if old.strip() else [list(COLUMNS)]
        rows = _csv_text([*head, *(s.row() for s in sessions)])
        save_atomically(path, (old if old.strip() else b"") + rows.encode("utf-8"))
    return path


class SessionLog:
    """Writes the kiosk's session rows into `folder`; never raises. A row that cannot be written
    (a full disk, a folder that is not writable) is kept and written with the next one; the first
    failure of its kind is one line for the kiosk's log (`say`)."""

    def __init__(self, folder: Path, say: Callable[[str], None]) -> None:
        self.folder, self.say = folder, say
        self.pending: list[Session] = []
        self.problem: str | None = None  # the last failure said, until a write succeeds

    def write(self, session: Session) -> bool:
        """Write `session` (and any kept before it); whether everything is on disk now."""
        self.pending.append(session)
        del self.pending[:-MAX_PENDING]
        while self.pending:
            day = self.pending[0].day
            batch = [s for s in self.pending if s.day == day]
            try:
                append_rows(self.folder, day, batch)
            except OSError as exc:
                self._failed(exc, day)
                return False
            self.pending = [s for s in self.pending if s.day != day]
        if self.problem is not None:
            self.say(f"the session log is written again in {shown_path(self.folder)}")
        self.problem = None
        return True

    def _failed(self, exc: OSError, day: date) -> None:
        reason = exc.strerror or str(exc) or type(exc).__name__
        problem = (f"cannot write the session log {shown_path(daily_file(self.folder, day))}: "
                   f"{reason}; the kiosk goes on ({len(self.pending)} session(s) kept to write later)")
        if self.problem is None or self.problem.split("; ")[0] != problem.split("; ")[0]:
            self.say(problem)
        self.problem = problem


# --- reading and the report --------------------------------------------------------------------
@dataclass
class Found:
    """Every good row of a folder, and what was skipped."""

    sessions: list[Session] = field(default_factory=list)
    files: int = 0
    bad_rows: int = 0  # rows that are not a session row: counted, skipped
    foreign_rows: int = 0  # rows of files whose header is not the session log's
    unread: list[str] = field(default_factory=list)  # files that could not be read, with why


def _count(text: str) -> int:
    if not _COUNT.fullmatch(text) or int(text) > MAX_COUNT:
        raise ValueError(text)
    return int(text)


def _parse_pairs(text: str, low: int = 0, high: int = MAX_COUNT) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in text.split(";") if text else ():
        name, sep, number = part.partition(":")
        if not sep or not NAME.fullmatch(name) or name in found:
            raise ValueError(part)
        found[name] = _count(number)
        if not low <= found[name] <= high:
            raise ValueError(part)
    return found


def parse_row(values: dict[str, str]) -> Session:
    """A row (by column name) as a Session; ValueError when any value is not what we write."""
    start = datetime.fromisoformat(values["start"]) if len(values["start"]) <= 32 else None
    if start is None or start.year < 2000:
        raise ValueError("start")
    if not _SECONDS.fullmatch(values["seconds"]):
        raise ValueError("seconds")
    seconds = float(values["seconds"])
    if not (math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS):
        raise ValueError("seconds")
    starts = _parse_pairs(values["challenge_starts"])
    best = _parse_pairs(values["best_stars"], 1, 3)
    if _count(values["challenges_started"]) != sum(starts.values()):
        raise ValueError("challenges_started")
    if _count(values["challenges_met"]) != len(best):
        raise ValueError("challenges_met")
    return Session(start, seconds, Counter(starts), best, _count(values["lessons_started"]),
                   _count(values["lessons_completed"]), Counter(_parse_pairs(values["controls"])))


def _rows(handle: io.TextIOBase) -> Iterator[list[str] | None]:
    """The file's CSV rows; None for a row the csv module cannot read (a field over its limit)."""
    reader = csv.reader(handle)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield None


def _read_file(path: Path, found: Found) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        found.unread.append(f"{shown(path.name)}: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO (it would block), a folder, a device
        os.close(fd)
        found.unread.append(f"{shown(path.name)}: not a regular file")
        return
    with open(fd, encoding="utf-8", errors="replace", newline="") as handle:
        found.files += 1
        rows = _rows(handle)
        header = next(rows, None)
        ours = header is not None and set(COLUMNS) <= set(header) and len(set(header)) == len(header)
        for row in rows:
            if row is None or not ours:
                found.bad_rows += row is None
                found.foreign_rows += row is not None and bool(row)
                continue
            if not row:  # a blank line
                continue
            if header is None or len(row) != len(header):
                found.bad_rows += 1
                continue
            try:
                found.sessions.append(parse_row(dict(zip(header, row, strict=True))))
            except (ValueError, KeyError, OverflowError):
                found.bad_rows += 1


def read_folder(folder: str | os.PathLike[str]) -> Found:
    """Every sessions-*.csv in `folder`; SessionsError (one line) when it is not a readable folder."""
    path = Path(folder)
    quoted = f"'{shown_path(path)}'"
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SessionsError(f"sessions report: {quoted}: no such folder") from None
    except OSError as exc:
        raise SessionsError(f"sessions report: {quoted}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SessionsError(f"sessions report: {quoted} is a file, not a folder")
    try:
        names = sorted(p for p in path.glob(FILE_PATTERN))
    except OSError as exc:
        raise SessionsError(f"sessions report: {quoted}: {exc.strerror or exc}") from None
    found = Found()
    for name in names:
        _read_file(name, found)
    return found


WIDTH = 80


def report(folder: str | os.PathLike[str]) -> str:
    """The plain-text summary over every daily file in `folder` (lines of at most 80 columns)."""
    found = read_folder(folder)
    sessions = found.sessions
    lines = [shown(f"Sessions in {os.fspath(folder)}", WIDTH)]
    if not sessions:
        lines.append("No sessions" + ("" if found.files else f" (no {FILE_PATTERN} files)") + ".")
    else:
        days = sorted({s.day for s in sessions})
        minutes = [s.seconds / 60 for s in sessions]
        span = f"{days[0]} to {days[-1]}" if len(days) > 1 else f"{days[0]}"
        lines += [
            (f"{len(days)} day{'s' * (len(days) != 1)} ({span}), {len(sessions)} "
            f"session{'s' * (len(sessions) != 1)}"),
            (f"Minutes per session: median {statistics.median(minutes):.1f}, "
            f"total {sum(minutes):.1f}"),
            (f"Lessons: {sum(s.lessons_started for s in sessions)} started, "
            f"{sum(s.lessons_completed for s in sessions)} completed"),
        ]
        lines += _challenge_table(sessions) + _controls_table(sessions)
    lines += _skipped(found)
    return "\n".join(line[:WIDTH] for line in lines) + "\n"


def _challenge_table(sessions: list[Session]) -> list[str]:
    starts: Counter[str] = Counter()
    stars: dict[str, Counter[int]] = {}
    for s in sessions:
        starts.update(s.challenge_starts)
        for cid, best in s.best_stars.items():
            stars.setdefault(cid, Counter())[best] += 1
    ids = sorted(set(starts) | set(stars))
    if not ids:
        return ["", "Challenges: none started"]
    row = "{:<40}{:>8}{:>8}{:>8}{:>8}{:>8}"
    lines = ["", row.format("Challenge", "started", "met", "1 star", "2 stars", "3 stars")]
    for cid in ids:
        hist = stars.get(cid, Counter())
        lines.append(row.format(shown(cid, 39), starts[cid], sum(hist.values()),
                                hist[1], hist[2], hist[3]))
    return lines


def _controls_table(sessions: list[Session]) -> list[str]:
    used: Counter[str] = Counter()
    for s in sessions:
        used.update(s.controls)
    if not used:
        return ["", "Controls: none used"]
    top = sorted(used.items(), key=lambda item: (-item[1], item[0]))[:10]
    return ["", "Most used controls", *(f"  {name:<30}{n:>10}" for name, n in top)]


def _skipped(found: Found) -> list[str]:
    lines = []
    if found.bad_rows:
        lines.append(f"Skipped {found.bad_rows} bad row{'s' * (found.bad_rows != 1)}")
    if found.foreign_rows:
        lines.append(f"Skipped {found.foreign_rows} row{'s' * (found.foreign_rows != 1)} of files "
                     "that are not session logs (other columns)")
    for why in found.unread[:5]:
        lines.append(shown(f"Not read: {why}", WIDTH))
    if len(found.unread) > 5:
        lines.append(f"Not read: {len(found.unread) - 5} more files")
    return [""] + lines if lines else []


def report_main(folder: str | os.PathLike[str], prog: str) -> int:
    """`--sessions-report DIR`: the report on stdout (0), or one line on stderr (2)."""
    try:
        text = report(folder)
    except SessionsError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
