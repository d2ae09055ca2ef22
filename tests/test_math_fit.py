"""The math panel and the stats panel fit every screen (tests/layout_grid.py): math lines wrap at
token boundaries and never run past the panel, comments stand in one column, the panel scrolls
(wheel, drag, touch, keys) to its last line with a "more below" / "more above" cue exactly when
there is more; the stats' rows fit in one or more columns at or above the floor size."""

from __future__ import annotations

import re

import pygame
import pytest
from layout_grid import GRID
from widget_helpers import count_near

from lstm_arcade import actions as act
from lstm_arcade.actions import Action
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import theme
from lstm_arcade.ui.views.math_panel import (
    GUTTER,
    Line,
    MathPanel,
    cells,
    comment_column,
    layout_rows,
    math_lines,
    wrap,
)
from lstm_arcade.ui.views.stats import shorter, stats_rows

IDS = [f"{w}x{h}" for w, h in GRID]
SEQUENCE = [1, 0, 0, 0, 0]


# --- wrapping (pure) ---------------------------------------------------------------------------
def stepped(steps: int = 2, compare: bool = False) -> Simulation:
    sim = Simulation(sequence=SEQUENCE)
    sim.set_compare(compare)
    for _ in range(steps):
        sim.step_forward()
    return sim


def all_texts() -> list[str]:
    texts = [line.text for line in math_lines(Simulation(sequence=SEQUENCE))]
    for compare in (False, True):
        sim = stepped(2, compare)
        texts += [line.text for line in math_lines(sim)] + [line.text for line in math_lines(sim, compact=True)]
    sim = Simulation(sequence=[-2.5, 1, 0])
    sim.step_forward()
    return texts + [line.text for line in math_lines(sim)]


@pytest.mark.parametrize("columns", [20, 25, 31, 36, 46, 60])
def test_wrapped_rows_fit_keep_every_character_and_break_only_between_tokens(columns):
    for text in all_texts():
        rows = wrap(text, columns)
        assert all(cells(row) <= columns for row in rows), rows
        assert "".join(rows).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
        position = len(rows[0])
        for row in rows[1:]:  # each row ends between two tokens: at a space, or after a product's "·"
            assert text[position] == " " or text[position - 1] == "·", (text, rows)
            while text[position] == " ":
                position += 1
            assert row.startswith(" ") and text.startswith(row.lstrip(" "), position), row  # hanging
            position += len(row.lstrip(" "))
        if len(rows) == 1:
            assert rows == [text]


def test_a_long_line_breaks_at_the_widest_boundary_and_hangs_under_its_right_hand_side():
    line = "  = σ(0.50·0 + 0.50·0.174 + 0.00) = σ(0.087) = 0.522"
    assert wrap(line, 36) == ["  = σ(0.50·0 + 0.50·0.174 + 0.00)", "    = σ(0.087) = 0.522"]
    assert wrap("f = σ(W_f·x + U_f·h + b_f)", 25) == ["f = σ(W_f·x + U_f·h", "    + b_f)"]  # not "f" alone
    parts = "t = 2:  x = x(2) = 0   h = h(1) = 0.174   C(1) = 0.288"
    assert wrap(parts, 25) == ["t = 2:  x = x(2) = 0", "    h = h(1) = 0.174", "    C(1) = 0.288"]
    assert wrap("C̃ = tanh(W_C·x + U_C·h + b_C)", 40) == ["C̃ = tanh(W_C·x + U_C·h + b_C)"]  # the tilde takes no cell


def test_the_initial_comments_stand_in_one_column_past_the_longest_equation():
    lines = math_lines(Simulation(sequence=SEQUENCE))
    commented = [line for line in lines if line.comment]
    assert [line.comment for line in commented] == [
        "forget gate", "input gate", "candidate", "output gate", "cell state", "hidden state", "output",
    ]
    column = comment_column(lines, 60)
    assert column == max(cells(line.text) for line in commented) + GUTTER
    rows, _ = layout_rows(lines, 60)
    assert [row.comment for row in rows if row.comment] == [line.comment for line in commented]
    # Too narrow for the column: each comment on a row of its own, just above its equation.
    rows, column = layout_rows(lines, 30)
    assert column is None and not any(row.comment for row in rows)
    texts = [row.text for row in rows]
    for line in commented:
        assert texts[texts.index(line.comment) + 1] == wrap(line.text, 30)[0]


