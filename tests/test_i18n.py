"""The translation core: markers, live fields, safe formatting, choosing a language, the shipped
catalogues complete and compiled, and the tour's numbers live in every language."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from lstm_arcade import i18n
from lstm_arcade.formats import languages, tour
from lstm_arcade.formats.condition import SimulationContext
from lstm_arcade.i18n import Message, fill, message_of, ntr, tr
from lstm_arcade.model import LSTMParams, SequenceError, parse_sequence
from lstm_arcade.sim import Simulation
from tools import i18n as catalogues


@pytest.fixture(autouse=True)
def english():
    yield
    languages.use("en")


class _Upper:
    """A stand-in catalogue: the texts these tests use, as the pseudo-locale shows them."""

    KNOWN = ("Step {t} of {n}", "No lesson called {id!r}", "Move {what}", "the {name} slider")

    def gettext(self, text: str) -> str:
        return catalogues.pseudo(text) if text in self.KNOWN else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def test_fields_are_filled_after_translation_so_numbers_stay_live():
    i18n.use(_Upper(), "xx")
    assert tr("Step {t} of {n}", t=3, n=5) == catalogues.pseudo("Step {t} of {n}").format(t=3, n=5)
    assert "3" in tr("Step {t} of {n}", t=3, n=5)
    assert ntr("{n} value", "{n} values", 1) == "1 value"
    assert ntr("{n} value", "{n} values", 1_000) == "1000 values"


def test_a_message_keeps_english_and_translates_when_shown():
    hint = Message("No lesson called {id!r}", id="nope")
    assert hint == "No lesson called 'nope'"  # a str: the command line and logs print it as is
    assert pickle.loads(pickle.dumps(hint)).template == hint.template
    i18n.use(_Upper(), "xx")
    assert tr(hint) == catalogues.pseudo("No lesson called {id!r}").format(id="nope")
    languages.use("en")
    assert tr(hint) == "No lesson called 'nope'"


def test_a_message_translates_the_text_fields_it_carries():
    i18n.use(_Upper(), "xx")
    inner = Message("the {name} slider", name="W_f")
    assert tr(Message("Move {what}", what=inner)) == catalogues.pseudo("Move {what}").format(
        what=catalogues.pseudo("the {name} slider").format(name="W_f")
    )


def test_a_plain_text_field_is_shown_as_it_is_even_when_it_equals_a_catalogue_text():
    """A typed id or a file name that happens to be a text of the catalogue is not translated."""
    i18n.use(_Upper(), "xx")
    assert tr("No lesson called {id!r}", id="Move {what}").endswith("'Move {what}'")
    assert tr(Message("No lesson called {id!r}", id="the {name} slider")).endswith("'the {name} slider'")
    assert tr("No lesson called {id!r}", id=Message("the {name} slider")).endswith(
        repr(catalogues.pseudo("the {name} slider")))


@pytest.mark.parametrize(("code", "n", "shown"), [
    ("en", 1, "1 value"), ("en", 2, "2 values"), ("en", 1_000_000, "1,000,000 values"),
    ("de", 1, "1 Wert"), ("de", 3, "3 Werte"),
    ("fr", 0, "0 valeur"), ("fr", 2, "2 valeurs"), ("fr", 1_000_000, "1,000,000 de valeurs"),
    ("es", 1, "1 valor"), ("es", 5, "5 valores"), ("es", 2_000_000, "2,000,000 de valores"),
])
def test_a_plural_message_takes_the_form_its_language_wants_for_its_count(code, n, shown):
    kept = i18n.Plural("{n:,} value", "{n:,} values", n=n)
    assert kept == ("1 value" if n == 1 else f"{n:,} values")  # English until shown
    assert pickle.loads(pickle.dumps(kept)).plural == "{n:,} values"
    languages.use(code)
    assert tr(kept) == shown
    assert tr(Message("the target has {target} but the input sequence has {length}", target=kept,
                      length=kept)).count(shown) == 2


def test_the_model_errors_carry_their_template():
    with pytest.raises(SequenceError) as caught:
        parse_sequence("1, x, 0")
    shown = message_of(caught.value)
    assert shown == str(caught.value)
    assert isinstance(shown, Message) and "{" in shown.template


@pytest.mark.parametrize(
    "template",
    ["{x.__class__}", "{x[0]}", "{x.real}", "{x()}", "{x(1)(2)}", "{", "}{", "{0}", "{}", "{x!z}"],
)
def test_a_translation_cannot_reach_into_objects_or_crash(template):
    shown = fill(template, {"x": "secret"})
    assert shown == template  # unfilled, never an attribute, never an exception


def test_a_translation_with_a_field_the_code_lacks_shows_unfilled_not_a_crash():
    assert fill("C = {c:.2f} and {typo}", {"c": 0.5}) == "C = {c:.2f} and {typo}"
    assert fill("{c:.2f}", {"c": "text"}) == "{c:.2f}"  # a wrong format spec too


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({}, None),
        ({"LANG": ""}, None),
        ({"LANG": "C"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "fr_CA.UTF-8@euro"}, "fr"),
        ({"LC_ALL": "es-ES"}, "es"),
        ({"LANG": "ja_JP.UTF-8"}, None),
        ({"LANGUAGE": "ja:es:de", "LANG": "en_US"}, "es"),
        ({"LANGUAGE": ":::", "LANG": "fr_FR"}, "fr"),
        ({"LC_ALL": "C", "LANG": "de_DE"}, None),  # LC_ALL decides before LANG, as for gettext
        ({"LC_MESSAGES": "ES_es.utf8"}, "es"),
    ],
)
def test_the_system_language_is_used_only_when_it_is_shipped(environ, wanted):
    assert languages.system_language(environ) == wanted


def test_an_unknown_language_is_one_line_naming_the_shipped_ones():
    with pytest.raises(languages.LanguageError, match=r"^no language 'xx': shipped are en, de, fr, es, ar$"):
        languages.check("xx")


def test_every_shipped_language_has_its_own_name_and_loads():
    assert [lang.name for lang in languages.LANGUAGES] == ["English", "Deutsch", "Français", "Español", "العربية"]
    for code in languages.CODES:
        languages.use(code)
        assert i18n.language() == code


def test_the_catalogues_are_current_and_compiled():
    """Fails when the code or a bundled file uses a text a catalogue lacks, a catalogue keeps one
    no longer used, a translation changes a {field}, or a .mo is older than its .po."""
    assert catalogues.problems(untranslated=False) == []


def test_every_text_is_translated_in_every_language():
    assert catalogues.problems() == []


def test_the_check_finds_a_missing_and_an_unused_text(monkeypatch):
    real = catalogues.template

    def more():
        catalog = real()
        catalog.add("A text the code just began to use")
        catalog.delete(next(m.id for m in catalog if m.id == "Play" or m.id))
        return catalog

    monkeypatch.setattr(catalogues, "template", more)
    found = catalogues.problems()
    assert any("lacks 'A text the code just began to use'" in line for line in found)
    assert any("no longer used" in line for line in found)


def test_the_check_finds_a_right_to_left_sentence_that_would_be_set_from_the_left(monkeypatch):
    real = catalogues.read_catalog

    def with_slip(code):
        catalog = real(code)
        if code == "ar":
            catalog.get("Play").string = "LSTM تشغيل"  # first letter Latin: laid out from the left
            catalog.get("Reset").string = "\u200fLSTM إعادة"  # the mark: right to left, as meant
        return catalog

    monkeypatch.setattr(catalogues, "read_catalog", with_slip)
    found = [line for line in catalogues.problems() if "right to left" in line]
    assert found == [("ar: 'Play' is written right to left but starts with a left-to-right word: "
                     "begin it with U+200F (right-to-left mark)")]


def _tour_texts(scene: tour.Scene) -> list[str]:
    sim = Simulation(dataclasses.replace(LSTMParams(), **dict(scene.weights)), scene.sequence)
    shown = []
    for caption in scene.captions:
        while sim.t < caption.step:
            sim.step_forward()
        shown.append(tr(caption.text, **tour.caption_fields(SimulationContext(sim))))
    return shown


@pytest.mark.parametrize("code", languages.CODES)
def test_the_tour_captions_numbers_are_the_simulations_in_every_language(code):
    languages.use(code)
    scene = tour.load_tour(tour.TOUR_PATH).scenes[0]
    shown = _tour_texts(scene)
    assert "0.73" in shown[1] and "0.70" in shown[1]  # i(1) and C(1) of the first scene
    assert all("{" not in text for text in shown)
    # Other weights, the same caption: the numbers follow the simulation, not the text.
    changed = dataclasses.replace(scene, weights=(*scene.weights, ("w_c", 1.0)))
    assert _tour_texts(changed)[1] != shown[1]


@pytest.mark.parametrize(
    ("caption", "problem"),
    [
        ("C is {c:.2f}", "unknown name 'c'"),
        ("C is {C(9):.2f}", "caption at step 9"),
        ("b is {b_f(2)}", "only x f i g o C h y take a step"),
        ("C is {C:.2q}", "is not a number format"),
        ("C is {C.real}", "is not a name"),
        ("C is {C", "without its partner"),
    ],
)
def test_a_tour_caption_with_a_bad_field_is_refused_when_read(caption, problem):
    text = f"scene: S\nsequence: 1, 0\nat step 1: {caption}\n"
    with pytest.raises(tour.TourError, match=problem):
        tour.parse_tour(text)


def test_the_notes_kept_for_later_show_the_bundled_names_in_the_language_shown(make_driver):
    """A preset's, a task's and a challenge's note keep their bundled name as a Message field, so
    it is translated with the sentence when the note is drawn (a plain str field is not)."""
    from lstm_arcade.app import dispatch

    app = make_driver().app
    preset, task, challenge = app.presets[0], app.tasks[0], app.challenges[0]
    languages.use("de")
    kept = []
    dispatch.apply_preset(app, preset.key)
    kept.append((tr(app.state.note), preset.name, preset.explanation))
    dispatch.select_task(app, 1)
    kept.append((tr(app.state.note), task.name, task.explanation))
    dispatch.start_challenge(app, challenge.id)
    kept.append((tr(app.state.note), challenge.title, challenge.goal))
    for shown, *english in kept:
        for text in english:
            assert tr(text) in shown, (shown, text)
    assert sum(tr(text) != text for _, *english in kept for text in english) >= 4  # mostly German words
