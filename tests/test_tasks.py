"""Task presets: the generators on small cases, every preset's stated claim, bad task files."""

from pathlib import Path

import numpy as np
import pytest

from lstm_arcade.formats.tasks_file import TASKS_PATH, TaskError, load_tasks, parse_tasks
from lstm_arcade.model import LSTMParams, Task, Trainer, generate, loss_and_grads_batch
from lstm_arcade.model.tasks import GENERATORS

REPO = Path(__file__).resolve().parents[1]
TASKS = load_tasks()


# ---------------------------------------------------------------------------------------------
# The file in assets/
# ---------------------------------------------------------------------------------------------


def test_tasks_file_lives_in_assets():
    assert TASKS_PATH == REPO / "assets" / "tasks.toml"
    assert TASKS_PATH.is_file()


def test_the_required_presets_are_there():
    names = [t.name for t in TASKS]
    for name in ("Echo", "Delay by one", "Remember the pulse", "Count the ones"):
        assert name in names
    assert {t.generator for t in TASKS} >= {"echo", "delay", "latch", "count"}
    for task in TASKS:
        assert isinstance(task, Task)
        assert task.explanation and "\n" not in task.explanation and len(task.explanation) <= 90
        assert task.optimizer in ("adam", "sgd")
        assert 0.001 <= task.learning_rate <= 1.0


# ---------------------------------------------------------------------------------------------
# Generators on small cases
# ---------------------------------------------------------------------------------------------


def _check_shapes(xs, targets, batch, length):
    assert xs.shape == targets.shape == (batch, length)
    assert xs.dtype == targets.dtype == np.float64


def test_echo_targets_are_the_inputs():
    xs, targets = generate("echo", 6, 9, seed=4)
    _check_shapes(xs, targets, 6, 9)
    assert set(np.unique(xs)) == {0.0, 1.0}
    np.testing.assert_array_equal(targets, xs)
    assert targets is not xs


def test_delay_targets_are_the_previous_pulse():
    xs, targets = generate("delay", 40, 8, seed=2)
    _check_shapes(xs, targets, 40, 8)
    assert set(np.unique(xs)) == {0.0, 3.0}
    for row, target in zip(xs, targets, strict=True):
        assert target[0] == 0.0
        for t in range(1, 8):
            assert target[t] == row[t - 1] / 3.0
            assert not (row[t] and row[t - 1]), "two pulses in a row"


def test_latch_targets_switch_on_at_the_pulse_and_stay_on():
    xs, targets = generate("latch", 60, 6, seed=9)
    _check_shapes(xs, targets, 60, 6)
    saw_none = False
    for row, target in zip(xs, targets, strict=True):
        pulses = np.flatnonzero(row)
        assert len(pulses) <= 1 and set(row) <= {0.0, 1.0}
        if not len(pulses):
            saw_none = True
            assert not target.any()
            continue
        at = pulses[0]
        assert list(target) == [0.0] * at + [1.0] * (6 - at)
    assert saw_none
    assert {int(np.flatnonzero(r)[0]) for r in xs if r.any()} == set(range(6))


