"""The one key-bindings table: every chord in it does what it says through the real frame loop, the
help card is generated from it, and the README's Controls tables name every bound key."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from lstm_arcade import actions as a
from lstm_arcade.actions import Action
from lstm_arcade.app import AppOptions
from lstm_arcade.app.devices import HINT_NO_MIDI
from lstm_arcade.app.dispatch import HANDLERS
from lstm_arcade.app.hotspots import hotspots
from lstm_arcade.sim import Simulation
from lstm_arcade.sim.simulation import HINT_NO_UNDO
from lstm_arcade.ui.bindings import BINDINGS, PANEL, SHORTCUTS, TABLE, WIDGET, Binding, lookup
from lstm_arcade.ui.views.help_overlay import KEYS

README = Path(__file__).resolve().parents[1] / "README.md"
PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def press(driver, binding: Binding) -> None:
    """The binding's chord as a real KEYDOWN (a left Shift or Ctrl for a needed modifier)."""
    mod = 0
    if binding.needs & pygame.KMOD_SHIFT:
        mod |= pygame.KMOD_LSHIFT
    if binding.needs & pygame.KMOD_CTRL:
        mod |= pygame.KMOD_LCTRL
    driver.key(binding.key, mod)


def focus(driver, widget) -> None:
    driver.app.set_focus(widget, driver.clock.now)


def steps(driver, n: int) -> None:
    for _ in range(n):
        driver.app.sim.step_forward()


# --- per action: (set up, then after the key press: assert) ---------------------------------------
def _play(d, b):
    press(d, b)
    assert d.app.sim.playing


def _step(d, b):
    press(d, b)
    assert d.app.sim.t == 1


def _back(d, b):
    steps(d, 2)
    press(d, b)
    assert d.app.sim.t == 1


def _time_travel(d, b):
    steps(d, 3)
    press(d, b)
    assert d.app.sim.inspected == 2
    press(d, b)  # while viewing: one step further back
    assert d.app.sim.inspected == 1


def _go_live(d, b):
    steps(d, 3)
    d.app.sim.inspect(1)
    press(d, b)
    assert d.app.sim.inspected is None


def _reset(d, b):
    steps(d, 2)
    press(d, b)
    assert d.app.sim.t == 0


def _help(d, b):
    press(d, b)
    assert d.app.state.help_open


def _page(d, b, monkeypatch):  # monkeypatch: built with a UI scale of 1.5, so there are pages
    assert d.app.layout.pages > 1 and d.app.state.page == 0
    press(d, b)
    assert d.app.state.page == 1


def _motion(d, b):
    before = d.app.state.reduce_motion
    press(d, b)
    assert d.app.state.reduce_motion is not before


def _preset(d, b):
    n = b.action.value
    d.app.presets = (dataclasses.replace(d.app.presets[0], key=n),)  # 1 … 9 all reach a preset
    press(d, b)
    assert d.app.state.active_preset == n


def _train(d, b):
    d.app.sim.set_target([1.0] * len(PULSE))
    press(d, b)
    assert d.app.sim.training


def _pin(d, b):
    press(d, b)
    assert len(d.app.sim.pins) == 1


def _unpin(d, b):
    d.app.sim.pin()
    d.app.sim.pin(dataclasses.replace(d.app.sim.params, w_f=1.5))
    press(d, b)
    assert len(d.app.sim.pins) == 1  # the newest went, the first stays
    assert d.app.sim.pins[0].params == d.app.sim.params


def _undo_training(d, b):
    press(d, b)
    assert d.app.sim.hint == HINT_NO_UNDO


def _compare(d, b):
    press(d, b)
    assert d.app.sim.compare


def _export(d, b, tmp_path):
    d.app.options.export_dir = tmp_path
    press(d, b)
    assert {p.suffix for p in tmp_path.iterdir()} == {".csv", ".png"}


def _screenshot(d, b, tmp_path):
    d.app.options.export_dir = tmp_path
    press(d, b)
    assert [p.suffix for p in tmp_path.iterdir()] == [".png"]


