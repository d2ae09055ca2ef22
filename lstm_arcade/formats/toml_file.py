"""The one checked way to read a TOML file that people edit (settings, scenarios, presets, task
presets, controller and MIDI mappings), and the one check of a number read from one.

Every failure is one `TomlError` with a one-line message and the line when it has one: a file that
cannot be read (see `textfile.read_text_file`), TOML syntax, a number too long for Python's int,
nesting too deep for the parser, no memory, and a file that would take too long to parse.

tomllib's time grows with the square of a dotted key's parts (40,000 parts: 30 s), and it reads
keys, values and "strings" in Python (1 MB of `k = 1` lines: 0.25 s; of one "string": 45 ms).
So `prescan` bounds the work first, in one linear pass over the text's tokens (a string is one
token): at most MAX_KEY_PARTS parts in a key or table header, MAX_DEPTH levels of [ and {,
MAX_TOKENS tokens, MAX_LINES lines, MAX_ESCAPES backslashes, MAX_BARE characters of bare keys and
numbers and MAX_SLOW of "strings" that hold a backslash or a '; every other "string" is read as the
'literal string' it equals (nine times as fast). Real files are far below every limit: the
largest bundled one has 250 tokens, a scenario's 100,000-value sequence is one string.

Measured (2 cores shared with other work, Python 3.11; prescan and tomllib together, best of 7;
the files are WORST and OVER in tests/test_toml_file.py): the worst file just under each limit
takes 3-12 ms (10,000 tokens of `k = 1`: 11 ms; 32-part keys: 9 ms; nesting 64 deep: 7-10 ms;
100,000 slow string characters beside an 800 KB string: 12 ms; a 1 MB sequence: 8 ms), one at
every limit at once 30 ms; a file over a limit is refused in at most 5 ms.

No pygame.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tomllib
from typing import Any

from ..i18n import Message
from .textfile import KEY_AT_START, ONE_MB, TextFileError, dotted_key, read_text_file, shown

MAX_KEY_PARTS = 32  # parts of one dotted key or table header (real ones have at most 3)
MAX_DEPTH = 64  # levels of [ and { (real files: 2, a list of inline tables)
MAX_TOKENS = 10_000  # keys, values, brackets, commas, comments and lines (real files: at most ~250)
MAX_LINES = 50_000  # lines outside strings, comments included (real files: a few hundred)
MAX_ESCAPES = 20_000  # backslashes (escapes: tomllib reads each in Python; real files: a few)
MAX_BARE = 100_000  # characters of bare keys, numbers and dates (real files: a few thousand)
MAX_SLOW = 100_000  # characters in "strings" with a \ or ' (tomllib reads them one by one)
FLOAT_MAX = sys.float_info.max


class TomlError(ValueError):
    """Why a TOML text cannot be used: `message` (one line), the `line` and the dotted `key` at
    the start of that line, when known. str() is `key: message`; the caller adds the file.
    The texts are `Message`s: English here, translated where the app shows them."""

    def __init__(self, message: str, line: int | None = None, key: str | None = None) -> None:
        self.message, self.line, self.key = message, line, key
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        if self.key:
            # TRANSLATORS: key is a key of a TOML file (weights.w_f), message what is wrong with it
            return Message("{key}: {message}", key=self.key, message=self.message)
        return self.message

    def located(self, source: str) -> str:
        """The one-line message with its file: 'FILE line N: key: what'."""
        if self.line is None:
            # TRANSLATORS: file is a file name, reason what is wrong in it
            return Message("{file}: {reason}", file=source, reason=self.reason)
        return Message("{file} line {line}: {reason}", file=source, line=self.line, reason=self.reason)


def read_toml_file(
    path: str | os.PathLike[str], kind: str, limit: int = ONE_MB
) -> tuple[dict[str, Any], str]:
    """The file's table and its text (for finding a key's line); `kind` names it in messages."""
    try:
        text = read_text_file(path, kind, limit)
    except TextFileError as exc:
        raise TomlError(exc.message, exc.line) from None
    return parse_toml(text), text


def parse_toml(text: str) -> dict[str, Any]:
    """The table in `text`, its work bounded first (`prescan`); TomlError on any problem."""
    plain = prescan(text)
    try:
        return tomllib.loads(_as_literal(text, plain) if plain else text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(text, exc) from None
    except RecursionError:  # prescan's MAX_DEPTH keeps far below this; kept as the last guard
        raise TomlError(Message("values nested too deeply")) from None
    except MemoryError:
        raise TomlError(Message("too big to read (out of memory)")) from None
    except ValueError as exc:  # tomllib lets int()'s own refusals through
        raise TomlError(Message("not valid TOML ({what})", what=shown(str(exc), 60))) from None


# --- bounding the work before parsing ---------------------------------------------------------
_TOKEN = re.compile(
    r'''(?P<nl>\n[ \t\r\n]*)                           # line ends, with the blank lines after them
      | (?P<comment>\#[^\n]*)
      | (?P<str>"""[^"\\]*+(?:(?:\\[\s\S]|"(?!""))[^"\\]*+)*+"""(?:"{1,2})?
               | \'\'\'[\s\S]*?\'\'\'(?:\'{1,2})?
               | "[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"
               | '[^'\n]*+')
      | (?P<word>[^\s"'\#\[\]{}=,.]+)                  # a bare key part, number, date, true …
      | (?P<punct>[\[\]{}=,.])
      | (?P<other>["'])                                # a quote that opens no string''',
    re.VERBOSE,
)
_PLAIN_INT = re.compile(r"[+-]?[0-9_]+")


def prescan(text: str) -> list[tuple[int, int, int]]:
    """TomlError (with the line) when parsing `text` could take long: see the module's limits.
    A string is one token, whatever its length; the pass stops at the first limit passed.
    Returns the "strings" that may be read as 'literal strings' (see `_as_literal`)."""
    scan = _Prescan(text)
    _count_backslashes(text)
    for count, token in enumerate(_TOKEN.finditer(text), 1):
        if count > MAX_TOKENS:
            _over(text, token, Message("more than {most:,} keys, values, brackets and comments "
                                       "(a file of this kind has a few hundred at most)", most=MAX_TOKENS))
        scan.token(token)
    return scan.plain


class _Prescan:
    """`prescan`'s state between tokens, and one method per kind of token."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.digits = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
        self.opened: list[str] = []  # the [ and { around the current token
        self.key_parts = -1  # parts of the key being read; -1: not in a key
        self.header = False  # the key is a [table] or [[array]] header
        # at the start of a line, outside brackets: a key or a header may begin
        self.line_start = True
        self.after_open = False  # after `{` or `,` in an inline table: a key may begin
        self.lines = self.bare = self.slow = 0
        # (start, end, quotes) of "strings" with no \ and no '
        self.plain: list[tuple[int, int, int]] = []

    def token(self, token: re.Match[str]) -> None:
        kind, value = token.lastgroup, token.group()
        if kind == "other":  # tomllib would refuse it here too, after reading to the end in Python
            self.unclosed(token, value)
        if kind == "comment":
            return
        if kind == "nl":
            self.line_end(token, value)
            return
        if kind in ("word", "str"):
            self.key_part(token)
            if kind == "str":
                self.string(token, value)
            else:
                self.word(token, value)
        else:
            self.punct(token, value)
        self.line_start = False
        self.after_open = kind == "punct" and value in "{," and self.in_inline_table()

    def in_inline_table(self) -> bool:
        return bool(self.opened) and self.opened[-1] == "{"

    def unclosed(self, token: re.Match[str], quote: str) -> None:
        text = self.text
        start = token.start()
        while start > 0 and text[start - 1] == quote:  # `"""x` was read as `""` and `"`
            start -= 1
        column = start - text.rfind("\n", 0, start)
        _over(text, token, Message("not valid TOML (a string that is not closed, column {column})", column=column))

    def line_end(self, token: re.Match[str], value: str) -> None:
        self.lines += value.count("\n")
        if self.lines > MAX_LINES:
            _over(self.text, token, Message("more than {most:,} lines outside strings", most=MAX_LINES))
        self.line_start = not self.opened
        if not self.opened:
            self.key_parts = -1  # a key ends with its line

    def key_part(self, token: re.Match[str]) -> None:
        """A word or a string: one more part when it is (or begins) a key."""
        if self.key_parts < 0 and (self.line_start or self.after_open):
            self.key_parts = 0
        if self.key_parts >= 0:
            self.key_parts += 1
            if self.key_parts > MAX_KEY_PARTS:
                _over(self.text, token, Message("a key of more than {most} dotted parts", most=MAX_KEY_PARTS))

    def string(self, token: re.Match[str], value: str) -> None:
        if value[0] != '"':
            return
        if "\\" not in value and "'" not in value:
            self.plain.append((token.start(), token.end(), 3 if value.startswith('"""') else 1))
            return
        self.slow += len(value)  # read by tomllib a character at a time, in Python
        if self.slow > MAX_SLOW:
            _over(self.text, token, Message("more than {most:,} characters in \"strings\" "
                                            "that hold a \\ or a '", most=MAX_SLOW))

    def word(self, token: re.Match[str], value: str) -> None:
        self.bare += len(value)
        digits = self.digits
        if self.key_parts < 0 and digits and len(value) > digits and _PLAIN_INT.fullmatch(value):
            many = len(value.replace("_", "").lstrip("+-"))
            beside = self.text[max(0, token.start() - 1):token.end() + 1]
            if many > digits and "." not in beside:  # a float's digits have no limit
                _over(self.text, token, Message("a number of {many:,} digits (at most {most:,})",
                                                many=many, most=digits))
        if self.bare > MAX_BARE:
            _over(self.text, token, Message("more than {most:,} characters of numbers and bare keys",
                                            most=MAX_BARE))

    def punct(self, token: re.Match[str], value: str) -> None:
        if value in "[{":
            if self.line_start and value == "[":  # a [table] or [[array]] header
                self.header, self.key_parts = True, 0
            self.opened.append(value)
            if len(self.opened) > MAX_DEPTH:
                _over(
                    self.text, token,
                    Message("nested too deeply: more than {most} levels of [ and {{", most=MAX_DEPTH),
                )
        elif value in "]}":
            if self.opened:
                self.opened.pop()
            if self.header and not self.opened:
                self.header, self.key_parts = False, -1
        elif value == "=":
            self.key_parts = -1


def _as_literal(text: str, plain: list[tuple[int, int, int]]) -> str:
    """`text` with each of these "strings" written as a 'literal string': with no backslash and
    no ' in it, both say the same (same rules for control characters and the first line break of
    a multi-line one), and tomllib reads a literal one nine times as fast (a 1 MB sequence: 5 ms
    instead of 45). Only the quotes change, so every line and column stays where it was."""
    parts, at = [], 0
    for start, end, quotes in plain:
        parts += [text[at:start], "'" * quotes, text[start + quotes:end - quotes], "'" * quotes]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _count_backslashes(text: str) -> None:
    """Refuse more than MAX_ESCAPES backslashes before anything else: tomllib reads each escape in
    Python, and even matching the strings' tokens is slow with that many (a C count is not)."""
    if text.count("\\") <= MAX_ESCAPES:
        return
    at = -1
    for _ in range(MAX_ESCAPES + 1):
        at = text.find("\\", at + 1)
    raise TomlError(Message("more than {most:,} backslashes", most=MAX_ESCAPES), text.count("\n", 0, at) + 1)


def _over(text: str, token: re.Match[str], what: str) -> None:
    """Refuse the text at `token`: its line, and the key that line starts with when it has one."""
    start = text.rfind("\n", 0, token.start()) + 1
    key = KEY_AT_START.match(text[start:start + 500])  # a real key is short: no long line matched
    raise TomlError(what, text.count("\n", 0, start) + 1, dotted_key(key.group(1)) if key else None)


# --- tomllib's errors in our words --------------------------------------------------------------
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _syntax_error(text: str, exc: tomllib.TOMLDecodeError) -> TomlError:
    """tomllib says 'Invalid value (at line 3, column 9)': say which line, column and key."""
    message = (str(exc).splitlines() or ["not valid TOML"])[0]
    found = _AT.search(message)
    what = (message[: found.start()] if found else message).strip()
    # tomllib's own words ("invalid value") stay English; ours is translated
    what = shown(what[:1].lower() + what[1:], 80) if what else Message("syntax error")
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    if found and found.group(1):
        line, column = int(found.group(1)), int(found.group(2))
    if found and not found.group(1):  # at the end of the document: its last line
        line = text.count("\n") + (0 if text.endswith("\n") else 1) or 1
    if not line:
        return TomlError(Message("not valid TOML ({what})", what=what))
    start = _line_start(text, line)
    end = text.find("\n", start)
    source = text[start: end if end >= 0 else len(text)]
    key = KEY_AT_START.match(source[:500])  # a real key is short: never match a long line
    if key:
        return TomlError(_not_valid(what, column), line, dotted_key(key.group(1)))
    return TomlError(_not_valid(what, column, shown(source.strip()) if source.strip() else None), line)


def _not_valid(what: str, column: int | None, near: str | None = None) -> Message:
    """'not valid TOML (what, column N): the line', each part when known."""
    if near is None:
        if column:
            return Message("not valid TOML ({what}, column {column})", what=what, column=column)
        return Message("not valid TOML ({what})", what=what)
    if column:
        return Message("not valid TOML ({what}, column {column}): {near}", what=what, column=column, near=near)
    return Message("not valid TOML ({what}): {near}", what=what, near=near)


def _line_start(text: str, line: int) -> int:
    """The offset where line `line` (from 1) begins."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return start


# --- numbers -------------------------------------------------------------------------------------
class NumberError(ValueError):
    """Why a value is not a number that can be used: `reason` (e.g. "is outside 0 … 63", a
    `Message`) follows the value in a message; `wrong_type` when it is no number at all (or not
    whole)."""

    def __init__(self, reason: str, wrong_type: bool) -> None:
        super().__init__(reason)
        self.reason, self.wrong_type = reason, wrong_type


def number_in(
    value: object,
    low: float = -math.inf,
    high: float = math.inf,
    whole: bool = False,
    unit: str = "",
) -> Any:
    """`value` as a float (an int when `whole`) when it is a number in low … high; else
    NumberError. Bools are not numbers; nan, inf and an int too big for a float are outside
    (ints and floats compare exactly in Python: nothing is converted before it is in range).
    `unit` (" steps per second", marked for translation by the caller) follows the range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NumberError(Message("is not a number"), wrong_type=True)
    if whole and not isinstance(value, int):
        raise NumberError(Message("is not a whole number"), wrong_type=True)
    if low <= value <= high and -FLOAT_MAX <= value <= FLOAT_MAX:  # nan fails every comparison
        return value if whole else float(value)
    if -math.inf < low and high < math.inf:
        reason = Message("is outside {low} … {high}{unit}", low=_plain(low), high=_plain(high), unit=unit)
    elif value < low:
        reason = Message("is less than {low}{unit}", low=_plain(low), unit=unit)
    elif value > high:
        reason = Message("is more than {high}{unit}", high=_plain(high), unit=unit)
    elif isinstance(value, float) and math.isnan(value):  # no unit: it is no amount at all
        reason = Message("is not a number")
    else:  # beyond a float's range
        reason = Message("is too big for a number")
    raise NumberError(reason, wrong_type=False)


def _plain(x: float) -> str:
    """86400 → '86400', 1e9 → '1,000,000,000', 0.25 → '0.25'."""
    return f"{x:,.0f}" if abs(x) >= 1e6 and float(x).is_integer() else f"{x:g}"
