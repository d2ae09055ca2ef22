"""The lesson player through the real frame loop: "The forget gate keeps the memory" started, its
reading pages turned with Next, each task page done the way a visitor does it (a drag on the slider
it points at, Play, Reset and Step) and completed only then; Back, Skip, the keys; the card and the
ring on screen and apart at every window shape, through a resize; and --lesson on the command line."""

from __future__ import annotations

import pygame
import pytest
from test_cli import lstm_arcade

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.app import lessons
from lstm_arcade.app.dispatch import HINT_LESSON_TASK
from lstm_arcade.formats.lessons_file import load_lessons
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.highlight import WHITE, ring_color
from lstm_arcade.ui.views.lesson_card import place_card

LESSON = "forget-gate"
SIZES = [(1920, 1080), (1280, 1024), (1024, 768), (1080, 1920), (3840, 2160)]


def started(make_driver, size=(1920, 1080), lesson=LESSON):
    d = make_driver(size=size)
    d.app.dispatch(Action(act.LESSON, lesson), d.clock.now)  # no menu yet: the action itself
    d.frame()
    return d


def press(d, key: str) -> None:
    """A real click on one of the card's buttons ("back", "skip", "next")."""
    rect = dict(d.app.lesson_card.buttons)[key]
    d.click(rect.center)


def page(d) -> int:
    return d.app.state.lesson_page


def done(d) -> bool:
    shown = lessons.content(d.app.state)
    return shown is not None and shown.done


def drag_to_end(d, name: str) -> None:
    slider = d.app.controls.sliders[name]
    start = slider.knob_rect().center
    d.drag(start, (slider.rect.right + 40, start[1]))


def click_button(d, name: str) -> None:
    d.click(getattr(d.app.controls, name).rect.center)


def play_to_the_end(d) -> None:
    for _ in range(40):
        if not d.app.sim.playing:
            return
        d.frame(0.25)
    raise AssertionError("Play never reached the end")


def assert_apart(d) -> None:
    """The card is inside the window and clear of the ring and its target."""
    card, ring = d.app.lesson_card.rect, d.app.highlight
    assert card.width and d.app.screen.get_rect().contains(card)
    if ring.aim is not None:
        assert not card.colliderect(ring.rect) and not card.colliderect(ring.aim.rect)


def test_the_visitor_walks_the_forget_gate_lesson(make_driver):
    d = started(make_driver)
    app, sim = d.app, d.app.sim
    lesson = next(item for item in app.lessons if item.id == LESSON)
    assert sim.sequence == [1.0, 0.0, 0.0, 0.0, 0.0] and sim.t == 0 and sim.params.b_f == 0.0
    assert page(d) == 0 and app.lesson_card.content.progress() == "Page 1 of 7"
    press(d, "next")  # a reading page: Next always
    assert page(d) == 1

    # Page 2 waits for t == T: Next does nothing before, Play completes it once it has run.
    press(d, "next")
    assert page(d) == 1 and sim.hint == HINT_LESSON_TASK
    click_button(d, "play")
    assert sim.playing and not done(d)  # pressing Play is not yet t == T
    play_to_the_end(d)
    assert sim.t == sim.length and done(d) and page(d) == 1  # done, and no auto-advance
    assert app.lesson_card.labels()["next"] == "✓ Done — Next ▶"
    press(d, "next")
    assert page(d) == 2

    # Page 3 waits for W_f to move: a Step or another slider does not count.
    click_button(d, "reset")
    drag_to_end(d, "w_i")
    assert not done(d)
    drag_to_end(d, "w_f")
    assert sim.params.w_f == 2.0 and done(d) and page(d) == 2
    press(d, "next")

    # Page 4 waits for Play itself.
    assert not done(d)
    click_button(d, "play")
    assert done(d)
    play_to_the_end(d)
    press(d, "next")

    # Page 5: Reset, then Step twice (its condition t == 2).
    assert page(d) == 4 and lesson.pages[4].target == "panel:math"
    click_button(d, "reset")
    click_button(d, "step")
    assert sim.t == 1 and not done(d)
    click_button(d, "step")
    assert sim.t == 2 and done(d)
    press(d, "next")

    # Page 6: b_f up and step to the end until C(5) keeps half of C(1).
    drag_to_end(d, "b_f")
    assert not done(d)  # the condition needs step 5 taken
    for _ in range(3):
        click_button(d, "step")
    assert sim.t == 5 and sim.step_at(5).c >= 0.5 * sim.step_at(1).c and done(d)
    press(d, "next")

    assert page(d) == 6 and app.lesson_card.labels()["next"] == "Finish"
    press(d, "next")
    assert app.state.lesson is None and app.lesson_card.rect.width == 0
    assert "Lesson complete: The forget gate keeps the memory" in app.toast.message
    assert app.highlight.aim is None


