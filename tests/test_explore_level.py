"""The Explore level (a visitor's first screen) and the switch to the Full glass box, driven by real
clicks, drags and keys: three gate controls that say what they move, the challenges and lessons
on offer, and nothing cut or overlapping at every window shape."""

from __future__ import annotations

from itertools import combinations

import pygame
import pytest

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app.state import AppState

SIZES = [(1920, 1080), (1728, 972), (1280, 800), (1024, 768), (1280, 1024), (1080, 1920), (768, 1024),
         (2560, 1080), (3840, 2160)]


def explore(make_driver, size=(1920, 1080)):
    d = make_driver(size=size)
    d.app.dispatch(Action(act.LEVEL, "explore"), d.clock.now)
    d.frame()
    assert d.app.layout.level == "explore"
    return d


def test_the_desktop_starts_in_full_and_the_header_offers_explore(make_driver):
    d = make_driver(size=(1920, 1080))
    assert d.app.state.level == "full" and d.app.layout.shows("math")
    chip = d.app.header.level_rect
    assert chip is not None and d.app.layout.header.contains(chip)
    d.click(chip.center)
    assert d.app.state.level == "explore" and not d.app.layout.shows("math")
    assert d.app.layout.shows("diagram") and d.app.layout.shows("graph") and d.app.layout.shows("explore")


def test_a_gate_control_moves_its_bias_and_says_so(make_driver):
    d = explore(make_driver)
    panel = d.app.explore
    forget = panel.gates["b_f"]
    m = d.app.layout.metrics
    assert forget.shown_label(d.app.text, m) == "Forget gate: b_f"  # what it moves, on screen
    assert panel.notes[0][0].startswith("Keeps the memory")
    d.drag(forget.knob_rect().center, (forget.rect.right + 30, forget.knob_rect().centery))
    assert d.app.sim.params.b_f == forget.maximum  # the forget gate's bias, at its top
    assert d.app.sim.params.w_f == 0.5  # nothing else moved


def test_step_play_and_reset_work_from_explore(make_driver):
    d = explore(make_driver)
    d.app.dispatch(Action(act.PRESET, 1), d.clock.now)  # a sequence, as a chip gives
    d.frame()
    d.click(d.app.explore.step.rect.center)
    assert d.app.sim.t == 1
    d.click(d.app.explore.play.rect.center)
    assert d.app.sim.playing
    d.click(d.app.explore.reset.rect.center)
    assert d.app.sim.t == 0 and not d.app.sim.playing


def test_a_challenge_starts_from_its_button_and_full_is_one_click_away(make_driver):
    d = explore(make_driver)
    button = d.app.explore.challenges[0]
    assert button.rect.width > 0
    d.click(button.rect.center)
    assert d.app.sim.goal is not None and d.app.sim.goal.id == button.offer.id
    d.frame()
    assert tuple(d.app.explore.gates) == d.app.sim.goal.sliders  # the sliders it lets move, and no other
    assert d.app.explore.goal_lines and d.app.explore.frame.title.endswith(d.app.sim.goal.title)
    d.click(d.app.explore.full.rect.center)
    assert d.app.state.level == "full" and d.app.layout.shows("controls")


def test_a_portrait_kiosk_lists_the_challenges_behind_a_button(make_driver):
    d = explore(make_driver, (1080, 1920))
    panel = d.app.explore
    assert all(button.rect.width == 0 for button in panel.challenges)  # no room beside the gates
    d.click(panel.openers["Challenges"].rect.center)
    assert panel.listing == "Challenges" and panel.back.rect.width > 0
    shown = [button for button in panel.challenges if button.rect.width]
    assert len(shown) >= 3
    while panel.more_buttons["Challenges"].rect.width and panel.challenges[-1].rect.width == 0:
        d.click(panel.more_buttons["Challenges"].rect.center)  # More pages through all of them
    last = panel.challenges[-1]
    d.click(last.rect.center)
    assert d.app.sim.goal is not None and d.app.sim.goal.id == last.offer.id
    d.frame()
    assert panel.listing is None and panel.gates["b_f"].rect.width > 0  # back to the gates


def test_tab_reaches_the_explore_widgets(make_driver):
    d = explore(make_driver)
    seen = set()
    for _ in range(40):
        d.key(pygame.K_TAB)
        if d.app.state.focused is not None:
            seen.add(d.app.state.focused.id)
    assert {"b_f", "b_i", "b_o", "step", "play", "reset"} <= seen


