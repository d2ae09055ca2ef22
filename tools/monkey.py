"""Monkey test: seeded random input through the real frame loop, invariants checked every frame.

    python -m tools.monkey --events 2000000 --seed 7

Mouse moves, clicks, drags and wheel anywhere; touches; key presses including every shortcut;
typed text of every kind (digits, letters, separators, a pasted 100,000-value sequence, and
characters of every Unicode general category: format and direction marks, combining marks,
astral, right-to-left, controls, lone surrogates); window resizes from 320×240 to 3840×2160.
The clock is injected, so a run is reproducible from its seed: a failure prints the seed and the
event count to replay it.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from lstm_arcade.app import App, open_window
from lstm_arcade.model import PARAM_SPECS, RNN_PARAM_SPECS, run, run_rnn
from lstm_arcade.sim import Simulation
from lstm_arcade.ui.views.diagram_text import node_value
from lstm_arcade.ui.views.math_panel import math_lines
from lstm_arcade.ui.views.stats import stats_rows
from lstm_arcade.ui.views.toast import FADE_S, SHOW_S

KEYS = [
    pygame.K_SPACE, pygame.K_RIGHT, pygame.K_LEFT, pygame.K_UP, pygame.K_DOWN, pygame.K_r,
    pygame.K_h, pygame.K_F1, pygame.K_m, pygame.K_l, pygame.K_ESCAPE, pygame.K_TAB,
    pygame.K_RETURN, pygame.K_HOME, pygame.K_END, pygame.K_BACKSPACE, pygame.K_DELETE,
    pygame.K_a, pygame.K_c, pygame.K_v, pygame.K_x, pygame.K_q, pygame.K_t, pygame.K_p,  # C: compare
    pygame.K_0, pygame.K_1, pygame.K_COMMA, pygame.K_MINUS, pygame.K_PAGEUP, pygame.K_F5,
    pygame.K_e, pygame.K_F12, pygame.K_s, pygame.K_o,  # export, screenshot, Ctrl+S save, Ctrl+O open
]
MODS = [0, 0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_CTRL | pygame.KMOD_SHIFT, pygame.KMOD_ALT]
TEXTS = [
    "1", "0", ",", " ", "-", "−", ".", "1, 0, 0, 0, 0", "0.5", "-3.25", "10", "11", "1e3", "nan",
    "inf", "abc", "é", "日本", "🙂", "\u0303", ";", "1;0 1", "\t", "1,,0", "٣", "\x00", "x" * 300,
    "1\u200b0", "\u202e1, 0", "\ufeff1", "1, \u200f0", "e\u0301\u0302\u0323", "مرحبا ١", "שלום",
    "\U0001f469\u200d\U0001f4bb", "\U0010ffff", "\x1b[31m", "\u2028", "\ud800", "\u200b" * 300,
]
SIZES = [(320, 240), (640, 480), (800, 600), (1280, 720), (1366, 768), (1920, 1080), (2560, 1080), (3840, 2160)]
TOAST_S = SHOW_S + FADE_S  # how long a toast ("Saved …") covers the diagram
UI_SCALES = (1.0, 1.0, 1.25, 1.5)  # a resize also picks a UI scale: above 1, a page of panels at a time
NUMBER = re.compile(r"nan|inf", re.IGNORECASE)


def _differs(before: bytes, after: bytes, size: tuple[int, int], app) -> str:
    """Where two screens differ: the bounding box and the panels it touches (for the message)."""
    width = size[0]
    cells = [k // 3 for k in range(0, len(before), 3) if before[k : k + 3] != after[k : k + 3]]
    xs, ys = [c % width for c in cells], [c // width for c in cells]
    box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    panels = [name for name, rect in app.layout.panels().items() if rect.colliderect(box)]
    return f"in {box} ({', '.join(panels) or 'a gap'})"


class InvariantError(AssertionError):
    """An invariant broke; the message says which."""


@functools.cache
def _category_runs() -> dict[str, tuple[list[int], list[int], list[int]]]:
    """Per Unicode general category, its runs of code points: (starts, run lengths, counts of
    the code points before each run), so a uniform pick is one bisect (built once, ~0.3 s)."""
    runs: dict[str, tuple[list[int], list[int], list[int]]] = {}
    category, start = unicodedata.category("\0"), 0
    for code in range(1, sys.maxunicode + 2):
        now = unicodedata.category(chr(code)) if code <= sys.maxunicode else ""
        if now != category:
            starts, lengths, before = runs.setdefault(category, ([], [], []))
            before.append(before[-1] + lengths[-1] if lengths else 0)
            starts.append(start)
            lengths.append(code - start)
            category, start = now, code
    return runs


def unicode_text(rng: random.Random) -> str:
    """1 to 8 characters, each of a category chosen uniformly (a rare one, such as enclosing
    marks or paragraph separators, as often as letters), sometimes between digits."""
    runs = _category_runs()
    names = sorted(runs)
    chars = []
    for _ in range(rng.randint(1, 8)):
        starts, lengths, before = runs[rng.choice(names)]
        k = rng.randrange(before[-1] + lengths[-1])
        run = bisect.bisect_right(before, k) - 1
        chars.append(chr(starts[run] + k - before[run]))
    text = "".join(chars)
    return f"1, {text}0" if rng.random() < 0.3 else text


@dataclass
class Monkey:
    """Drives one App with random events; `run(events)` raises on the first broken invariant."""

    seed: int
    size: tuple[int, int] = (1280, 720)
    events_per_frame: int = 40
    rng: random.Random = field(init=False)
    app: App = field(init=False)
    events_sent: int = 0
    frames: int = 0
    now: float = 0.0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        sim = Simulation(sequence=[1, 0, 0, 0, 0])
        self.app = App(sim, open_window(self.size, False), clock=lambda: self.now)
        # Saves and exports go to a throw-away folder, never the real home.
        self.files = Path(tempfile.mkdtemp(prefix="lstm-arcade-monkey-"))
        self.app.options.scenario_dir, self.app.options.export_dir = self.files / "scenarios", self.files / "exports"
        self._trace_key: tuple | None = None
        self._trace = None
        self._rnn_key: tuple | None = None
        self._rnn_trace = None
        self._held = False

    def cleanup(self) -> None:
        """Remove the throw-away folder of saves and exports."""
        shutil.rmtree(self.files, ignore_errors=True)

    # --- events --------------------------------------------------------------------------------
    def _pos(self) -> tuple[int, int]:
        w, h = self.app.screen.get_size()
        return self.rng.randrange(-20, w + 20), self.rng.randrange(-20, h + 20)

    def random_event(self) -> list[pygame.event.Event]:
        r = self.rng.random()
        E = pygame.event.Event
        if r < 0.30:
            buttons = (1, 0, 0) if self._held else (0, 0, 0)
            return [E(pygame.MOUSEMOTION, pos=self._pos(), rel=(0, 0), buttons=buttons)]
        if r < 0.45:
            pos, button = self._pos(), self.rng.choice([1, 1, 1, 2, 3])
            self._held = button == 1 and self.rng.random() < 0.5  # sometimes keep it held: a drag
            events = [E(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)]
            if not self._held:
                events.append(E(pygame.MOUSEBUTTONUP, pos=pos, button=button))
            return events
        if r < 0.50:
            self._held = False
            return [E(pygame.MOUSEBUTTONUP, pos=self._pos(), button=1)]
        if r < 0.55:
            return [E(pygame.MOUSEWHEEL, x=0, y=self.rng.choice([-3, -1, 1, 3]), precise_x=0.0,
                      precise_y=0.0, flipped=False)]
        if r < 0.62:
            kind = self.rng.choice([pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP])
            return [E(kind, x=self.rng.uniform(-0.05, 1.05), y=self.rng.uniform(-0.05, 1.05),
                      dx=self.rng.uniform(-0.05, 0.05), dy=self.rng.uniform(-0.05, 0.05),
                      finger_id=self.rng.randrange(3), touch_id=0, pressure=1.0)]
        if r < 0.63:
            return [E(pygame.MULTIGESTURE, x=self.rng.random(), y=self.rng.random(),
                      pinched=self.rng.uniform(-0.2, 0.2), rotated=0.0, num_fingers=2, touch_id=0)]
        if r < 0.65:
            return [self._controller_event()]
        if r < 0.85:
            key, mod = self.rng.choice(KEYS), self.rng.choice(MODS)
            if key == pygame.K_q and mod & pygame.KMOD_CTRL:
                mod = 0  # a quit ends the run; quitting is tested on its own
            char = pygame.key.name(key) if len(pygame.key.name(key)) == 1 else ""
            return [E(pygame.KEYDOWN, key=key, mod=mod, unicode=char, scancode=0),
                    E(pygame.KEYUP, key=key, mod=mod, unicode=char, scancode=0)]
        if r < 0.99:
            return [E(pygame.TEXTINPUT, text=self._text())]
        if r < 0.9995:
            return [E(pygame.TEXTEDITING, text=self._text(), start=0, length=1)]
        return [E(pygame.TEXTINPUT, text=", ".join("1" if self.rng.random() < 0.3 else "0" for _ in range(100_000)))]

    def _text(self) -> str:
        """Typed text: a known troublemaker, or characters of random Unicode categories."""
        return self.rng.choice(TEXTS) if self.rng.random() < 0.6 else unicode_text(self.rng)

    def _controller_event(self) -> pygame.event.Event:
        """A gamepad's or an arcade panel's button, stick, hat, or an unplug."""
        E, rng = pygame.event.Event, self.rng
        instance = rng.randrange(3)
        kind = rng.choice([pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP,
                           pygame.CONTROLLERAXISMOTION, pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP,
                           pygame.JOYAXISMOTION, pygame.JOYHATMOTION, pygame.JOYDEVICEREMOVED,
                           pygame.CONTROLLERDEVICEREMOVED])
        if kind in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP):
            return E(kind, instance_id=instance, button=rng.randrange(21))
        if kind == pygame.CONTROLLERAXISMOTION:
            return E(kind, instance_id=instance, axis=rng.randrange(6), value=rng.randint(-32768, 32767))
        if kind in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP):
            return E(kind, instance_id=instance, button=rng.randrange(10))
        if kind == pygame.JOYAXISMOTION:
            return E(kind, instance_id=instance, axis=rng.randrange(4), value=rng.uniform(-1, 1))
        if kind == pygame.JOYHATMOTION:
            return E(kind, instance_id=instance, hat=0, value=(rng.randint(-1, 1), rng.randint(-1, 1)))
        return E(kind, instance_id=instance)

    def resize(self) -> None:
        size = self.rng.choice(SIZES)
        self.app.options.ui_scale = self.rng.choice(UI_SCALES)  # applied by the relayout the resize brings
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))

    # --- the loop ------------------------------------------------------------------------------
    def run(self, events: int) -> None:
        while self.events_sent < events:
            if self.rng.random() < 0.004:
                self.resize()
            for _ in range(self.events_per_frame):
                for event in self.random_event():
                    pygame.event.post(event)
                self.events_sent += 1
            self.now += self.rng.choice([0.0, 1 / 240, 1 / 60, 1 / 60, 1 / 30, 0.25, 2.0])
            self.app.frame()
            self.app.running = True  # Ctrl+Q is filtered, but a QUIT could come from elsewhere
            self.frames += 1
            self.check()
            if self.frames % 25 == 0:
                self.check_left_panels()

    def check_left_panels(self) -> None:
        """What the last frame left on screen (panels drawn or restored only where they changed,
        gaps not cleared) is exactly what drawing the whole screen anew shows."""
        app = self.app
        if not app.drawn_clean:  # a tooltip or toast? move the pointer off, let the toast expire
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(0, 0), rel=(0, 0), buttons=(0, 0, 0)))
            self.now += TOAST_S
            app.frame()
            app.frame()  # the first frame after an overlay draws everything; this one may reuse
        if not app.drawn_clean:
            return  # an overlay (help, a list, a toast) covers the panels: all are drawn anew
        before = pygame.image.tobytes(app.screen, "RGB")
        app.drawn_clean = False
        app.draw()
        if pygame.image.tobytes(app.screen, "RGB") != before:
            size = app.screen.get_size()
            where = _differs(before, pygame.image.tobytes(app.screen, "RGB"), size, app)
            raise InvariantError(f"the screen left by the last frame differs from a fresh drawing at {size} {where}")

    def check(self) -> None:
        sim = self.app.sim
        if not 0 <= sim.t <= sim.length:
            raise InvariantError(f"t = {sim.t} outside 0 … {sim.length}")
        for spec in PARAM_SPECS:
            v = getattr(sim.params, spec.name)
            if not (math.isfinite(v) and spec.min <= v <= spec.max):
                raise InvariantError(f"{spec.name} = {v} outside {spec.min} … {spec.max}")
        shown = [text for _, text, _ in stats_rows(sim)] + [line.text for line in math_lines(sim)]
        for text in shown:
            if NUMBER.search(text):
                raise InvariantError(f"a shown number is not finite: {text!r}")
        for key in ("x", "f", "i", "c_tilde", "o", "c", "h", "y"):
            v = node_value(key, sim)
            if v is not None and not math.isfinite(v):
                raise InvariantError(f"diagram {key} = {v}")
        for spec in RNN_PARAM_SPECS:
            v = getattr(sim.rnn_params, spec.name)
            if not (math.isfinite(v) and spec.min <= v <= spec.max):
                raise InvariantError(f"RNN {spec.name} = {v} outside {spec.min} … {spec.max}")
        self.check_trace()
        self.check_rnn_trace()

    def check_rnn_trace(self) -> None:
        """Comparing, the basic RNN's computed steps up to t equal `run_rnn()` of its parameters."""
        sim = self.app.sim
        if not sim.compare or sim.pending or sim.t == 0:
            return
        # The key holds the sequence itself, not its id: a new list could reuse a freed one's id.
        key = (sim.rnn_params, sim.sequence, sim.length)
        if self._rnn_key is None or key[0] != self._rnn_key[0] or key[1] is not self._rnn_key[1] or key[2] != self._rnn_key[2]:
            self._rnn_key, self._rnn_trace = key, run_rnn(sim.rnn_params, sim.sequence)
        trace = self._rnn_trace
        for t in {1, sim.t, max(1, sim.t - 1)}:
            for name in ("z", "h", "y"):
                got = sim.rnn_column(name)[t - 1]
                if got != getattr(trace, name)[t - 1]:
                    raise InvariantError(f"RNN step {t} {name} = {got} but run_rnn() gives "
                                         f"{getattr(trace, name)[t - 1]}")

    def check_trace(self) -> None:
        """The computed steps up to t equal `run()` of the current parameters and sequence."""
        sim = self.app.sim
        if sim.pending or sim.t == 0:
            return
        # The key holds the sequence list itself (compared by identity): an id() alone could be
        # reused by a new list once the old one is freed, and the check would go stale.
        fresh = self._trace_key is None or not (
            self._trace_key[0] == sim.params and self._trace_key[1] is sim.sequence
        )
        if fresh or len(self._trace) != sim.length:
            self._trace_key, self._trace = (sim.params, sim.sequence), run(sim.params, sim.sequence)
        trace = self._trace
        for t in {1, sim.t, max(1, sim.t - 1)}:
            s = sim.step_at(t)
            for name in ("f", "i", "c_tilde", "o", "c", "h", "y"):
                if getattr(s, name) != getattr(trace, name)[t - 1]:
                    raise InvariantError(f"step {t} {name} = {getattr(s, name)} but run() gives "
                                         f"{getattr(trace, name)[t - 1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=None, help="default: a random one, printed")
    parser.add_argument("--per-frame", type=int, default=40, help="events fed per frame")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    monkey = Monkey(seed, events_per_frame=args.per_frame)
    start = time.perf_counter()
    try:
        monkey.run(args.events)
    except Exception as exc:
        print(f"monkey FAILED with seed {seed} after {monkey.events_sent:,} events, "
              f"{monkey.frames:,} frames: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"replay: python -m tools.monkey --seed {seed} --events {monkey.events_sent} "
              f"--per-frame {args.per_frame}", file=sys.stderr)
        raise
    finally:
        monkey.cleanup()
        pygame.quit()
    print(f"monkey passed: seed {seed}, {monkey.events_sent:,} events, {monkey.frames:,} frames, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
