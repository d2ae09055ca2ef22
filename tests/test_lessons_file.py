"""Lesson files: the shipped lessons load, each is solvable by its reference and its conditions
fail before the asked move (on a real Simulation, no pygame), the copied vocabularies match the
ones they copy, and bad files are refused with one line naming file, line and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lstm_arcade import actions
from lstm_arcade.formats.condition import SimulationContext
from lstm_arcade.formats.lessons_file import (
    BUTTONS,
    DIAGRAM_NODES,
    LESSON_ACTIONS,
    MEMORY_TEST,
    PANELS,
    RNN_NODES,
    SLIDERS,
    LessonError,
    Page,
    Setup,
    Solve,
    default_folder,
    load_lesson,
    load_lessons,
    parse_lesson,
    task_choices,
)
from lstm_arcade.formats.tasks_file import load_tasks
from lstm_arcade.model import LSTMParams, memory_test_preset, parse_sequence
from lstm_arcade.sim import Simulation

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("forget-gate", "lstm-vs-rnn", "teach", "usage")
TASKS = {task.name: task for task in load_tasks()}


# --- applying setups and references to a real Simulation (what the app's dispatcher does) -------
class Visitor:
    """Does what a page's reference says, the way the app would, on a bare Simulation."""

    def __init__(self) -> None:
        self.sim = Simulation()
        self.now = 0.0
        self.task = None  # the Task cycler's choice (a model Task), None: Custom or Memory test
        self.entries = ("Custom", *TASKS, MEMORY_TEST)
        self.entry = 0

    def setup(self, setup: Setup) -> None:
        sim = self.sim
        sim.set_params(setup.params())
        sim.set_rnn_params(setup.rnn_params())
        if setup.sequence is not None:
            sim.set_sequence(setup.sequence)
        for _ in range(setup.steps):
            sim.step_forward()

    def solve(self, solve: Solve) -> None:
        sim = self.sim
        if solve.sequence is not None:
            sim.set_sequence(parse_sequence(solve.sequence))
        if solve.task is not None:
            self.pick(self.entries.index(solve.task))
        for name, value in solve.set:
            if name.startswith("rnn_"):
                sim.set_rnn_param(name.removeprefix("rnn_"), value)
            else:
                sim.set_param(name, value)
        if solve.reset:
            sim.reset()
        if solve.action is not None:
            self.act(solve.action)
        for _ in range(solve.steps):
            sim.step_forward()

    def pick(self, entry: int) -> None:
        self.entry = entry % len(self.entries)
        name = self.entries[self.entry]
        self.task = TASKS.get(name)
        if name == MEMORY_TEST:
            self.sim.load_memory_test(memory_test_preset())
        elif self.task is not None:
            xs, targets = self.task.batch()
            self.sim.set_sequence(xs[0].tolist())
            self.sim.set_target(targets[0].tolist())

    def act(self, action: str) -> None:
        sim = self.sim
        if action == "step":
            sim.step_forward()
        elif action == "back":
            sim.step_back()
        elif action == "reset":
            sim.reset()
        elif action == "play":  # Play, and wait until it has run to the end
            sim.play(self.now)
            self.now += sim.length / sim.speed + 1.0
            sim.update(self.now)
        elif action == "compare":
            sim.set_compare(not sim.compare)
        elif action == "task":
            self.pick(self.entry + 1)
        elif action == "train":  # Train, and wait until it stops
            task = self.task
            assert sim.start_training(task.optimizer, task.learning_rate, task, self.now)
            for _ in range(100_000):
                if not sim.training:
                    break
                self.now += 1.0
                sim.train(self.now, budget_s=60.0)
            assert not sim.training
        elif action == "undo_training":
            assert sim.undo_training()
        elif action == "reset_weights":
            sim.reset_weights()
        else:
            raise AssertionError(f"the test visitor cannot do {action!r} yet")

    def holds(self, page: Page) -> bool:
        assert page.when is not None
        return page.when.evaluate(SimulationContext(self.sim))


# --- the shipped lessons -----------------------------------------------------------------------
LESSONS, PROBLEMS = load_lessons()
BY_ID = {lesson.id: lesson for lesson in LESSONS}