def test_comment_column_is_none_without_comments_and_when_a_comment_would_not_fit():
    assert comment_column([Line("a = 1", theme.TEXT)], 40) is None
    lines = [Line("a = 1", theme.TEXT, "a", "first"), Line("bb = 22", theme.TEXT, "b", "a long comment")]
    assert comment_column(lines, 7 + GUTTER + 14) == 9
    assert comment_column(lines, 7 + GUTTER + 13) is None


# --- the real app, at every size -------------------------------------------------------------
def show_math(driver) -> MathPanel:
    """Show the tab that holds the math panel (a folded layout), then hover over the panel.
    (The tab is asked for as its button asks, not clicked: after compare mode moves the strip,
    TabStrip keeps its old buttons, a defect of its own.)"""
    app = driver.app
    page = app.layout.page_of("math")
    if page != app.layout.page:
        app.dispatch(Action(act.SHOW_PAGE, page), driver.clock.now)
        driver.frame()
    assert app.layout.shows("math") and app.layout.shows("stats")
    hover(driver, app.math.view.center)
    return app.math


def math_after_two_steps(make_driver, size: tuple[int, int]):
    """The app at `size` two steps into SEQUENCE, its math panel shown and under the pointer."""
    driver = make_driver(Simulation(sequence=SEQUENCE), size=size)
    for _ in range(2):
        driver.key(pygame.K_RIGHT)
    return driver, show_math(driver)


def hover(driver, pos) -> None:
    driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    driver.frame()


def wheel(driver, notches: int) -> None:
    driver.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=notches, precise_x=0.0, precise_y=float(notches),
                                   flipped=False, touch=False))
    driver.frame()


def cue_pixels(driver, rect: pygame.Rect) -> int:
    return count_near(driver.app.screen, rect, theme.ACCENT, tol=30)


def check_frame(driver) -> list:
    """What the math panel shows now meets every rule; its drawn rows and comments."""
    app, math = driver.app, driver.app.math
    m = app.layout.metrics
    area = math.frame.content_rect(app.layout.math, m)
    assert math.size >= m.small and math.visible >= 1 and 0 <= math.top <= math.last_top
    assert [row for row, _ in math.drawn] == list(math.rows[math.top : math.top + math.visible])
    texts = [(row.text, rect) for row, rect in math.drawn] + math.comments
    for text, rect in texts:
        width = app.text.mono_size(text, math.size)[0]
        assert width == rect.width and area.left <= rect.left and rect.left + width <= area.right, text
        assert area.top <= rect.top and rect.bottom <= math.view.bottom <= area.bottom
    boxes = [rect for _, rect in texts if rect.width]
    for k, a in enumerate(boxes):
        assert not any(a.colliderect(b) for b in boxes[k + 1 :])  # rows and comments never overlap
    # The cues: shown when and only when there is more, clear of the rows and the title.
    title = pygame.Rect(app.layout.math.x + m.pad, app.layout.math.y + m.pad,
                        *app.text.size(math.frame.title, m.heading, bold=True))
    more_below, more_above = math.top < math.last_top, math.top > 0
    assert ("below" in math.cues) == more_below and ("above" in math.cues) == more_above
    for where, cue in math.cues.items():
        assert app.layout.math.contains(cue) and not cue.colliderect(title)
        assert not any(cue.colliderect(rect) for rect in boxes), where
        assert cue_pixels(driver, cue) > 0  # drawn, in the accent colour
    if not more_below:  # no cue: the strip under the rows holds no accent pixels
        strip = pygame.Rect(area.x, math.view.bottom, area.width, area.bottom - math.view.bottom)
        assert strip.height == 0 or cue_pixels(driver, strip) == 0
    return texts