def test_back_keeps_a_done_page_done_and_skip_leaves(make_driver):
    d = started(make_driver)
    press(d, "back")  # the first page has no Back
    assert page(d) == 0 and d.app.state.lesson is not None
    press(d, "next")
    click_button(d, "play")
    play_to_the_end(d)
    press(d, "next")
    assert page(d) == 2
    press(d, "back")
    assert page(d) == 1 and done(d)  # completed once stays completed
    press(d, "skip")
    assert d.app.state.lesson is None and d.app.lesson_card.rect.width == 0
    assert d.app.toast.message == ""  # skipped, not completed
    click_button(d, "reset")  # the panels take clicks again
    click_button(d, "step")
    assert d.app.sim.t == 1


def test_the_card_and_the_ring_are_on_screen_and_apart(make_driver):
    d = started(make_driver)
    app = d.app
    card, ring = app.lesson_card.rect, app.highlight
    node = app.diagram.center("c")
    assert ring.aim is not None and ring.aim.round and ring.aim.rect.center == node
    assert_apart(d)
    probe = ring.probe()
    assert d.pixel(probe) == ring_color(d.clock.now, still=False)
    assert d.pixel((card.x + 1, card.centery)) == theme.ACCENT  # the card's edge
    nxt = dict(app.lesson_card.buttons)["next"]
    assert d.pixel((nxt.x + app.layout.metrics.px(4), nxt.centery)) == theme.ACCENT  # Next lit
    assert not app.drawn_clean  # drawn over the panels: they draw themselves again next frame
    press(d, "next")  # "Press Play": the ring moves to the Play button
    assert ring.aim.rect == app.controls.play.rect
    assert_apart(d)


def test_with_reduced_motion_the_ring_is_steady(make_driver):
    d = started(make_driver)
    d.key(pygame.K_m)  # motion off
    probe = d.app.highlight.probe()
    colours = set()
    for _ in range(5):
        d.frame(0.2)
        colours.add(d.pixel(probe))
    assert colours == {WHITE}


def test_the_keyboard_reaches_the_card(make_driver):
    d = started(make_driver)
    d.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # backwards from nowhere: the card's Next first
    assert getattr(d.app.state.focused, "id", None) == "lesson next"
    d.key(pygame.K_RETURN)
    assert page(d) == 1
    d.key(pygame.K_LEFTBRACKET)
    assert page(d) == 0
    d.key(pygame.K_RIGHTBRACKET)
    assert page(d) == 1
    d.key(pygame.K_RIGHTBRACKET)  # a task page not done: Next waits, and says so
    assert page(d) == 1 and d.app.sim.hint == HINT_LESSON_TASK


def test_a_resize_keeps_the_page_and_lays_the_card_out_again(make_driver):
    d = started(make_driver)
    press(d, "next")
    click_button(d, "play")
    play_to_the_end(d)
    before = d.app.lesson_card.rect.copy()
    pygame.display.set_mode((1080, 1920), pygame.RESIZABLE)
    d.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1080, 1920), w=1080, h=1920))
    d.frame()
    assert d.app.layout.size == (1080, 1920)
    assert page(d) == 1 and done(d)
    assert d.app.lesson_card.rect != before
    assert_apart(d)
    press(d, "next")  # the card's buttons work where they are now
    assert page(d) == 2


def test_in_portrait_a_target_on_a_folded_tab_is_shown(make_driver):
    d = started(make_driver, size=(1080, 1920))
    lay = d.app.layout
    assert lay.arrangement == "portrait"
    d.key(pygame.K_v)  # the visitor looks at another tab
    assert not d.app.layout.shows("controls")
    press(d, "next")  # "Press Play": the Controls tab comes back, the ring on Play
    assert d.app.layout.shows("controls") and d.app.highlight.aim.rect == d.app.controls.play.rect
    assert_apart(d)
    click_button(d, "play")
    play_to_the_end(d)
    press(d, "next")  # "Drag W_f": its slider on screen (the panel's page with the grid)
    w_f = d.app.controls.sliders["w_f"]
    assert w_f.rect.width > 0 and d.app.highlight.aim.rect == w_f.rect
    assert_apart(d)
    drag_to_end(d, "w_f")
    assert done(d)
    press(d, "next")
    click_button(d, "play")
    play_to_the_end(d)
    press(d, "next")  # "Reset, Step twice" points at the math panel: its tab shown
    assert d.app.layout.shows("math") and d.app.highlight.aim.rect == d.app.layout.math
    assert_apart(d)
    d.key(pygame.K_r)  # the keys still work on the math tab
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    assert d.app.sim.t == 2 and done(d)