def test_every_shipped_lesson_loads_without_a_problem():
    assert PROBLEMS == []
    assert tuple(lesson.id for lesson in LESSONS) == SHIPPED  # sorted by id
    assert default_folder() == REPO / "assets" / "lessons"
    for lesson in LESSONS:
        assert lesson.source == f"{lesson.id}.toml"
        assert lesson.title and len(lesson.pages) >= 5
        for page in lesson.pages:
            assert len(page.text) <= 220 and "\n" not in page.text
            assert page.target is not None  # every shipped page points at something
            assert page.reading or page.solve is not None, (lesson.id, page.text)


def test_usage_has_a_page_per_step_of_the_seeds_example():
    pages = BY_ID["usage"].pages
    assert len(pages) == 10
    assert [p.text.split(" ·")[0] for p in pages] == [str(k) for k in range(1, 11)]


@pytest.mark.parametrize("lesson_id", SHIPPED)
def test_each_lesson_is_solved_by_its_references_and_its_conditions_fail_before(lesson_id):
    lesson = BY_ID[lesson_id]
    visitor = Visitor()
    visitor.setup(lesson.setup)
    conditions = 0
    for n, page in enumerate(lesson.pages, 1):
        if page.reading:
            continue
        assert page.solve is not None
        if page.when is not None:
            conditions += 1
            assert not visitor.holds(page), f"{lesson_id} page {n}: true before its solve"
        visitor.solve(page.solve)
        if page.when is not None:
            assert visitor.holds(page), f"{lesson_id} page {n}: still false after its solve"
    assert conditions >= 2


def test_the_forget_gate_lesson_is_the_discovery_the_issue_asks_for():
    lesson = BY_ID["forget-gate"]
    assert lesson.setup.sequence == (1.0, 0.0, 0.0, 0.0, 0.0)
    pages = lesson.pages
    assert any(p.action == "set" and p.param == "w_f" for p in pages)
    math_page = next(p for p in pages if p.target == "panel:math")
    assert "W_f·x = 0" in math_page.text
    last = [p for p in pages if p.when is not None][-1]
    assert last.target == "slider:b_f"
    visitor = Visitor()
    visitor.setup(lesson.setup)
    visitor.act("play")  # the seed's defaults, played to the end
    assert visitor.sim.t == 5
    assert not visitor.holds(last)  # the memory halves each step
    before = visitor.sim.column("c")[4]
    visitor.sim.set_param("w_f", 2.0)  # the move a new user tries first
    assert visitor.sim.column("c")[4] == before  # W_f·x = 0 after the pulse: nothing changes
    assert not visitor.holds(last)
    visitor.sim.set_param("u_f", 2.0)  # U_f alone is not enough either (0.22) ...
    assert not visitor.holds(last)
    visitor.sim.set_param("b_f", 1.0)  # ... the bias opens the gate
    assert visitor.holds(last)


def test_the_lstm_vs_rnn_lesson_measures_what_it_says():
    lesson = BY_ID["lstm-vs-rnn"]
    visitor = Visitor()
    visitor.setup(lesson.setup)
    visitor.solve(Solve(action="compare"))
    visitor.solve(Solve(task=MEMORY_TEST))
    sim = visitor.sim
    assert sim.compare and sim.memory_test and sim.t == sim.length == 31
    c, rnn = sim.column("c"), sim.rnn_column("h")
    assert c[30] >= 0.9 * c[0]  # the LSTM keeps the pulse ...
    assert abs(rnn[30]) < 0.01 * abs(rnn[0])  # ... the RNN loses it (the reading page's claim)
    flow = sim.gradient_flow(1)  # the gradient strip's claim: y(T) still depends on step 1
    assert flow is not None
    lstm_dc, _, rnn_dh = flow.at(1)
    assert rnn_dh is not None and lstm_dc > 100 * rnn_dh


def test_the_teach_conditions_fail_with_the_seeds_weights_at_the_end():
    train_page = next(p for p in BY_ID["teach"].pages if p.target == "button:train")
    visitor = Visitor()
    visitor.solve(Solve(task="Echo"))
    for _ in range(visitor.sim.length):
        visitor.sim.step_forward()
    assert visitor.sim.params == LSTMParams()
    assert not visitor.holds(train_page)  # y(3) ≈ 0.17 where x(3) = 1