def scroll_to_the_end(driver) -> tuple[list, list]:
    """Wheel down a notch a frame until nothing is below: the rows seen on the way (in order,
    each once) and every text drawn."""
    math = driver.app.math
    seen, texts = {}, []
    for _ in range(200):
        texts += check_frame(driver)
        for k, (row, _) in enumerate(math.drawn):
            seen.setdefault(math.top + k, row)
        if math.top == math.last_top:
            break
        before = math.top
        wheel(driver, -1)
        assert math.top > before  # every notch moves on
    return [seen[k] for k in sorted(seen)], texts


@pytest.mark.parametrize("compare", [False, True], ids=["lstm", "compare"])
@pytest.mark.parametrize("size", GRID, ids=IDS)
def test_every_math_line_is_reachable_and_fits_at_every_size(make_driver, size, compare):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=size)
    if compare:
        driver.key(pygame.K_c, unicode="c")
    for _ in range(2):
        driver.key(pygame.K_RIGHT)
    math = show_math(driver)
    assert any(line.key == "rnn_h" for line in math.lines) == compare
    seen, _ = scroll_to_the_end(driver)
    assert seen == list(math.rows)  # every row, the last line's last one too
    # And back up: the cue above goes when the first row is back.
    for _ in range(200):
        if math.top == 0:
            break
        wheel(driver, 1)
    check_frame(driver)
    assert math.top == 0 and "above" not in math.cues


@pytest.mark.parametrize("size", GRID, ids=IDS)
def test_the_initial_comments_stand_in_one_column_never_over_text(make_driver, size):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=size)
    math = show_math(driver)
    assert math.fit is not None
    _, texts = scroll_to_the_end(driver)
    comments = {line.comment for line in math.lines if line.comment}
    placed = {text: rect for text, rect in texts if text in comments}
    assert set(placed) == comments  # every comment shown, none dropped
    assert len({rect.x for rect in placed.values()}) == 1  # one column
    if math.fit.column is not None:  # beside the equations, past the longest of them
        equations = [rect for row, rect in math.drawn if row.comment]
        assert min(rect.x for rect in placed.values()) >= max(rect.right for rect in equations) + math.fit.advance
    else:  # on rows of their own, at the left edge
        assert next(iter(placed.values())).x == math.view.x


def test_cell_state_comment_is_in_the_same_column_as_the_others(make_driver):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=(2560, 1080))
    math = show_math(driver)
    assert math.fit.column is not None and math.top == 0 and math.last_top == 0
    xs = {text: rect.x for text, rect in math.comments}
    assert len(xs) == 7 and len(set(xs.values())) == 1  # "cell state" too


def test_a_drag_scrolls_the_rows_with_the_pointer_and_a_finger_does_too(make_driver):
    driver, math = math_after_two_steps(make_driver, (1920, 1080))
    assert math.last_top >= 3
    x, y = math.view.centerx, math.view.bottom - 5
    row_h = math.fit.line_h
    driver.drag((x, y), (x, y - 3 * row_h))  # pulled up three rows: three rows further on
    assert math.top == 3
    driver.drag((x, y - 3 * row_h), (x, y - 4 * row_h + 2))
    assert math.top == 4
    driver.drag((x, math.view.top + 5), (x, math.view.bottom - 5))  # pulled down: back to the top
    assert math.top == 0
    assert math.drawn[0][0] == math.rows[0]
    # A finger: SDL's FINGER events (normalised), turned into the same drag by the app.
    w, h = driver.app.layout.size
    finger = {"dx": 0, "dy": 0, "finger_id": 0, "touch_id": 0}
    driver.post(pygame.event.Event(pygame.FINGERDOWN, x=x / w, y=y / h, **finger))
    driver.frame()
    for k in range(1, 5):
        driver.post(pygame.event.Event(pygame.FINGERMOTION, x=x / w, y=(y - k * row_h / 2) / h, **finger))
        driver.frame()
    driver.post(pygame.event.Event(pygame.FINGERUP, x=x / w, y=(y - 2 * row_h) / h, **finger))
    driver.frame()
    assert math.top == 2