def test_count_targets_are_a_tenth_of_the_ones_so_far():
    xs, targets = generate("count", 5, 10, seed=1)
    _check_shapes(xs, targets, 5, 10)
    assert set(np.unique(xs)) <= {0.0, 1.0}
    for row, target in zip(xs, targets, strict=True):
        seen = 0
        for x, y in zip(row, target, strict=True):
            seen += int(x)
            assert y == pytest.approx(0.1 * seen, abs=1e-15)
    assert np.abs(targets).max() < 2.0  # within what y = W_out·h can reach


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_generators_are_seeded(kind):
    """Same seed, same batch; another seed, another batch."""
    a = generate(kind, 16, 12, seed=3)
    b = generate(kind, 16, 12, seed=3)
    c = generate(kind, 16, 12, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_unknown_generator_kind():
    with pytest.raises(ValueError, match="unknown generator 'sine'"):
        generate("sine", 2, 3, seed=0)


def test_task_batch_uses_its_settings():
    task = TASKS[0]
    xs, targets = task.batch()
    assert xs.shape == (task.batch_size, task.length)
    expected = generate(task.generator, task.batch_size, task.length, task.seed)
    np.testing.assert_array_equal(xs, expected[0])
    np.testing.assert_array_equal(targets, expected[1])


# ---------------------------------------------------------------------------------------------
# Each preset's stated claim: its loss within its epochs, from the default weights
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS, ids=[t.name for t in TASKS])
def test_preset_reaches_its_stated_loss_within_its_stated_epochs(task):
    """Train with the preset's seed, optimizer and learning rate from the default weights."""
    trainer = Trainer.for_task(task)
    assert trainer.params == LSTMParams()
    assert (trainer.tolerance, trainer.max_epochs) == (task.loss, task.max_epochs)
    trainer.run_until_stopped()
    assert trainer.stop_reason == "tolerance", (task.name, trainer.epoch, trainer.loss)
    assert trainer.epoch <= task.max_epochs
    assert trainer.loss <= task.loss
    # The learned weights themselves (after the last update) are at least as good.
    xs, targets = task.batch()
    final, _ = loss_and_grads_batch(trainer.params, xs, targets)
    assert final <= task.loss
    # And it was a real task: the default weights were far from it.
    start, _ = loss_and_grads_batch(LSTMParams(), xs, targets)
    assert start > 20 * task.loss


# ---------------------------------------------------------------------------------------------
# Bad task files: one line, naming the key
# ---------------------------------------------------------------------------------------------

GOOD = """
[[task]]
name = "Echo"
explanation = "Say the input back."
generator = "echo"
length = 12
batch_size = 32
seed = 1
loss = 1e-4
max_epochs = 100
learning_rate = 0.1
optimizer = "adam"
"""


def _write(tmp_path, text):
    path = tmp_path / "tasks.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path, text):
    with pytest.raises(TaskError) as info:
        load_tasks(_write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message and message.startswith("tasks.toml")
    assert isinstance(info.value, ValueError)
    return message


def test_a_good_file_loads(tmp_path):
    (task,) = load_tasks(_write(tmp_path, GOOD))
    assert task == Task(
        name="Echo", explanation="Say the input back.", generator="echo", length=12,
        batch_size=32, seed=1, loss=1e-4, max_epochs=100, learning_rate=0.1, optimizer="adam",
    )  # fmt: skip
    assert isinstance(task.loss, float)


@pytest.mark.parametrize(
    "key",
    ["name", "explanation", "generator", "length", "batch_size", "seed", "loss", "max_epochs",
     "learning_rate", "optimizer"],
)  # fmt: skip
def test_missing_key(tmp_path, key):
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith(f"{key} ="))
    message = _error(tmp_path, text)
    assert f"missing key {key!r}" in message
    assert "task 1" in message


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('length = "12"', "length"),
        ("length = 12.0", "length"),
        ("length = 0", "length"),
        ("batch_size = true", "batch_size"),
        ("seed = -1", "seed"),
        ('loss = "small"', "loss"),
        ("loss = 0", "loss"),
        ("loss = nan", "loss"),
        ("max_epochs = 1.5", "max_epochs"),
        ("max_epochs = 0", "max_epochs"),
        ("batch_size = 0", "batch_size"),
        ("length = 1001", "length"),
        ("learning_rate = 5", "learning_rate"),
        ("learning_rate = 0.0001", "learning_rate"),
        ("optimizer = 'rmsprop'", "optimizer"),
        ("optimizer = { a = 1 }", "optimizer"),  # unhashable: `in` raised TypeError
        ("generator = [1]", "generator"),
        ("name = 3", "name"),
        ('explanation = """two\nlines"""', "explanation"),
        ('explanation = ""', "explanation"),
    ],
)
def test_wrong_type_or_value(tmp_path, line, key):
    text = "\n".join(
        line if old.startswith(f"{key} =") else old for old in GOOD.strip().splitlines()
    )
    message = _error(tmp_path, text)
    assert f"key {key!r} must be" in message
    assert "'Echo'" in message or key == "name"