# --- the copied vocabularies match what they copy ---------------------------------------------
def test_the_node_keys_are_the_diagrams():
    from lstm_arcade.ui.views.diagram_geometry import NODES
    from lstm_arcade.ui.views.diagram_geometry import RNN_NODES as DIAGRAM_RNN_NODES

    assert tuple(node.key for node in NODES) == DIAGRAM_NODES
    assert tuple(node.key for node in DIAGRAM_RNN_NODES) == RNN_NODES


def test_the_buttons_sliders_fields_and_task_names_are_the_control_panels():
    from lstm_arcade.ui import controls

    panel = controls.ControlPanel(tuple(TASKS))
    buttons = {w.id for w in (*panel.transport, *panel.training)}
    assert set(BUTTONS) == buttons
    sliders = {panel.speed.id, panel.lr.id, *(s.id for s in panel.sliders.values()),
               *(s.id for s in panel.rnn_sliders.values())}
    assert set(SLIDERS) == sliders
    assert (panel.sequence.id, panel.target.id) == ("sequence", "target")
    assert MEMORY_TEST == controls.MEMORY_TEST
    assert task_choices() == panel.task_names[1:]


def test_the_actions_are_names_of_the_action_vocabulary():
    names = {v for k, v in vars(actions).items() if k.isupper() and isinstance(v, str)}
    assert set(LESSON_ACTIONS) <= names
    assert set(BUTTONS) <= names  # a button's press is the action of its id


def test_the_panels_are_the_layouts():
    from lstm_arcade.ui import layout

    source = Path(layout.__file__).read_text(encoding="utf-8")
    for panel in PANELS:
        assert f'"{panel}"' in source


def test_a_page_completes_by_its_action_and_target():
    page = parse_lesson(GOOD).pages[1]
    assert page.action == "set" and page.param == "b_f"
    assert page.completed_by("set", "b_f")
    assert not page.completed_by("set", "w_f")
    assert not page.completed_by("step")


# --- bad files ---------------------------------------------------------------------------------
GOOD = """\
id = "tiny"
title = "A tiny lesson"
level = "explore"

[setup]
sequence = "1, 0, 0"
set = { b_f = 0.5, rnn_w_hidden = 0.5 }
steps = 1

[[page]]
text = "Read me."
target = "panel:diagram"

[[page]]
text = "Move b_f."
target = "slider:b_f"
action = "set"
param = "b_f"
solve = { set = { b_f = 1.0 } }

[[page]]
text = "Step to the end."
target = "node:c_tilde"
when = "t == T"
solve = { steps = 2 }
"""


def test_the_good_example_reads_as_written():
    lesson = parse_lesson(GOOD, "tiny.toml")
    assert (lesson.id, lesson.title, lesson.level) == ("tiny", "A tiny lesson", "explore")
    assert lesson.setup == Setup((1.0, 0.0, 0.0), "1, 0, 0", (("b_f", 0.5), ("rnn_w_hidden", 0.5)), 1)
    assert lesson.setup.params().b_f == 0.5 and lesson.setup.rnn_params().w_hidden == 0.5
    assert [p.reading for p in lesson.pages] == [True, False, False]
    assert lesson.pages[2].when.source == "t == T"
    assert lesson.pages[2].solve == Solve(steps=2)


def _swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text
    return text.replace(old, new, 1)