def test_a_kiosk_starts_in_explore_and_its_config_says_which_levels_exist(kiosk):
    from lstm_arcade.formats.config import KioskSettings

    assert KioskSettings().levels == ("explore", "full")  # the product's default
    d = kiosk(levels=KioskSettings().levels)
    assert d.app.state.level == "explore" and d.app.layout.level == "explore"
    assert d.app.explore.full.rect.width > 0
    only = kiosk(levels=("explore",))  # visitors kept in Explore: no way to Full
    assert only.app.explore.full.rect.width == 0
    only.app.dispatch(Action(act.LEVEL, "full"), only.clock.now)
    assert only.app.state.level == "explore"
    d.app.dispatch(Action(act.LEVEL, "full"), d.clock.now)
    d.frame()
    assert d.app.header.level_rect is not None  # and back again from the header


def test_a_lesson_starts_at_its_own_level_and_is_listed_only_where_that_level_is(make_driver, kiosk):
    d = explore(make_driver)
    usage = next(button for button in d.app.explore.lessons if button.offer.id == "usage")  # level = "full"
    assert usage.rect.width > 0  # listed beside the gates at 1920x1080
    d.click(usage.rect.center)
    assert d.app.state.lesson is not None and d.app.state.lesson.id == "usage"
    assert d.app.state.level == "full" and d.app.layout.shows("math")  # its pages point at the glass box
    forget = explore(make_driver)
    forget.click(next(b for b in forget.app.explore.lessons if b.offer.id == "forget-gate").rect.center)
    assert forget.app.state.lesson.id == "forget-gate" and forget.app.state.level == "explore"  # no level: stays
    only = kiosk(levels=("explore",))
    listed = {button.offer.id for button in only.app.explore.lessons}
    assert "usage" not in listed and "forget-gate" in listed


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_overlaps_or_is_cut_at_every_shape(make_driver, size):
    d = explore(make_driver, size)
    lay, panel = d.app.layout, d.app.explore
    shown = [rect for rect in (lay.diagram, lay.graph, lay.explore) if rect.width]
    assert len(shown) == 3
    for a, b in combinations(shown, 2):
        assert not a.colliderect(b)
    widgets = panel.visible_widgets()
    assert {"b_f", "b_i", "b_o", "step", "play", "reset", "level"} <= {w.id for w in widgets}
    for widget in widgets:
        assert lay.explore.contains(widget.rect), widget.id
    for a, b in combinations([w.rect for w in widgets] + [r for _, r, _ in panel.notes], 2):
        assert not a.colliderect(b)
    m = lay.metrics
    for note, rect, _ in panel.notes:
        assert d.app.text.size(note, m.small)[0] <= rect.width  # measured to fit, never cut


def test_levels_are_state_and_only_the_dispatcher_changes_them():
    assert AppState().level == "full" and "explore" in AppState().levels


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('["explore", "museum"]', "'museum' is not a level"),
        ('["full", "full"]', "names a level twice"),
        ("[]", "must be a list"),
        ('"explore"', "must be a list"),
        ("[1]", "must be a list"),
    ],
)
def test_a_bad_levels_key_is_one_line_naming_it(value, says):
    from lstm_arcade.formats.config import ConfigError, parse_config

    with pytest.raises(ConfigError) as caught:
        parse_config(f"levels = {value}\n", "kiosk.toml")
    message = str(caught.value)
    assert "\n" not in message and "kiosk.toml" in message and "levels" in message and says in message


def test_a_met_challenge_shows_its_stars_on_its_button(make_driver):
    d = explore(make_driver)
    button = next(b for b in d.app.explore.challenges if b.offer.id == "hold-the-pulse")
    assert button.shown_label.startswith("☆☆☆")
    d.click(button.rect.center)
    d.frame()
    for name in ("u_f", "b_f"):
        slider = d.app.explore.gates[name]
        d.drag(slider.knob_rect().center, (slider.rect.right + 30, slider.knob_rect().centery))
    assert d.app.sim.goal_result().stars == 3
    d.frame()
    assert button.shown_label.startswith("★★★") and d.app.state.stars == {"hold-the-pulse": 3}


