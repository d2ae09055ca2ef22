"""No unmarked word on screen: every frame of the benchmark scenarios, every page of every lesson,
every challenge (started and met), the help card, the Explore level, the tour, the "Still there?"
countdown, the training overlay and an error, rendered with the pseudo-locale (every text of the
catalogue template accented and a third longer, tools/i18n.py). Every string drawn is recorded at
the one text renderer; a plain ASCII word left in one was not translated.

Then the same in German, French and Spanish, against the English words themselves: no English
word of the code's texts is left on screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pygame
import pytest

from lstm_arcade import actions as act
from lstm_arcade import i18n
from lstm_arcade.actions import Action
from lstm_arcade.app import App, open_window
from lstm_arcade.formats import languages
from lstm_arcade.formats.lessons_file import load_lessons
from lstm_arcade.model import PARAM_SPECS, RNN_PARAM_SPECS
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.text import Text
from tools import bench
from tools import i18n as catalogues

# Words that are the same in every language: symbols of the equations and of the parameter names
# (W_out's "out"), acronyms, the program's name (LSTM Arcade), the optimizers' names and the units of the math.
SYMBOLS = {part for spec in (*PARAM_SPECS, *RNN_PARAM_SPECS) for part in re.findall("[A-Za-z]+", spec.label)}
KEPT = SYMBOLS | {"Arcade", "Ag", "tanh", "LSTM", "RNN", "MSE", "Adam", "SGD", "MIDI", "CC", "BPTT", "dL", "dC", "dh", "dw"}
# The language switch names each language in its own words (or its code), never translated.
KEPT |= {word for language in languages.LANGUAGES for word in re.findall("[A-Za-z]+", language.name)}
KEPT |= {language.code.upper() for language in languages.LANGUAGES}
WORD = re.compile(r"[A-Za-z]{2,}")
SIZES = [(1920, 1080), (1080, 1920)]
FRAMES = 40


@pytest.fixture
def pseudo(monkeypatch) -> Iterator[catalogues.PseudoTranslations]:
    """Every language is the pseudo-locale (a kiosk's config, a switch, an idle reset too)."""
    translations = catalogues.PseudoTranslations()
    monkeypatch.setattr(languages, "translations", lambda code: translations)
    languages.use(languages.DEFAULT)
    yield translations
    monkeypatch.undo()
    languages.use(languages.DEFAULT)


@pytest.fixture
def drawn(monkeypatch) -> dict[str, str]:
    """Every string the text renderer draws from now on (word → a string it was in)."""
    seen: dict[str, str] = {}

    def recording(method: Callable) -> Callable:
        def record(self, *args, **kwargs):
            text = next(arg for arg in args if isinstance(arg, str))  # draw_mono: after the surface
            seen.setdefault(text, text)
            return method(self, *args, **kwargs)

        return record

    for name in ("render", "render_cells", "draw_mono"):
        monkeypatch.setattr(Text, name, recording(getattr(Text, name)))
    return seen


def unmarked(seen: dict[str, str], allowed: set[str] = KEPT) -> dict[str, str]:
    """The plain ASCII words left in the strings drawn, each with one string it was in."""
    left: dict[str, str] = {}
    for text in seen:
        for word in WORD.findall(text):
            if word not in allowed:
                left.setdefault(word, text)
    return left


def _frames(app: App, now: list[float], before: Callable[[int], None], count: int = FRAMES) -> None:
    for frame in range(count):
        before(frame)
        app.frame()
        now[0] += 1 / 30


def _every_tab(app: App, now: list[float]) -> None:
    """A folded window's tabs each shown in turn, and the control panel's pages."""
    for page in range(max(1, app.layout.pages)):
        app.dispatch(Action(act.SHOW_PAGE, page), now[0])
        _frames(app, now, lambda frame: None, 3)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scenario", sorted(bench.SCENARIOS))
def test_every_benchmark_scenario_shows_only_marked_words(pseudo, drawn, scenario, size):
    now = [0.0]
    app, before = bench.SCENARIOS[scenario](size, now)
    _frames(app, now, before)
    if scenario != "tour":
        _every_tab(app, now)
    left = unmarked(drawn)
    assert not left, f"unmarked words (word, a text it is in): {sorted(left.items())}"


def _app(size: tuple[int, int], now: list[float]) -> App:
    return App(Simulation(sequence=[1, 0, 0, 0, 0]), open_window(size, False), clock=lambda: now[0])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_lesson_page_shows_only_marked_words(pseudo, drawn, size):
    now = [0.0]
    app = _app(size, now)
    lessons, problems = load_lessons()
    assert not problems
    for lesson in lessons:
        app.dispatch(Action(act.LESSON, lesson.id), now[0])
        for _ in lesson.pages:
            _frames(app, now, lambda frame: None, 2)
            app.dispatch(Action(act.LESSON_NEXT), now[0])
        _frames(app, now, lambda frame: None, 2)
    left = unmarked(drawn)
    assert not left, f"unmarked words (word, a text it is in): {sorted(left.items())}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_challenge_explore_help_and_an_error_show_only_marked_words(pseudo, drawn, size):
    now = [0.0]
    app = _app(size, now)
    app.dispatch(Action(act.LEVEL, "explore"), now[0])
    _frames(app, now, lambda frame: None, 3)
    for challenge in app.challenges:
        app.dispatch(Action(act.CHALLENGE, challenge.id), now[0])
        _frames(app, now, lambda frame: None, 3)
        app.dispatch(Action(act.SOLVE), now[0])
        _frames(app, now, lambda frame: None, 20)  # the celebration, then the card
        app.dispatch(Action(act.LEAVE_CHALLENGE), now[0])
    app.dispatch(Action(act.LEVEL, "full"), now[0])
    app.dispatch(Action(act.FIELD_ERROR, i18n.Message("value {k} {token!r} is not a number", k=2, token="x")), now[0])
    _frames(app, now, lambda frame: None, 3)
    app.dispatch(Action(act.HELP), now[0])
    for _ in range(4):
        _frames(app, now, lambda frame: None, 2)
        app.dispatch(Action(act.HELP_NEXT), now[0])
    left = unmarked(drawn)
    assert not left, f"unmarked words (word, a text it is in): {sorted(left.items())}"


def test_the_pseudo_locale_test_finds_an_unmarked_word(drawn):
    """The check can fail: in English (no catalogue), the words of the screen are all unmarked."""
    now = [0.0]
    app = _app((1280, 800), now)
    _frames(app, now, lambda frame: None, 2)
    left = unmarked(drawn)
    assert "Play" in left or "Step" in left


# --- the real languages: no English word of the code's texts is left -------------------------
def _english_words() -> set[str]:
    """The words of every English text the catalogue holds (the template's)."""
    words = set()
    for message in catalogues.template():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            words.update(WORD.findall(re.sub(r"\{[^}]*\}", "", text or "")))
    return words


@pytest.mark.parametrize("code", [code for code in languages.CODES if code != languages.DEFAULT])
def test_no_english_word_is_left_in_each_language(drawn, code):
    languages.use(code)
    try:
        now = [0.0]
        for scenario in ("idle", "train", "challenge", "lesson", "compare"):
            app, before = bench.SCENARIOS[scenario]((1920, 1080), now)
            _frames(app, now, before, 20)
    finally:
        languages.use("en")
    english = _english_words()
    # A word spelt the same in both languages is no proof of a missing translation ("Start",
    # "Tab", "Reset" may be the translation): only a whole English text drawn as it is counts.
    # A text of symbols and acronyms alone ("LSTM vs RNN") stays as it is in every language.
    texts = {m.id for m in catalogues.template() if isinstance(m.id, str) and len(WORD.findall(m.id)) >= 3
             and not set(WORD.findall(m.id)) <= KEPT | {"vs"}}
    left = sorted(text for text in drawn if text in texts)
    assert left == [], f"{code}: English texts on screen: {left[:10]}"
    assert english  # the template has words to look for


def test_switching_the_language_leaves_no_stale_text(drawn):
    """A lesson drawn in Spanish, then Ctrl+L (the next language, Arabic): a frame after the
    switch no Spanish text is drawn, so no cache kept one."""
    now = [0.0]
    app = _app((1920, 1080), now)
    try:
        app.dispatch(Action(act.LANGUAGE, "es"), now[0])
        app.dispatch(Action(act.LESSON, "forget-gate"), now[0])
        _frames(app, now, lambda frame: None, 3)
        translated = {languages.translations("es").gettext(m.id) for m in catalogues.template()
                      if isinstance(m.id, str) and m.id}
        shown_spanish = (set(drawn) & translated) - {m.id for m in catalogues.template()}
        assert shown_spanish, "the Spanish lesson card was drawn"
        drawn.clear()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_l, mod=pygame.KMOD_LCTRL, unicode="\x0c", scancode=0))
        _frames(app, now, lambda frame: None, 2)
        assert app.state.language == "ar"  # the one after Spanish
    finally:
        languages.use("en")
    assert not (set(drawn) & shown_spanish)


