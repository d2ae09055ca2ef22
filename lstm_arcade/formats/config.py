"""Kiosk settings from a TOML file (`--config FILE`): checked whole before anything is applied.

Every key, its type, default and range lives in one table (`KEYS`); docs/kiosk.md lists the same.
A bad file is refused with one line naming the file, the line (when it can be found) and the key.
No pygame here: the settings are plain data that the kiosk turns into behaviour.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .languages import CODES, check
from .textfile import check_output, checked_path, home_folder, shown, shown_path
from .toml_file import NumberError, TomlError, number_in, parse_toml, read_toml_file

MAX_BYTES = 1_000_000  # a settings file is a few hundred bytes; anything near 1 MB is a mistake
MODIFIERS = ("ctrl", "shift", "alt")
_KEY_NAME = re.compile(r"^(?:[a-z0-9]|f(?:[1-9]|1[0-2]))$")


class ConfigError(ValueError):
    """One line: `FILE line N: key: what is wrong` (the line only when it is known)."""


def default_log_file() -> Path:
    """The crash log in the user's state folder: XDG on Linux, the usual places elsewhere; the
    temporary folder when no home folder is known (a service user without one)."""
    home = home_folder()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        base = Path(local) if Path(local).is_absolute() else home / "AppData" / "Local"
        return base / "lstm-arcade" / "kiosk.log"
    if sys.platform == "darwin":
        return home / "Library" / "Logs" / "lstm-arcade" / "kiosk.log"
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state) if state and Path(state).is_absolute() else home / ".local" / "state"
    return base / "lstm-arcade" / "kiosk.log"


@dataclass(frozen=True)
class KioskSettings:
    """Everything kiosk mode can be told; the defaults are what runs without a config file."""

    idle_seconds: float = 60.0  # no input for this long: the attract tour starts
    exit_keys: str = "ctrl+shift+q"  # the staff exit gesture: these keys held together …
    exit_hold_seconds: float = 2.0  # … for this long
    display: int = 0  # which monitor (0 = the first); --display overrides it
    hide_cursor_seconds: float = 3.0  # the mouse pointer hides after this long without motion
    tour_file: Path | None = None  # None: the bundled assets/tour.txt
    log_file: Path = Path()  # crash log; empty in the file means default_log_file()
    export_on_exit: Path | None = None  # CSV of the trace written when staff quit (tests use it)
    allow_export: bool = False  # classroom export keys (E, F12) in kiosk mode
    sound: bool = False  # sound effects: a chime for a met challenge, a tick for a lesson page
    still_there_seconds: float = 10.0  # the "Still there?" countdown before the idle reset (0: off)
    tour_hands_over_to: str = "challenge"  # a touch on the tour: "challenge" (the first), an id, "fresh"
    session_log_dir: Path | None = None  # the anonymous daily session CSVs (None: not written)
    levels: tuple[str, ...] = ("explore", "full")  # the visitor's levels offered; the first at start
    languages: tuple[str, ...] = CODES  # the languages the switch offers
    language: str = ""  # the language at start and after each idle reset ("": the first offered)
    source: str = "(defaults)"  # the file these came from, for messages

    def __post_init__(self) -> None:
        if self.log_file == Path():
            object.__setattr__(self, "log_file", default_log_file())
        if not self.language:
            object.__setattr__(self, "language", self.languages[0])

    @property
    def exit_combo(self) -> tuple[frozenset[str], str]:
        """(modifiers, key) of the exit gesture, e.g. ({"ctrl", "shift"}, "q")."""
        return parse_keys(self.exit_keys)


@dataclass(frozen=True)
class Key:
    kind: str  # "seconds", "int", "bool", "path", "keys", "handover", "folder", "levels", "language(s)"
    low: float = 0.0
    high: float = 0.0
    help: str = ""


KEYS: dict[str, Key] = {
    "idle_seconds": Key("seconds", 1, 86_400, "seconds without input before the attract tour"),
    "exit_keys": Key("keys", help='keys held for the staff exit, e.g. "ctrl+shift+q"'),
    "exit_hold_seconds": Key("seconds", 0.5, 30, "how long the exit keys must be held"),
    "display": Key("int", 0, 63, "monitor number, 0 = the first"),
    "hide_cursor_seconds": Key(
        "seconds", 0, 3_600, "seconds without mouse motion before the pointer hides"
    ),
    "tour_file": Key("path", help="the attract tour text file (empty: the bundled one)"),
    "log_file": Key("path", help="crash log (empty: the user's state folder)"),
    "export_on_exit": Key("path", help="CSV of the trace written when staff quit (empty: none)"),
    "allow_export": Key("bool", help="allow the export keys in kiosk mode"),
    "sound": Key("bool", help="sound effects: a chime when a challenge is met, a tick when a lesson page is done"),
    "still_there_seconds": Key(
        "seconds", 0, 3_600, 'the "Still there?" countdown before the idle reset (0 = off)'
    ),
    "tour_hands_over_to": Key(
        "handover", help='a touch on the tour starts "challenge" (the first), a challenge id, or "fresh"'
    ),
    "session_log_dir": Key("folder", help="folder of the anonymous daily session CSVs (empty: off)"),
    "levels": Key("levels", help='the levels visitors may use, the first at start: ["explore", "full"]'),
    "languages": Key("languages", help=f'the languages the switch offers, e.g. ["de", "en"] (shipped: {", ".join(CODES)})'),
    "language": Key("language", help='the language at start and after an idle reset (empty: the first of languages)'),
}
LEVELS = ("explore", "full")
_HANDOVER = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")  # "challenge", "fresh" or a challenge's id (a slug)


def parse_keys(text: str) -> tuple[frozenset[str], str]:
    """ "ctrl+shift+q" → ({"ctrl", "shift"}, "q"); ValueError with the reason when it is not valid."""
    parts = [p.strip().lower() for p in text.split("+")]
    mods = [p for p in parts if p in MODIFIERS]
    keys = [p for p in parts if p not in MODIFIERS]
    if len(keys) != 1 or not _KEY_NAME.match(keys[0]):
        raise ValueError(f'"{text}" needs exactly one key a-z, 0-9 or F1-F12, e.g. "ctrl+shift+q"')
    if not mods:
        raise ValueError(
            f'"{text}" needs at least one of ctrl, shift, alt, so visitors cannot quit'
        )
    if len(set(mods)) != len(mods):
        raise ValueError(f'"{text}" names a modifier twice')
    return frozenset(mods), keys[0]


def load_config(path: str | os.PathLike[str]) -> KioskSettings:
    """Read and check a settings file; ConfigError (one line) on any problem, nothing half-applied."""
    file = Path(path)
    name = str(path)
    try:
        data, text = read_toml_file(file, "settings file", MAX_BYTES)
    except TomlError as exc:
        raise ConfigError(exc.located(name)) from None
    return _settings(data, text, name, base=file.resolve().parent)


def parse_config(text: str, name: str = "config", base: Path | None = None) -> KioskSettings:
    """The settings in `text`; relative paths are taken from `base` (the file's folder)."""
    try:
        data = parse_toml(text)
    except TomlError as exc:
        raise ConfigError(exc.located(name)) from None
    return _settings(data, text, name, base)


def _settings(data: dict[str, Any], text: str, name: str, base: Path | None) -> KioskSettings:
    """Every key of the file's table checked (the first bad one named with its line)."""
    base = base or Path.cwd()
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = _where(name, text, key)
        spec = KEYS.get(key)
        if spec is None:
            if isinstance(value, dict):
                raise ConfigError(f"{where}: [{shown(key)}]: sections are not used; {_keys_hint(key)}")
            raise ConfigError(f"{where}: unknown key '{shown(key)}'; {_keys_hint(key)}")
        try:
            values[key] = _convert(spec, value, base)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {key}: {exc}") from None
    offered = values.get("languages", CODES)
    if values.get("language") and values["language"] not in offered:
        raise ConfigError(f"{_where(name, text, 'language')}: language: {_shown(values['language'])} "
                          f"is not one of languages ({', '.join(offered)})")
    return KioskSettings(**values, source=name)


def _keys_hint(key: str) -> str:
    """The key meant, where a known one is close ("did you mean 'idle_seconds'?"), else where
    the keys are listed (every key named would make the line too long to read)."""
    close = difflib.get_close_matches(key[:60], KEYS, n=1)
    return f"did you mean '{close[0]}'?" if close else "the keys are listed in docs/kiosk.md"


def _convert(spec: Key, value: Any, base: Path) -> Any:
    if spec.kind in ("seconds", "int"):
        seconds = spec.kind == "seconds"
        try:
            unit = " seconds" if seconds else ""
            return number_in(value, spec.low, spec.high, whole=not seconds, unit=unit)
        except NumberError as exc:
            if exc.wrong_type:
                raise TypeError(f"must be a {'number of seconds' if seconds else 'whole number'}, "
                                f"got {_shown(value)}") from None
            raise ValueError(f"{_shown(value)} {exc.reason}") from None
    if spec.kind in _LISTS:
        return _LISTS[spec.kind](value)
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise TypeError(f"must be true or false (no quotes), got {_shown(value)}")
        return value
    if not isinstance(value, str):
        raise TypeError(f"must be text in quotes, got {_shown(value)}")
    if spec.kind == "keys":
        parse_keys(value)
        return value
    if spec.kind == "handover":
        if not _HANDOVER.fullmatch(value):
            raise ValueError(f'must be "challenge", "fresh" or a challenge id such as '
                             f'"hold-the-pulse", got {_shown(value)}')
        return value
    if spec.kind == "folder":
        return _folder(value, base)
    # A path: empty means "the default"; relative paths are relative to the settings file.
    if not value.strip():
        return Path() if spec is KEYS["log_file"] else None
    path = checked_path(value, base)  # PathError (a ValueError): NUL, ~nosuchuser, too long
    if spec is KEYS["export_on_exit"]:
        check_output(path, value)  # a regular file or a new name, in a folder we may write
    elif spec is KEYS["log_file"] and path.is_dir():
        raise ValueError(f"'{shown_path(value)}' is a folder; give a file name")
    return path


def _levels(value: Any) -> tuple[str, ...]:
    """["explore", "full"], ["full", "explore"], ["explore"] or ["full"]: which levels exist."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise TypeError(f'must be a list such as ["explore", "full"], got {_shown(value)}')
    unknown = [v for v in value if v not in LEVELS]
    if unknown:
        raise ValueError(f'{_shown(unknown[0])} is not a level; the levels are "explore" and "full"')
    if len(set(value)) != len(value):
        raise ValueError("names a level twice")
    return tuple(value)


def _language(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f'must be a language code in quotes such as "de", got {_shown(value)}')
    return check(value) if value else value


def _languages(value: Any) -> tuple[str, ...]:
    """A list of shipped language codes, each once: the switch offers them in this order."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise TypeError(f'must be a list such as ["de", "en"], got {_shown(value)}')
    for code in value:
        check(code)
    if len(set(value)) != len(value):
        raise ValueError("names a language twice")
    return tuple(value)


_LISTS = {"levels": _levels, "languages": _languages, "language": _language}  # checked on their own


def _folder(value: str, base: Path) -> Path | None:
    """A folder the kiosk writes into (created at the first write); empty: none."""
    if not value.strip():
        return None
    path = checked_path(value, base, folder=True)
    if path.exists() and not path.is_dir():
        raise ValueError(f"'{shown_path(value)}' is a file; give a folder")
    return path


def _where(name: str, text: str, key: str) -> str:
    """'FILE line N' for the line that sets `key`, or just 'FILE' when it cannot be found."""
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    section = re.compile(rf"^\s*\[\s*{re.escape(key)}\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line) or section.match(line):
            return f"{name} line {number}"
    return name


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def main(argv: list[str] | None = None) -> int:
    """`python -m lstm_arcade.config FILE`: check a settings file before a kiosk uses it."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m lstm_arcade.config FILE", file=sys.stderr)
        return 2
    try:
        settings = load_config(args[0])
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args[0]}: OK")
    for key in KEYS:
        print(f"  {key} = {getattr(settings, key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
