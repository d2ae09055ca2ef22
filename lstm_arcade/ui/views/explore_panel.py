"""The Explore level's controls (a visitor's first screen): three large gate controls, Step, Play
and Reset, the challenges to try and the lessons to follow, and the switch to the Full glass box.

Each gate control is the gate's bias slider (b_f, b_i, b_o: the weight that opens or closes the
gate whatever comes in), and says so on screen. Widgets send the same actions as the Full level's
(a slider's SET with its weight's id, a button's own id), so the dispatcher needs nothing new.

The buttons' and sliders' words are kept in English (N_) and the widgets translate them where they
draw; the panel's own (its title, the gates' lines, a challenge's goal, a slider's meaning) are
translated where it is laid out, and a new language lays it out again (`sync`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from ... import actions as act
from ...actions import TAKEN, Action
from ...i18n import N_, Message, language, tr
from ...model import SPEC_BY_NAME
from ...sim import Simulation
from .. import paint, theme
from ..frame import Frame
from ..redraw import Redraw
from ..text import Text
from ..theme import Metrics
from ..widgets import Button, Slider, Widget
from ..widgets.base import fit_words
from .goal_text import stars_text
from .panel import PanelFrame
from .tooltip import Tip, Wanted

HIDDEN = pygame.Rect(-10_000, -10_000, 0, 0)
SLIDER_RESOLUTION = 0.01
# The gate, its name on screen and what a visitor is told it does; the slider moves its bias.
# The meanings start in lower case: they are shown after the gate's name ("Forget gate: keeps …")
# and, with their first letter raised, as the line under the slider.
GATES = (
    ("b_f", N_("Forget gate"), N_("keeps the memory (high) or wipes it (low)")),
    ("b_i", N_("Input gate"), N_("lets the new input into the memory")),
    ("b_o", N_("Output gate"), N_("lets the memory show in h and y")),
)
CHALLENGES, LESSONS = N_("Challenges"), N_("Lessons")  # the sections (their English names are keys)


@dataclass(frozen=True)
class Offer:
    """A challenge or lesson the panel offers: its id, title and (challenges) today's best stars."""

    id: str
    title: str
    stars: int | None = None  # None: a lesson (no stars)


class OfferButton(Button):
    """A challenge's or lesson's button: pressing it starts it (`action`, value its id)."""

    def __init__(self, action: str, offer: Offer) -> None:
        super().__init__(f"{action} {offer.id}", offer.title)
        self.action, self.offer = action, offer

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        answer = super().handle(event, now)
        if answer is not None and answer.name == self.id:
            return Action(self.action, self.offer.id)
        return answer

    @property
    def shown_label(self) -> str:
        stars, title = self.offer.stars, tr(self.offer.title)  # the bundled file's title, translated
        return title if stars is None else f"{stars_text(stars)} {title}"

    def lines(self, text: Text, metrics: Metrics) -> list[str]:
        """The label in at most two lines at the small size, cut only after a whole word."""
        room = self.rect.width - 2 * metrics.gap
        lines = text.wrap(self.shown_label, metrics.small, room)
        if len(lines) > 2:
            lines = [lines[0], fit_words(text, " ".join(lines[1:]), metrics.small, room)]
        return [line if text.size(line, metrics.small)[0] <= room else fit_words(text, line, metrics.small, room)
                for line in lines]

    def full_text(self, text: Text, metrics: Metrics) -> str | None:
        return self.shown_label if " ".join(self.lines(text, metrics)) != self.shown_label else None

    def draw(self, surface: pygame.Surface, text: Text, metrics: Metrics) -> None:
        fill = theme.BUTTON_HOVER if self.hovered else theme.BUTTON_BG
        pygame.draw.rect(surface, fill, self.rect, border_radius=metrics.radius)
        pygame.draw.rect(surface, theme.ACCENT if self.offer.stars else theme.PANEL_EDGE, self.rect,
                         metrics.line, border_radius=metrics.radius)
        rendered = [text.render(line, metrics.small, theme.TEXT) for line in self.lines(text, metrics)]
        line_h = text.font(metrics.small).get_linesize()
        y = self.rect.centery - len(rendered) * line_h // 2
        with paint.clipped(surface, self.rect):
            for glyph in rendered:
                surface.blit(glyph, glyph.get_rect(midtop=(self.rect.centerx, y)))
                y += line_h


