"""Any string draws and never raises: a sample of every Unicode general category through every
`Text` method, then typed and pasted into the fields, named in the Open list and shown in a tour
caption, through the real frame loop."""

from __future__ import annotations

import functools
import os
import sys
import unicodedata
import warnings
from collections import defaultdict
from concurrent import futures

import pygame
import pytest
from conftest import Driver

from lstm_arcade.formats.tour import parse_tour
from lstm_arcade.model import parse_sequence
from lstm_arcade.sim import Simulation
from lstm_arcade.ui import bidi, theme
from lstm_arcade.ui.text import COMBINING_TILDE, MAX_WIDTH, Text
from lstm_arcade.ui.widgets.text_field import clean_line

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]
CATEGORIES = (
    "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
)
SPECIALS = {
    "zwsp": "\u200b", "zwnj zwj": "\u200c\u200d", "lrm rlm": "\u200e\u200f",
    "embeddings and overrides": "\u202a\u202b\u202c\u202d\u202e", "rlo alone": "\u202e",
    "isolates": "\u2066\u2067\u2068\u2069", "bom": "\ufeff", "soft hyphen": "\u00ad",
    "word joiner": "\u2060", "mongolian vowel separator": "\u180e",
    "combining alone": "\u0301", "combining stacked": "\u0301\u0302\u0304\u0308\u0323" * 20,
    "combining enclosing": "\u20dd\u20de", "tilde alone": COMBINING_TILDE,
    "tildes": "a\u0303" * 70, "emoji": "\U0001f600", "zwj emoji": "\U0001f469\u200d\U0001f4bb",
    "flag": "\U0001f1e9\U0001f1ea", "last code point": "\U0010ffff",
    "unassigned": "\U000e0080\u0378", "private use": "\ue000\U000f0000", "nul": "\x00",
    "cr": "\r", "tab": "\t", "escape": "\x1b[31m", "del and c1": "\x7f\x85\x9b",
    "lone high surrogate": "\ud800", "lone low surrogate": "\udfff", "surrogate inside": "a\ud800b",
    "split pair": "\ud83d\ude00", "line separator": "\u2028", "paragraph separator": "\u2029",
    "empty": "", "arabic": "مرحبا بالعالم ١٢٣", "hebrew": "שלום עולם",
    "mixed bidi": "abc \u202eשלום 1, 0", "noncharacters": "\ufffe\uffff\ufdd0",
}
LONG = {
    "ascii": "x" * 100_000, "zwsp": "\u200b" * 100_000, "tildes": "a\u0303" * 50_000,
    "emoji": "\U0001f600" * 100_000, "combining": "\u0301" * 100_000,
    "words": "مرحبا 1, " * 12_500, "surrogates": "\ud800" * 100_000, "nul": "\x00" * 100_000,
}


