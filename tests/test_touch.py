"""Touch: FINGER events drive widgets and views exactly like the mouse, and SDL's mouse copies of
a touch (`touch=True`) are ignored so nothing happens twice."""

from __future__ import annotations

import pygame
import pytest

from lstm_arcade.sim import Simulation
from lstm_arcade.ui.layout import compute_layout
from lstm_arcade.ui.touch import TouchPointer, snap
from lstm_arcade.ui.widgets import Button

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


def finger(
    kind: int, pos: tuple[int, int], size: tuple[int, int], finger_id: int = 0
) -> pygame.event.Event:
    return pygame.event.Event(
        kind,
        x=pos[0] / size[0],
        y=pos[1] / size[1],
        dx=0.0,
        dy=0.0,
        finger_id=finger_id,
        touch_id=7,
        pressure=1.0,
    )


def sdl_copy(kind: int, pos: tuple[int, int], pressed: bool = True) -> pygame.event.Event:
    """The mouse event SDL synthesises alongside a touch: pygame-ce marks it touch=True."""
    if kind == pygame.MOUSEMOTION:
        return pygame.event.Event(
            kind, pos=pos, rel=(0, 0), buttons=(int(pressed), 0, 0), touch=True
        )
    return pygame.event.Event(kind, pos=pos, button=1, touch=True)


def finger_drag(d, start, end, steps: int = 6, with_sdl_copies: bool = True) -> None:
    """What a real touch screen sends: FINGER events, each with SDL's mouse copy beside it."""
    size = d.app.screen.get_size()
    d.post(finger(pygame.FINGERDOWN, start, size))
    if with_sdl_copies:
        d.post(sdl_copy(pygame.MOUSEMOTION, start, False), sdl_copy(pygame.MOUSEBUTTONDOWN, start))
    d.frame()
    for k in range(1, steps + 1):
        pos = (
            round(start[0] + (end[0] - start[0]) * k / steps),
            round(start[1] + (end[1] - start[1]) * k / steps),
        )
        d.post(finger(pygame.FINGERMOTION, pos, size))
        if with_sdl_copies:
            d.post(sdl_copy(pygame.MOUSEMOTION, pos))
        d.frame()
    d.post(finger(pygame.FINGERUP, end, size))
    if with_sdl_copies:
        d.post(sdl_copy(pygame.MOUSEBUTTONUP, end))
    d.frame()


def tap(d, pos, with_sdl_copies: bool = True) -> None:
    finger_drag(d, pos, pos, steps=0, with_sdl_copies=with_sdl_copies)


