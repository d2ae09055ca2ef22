"""The lesson player's helpers (the dispatcher's lesson handlers use them; they change no AppState):
a lesson's setup applied to the simulation, whether an action or the live state completes the page
shown, where the page's target is on screen, and the card and the ring for this frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pygame

from ..actions import Action
from ..formats.condition import SimulationContext
from ..formats.lessons_file import Lesson, Page, split_target
from ..model import format_sequence
from ..ui.views.highlight import Aim
from ..ui.views.lesson_card import CardContent
from ..ui.widgets import Slider, Widget
from .session import end_training_status, show_text

if TYPE_CHECKING:
    from ..sim import Simulation
    from .app import App
    from .state import AppState

# What covering a panel costs the card, per pixel: the cell's diagram (most pages ask the visitor
# to watch it) and the controls the visitor acts on matter most; the header and the tab strip must
# stay whole (they are pressed). The diagram costs more than a widget: in a portrait window, where
# the card must cover one of them, it covers controls the page does not point at.
COVER_COST = {"header": 40.0, "tabs": 40.0, "diagram": 12.0, "controls": 4.0, "explore": 4.0,
              "graph": 3.0, "math": 3.0, "chain": 2.0, "stats": 1.0}
WIDGET_COST = 6.0  # a control panel's empty room is cheap to cover, its widgets are not
# What cutting a widget or a line of text in two costs, per pixel of it: half a slider looks
# broken, half a line reads as broken; dearer than covering the diagram.
CUT_COST = 40.0


def find(lessons: Sequence[Lesson], lesson_id: str) -> Lesson | None:
    return next((lesson for lesson in lessons if lesson.id == lesson_id), None)


def current_page(state: AppState) -> Page | None:
    """The page shown, None when no lesson runs."""
    lesson = state.lesson
    if lesson is None or not 0 <= state.lesson_page < len(lesson.pages):
        return None
    return lesson.pages[state.lesson_page]


def apply_setup(app: App, lesson: Lesson) -> None:
    """The lesson's start: the seed's default weights with its `set` applied, its sequence (else
    the visitor's, from t = 0), then its steps."""
    sim, setup = app.sim, lesson.setup
    sim.stop_training()
    end_training_status(app)
    sim.set_params(setup.params())
    sim.set_rnn_params(setup.rnn_params())
    if setup.sequence is not None:
        sim.set_sequence(setup.sequence)
        show_text(app.controls.sequence, setup.sequence_text or format_sequence(sim.sequence))
    else:
        sim.reset()
    for _ in range(setup.steps):
        sim.step_forward()


def completes(state: AppState, action: Action) -> bool:
    """Whether `action`, just done, completes the task page shown (a page not done yet)."""
    page = current_page(state)
    if page is None or page.reading or state.lesson_page in state.lesson_done:
        return False
    return page.completed_by(action.name, action.target)


def condition_met(state: AppState, sim: Simulation) -> bool:
    """Whether the page shown waits on a condition that the live state now meets."""
    page = current_page(state)
    if page is None or page.when is None or state.lesson_page in state.lesson_done:
        return False
    return page.when.evaluate(SimulationContext(sim))


def content(state: AppState) -> CardContent | None:
    """What the card says now (None: no lesson runs)."""
    page, lesson = current_page(state), state.lesson
    if page is None or lesson is None:
        return None
    return CardContent(lesson.title, state.lesson_page, len(lesson.pages), page.text, page.reading,
                       state.lesson_page in state.lesson_done)


# --- the target on screen ---------------------------------------------------------------------
def region_of(target: str) -> str:
    """The Layout field that holds a target: a panel's own, the diagram's nodes', the controls'."""
    kind, name = split_target(target)
    if kind == "panel":
        return name
    return "diagram" if kind == "node" else "controls"


def explore_widget(app: App, target: str) -> Widget | None:
    """The Explore panel's gate control or button a target names (None: Explore has none)."""
    kind, name = split_target(target)
    panel = app.explore
    if kind == "slider":
        return panel.gates.get(name)
    if kind == "button":
        return {"step": panel.step, "play": panel.play, "reset": panel.reset}.get(name)
    return None


def on_explore(target: str | None, app: App) -> bool:
    """Whether the Explore level shows the target (a panel or node it has, or one of its controls)."""
    if target is None:
        return True
    kind, name = split_target(target)
    if kind == "panel":
        return name in ("diagram", "graph")
    return kind == "node" or explore_widget(app, target) is not None


def region_on_screen(app: App, target: str) -> str:
    """The Layout field the target is in at the level shown."""
    if app.layout.level == "explore" and explore_widget(app, target) is not None:
        return "explore"
    return region_of(target)


def widget_of(app: App, target: str) -> Widget | None:
    """The slider, button or field a target names, on the level shown (None: not one)."""
    if app.layout.level == "explore":
        found = explore_widget(app, target)
        if found is not None:
            return found
    kind, name = split_target(target)
    controls = app.controls
    if kind == "slider":
        found = {**controls.sliders, **{f"rnn_{k}": s for k, s in controls.rnn_sliders.items()},
                 "speed": controls.speed, "lr": controls.lr}.get(name)
    elif kind in ("button", "field"):
        found = getattr(controls, name, None)
    else:
        return None
    return found if isinstance(found, Widget) else None


def tab_of(app: App, target: str | None) -> int | None:
    """The tab to show so that the target is on screen (None: it is, or it is on none)."""
    if target is None:
        return None
    region = region_on_screen(app, target)
    if app.layout.shows(region):
        return None
    return app.layout.page_of(region)


def show_widget_page(app: App, target: str | None) -> None:
    """A folded control panel turns to the page holding the target's widget (its own
    presentation, as when Tab reaches a widget there)."""
    widget = widget_of(app, target) if target is not None else None
    page = app.controls.page_of(widget) if widget is not None else None
    if page is not None and app.controls.folded:
        app.controls.show_page(page)


def aim(app: App, target: str | None) -> Aim | None:
    """Where the target is drawn now (None: not on screen)."""
    if target is None:
        return None
    kind, name = split_target(target)
    lay = app.layout
    if not lay.shows(region_on_screen(app, target)):
        return None
    if kind == "panel":
        return Aim(pygame.Rect(getattr(lay, name)))
    if kind == "node":
        diagram = app.diagram
        node = next((n for n in diagram.nodes if n.key == name), None)
        if node is None:  # the basic RNN's, outside compare mode
            return None
        x, y = diagram.transform.point(node.center)
        r = diagram.radius(node)
        return Aim(pygame.Rect(round(x) - r, round(y) - r, 2 * r, 2 * r), round=True)
    widget = widget_of(app, target)
    if widget is None or widget.rect.width <= 0:
        return None
    return Aim(pygame.Rect(widget.rect))


def _what_the_card_weighs(
    app: App, ring: pygame.Rect | None,
) -> tuple[list[tuple[pygame.Rect, float]], list[tuple[pygame.Rect, float]]]:
    """What covering each panel and widget costs the card, and what it should hide whole or not at
    all: the header's and the tabs' rows, the widgets, a slider's text, the control panel's labels
    (each where it is not already under the target's `ring`)."""
    lay = app.layout
    costs = [(pygame.Rect(rect), COVER_COST.get(name, 3.0)) for name, rect in
             (*lay.panels().items(), ("tabs", lay.tabs)) if rect.width and rect.height]
    rows = [rect for rect in (lay.panels().get("header"), lay.tabs) if rect is not None]
    widgets, lines = [], []
    for region, panel in (("controls", app.controls), ("explore", app.explore)):
        if lay.shows(region):
            for widget in panel.visible_widgets():
                costs.append((pygame.Rect(widget.rect), WIDGET_COST))
                widgets.append(_beside(widget.rect, ring))
                if isinstance(widget, Slider):  # its name and value: a line of text of its own
                    lines.append(_ascent_off(_beside(widget.text_band(), ring)))
    if lay.shows("controls"):
        lines += [_ascent_off(_beside(box, ring)) for _, box in app.controls.text_boxes()]
    return costs, [(rect, CUT_COST) for rect in (*rows, *widgets, *lines) if rect.width > 0 and rect.height > 0]


def _beside(box: pygame.Rect, ring: pygame.Rect | None) -> pygame.Rect:
    """A box less the rows of it under the ring around a target: the ring stands off its target
    into the next row's top (or the last row's bottom), so a card's edge there shows no more of
    that box than the ring leaves."""
    if ring is None or not box.colliderect(ring):
        return pygame.Rect(box)
    top, bottom = box.top, box.bottom
    if ring.top <= top < ring.bottom:
        top = ring.bottom
    if ring.top < bottom <= ring.bottom:
        bottom = ring.top
    return pygame.Rect(box.x, top, box.width, max(0, bottom - top))


def _ascent_off(line: pygame.Rect) -> pygame.Rect:
    """A line of text's box less its blank top (a fifth of its height): a card edge there cuts no glyph."""
    blank = line.height // 5
    return pygame.Rect(line.x, line.y + blank, line.width, line.height - blank)


def present(app: App) -> None:
    """Before the overlays draw: the card's page and place, the ring around the target."""
    card, ring = app.lesson_card, app.highlight
    shown = content(app.state)
    if shown is None:
        card.show(None, app.text)
        ring.point(None)
        return
    page = current_page(app.state)
    target = aim(app, page.target if page is not None else None)
    ring.point(target)
    lay, screen = app.layout, app.screen.get_rect()
    avoid = ring.bounds(target) if target is not None else None
    costs, cuts = _what_the_card_weighs(app, avoid)
    # The target's surroundings matter too: what the visitor does there shows nearby.
    near = avoid.inflate(lay.metrics.px(96), lay.metrics.px(96)) if avoid is not None else None
    room = screen.height - 2 * lay.metrics.gap
    _, _, width, height = card.measure(shown, app.text)
    _, _, _, short = card.measure(shown, app.text, compact=True)
    # Most pages ask the visitor to watch the cell: a compact card where the whole one would hide
    # the diagram (a portrait window's controls have room for it below the target).
    place, compact = card.place((width, min(height, room)), (width, min(short, room)), screen, costs, avoid,
                                near, lay.metrics.gap, cuts, lay.diagram if lay.shows("diagram") else None)
    card.show(shown, app.text, place, compact)