def test_a_tap_on_a_cue_moves_a_page(make_driver):
    driver, math = math_after_two_steps(make_driver, (1024, 768))
    page = math.visible - 1
    driver.click(math.cues["below"].center)
    assert math.top == min(page, math.last_top)
    driver.click(math.cues["above"].center)
    assert math.top == 0 and "above" not in math.cues


def test_the_wheel_outside_the_panel_leaves_it_alone(make_driver):
    driver, math = math_after_two_steps(make_driver, (1920, 1080))
    hover(driver, driver.app.layout.diagram.center)
    wheel(driver, -1)
    assert math.top == 0
    hover(driver, math.view.center)
    wheel(driver, -1)
    assert math.top == 3


def key_event(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def test_keys_scroll_the_panel_pages_always_rows_under_the_pointer(make_driver):
    driver, math = math_after_two_steps(make_driver, (1920, 1080))
    page = math.visible - 1
    assert math.last_top > page  # a page down, and more
    assert math.handle(key_event(pygame.K_PAGEDOWN), 0) is not None and math.top == page
    assert math.handle(key_event(pygame.K_UP), 0) is not None and math.top == page - 1
    assert math.handle(key_event(pygame.K_END), 0) is not None and math.top == math.last_top
    assert math.handle(key_event(pygame.K_HOME), 0) is not None and math.top == 0
    hover(driver, driver.app.layout.diagram.center)  # the pointer elsewhere: ↑ ↓ are not the panel's
    assert math.handle(key_event(pygame.K_DOWN), 0) is None and math.top == 0
    assert math.handle(key_event(pygame.K_PAGEDOWN), 0) is not None and math.top == page
    assert math.handle(key_event(pygame.K_LEFT), 0) is None  # ← still steps back


def test_page_down_through_the_app_scrolls_the_math_panel(make_driver):
    driver, math = math_after_two_steps(make_driver, (1280, 800))
    driver.key(pygame.K_PAGEDOWN)
    assert math.top == min(math.visible - 1, math.last_top) > 0
    driver.key(pygame.K_PAGEUP)
    assert math.top == 0


def test_a_new_step_keeps_the_position_and_brings_the_highlighted_lines_into_view(make_driver):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=(1920, 1080))
    app = driver.app
    for _ in range(2):
        driver.key(pygame.K_RIGHT)
    math = show_math(driver)
    wheel(driver, -1)
    assert math.top == 3
    driver.key(pygame.K_RIGHT)  # a new step, the same lines: the visitor's position stays
    assert app.sim.shown_t == 3 and math.top == 3
    driver.click(app.diagram.center("y"))  # y's lines are the last: they come into view
    assert app.state.highlight == "y"
    marked = [k for k, row in enumerate(math.rows) if row.key == "y"]
    assert math.top <= marked[0] and marked[-1] < math.top + math.visible
    band = [rect for row, rect in math.drawn if row.key == "y"]
    x = app.layout.math.right - app.layout.metrics.pad - 2  # right of the text, in the band
    assert band and all(driver.pixel((x, rect.centery)) == (48, 44, 18) for rect in band)
    hover(driver, math.view.center)
    for _ in range(10):
        wheel(driver, 1)
    assert math.top == 0  # scrolled away from the highlight: it stays where the visitor put it
    driver.frame()
    assert math.top == 0
    driver.key(pygame.K_RIGHT)  # the next step shows the highlight again
    assert marked[-1] < math.top + math.visible and math.top > 0


def test_the_position_is_clamped_when_the_lines_change(make_driver):
    driver, math = math_after_two_steps(make_driver, (1920, 1080))
    for _ in range(20):
        wheel(driver, -1)
    assert math.top == math.last_top > 0
    driver.key(pygame.K_r, unicode="r")  # reset: the initial lines, a different number of rows
    assert driver.app.sim.t == 0
    check_frame(driver)  # the position clamped: the rows drawn from `top` on, the cues right