@pytest.mark.parametrize("size", SIZES)
def test_every_page_of_every_lesson_fits(make_driver, size):
    """Each page's card inside the window, clear of its target, its lines within the card and
    its buttons touch-sized, apart and holding their labels."""
    d = make_driver(size=size)
    app = d.app
    all_lessons, problems = load_lessons()
    assert problems == [] and all_lessons
    m = app.layout.metrics
    for lesson in all_lessons:
        app.dispatch(Action(act.LESSON, lesson.id), d.clock.now)
        for number in range(len(lesson.pages)):
            d.frame()
            card = app.lesson_card
            assert page(d) == number, lesson.id
            target = lesson.pages[number].target
            if target is not None and not (target.startswith("node:rnn") and not app.sim.compare):
                assert app.highlight.aim is not None, (lesson.id, number, target)  # its tab shown
            assert_apart(d)
            titles, lines, width, height = card.measure(card.content, app.text, card.compact)
            assert card.rect.size == (width, height), (lesson.id, number)  # never squeezed
            room = width - 4 * m.pad
            assert len(titles) <= 2 and all(app.text.size(t, card.title_size, bold=True)[0] <= room for t in titles)
            assert card.title_size >= m.body  # never below the body text
            assert all(app.text.size(line, m.body)[0] <= room for line in lines)
            rects = [rect for _, rect in card.buttons]
            assert all(card.rect.contains(r) and r.height >= m.touch for r in rects)
            assert not any(a.colliderect(b) for k, a in enumerate(rects) for b in rects[k + 1:])
            for key, rect in card.buttons:
                label = card.labels()[key]
                assert app.text.size(label, m.body, bold=key == "next")[0] <= rect.width - 2 * m.gap, label
            app.dispatch(Action(act.LESSON_DONE), d.clock.now)
            app.dispatch(Action(act.LESSON_NEXT), d.clock.now)
        assert app.state.lesson is None


def test_a_lesson_sets_its_weights_over_the_defaults_and_leaves_a_challenge(make_driver):
    d = make_driver(size=(1280, 720))
    d.app.dispatch(Action(act.CHALLENGE, "hold-the-pulse"), d.clock.now)
    d.frame()
    drag_to_end(d, "w_o")
    d.app.dispatch(Action(act.LESSON, LESSON), d.clock.now)
    d.frame()
    assert d.app.sim.goal is None and d.app.sim.params.w_o == 0.5  # the seed's default again
    d.app.dispatch(Action(act.LESSON, "no-such"), d.clock.now)
    assert d.app.sim.hint == "No lesson called 'no-such'" and d.app.state.lesson.id == LESSON


def test_place_card_never_covers_what_it_avoids():
    screen = pygame.Rect(0, 0, 1000, 800)
    avoid = pygame.Rect(100, 100, 300, 300)
    cheap, dear = pygame.Rect(500, 400, 500, 400), pygame.Rect(0, 400, 500, 400)
    top = pygame.Rect(0, 0, 1000, 400)
    place = place_card((400, 300), screen, [(cheap, 1.0), (dear, 9.0), (top, 20.0)], avoid, None, 8)
    assert not place.colliderect(avoid) and cheap.contains(place.clip(cheap)) and screen.contains(place)
    assert place.clip(dear).width == 0  # the cheap panel had room enough
    # No room anywhere but over the target: the least of it is covered, still inside the window.
    tight = place_card((1000, 800), screen, [], avoid, None, 8)
    assert screen.contains(tight)


def test_the_command_line_starts_a_lesson(tmp_path):
    shot = tmp_path / "x.png"
    done = lstm_arcade("--lesson", LESSON, "--frames", "3", "--size", "1280x720", "--screenshot", str(shot))
    assert done.returncode == 0 and done.stderr == "" and shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--lesson", "no-such"), "no lesson 'no-such'"),
        (("--lesson", LESSON, "--task", "Echo"), "--task: not with --lesson"),
        (("--lesson", LESSON, "--challenge", "hold-the-pulse"), "--challenge: not with --lesson"),
    ],
)
def test_bad_lesson_arguments_get_one_line(args, says):
    done = lstm_arcade(*args, "--frames", "1")
    assert done.returncode == 2 and says in done.stderr and done.stderr.count("\n") == 1