# (how to break GOOD, the line the message must name (None: no line), words it must hold)
BAD = [
    (_swap('title = "A tiny lesson"', 'titel = "A tiny lesson"'), 2, ["'titel'", "unknown key"]),
    (_swap('id = "tiny"\n', ""), None, ["'id'", "missing"]),
    (_swap('id = "tiny"', 'id = "Tiny Lesson"'), 1, ["'id'", "slug"]),
    (_swap('id = "tiny"', 'id = 7'), 1, ["'id'", "slug"]),
    (_swap('id = "tiny"', 'id = ""'), 1, ["'id'"]),
    (_swap('title = "A tiny lesson"', 'title = ""'), 2, ["'title'", "empty"]),
    (_swap('title = "A tiny lesson"', 'title = "   "'), 2, ["'title'", "empty"]),
    (_swap('title = "A tiny lesson"', 'title = "' + "x" * 61 + '"'), 2, ["'title'", "at most 60"]),
    (_swap('title = "A tiny lesson"', 'title = "A\\u200bB"'), 2, ["'title'", "\\u200b"]),
    (_swap('title = "A tiny lesson"', 'title = "A\\u0007B"'), 2, ["'title'", "\\x07"]),
    (_swap('title = "A tiny lesson"', 'title = 12'), 2, ["'title'", "must be a text"]),
    (_swap('level = "explore"', 'level = "expert"'), 3, ["'level'", "explore, full"]),
    (_swap("[setup]", "[setpu]"), 5, ["'setpu'", "unknown key"]),
    (_swap('sequence = "1, 0, 0"', 'sequence = "1, x, 0"'), 6, ["'setup.sequence'", "'x'"]),
    (_swap('sequence = "1, 0, 0"', 'sequence = [1, 0, 0]'), 6, ["'setup.sequence'", "text"]),
    (_swap("b_f = 0.5,", "b_ff = 0.5,"), 7, ["'setup.set.b_ff'", "unknown weight"]),
    (_swap("b_f = 0.5,", "b_f = 1.5,"), 7, ["'setup.set.b_f'", "outside -1 … 1"]),
    (_swap("b_f = 0.5,", "b_f = nan,"), 7, ["'setup.set.b_f'"]),
    (_swap("b_f = 0.5,", "b_f = inf,"), 7, ["'setup.set.b_f'"]),
    (_swap("b_f = 0.5,", "b_f = " + "9" * 400 + ","), 7, ["'setup.set.b_f'"]),
    (_swap("b_f = 0.5,", 'b_f = "0.5",'), 7, ["'setup.set.b_f'", "not a number"]),
    (_swap("b_f = 0.5,", "b_f = true,"), 7, ["'setup.set.b_f'", "not a number"]),
    (_swap("steps = 1", "steps = 4"), 8, ["'setup.steps'", "3 values"]),
    (_swap("steps = 1", "steps = 1.5"), 8, ["'setup.steps'", "whole"]),
    (_swap("steps = 1", "steps = -1"), 8, ["'setup.steps'"]),
    (_swap("steps = 1", "steps = " + "9" * 400), 8, ["'setup.steps'"]),
    (_swap("steps = 1", "colour = 1"), 8, ["'setup.colour'", "unknown key"]),
    (_swap('text = "Read me."', 'txet = "Read me."'), 11, ["page 1", "'txet'", "unknown key"]),
    (_swap('text = "Read me."\n', ""), 10, ["page 1", "'text'", "missing"]),
    (_swap('text = "Read me."', 'text = "' + "x" * 221 + '"'), 11, ["page 1", "at most 220"]),
    (_swap('text = "Read me."', 'text = "Read\\nme."'), 11, ["page 1", "'text'", "\\n"]),
    (_swap('text = "Read me."', 'text = "Read\\u202eme."'), 11, ["page 1", "\\u202e"]),
    (_swap('"panel:diagram"', '"panel:diagramm"'), 12, ["page 1", "'target'", "no panel"]),
    (_swap('"panel:diagram"', '"window:main"'), 12, ["page 1", "'target'", "unknown kind"]),
    (_swap('"panel:diagram"', '"panel"'), 12, ["page 1", "'target'"]),
    (_swap('"slider:b_f"', '"slider:W_f"'), 16, ["page 2", "'target'", "no slider"]),
    (_swap('"node:c_tilde"', '"node:c~"'), 23, ["page 3", "'target'", "no node"]),
    (_swap('"node:c_tilde"', '"button:undo"'), 23, ["page 3", "'target'", "no button"]),
    (_swap('action = "set"', 'action = "sett"'), 17, ["page 2", "'action'", "known: step"]),
    (_swap('action = "set"', 'action = "quit"'), 17, ["page 2", "'action'"]),
    (_swap('param = "b_f"', 'param = "b_F"'), 18, ["page 2", "'param'", "a slider"]),
    (_swap('action = "set"', 'action = "step"'), 18, ["page 2", "'param'", "only narrows"]),
    (_swap('when = "t == T"', 'when = "t == T"\naction = "step"'), 24, ["page 3", "not both"]),
    (_swap('"t == T"', '"t == W"'), 24, ["page 3", "'when'", "unknown name", "column 6"]),
    (_swap('"t == T"', '"__import__(\'os\')"'), 24, ["page 3", "'when'", "unknown function"]),
    (_swap('"t == T"', '"t"'), 24, ["page 3", "'when'", "not a condition"]),
    (_swap('"t == T"', "3"), 24, ["page 3", "'when'", "must be a text"]),
    (_swap('"t == T"', '"t ==\\u200b T"'), 24, ["page 3", "'when'", "\\u200b"]),
    (_swap("{ steps = 2 }", "{ stpes = 2 }"), 25, ["page 3", "'solve.stpes'", "unknown key"]),
    (_swap("{ steps = 2 }", "{ steps = 2.5 }"), 25, ["page 3", "'solve.steps'"]),
    (_swap("{ steps = 2 }", "{ }"), 25, ["page 3", "'solve'", "does nothing"]),
    (_swap("{ steps = 2 }", "{ task = \"Ecco\" }"), 25, ["page 3", "'solve.task'", "Memory test"]),
    (_swap("{ steps = 2 }", "{ action = \"fly\" }"), 25, ["page 3", "'solve.action'"]),
    (_swap("{ steps = 2 }", "{ reset = 1 }"), 25, ["page 3", "'solve.reset'", "true or false"]),
    (_swap("{ steps = 2 }", "{ set = { b_f = 9 } }"), 25, ["page 3", "'solve.set.b_f'"]),
    (_swap("{ set = { b_f = 1.0 } }", "{ set = { w_f = 1.0 } }"), 19, ["page 2", "does not do"]),
    (_swap("{ set = { b_f = 1.0 } }", "{ steps = 1 }"), 19, ["page 2", "does not do"]),
    (_swap('target = "panel:diagram"', 'target = "panel:diagram"\nsolve = { steps = 1 }'), 13,
     ["page 1", "'solve'", "reading page"]),
    (GOOD.split("[[page]]")[0], None, ["'page'", "missing"]),
    ("page = []\n" + GOOD.split("[[page]]")[0], 1, ["'page'", "list of [[page]]"]),
    (_swap('title = "A tiny lesson"', 'title = "A tiny lesson'), 2, ["not valid TOML"]),
    (_swap('id = "tiny"', 'id = "tiny"\nid = "again"'), 2, ["not valid TOML"]),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD, ids=[str(k) for k in range(len(BAD))])