def _escape(d, b):
    steps(d, 2)
    d.app.sim.inspect(1)
    focus(d, d.app.controls.sliders["w_f"])  # the first Esc leaves the slider
    press(d, b)
    assert d.app.state.focused is None and d.app.sim.inspected == 1
    press(d, b)  # the next goes back to live
    assert d.app.sim.inspected is None


def _quit(d, b):
    press(d, b)
    assert not d.app.running


def _language(d, b):
    press(d, b)
    assert d.app.state.language == "de"  # the next after English


def _save(d, b, tmp_path):
    d.app.options.scenario_dir = tmp_path
    press(d, b)
    assert [p.suffix for p in tmp_path.iterdir()] == [".toml"]


def _open(d, b, tmp_path):
    d.app.options.scenario_dir = tmp_path
    press(d, b)
    assert d.app.scenario_list.open


def _midi_learn(d, b):
    press(d, b)
    assert d.app.state.midi_learning or d.app.sim.hint == HINT_NO_MIDI


def _focus_next(d, b):
    press(d, b)
    assert d.app.state.focused is d.app.controls.widgets()[0]


def _focus_prev(d, b):
    press(d, b)  # backwards from nowhere: the last focus stop (past the controls, a hotspot)
    assert d.app.state.focused == hotspots(d.app)[-1]


def _scroll_math(d, b):
    for _ in range(3):
        d.key(pygame.K_RIGHT)  # a step: its math is more lines than the panel shows
    panel = d.app.math
    assert panel.scrollable
    if b.action.value < 0:
        panel.scroll_to(panel.last_top)
    before = panel.top
    press(d, b)
    assert (panel.top < before) if b.action.value < 0 else (panel.top > before)


def _press(d, b):
    focus(d, d.app.controls.step)
    press(d, b)
    assert d.app.sim.t == 1


def _nudge(d, b):
    focus(d, d.app.controls.sliders["w_f"])
    before = d.app.sim.params.w_f
    press(d, b)
    assert (d.app.sim.params.w_f - before) * b.action.value > 0


def _slider_end(d, b):
    slider = d.app.controls.sliders["w_f"]
    focus(d, slider)
    press(d, b)
    assert d.app.sim.params.w_f == (slider.maximum if b.action.value > 0 else slider.minimum)


def _edit(d, b):
    field = d.app.controls.sequence
    focus(d, field)
    field.clipboard.put_text("0.5")
    press(d, b)
    done: dict[str, Callable[[], bool]] = {
        "A": lambda: field.selection() == (0, len(field.text)) and field.text != "",
        "C": lambda: field.clipboard.get_text() == field.text,
        "X": lambda: True,  # nothing selected: nothing cut (checked with a selection below)
        "V": lambda: "0.5" in field.text,
    }
    assert done[b.action.value]()
    if b.action.value == "X":
        d.key(pygame.K_a, pygame.KMOD_LCTRL)
        text = field.text
        press(d, b)
        assert field.text == "" and field.clipboard.get_text() == text


def _lesson_page(d, b):
    d.app.dispatch(Action(a.LESSON, "forget-gate"), d.clock.now)  # its first two pages are read with Next
    d.frame()
    if b.action.name == a.LESSON_BACK:
        d.key(pygame.K_RIGHTBRACKET)
        assert d.app.state.lesson_page == 1
    before = d.app.state.lesson_page
    press(d, b)
    assert d.app.state.lesson_page == before + (1 if b.action.name == a.LESSON_NEXT else -1)


CHECKS: dict[str, Callable] = {
    a.PLAY: _play, a.STEP: _step, a.BACK: _back, a.TIME_TRAVEL: _time_travel, a.GO_LIVE: _go_live,
    a.RESET: _reset, a.HELP: _help, a.NEXT_PAGE: _page, a.MOTION: _motion, a.PRESET: _preset,
    a.TRAIN: _train, a.PIN: _pin, a.UNPIN: _unpin, a.UNDO_TRAINING: _undo_training,
    a.COMPARE: _compare, a.EXPORT: _export, a.SCREENSHOT: _screenshot, a.ESCAPE: _escape,
    a.QUIT: _quit, a.SAVE_SCENARIO: _save, a.OPEN_SCENARIO: _open, a.MIDI_LEARN: _midi_learn,
    a.FOCUS_NEXT: _focus_next, a.FOCUS_PREV: _focus_prev, a.PRESS: _press, a.NUDGE: _nudge,
    a.SLIDER_END: _slider_end, a.EDIT: _edit, a.SCROLL_MATH: _scroll_math, a.LANGUAGE: _language,
    a.LESSON_NEXT: _lesson_page, a.LESSON_BACK: _lesson_page,
}