# --- the stats panel -------------------------------------------------------------------------
def check_stats(driver) -> None:
    app = driver.app
    stats, m = app.stats, app.layout.metrics
    fit = stats.fit
    assert fit is not None and fit.size >= m.small
    assert len(stats.drawn) == len(stats_rows(app.sim))
    assert fit.area.height >= 0 and app.layout.stats.contains(fit.area)
    boxes = [box for pair in stats.drawn for box in pair if box.width]
    for box in boxes:
        assert fit.area.contains(box), box
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:]:
            assert not a.colliderect(b), (a, b)
    for k, (label, shown, _) in enumerate(fit.rows):
        left, right, _ = fit.place(k)
        label_w, value_w = app.text.mono_size(label, fit.size, bold=True)[0], app.text.mono_size(shown, fit.size)[0]
        if fit.split and fit.split[k]:  # the value on the line under its label
            assert max(label_w, value_w) <= right - left and fit.value_y(k) == fit.place(k)[2] + fit.step
        else:
            assert label_w + app.text.mono_size(" ", fit.size)[0] + value_w <= right - left, (label, shown)
    title = pygame.Rect(app.layout.stats.x + m.pad, app.layout.stats.y + m.pad,
                        *app.text.size(stats.frame.title, m.heading, bold=True))
    assert not any(title.colliderect(box) for box in boxes)


@pytest.mark.parametrize("size", GRID, ids=IDS)
def test_the_stats_rows_fit_at_every_size(make_driver, size):
    driver = make_driver(Simulation(sequence=SEQUENCE), size=size)
    show_math(driver)
    check_stats(driver)  # t = 0: dashes
    for _ in range(2):
        driver.key(pygame.K_RIGHT)
    check_stats(driver)
    app = driver.app
    app.sim.set_target([0, 1, 0, 0, 0])  # a training run adds its MSE row
    driver.key(pygame.K_t, unicode="t")
    driver.frame(0.5)
    assert app.sim.session is not None and stats_rows(app.sim)[-1][0] == "MSE"
    check_stats(driver)