@functools.cache
def category_samples() -> dict[str, str]:
    """One string per general category: up to 48 of its characters, spread over the BMP (32)
    and the astral planes (16)."""
    found: dict[str, list[int]] = defaultdict(list)
    for code in range(sys.maxunicode + 1):
        found[unicodedata.category(chr(code))].append(code)

    def spread(codes: list[int], n: int) -> list[int]:
        return codes[:: max(1, len(codes) // n)][:n]

    samples = {}
    for category, codes in found.items():
        bmp = [c for c in codes if c < 0x10000]
        astral = [c for c in codes if c >= 0x10000]
        samples[category] = "".join(map(chr, spread(bmp, 32) + spread(astral, 16)))
    return samples


@pytest.fixture(scope="module")
def text() -> Text:
    pygame.display.init()
    pygame.font.init()
    yield Text()
    pygame.quit()


def draw_everywhere(text: Text, s: str) -> None:
    """`s` through every public method of Text, asserting sizes a layout can use."""
    target = pygame.Surface((400, 60), pygame.SRCALPHA)
    for size in (9, 20):
        line = text.font(size).get_linesize()
        advance = text.font(size, mono=True).size("0")[0]
        cells = advance * min(len(s), MAX_WIDTH // advance)  # one cell per character, cut
        for mono in (False, True):
            for bold in (False, True):
                w, h = text.render(s, size, theme.TEXT, mono=mono, bold=bold).get_size()
                assert 0 <= w <= MAX_WIDTH and 0 < h <= 2 * line, (size, mono, bold, w, h)
                assert text.size(s, size, mono=mono, bold=bold) == (w, h)
                if COMBINING_TILDE in s or not mono:
                    pass  # proportional, or the tilde drawn over the letter before it
                elif bidi.has_rtl(s):  # shaped and set in visual order: joined letters, not cells
                    assert (w, h) == text.mono_size(s, size, bold=bold)
                elif len(s) == 1:  # one glyph as drawn, its overhang included
                    assert 0 < w <= 3 * line
                else:
                    assert (w, h) == text.mono_size(s, size, bold=bold) and w == cells
        w, h = text.render_cells(s, size, theme.TEXT).get_size()
        assert (w == cells or len(s) == 1 and 0 < w <= 3 * line) and 0 < h <= 2 * line
        assert text.draw_mono(target, s, size, theme.TEXT, (5, 5)) == text.mono_size(s, size)[0]
        for mono in (False, True):
            for line_text in text.wrap(s, size, 150, mono=mono):
                assert isinstance(line_text, str) and line_text
        shown = text.fit(s, size, 150)
        assert text.size(shown, size)[0] <= 150 or shown == s[:1]
        shown = text.fit(s, size, 150, bold=True)
        assert text.render(shown, size, theme.TEXT, bold=True).get_width() <= 150 or shown == s[:1]
        # The tilde path: the drawn-on tilde after every character, and after the whole string.
        for tilded in (s + COMBINING_TILDE, "".join(c + COMBINING_TILDE for c in s[:60])):
            for mono in (False, True):
                w, h = text.render(tilded, size, theme.ERROR, mono=mono).get_size()
                assert 0 <= w <= MAX_WIDTH and 0 < h <= 2 * line
            text.draw_mono(target, tilded, size, theme.ERROR, (5, 5))


# --- every Text method ------------------------------------------------------------------------
def draw_all(text: Text, strings: dict[str, str]) -> None:
    """Each string through `draw_everywhere`; one failure names every string that failed."""
    failed = {}
    for name, s in strings.items():
        try:
            draw_everywhere(text, s)
        except Exception as exc:  # noqa: BLE001 - collected, so the report names the whole class
            failed[name] = f"{type(exc).__name__}: {str(exc)[:80]}"
    assert not failed, failed


def test_every_category_draws_through_every_method(text):
    samples = category_samples()
    assert sorted(samples) == sorted(CATEGORIES)  # the samples cover every category, astral too
    assert all(any(ord(c) > 0xFFFF for c in samples[category]) for category in ("Cf", "Mn", "Lo"))
    strings = {}
    for category, sample in category_samples().items():
        strings[category] = sample  # the whole sample on one line
        for k, char in enumerate(sample):  # alone (one zero-width character), and between digits
            strings[f"{category} {k} U+{ord(char):04X}"] = char
            strings[f"{category} {k} U+{ord(char):04X} in 1_0"] = f"1{char}0"
    draw_all(text, strings)


def test_special_strings_draw_through_every_method(text):
    in_a_sequence = {f"{name} in a sequence": f"1, {s}0, 1" for name, s in SPECIALS.items()}
    draw_all(text, {**SPECIALS, **in_a_sequence})


def test_a_100000_character_string_stays_under_the_surface_limit(text):
    draw_all(text, LONG)
    for s in LONG.values():
        before = text.bytes
        text.render(s, 20, theme.TEXT_DIM, bold=True)
        assert text.bytes - before <= MAX_WIDTH * 4 * 2 * text.font(20).get_linesize()


def test_an_invisible_character_takes_one_visible_cell(text):
    """In the monospace composition it is a box, not nothing: the visitor sees it is there,
    and the caret's columns stay aligned with the characters."""
    advance = text.font(20, mono=True).size("0")[0]
    for char in ["\u200b", "\u202e", "\ufeff", "\u200f", "\u2066", "\u00ad", "\x00", "\ud800"]:
        row = text.render_cells(f"1{char}0", 20, theme.TEXT)
        assert row.get_width() == 3 * advance, repr(char)
        cell = row.subsurface((advance, 0, advance, row.get_height()))
        assert pygame.transform.average_color(cell)[3] > 0, repr(char)  # something in its cell


# --- the real frame loop: the fields ----------------------------------------------------------
BAD_INPUTS = {
    # what is typed: what the message must show of it (escaped where it would draw nothing)
    "zwsp": ("1, 0\u200b, 1", "\\u200b"), "rlm": ("1\u200f0", "\\u200f"),
    "rlo": ("\u202e1, 0", "\\u202e"), "bom": ("1, \ufeff0", "\\ufeff"),
    "soft hyphen": ("1\u00ad", "\\xad"), "isolate": ("1, \u20660", "\\u2066"),
    "combining": ("1\u0301", "1\u0301"), "tilde": ("0\u0303", "0\u0303"),
    "emoji": ("1, 0\U0001f600", "\U0001f600"), "last": ("\U0010ffff", "\\U0010ffff"),
    "private": ("\ue000", "\\ue000"), "escape": ("1\x9b0", "\\x9b"),
    "arabic digits": ("١, ٠", "١"), "hebrew": ("שלום", "שלום"),
    "long zwsp": ("\u200b" * 5000, "\\u200b"),
}
LONE_SURROGATE = ("1\ud800, 0", "\\ud800")  # only a TEXTINPUT or an odd clipboard brings one


class FakeClipboard:
    """A clipboard that hands over what some do: anything, lone surrogates included."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get_text(self) -> str:
        return self.text

    def put_text(self, text: str) -> None:
        self.text = text


def frames(d: Driver, n: int, dt: float = 1 / 30) -> None:
    for _ in range(n):
        d.frame(dt)


def enter(d: Driver, field, typed: str, how: str) -> None:
    """Focus `field`, select all, then type (one TEXTINPUT per character) or paste `typed`."""
    d.click(field.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    if how == "type":
        d.type(typed)
    elif how == "paste":
        pygame.scrap.put_text(typed)
        d.key(pygame.K_v, pygame.KMOD_CTRL)
    else:  # an odd clipboard
        field.clipboard = FakeClipboard(typed)
        d.key(pygame.K_v, pygame.KMOD_CTRL)
    frames(d, 3)
    d.key(pygame.K_RETURN)
    frames(d, 3)


def assert_refused(d: Driver, field, shown: str, before: list[float]) -> None:
    assert d.app.running
    message = field.error
    assert message and "\n" not in message and message.isprintable(), message
    assert shown in message and len(message) < 90, message
    assert d.app.sim.sequence == before
    # The message line is drawn under the fields, in the error colour.
    area = d.app.controls.message_rect
    reds = sum(
        1
        for x in range(area.x, min(area.right, area.x + 400), 2)
        for y in range(area.y, area.bottom, 2)
        if d.pixel((x, y))[0] > 200 and d.pixel((x, y))[1] < 120
    )
    assert reds > 5


@pytest.mark.parametrize("how", ["type", "paste"])
def test_typed_or_pasted_into_the_sequence_field(make_driver, how):
    d = make_driver(Simulation(sequence=PULSE))
    field = d.app.controls.sequence
    for name, (typed, shown) in BAD_INPUTS.items():
        enter(d, field, typed, how)
        assert_refused(d, field, shown, PULSE)
        assert field.text == clean_line(typed), name  # kept, to be corrected
        d.key(pygame.K_ESCAPE)
        d.key(pygame.K_RIGHT)
        assert d.app.sim.t == 1 and d.app.sim.current.x == 1.0, name  # the old sequence runs
        d.key(pygame.K_r)


@pytest.mark.parametrize("how", ["type", "clipboard"])
def test_a_lone_surrogate_in_the_sequence_field(make_driver, how):
    d = make_driver(Simulation(sequence=PULSE))
    field = d.app.controls.sequence
    enter(d, field, LONE_SURROGATE[0], how)
    assert_refused(d, field, LONE_SURROGATE[1], PULSE)
    d.click(field.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    d.key(pygame.K_c, pygame.KMOD_CTRL)  # Ctrl+C of it: the system clipboard takes what it can
    frames(d, 2)
    assert d.app.running


def test_every_category_typed_into_the_sequence_field(make_driver):
    d = make_driver(Simulation(sequence=PULSE))
    field = d.app.controls.sequence
    for category, sample in sorted(category_samples().items()):
        typed = f"1, 0{sample[:6]}{sample[-6:]}"
        enter(d, field, typed, "type")
        try:  # white space, or controls the field drops: a good sequence after all
            good = parse_sequence(clean_line(typed))
        except ValueError:
            assert_refused(d, field, "is not a number", PULSE)
        else:
            assert d.app.running and field.error is None and d.app.sim.sequence == good, category
            d.app.sim.set_sequence(PULSE)


def test_typed_or_pasted_into_the_target_field(make_driver):
    d = make_driver(Simulation(sequence=PULSE), size=(1920, 1080))
    target = d.app.controls.target
    enter(d, target, "1, 1, 1, 1, 1", "type")
    assert d.app.sim.target == [1, 1, 1, 1, 1]
    for name, (typed, shown) in BAD_INPUTS.items():
        for how in ("type", "paste"):
            enter(d, target, typed, how)
            assert d.app.running and d.app.sim.target == [1, 1, 1, 1, 1], name  # the last good one
            assert target.error and shown in target.error and "\n" not in target.error, name
            assert target.error.isprintable() and len(target.error) < 90, name


def test_a_clipboard_that_is_not_utf8_pastes_a_replacement_character(make_driver):
    d = make_driver(Simulation(sequence=PULSE))
    field = d.app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_a, pygame.KMOD_CTRL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the bytes API is the only way in
        pygame.scrap.init()
        pygame.scrap.put(pygame.SCRAP_TEXT, b"1, \xff\xfe0")
    d.key(pygame.K_v, pygame.KMOD_CTRL)
    d.key(pygame.K_RETURN)
    assert d.app.running and field.text == "\ufffd"
    assert "'\ufffd' is not a number" in field.error and d.app.sim.sequence == PULSE


# --- the kiosk: pastes and the tour -----------------------------------------------------------
def test_kiosk_pastes_crash_nothing(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=600.0)
    field = d.app.controls.sequence
    for name in sorted(BAD_INPUTS):
        enter(d, field, BAD_INPUTS[name][0], "paste")
        assert_refused(d, field, BAD_INPUTS[name][1], PULSE)
    assert not d.app.crashes and "Traceback" not in log_text(tmp_path)


def log_text(tmp_path) -> str:
    return (tmp_path / "kiosk.log").read_text(encoding="utf-8")


def _tour_text(samples: dict[str, str]) -> str:
    """A scene per sample: its title and both captions hold the sample's characters."""
    lines = []
    for name, sample in samples.items():
        sample = sample[:120]
        text = sample.replace("{", "{{").replace("}", "}}")  # a caption's literal brace is doubled
        lines += [
            f"scene: {name} {sample[:30]}", "sequence: 1, 0", "speed: 10", "wait: 0", "hold: 0.1",
            f"at step 0: {name}: {text}", f"at step 1: {text} {name} {text}",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("size", [(1280, 720), (320, 240), (3840, 2160)])
def test_a_tour_whose_captions_hold_every_category(kiosk, tmp_path, size):
    # A file holds every category but lone surrogates and the characters that end its lines.
    ends = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
    samples = {
        c: "".join(ch for ch in s if ch not in ends and not "\ud800" <= ch <= "\udfff")
        for c, s in category_samples().items()
    }
    samples = {c: s for c, s in samples.items() if s.strip()}
    specials = {
        name.replace(" ", "-"): s
        for name, s in SPECIALS.items()
        if s.strip() and not set(s) & ends and not any("\ud800" <= ch <= "\udfff" for ch in s)
    }
    scenes = dict(list({**samples, **specials}.items())[:50])  # a tour holds at most 50
    file = tmp_path / "tour.txt"
    file.write_text(_tour_text(scenes), "utf-8")
    d = kiosk(Simulation(sequence=PULSE), size=size, idle_seconds=1.0, tour_file=file)
    assert len(d.app.tour.tour.scenes) == len(scenes) > 40, "the file was refused"
    run_the_tour(d, tmp_path)


def test_a_tour_with_lone_surrogates_in_its_captions(kiosk, tmp_path):
    d = kiosk(Simulation(sequence=PULSE), idle_seconds=1.0)
    samples = {"Cs": category_samples()["Cs"], "pair": "\ud83d\ude00 \ud800"}
    d.app.tour.tour = parse_tour(_tour_text(samples))
    run_the_tour(d, tmp_path)


def run_the_tour(d: Driver, tmp_path) -> None:
    """Idle into the tour, then frames until every scene has shown both captions, twice round."""
    frames(d, 40, dt=0.05)
    app = d.app
    assert app.touring
    scenes = len(app.tour.tour.scenes)
    seen: set[tuple[int, int]] = set()
    for _ in range(scenes * 40):
        d.frame(0.05)
        assert app.running and app.touring
        caption = app.tour.caption(app.sim)
        if caption is not None:
            seen.add((app.tour.index, caption.step))
        if len(seen) == 2 * scenes:
            break
    assert len(seen) == 2 * scenes
    assert not app.crashes and "Traceback" not in log_text(tmp_path)


# --- names from the disk ----------------------------------------------------------------------
def test_scenario_file_names_of_every_kind_show_in_the_open_list(make_driver, tmp_path):
    """A name that is not UTF-8 comes from os.listdir with lone surrogates; others hold
    direction marks, zero-width and combining characters, or reach the file system's limit."""
    d = make_driver(Simulation(sequence=PULSE))
    folder = tmp_path / "scenarios"
    folder.mkdir()
    names = [b"\xff\xfe not utf-8.toml", "\u200b.toml".encode(), "\u202eevil.toml".encode(),
             ("e" + "\u0301" * 40 + ".toml").encode(), b"a" * 250 + b".toml",
             "\U0001f600\u200d\ufeff.toml".encode()]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as handle:
            handle.write("nonsense = \n")  # a bad file: clicking it shows its name in the message
    d.app.options.scenario_dir = folder
    d.key(pygame.K_o, pygame.KMOD_LCTRL)
    frames(d, 2)
    listed = d.app.scenario_list
    assert listed.open and len(listed.entries) == len(names) and listed.rows
    for _, row in list(listed.rows):
        d.click(row.center)
        pending = getattr(listed, "pending", None)  # read in a worker: wait on it, not on time
        if pending is not None:
            futures.wait([pending[1]])
        frames(d, 2)
        assert d.app.running and listed.error.startswith("Not opened: ")
        assert "\n" not in listed.error