@pytest.mark.parametrize("binding", BINDINGS, ids=lambda b: f"{b.name}-{b.action.name}-{b.key}")
def test_every_binding_does_its_action_through_the_frame_loop(
    make_driver, binding, tmp_path, monkeypatch
):
    check = CHECKS[binding.action.name]
    extra = {"tmp_path": tmp_path, "monkeypatch": monkeypatch}
    params = check.__code__.co_varnames[: check.__code__.co_argcount]
    wanted = {k: v for k, v in extra.items() if k in params}
    options = AppOptions(ui_scale=1.5) if "monkeypatch" in wanted else None  # V needs pages
    check(make_driver(Simulation(sequence=PULSE), options=options), binding, **wanted)


def test_every_shortcut_action_has_a_handler_and_no_two_chords_overlap():
    assert {b.action.name for b in BINDINGS if b.elsewhere not in (WIDGET, PANEL)} <= set(HANDLERS)
    shift, ctrl, alt = pygame.KMOD_LSHIFT, pygame.KMOD_LCTRL, pygame.KMOD_LALT
    mods = [0, shift, ctrl, alt, shift | ctrl]
    for binding in SHORTCUTS:
        for mod in mods:
            matching = [b for b in SHORTCUTS if b.matches(binding.key, mod)]
            assert len(matching) <= 1, (binding.name, mod)
    assert lookup(pygame.K_1, pygame.KMOD_LCTRL) is None  # Ctrl/Alt+digit: never a preset
    assert lookup(pygame.K_LEFT, pygame.KMOD_LSHIFT).name == a.TIME_TRAVEL


def test_the_help_card_is_the_table():
    assert tuple((row.label, row.text) for row in TABLE) == KEYS
    # the app takes 1 … 9 (the card once said 1 … 6)
    assert ("1 … 9", "Presets: pulse, burst, alternating, late, memory") in KEYS


def readme_keys() -> set[str]:
    """Every key named in the first column of the README's Controls tables, read leniently:
    "Ctrl+A / C / X / V" is four chords, "1 … 9" nine, "↑ ↓ or ← →" four."""
    section = README.read_text(encoding="utf-8").split("\n## Controls", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cell = line.split("|")[1].strip()
        prefix = ""
        for token in re.split(r"\s*(?:/|,|\bor\b)\s*", cell):
            if re.fullmatch(r"(Ctrl|Shift|Alt)\+\S+", token):
                prefix = token.rsplit("+", 1)[0] + "+"
            elif prefix and re.fullmatch(r"\S", token):
                token = prefix + token  # "Ctrl+A / C": Ctrl+C
            if span := re.fullmatch(r"(\d)\s*…\s*(\d)", token):
                names |= {str(n) for n in range(int(span[1]), int(span[2]) + 1)}
            names.add(token)
            names |= set(token.split())
    return names


def test_the_readme_controls_name_every_bound_key():
    named = readme_keys()
    missing = sorted({b.name for b in BINDINGS} - named)
    assert not missing, f"README.md's Controls tables do not name: {missing}"


def test_every_device_command_becomes_an_action_the_dispatcher_has():
    from lstm_arcade.app.devices import action_for
    from lstm_arcade.physical import ACTIONS, Command

    args = {"preset": 3, "nudge": 1, "set_param": ("w_f", 0.5), "learned": ("w_f", 1, 7)}
    for name in ACTIONS:
        action = action_for(Command(name, args.get(name)))
        assert action.name in HANDLERS, name
    assert action_for(Command("set_param", ("w_f", 0.5))) == Action(a.SET, 0.5, "w_f")
    assert action_for(Command("focus_prev")) == Action(a.FOCUS_SLIDER, -1)