def _dim(color: theme.Color) -> theme.Color:
    return tuple((2 * c + t) // 3 for c, t in zip(color, theme.TEXT_DIM, strict=True))  # type: ignore[return-value]


class PanelButton(Button):
    """A button whose press changes only what the panel shows (a section's next offers, a list,
    the gates again): it calls `press` and asks nothing of the app."""

    def __init__(self, widget_id: str, label: str, press, *, short: tuple[str, ...] = ()) -> None:
        super().__init__(widget_id, label, short=short)
        self._press = press

    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        answer = super().handle(event, now)
        if answer is not None and answer.name == self.id:
            self._press()
            return TAKEN
        return answer


SUBTITLE = N_("three gates, one memory")


def _described(name: str) -> tuple[str, str]:
    """A weight's name and what it does, from the one parameter table ("W_f", "Forget gate:
    weight on the input x(t)"; English, translated where shown)."""
    spec = SPEC_BY_NAME[name]
    return spec.label, spec.meaning


def _sentence(meaning: str) -> str:
    """A meaning, translated, as a line of its own: its first letter raised."""
    shown = tr(meaning)
    return shown[:1].upper() + shown[1:]


def _inside(meaning: str) -> str:
    """A meaning, translated, inside a sentence (after the gate's name): the English one's first
    letter lowered ("forget gate: weight on …"); a translation as its translator wrote it (German
    nouns keep their capital)."""
    shown = tr(meaning)
    return shown[:1].lower() + shown[1:] if shown == meaning else shown


def _slider(name: str, label: str, meaning: str) -> Slider:
    spec = SPEC_BY_NAME[name]
    slider = Slider(name, label, spec.min, spec.max, spec.default, color=theme.current().group_colors[spec.group],
                    step=0.05, fine_step=SLIDER_RESOLUTION)
    _name_slider(slider, label, meaning)
    return slider


def _name_slider(slider: Slider, label: str, meaning: str) -> None:
    """The slider's label (the gate and the weight it moves; the slider translates it) and its
    meaning (translated now: the panel is laid out again in another language)."""
    spec_label = SPEC_BY_NAME[slider.id].label
    # TRANSLATORS: an Explore gate slider's name: the gate, then the weight it moves ("b_f").
    slider.label = Message("{gate}: {weight}", gate=Message(label), weight=spec_label) if label != spec_label else label
    # TRANSLATORS: an Explore slider's tooltip: its name, what it does, the weight it moves.
    slider.meaning = tr("{name}: {meaning} (moves {weight})", name=tr(label), meaning=_inside(meaning),
                        weight=spec_label)


class ExplorePanel:
    """Places and draws the Explore level's widgets; mirrors the simulation into them."""

    region = "explore"

    def __init__(self, challenges: Sequence[Offer] = (), lessons: Sequence[Offer] = (), full: bool = True) -> None:
        self.frame = PanelFrame(tr("Explore"), tr(SUBTITLE))
        # The controls shown: the three gates, or while a challenge runs the sliders it lets move.
        self.described: dict[str, tuple[str, str]] = {name: (label, meaning) for name, label, meaning in GATES}
        self.gates = {name: _slider(name, *about) for name, about in self.described.items()}
        self.goal_text = ""  # a running challenge's goal (English), shown above its sliders
        self.goal_title: str | None = None  # the running challenge's title (None: none runs)
        self.goal_lines: list[tuple[str, pygame.Rect]] = []
        # English, marked: the buttons translate their faces and keys where they draw.
        # TRANSLATORS: Explore's buttons: Step is a verb (one step of time); Reset starts over at t = 0.
        self.step = Button("step", N_("Step ▶"), key_hint="→", short=(N_("Step"),))
        self.play = Button("play", N_("▶ Play"), key_hint=N_("Space"), toggled_label=N_("❚❚ Pause"),
                           short=(N_("Play"),), toggled_short=(N_("Pause"),))
        self.reset = Button("reset", N_("⟲ Reset"), key_hint="R", short=(N_("Reset"),))
        # TRANSLATORS: the switch from the Explore level to the Full level (every panel and weight).
        self.full = Button(act.LEVEL, N_("Full glass box ▸"), short=(N_("Full ▸"),))
        self.challenges = [OfferButton(act.CHALLENGE, offer) for offer in challenges]
        self.lessons = [OfferButton(act.LESSON, offer) for offer in lessons]
        self.full_offered = full  # a kiosk may keep its visitors in Explore
        self.offset = {CHALLENGES: 0, LESSONS: 0}  # which page of each section's offers shows
        self.more_buttons = {
            name: PanelButton(f"more {name.lower()}", N_("More ▸"), lambda name=name: self.more(name), short=("▸",))
            for name in self.offset
        }
        self.listing: str | None = None  # a section shown as a list over the panel (a short panel)
        self._started: tuple[int | None, int | None] = (None, None)  # the challenge and lesson seen
        self.openers = {
            CHALLENGES: PanelButton("list challenges", N_("Challenges ▸"), lambda: self.show_list(CHALLENGES)),
            LESSONS: PanelButton("list lessons", N_("Lessons ▸"), lambda: self.show_list(LESSONS)),
        }
        # TRANSLATORS: back from a list of challenges or lessons to the gate sliders.
        self.back = PanelButton("list gates", N_("◂ Gates"), lambda: self.show_list(None))
        self.notes: list[tuple[str, pygame.Rect, theme.Color]] = []  # the gates' lines, as placed
        self.headings: list[tuple[str, pygame.Rect]] = []
        self._placed: tuple[pygame.Rect, Metrics] | None = None
        self.gate_metrics = Metrics(1080)  # the gate sliders' sizes (larger where there is room)
        self._measure = Text(max_entries=256)
        self.redraw = Redraw()
        self._language = language()  # the language the panel was laid out in

    def widgets(self) -> list[Widget]:
        """Every widget in reading order (the Tab order)."""
        return [self.back, *self.gates.values(), self.step, self.play, self.reset, *self.challenges,
                self.more_buttons["Challenges"], *self.lessons, self.more_buttons["Lessons"],
                *self.openers.values(), self.full]

    def visible_widgets(self) -> list[Widget]:
        return [widget for widget in self.widgets() if widget.rect.width > 0]

    def tips(self, text: Text, wanted: Wanted) -> list[Tip]:
        """The wanted widgets that show less than their whole text (the tooltip's places)."""
        if self._placed is None:
            return []
        m = self._placed[1]
        found = (widget for widget in self.visible_widgets() if wanted(widget.rect, widget))
        return [Tip(widget.rect, full, widget) for widget in found if (full := widget.full_text(text, m))]

    def set_stars(self, best: dict[str, int]) -> None:
        """The best stars per challenge (a kiosk's today; none: 0)."""
        for button in self.challenges:
            stars = best.get(button.offer.id, 0)
            if stars != button.offer.stars:
                button.offer = Offer(button.offer.id, button.offer.title, stars)

    def sync(self, sim: Simulation, lesson: object = None) -> None:
        """Show the real state before drawing; a challenge or lesson just started brings the
        gates back from a list; another language lays the panel out again."""
        if self._language != language() and self._placed is not None:
            self.layout(*self._placed)
        started = (id(sim.goal) if sim.goal is not None else None, id(lesson) if lesson is not None else None)
        if started != self._started:
            self._started = started
            if self.listing is not None and any(started):
                self.show_list(None)
        self._follow_goal(sim)
        for name, slider in self.gates.items():
            slider.value = getattr(sim.params, name)
            slider.enabled = sim.movable(name)
        self.play.toggled = sim.playing
        self.step.enabled = sim.t < sim.length
        self.play.enabled = sim.length > 0

    def _follow_goal(self, sim: Simulation) -> None:
        """A challenge shows the sliders it lets move (its goal as the subtitle); none, the gates."""
        goal = sim.goal
        names = tuple(goal.sliders) if goal is not None else tuple(name for name, _, _ in GATES)
        if names == tuple(self.gates):
            return
        gates = {name: (label, meaning) for name, label, meaning in GATES}
        self.described = {name: gates.get(name) or _described(name) for name in names}
        self.gates = {name: _slider(name, *about) for name, about in self.described.items()}
        self.goal_text = getattr(goal, "goal", "") if goal is not None else ""
        self.goal_title = getattr(goal, "title", "") if goal is not None else None
        self._title(None, None)
        if self._placed is not None:
            self.layout(*self._placed)

    def _title(self, text: Text | None, m: Metrics | None, width: int = 0) -> None:
        """The panel's title ("Challenge: …" while one runs, shortened to the challenge's own name
        where long) and subtitle, in the language now."""
        self.frame.subtitle = "" if self.goal_title is not None else tr(SUBTITLE)
        if self.goal_title is None:
            self.frame.title = tr("Explore")
            return
        # TRANSLATORS: the Explore panel's title while a challenge runs: the challenge's title.
        title = tr("Challenge: {title}", title=tr(self.goal_title))
        if text is not None and m is not None and text.size(title, m.heading, bold=True)[0] > width:
            title = tr(self.goal_title)
        self.frame.title = title

    # --- layout --------------------------------------------------------------------------------
    def layout(self, rect: pygame.Rect, m: Metrics) -> None:
        """Top to bottom: the gates (name, what it does, a tall slider), the transport row, the
        challenges and lessons (two columns where they fit), the Full switch at the bottom."""
        self._placed = (pygame.Rect(rect), m)
        self.redraw.mark(None)
        self._language = language()
        area = self.frame.content_rect(rect, m)
        self._title(self._measure, m, area.width)
        if self.listing is not None:
            self._place_list(area, m, self.listing)
            return
        # The roomiest arrangement that fits: tall sliders with a line on what each gate does,
        # then shorter sliders, then without the lines, then Full beside the transport buttons;
        # last, the challenges and lessons behind a button each (a list of its own in the panel).
        for plan in ((True, True, False), (True, False, False), (False, False, False), (False, False, True)):
            if self._place(area, m, *plan):
                return
        self._place(area, m, False, False, True, collapsed=True)

    def show_list(self, section: str | None) -> None:
        """Show a section's whole list in the panel (None: back to the gates)."""
        self.listing = section
        for offset in self.offset:
            self.offset[offset] = 0
        if self._placed is not None:
            self.layout(*self._placed)

    def _place_list(self, area: pygame.Rect, m: Metrics, section: str) -> None:
        """A section's offers over the whole panel, under a "◂ Gates" button; paged by More."""
        for widget in self.widgets():
            widget.place(HIDDEN)
        self.notes, self.headings, self.goal_lines = [], [], []
        text = self._measure
        self.back.place(pygame.Rect(area.x, area.y, area.width, m.touch))
        y = area.y + m.touch + m.gap
        line_h = text.font(m.body).get_linesize()
        self.headings.append((section, pygame.Rect(area.x, y, area.width, line_h)))
        y += line_h
        height = max(m.touch, 2 * text.font(m.small).get_linesize() + m.gap)
        buttons = dict(self.sections())[section]
        rows = max(1, (area.bottom - y) // (height + m.gap))
        columns = 2 if area.width >= 9 * m.touch else 1
        self._offers(section, buttons, pygame.Rect(area.x, y, area.width, 0), columns, rows, height, m)

    def _place(
        self, area: pygame.Rect, m: Metrics, notes: bool, tall: bool, one_row: bool, collapsed: bool = False
    ) -> bool:
        """Place everything for one arrangement; whether it fits (the offers take what is left)."""
        for widget in self.widgets():
            widget.place(HIDDEN)
        text = self._measure
        x, y, w = area.x, area.y, area.width
        self.notes, self.headings, self.goal_lines = [], [], []
        line_h = text.font(m.body).get_linesize()
        note_h = text.font(m.small).get_linesize()
        # Tall: the gate controls' text a third larger than the floor (large controls to reach for).
        self.gate_metrics = gm = Metrics(round(m.height * 4 / 3)) if tall else m
        slider_h = Slider.min_height(text.font(gm.small).get_height()) + (gm.px(12) if tall else 0)
        if self.goal_text:  # a challenge's goal, in words, above the sliders it lets move
            for line in text.wrap(tr(self.goal_text), m.small, w)[:2]:
                self.goal_lines.append((fit_words(text, line, m.small, w), pygame.Rect(x, y, w, note_h)))
                y += note_h
            y += m.gap
        # More than three sliders (a challenge's) go two to a row where the panel is wide.
        columns = 2 if len(self.gates) > 3 and w >= 9 * m.touch else 1
        column_w = (w - (columns - 1) * m.gap) // columns
        row_h = slider_h + m.px(2) + (note_h if notes else 0) + m.gap
        for k, (name, slider) in enumerate(self.gates.items()):
            label, meaning = self.described[name]
            _name_slider(slider, label, meaning)  # what it moves, in the language now
            row, column = divmod(k, columns)
            left, top = x + column * (column_w + m.gap), y + row * row_h
            slider.place(pygame.Rect(left, top, column_w, slider_h))
            if notes:
                note = fit_words(text, _sentence(meaning), m.small, column_w)
                self.notes.append((note, pygame.Rect(left, top + slider_h + m.px(2), column_w, note_h), slider.color))
        y += -(-len(self.gates) // columns) * row_h
        beside = one_row and self.full_offered
        transport: list[Button] = [self.step, self.play, self.reset, *([self.full] if beside else [])]
        y = self._row(transport, x, y, w, m) + m.gap
        own_row = self.full_offered and not one_row
        bottom = area.bottom - m.touch if own_row else area.bottom
        if own_row:
            self.full.place(pygame.Rect(x, bottom, w, m.touch))
        if y > bottom + (m.gap if not one_row else 0):
            return False
        sections = [(name, buttons) for name, buttons in self.sections() if buttons]
        if collapsed:  # a button per section, which shows its list
            return self._row([self.openers[name] for name, _ in sections], x, y, w, m) <= bottom
        columns = 2 if w >= 9 * m.touch else 1
        height = max(m.touch, 2 * text.font(m.small).get_linesize() + m.gap)  # two lines of title
        rows = (bottom - m.gap - y - len(sections) * line_h) // (height + m.gap)
        if rows < len(sections):
            return False  # not one row each: a plainer arrangement first
        # Rows to the challenges first (as many as they need), then the lessons; at least one each.
        wanted = [-(-len(buttons) // columns) for _, buttons in sections]
        given = [1] * len(sections)
        for k, need in enumerate(wanted):
            given[k] += max(0, min(need - 1, rows - sum(given)))
        for (name, buttons), count in zip(sections, given, strict=True):
            self.headings.append((name, pygame.Rect(x, y, w, line_h)))
            y = self._offers(name, buttons, pygame.Rect(x, y + line_h, w, 0), columns, count, height, m) + m.gap
        return True

    def sections(self) -> list[tuple[str, list[OfferButton]]]:
        """Each section's English name (its heading, translated where drawn) and its offers."""
        return [(CHALLENGES, self.challenges), (LESSONS, self.lessons)]

    def more(self, section: str) -> None:
        """Show the next offers of a section that has more than its rows hold (the panel's own
        presentation, like a folded control panel's page)."""
        self.offset[section] += 1
        if self._placed is not None:
            self.layout(*self._placed)

    def _row(self, buttons: list[Button], x: int, y: int, w: int, m: Metrics) -> int:
        width = (w - (len(buttons) - 1) * m.gap) // len(buttons)
        for k, button in enumerate(buttons):
            button.place(pygame.Rect(x + k * (width + m.gap), y, width, m.touch))
        return y + m.touch

    def _offers(
        self, section: str, buttons: list[OfferButton], at: pygame.Rect, columns: int, rows: int,
        height: int, m: Metrics,
    ) -> int:
        """A section's offers in `rows` rows of `columns`; where they do not all fit, the last
        slot is "More ▸", which shows the next ones. The bottom reached."""
        slots = rows * columns
        more = self.more_buttons[section]
        if len(buttons) <= slots:
            shown: list[Button] = list(buttons)
        else:
            per_page = slots - 1
            pages = -(-len(buttons) // per_page)
            start = (self.offset[section] % pages) * per_page
            # TRANSLATORS: the button to a section's next offers: page k of n of them.
            more.label = Message("More ▸  {k}/{n}", k=start // per_page + 1, n=pages)
            shown = [*buttons[start : start + per_page], more]
        width = (at.width - (columns - 1) * m.gap) // columns
        bottom = at.y
        for k, button in enumerate(shown):
            row, column = divmod(k, columns)
            top = at.y + row * (height + m.gap)
            button.place(pygame.Rect(at.x + column * (width + m.gap), top, width, height))
            bottom = top + height
        return bottom

    # --- events and drawing --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, now: float) -> Action | None:
        for widget in self.visible_widgets():
            answer = widget.handle(event, now)
            if answer is not None:
                return answer
        return None

    def _changed_widgets(self, before: object, key: tuple) -> list[Widget] | None:
        """The buttons and sliders (each drawn inside its own rectangle) whose look alone changed
        since the screen's picture was drawn (None: more changed, or a focus ring came or went)."""
        widgets = self.visible_widgets()
        if (
            not isinstance(before, tuple) or len(before) != len(key) or before[:4] != key[:4]
            or len(before[4]) != len(widgets) or any(widget.focused for widget in widgets)
        ):
            return None  # a focus ring reaches past its widget's rectangle: the whole panel
        changed: list[Widget] = []
        for widget, old, new in zip(widgets, before[4], key[4], strict=True):
            if old == new:
                continue
            if not isinstance(widget, Slider | Button) or old[0] != new[0] or old[2] != new[2]:
                return None  # moved, or its focus came or went
            changed.append(widget)
        return changed

    def appearance(self) -> tuple:
        """What the panel's pixels depend on."""
        parts = []
        for widget in self.visible_widgets():
            state = (widget.rect.topleft, widget.enabled, widget.focused, getattr(widget, "hovered", False),
                     getattr(widget, "pressed", False), getattr(widget, "toggled", False),
                     round(getattr(widget, "value", 0.0), 4), getattr(getattr(widget, "offer", None), "stars", None))
            parts.append(state)
        placed = self._placed
        return (placed[0].topleft, placed[0].size, placed[1].height, language(), tuple(parts)) if placed else ()

    def draw(self, surface: pygame.Surface, frame: Frame) -> None:
        if self._placed is None:
            return
        rect, m = self._placed
        before, key = self.redraw.key, self.appearance()
        if self.redraw.unchanged(key, frame.clean):
            return
        text = frame.text
        changed = self._changed_widgets(before, key) if frame.clean else None
        with paint.clipped(surface, rect):
            if changed is not None:  # Play's face, a slider's value: only those are drawn again
                for widget in changed:
                    paint.fill(surface, theme.PANEL, widget.rect)
                    widget.draw(surface, text, self.gate_metrics if widget in self.gates.values() else m)
                return
            self.frame.draw(surface, rect, text, m)
            for note, where, color in self.notes:  # in the gate's colour, dimmed: it belongs to the slider
                surface.blit(text.render(note, m.small, _dim(color)), where.topleft)
            for line, where in self.goal_lines:
                surface.blit(text.render(line, m.small, theme.FOCUS), where.topleft)
            for heading, where in self.headings:  # a section's English name
                surface.blit(text.render(tr(heading), m.body, theme.TEXT_DIM, bold=True), where.topleft)
            for widget in self.visible_widgets():
                widget.draw(surface, text, self.gate_metrics if widget in self.gates.values() else m)
            for widget in self.visible_widgets():
                widget.draw_focus_ring(surface, m)