@pytest.mark.parametrize("size", [(1366, 768), (768, 1024), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_sequences_t_row_fits_shortened_never_cut(make_driver, size):
    sim = Simulation(sequence=[0.333333] * 100_000)
    for _ in range(12_345):
        sim.step_forward()
    driver = make_driver(sim, size=size)
    show_math(driver)
    check_stats(driver)
    shown = {label: value for label, value, _ in driver.app.stats.fit.rows}
    assert shown["t"] in [v[0][1] for v in shorter(stats_rows(sim))]
    assert re.fullmatch(r"12345( ?/ ?100000)?", shown["t"])
    assert shown["x(t)"] == "0.333333"


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (1024, 768)], ids=["wide", "16:10", "4:3"])
def test_a_drag_lays_out_every_frames_numbers_as_a_fresh_search_would_searching_once_per_shape(
    make_driver, size, monkeypatch
):
    """The fit is searched once per shape of the lines (their digits all 0) and reused while a
    drag changes only digits: every frame's rows must still be exactly what a search finds."""
    from lstm_arcade.ui.views import math_panel

    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0, 0, 0] * 6), size=size)
    for _ in range(40):
        driver.key(pygame.K_RIGHT)
    math = show_math(driver)
    searches = []
    search = math_panel.choose_fit
    monkeypatch.setattr(math_panel, "choose_fit", lambda *a: searches.append(1) or search(*a))
    slider = driver.app.controls.sliders["w_f"]
    page = driver.app.controls.page_of(slider)
    if page is not None and driver.app.controls.folded:
        driver.app.controls.show_page(page)
        driver.frame()
    track = slider.track_rect()
    driver.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(slider.x_of(slider.value), track.centery), button=1))
    driver.frame()
    shapes, texts = set(), set()
    for k in range(41):
        x = round(track.left + track.width * k / 40)
        driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, track.centery), rel=(0, 0), buttons=(1, 0, 0)))
        driver.frame()
        lines = math_lines(driver.app.sim)
        area = math.frame.content_rect(math.rect, math.metrics)
        assert math.fit == search(driver.app.text, [lines], area, math.metrics)  # rows, size, column
        shapes.add(math_panel.shape(lines))
        texts.add(tuple(line.text for line in lines))
    assert len(texts) > 30  # the numbers moved nearly every frame …
    assert len(searches) <= len(shapes) < len(texts) // 3  # … and the search ran once per shape


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)], ids=["wide", "4:3"])
def test_a_drag_redraws_only_changed_rows_and_the_panel_is_what_a_whole_drawing_gives(make_driver, size):
    """While the rows stand where they stood, a drag draws only the rows whose numbers changed:
    every frame the panel must hold exactly the pixels of drawing it whole, highlight included."""
    driver = make_driver(Simulation(sequence=[1, 0, 0, 0, 0, 0, 0] * 6), size=size)
    for _ in range(40):
        driver.key(pygame.K_RIGHT)
    app = driver.app
    driver.click(app.diagram.center("f"))  # the forget gate's lines stand out in a band
    math = show_math(driver)
    assert app.state.highlight == "f" and any(row.key == "f" for row, _ in math.drawn)
    slider = app.controls.sliders["w_f"]
    track = slider.track_rect()
    driver.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(slider.x_of(slider.value), track.centery), button=1))
    driver.frame()
    partial = 0
    for k in range(12):
        x = round(track.left + track.width * k / 11)
        driver.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, track.centery), rel=(0, 0), buttons=(1, 0, 0)))
        drawn_before = list(math._row_draws)
        driver.frame()
        kept = sum(1 for old, new in zip(drawn_before, math._row_draws, strict=False) if old is new)
        partial += kept > 0
        whole = MathPanel()
        whole.layout(math.rect, math.metrics)
        scratch = pygame.Surface(app.screen.get_size())
        whole.render(scratch, math.rect, app.sim, app.text, math.metrics, "f", on_screen=False)
        assert [row for row, _ in whole.drawn] == [row for row, _ in math.drawn]
        on_screen = pygame.image.tobytes(app.screen.subsurface(math.rect), "RGB")
        assert on_screen == pygame.image.tobytes(scratch.subsurface(math.rect), "RGB"), f"frame {k}"
    assert partial >= 8  # the equations' rows were left as they were on most frames


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 1024), (3840, 2160)], ids=["wide", "5:4", "4K"])
def test_stats_redraw_only_changed_rows_and_the_panel_is_what_a_whole_drawing_gives(make_driver, size):
    """Playing, each step changes a few of the stats' numbers: only their rows are drawn again,
    and every frame the panel holds exactly the pixels of drawing it whole."""
    from lstm_arcade.ui.views.stats import StatsPanel

    driver = make_driver(Simulation(sequence=[(k % 9) - 4 for k in range(60)], speed=20), size=size)
    app = driver.app
    show_math(driver)
    driver.key(pygame.K_SPACE)
    kept = 0
    for k in range(40):
        before = list(app.stats.drawn)
        driver.frame()
        kept += sum(1 for old, new in zip(before, app.stats.drawn, strict=False) if old is new)
        whole = StatsPanel()
        whole.layout(app.stats.rect, app.stats.metrics)
        scratch = pygame.Surface(app.screen.get_size())
        whole.render(scratch, app.stats.rect, app.sim, app.text, app.stats.metrics)
        rect = app.stats.rect
        shown = pygame.image.tobytes(app.screen.subsurface(rect), "RGB")
        assert shown == pygame.image.tobytes(scratch.subsurface(rect), "RGB"), f"frame {k}"
    assert app.sim.t > 10 and kept > 40  # rows were left standing on the frames of new steps