def test_in_portrait_the_card_leaves_the_diagram_to_watch(make_driver):
    """Pages that ask the visitor to press Play or drag a slider and watch C: at 1080x1920 the card
    goes below the controls, not over the diagram the page points at."""
    d = make_driver(size=(1080, 1920))
    d.app.dispatch(Action(act.LEVEL, "explore"), d.clock.now)
    d.app.dispatch(Action(act.LESSON, LESSON), d.clock.now)
    for number in range(3):  # read; "Press Play and watch C"; "Drag W_f all the way up"
        d.frame()
        assert page(d) == number
        assert not d.app.lesson_card.rect.colliderect(d.app.layout.diagram), number
        assert_apart(d)
        d.app.dispatch(Action(act.LESSON_DONE), d.clock.now)
        press(d, "next")


def walk_every_page(d):
    """Every page of every lesson in turn, each shown by a frame: (lesson id, page number)."""
    for lesson in d.app.lessons:
        d.app.dispatch(Action(act.LESSON, lesson.id), d.clock.now)
        for number in range(len(lesson.pages)):
            d.frame()
            yield lesson.id, number, lesson.pages[number].target
            d.app.dispatch(Action(act.LESSON_DONE), d.clock.now)
            d.app.dispatch(Action(act.LESSON_NEXT), d.clock.now)


def cut_in_two(card: pygame.Rect, box: pygame.Rect) -> bool:
    hidden = card.clip(box)
    return 0 < hidden.width * hidden.height < box.width * box.height


@pytest.mark.parametrize("size", [(1080, 1920), (1440, 2560), (768, 1024), (1920, 1080), (1280, 800)])
def test_the_card_cuts_no_widget_or_label_in_two(make_driver, size):
    """A card edge through a slider or a line of text looks broken: each is hidden whole or left
    whole (but where the target's ring already reaches over it)."""
    d = make_driver(size=size)
    panel = d.app.controls
    for lesson_id, number, _ in walk_every_page(d):
        if not d.app.layout.shows("controls"):
            continue
        card, ring = d.app.lesson_card.rect, d.app.highlight.rect
        boxes = [(w.id, w.rect) for w in panel.visible_widgets()] + panel.text_boxes()
        cut = [name for name, box in boxes if cut_in_two(card, box) and not box.colliderect(ring)]
        assert cut == [], (lesson_id, number, cut)
        assert not cut_in_two(card, d.app.layout.tabs), (lesson_id, number)


@pytest.mark.parametrize("size", [(1080, 1920), (1440, 2560)])
def test_in_a_portrait_full_window_the_card_leaves_the_diagram_to_watch(make_driver, size):
    """Pages that point at a button, a slider or a field ("Press Play and watch C"): the card
    stands in the controls, compact where the whole card would not fit there, never over the
    diagram. Before, seven pages of four lessons covered it at 1080x1920."""
    d = make_driver(size=size)
    compact = 0
    for lesson_id, number, target in walk_every_page(d):
        card = d.app.lesson_card
        if target is not None and target.split(":")[0] in ("button", "slider", "field"):
            assert not card.rect.colliderect(d.app.layout.diagram), (lesson_id, number, target)
        assert_apart(d)
        if card.compact:
            compact += 1
            titles, _, _, height = card.measure(card.content, d.app.text, compact=True)
            assert titles == [] and card.rect.height == height < card.measure(card.content, d.app.text)[3]
    assert compact >= 4


def test_place_card_puts_its_edges_in_the_gaps_between_rows():
    """A column of rows with the target in the middle: the card goes above or below it with its
    edges between rows, not through one, though no panel corner lies there."""
    screen = pygame.Rect(0, 0, 600, 1000)
    rows = [pygame.Rect(20, 40 + 90 * k, 560, 70) for k in range(11)]  # 70 high, 20 apart
    avoid = rows[4].inflate(10, 10)
    place = place_card((560, 300), screen, [(screen, 1.0)], avoid, None, 8, [(row, 40.0) for row in rows])
    assert not place.colliderect(avoid) and screen.contains(place)
    assert [k for k, row in enumerate(rows) if cut_in_two(place, row)] == []


def test_the_card_is_placed_once_per_page_not_every_frame(make_driver, monkeypatch):
    """The search over the panels' corners ran every frame (a millisecond with the Explore
    widgets weighed); the card keeps its place until what it weighs changes."""
    from lstm_arcade.ui.views import lesson_card

    searches = []
    real = lesson_card.place_card
    monkeypatch.setattr(lesson_card, "place_card", lambda *args: searches.append(args) or real(*args))
    d = started(make_driver)
    placed = d.app.lesson_card.rect.copy()
    for _ in range(10):
        d.frame()
    assert len(searches) == 1 and d.app.lesson_card.rect == placed
    press(d, "next")
    d.frame()
    turned = len(searches)
    assert turned in (2, 3)  # a new page, a new card placed again (and a compact one weighed)
    for _ in range(10):
        d.frame()
    assert len(searches) == turned
