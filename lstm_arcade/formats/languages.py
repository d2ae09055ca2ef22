"""The languages shipped, their compiled catalogues (package data) and choosing one.

The catalogues are standard gettext: `assets/locale/<code>/LC_MESSAGES/lstm_arcade.po` is what a
translator edits, the `.mo` beside it is what the program reads (`python -m tools.i18n compile`).
English is the text in the code and needs no catalogue. No pygame here.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from .. import i18n
from .assets import asset_path


@dataclass(frozen=True)
class Language:
    code: str  # "de": the catalogue's folder and what --lang, config and scenarios name
    name: str  # in its own language, as the switch shows it ("Deutsch"): no flags
    rtl: bool = False  # written right to left (lines are set in visual order: ui/bidi.py)


# The one table of languages; a new one is a row here and a catalogue under assets/locale.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("de", "Deutsch"),
    Language("fr", "Français"),
    Language("es", "Español"),
    Language("ar", "العربية", rtl=True),
)
BY_CODE = {language.code: language for language in LANGUAGES}
CODES = tuple(BY_CODE)
DEFAULT = "en"


class LanguageError(ValueError):
    """A language code that is not shipped: one line that lists the shipped ones."""


def check(code: str) -> str:
    """`code` if a language of that code is shipped, else LanguageError."""
    if code not in BY_CODE:
        raise LanguageError(f"no language {code!r}: shipped are {', '.join(CODES)}")
    return code


@cache
def translations(code: str) -> i18n.Translations:
    """The compiled catalogue of `code` (English: none, the code's own text)."""
    if check(code) == DEFAULT:
        return gettext.NullTranslations()
    with open(asset_path(f"locale/{code}/LC_MESSAGES/{i18n.DOMAIN}.mo"), "rb") as file:
        return gettext.GNUTranslations(file)


def use(code: str) -> None:
    """Show every text in `code` from now on."""
    i18n.use(translations(code), code)


def system_language(environ: Mapping[str, str] = os.environ) -> str | None:
    """The first shipped language among the system's preferred ones, as gettext reads them
    (LANGUAGE, a colon list, then LC_ALL, LC_MESSAGES, LANG); None when there is none (an empty
    or unset list, "C", "POSIX", only languages not shipped)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        for wanted in value.split(":"):
            code = wanted.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if code in BY_CODE:
                return code
        if value and variable != "LANGUAGE":
            return None  # the first locale set decides, as it does for gettext (LANGUAGE aside)
    return None
