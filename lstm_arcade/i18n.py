"""The words on screen in the visitor's language: marking text for translation and translating it.

Every layer but the model may import this module; it imports nothing of the project (the
catalogues are found and chosen by `formats/languages.py`). Four markers, which Babel extracts
(`python -m tools.i18n update`):

- `tr("Play")`, `tr("Step {t} of {n}", t=3, n=5)`: translated now, where the view draws it;
  the fields are filled in after translation, so a number is always the live one.
- `ntr("{n} value", "{n} values", n)`: the same, with the plural form the language wants.
- `N_("Play")`: only marks a constant kept for later; whoever shows it calls `tr(text)`.
- `Message("No lesson called {id!r}", id=x)`: English text to keep (a hint, an error) that
  remembers its template and fields, so `tr(message)` shows it in whatever language is on then;
  `Plural("{n:,} value", "{n:,} values", n=n)` is one with a plural.

`tr` of any other text (a lesson's page, a preset's name, read from the bundled files) looks it
up in the catalogue, and returns it as it is when the catalogue does not have it. A field is
translated only when it is a `Message` (`Message(preset.name)` keeps a bundled name to translate):
a plain str field is the visitor's or the disk's (a typed id, a file name) and is shown as it is,
even when it happens to equal a text of the catalogue.
"""

from __future__ import annotations

import gettext
import re
import string
from typing import Any, Protocol, Self

DOMAIN = "lstm_arcade"


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class Message(str):
    """English text that keeps its template and fields, to be translated when it is shown."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Self:
        made = super().__new__(cls, fill(template, fields))
        made.template, made.fields = template, fields
        return made

    def __reduce__(self) -> tuple:  # pickled (and copied) as what it is, not as a plain str
        return (_message, (self.template, self.fields))


def _message(template: str, fields: dict[str, Any]) -> Message:
    return Message(template, **fields)


class Plural(Message):
    """A `Message` whose text depends on the count `n` (one of `fields`): `ntr` when shown."""

    plural: str

    def __new__(cls, singular: str, plural: str, /, **fields: Any) -> Self:
        count = fields["n"]
        made = str.__new__(cls, fill(singular if count == 1 else plural, fields))
        made.template, made.plural, made.fields = singular, plural, fields
        return made

    def __reduce__(self) -> tuple:
        return (_plural, (self.template, self.plural, self.fields))


def _plural(singular: str, plural: str, fields: dict[str, Any]) -> Plural:
    return Plural(singular, plural, **fields)


_FIELD = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)(?:\((\d{1,6})\))?")


class _Fields(string.Formatter):
    """`str.format` for translated templates: a name (`{c}`), or a name called with a whole number
    (`{C(2)}`: a tour caption's value at step 2); never an attribute or an index, so a catalogue
    cannot reach into an object."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        match = _FIELD.fullmatch(field_name)
        if match is None:
            raise KeyError(field_name)
        name, argument = match.groups()
        value = kwargs[name]
        return (value if argument is None else value(int(argument))), name


_FORMATTER = _Fields()


def fill(template: str, fields: dict[str, Any]) -> str:
    """`template` with its `{name}` fields filled in; a field the text names but `fields` lacks (a
    translation's typo) leaves the template unfilled rather than raising."""
    if not fields and "{" not in template:
        return template
    try:
        return _FORMATTER.vformat(template, (), fields)
    except (KeyError, IndexError, ValueError, TypeError):
        return template


def fields_of(template: str) -> list[tuple[str, str]]:
    """Each field a template fills in, as (field, format spec): `{C(2):.2f}` → ("C(2)", ".2f").
    ValueError for an unbalanced brace or a field that is not a name or `name(k)`."""
    found = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise ValueError("a { or } without its partner (a brace itself is written {{ or }})") from None
    for _, field, spec, _ in parsed:
        if field is not None:
            if _FIELD.fullmatch(field) is None:
                raise ValueError(f"{{{field}}} is not a name or name(step)")
            found.append((field, spec or ""))
    return found


def field_names(template: str) -> set[str]:
    """The names a template fills in (`{c:.2f}` → "c", `{C(2)}` → "C"): a translation must use
    the same ones."""
    try:
        return {field.partition("(")[0] for field, _ in fields_of(template)}
    except ValueError:
        return {"{malformed}"}


_current: Translations = gettext.NullTranslations()
_code = "en"


def use(translations: Translations, code: str) -> None:
    """Translate from now on with `translations` (the language `code`)."""
    global _current, _code
    _current, _code = translations, code


def language() -> str:
    """The code of the language text is translated into now ("en", "de", …)."""
    return _code


def tr(text: str, /, **fields: Any) -> str:
    """`text` in the current language, its fields filled in; a `Message` is translated from its
    template, and so is every field that is itself a `Message` (a plain str field is kept)."""
    if isinstance(text, Plural):
        return ntr(text.template, text.plural, text.fields["n"], **text.fields)
    if isinstance(text, Message):
        return tr(text.template, **text.fields)
    if not text:
        return text
    return fill(_current.gettext(text), _translated(fields))


def ntr(singular: str, plural: str, n: int, /, **fields: Any) -> str:
    """The form of `singular`/`plural` the language uses for `n`, with `n` and `fields` filled in."""
    return fill(_current.ngettext(singular, plural, n), {"n": n, **_translated(fields)})


def _translated(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: tr(value) if isinstance(value, Message) else value for key, value in fields.items()}


def N_(text: str) -> str:
    """Marks `text` for translation without translating it (it is translated where it is shown)."""
    return text


def message_of(error: BaseException) -> str:
    """An exception's text, to keep and show later: the `Message` it was raised with, or one made
    from its `template` and `fields` (the model's errors carry them: the model cannot import this
    module), else its text as it is."""
    if error.args and isinstance(error.args[0], Message):
        return error.args[0]
    template = getattr(error, "template", None)
    if isinstance(template, str):
        return Message(template, **getattr(error, "fields", {}))
    return str(error)