def test_unknown_generator(tmp_path):
    message = _error(tmp_path, GOOD.replace('generator = "echo"', 'generator = "sine"'))
    assert "key 'generator' must be one of echo, delay, latch, count, got 'sine'" in message


def test_unknown_key(tmp_path):
    message = _error(tmp_path, GOOD + "colour = 'red'\n")
    assert "unknown key 'colour'" in message


def test_second_task_is_named_in_the_message(tmp_path):
    second = GOOD.replace('"Echo"', '"Echo 2"').replace("seed = 1", "seed = 'x'")
    message = _error(tmp_path, GOOD + second)
    assert "task 2 ('Echo 2')" in message and "key 'seed'" in message


def test_repeated_name(tmp_path):
    message = _error(tmp_path, GOOD + GOOD)
    assert "key 'name'" in message and "repeats" in message


def test_not_toml_no_tasks_and_unreadable(tmp_path):
    assert "not valid TOML" in _error(tmp_path, "[[task]\nname = ")
    assert "missing key 'task'" in _error(tmp_path, "# nothing here\n")
    assert "unknown key 'tasks'" in _error(tmp_path, "[[tasks]]\nname = 'x'\n")
    assert "key 'task' must be" in _error(tmp_path, "task = 3\n")
    with pytest.raises(TaskError, match="^missing.toml: cannot read it: no such file$") as info:
        load_tasks(tmp_path / "missing.toml")
    assert "\n" not in str(info.value)


def test_parse_tasks_names_its_source():
    with pytest.raises(TaskError, match=r"^custom\.toml: .*missing key 'seed'"):
        parse_tasks(GOOD.replace("seed = 1", ""), source="custom.toml")


BIG = "9" * 400  # too big for a float: math.isfinite raised OverflowError


@pytest.mark.parametrize("key", ["length", "batch_size", "seed", "loss", "max_epochs", "learning_rate"])
@pytest.mark.parametrize("number", [BIG, "-" + BIG])
def test_a_number_too_big_for_a_float_is_refused_in_one_line(tmp_path, key, number):
    text = "\n".join(f"{key} = {number}" if line.startswith(f"{key} =") else line for line in GOOD.splitlines())
    message = _error(tmp_path, text)
    assert f"key {key!r} must be" in message and "9999999999…" in message and len(message) < 200, message


@pytest.mark.parametrize(
    "line, needle",
    [
        ("length = " + "9" * 5000, "tasks.toml line 6: length: a number of 5,000 digits (at most 4,300)"),
        ("length = " + "[" * 100_000 + "]" * 100_000, "tasks.toml line 6: length: nested too deeply"),
        ("length = " + "{a = " * 100_000 + "1" + "}" * 100_000, "tasks.toml line 6: length: nested too deeply"),
        (".".join(["a"] * 40_000) + " = 1", "tasks.toml line 6: a key of more than 32 dotted parts"),
        ("[" + ".".join(["task"] * 100_000) + "]", "tasks.toml line 6: a key of more than 32 dotted parts"),
    ],
)
def test_hostile_structures_are_one_line_with_the_line(tmp_path, line, needle):
    text = "\n".join(line if old.startswith("length =") else old for old in GOOD.splitlines())
    assert _error(tmp_path, text).startswith(needle)


def test_the_model_imports_nothing_else_of_the_project():
    """DESIGN.md §5: the model is layer 1; the task file is read in formats/, not in model/."""
    import re

    import lstm_arcade.model

    folder = Path(lstm_arcade.model.__file__).parent
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*from \.\.|^\s*(from|import) lstm_arcade\.(?!model\b)", text, re.MULTILINE), path
        assert not re.search(r"^\s*(import|from) tomllib", text, re.MULTILINE) and "__file__" not in text, path