@pytest.mark.parametrize("still", [False, True], ids=["motion", "reduced motion"])
def test_meeting_a_challenge_is_a_moment_of_its_own_then_the_screen_comes_back(make_driver, still):
    from lstm_arcade.ui import theme
    from lstm_arcade.ui.views.celebration import BURST_S, SHOW_S

    d = explore(make_driver)
    if still:
        d.key(pygame.K_m, unicode="m")
    d.click(next(b for b in d.app.explore.challenges if b.offer.id == "hold-the-pulse").rect.center)
    d.frame()
    for name in ("u_f", "b_f"):
        slider = d.app.explore.gates[name]
        d.drag(slider.knob_rect().center, (slider.rect.right + 30, slider.knob_rect().centery))
    moment = d.app.state.celebrated
    assert moment is not None and moment[1] == 3 and moment[2] == "Hold the pulse"
    card = d.app.celebration.rect
    assert card.width and d.app.screen.get_rect().contains(card)
    assert d.pixel((card.centerx, card.top + 1)) == theme.FOCUS  # its edge, on screen
    while d.clock.now - moment[0] < BURST_S:
        d.frame()
    settled = d.app.celebration.rect
    assert settled.width and settled.width <= card.width  # the burst is over: the card alone
    if still:
        assert settled == card  # no burst with reduced motion
    while d.clock.now - moment[0] < SHOW_S + 0.1:
        d.frame()
    assert d.app.celebration.rect.width == 0
    # Nothing of it stays behind: the screen where it was equals a frame drawn from scratch.
    left = d.app.screen.subsurface(card).copy()
    d.app.drawn_clean = False
    d.frame()
    assert pygame.image.tobytes(left, "RGB") == pygame.image.tobytes(d.app.screen.subsurface(card), "RGB")


def test_a_narrow_graph_shows_the_challenge_score_on_one_line(make_driver):
    """Portrait: the long "☆☆☆ not yet · score …" line took two lines and left the plot a 30 px
    strip; the short form (the stars say met or not) keeps it on one."""
    wide = explore(make_driver)
    wide.app.dispatch(Action(act.CHALLENGE, "hold-the-pulse"), wide.clock.now)
    wide.frame()
    (line, _), = wide.app.graph.caption_lines
    assert line.startswith("☆☆☆ not yet · score ") and line.endswith(", needs ≥ 0.50")  # room for the long form
    tall = explore(make_driver, (1080, 1920))
    tall.app.dispatch(Action(act.CHALLENGE, "hold-the-pulse"), tall.clock.now)
    for _ in range(11):
        tall.key(pygame.K_RIGHT)
    lines = [line for line, _ in tall.app.graph.caption_lines]
    assert len(lines) == 1 and lines[0].startswith("☆☆☆ score ") and "needs ≥ 0.50" in lines[0]
    assert tall.app.graph.plot.height >= tall.app.layout.metrics.px(48)  # was 33 px: one line of the band


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)], ids=["1080p", "portrait", "4K"])
def test_the_explore_panel_redraws_only_changed_widgets_and_is_always_a_whole_drawing(make_driver, size):
    """Play's face, a hovered button, a dragged gate slider: only those widgets are drawn again
    (a whole 4K panel took 3 ms). Every frame the panel must hold exactly its whole drawing."""
    from lstm_arcade.app import compose

    d = explore(make_driver, size)
    app, panel = d.app, d.app.explore
    app.dispatch(Action(act.PRESET, 1), d.clock.now)
    d.frame()
    full = []
    frame_draw = panel.frame.draw
    panel.frame.draw = lambda *a: full.append(1) or frame_draw(*a)

    def check(label: str) -> None:
        rect = panel._placed[0]
        scratch = app.screen.copy()
        key = panel.redraw.key
        panel.redraw.mark(None)
        panel.draw(scratch, compose.frame(app, clean=False))  # the whole panel, off screen
        assert panel.redraw.key == key
        shown = pygame.image.tobytes(app.screen.subsurface(rect), "RGB")
        assert shown == pygame.image.tobytes(scratch.subsurface(rect), "RGB"), label

    start = len(full)
    for k in range(3):
        d.click(panel.play.rect.center)  # Play, Pause, Play: its face changes
        check(f"play {k}")
        for j in range(4):
            d.frame()
            check(f"playing {k}.{j}")
    d.post(pygame.event.Event(pygame.MOUSEMOTION, pos=panel.reset.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    d.frame()
    check("hover")
    forget = panel.gates["b_f"]
    d.drag(forget.knob_rect().center, (forget.rect.right - forget.rect.width // 5, forget.knob_rect().centery), steps=4)
    check("dragged")
    assert app.sim.params.b_f != 0.0
    d.click((panel._placed[0].centerx, panel._placed[0].bottom - 2))  # the slider lets go of the keys
    for preset in (5, 6):  # a preset's chip sets b_f: the slider moves with no focus ring
        app.dispatch(Action(act.PRESET, preset), d.clock.now)
        d.frame()
        check(f"preset {preset}")
    assert app.sim.params.b_f == -1.0 and not forget.focused
    # Of the 27 frames, the checks' own whole drawings aside (one each), the app drew the panel
    # whole only on those after something covered it (a click's toast, the tooltip's first frame).
    assert len(full) - start - 19 <= 6