@pytest.mark.parametrize("size", [(2560, 1080), (1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_header_switch_changes_the_language_by_click_and_by_keys(make_driver, size):
    """The header's switch, clicked, shows another language at once; Tab reaches it and Enter
    presses it again."""
    d = make_driver(Simulation(sequence=[1, 0, 0]), size)
    try:
        header = d.app.header
        assert header.language_rects, "the switch is drawn"
        offered = [code for code, _ in header.language_rects]
        assert offered in ([None], list(languages.CODES))  # one chip, or every language's own name
        code, rect = header.language_rects[-1]
        assert header.rect.contains(rect)
        d.click(rect.center)
        d.frame()
        wanted = code or "de"  # the one chip goes on to the next language after English
        assert d.app.state.language == wanted == i18n.language()
        assert d.app.controls.play.faces()[0] == languages.translations(wanted).gettext("▶ Play")
        for _ in range(200):  # Tab on to the switch, then Enter presses it
            d.key(pygame.K_TAB)
            if getattr(d.app.state.focused, "id", "").startswith("language"):
                break
        else:
            pytest.fail("Tab never reached the language switch")
        before = d.app.state.language
        d.key(pygame.K_RETURN)
        d.frame()
        assert d.app.state.language != before
    finally:
        languages.use("en")