@pytest.mark.parametrize("name", ["b_f", "w_c"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_finger_drag_on_a_slider_with_a_negative_minimum_equals_a_mouse_drag(
    make_driver, name, size
):
    mouse, touch = make_driver(size=size), make_driver(size=size)
    slider = mouse.app.controls.sliders[name]
    y = slider.track_rect().centery
    drags = [
        ((slider.x_of(0.5), y), (slider.x_of(slider.minimum) - 40, y)),  # past the end: the minimum
        ((slider.x_of(slider.minimum), y), (slider.x_of(slider.minimum * 0.37), y)),
    ]
    for start, end in drags:
        mouse.drag(start, end)
        finger_drag(touch, start, end)
        assert getattr(touch.app.sim.params, name) == getattr(mouse.app.sim.params, name)
    got = getattr(touch.app.sim.params, name)
    assert got == getattr(mouse.app.sim.params, name)
    assert got < 0 and got != slider.minimum  # it really moved, and into the negative half
    assert touch.app.controls.sliders[name].value == got


def test_a_finger_tap_on_step_steps_once_despite_the_sdl_copy(make_driver):
    d = make_driver(Simulation(sequence=PULSE), size=(1920, 1080))
    step = d.app.controls.step.rect.center
    tap(d, step)
    assert d.app.sim.t == 1
    tap(d, step)
    assert d.app.sim.t == 2
    # The copies alone (a platform that sent only them) do nothing: the FINGER events are the truth.
    d.post(sdl_copy(pygame.MOUSEBUTTONDOWN, step), sdl_copy(pygame.MOUSEBUTTONUP, step))
    d.frame()
    assert d.app.sim.t == 2
    # A real mouse still works.
    d.click(step)
    assert d.app.sim.t == 3


def test_a_finger_tap_focuses_the_text_field(make_driver):
    d = make_driver(Simulation(sequence=PULSE))
    field = d.app.controls.sequence
    tap(d, field.rect.center)
    assert d.app.state.focused is field and field.focused
    d.key(pygame.K_a, pygame.KMOD_LCTRL)
    d.type("1, 1")
    d.key(pygame.K_RETURN)
    assert d.app.sim.sequence == [1.0, 1.0]
    # A tap elsewhere (on empty panel space) takes the focus away and commits nothing new.
    tap(d, (d.app.layout.stats.centerx, d.app.layout.stats.bottom - 5))
    assert d.app.state.focused is None


def test_a_lifted_finger_leaves_no_hover_behind(make_driver):
    d = make_driver(Simulation(sequence=PULSE))
    step = d.app.controls.step
    tap(d, step.rect.center)
    assert not step.hovered and not step.pressed


def test_a_second_finger_abandons_the_first_ones_press(make_driver):
    d = make_driver(Simulation(sequence=PULSE))
    size = d.app.screen.get_size()
    step = d.app.controls.step.rect.center
    d.post(finger(pygame.FINGERDOWN, step, size, finger_id=1))
    d.frame()
    d.post(finger(pygame.FINGERDOWN, d.app.layout.graph.center, size, finger_id=2))
    d.frame()
    d.post(
        finger(pygame.FINGERUP, step, size, finger_id=1),
        finger(pygame.FINGERUP, step, size, finger_id=2),
    )
    d.frame()
    assert d.app.sim.t == 0  # a pinch that started on a button presses nothing
    tap(d, step)
    assert d.app.sim.t == 1  # and the next single tap works again


def test_a_finger_tap_on_the_graph_inspects_a_step(make_driver):
    sim = Simulation(sequence=PULSE)
    for _ in range(5):
        sim.step_forward()
    d = make_driver(sim, size=(1920, 1080))
    graph = d.app.graph
    x = round(graph.window.x_of(2, graph.plot.x, graph.data_width)) + 4
    tap(d, (x, graph.plot.centery))
    assert (d.app.sim.inspected, d.app.sim.t) == (2, 5)


def test_translation_to_pixels_and_the_edges():
    pointer = TouchPointer()
    size = (1920, 1080)
    down = pygame.event.Event(pygame.FINGERDOWN, x=0.5, y=0.25, dx=0, dy=0, finger_id=0, touch_id=0)
    motion, press = pointer.translate(down, size)
    assert press.type == pygame.MOUSEBUTTONDOWN and press.pos == (960, 270) and press.button == 1
    assert motion.type == pygame.MOUSEMOTION and motion.buttons == (0, 0, 0)
    edge = pygame.event.Event(
        pygame.FINGERMOTION, x=1.02, y=-0.01, dx=0, dy=0, finger_id=0, touch_id=0
    )
    (moved,) = pointer.translate(edge, size)
    assert moved.pos == (1919, 0) and moved.buttons == (1, 0, 0)  # clamped inside the window
    other = pygame.event.Event(
        pygame.FINGERMOTION, x=0.1, y=0.1, dx=0, dy=0, finger_id=5, touch_id=0
    )
    assert pointer.translate(other, size) == []  # not the driving finger
    up = pygame.event.Event(pygame.FINGERUP, x=0.5, y=0.5, dx=0, dy=0, finger_id=0, touch_id=0)
    (release,) = pointer.translate(up, size)
    assert release.type == pygame.MOUSEBUTTONUP and release.pos == (960, 540)
    assert pointer.finger is None


def test_a_finger_just_off_a_small_widget_snaps_onto_it():
    pygame.display.init()
    small = Button("b", "B")
    small.place(pygame.Rect(100, 100, 80, 30))  # drawn 30 px high
    neighbour = Button("n", "N")
    neighbour.place(pygame.Rect(100, 130, 80, 30))
    assert snap((140, 92), [small, neighbour], 48) == (140, 100)  # 8 px above: onto it
    assert snap((140, 80), [small, neighbour], 48) == (140, 80)  # beyond the 48 px target
    assert snap((140, 131), [small, neighbour], 48) == (140, 131)  # on the neighbour: stays
    assert snap((60, 110), [small, neighbour], 48) == (60, 110)  # grown only where too small
    small.enabled = False
    assert snap((140, 92), [small, neighbour], 48) == (140, 92)


def touch_extent(widget, widgets, min_size: int, vertical: bool) -> int:
    """The longest run of finger positions, through the widget's centre, that land on it."""
    cx, cy = widget.rect.center
    span = range(-3 * min_size, 3 * min_size)
    best = run = 0
    for k in span:
        pos = (cx, cy + k) if vertical else (cx + k, cy)
        landed = snap(pos, widgets, min_size)
        owner = next((w for w in widgets if w.rect.collidepoint(landed)), None)
        run = run + 1 if owner is widget else 0
        best = max(best, run)
    return best


def control_widgets_at_1080p():
    from lstm_arcade.ui.controls import ControlPanel

    pygame.display.init()
    pygame.font.init()
    layout = compute_layout(1920, 1080)
    app_panel = ControlPanel()
    app_panel.layout(layout.controls, layout.metrics)
    return app_panel.widgets(), layout.metrics.touch


def test_every_control_is_a_full_touch_target_at_1080p():
    """Buttons, fields and every slider row: at least 48 px each way where a finger lands on it."""
    widgets, touch = control_widgets_at_1080p()
    assert touch == 48
    short = []
    for widget in widgets:
        for vertical in (True, False):
            extent = touch_extent(widget, widgets, touch, vertical)
            if extent < touch:
                short.append((widget.id, "height" if vertical else "width", extent))
    assert not short, short