def test_a_bad_file_is_one_line_naming_file_line_and_key(tmp_path, text, line, words):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    lessons, problems = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == ["tiny"]  # the other file still loads
    assert len(problems) == 1
    message = problems[0]
    assert "\n" not in message
    where = "bad.toml" if line is None else f"bad.toml line {line}"
    assert message.startswith(where + ":"), message
    if line is None:
        assert not re.match(r"bad\.toml line", message)
    for word in words:
        assert word in message, (word, message)


def test_duplicate_ids_keep_the_first_file_and_name_both(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(_swap('title = "A tiny lesson"', 'title = "Other"'),
                                     encoding="utf-8")
    lessons, problems = load_lessons(tmp_path)
    assert [(lesson.id, lesson.title) for lesson in lessons] == [("tiny", "A tiny lesson")]
    assert problems == ["b.toml: key 'id': 'tiny' is already the id of a.toml"]


def test_unreadable_files_and_folders_are_one_line_each(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes(b'id = "caf\xe9"\n')
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "notes.txt").write_text("not a lesson", encoding="utf-8")  # not read at all
    lessons, problems = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == ["tiny"]
    assert sorted(p.split(":")[0] for p in problems) == ["folder.toml", "latin1.toml line 1"]
    lessons, problems = load_lessons(tmp_path / "missing")
    assert lessons == [] and len(problems) == 1 and "cannot read the lessons folder" in problems[0]


def test_load_lesson_raises_the_same_line(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(_swap('"t == T"', '"t == W"'), encoding="utf-8")
    with pytest.raises(LessonError, match=r"^x\.toml line 24: page 3: key 'when': unknown name"):
        load_lesson(path)
