"""The translation catalogues: extract, update, compile and check them (Babel does the work).

    python -m tools.i18n update     extract every marked text into assets/locale/lstm_arcade.pot
                                    and merge it into each language's .po (new texts come empty)
    python -m tools.i18n compile    the .po files into the .mo files the program reads
    python -m tools.i18n check      exit 1, naming them, when a catalogue lacks a text the code or
                                    the bundled files use, carries one they no longer use, leaves
                                    one untranslated, or its .mo is older than its .po

Texts come from the code (`tr`, `ntr`, `N_`, `Message` in lstm_arcade/i18n.py) and from the
bundled files staff edit: the lessons', challenges', presets' and tasks' titles and texts, and the
tour's scene titles and captions.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from lstm_arcade.formats import tour
from lstm_arcade.formats.languages import BY_CODE, CODES, DEFAULT
from lstm_arcade.i18n import DOMAIN, field_names
from lstm_arcade.ui import bidi

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "lstm_arcade"
LOCALE = REPO / "assets" / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"tr": None, "ntr": (1, 2), "N_": None, "Message": None, "Plural": (1, 2)}
# The keys of the bundled TOML files whose text is shown on screen.
TOML_TEXT_KEYS = frozenset({"title", "goal", "text", "name", "explanation"})
DATA_FILES = ("presets.toml", "tasks.toml", "challenges.toml", "lessons/*.toml")
TRANSLATED = tuple(code for code in CODES if code != DEFAULT)


def _toml_texts(data: object, path: tuple[str, ...] = ()) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in TOML_TEXT_KEYS:
                yield value
            else:
                yield from _toml_texts(value, (*path, key))
    elif isinstance(data, list):
        for value in data:
            yield from _toml_texts(value, path)


def _line_of(source: str, text: str) -> int:
    """The line where `text` first appears in `source` (for the catalogue's location comments)."""
    at = source.find(text.split("\n")[0][:40])
    return source.count("\n", 0, at) + 1 if at >= 0 else 0


def extract_toml(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for the bundled TOML files: the on-screen texts, with their lines."""
    source = fileobj.read().decode("utf-8")
    for text in _toml_texts(tomllib.loads(source)):
        yield _line_of(source, text), None, text, []


def extract_tour(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for the tour file: every scene's title and every caption."""
    source = fileobj.read().decode("utf-8")
    for scene in tour.parse_tour(source).scenes:
        yield _line_of(source, scene.title), None, scene.title, []
        for caption in scene.captions:
            yield _line_of(source, caption.text), None, caption.text, []


def _sources() -> Iterator[tuple[Path, object]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path, "python"
    for pattern in DATA_FILES:
        for path in sorted((REPO / "assets").glob(pattern)):
            yield path, extract_toml
    yield REPO / "assets" / "tour.txt", extract_tour


def template() -> Catalog:
    """Every text the code and the bundled files mark, with where each is used."""
    catalog = Catalog(project="LSTM Arcade", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for path, method in _sources():
        relative = path.relative_to(REPO).as_posix()
        if method == "python":
            found = extract_from_file("python", path, KEYWORDS, comment_tags=("TRANSLATORS:",))
        else:
            with open(path, "rb") as file:
                found = list(extract(method, file, KEYWORDS))
        for line, message, comments, context in found:
            if message:
                catalog.add(message, None, [(relative, line)], auto_comments=comments,
                            context=context)
    return catalog


def po_path(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    with open(po_path(code), "rb") as file:
        return read_po(file, locale=code, domain=DOMAIN)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)  # mkstemp's 0600 would ship a catalogue others cannot read
    os.replace(temporary, path)


def _po_bytes(catalog: Catalog, **options: bool) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, **options)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    """The template from the sources, merged into every language's catalogue."""
    pot = template()
    _write_atomic(TEMPLATE, _po_bytes(pot, omit_header=False))
    for code in TRANSLATED:
        catalog = read_catalog(code) if po_path(code).exists() else Catalog(
            locale=code, domain=DOMAIN, project="LSTM Arcade", fuzzy=False
        )
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # a text no longer used leaves the catalogue (git keeps it)
        _write_atomic(po_path(code), _po_bytes(catalog, ignore_obsolete=True))


def compile_all() -> None:
    for code in TRANSLATED:
        _write_atomic(po_path(code).with_suffix(".mo"), mo_bytes(read_catalog(code)))


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


_FIELDS = re.compile(r"\{[^{}]*\}")


def _starts_left_to_right(translation: str) -> bool:
    """A right-to-left sentence whose first letter (its fields aside) is Latin ("W_f …", "LSTM …"):
    it would be laid out from the left."""
    words = _FIELDS.sub("", translation)
    return bidi.has_rtl(words) and not bidi.is_rtl_line(words)


def problems(untranslated: bool = True) -> list[str]:
    """What is wrong with the catalogues, one line each; none: all complete and compiled
    (`untranslated` False: texts not translated yet are not counted)."""
    wanted = _ids(template())
    found: list[str] = []
    for code in TRANSLATED:
        if not po_path(code).exists():
            found.append(f"{code}: no catalogue {po_path(code).relative_to(REPO)}")
            continue
        catalog = read_catalog(code)
        have = _ids(catalog)
        found += [f"{code}: lacks {text!r}" for text in sorted(wanted - have, key=str)]
        found += [f"{code}: no longer used {text!r}" for text in sorted(have - wanted, key=str)]
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                if untranslated:
                    found.append(f"{code}: untranslated {message.id!r}")
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            names = set().union(*(field_names(text) for text in ids))
            if any(field_names(text) - names for text in strings) or field_names(ids[0]) - set().union(
                *(field_names(text) for text in strings)
            ):
                found.append(f"{code}: fields differ in {message.id!r}")
            if BY_CODE[code].rtl and any(_starts_left_to_right(text) for text in strings):
                found.append(f"{code}: {message.id!r} is written right to left but starts with a left-to-right"
                             " word: begin it with U+200F (right-to-left mark)")
        mo = po_path(code).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{code}: {mo.relative_to(REPO)} is not compiled from its .po")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --- the pseudo-locale: every marked text visibly changed, and a third longer -----------------
_PSEUDO = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóƥʠŕšťúʋŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŤÚƲŴẊÝŽ",
)


def pseudo(text: str) -> str:
    """`text` with every letter outside its {fields} accented, and every third letter doubled (a
    translation runs about 30 % longer): no plain ASCII letter of a marked text is left."""
    out, depth, letters = [], 0, 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        if depth or not char.isascii() or not char.isalpha():
            out.append(char)
            continue
        shown = char.translate(_PSEUDO)
        letters += 1
        out.append(shown * 2 if letters % 3 == 0 else shown)
    return "".join(out)


class PseudoTranslations:
    """Translations that show every text of the template (and only those) as `pseudo(text)`."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.texts: dict[str, str] = {}
        for message in catalog if catalog is not None else template():
            for text in message.id if isinstance(message.id, tuple) else (message.id,):
                if text:
                    self.texts[text] = pseudo(text)

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)
